"""Everything a rep would carry to a CRM, in the CONTRACTS.md shape (JSON) or flat rows (CSV)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any, Optional

from sqlmodel import Session

from storage import repo

CSV_COLUMNS = (
    "opportunity_id", "opportunity", "account", "owner", "stage", "amount", "currency",
    "close_date", "dimension", "status", "text", "source_text", "author", "channel", "created_at",
    "superseded",
)


def _number(value: Optional[Decimal]) -> Optional[int | float]:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def export_data(*, session: Session) -> dict[str, Any]:
    users = repo.users_by_id(session=session)

    def name(user_id: Optional[int]) -> Optional[str]:
        return users[user_id].name if user_id in users else None

    opportunities = []
    for opp in repo.all_opportunities(session=session):
        answers = [
            {
                "dimension": a.dimension,
                "text": a.text,
                "source_text": a.source_text if a.source_text is not None else a.text,
                "status": a.status,
                "origin": a.origin,
                "facts": a.facts,
                "author": name(a.author_id),
                "channel": a.channel,
                "created_at": a.created_at.isoformat(),
                "superseded": superseded,
            }
            for a, superseded in repo.all_answers(session=session, opportunity_id=opp.id)
        ]
        history = [
            {
                "from": h.from_stage,
                "to": h.to_stage,
                "author": name(h.author_id),
                "channel": h.channel,
                "created_at": h.created_at.isoformat(),
            }
            for h in repo.stage_history(session=session, opportunity_id=opp.id)
        ]
        opportunities.append({
            "id": opp.id,
            "name": opp.name,
            "account": opp.account,
            "owner": name(opp.owner_id),
            "stage": opp.stage,
            "amount": _number(opp.amount),
            "currency": opp.currency,
            "close_date": opp.close_date.isoformat() if opp.close_date else None,
            "answers": answers,
            "stakeholders": [{"name": p.name, "title": p.title, "role": p.role, "stance": p.stance}
                             for p in repo.stakeholders_of(session=session, opportunity_id=opp.id)],
            "stage_history": history,
        })
    return {"opportunities": opportunities}


def export_csv(data: dict[str, Any]) -> str:
    """One row per answer (a deal with no answers still gets one row)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for opp in data["opportunities"]:
        base = {
            "opportunity_id": opp["id"], "opportunity": opp["name"], "account": opp["account"],
            "owner": opp["owner"], "stage": opp["stage"], "amount": opp["amount"],
            "currency": opp["currency"], "close_date": opp["close_date"],
        }
        if not opp["answers"]:
            writer.writerow(base)
        for a in opp["answers"]:
            writer.writerow({**base, **{k: a[k] for k in (
                "dimension", "status", "text", "source_text", "author", "channel", "created_at",
                "superseded")}})
    return out.getvalue()
