"""Export keeps the CONTRACTS.md shape and every answer verbatim, exactly once."""

from __future__ import annotations

import csv
import io

from storage.db import new_session
from storage.export import CSV_COLUMNS, export_csv, export_data
from tests.conftest import Chat

TRICKY = [
    'Goal: "cut errors" by 30% — 今年 <b>&amp;</b>',
    "Line one\nline two, with a comma",
    "  leading and trailing spaces  ",
]


def test_export_json_holds_every_answer_verbatim_once(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("amount $80k")
    chat.say("/close 2027-03-31")
    chat.say("/discover")
    for t in TRICKY:
        chat.say(t)
    chat.press(chat.button("ctl:unknown"))
    chat.say("edit goals")
    chat.say("Cut errors 35%")
    with new_session(engine) as s:
        data = export_data(session=s)
    (opp,) = data["opportunities"]
    assert {k: opp[k] for k in ("name", "account", "owner", "stage", "amount", "currency",
                                "close_date")} == {
        "name": "Acme", "account": None, "owner": "alice", "stage": "lead", "amount": 80000,
        "currency": "USD", "close_date": "2027-03-31"}
    texts = [a["text"] for a in opp["answers"]]
    assert texts == TRICKY + ["", "Cut errors 35%"]
    assert [a["dimension"] for a in opp["answers"]] == [
        "goals", "plans", "challenges", "timeline", "goals"]
    assert [a["superseded"] for a in opp["answers"]] == [True, False, False, False, False]
    assert all(set(a) >= {"dimension", "text", "author", "channel", "created_at", "superseded"}
               for a in opp["answers"])
    assert opp["stakeholders"] == []
    assert [h["to"] for h in opp["stage_history"]] == ["lead"]


def test_export_csv_round_trips_the_text(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover")
    for t in TRICKY:
        chat.say(t)
    chat.say("/deal new Empty Deal")
    with new_session(engine) as s:
        rows = list(csv.DictReader(io.StringIO(export_csv(export_data(session=s)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["text"] for r in rows if r["opportunity"] == "Acme"] == TRICKY
    assert [r["dimension"] for r in rows if r["opportunity"] == "Empty Deal"] == [""]
