"""Nothing acknowledged is lost: an adapter writes each event down before it tells the channel
"received" (Slack's ack, Telegram's 200), and crosses it off once the coach has handled it.

If the process dies in between, the row stays. After ``retry_after_s`` any process's sweep
takes it over (a conditional UPDATE, so one process at a time) and feeds it through the
adapter again. The coach's processed-events claim makes that exactly-once: an event whose turn
had committed changes nothing the second time.

An attempt also ends when its process is killed for reasons of its own (a deploy, a crash
elsewhere), so the cap is generous: it only stops an event that itself kills the process every
time. Such an event is dropped after ``MAX_ATTEMPTS``, with a warning that names it but not its
text. (The crash harness found a cap of 3 too low: a process killed right after it started
replaying burned one attempt each time.)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from storage import repo
from storage.db import new_session, write_lock, write_lock_within

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
RETRY_AFTER_S = 30.0  # far longer than a turn (the LLM's timeout is 2.5 s), so no live turn is taken over
# On SQLite a turn holds the write lock, LLM call included; the ack must not wait that long
# (Slack allows 3 s), so recording gives up after this and the event goes on unrecorded. It
# bounds both waits: for this process's lock, and for SQLite's lock held by another process.
RECORD_WAIT_S = 1.0


@dataclass(frozen=True)
class Stranded:
    event_id: str
    payload: dict[str, Any]


class Inbox:
    def __init__(self, engine: Engine, channel: str, clock: Callable[[], datetime], *,
                 retry_after_s: float = RETRY_AFTER_S) -> None:
        self.engine, self.channel, self.clock = engine, channel, clock
        self.retry_after = timedelta(seconds=retry_after_s)

    def record(self, event_id: str, payload: dict[str, Any], *, wait_s: float = RECORD_WAIT_S) -> bool:
        """Before the ack. True when written down now; False for a redelivery, or when it could
        not be written (busy for ``wait_s``, or failing). Never raises: a rep is never refused
        because the safety net failed; the event is still handled, just not replayable."""
        now = self.clock()
        try:
            with write_lock_within(self.engine, wait_s) as engine:
                if engine is not None:
                    with new_session(engine) as session, session.begin():
                        return repo.record_inbound(session=session, channel=self.channel, event_id=event_id,
                                                   payload=payload, now=now, retry_at=now + self.retry_after)
        except Exception as exc:
            # "locked": another process's turn holds SQLite's lock, as busy as our own.
            if not (isinstance(exc, OperationalError) and "locked" in str(exc.orig)):
                log.exception("could not record an inbound event (channel=%s event=%s)", self.channel, event_id)
                return False
        log.warning("inbound event not recorded: the database was busy (channel=%s event=%s)",
                    self.channel, event_id)
        return False

    def done(self, event_id: str) -> None:
        """After the coach's turn, whatever its outcome: a replay would only find it claimed.
        Never raises, so the replies still go out; a row left behind costs one idle replay."""
        try:
            with write_lock(self.engine), new_session(self.engine) as session, session.begin():
                repo.drop_inbound(session=session, channel=self.channel, event_id=event_id)
        except Exception as exc:
            log.warning("could not cross off an inbound event (channel=%s event=%s): %s",
                        self.channel, event_id, type(exc).__name__)

    def waiting(self) -> int:
        """How many events are recorded and not yet handled (in flight, or stranded)."""
        with new_session(self.engine) as session:
            return repo.count_inbound(session=session, channel=self.channel)

    def stranded(self, limit: int = 50) -> list[Stranded]:
        """Take over the events whose process died after acknowledging them."""
        now = self.clock()
        taken = []
        with write_lock(self.engine), new_session(self.engine) as session, session.begin():
            for event in repo.stranded_inbound(session=session, channel=self.channel, now=now, limit=limit):
                if event.attempts >= MAX_ATTEMPTS:
                    if repo.drop_inbound(session=session, channel=self.channel, event_id=event.event_id):
                        log.warning("gave up on an inbound event after %d attempts (channel=%s event=%s)",
                                    event.attempts, self.channel, event.event_id)
                elif repo.lease_inbound(session=session, event=event, retry_at=now + self.retry_after):
                    taken.append(Stranded(event.event_id, dict(event.payload)))
        if taken:
            log.info("replaying %d stranded inbound events (channel=%s)", len(taken), self.channel)
        return taken
