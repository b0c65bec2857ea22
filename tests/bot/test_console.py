"""`dealcoach chat` and `dealcoach export` as real subprocesses on a real database."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path


from dialogs.domain.dimensions import DIMENSIONS

DEALCOACH = str(Path(sys.executable).with_name("dealcoach"))


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_"))}
    env["DATABASE_URL"] = db_url
    return env


def run_jsonl(db_url: str, lines: list, *args: str) -> list[dict]:
    """Feed lines (dicts are JSON-encoded, strings sent raw) and return one reply set per line."""
    raw = "".join((json.dumps(l, ensure_ascii=False) if isinstance(l, dict) else l) + "\n"
                  for l in lines)
    proc = subprocess.run([DEALCOACH, "chat", "--jsonl", *args], input=raw, capture_output=True,
                          text=True, encoding="utf-8", env=_env(db_url), timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == len(lines), "exactly one output line per input line"
    return [json.loads(o)["replies"] for o in out]


def test_jsonl_interview_resumes_in_a_new_process(db_url):
    first = run_jsonl(db_url, [
        {"text": "new deal Acme Corp"},
        {"button": "disc:start"},
        {"text": "Cut shipping errors 30%"},
        {"text": "Retrained pickers last year, no lasting effect"},
    ], "--user", "alice")
    question = first[-1][-1]
    assert question["meta"]["dimension"] == "challenges"
    assert all(set(r) == {"text", "buttons", "meta"} for replies in first for r in replies)
    assert {"id": "ctl:skip:discovery.challenges", "label": "Skip"} in question["buttons"]

    # A new process, same user and database: it carries on from the same question.
    second = run_jsonl(db_url, [
        {"text": "Their IT team admits they can't fix it alone"},
        {"button": "ctl:skip:discovery.timeline"},
        {"text": "back"},
    ], "--user", "alice")
    assert [r[-1]["meta"]["dimension"] for r in second] == ["timeline", "budget", "timeline"]


def test_jsonl_full_interview_and_per_line_user(db_url):
    lines = [{"text": "新建商机 华东仓储", "user": "王伟"}, {"text": "/discover", "user": "王伟"}]
    lines += [{"text": f"回答 {d}", "user": "王伟"} for d in DIMENSIONS]
    lines += [{"text": "my deals"}]  # the default --user has none
    out = run_jsonl(db_url, lines, "--user", "bob")
    dims = [replies[-1]["meta"].get("dimension") for replies in out[1:-1]]
    assert dims == list(DIMENSIONS) + [None]
    assert "回顾" in out[-2][-1]["text"]
    assert "no deals yet" in out[-1][-1]["text"]


def test_jsonl_bad_lines_get_a_reply_and_the_session_goes_on(db_url):
    out = run_jsonl(db_url, [
        {"text": "new deal Acme"},
        {"text": "/discover"},
        "this is not json",
        "[1, 2, 3]",
        '{"text": 42}',
        '{"text": "a", "button": "b"}',
        "{}",
        "",
        {"button": "ctl:nuke:everything"},
        {"text": "   "},
        {"text": "z" * 5000},
        {"text": "/unknowncmd"},
        {"text": "Grow revenue 20%"},
    ], "--user", "carol")
    errors = [o[0] for o in out[2:8]]
    assert all(e["meta"] == {"error": "invalid_json"} and "JSON" in e["text"] for e in errors)
    assert "isn't one of mine" in out[8][0]["text"]
    assert "empty" in out[9][0]["text"]
    assert "5000 characters" in out[10][0]["text"]
    assert "/unknowncmd" in out[11][0]["text"]
    assert out[12][-1]["meta"]["dimension"] == "plans", "the interview went on"


def test_jsonl_event_id_makes_redelivery_a_no_op(db_url, tmp_path):
    out = run_jsonl(db_url, [
        {"text": "new deal Acme", "event_id": "e1"},
        {"text": "/discover", "event_id": "e2"},
        {"text": "Cut costs 10%", "event_id": "e3"},
        {"text": "Cut costs 10%", "event_id": "e3"},
    ], "--user", "dave")
    assert out[3] == []
    data = json.loads(subprocess.run([DEALCOACH, "export"], capture_output=True, text=True,
                                     env=_env(db_url), check=True).stdout)
    assert [a["text"] for a in data["opportunities"][0]["answers"]] == ["Cut costs 10%"]


def test_export_json_and_csv_hold_answers_verbatim(db_url, tmp_path):
    tricky = ['He said "maybe" — 也許 <b>',  "x,y;z\ttab", "🚀 emoji and trailing space "]
    run_jsonl(db_url, [{"text": "new deal Acme"}, {"text": "/discover"}]
              + [{"text": t} for t in tricky], "--user", "erin")
    out = tmp_path / "export.json"
    subprocess.run([DEALCOACH, "export", "--out", str(out)], env=_env(db_url), check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    answers = data["opportunities"][0]["answers"]
    assert [a["text"] for a in answers] == tricky
    assert [a["author"] for a in answers] == ["erin"] * 3
    csv_text = subprocess.run([DEALCOACH, "export", "--format", "csv"], capture_output=True,
                              text=True, encoding="utf-8", env=_env(db_url), check=True).stdout
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["text"] for r in rows] == tricky


def test_chat_lang_flag(db_url):
    out = run_jsonl(db_url, [{"text": "new deal Acme"}], "--user", "fay", "--lang", "zh-Hant")
    assert "已建立商機" in out[0][0]["text"]


def test_interactive_chat_numbers_buttons(db_url):
    proc = subprocess.run([DEALCOACH, "chat", "--user", "gus"],
                          input="new deal Acme\n1\nCut churn 10%\n", capture_output=True,
                          text=True, encoding="utf-8", env=_env(db_url), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "I'm your deal coach" in proc.stdout
    assert "[1] Start discovery" in proc.stdout
    assert "Goals (1/8)" in proc.stdout          # "1" pressed the first button
    assert "Goals saved" in proc.stdout


def test_jsonl_a_typed_number_presses_that_button_and_is_never_filed(db_url):
    out = run_jsonl(db_url, [{"text": "new deal Acme"}, {"text": "1"}, {"text": "Cut churn 10%"},
                             {"text": "summary"}], "--user", "hal")
    assert out[1][-1]["meta"]["dimension"] == "goals", "'1' pressed [Start discovery]"
    assert "Goals saved" in out[2][0]["text"]
    assert "Timeline: 1" not in out[3][0]["text"]
