"""Migrations run once, under a lock, however many replicas start together; a schema newer
than the code is refused with a clear message. Real processes on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess

from sqlalchemy import text

from storage.db import SCHEMA_HEAD, make_engine, schema_revision
from tests.bot.test_console import DEALCOACH, _env


def test_replicas_starting_together_migrate_once(db_url):
    procs = [subprocess.Popen([DEALCOACH, "migrate"], env=_env(db_url), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in outs]
    said = sorted(out.strip() for out, _ in outs)
    assert said == [f"schema already at {SCHEMA_HEAD}"] * 3 + [f"schema upgraded to {SCHEMA_HEAD}"]
    engine = make_engine(db_url)
    try:
        assert schema_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()


def test_a_schema_newer_than_the_code_is_refused(db_url):
    assert subprocess.run([DEALCOACH, "migrate"], env=_env(db_url), capture_output=True).returncode == 0
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    finally:
        engine.dispose()
    for command in (["migrate"], ["export"]):
        run = subprocess.run([DEALCOACH, *command], env=_env(db_url), capture_output=True, text=True, timeout=60)
        assert run.returncode == 2 and "newer than this code" in run.stderr, (command, run.stderr)
