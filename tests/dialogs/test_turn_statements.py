"""How many SQL statements a turn runs, pinned per kind of turn: an interview answer typed, an
answer by button ("Don't know yet") and a pasted multi-topic note. A change that makes a turn
read the same rows again, or write the conversation twice, fails here rather than in a
latency chart. Counted by storage.db.StatementCounter, the same counter bench/interview.py
reports; the transaction's BEGIN is not counted (PostgreSQL's is implicit)."""

from __future__ import annotations

from storage.db import StatementCounter

# The most each kind may run. An interview answer: the event claim, who/conversation/deal in one
# read, the deal's answers, the new answer, the deal's "last touched", its people and activities
# (stage advice), the conversation's state.
PINNED = {"interview answer": 6, "button answer": 6, "pasted note": 13}
NOTE = ("Call w/ Acme: they want to cut picking errors 30% this year. Budget $80k approved. "
        "Maria Chen, CFO, has final say. Need it live by June 30.")


def _counted(chat, send) -> tuple[int, list[str]]:
    with StatementCounter(chat.coach.engine) as counter:
        send()
    return counter.count, counter.statements


def test_each_kind_of_turn_runs_no_more_statements_than_pinned(chat):
    chat.say("new deal Acme")
    chat.say("/discover")
    n, seen = _counted(chat, lambda: chat.say("Cut picking errors 30% this year"))
    assert chat.last.meta["dimension"] == "plans", "the answer was taken"
    assert n <= PINNED["interview answer"], seen
    n, seen = _counted(chat, lambda: chat.press(chat.button("ctl:unknown:")))
    assert chat.last.meta["dimension"] == "challenges", "the plans were kept as not known yet"
    assert n <= PINNED["button answer"], seen
    chat.press(chat.button("ctl:pause:"))
    n, seen = _counted(chat, lambda: chat.say(NOTE))
    assert "Budget" in chat.text, "the note was filed"
    assert n <= PINNED["pasted note"], seen


def test_a_turn_reads_its_deal_and_writes_its_conversation_once(chat):
    chat.say("new deal Acme")
    chat.say("/discover")
    for answer in ("Cut picking errors 30% this year", "Tried more QA staff last year"):
        _, seen = _counted(chat, lambda: chat.say(answer))
        assert sum(s.lstrip().upper().startswith("UPDATE CONVERSATION") for s in seen) == 1, seen
        assert sum(s.lstrip().upper().startswith("SELECT") and "FROM opportunity" in s
                   for s in seen) == 0, "the deal comes with the turn's first read"
        assert sum("FROM answer" in s for s in seen) == 1, seen
