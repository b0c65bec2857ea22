"""A turn's writes as single statements, on a real database: what they write is what the same
rows written through the ORM would hold, the objects stay usable, and the commit adds nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from storage import repo
from storage.db import StatementCounter, new_session
from storage.models import Answer, Conversation, Opportunity
from storage.rows import insert_rows, update_row

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def _deal(session):
    user = repo.add_user(session=session, name="alice", now=NOW)
    opp = repo.add_opportunity(session=session, owner_id=user.id, name="Acme", now=NOW, channel="console")
    conv = repo.add_conversation(session=session, key="console:alice", channel="console", user_id=user.id,
                                 now=NOW, opportunity_id=opp.id)
    return user, opp, conv


def test_answers_inserted_together_get_ids_and_read_back_as_written(engine):
    with new_session(engine) as s, s.begin():
        user, opp, _ = _deal(s)
    with new_session(engine) as s, s.begin(), StatementCounter(engine) as counter:
        rows = [Answer(opportunity_id=opp.id, dimension=d, text=f"{d} clause", source_text="the whole note",
                       language="en", author_id=user.id, channel="console", origin="note",
                       facts={"amounts": [1]} if d == "budget" else None, created_at=NOW)
                for d in ("goals", "budget", "timeline")]
        insert_rows(s, rows)
        ids = [r.id for r in rows]
        assert all(ids) and len(set(ids)) == 3
        assert s.get(Answer, ids[1]) is rows[1]  # the same object, no second read
        assert not s.dirty and not s.new
    # One INSERT on PostgreSQL; SQLite can't say which id is whose row, so one each. The commit
    # wrote nothing more.
    assert counter.statements and all(st.startswith("INSERT INTO answer") for st in counter.statements)
    with new_session(engine) as s:
        stored = {a.dimension: a for a in repo.current_answers(session=s, opportunity_id=opp.id).values()
                  for a in a}
    assert stored["budget"].facts == {"amounts": [1]} and stored["goals"].facts is None
    assert stored["timeline"].text == "timeline clause" and stored["timeline"].source_text == "the whole note"


def test_an_update_is_one_statement_and_the_commit_adds_none(engine):
    with new_session(engine) as s, s.begin():
        _, opp, conv = _deal(s)
    later = NOW + timedelta(minutes=5)
    with new_session(engine) as s, s.begin(), StatementCounter(engine) as counter:
        conv = s.get(Conversation, conv.id)
        opp = s.get(Opportunity, opp.id)
        update_row(s, conv, state="discovery", data={"run": {"flow": "discovery"}}, updated_at=later)
        update_row(s, opp, updated_at=later)
        update_row(s, opp, updated_at=later)  # touched twice in a turn: written once
        assert conv.state == "discovery" and not s.dirty
    assert counter.count == 4  # two reads, two writes
    with new_session(engine) as s:
        conv, opp = s.get(Conversation, conv.id), s.get(Opportunity, opp.id)
        assert conv.state == "discovery" and conv.data == {"run": {"flow": "discovery"}}
        assert opp.updated_at.replace(tzinfo=timezone.utc) == later


def test_a_row_changed_by_hand_keeps_those_changes_with_the_update(engine):
    """A deal whose amount was set this turn is touched in the same UPDATE as its amount."""
    with new_session(engine) as s, s.begin():
        _, opp, _ = _deal(s)
    with new_session(engine) as s, s.begin():
        opp = s.get(Opportunity, opp.id)
        opp.amount = 50000
        update_row(s, opp, updated_at=NOW + timedelta(hours=1))
    with new_session(engine) as s:
        opp = s.get(Opportunity, opp.id)
        assert opp.amount == 50000
        assert opp.updated_at.replace(tzinfo=timezone.utc) == NOW + timedelta(hours=1)
