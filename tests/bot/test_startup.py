"""A start loads only what its path uses: the chart library, the LLM stack and the chat SDKs
cost every start time (measured by bench/startup.py), so the console never pays for them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.bot.test_console import DEALCOACH, _env

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "langchain", "langchain_core", "slack_bolt", "slack_sdk", "telegram", "psycopg")


def _loaded_by(code: str, env: dict[str, str], stdin: str = "") -> set[str]:
    """The heavy top-level packages in sys.modules after running ``code`` in a fresh interpreter."""
    probe = code + f"\nimport sys, json; print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))"
    out = subprocess.run([sys.executable, "-c", probe], input=stdin, capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_command_line_loads_no_heavy_library(tmp_path):
    assert _loaded_by("import bot.cli; bot.cli.build_parser()", _env(f"sqlite:///{tmp_path}/c.db")) == set()


def test_a_bare_chat_start_loads_no_chart_llm_or_chat_sdk(tmp_path):
    env = _env(f"sqlite:///{tmp_path}/c.db")
    code = ("import sys, io\nfrom bot import cli\n"
            "sys.stdout = io.StringIO()\n"
            "cli.main(['chat', '--jsonl', '--user', 'ann'])\n"
            "sys.stdout = sys.__stdout__")
    assert _loaded_by(code, env, stdin='{"text": "hi"}\n{"text": "new deal Acme"}\n') == set()


def test_extract_loads_only_the_reader(tmp_path):
    code = ("import sys, io\nfrom bot import cli\nsys.stdout = io.StringIO()\n"
            "cli.main(['extract', 'budget is 80k, CFO signs'])\nsys.stdout = sys.__stdout__")
    probe = code + "\nimport sys; print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'sqlmodel', 'storage.db', 'storage.models', 'storage.repo', 'dialogs.coach'))))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=_env(f"sqlite:///{tmp_path}/c.db"), cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", "extract loaded the database layer or the coach"


def test_env_example_copied_as_is_gives_a_working_chat(tmp_path):
    """The first line of .env.example says to copy it to .env: that alone must not break a start,
    and its empty values mean the defaults (the data folder, the built-in playbook)."""
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_", "DATABASE_URL", "DEALCOACH_"))}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME="")
    out = subprocess.run([DEALCOACH, "chat", "--jsonl", "--user", "ann"], cwd=tmp_path, env=env,
                         input='{"text": "new deal Acme"}\n', capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    (reply,) = json.loads(out.stdout)["replies"]
    assert "Acme" in reply["text"]
    assert (tmp_path / "home" / ".local" / "share" / "dealcoach" / "dealcoach.db").is_file()
    assert not (tmp_path / "dealcoach.db").exists(), "an empty DEALCOACH_DATA_DIR put the database here"


def test_a_missing_extra_is_named_with_its_install_command(tmp_path):
    """A console-only install (no [slack] extra) asked to run Slack says what to install."""
    env = {**_env(f"sqlite:///{tmp_path}/c.db"), "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    code = ("import sys\nsys.modules['slack_bolt'] = None  # as if not installed\n"
            "from bot import cli\nsys.exit(cli.main(['slack', '--http', '--port', '0']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60)
    assert out.returncode == 2
    assert "pip install 'dealcoach[slack]'" in out.stderr
    assert "Traceback" not in out.stderr


def test_every_channel_offers_the_same_command_menu():
    """Telegram's command list and Slack's /coach hint come from the coach's one command table."""
    from bot.menu import menu, usage_hint
    from dialogs.understanding.commands import MENU, is_slash_word
    from prompts import Renderer

    for lang in ("en", "zh-Hant", "zh-Hans"):
        assert [c for c, _ in menu(Renderer(), lang)] == list(MENU)
    manifest = json.loads((ROOT / "bot" / "slack" / "manifest.json").read_text(encoding="utf-8"))
    (coach,) = manifest["features"]["slash_commands"]
    assert coach["usage_hint"] == usage_hint()
    assert all(is_slash_word(w) for w in usage_hint().split(" | "))
