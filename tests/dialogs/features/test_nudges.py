"""Nudges for reps: a stale deal, a close date passed, a close date moved out. Each once per
cause (across workers too), in working hours, a few a day at most, and mutable per deal."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from dialogs.coach import Coach
from tests.conftest import Chat, Clock
from tests.dialogs.features.workers import deliver_from_two_workers

MONDAY = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)


def _nudges(deliveries) -> list:
    return [r for d in deliveries for r in d.replies if r.meta.get("push") == "nudge"]


def _world(engine):
    clock = Clock(MONDAY)
    coach = Coach(engine, clock=clock)
    ann = Chat(coach, user="ann", clock=clock)
    return coach, clock, ann


def _deal(ann: Chat, name: str, close: str = "") -> int:
    ann.say(f"new deal {name}")
    deal = ann.last.meta["opportunity"]
    if close:
        ann.say(f"/close {close}")
    return deal


def test_each_cause_is_nudged_once_with_evidence_and_a_next_action(engine):
    coach, clock, ann = _world(engine)
    stale = _deal(ann, "Acme")
    passed = _deal(ann, "Globex", "2026-11-20")
    slipped = _deal(ann, "Initech", "2026-12-31")
    ann.say("/close 2027-02-15")  # Initech's close date moves out
    (slip,) = _nudges(coach.deliver_due("console", "w1"))
    assert (slip.meta["cause"], slip.meta["opportunity"]) == ("slip", slipped)
    assert "Initech: the close date moved from 2026-12-31 to 2027-02-15" in slip.text
    assert "Next best action:" in slip.text
    assert [b.id for b in slip.buttons][-2:] == [f"sum:{slipped}", f"nudge:mute:{slipped}"]
    assert _nudges(coach.deliver_due("console", "w1")) == []
    clock.now = MONDAY + timedelta(days=22)  # Tuesday Nov 24: Globex's date passed, Acme quiet 22 days
    got = {n.meta["opportunity"]: n for n in _nudges(coach.deliver_due("console", "w1"))}
    assert got[passed].meta["cause"] == "close" and "its close date (2026-11-20) has passed" in got[passed].text
    assert got[stale].meta["cause"] == "stale" and "no activity for 22 days (last on 2026-11-02)" in got[stale].text
    assert _nudges(coach.deliver_due("console", "w1")) == [], "once per cause"
    clock.now += timedelta(days=1)
    assert _nudges(coach.deliver_due("console", "w1")) == [], "still once, a day later"
    # A new episode: the rep touches Acme, then it goes quiet again.
    ann.say("use Acme")
    ann.say("/amount 5000 USD")
    clock.now += timedelta(days=22)  # a Thursday
    assert stale in [n.meta["opportunity"] for n in _nudges(coach.deliver_due("console", "w1"))]


def test_muted_deals_are_not_nudged_until_unmuted(engine):
    coach, clock, ann = _world(engine)
    acme = _deal(ann, "Acme", "2026-11-09")
    clock.now = MONDAY + timedelta(days=8)  # Tuesday: the close date has passed
    (nudge,) = _nudges(coach.deliver_due("console", "w1"))
    ann.press(f"nudge:mute:{acme}")
    assert "No more nudges about Acme" in ann.text and ann.last.meta["muted"] is True
    ann.say("/close 2026-11-12")  # moved out (and passed): muted, so nothing
    clock.now += timedelta(days=1)
    assert _nudges(coach.deliver_due("console", "w1")) == []
    ann.press(f"nudge:unmute:{acme}")
    assert "back on" in ann.text
    clock.now += timedelta(days=2)  # Friday: the new close date (Nov 12) has passed too
    assert [n.meta["cause"] for n in _nudges(coach.deliver_due("console", "w1"))] == ["close"]


def test_another_reps_deal_cannot_be_muted(engine):
    coach, clock, ann = _world(engine)
    acme = _deal(ann, "Acme")
    bob = Chat(coach, user="bob", clock=clock)
    bob.say("hi")
    bob.press(f"nudge:mute:{acme}")
    assert "muted" not in bob.last.meta and "Acme" not in bob.text


def test_nudges_wait_for_working_hours_and_stop_at_three_a_day(engine):
    coach, clock, ann = _world(engine)
    for n in range(5):
        _deal(ann, f"Deal {n}", "2026-11-05")
    clock.now = datetime(2026, 11, 7, 10, tzinfo=timezone.utc)  # Saturday
    assert _nudges(coach.deliver_due("console", "w1")) == []
    clock.now = datetime(2026, 11, 9, 7, 30, tzinfo=timezone.utc)  # Monday, before 08:00
    assert _nudges(coach.deliver_due("console", "w1")) == []
    clock.now = datetime(2026, 11, 9, 9, tzinfo=timezone.utc)
    assert len(_nudges(coach.deliver_due("console", "w1"))) == 3
    clock.now += timedelta(hours=2)
    assert _nudges(coach.deliver_due("console", "w1")) == [], "three a day at most"
    clock.now += timedelta(days=1)
    assert len(_nudges(coach.deliver_due("console", "w1"))) == 2, "the rest the next day"


def test_two_workers_nudge_exactly_once(engine, db_url):
    coach, clock, ann = _world(engine)
    for n in range(3):
        _deal(ann, f"Deal {n}", "2026-11-01")
    got = _nudges(deliver_from_two_workers(db_url, clock))
    assert sorted(n.meta["opportunity"] for n in got) == [1, 2, 3][: len(got)] and len(got) == 3
