"""The outbox: a turn's replies are written in the turn's own transaction, crossed off once
sent, and a sweep (in any process, after the lease) takes over what was never crossed off."""

from __future__ import annotations

from sqlmodel import func, select

from dialogs.coach import Coach
from dialogs.messages import Incoming
from dialogs.outbox import LEASE_S, Outbox
from storage.db import new_session
from storage.models import OutboundReply

TARGET = {"kind": "post", "channel": "DU1", "thread": ""}


def _rows(engine) -> int:
    with new_session(engine) as s:
        return s.exec(select(func.count()).select_from(OutboundReply)).one()


def test_replies_are_kept_until_sent_and_taken_over_after_the_lease(engine, clock):
    coach, outbox = Coach(engine, clock=clock), Outbox(engine, "slack", clock)
    turned = coach.turn(Incoming(channel="slack", user_ref="T1:U1", text="new deal Acme"), TARGET)
    assert turned.outbox_id is not None and _rows(engine) == 1
    assert outbox.stranded() == [], "the sender's own lease is not up yet"
    clock.advance(seconds=LEASE_S + 1)  # the sender died before the platform took them
    (pending,) = outbox.stranded()
    assert pending.target == TARGET and "Created the deal Acme" in pending.replies[0].text
    assert [b.id for b in pending.replies[0].buttons] == [b.id for b in turned.replies[0].buttons]
    assert outbox.stranded() == [], "taken by this sweep: no other process sends it too"
    outbox.sent(pending.outbox_id)
    assert _rows(engine) == 0


def test_a_turn_without_a_target_or_a_failed_turn_queues_nothing(engine, clock):
    coach = Coach(engine, clock=clock)
    coach.turn(Incoming(channel="console", user_ref="ann", text="new deal Acme"))
    assert _rows(engine) == 0


def test_resend_keeps_what_fails_and_crosses_off_what_goes(engine, clock):
    coach, outbox = Coach(engine, clock=clock), Outbox(engine, "slack", clock)
    for n in range(2):
        coach.turn(Incoming(channel="slack", user_ref="T1:U1", text=f"new deal Deal{n}", event_id=f"e{n}"), TARGET)
    clock.advance(seconds=LEASE_S + 1)
    sent = []

    def flaky(target, replies):
        if "Deal0" in replies[0].text:
            raise RuntimeError("platform down")
        sent.append(replies[0].text)

    assert outbox.resend(flaky) == 1 and len(sent) == 1 and _rows(engine) == 1
    clock.advance(seconds=LEASE_S + 1)
    assert outbox.resend(lambda t, r: sent.append(r[0].text)) == 1 and _rows(engine) == 0


def test_reminders_are_queued_as_they_are_claimed(engine, clock):
    coach = Coach(engine, clock=clock)
    from storage import repo

    coach.handle(Incoming(channel="slack", user_ref="T1:U1", text="new deal Acme"))  # a first-contact reminder
    clock.advance(minutes=10)
    (delivery,) = coach.deliver_due("slack", "w1")
    assert delivery.outbox_id is not None and _rows(engine) >= 1
    with new_session(engine) as s:
        assert repo.due_reminder_ids(session=s, now=clock()) == [], "claimed: no other worker takes it"
