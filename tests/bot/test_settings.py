"""Settings from the environment: a bad value stops the program with a message an admin can act on."""

from __future__ import annotations

import subprocess

from tests.bot.test_console import DEALCOACH, _env


def test_bad_settings_are_named_without_echoing_their_values(db_url):
    env = {**_env(db_url), "LOG_LEVEL": "loud", "LLM_TIMEOUT_S": "xoxb-pasted-here"}
    out = subprocess.run([DEALCOACH, "chat", "--jsonl"], input="", capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert "LOG_LEVEL" in out.stderr and "DEBUG, INFO, WARNING" in out.stderr
    assert "LLM_TIMEOUT_S" in out.stderr and "number" in out.stderr
    assert "Traceback" not in out.stderr
    assert "xoxb-pasted-here" not in out.stderr, "a token in the wrong variable is not printed"


def test_log_level_is_case_insensitive(db_url):
    out = subprocess.run([DEALCOACH, "chat", "--jsonl"], input='{"text": "help"}\n', capture_output=True,
                         text=True, env={**_env(db_url), "LOG_LEVEL": "info"}, timeout=60)
    assert out.returncode == 0 and '"replies"' in out.stdout
    assert " INFO " in out.stderr
