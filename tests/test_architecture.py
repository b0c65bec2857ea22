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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _dialogs_graph() -> dict[str, set[str]]:
    """Every dialogs module's imports of other dialogs modules, wherever they are written (a
    function-local import counts: hiding a cycle in a function does not remove it)."""
    modules = {_module_name(f): f for f in (ROOT / "dialogs").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            deps |= {t for t in targets if t in modules and t != name}
        graph[name] = deps
    return graph


def test_dialogs_has_no_import_cycle():
    graph = _dialogs_graph()
    seen: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(graph[node]):
            if seen.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [node, dep])
            elif dep not in seen:
                visit(dep, path + [dep])
        seen[node] = 2

    for start in sorted(graph):
        if start not in seen:
            visit(start, [start])
    assert cycles == [], "import cycles in dialogs/: " + "; ".join(" -> ".join(c) for c in cycles)


# A message travels understanding -> routing -> flows and features -> domain rules; nothing
# reaches back up that path.
LAYERS = {
    "dialogs.domain": {"dialogs.understanding", "dialogs.routing", "dialogs.flows", "dialogs.features",
                       "dialogs.coach", "dialogs.turn"},
    "dialogs.understanding": {"dialogs.routing", "dialogs.flows", "dialogs.features", "dialogs.coach"},
    "dialogs.flows": {"dialogs.routing.intents", "dialogs.coach"},
    "dialogs.features": {"dialogs.routing.intents", "dialogs.coach"},
}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_nothing_reaches_back_up_the_path_a_message_travels(layer):
    graph = _dialogs_graph()
    bad = {m: sorted(d for d in deps if any(d == f or d.startswith(f + ".") for f in LAYERS[layer]))
           for m, deps in graph.items() if m == layer or m.startswith(layer + ".")}
    assert {m: d for m, d in bad.items() if d} == {}
