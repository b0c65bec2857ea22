"""Engine wiring: the one place an engine is built, and schema migration at start."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from storage.errors import SchemaError
import storage.rollup  # noqa: F401  (keeps stage_total in step with every session's flushes)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions (a test keeps the two in step). A database already
# there starts without alembic, whose import and script scan would cost every start ~0.1 s.
SCHEMA_HEAD = "0011"
SQLITE_BUSY_TIMEOUT_MS = 10_000
BUSY_WAIT_OPTION = "dealcoach_busy_wait_ms"  # an execution option: see write_lock_within
MIGRATION_LOCK_KEY = 7_461_002_018  # pg_advisory_lock's key for "dealcoach migrations"


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
        # SQLite's advice for WAL: a commit is not synced to disk on its own (the WAL is, at each
        # checkpoint). A killed process loses nothing and the file can't be corrupted; a power cut
        # may lose the last turns. Deployments that must survive that run on PostgreSQL.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # IMMEDIATE takes the write lock up front, so two writers wait instead of deadlocking.
        wait_ms = conn.get_execution_options().get(BUSY_WAIT_OPTION)
        if wait_ms is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        # A caller with a deadline waits less for another process's writer; the pooled
        # connection gets the usual timeout back whether or not the lock was had.
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")

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
    """``write_lock`` for a caller that must not wait long (an ack has a deadline). Yields an
    engine whose SQLite transactions also wait at most ``timeout_s`` for another process's
    writer (raising "database is locked"), or None when this process's lock stayed busy."""
    lock = write_lock(engine)
    if not hasattr(lock, "acquire"):
        yield engine
        return
    if not lock.acquire(timeout=timeout_s):
        yield None
        return
    try:
        yield engine.execution_options(**{BUSY_WAIT_OPTION: timeout_s * 1000})
    finally:
        lock.release()


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("*.py")}


@contextlib.contextmanager
def _migration_lock(engine: Engine):
    """One migration run at a time across processes: a PostgreSQL advisory lock (held by a
    connection of its own), or a file lock beside a SQLite database."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{Path(database).expanduser()}.migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(engine: Engine) -> bool:
    """Create or upgrade the schema to the newest alembic revision, under a lock, so replicas
    starting at once run it once. True when it ran. Refuses a schema newer than the code."""
    current = schema_revision(engine)
    if current == SCHEMA_HEAD:
        return False
    if current is not None and current not in _known_revisions():
        raise SchemaError(f"the database is at schema {current}, newer than this code ({SCHEMA_HEAD}): "
                          "upgrade dealcoach before starting it")
    from alembic import command
    from alembic.config import Config

    with _migration_lock(engine):
        if schema_revision(engine) == SCHEMA_HEAD:  # another process ran it while we waited
            return False
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    return True


def open_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def new_session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


class StatementCounter:
    """Counts the SQL statements an engine runs while it is open (a SQLAlchemy cursor event), for
    the turn benchmarks and the pinned per-turn counts. A transaction's own BEGIN is not counted:
    PostgreSQL's is implicit, SQLite's is the "begin" hook's, and every turn pays it, as does the
    one-commit floor the benchmarks compare with."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _seen(self, _conn, _cursor, statement: str, *_rest) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.statements.append(statement)

    def __enter__(self) -> "StatementCounter":
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    @property
    def count(self) -> int:
        return len(self.statements)
