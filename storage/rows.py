"""A turn's own writes, each one prebuilt Core statement rather than a trip through the ORM's
unit of work: its flush (ordering, history, bookkeeping for three rows) cost more than
everything SQLite did in a turn. The objects stay the ORM's: an inserted row is attached as
persistent and an updated one carries its new values without history, so reads later in the
same transaction see them and the commit's flush finds nothing left to do."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, inspect, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel

from storage.upsert import dialect_insert

_BUILT: dict[tuple[str, str, str], Any] = {}


def _statement(kind: str, table: Any, dialect: str) -> Any:
    """Built once per table: constructing a statement costs more than running it."""
    stmt = _BUILT.get((kind, table.name, dialect))
    if stmt is None:
        pk = table.c.id
        if kind == "insert":
            stmt = insert(table).returning(pk, sort_by_parameter_order=True)
        elif kind == "insert_once":
            stmt = dialect_insert(dialect)(table).on_conflict_do_nothing().returning(pk)
        else:
            stmt = update(table).where(pk == bindparam("_row_id"))
        _BUILT[(kind, table.name, dialect)] = stmt
    return stmt


def _run(session: Session, kind: str, table: Any, params: Any) -> Any:
    """On the session's connection: these statements need none of the ORM's handling."""
    conn = session.connection()
    return conn.execute(_statement(kind, table, conn.dialect.name), params)


def insert_once(session: Session, model: type[SQLModel], **values: Any) -> bool:
    """Insert a row unless its unique key is taken (by an earlier or a concurrent insert): one
    ``INSERT ... ON CONFLICT DO NOTHING``, so no savepoint. None values are left to the column."""
    values = {name: value for name, value in values.items() if value is not None}
    # A row comes back only when it was inserted (the driver's rowcount is -1 with RETURNING).
    return _run(session, "insert_once", model.__table__, values).first() is not None


def insert_rows(session: Session, rows: list[SQLModel]) -> None:
    """New rows of one table, in one INSERT where the database can say which id is whose
    (PostgreSQL; SQLite takes one per row, as the ORM's flush does); each gets its id and
    becomes persistent in ``session``, as if it had been added and flushed."""
    if not rows:
        return
    table = type(rows[0]).__table__
    columns = [c.name for c in table.columns if c.name != "id"]
    values = [{name: getattr(row, name) for name in columns} for row in rows]
    ids = _run(session, "insert", table, values).scalars().all()
    for row, row_id in zip(rows, ids):
        row.id = row_id
        make_transient_to_detached(row)
        session.add(row)


def update_row(session: Session, row: SQLModel, **values: Any) -> None:
    """Set columns of a persistent row with one UPDATE. A row with changes of its own not yet
    written takes these too and goes through the flush as before: one UPDATE either way. Not
    for a deal's owner, stage, currency or amount: the stage totals follow those in the flush
    (storage/rollup.py)."""
    state = inspect(row)
    values = {name: value for name, value in values.items() if getattr(row, name) != value}
    if not values:  # touched twice in a turn: written once
        return
    if state.persistent and not state.modified:
        _run(session, "update", type(row).__table__, {"_row_id": row.id, **values})
        for name, value in values.items():
            set_committed_value(row, name, value)
        return
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
