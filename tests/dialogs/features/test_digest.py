"""The weekly digest on a seeded team: the forecast and its move since last week, the deals that
advanced, were won or lost, slipped or went stale, the top at-risk deals and each rep's most
missed topic; /digest in chat, the schedule per user, and delivery exactly once across workers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dialogs.coach import Coach
from storage import repo
from storage.db import new_session
from tests.conftest import Chat, Clock
from tests.dialogs.features.workers import deliver_from_two_workers

START = datetime(2026, 10, 28, 10, tzinfo=timezone.utc)  # a Wednesday, four weeks before the digest
DIGEST = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)  # Monday 08:30 UTC, the default slot
WIN = {"lead": 5, "discovery": 10, "qualified": 30, "solution": 50, "proposal": 70, "negotiation": 85}


def _move(engine, deal_id: int, stage: str, now: datetime) -> None:
    with new_session(engine) as s, s.begin():
        opp = repo.get_opportunity(session=s, opportunity_id=deal_id)
        repo.set_stage(session=s, opportunity=opp, stage=stage, author_id=opp.owner_id, channel="console", now=now)


def _deal(chat: Chat, name: str, amount: str, close: str = "") -> int:
    chat.say(f"new deal {name}")
    deal = chat.last.meta["opportunity"]
    chat.say(f"/amount {amount}")
    if close:
        chat.say(f"/close {close}")
    return deal


@pytest.fixture
def team(engine):
    """Mia manages Ann and Bob. A week before the digest: Acme lead, Globex discovery, Initech
    proposal, Hooli lead (Bob), and Umbrella in TWD (no rate: never in a USD total)."""
    clock = Clock(START)
    coach = Coach(engine, clock=clock)
    ann, bob, mia = (Chat(coach, user=u, clock=clock) for u in ("ann", "bob", "mia"))
    umbrella = _deal(ann, "Umbrella", "3200000 TWD")  # nothing happens to it: stale during the digest's week
    mia.say("hi")
    clock.now = START + timedelta(days=5)
    deals = {"umbrella": umbrella, "acme": _deal(ann, "Acme", "100000 USD"),
             "globex": _deal(ann, "Globex", "40000 USD"), "initech": _deal(ann, "Initech", "20000 USD"),
             "hooli": _deal(bob, "Hooli", "10000 USD", "2026-11-30")}
    _move(engine, deals["globex"], "discovery", clock.now)
    _move(engine, deals["initech"], "proposal", clock.now)
    with new_session(engine) as s, s.begin():
        users = {u.name: u for u in repo.list_users(session=s)}
        repo.set_role(session=s, user=users["mia"], role="manager")
        for rep in ("ann", "bob"):
            repo.set_manager(session=s, user=users[rep], manager_id=users["mia"].id)
    # The digest's week (Nov 16 08:30 to Nov 23 08:30): Acme advances, Globex is won, Initech
    # slips back a stage, Hooli's close date moves out.
    clock.now = datetime(2026, 11, 18, 11, tzinfo=timezone.utc)
    _move(engine, deals["acme"], "qualified", clock.now)
    _move(engine, deals["globex"], "closed_won", clock.now)
    _move(engine, deals["initech"], "solution", clock.now)
    bob.say("use Hooli")
    bob.say("/close 2026-12-31")
    clock.now = DIGEST
    return {"coach": coach, "clock": clock, "deals": deals, "mia": mia, "ann": ann, "engine": engine}


def _digests(deliveries) -> list:
    return [r for d in deliveries for r in d.replies if r.meta.get("push") == "digest"]


def test_digest_content_on_a_seeded_team(team):
    mia, deals = team["mia"], team["deals"]
    mia.say("/digest")
    meta = mia.last.meta["digest"]
    # Computed here from the seeded stages and win rates: open USD deals only, TWD apart.
    now = (100_000 * WIN["qualified"] + 20_000 * WIN["solution"] + 10_000 * WIN["lead"]) / 100
    before = (100_000 * WIN["lead"] + 40_000 * WIN["discovery"] + 20_000 * WIN["proposal"]
              + 10_000 * WIN["lead"]) / 100
    assert (meta["scope"], meta["weighted"], meta["changes"]["weighted_before"]) == ("team", now, before)
    assert meta["period"] == {"from": "2026-11-16", "to": "2026-11-23"} and meta["currency"] == "USD"
    changes = meta["changes"]
    assert changes["advanced"] == [deals["acme"]] and changes["won"] == [deals["globex"]]
    assert sorted(changes["slipped"]) == sorted([deals["initech"], deals["hooli"]]) and changes["lost"] == []
    assert changes["stale"] == [deals["umbrella"]]
    assert deals["umbrella"] in meta["at_risk"] and len(meta["at_risk"]) <= 3
    text = mia.text
    assert "$40,500 (+$17,000 on last week)" in text
    assert "Advanced (1): Acme" in text and "Won (1): Globex" in text and "Went stale (1): Umbrella" in text
    assert "Umbrella (ann)" in text and "ann: Goals" in text and "NT$3,200,000" in text
    assert len(text.splitlines()) <= 15 and len(text) <= 900
    # One tap opens an at-risk deal's summary, for the manager.
    summary = mia.button(f"sum:{deals['umbrella']}")
    mia.press(summary)
    assert "Umbrella" in mia.text and mia.last.meta["opportunity"] == deals["umbrella"]


def test_a_rep_sees_only_their_own_week(team):
    ann, deals = team["ann"], team["deals"]
    ann.say("/digest")
    meta = ann.last.meta["digest"]
    assert meta["scope"] == "me" and deals["hooli"] not in meta["changes"]["slipped"]
    assert "bob" not in ann.text.lower() and "Hooli" not in ann.text


def test_digest_in_chinese(team):
    mia = team["mia"]
    mia.say("每週摘要")
    assert mia.last.meta["digest"]["scope"] == "team"
    assert "每週摘要" in mia.text and "推進（1）：Acme" in mia.text


def test_the_scheduled_digest_comes_once_at_each_managers_time(team):
    coach, clock = team["coach"], team["clock"]
    clock.now = DIGEST - timedelta(minutes=1)
    assert _digests(coach.deliver_due("console", "w1")) == []
    clock.now = DIGEST + timedelta(minutes=1)
    (sent,) = _digests(coach.deliver_due("console", "w1"))
    assert sent.meta["digest"]["scope"] == "team" and "Weekly digest" in sent.text
    assert _digests(coach.deliver_due("console", "w1")) == [], "once a week"
    clock.now = DIGEST + timedelta(days=1)
    assert _digests(coach.deliver_due("console", "w1")) == []
    # Mia moves hers to Friday 17:00 in Taipei (09:00 UTC); the reps never get one unasked.
    team["mia"].say("/digest fri 17:00")
    team["mia"].say("/digest tz Asia/Taipei")
    assert "Friday at 17:00 (Asia/Taipei)" in team["mia"].text
    clock.now = datetime(2026, 11, 27, 9, 1, tzinfo=timezone.utc)
    assert _digests(coach.deliver_due("console", "w1")) == [], "this week's digest was sent already"
    clock.now = datetime(2026, 12, 4, 8, 59, tzinfo=timezone.utc)
    assert _digests(coach.deliver_due("console", "w1")) == []
    clock.now = datetime(2026, 12, 4, 9, 1, tzinfo=timezone.utc)
    (friday,) = _digests(coach.deliver_due("console", "w1"))
    assert friday.meta["digest"]["period"]["to"] == "2026-12-04"
    team["mia"].say("/digest off")
    clock.now = datetime(2026, 12, 11, 9, 1, tzinfo=timezone.utc)
    assert _digests(coach.deliver_due("console", "w1")) == []


def test_two_workers_send_the_digest_exactly_once(team, db_url):
    clock = team["clock"]
    clock.now = DIGEST + timedelta(minutes=5)
    assert len(_digests(deliver_from_two_workers(db_url, clock))) == 1


def test_bad_schedules_get_a_clear_answer_and_keep_the_old_one(team):
    mia = team["mia"]
    mia.say("/digest whenever")
    assert "can't read" in mia.text
    mia.say("/digest tz Mars/Olympus")
    assert "don't know the timezone" in mia.text
    mia.say("/digest 週五 9點")
    assert "Friday at 09:00 (UTC)" in mia.text or "週五 09:00（UTC）" in mia.text
