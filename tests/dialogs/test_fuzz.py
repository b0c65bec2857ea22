"""Property-based fuzzing of the coach: random interleavings of messages, button presses and
commands from several users, in three languages, with hostile text and forged or stale buttons.

Invariants after every step:
- no exception escapes, and no turn ends in the "something went wrong" reply;
- every input gets a reply;
- answers are append-only (nothing already stored changes or disappears);
- a deal's answers are only ever written by its owner;
- the export is valid per CONTRACTS.md.
20 examples x 100 steps = 2,000 steps a backend in the suite; HYPOTHESIS_STEPS_SCALE multiplies
it, and bench/fuzz.py runs the large budget (10,000 steps a backend).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlmodel import select

from dialogs.coach import Coach
from dialogs.messages import Incoming
from prompts import Renderer
from storage.db import new_session, normalize_url, open_database
from storage.export import export_data
from storage.models import Answer, Opportunity, StageChange
from tests.conftest import BACKENDS, PG_URL

STEPS = 100
EXAMPLES = 20 * int(os.environ.get("HYPOTHESIS_STEPS_SCALE", "1"))
USERS = [("console", "ann"), ("console", "bob"), ("console", "陳美玲"), ("telegram", "777")]
COMMANDS = [
    "new deal Acme", "new deal Globex", "新增商機 台北物流", "新建商机 华东仓储", "/deal new", "my deals",
    "deal acme", "/deal 1", "/deal 2", "discover", "/discover budget", "探索 預算", "review", "edit goals",
    "skip", "back", "don't know", "還不知道", "another way", "pause", "resume", "/stage", "可以推进了吗?",
    "/stage closed_lost", "undo", "committee", "add Maria Chen, CFO, key decision leader, neutral",
    "/prep", "/log", "connected", "no answer", "/due", "summary acme", "/summary 1", "/pipeline",
    "/pipeline bob", "amount 50k EUR", "/close next quarter", "currency twd", "/lang zh-Hant", "/lang en",
    "/lang", "help", "/start", "/frobnicate", "/users", "/role ann admin",
    "Met Tom, Head of Ops. They want errors down 30%, about $80k budget, live by June",
    "財務長陳美玲拍板,預算 80 萬", "去年试过外包,效果不好", "Cut churn 10% this year",
]
HOSTILE = [
    "", "   ", "\n\t", "x" * 5000, "\x00\x01\x02 null bytes", "\u202eRTL override\u202c", "zero\u200bwidth\u200d",
    "🚀🔥💸 emoji only", "<!channel> *bold* _it_ ~s~ `code`", "<b>&amp;</b><script>alert(1)</script>",
    '{"text": "json-looking", "button": "ctl:skip"}', "' OR 1=1 --", "../../etc/passwd", "%s%s%n",
    "\ud7ff\ue000 private use", "a" * 4000,
]
FORGED = ["", "evil", "ctl:skip", "ctl:skip:discovery.goals", "deal:pick:1", "deal:pick:999999",
          "stage:ok:1:lead:closed_won", "stage:go:2:lead:discovery", "note:undo:0123456789ab",
          "ppl:add:1:0", "prep:1", "log:start:2", "log:o:connected", "sum:1", "lang:xx", "x" * 70,
          "disc:edit:salary", "deal:pick:-1", "ctl:explode:discovery.plans"]

step = st.tuples(
    st.sampled_from(range(len(USERS))),
    st.one_of(
        st.tuples(st.just("text"), st.sampled_from(COMMANDS + HOSTILE)),
        st.tuples(st.just("text"), st.text(max_size=80)),
        st.tuples(st.just("button"), st.sampled_from(FORGED)),
        st.tuples(st.just("press_offered"), st.integers(min_value=0, max_value=30)),
    ),
)


def _database(backend: str) -> tuple[str, callable]:
    if backend == "postgresql":
        schema = f"fz_{uuid.uuid4().hex[:10]}"
        admin = create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in PG_URL else "?"

        def drop() -> None:
            with admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        return f"{normalize_url(PG_URL)}{sep}options=-csearch_path%3D{schema}", drop
    folder = tempfile.mkdtemp()
    return f"sqlite:///{Path(folder) / 'fuzz.db'}", lambda: None


def _answers(engine) -> dict[int, tuple]:
    with new_session(engine) as s:
        return {a.id: (a.opportunity_id, a.dimension, a.text, a.status, a.author_id, a.supersedes_id)
                for a in s.exec(select(Answer))}


def _only_owners_write(engine) -> None:
    with new_session(engine) as s:
        owner = {o.id: o.owner_id for o in s.exec(select(Opportunity))}
        for a in s.exec(select(Answer)):
            assert a.author_id == owner[a.opportunity_id], "someone wrote on another rep's deal"
        for h in s.exec(select(StageChange)):
            assert h.author_id == owner[h.opportunity_id], "someone moved another rep's deal"


def _export_is_valid(engine) -> None:
    with new_session(engine) as s:
        data = export_data(session=s)
    assert set(data) == {"opportunities"}
    for opp in data["opportunities"]:
        assert {"id", "name", "account", "owner", "stage", "amount", "currency", "close_date", "answers",
                "stakeholders", "stage_history"} <= set(opp)
        for a in opp["answers"]:
            assert {"dimension", "text", "author", "channel", "created_at", "superseded"} <= set(a)
            assert isinstance(a["superseded"], bool)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(steps=st.lists(step, min_size=STEPS, max_size=STEPS))
def test_random_conversations_keep_every_invariant(backend, steps):
    url, drop = _database(backend)
    engine = open_database(url)
    now = [datetime(2026, 11, 22, 9, tzinfo=timezone.utc)]
    coach = Coach(engine, clock=lambda: now[0])
    internal_error = {Renderer().text(lang, "coach.internal_error") for lang in ("en", "zh-Hant", "zh-Hans")}
    offered: dict[int, list[str]] = {}
    try:
        before = {}
        for n, (who, (kind, value)) in enumerate(steps):
            channel, user = USERS[who]
            if kind == "press_offered":
                seen = offered.get(who) or ["help"]
                kind, value = "button", seen[value % len(seen)]  # valid, or stale by now
            msg = Incoming(channel=channel, user_ref=user, display_name=user, space="fuzz",
                           event_id=f"e{n}", **{kind: value})
            replies = coach.handle(msg)
            assert replies, f"no reply to {kind} {value!r}"
            assert not any(r.text in internal_error for r in replies), f"internal error on {kind} {value!r}"
            offered[who] = [b.id for r in replies for b in r.buttons] or offered.get(who, [])
            after = _answers(engine)
            assert all(after.get(k) == v for k, v in before.items()), "an answer changed or vanished"
            before = after
            _only_owners_write(engine)
            _export_is_valid(engine)
            now[0] += timedelta(minutes=7)
    finally:
        engine.dispose()
        drop()
