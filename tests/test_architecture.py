"""Dependencies run one way: bot -> dialogs -> storage/prompts. The core imports no chat SDK."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAT_SDKS = {"slack_bolt", "slack_sdk", "telegram"}
FORBIDDEN = {
    "dialogs": CHAT_SDKS | {"bot"},
    "storage": CHAT_SDKS | {"bot", "dialogs"},
    "prompts": CHAT_SDKS | {"bot", "dialogs", "storage"},
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_upwards_or_chat_sdks(package):
    files = list((ROOT / package).rglob("*.py"))
    assert files
    bad = {str(f.relative_to(ROOT)): sorted(_imports(f) & FORBIDDEN[package]) for f in files}
    assert {f: m for f, m in bad.items() if m} == {}
