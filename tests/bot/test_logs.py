"""LOG_FORMAT=json: one JSON object per line, each line of a turn with its channel, a hash of
its conversation key and its event id, and never the rep's text (a real `dealcoach` process)."""

from __future__ import annotations

import json
import subprocess

from tests.bot.test_console import DEALCOACH, _env

NOTE = "Met Dana Ruiz, CFO; budget 80k from the ops fund"


def test_json_logs_carry_the_turn_and_no_text(db_url):
    lines = [{"text": "new deal Zephyr", "event_id": "e1"}, {"text": "new deal Zephyr", "event_id": "e1"},
             {"text": NOTE, "event_id": "e2"}]
    run = subprocess.run([DEALCOACH, "chat", "--jsonl", "--user", "ann"], input="".join(json.dumps(l) + "\n" for l in lines),
                         env={**_env(db_url), "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"}, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stderr.splitlines() if line.strip()]
    duplicate = next(r for r in records if r["message"].startswith("duplicate event ignored"))
    assert duplicate["channel"] == "console" and duplicate["event"] == "e1"
    assert len(duplicate["conversation"]) == 12 and "ann" not in duplicate["conversation"]
    for word in ("Zephyr", "Dana", "ops fund", "80k"):
        assert word not in run.stderr
