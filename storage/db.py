"""Engine wiring: the one place an engine is built, and schema migration at start."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs: the installed driver is psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # hide_parameters: a failed statement's message would otherwise carry the rep's note text.
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" hook below own transactions instead of pysqlite.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # IMMEDIATE takes the write lock up front, so two writers wait instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def write_lock(engine: Engine):
    """A lock that serialises this process's write transactions on SQLite (a single-writer
    database): waiting on a lock is fair, where SQLite's busy handler sleep-polls and can starve
    a writer past its timeout under load (found by the soak run). Elsewhere a no-op."""
    lock = getattr(engine, "_dealcoach_write_lock", None)
    if lock is None:
        lock = threading.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()
        engine._dealcoach_write_lock = lock
    return lock


@contextlib.contextmanager
def write_lock_within(engine: Engine, timeout_s: float):
    """``write_lock`` for a caller that must not wait long (an ack has a deadline): yields
    whether the lock was taken; the caller skips its write when it was not."""
    lock = write_lock(engine)
    if not hasattr(lock, "acquire"):
        yield True
        return
    taken = lock.acquire(timeout=timeout_s)
    try:
        yield taken
    finally:
        if taken:
            lock.release()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest alembic revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def open_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def new_session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
