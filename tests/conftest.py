"""Shared fixtures: a real database per test (a SQLite file, and a PostgreSQL schema when
TEST_DATABASE_URL is set), a coach on it with a hand-driven clock, and a chat helper."""

from __future__ import annotations

import contextlib
import os
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, Optional

import pytest
from sqlalchemy import create_engine, text

from dialogs.coach import Coach
from dialogs.messages import Incoming, Reply
from storage.db import normalize_url, open_database

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file in ``folder``, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'coach.db'}"
        return
    # One schema per test keeps tests independent without a database per test.
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(normalize_url(PG_URL), schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> Iterator[str]:
    with database(request.param, tmp_path) as url:
        yield url


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def engine(db_url):
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def coach(engine, clock) -> Coach:
    return Coach(engine, clock=clock)


class Chat:
    """One user talking to a coach, as a channel adapter would."""

    def __init__(self, coach: Coach, user: str = "alice", channel: str = "console",
                 clock: Optional[Clock] = None) -> None:
        self.coach, self.user, self.channel, self.clock = coach, user, channel, clock
        self.replies: list[Reply] = []
        self._n = 0

    def _send(self, **kw) -> list[Reply]:
        self._n += 1
        kw.setdefault("event_id", f"{self.user}-{self._n}-{uuid.uuid4().hex[:6]}")
        msg = Incoming(channel=self.channel, user_ref=self.user, display_name=self.user,
                       space="local", **kw)
        self.replies = self.coach.handle(msg)
        if self.clock:
            self.clock.advance(seconds=1)
        return self.replies

    def say(self, text: str, **kw) -> list[Reply]:
        return self._send(text=text, **kw)

    def press(self, button_id: str, **kw) -> list[Reply]:
        return self._send(button=button_id, **kw)

    @property
    def last(self) -> Reply:
        assert self.replies, "the coach gave no reply"
        return self.replies[-1]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    def button(self, prefix: str) -> str:
        """The id of the first button on the last reply whose id starts with ``prefix``."""
        for b in self.last.buttons:
            if b.id.startswith(prefix):
                return b.id
        raise AssertionError(f"no button {prefix!r} in {[b.id for b in self.last.buttons]}")


@pytest.fixture
def chat(coach, clock) -> Chat:
    return Chat(coach, clock=clock)


@pytest.fixture
def make_chat(coach, clock):
    return lambda user, channel="console": Chat(coach, user=user, channel=channel, clock=clock)
