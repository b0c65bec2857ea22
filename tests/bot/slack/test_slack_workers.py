"""Two Slack HTTP workers (two real bolt apps and servers) on one database, both receiving
every event at once: each event is processed once, nothing lost, no 5xx, nothing "locked"."""

from __future__ import annotations

import threading

from dialogs.coach import Coach
from storage import repo
from storage.db import new_session
from tests.bot.slack.conftest import Harness, texts

EVENTS = 20


def test_two_workers_process_each_event_once(engine, clock, fake):
    workers = [Harness(Coach(engine, clock=clock), fake), Harness(Coach(engine, clock=clock), fake)]
    statuses: list[int] = []
    lock = threading.Lock()
    try:
        def send(worker, i):
            status, _ = worker.event({"type": "message", "channel_type": "im", "channel": f"DU{i}",
                                      "user": f"U{i}", "text": f"new deal Deal {i}", "ts": f"{i}.0"},
                                     event_id=f"EvW{i}")
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=send, args=(w, i)) for i in range(EVENTS) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        for w in workers:  # both workers ran a listener for every event they received
            w.wait_done("message", EVENTS)
    finally:
        for w in workers:
            w.close()
    assert statuses == [200] * (2 * EVENTS)
    posted = fake.calls("chat.postMessage")
    assert len(posted) == EVENTS, "each event answered once, by whichever worker claimed it"
    assert all("locked" not in texts([m]).lower() and "went wrong" not in texts([m]) for m in posted)
    with new_session(engine) as s:
        names = sorted(o.name for o in repo.all_opportunities(session=s))
    assert names == sorted(f"Deal {i}" for i in range(EVENTS))


def test_a_burst_of_connections_is_accepted(engine, clock, fake):
    """Regression (found by the soak run): the stdlib listen backlog of 5 refused connections."""
    worker = Harness(Coach(engine, clock=clock), fake)
    statuses: list[int] = []
    lock = threading.Lock()
    try:
        def send(i):
            status, _ = worker.event({"type": "message", "channel_type": "im", "channel": f"DU{i}",
                                      "user": f"U{i}", "text": "help", "ts": f"{i}.0"}, event_id=f"EvB{i}")
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(60)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        worker.wait_done("message", 60)
    finally:
        worker.close()
    assert statuses == [200] * 60
    assert len(fake.calls("chat.postMessage")) == 60
