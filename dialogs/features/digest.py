"""The weekly digest for managers (and, asked with /digest, for a rep's own deals): the
forecast and how it moved since last week, deals that advanced, slipped or went stale, the top
deals at risk with their reasons, and which rep most often leaves which topic missing.

Everything comes from aggregates and from the week's changes (stage moves, close dates moved
out), never from a scan of the team's history, so it costs about the same for a team of any age.
The same view is the scheduled DM (dialogs/features/pushes.py) and the /digest answer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, Optional

from dialogs.domain import access
from dialogs.features import pipeline, schedule
from dialogs.features.coaching.reply import fit
from dialogs.flows.deals import format_amount
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity

WEEK = timedelta(days=7)
SHOWN = 3  # deals named per line; the rest counted
AT_RISK = 3


def _rates(turn: Turn) -> dict[str, Decimal]:
    return {s.id: Decimal(str(s.win_rate)) / 100 for s in turn.playbook.stages}


def changes(turn: Turn, owners: Optional[list[int]]) -> dict[str, Any]:
    """The week's moves: new, advanced, won, lost and slipped deals, those that went stale, and the
    weighted forecast as it stood a week ago (today's, with the week's stage moves undone)."""
    end, start = turn.now, turn.now - WEEK
    order = [s.id for s in turn.playbook.stages]
    final = {s.id for s in turn.playbook.stages if s.final}
    rates = _rates(turn)
    first: dict[int, Optional[str]] = {}
    deals: dict[int, Opportunity] = {}
    for change, opp in repo.stage_changes_between(session=turn.session, owner_ids=owners, start=start, end=end):
        first.setdefault(opp.id, change.from_stage)
        deals[opp.id] = opp
    moved: dict[str, list[Opportunity]] = {"new": [], "advanced": [], "won": [], "lost": [], "slipped": []}
    undo = Decimal(0)
    for opp_id, before in first.items():
        opp = deals[opp_id]
        value = turn.money.convert(opp.amount, opp.currency) if opp.amount is not None else None
        if value is not None:
            was = rates.get(before, Decimal(0)) if before and before not in final else Decimal(0)
            now = rates.get(opp.stage, Decimal(0)) if opp.stage not in final else Decimal(0)
            undo += value * (now - was)
        if before is None:
            moved["new"].append(opp)
            continue
        if opp.stage == before:
            continue  # moved and back
        if opp.stage in final:
            moved["won" if rates.get(opp.stage, 0) > 0 else "lost"].append(opp)
        elif before in order and opp.stage in order and order.index(opp.stage) > order.index(before):
            moved["advanced"].append(opp)
        else:
            moved["slipped"].append(opp)
    slipped_ids = {o.id for o in moved["slipped"]}
    for slip in repo.slips_between(session=turn.session, owner_ids=owners, start=start, end=end):
        if slip.opportunity_id not in slipped_ids:
            opp = turn.opportunity(slip.opportunity_id)
            if opp is not None and opp.stage not in final:
                slipped_ids.add(opp.id)
                moved["slipped"].append(opp)
    stale_days = timedelta(days=turn.playbook.stale_days)
    open_ids = [s.id for s in turn.playbook.open_stages]
    moved["stale"] = repo.went_stale_between(session=turn.session, owner_ids=owners, stages=open_ids,
                                             start=start - stale_days, end=end - stale_days, limit=50)
    return {"moved": moved, "undo": undo}


def _names(deals: list[Opportunity]) -> str:
    shown = ", ".join(d.name for d in deals[:SHOWN])
    return shown + (f" +{len(deals) - SHOWN}" if len(deals) > SHOWN else "")


def _gaps(turn: Turn, owners: Optional[list[int]], open_ids: list[str]) -> list[dict]:
    """Per rep, the topic they most often leave missing, the reps with most missing first."""
    rows = pipeline.coaching_gaps(turn, owners, open_ids)
    return [{"rep": r["rep"], "dim": r["dims"][0], "open": r["open"]} for r in rows[:SHOWN]]


def build(turn: Turn, scope_arg: str = "") -> tuple[str, list[Button], dict[str, Any]]:
    """(text, buttons, meta) of the digest for the asker's scope."""
    if turn.user.role == "rep":
        code, owners, title = "me", [turn.user.id], turn.user.name
    else:
        code, owners = "team", access.visible_owner_ids(turn.session, turn.user)
        title = turn.t("coach.pipeline_team_name", name=turn.user.name)
    f = pipeline.figures(turn, owners, open_only=True)
    week = changes(turn, owners)
    moved, currency = week["moved"], f["currency"]
    before = f["weighted"] - week["undo"]
    risky = pipeline.at_risk_rows(turn, owners, f["open_ids"])[:AT_RISK]
    names = {u.id: u.name for u in repo.list_users(session=turn.session)} if code != "me" else {}
    start = (turn.now - WEEK).date()
    text = turn.t("coach.digest", title=title, start=start.isoformat(), end=turn.now.date().isoformat(),
                  weighted=format_amount(f["weighted"], currency, turn.lang), change=_signed(f["weighted"] - before, currency, turn.lang),
                  moved={k: {"n": len(v), "names": _names(v)} for k, v in moved.items()},
                  at_risk=[{"deal": o.name, "owner": names.get(o.owner_id), "reason": reason} for o, _, reason in risky],
                  gaps=_gaps(turn, owners, f["open_ids"]) if code != "me" else [],
                  apart=pipeline.apart_text(f["apart"], turn.lang), rates_date=f["rates_date"])
    text, _ = fit(text)
    buttons = [Button(button_id("summary", deal=o.id), o.name[:40]) for o, _, _ in risky]
    buttons.append(Button(button_id("pipeline"), turn.label("full_pipeline")))
    meta = {"digest": {"scope": code, "period": {"from": start.isoformat(), "to": turn.now.date().isoformat()},
                       "weighted": pipeline.num(f["weighted"]), "currency": currency, "rates_date": f["rates_date"],
                       "changes": {"weighted_before": pipeline.num(before),
                                   **{k: [o.id for o in v] for k, v in moved.items()}},
                       "at_risk": [o.id for o, _, _ in risky]}}
    return text, buttons, meta


def _signed(value: Decimal, currency: str, lang: str) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + format_amount(abs(value), currency, lang)


def digest(turn: Turn, arg: str = "") -> None:
    """/digest: this week's digest now; "/digest fri 17:00", "/digest off", "/digest tz
    Asia/Taipei" set when it comes."""
    if arg.strip():
        schedule.set_schedule(turn, arg)
        return
    text, buttons, meta = build(turn)
    turn.say(text, buttons, meta)
