"""`dealcoach extract` and `dealcoach playbook` as real subprocesses."""

from __future__ import annotations

import json
import subprocess

from tests.bot.test_console import DEALCOACH, _env

NOTE = "Met Tom, Head of Ops. They want shipping errors down 30%, about $80k budget, live by June"


def _run(*args, stdin=None, env=None):
    return subprocess.run([DEALCOACH, *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env or _env("sqlite://"), timeout=120)


def test_extract_one_note_matches_the_contract():
    out = _run("extract", "--today", "2026-11-22", NOTE)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data == {
        "language": "en",
        "dimensions": ["goals", "timeline", "budget"],
        "facts": {
            "amounts": [{"value": 80000, "currency": "USD", "text": "$80k"}],
            "dates": [{"date": "2027-06-30", "text": "by June"}],
            "percentages": [{"value": 30, "text": "30%"}],
            "people": [{"name": "Tom", "title": "Head of Ops", "role": None}],
        },
        "segments": [
            {"dimension": "goals", "text": "They want shipping errors down 30%", "start": 22, "end": 56},
            {"dimension": "timeline", "text": "live by June", "start": 77, "end": 89},
            {"dimension": "budget", "text": "about $80k budget", "start": 58, "end": 75},
        ],
        "activities": [{"type": "meeting", "text": "Met Tom, Head of Ops"}],
        "next_step": None,
        "kind": "note",
    }
    for seg in data["segments"]:
        assert NOTE[seg["start"]:seg["end"]] == seg["text"], "a segment is a verbatim substring"


def test_extract_reads_stdin_one_note_per_line_anchored_to_today():
    notes = "下季度預算 NT$150萬,財務長陳美玲拍板\n下季度预算 200 万元人民币\nthanks, talk soon\n"
    out = _run("extract", "--today", "2027-05-10", stdin=notes)
    lines = [json.loads(l) for l in out.stdout.splitlines()]
    assert [l["language"] for l in lines] == ["zh-Hant", "zh-Hans", "en"]
    assert lines[0]["facts"]["dates"] == [{"date": "2027-09-30", "text": "下季"}]
    assert lines[0]["facts"]["people"] == [{"name": "陳美玲", "title": "財務長", "role": "key_decision_leader"}]
    assert lines[1]["facts"]["amounts"] == [{"value": 2000000, "currency": "CNY", "text": "200 万元"}]
    assert lines[2]["dimensions"] == []
    assert [l["kind"] for l in lines] == ["note", "note", "chitchat"]


def test_extract_says_what_a_text_would_be_taken_for():
    texts = "what should I ask next?\nprep me for my call with acme\n好的\n這案子靠譜嗎？\n/pipeline\n"
    out = _run("extract", stdin=texts)
    assert [json.loads(l)["kind"] for l in out.stdout.splitlines()] == [
        "question", "command", "chitchat", "question", "command"]


def test_extract_rejects_a_bad_date():
    out = _run("extract", "--today", "22/11/2026", "hello")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr


def test_playbook_check_and_a_broken_playbook_at_start(tmp_path, db_url):
    good = tmp_path / "good.toml"
    good.write_text(_run("playbook", "show").stdout, encoding="utf-8")
    assert _run("playbook", "check", str(good)).returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(good.read_text(encoding="utf-8").replace('"budget:sized"', '"budjet"'), encoding="utf-8")
    out = _run("playbook", "check", str(bad))
    assert out.returncode == 2 and f"{bad}:" in out.stderr and "budjet" in out.stderr
    env = {**_env(db_url), "DEALCOACH_PLAYBOOK": str(bad)}
    out = _run("chat", "--jsonl", stdin='{"text": "hi"}\n', env=env)
    assert out.returncode == 2 and "the playbook has problems" in out.stderr


def test_a_custom_playbook_drives_the_chat(tmp_path, db_url):
    custom = tmp_path / "pb.toml"
    custom.write_text('[[stages]]\nid = "open"\nname = "Open"\nwin_rate = 20\nexit = ["budget"]\n'
                      '[[stages]]\nid = "next"\nwin_rate = 60\nexit = []\n', encoding="utf-8")
    env = {**_env(db_url), "DEALCOACH_PLAYBOOK": str(custom)}
    out = _run("chat", "--jsonl", "--user", "pat", env=env,
               stdin='{"text": "new deal Acme"}\n{"text": "/stage"}\n')
    replies = [json.loads(l)["replies"] for l in out.stdout.splitlines()]
    assert "Open (20% win rate)" in replies[1][0]["text"]
    assert replies[1][0]["meta"]["missing"] == ["budget"]
