"""Two coach workers, each with its own engine on one database, running the same upkeep round
at the same moment: what both of them delivered."""

from __future__ import annotations

import threading

from dialogs.coach import Coach
from dialogs.features.reminders import Delivery
from storage.db import open_database


def deliver_from_two_workers(db_url: str, clock, channel: str = "console") -> list[Delivery]:
    engines = [open_database(db_url) for _ in range(2)]
    got: list[Delivery] = []
    barrier = threading.Barrier(2)

    def run(worker: Coach, name: str) -> None:
        barrier.wait()
        got.extend(worker.deliver_due(channel, name))

    threads = [threading.Thread(target=run, args=(Coach(e, clock=clock), f"w{i}")) for i, e in enumerate(engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    return got
