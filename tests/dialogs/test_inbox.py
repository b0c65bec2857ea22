"""The inbox: events written down before the ack, crossed off when handled, and taken over by
one sweep (in any process) when the receiving process died in between."""

from __future__ import annotations

import contextlib
import logging
import threading

from dialogs.inbox import MAX_ATTEMPTS, RETRY_AFTER_S, Inbox

PAYLOAD = {"type": "event_callback", "event_id": "Ev1", "event": {"text": "budget is $80k, secret plan"}}


def test_a_redelivered_event_is_recorded_once(engine, clock):
    inbox = Inbox(engine, "slack", clock)
    assert inbox.record("Ev1", PAYLOAD) is True
    assert inbox.record("Ev1", PAYLOAD) is False
    assert Inbox(engine, "telegram", clock).record("Ev1", PAYLOAD) is True, "ids are per channel"


def test_an_event_belongs_to_its_receiver_until_the_retry_time(engine, clock):
    inbox = Inbox(engine, "slack", clock)
    inbox.record("Ev1", PAYLOAD)
    clock.advance(seconds=RETRY_AFTER_S - 1)
    assert inbox.stranded() == [], "a live process may still be handling it"
    clock.advance(seconds=2)
    (taken,) = inbox.stranded()
    assert (taken.event_id, taken.payload) == ("Ev1", PAYLOAD)


def test_a_handled_event_is_never_replayed(engine, clock):
    inbox = Inbox(engine, "slack", clock)
    inbox.record("Ev1", PAYLOAD)
    assert inbox.waiting() == 1
    inbox.done("Ev1")
    assert inbox.waiting() == 0
    clock.advance(hours=1)
    assert inbox.stranded() == []


def test_one_sweep_takes_a_stranded_event_and_others_wait_their_turn(engine, clock):
    first, second = Inbox(engine, "slack", clock), Inbox(engine, "slack", clock)
    first.record("Ev1", PAYLOAD)
    clock.advance(seconds=RETRY_AFTER_S + 1)
    assert [e.event_id for e in first.stranded()] == ["Ev1"]
    assert second.stranded() == [], "leased to the first sweep"
    clock.advance(seconds=RETRY_AFTER_S + 1)  # the first sweeper died too
    assert [e.event_id for e in second.stranded()] == ["Ev1"]


def test_an_event_that_keeps_failing_is_dropped_with_a_warning_that_hides_its_text(engine, clock, caplog):
    inbox = Inbox(engine, "slack", clock)
    inbox.record("Ev1", PAYLOAD)
    for _ in range(MAX_ATTEMPTS):
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert len(inbox.stranded()) == 1
    clock.advance(seconds=RETRY_AFTER_S + 1)
    with caplog.at_level(logging.INFO):
        assert inbox.stranded() == []
    assert "gave up" in caplog.text and "Ev1" in caplog.text
    assert "secret plan" not in caplog.text
    clock.advance(hours=1)
    assert inbox.stranded() == [], "dropped for good"


def test_hostile_text_is_kept_exactly_until_replayed(engine, clock):
    # NUL, RTL override, zero-width and emoji: PostgreSQL's text type refuses NUL; JSON keeps it.
    payload = {"event_id": "Ev9", "event": {"text": "a\x00b \u202e\u200b 😀 <!channel> {\"x\": 1}"}}
    inbox = Inbox(engine, "slack", clock)
    assert inbox.record("Ev9", payload)
    clock.advance(seconds=RETRY_AFTER_S + 1)
    assert [e.payload for e in inbox.stranded()] == [payload]


@contextlib.contextmanager
def held_elsewhere(hold):
    """Another thread holds ``hold()`` (a lock or a transaction) for the duration of the block."""
    holding, release = threading.Event(), threading.Event()

    def turn() -> None:
        with hold():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=turn)
    thread.start()
    try:
        assert holding.wait(5)
        yield
    finally:
        release.set()
        thread.join(10)


def test_the_ack_never_waits_long_behind_a_turn_that_holds_the_write_lock(engine, clock, caplog):
    # On SQLite a turn (LLM call included) holds the process's write lock; Slack wants its ack
    # within 3 s, so the record gives up and the event is handled without its safety net.
    from storage.db import write_lock

    inbox = Inbox(engine, "slack", clock)
    with held_elsewhere(lambda: write_lock(engine)), caplog.at_level(logging.WARNING):
        recorded = inbox.record("Ev1", PAYLOAD, wait_s=0.05)
    if engine.dialect.name == "sqlite":
        assert recorded is False and inbox.waiting() == 0
        assert "not recorded" in caplog.text and "secret plan" not in caplog.text
    else:  # PostgreSQL has row locks, not a process-wide one: nothing to wait for
        assert recorded is True
    assert inbox.record("Ev2", PAYLOAD) is True, "once the turn is over, events are recorded again"


def test_a_failed_cross_off_is_logged_and_never_raised(tmp_path, clock, caplog):
    # The replies of a handled turn must still go out when the database hiccups at the end.
    from storage.db import make_engine

    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with caplog.at_level(logging.WARNING):
        Inbox(unmigrated, "slack", clock).done("Ev1")
    assert "could not cross off" in caplog.text and "Ev1" in caplog.text
    unmigrated.dispose()


def test_the_ack_never_waits_long_behind_another_process_writing_to_the_same_sqlite_file(tmp_path, clock,
                                                                                           caplog):
    # Two workers on one SQLite file have separate in-process locks; SQLite's own lock is
    # the one they share, and the record waits for it no longer than for its own.
    from storage.db import new_session, open_database

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    mine, other = open_database(url), open_database(url)
    inbox = Inbox(mine, "slack", clock)
    @contextlib.contextmanager
    def the_other_workers_transaction():
        with new_session(other) as session, session.begin():
            session.connection()  # BEGIN IMMEDIATE: SQLite's write lock, held until the end
            yield

    with held_elsewhere(the_other_workers_transaction), caplog.at_level(logging.WARNING):
        assert inbox.record("Ev1", PAYLOAD, wait_s=0.05) is False
    assert "not recorded" in caplog.text
    assert inbox.record("Ev2", PAYLOAD) is True and inbox.waiting() == 1
    with new_session(mine) as session:  # the pooled connection waits the usual time again
        assert session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    mine.dispose()
    other.dispose()
