"""Managers' plain questions, each routed to its view with the right scope and period:
at-risk deals, the forecast for this month or quarter, a deal's or a rep's state, and who
needs coaching on what. A rep asking about "the team" gets their own scope; a manager sees
their team; nobody sees more than dialogs.domain.access allows."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from dialogs.features import pipeline, summary
from dialogs.features.coaching import reply
from dialogs.flows.deals import format_amount
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity, User


def _full(turn: Turn) -> Button:
    return Button(button_id("pipeline"), turn.label("full_pipeline"))


def at_risk(turn: Turn, arg: str = "") -> None:
    found = pipeline.scope(turn, arg)
    if found is None:
        return
    code, owners, title = found
    open_ids = [s.id for s in turn.playbook.open_stages]
    rows = pipeline.at_risk_rows(turn, owners, open_ids)
    names = {u.id: u.name for u in repo.list_users(session=turn.session)} if code != "me" else {}
    text = turn.t("coach.ask_at_risk", title=title, rows=[
        {"deal": o.name, "owner": names.get(o.owner_id), "reason": reason} for o, _, reason in rows])
    buttons = [Button(button_id("summary", deal=o.id), o.name[:40]) for o, _, _ in rows[:3]]
    reply.answer(turn, text, buttons, "at_risk", None, more=_full(turn),
                 pipeline={"scope": code, "at_risk": [o.id for o, _, _ in rows]})


def forecast(turn: Turn, period: Optional[str], arg: str = "") -> None:
    found = pipeline.scope(turn, arg)
    if found is None:
        return
    code, owners, title = found
    f = pipeline.figures(turn, owners)
    currency = f["currency"]
    periods = [period] if period else ["month", "quarter"]
    blocks = []
    for p in periods:
        start, end = pipeline.period_bounds(turn.now.date(), p)
        per_stage, largest = repo.closing_between(session=turn.session, owner_ids=owners, stages=f["open_ids"],
                                                  start=start, end=end)
        n, amount, weighted, apart, weighted_apart = pipeline.weigh(turn, per_stage)
        blocks.append({"period": p, "start": start.isoformat(), "end": end.isoformat(), "count": n,
                       "amount": pipeline.shown_amount(amount, apart, currency, turn.lang),
                       "weighted": pipeline.shown_amount(weighted, weighted_apart, currency, turn.lang),
                       "apart": pipeline.apart_text(apart, turn.lang) if amount else [],
                       "largest": [{"deal": o.name, "amount": format_amount(o.amount, o.currency or currency, turn.lang),
                                    "stage": (turn.playbook.stage(o.stage).name(turn.lang) if turn.playbook.stage(o.stage) else o.stage),
                                    "close": o.close_date.isoformat()} for o in largest],
                       "_weighted": weighted, "_largest": [o.id for o in largest]})
    text = turn.t("coach.ask_forecast", title=title, blocks=blocks, open_weighted=pipeline.shown_amount(f["weighted"], f["weighted_apart"], currency, turn.lang),
                  rates_date=f["rates_date"])
    reply.answer(turn, text, [], "forecast", None, more=_full(turn), period=period,
                 pipeline={**pipeline.pipeline_meta(code, f), "periods": {
                     b["period"]: {"count": b["count"], "weighted": pipeline.num(b["_weighted"]),
                                   "largest": b["_largest"]} for b in blocks}})


def coaching_gaps(turn: Turn, arg: str = "", only: Optional[str] = None) -> None:
    found = pipeline.scope(turn, arg)
    if found is None:
        return
    code, owners, title = found
    open_ids = [s.id for s in turn.playbook.open_stages]
    gaps = pipeline.coaching_gaps(turn, owners, open_ids, only=only)
    gaps.sort(key=lambda g: (-g.get("missing", 0) / g["open"], -g.get("missing", 0), -g["open"]))
    text = turn.t("coach.ask_coaching", title=title, gaps=gaps[:10], topic=turn.questions(only)["label"] if only else None)
    reply.answer(turn, text, [], "coaching_gaps", None, more=_full(turn),
                 pipeline={"scope": code, "gaps": [{"rep": g["rep"], "dims": g["dims"]} for g in gaps]})


def overview(turn: Turn, arg: str = "", code: str = "pipeline") -> None:
    """The pipeline in a phone's screen: stages with deals, the forecast, the at-risk count."""
    found = pipeline.scope(turn, arg)
    if found is None:
        return
    scope_code, owners, title = found
    f = pipeline.figures(turn, owners)
    currency = f["currency"]
    risky = pipeline.at_risk_rows(turn, owners, f["open_ids"])
    gaps = pipeline.coaching_gaps(turn, owners, f["open_ids"]) if scope_code != "team" else []
    rows = [{**r, "amount": pipeline.shown_amount(r["amount"], r["left"], currency, turn.lang)}
            for r in f["rows"] if r["count"]]
    # One rep's view names their biggest deals ("what's jake's biggest deal?"); a team's would scan every deal.
    deals = repo.largest_open(session=turn.session, owner_ids=owners, stages=f["open_ids"]) \
        if scope_code != "team" and owners else []
    # Compared in the reporting currency; a deal no rate converts comes after those that convert.
    def size(o: Opportunity) -> tuple[bool, Decimal]:
        value = turn.money.convert(o.amount, o.currency)
        return value is None, -(value if value is not None else o.amount)

    deals.sort(key=size)
    largest = [{"deal": o.name, "amount": format_amount(o.amount, o.currency or currency, turn.lang)} for o in deals[:3]]
    text = turn.t("coach.ask_overview", title=title, rows=rows,
                  weighted=pipeline.shown_amount(f["weighted"], f["weighted_apart"], currency, turn.lang),
                  month=pipeline.closes(f, "month", currency, turn.lang),
                  quarter=pipeline.closes(f, "quarter", currency, turn.lang),
                  at_risk=len(risky),
                  gaps=gaps[0]["dims"] if gaps else [], apart=pipeline.left_apart(f, turn.lang),
                  largest=largest)
    buttons = [Button(button_id("ask.view", view="at_risk"), turn.label("at_risk"))] if risky else []
    reply.answer(turn, text, buttons, code, None, more=_full(turn), pipeline=pipeline.pipeline_meta(scope_code, f))


def rep_status(turn: Turn, rep: User) -> None:
    overview(turn, rep.name if rep.id != turn.user.id else "me", code="rep_status")


def deal_status(turn: Turn, opp: Opportunity) -> None:
    """The deal's summary, as the summary view shows it, cut to a phone screen if need be."""
    summary.summary(turn, str(opp.id))
    last = turn.replies.pop()
    reply.answer(turn, last.text, last.buttons, "deal_status", opp,
                 more=Button(button_id("summary", deal=opp.id), turn.label("full_summary")),
                 **{k: v for k, v in last.meta.items() if k != "opportunity"})
