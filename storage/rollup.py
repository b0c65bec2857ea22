"""Keeps stage_total (storage/models.py StageTotal) in step with the deals: every flush that adds,
changes or removes an opportunity adds its deltas per owner, stage and currency, in the same
transaction. A SQLAlchemy session event, so no writer (chat, import, admin) can forget it. Where
a change's old value isn't known (an attribute expired before it was set), that owner's rows are
counted again from the deals after the flush."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import delete, event, func, inspect, select
from sqlmodel import Session

from storage.models import Opportunity, StageTotal
from storage.upsert import dialect_insert

_KEYS = ("owner_id", "stage", "currency", "amount")
_TABLE = StageTotal.__table__
_RECOUNT = "dealcoach_recount_owners"  # session.info key: owners to count again after the flush


def _old(obj: Opportunity) -> Optional[tuple[Any, ...]]:
    """The values the database holds for the deal, or None when one of them isn't known."""
    state, out = inspect(obj), []
    for key in _KEYS:
        hist = state.attrs[key].history
        if hist.deleted:
            out.append(hist.deleted[0])
        elif hist.unchanged:
            out.append(hist.unchanged[0])
        elif not hist.added:
            out.append(getattr(obj, key))
        else:
            return None  # set after it expired: the old value is gone
    return tuple(out)


def _now(obj: Opportunity) -> tuple[Any, ...]:
    return tuple(getattr(obj, key) for key in _KEYS)


def _before_flush(session: Session, _context, _instances) -> None:
    deltas: dict[tuple[int, str, str], list] = defaultdict(lambda: [0, Decimal(0)])
    recount: set[int] = session.info.setdefault(_RECOUNT, set())

    def add(values: tuple[Any, ...], sign: int) -> None:
        owner, stage, currency, amount = values
        row = deltas[(owner, stage, currency or "")]
        row[0] += sign
        row[1] += sign * Decimal(str(amount or 0))

    for obj in session.new:
        if isinstance(obj, Opportunity):
            add(_now(obj), +1)
    for obj in session.dirty:
        if isinstance(obj, Opportunity) and session.is_modified(obj):
            old = _old(obj)
            if old is None:
                recount.add(obj.owner_id)
            elif old != _now(obj):
                add(old, -1)
                add(_now(obj), +1)
    for obj in session.deleted:
        if isinstance(obj, Opportunity):
            old = _old(obj)
            if old is None:
                recount.add(obj.owner_id)
            else:
                add(old, -1)
    rows = [{"owner_id": o, "stage": s, "currency": c, "deals": n, "amount": a}
            for (o, s, c), (n, a) in deltas.items() if (n or a) and o not in recount]
    if rows:
        insert = dialect_insert(session.get_bind().dialect.name)(_TABLE)
        stmt = insert.on_conflict_do_update(
            index_elements=["owner_id", "stage", "currency"],
            set_={"deals": _TABLE.c.deals + insert.excluded.deals, "amount": _TABLE.c.amount + insert.excluded.amount})
        session.connection().execute(stmt, rows)


def _after_flush(session: Session, _context) -> None:
    owners = session.info.pop(_RECOUNT, None)
    if owners:
        recount(session, sorted(owners))


def recount(session: Session, owner_ids: list[int]) -> None:
    """Counts those owners' rows again from their deals."""
    conn = session.connection()
    conn.execute(delete(_TABLE).where(_TABLE.c.owner_id.in_(owner_ids)))
    currency = func.coalesce(Opportunity.currency, "")
    conn.execute(_TABLE.insert().from_select(
        ["owner_id", "stage", "currency", "deals", "amount"],
        select(Opportunity.owner_id, Opportunity.stage, currency, func.count(),
               func.coalesce(func.sum(Opportunity.amount), 0))
        .where(Opportunity.owner_id.in_(owner_ids)).group_by(Opportunity.owner_id, Opportunity.stage, currency)))


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)
