"""No acknowledged reply is lost: a turn's rendered replies are written in the turn's own
transaction (Coach.turn), sent by the adapter after the commit, and crossed off once the
platform accepted them. If the process dies in between, or the send fails, the row stays;
after ``lease_s`` any process's sweep takes it over (a conditional UPDATE, so one process at
a time) and sends it again. A reply may so reach the user twice after a crash; never zero
times. Reminders go the same way (Coach.deliver_due).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Optional

from sqlalchemy import Engine

from dialogs.messages import Reply
from storage import repo
from storage.db import new_session, write_lock

log = logging.getLogger(__name__)
LEASE_S = 30.0  # far longer than a send; a live sender is never overtaken
MAX_ATTEMPTS = 10  # a reply the platform refuses every time is dropped, with a warning


@dataclass(frozen=True)
class Pending:
    outbox_id: int
    target: dict[str, Any]
    replies: list[Reply]


class Outbox:
    def __init__(self, engine: Engine, channel: str, clock: Callable[[], datetime], *,
                 lease_s: float = LEASE_S) -> None:
        self.engine, self.channel, self.clock, self.lease_s = engine, channel, clock, lease_s

    def sent(self, outbox_id: Optional[int]) -> None:
        """The platform accepted them. Never raises: a row left behind costs one resend."""
        if outbox_id is None:
            return
        try:
            with write_lock(self.engine), new_session(self.engine) as session, session.begin():
                repo.drop_outbound(session=session, outbound_id=outbox_id)
        except Exception as exc:
            log.warning("could not cross off sent replies (channel=%s): %s", self.channel, type(exc).__name__)

    def stranded(self, limit: int = 50) -> list[Pending]:
        """Take over replies whose sender died or failed, for one more attempt each."""
        now = self.clock()
        out = []
        with write_lock(self.engine), new_session(self.engine) as session, session.begin():
            for row in repo.lease_outbound(session=session, channel=self.channel, now=now,
                                           retry_at=now + timedelta(seconds=self.lease_s), limit=limit):
                if row.attempts > MAX_ATTEMPTS:
                    log.warning("gave up on replies after %d attempts (channel=%s id=%s)",
                                row.attempts, self.channel, row.id)
                    repo.drop_outbound(session=session, outbound_id=row.id)
                    continue
                out.append(Pending(row.id, dict(row.target), [Reply.load(r) for r in row.replies]))
        return out

    def resend(self, deliver: Callable[[dict[str, Any], list[Reply]], Any]) -> int:
        """Send what is stranded with ``deliver(target, replies)``; a failure waits for the next sweep."""
        done = 0
        for pending in self.stranded():
            try:
                deliver(pending.target, pending.replies)
            except Exception as exc:
                log.warning("resending replies failed; will retry (channel=%s): %s", self.channel, type(exc).__name__)
                continue
            self.sent(pending.outbox_id)
            done += 1
        return done
