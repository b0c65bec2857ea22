"""What every log line of a turn may say about it: the channel, a hash of the conversation key
(the key holds user and chat ids) and the event id. Never a text, a name or a token."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from contextvars import ContextVar
from typing import Iterator

FIELDS = ("channel", "conversation", "event")
_TURN: ContextVar[dict[str, str]] = ContextVar("dealcoach_turn", default={})


@contextlib.contextmanager
def turn(channel: str, conversation_key: str, event_id: str | None) -> Iterator[None]:
    token = _TURN.set({"channel": channel, "event": event_id or "",
                       "conversation": hashlib.sha256(conversation_key.encode()).hexdigest()[:12]})
    try:
        yield
    finally:
        _TURN.reset(token)


class TurnFilter(logging.Filter):
    """Adds the turn's fields to each record (empty outside a turn)."""

    def filter(self, record: logging.LogRecord) -> bool:
        values = _TURN.get()
        for name in FIELDS:
            if not hasattr(record, name):
                setattr(record, name, values.get(name, ""))
        return True
