"""The deployment files, checked by real validators: compose.yaml against the Compose
specification's JSON schema (the copy packaged with check-jsonschema), the Dockerfile's paths
and commands against the repository and the CLI. (These machines can't pull base images, so
the image itself is not built here.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
CHECK = str(Path(sys.executable).with_name("check-jsonschema"))


def _validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK, "--builtin-schema", "vendor.compose-spec", str(path)],
                          capture_output=True, text=True, timeout=60)


def test_compose_file_follows_the_compose_specification(tmp_path):
    assert _validate(ROOT / "compose.yaml").returncode == 0
    broken = (ROOT / "compose.yaml").read_text().replace("condition: service_healthy", "condition: when_ready", 1)
    (tmp_path / "compose.yaml").write_text(broken)
    assert _validate(tmp_path / "compose.yaml").returncode != 0, "the validator rejects what the spec forbids"


def _commands_in_compose() -> list[list[str]]:
    text = (ROOT / "compose.yaml").read_text()
    return [json.loads(m) for m in re.findall(r"command: (\[.*\])", text)]


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_every_path_the_dockerfile_copies_exists():
    copies = re.findall(r"^COPY (.+) \S+$", _dockerfile(), re.M)
    sources = [src for line in copies for src in line.split()]
    assert sources and all((ROOT / src).exists() for src in sources), sources


@pytest.mark.parametrize("command", [
    json.loads(re.search(r"^CMD (\[.*\])$", _dockerfile(), re.M).group(1)),
    *_commands_in_compose()], ids=lambda c: " ".join(c[:2]))
def test_commands_are_real_dealcoach_entry_points(command):
    assert command[0] == "dealcoach"
    args = [re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", a) for a in command[1:]]  # compose's ${VAR:-default}
    parsed = build_parser().parse_args(args)
    assert parsed.run.__name__ in ("_serve", "_migrate")


def test_the_healthcheck_asks_what_serve_answers():
    assert "/healthz" in _dockerfile() and 'Route("/healthz"' in (ROOT / "bot" / "serve.py").read_text()
