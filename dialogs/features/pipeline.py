"""/pipeline [me|team|<rep>]: deals and amounts per stage, a forecast weighted by stage win
rate, expected closes this month and quarter, the at-risk list, and coaching gaps per rep.
Everything is aggregated in SQL; a chart comes with it."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Optional

from rapidfuzz import fuzz, process, utils

from dialogs.domain import access
from dialogs.flows.deals import format_amount
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.messages import Attachment, Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage import repo

AT_RISK_SHOWN = 8
GAPS_SHOWN = 2
SHOWN = 3  # rows of at-risk deals and coaching gaps in the pipeline itself


def _quarter_bounds(today: date) -> tuple[date, date]:
    first = (today.month - 1) // 3 * 3 + 1
    last = first + 2
    return date(today.year, first, 1), date(today.year, last, calendar.monthrange(today.year, last)[1])


_PERIOD = re.compile(r"(?:for\s+)?(?:this|the|current|next)?\s*(?:quarter|qtr|month|q[1-4]|year|fy)|"
                     r"(?:这|這|本|下)(?:个|個)?(?:季度?|月|年度?)|q[1-4]", re.IGNORECASE)


def scope(turn: Turn, arg: str) -> Optional[tuple[str, Optional[list[int]], str]]:
    """(scope code, owner ids or None for all, a name for the title), or None after refusing."""
    arg = arg.strip()
    visible = access.visible_owner_ids(turn.session, turn.user)
    if arg.lower() in ("me", "mine", "我", "我的"):
        return "me", [turn.user.id], turn.user.name
    if _PERIOD.fullmatch(arg):  # "pipeline this quarter", "這季的漏斗": the view has the month and quarter
        arg = ""
    if not arg or arg.lower() in ("team", "my team", "團隊", "团队"):
        if turn.user.role == "rep":
            return "me", [turn.user.id], turn.user.name
        return "team", visible, turn.t("coach.pipeline_team_name", name=turn.user.name)
    people = repo.list_users(session=turn.session)
    allowed = [u for u in people if visible is None or u.id in visible]
    best = process.extractOne(arg, {u.id: u.name for u in allowed}, scorer=fuzz.WRatio,
                              processor=utils.default_process, score_cutoff=80)
    if best is None:
        turn.say(turn.t("coach.pipeline_no_rep", name=arg))
        return None
    user = next(u for u in allowed if u.id == best[2])
    return user.name, [user.id], user.name


def figures(turn: Turn, owners: Optional[list[int]], open_only: bool = False) -> dict:
    """Deals and amounts per stage, the weighted forecast, and closes this month and quarter:
    in the reporting currency, counting what converts; what doesn't is kept apart
    (dialogs/domain/money.py). Two currencies are never added as one. ``open_only`` skips the
    closed stages (which grow with history) for views that only weigh what is open."""
    today = turn.now.date()
    playbook, money = turn.playbook, turn.money
    open_ids = [s.id for s in playbook.open_stages]
    by_stage = repo.pipeline_by_stage(session=turn.session, owner_ids=owners, stages=open_ids if open_only else None)
    rows = []
    for stage in playbook.stages:
        per_currency = by_stage.get(stage.id, {})
        amount, left = money.total({c: a for c, (_, a) in per_currency.items()})
        rows.append({"id": stage.id, "name": stage.name(turn.lang), "count": sum(n for n, _ in per_currency.values()),
                     "amount": amount, "amounts": {c or money.currency: a for c, (_, a) in per_currency.items()},
                     "left": left})
    _, _, weighted, apart, weighted_apart = weigh(turn, {s: v for s, v in by_stage.items() if s in open_ids})
    month_start, month_end = month_bounds(today)
    q_start, q_end = _quarter_bounds(today)
    closing = []
    for start, end in ((month_start, month_end), (q_start, q_end)):
        found = repo.closes_between(session=turn.session, owner_ids=owners, stages=open_ids, start=start, end=end)
        amount, left = money.total({c: a for c, (_, a) in found.items()})
        closing.append((sum(n for n, _ in found.values()), amount, left))
    return {"rows": rows, "weighted": weighted, "weighted_apart": weighted_apart, "currency": money.currency,
            "rates_date": money.rates_date,
            "apart": apart, "month": closing[0], "quarter": closing[1], "open_ids": open_ids}


def weigh(turn: Turn, per_stage: dict[str, dict]) -> tuple[int, Decimal, Decimal, dict, dict]:
    """Deals, amount and weighted amount in the reporting currency for ``per_stage`` (stage ->
    currency -> (deals, amount)), and per currency what no rate converts, as is and weighted."""
    n, amount, weighted, apart, weighted_apart = 0, Decimal(0), Decimal(0), {}, {}
    for stage_id, per_currency in per_stage.items():
        stage = turn.playbook.stage(stage_id)
        rate = Decimal(str(stage.win_rate)) / 100 if stage else Decimal(0)
        total, left = turn.money.total({c: a for c, (_, a) in per_currency.items()})
        n += sum(c for c, _ in per_currency.values())
        amount += total
        weighted += total * rate
        for c, a in left.items():
            apart[c] = apart.get(c, Decimal(0)) + a
            weighted_apart[c] = weighted_apart.get(c, Decimal(0)) + a * rate
    return n, amount, weighted, apart, weighted_apart


def shown_amount(amount: Decimal, left: dict, currency: str, lang: str) -> str:
    """A total as a manager reads it: in the reporting currency, or, when nothing in it
    converts, its own currencies side by side ("NT$500萬", never "US$0" for deals that exist)."""
    if amount or not any(left.values()):
        return format_amount(amount, currency, lang)
    return " · ".join(apart_text(left, lang))


def closes(f: dict, period: str, currency: str, lang: str) -> tuple[int, str]:
    """(deals, amount) closing this month or quarter. None closing reads 0 in the currency the
    team's open deals are in when no rate converts them ("0 個 · NT$0", never "US$0")."""
    count, amount, left = f[period]
    if not count and not amount and f["apart"] and not any(r["amount"] for r in f["rows"]):
        currency = max(f["apart"], key=lambda c: f["apart"][c])
    return count, shown_amount(amount, left, currency, lang)


def left_apart(f: dict, lang: str = "en") -> list[str]:
    """The "not counted, no rate" amounts, when the totals counted anything: else the totals
    already read in those currencies (shown_amount) and the line would only repeat them."""
    return apart_text(f["apart"], lang) if any(r["amount"] for r in f["rows"]) else []


def apart_text(apart: dict, lang: str = "en") -> list[str]:
    """Open amounts no rate converts, each in its own currency (never summed)."""
    return [format_amount(a, c, lang) for c, a in sorted(apart.items(), key=lambda x: str(x[0])) if a]


def month_bounds(today: date) -> tuple[date, date]:
    return today.replace(day=1), date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])


def period_bounds(today: date, period: str) -> tuple[date, date]:
    return month_bounds(today) if period == "month" else _quarter_bounds(today)


def at_risk_rows(turn: Turn, owners: Optional[list[int]], open_ids: list[str]) -> list[tuple]:
    """(deal, reason code, reason) for the open deals at risk, most urgent first."""
    risky = repo.at_risk(session=turn.session, owner_ids=owners, stages=open_ids, today=turn.now.date(),
                         stale_before=turn.now - timedelta(days=turn.playbook.stale_days), limit=AT_RISK_SHOWN)
    risk_words = turn.render.data(turn.lang, "summary")["risks"]
    # A stale deal says how long it has been quiet, not only that it passed the threshold.
    return [(o, r, risk_words[r].format(days=(turn.now - o.updated_at).days if r == "stale" else turn.playbook.stale_days))
            for o, r in risky]


def pipeline(turn: Turn, arg: str = "") -> None:
    """Phone-sized: the stages that hold deals, closed deals on one line, the top at-risk deals
    and coaching gaps; the full lists a tap away."""
    found = scope(turn, arg)
    if found is None:
        return
    code, owners, title = found
    f = figures(turn, owners)
    rows, currency = f["rows"], f["currency"]
    risky = at_risk_rows(turn, owners, f["open_ids"])
    names = {u.id: u.name for u in repo.list_users(session=turn.session)} if code != "me" else {}
    at_risk = [{"deal": o.name, "owner": names.get(o.owner_id), "amount": format_amount(o.amount, o.currency or currency, turn.lang)
                if o.amount is not None else None, "reason": reason} for o, _, reason in risky[:SHOWN]]
    gaps = coaching_gaps(turn, owners, f["open_ids"])
    shown = [{**r, "amount": shown_amount(r["amount"], r["left"], currency, turn.lang)} for r in rows
             if r["count"] and not turn.playbook.stage(r["id"]).final]
    closed = [{**r, "amount": shown_amount(r["amount"], r["left"], currency, turn.lang)} for r in rows
              if r["count"] and turn.playbook.stage(r["id"]).final]
    text = turn.t("coach.pipeline", title=title, rows=shown, closed=closed,
                  weighted=shown_amount(f["weighted"], f["weighted_apart"], currency, turn.lang),
                  month=closes(f, "month", currency, turn.lang), quarter=closes(f, "quarter", currency, turn.lang),
                  at_risk=at_risk,
                  more_risk=max(0, len(risky) - SHOWN), gaps=gaps[:SHOWN], more_gaps=max(0, len(gaps) - SHOWN),
                  apart=left_apart(f, turn.lang), rates_date=f["rates_date"])
    bars = [(r["count"], float(r["amount"])) for r in rows]
    # Drawn when sent, after the text (dialogs.messages.Attachment): not on the turn's path.
    chart = {"kind": "pipeline", "title": turn.t("coach.chart_title", title=title),
             "rows": [[r["name"], *b] for r, b in zip(rows, bars)],
             "axis": turn.t("coach.chart_axis", currency=currency),
             "fallback": [turn.render.text("en", "coach.chart_title", title=title if title.isascii() else "").rstrip(" ·"),
                          [[turn.playbook.stage(r["id"]).name("en"), *b] for r, b in zip(rows, bars)],
                          turn.render.text("en", "coach.chart_axis", currency=currency)]}
    buttons = [Button(button_id("ask.view", view="at_risk"), turn.label("at_risk"))] if risky else []
    if len(gaps) > SHOWN or (gaps and code != "me"):
        buttons.append(Button(button_id("ask.view", view="coaching_gaps"), turn.label("coaching_gaps")))
    turn.say(text, buttons, meta={"pipeline": {**pipeline_meta(code, f), "at_risk": [o.id for o, _, _ in risky]}},
             files=[Attachment("pipeline.png", chart=chart)])


def pipeline_meta(code: str, f: dict) -> dict:
    """The CONTRACTS.md pipeline meta: `amount` and `weighted` in the reporting currency
    (what converts), `amounts` per currency."""
    return {"scope": code, "stages": {r["id"]: {"count": r["count"], "amount": num(r["amount"]),
                                                "amounts": {c: num(a) for c, a in r["amounts"].items()}}
                                      for r in f["rows"]},
            "weighted": num(f["weighted"]), "currency": f["currency"], "rates_date": f["rates_date"],
            "apart": {c: num(a) for c, a in f["apart"].items()}}


def num(value: Decimal) -> int | float:
    """A JSON number: whole amounts as ints, the rest to the cent."""
    return int(value) if value == value.to_integral_value() else float(round(value, 2))


def coaching_gaps(turn: Turn, owners: Optional[list[int]], open_ids: list[str],
                  only: Optional[str] = None) -> list[dict]:
    """Per rep: the dimensions most often missing on their open deals; with ``only``, how many of
    their open deals miss that one."""
    open_counts = repo.open_deals_per_owner(session=turn.session, owner_ids=owners, stages=open_ids)
    answered = repo.answered_per_owner(session=turn.session, owner_ids=owners, stages=open_ids)
    names = {u.id: u.name for u in repo.list_users(session=turn.session)}
    out = []
    for owner, total in sorted(open_counts.items(), key=lambda x: names.get(x[0], "")):
        if only is not None:
            if total - answered.get((owner, only), 0) > 0:
                out.append({"rep": names.get(owner, "?"), "open": total, "dims": [turn.questions(only)["label"]],
                            "missing": total - answered.get((owner, only), 0)})
            continue
        missing = sorted(((total - answered.get((owner, d), 0), d) for d in DIMENSIONS),
                         key=lambda x: (-x[0], DIMENSIONS.index(x[1])))
        top = [turn.questions(d)["label"] for n, d in missing[:GAPS_SHOWN] if n > 0]
        if top:
            out.append({"rep": names.get(owner, "?"), "open": total, "dims": top})
    return out[:12]
