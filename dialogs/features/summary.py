"""/summary <deal>: one readable message a manager can trust. Work is proportional to the
one deal: its answers, committee, activities and stage history, never the whole database."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from dialogs.domain import access
from dialogs.features import committee
from dialogs.flows.deals import format_amount, resolve
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.evidence import Evidence, agreed, gather
from dialogs.domain.evidence_words import words
from dialogs.domain.facts.chinese import to_simplified
from dialogs.messages import Button
from dialogs.features.prep import excerpt
from dialogs.features.stages import advise, label
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from storage import repo
from storage.models import Opportunity

RISKS = ("stale", "single_threaded", "no_authority", "timeline_slipped", "close_date_past", "evidence_gap")
KEY_FACT = 50


def last_touch(ev: Evidence) -> datetime:
    stamps = [ev.opportunity.updated_at] + [a.created_at for a in ev.activities]
    return max(stamps)


def timeline_slipped(session, opp: Opportunity) -> bool:
    """A later timeline answer names a later date than an earlier one did, and it replaced
    that answer or says the date moved. A typo fixed ("i meant april not march") is no slip,
    nor a second date for another milestone ("pilot by march", then "rollout by june")."""
    latest: list[str] = []
    for answer, _ in repo.all_answers(session=session, opportunity_id=opp.id):
        if answer.dimension != "timeline" or not (answer.facts and answer.facts.get("dates")):
            continue
        if answer.origin == "correction":
            continue
        when = max(d["date"] for d in answer.facts["dates"])
        said = to_simplified(answer.text.lower())
        moved = answer.supersedes_id is not None or any(p.search(said) for p in words()["date_moved"])
        if moved and latest and when > max(latest):
            return True
        latest.append(when)
    return False


def risks(turn: Turn, ev: Evidence, advice, today: date) -> list[str]:
    opp, out = ev.opportunity, []
    if advice.stage.final:
        return out
    if (turn.now - last_touch(ev)).days >= turn.playbook.stale_days:
        out.append("stale")
    if ev.contacts <= 1:
        out.append("single_threaded")
    stages = [s.id for s in turn.playbook.stages]
    if "qualified" in stages and opp.stage in stages and stages.index(opp.stage) >= stages.index("qualified") \
            and ev.status("authority") in ("missing", "unknown"):
        out.append("no_authority")
    if timeline_slipped(turn.session, opp):
        out.append("timeline_slipped")
    if opp.close_date and opp.close_date < today:
        out.append("close_date_past")
    if advice.gaps:
        out.append("evidence_gap")
    return out


# The facts that say most about each dimension, in order; a dimension with none of its kinds
# shows the start of its evidence instead (a plan or a challenge is words, not numbers).
KEY_FACTS = {"goals": ("percentages", "amounts"), "timeline": ("dates",), "budget": ("amounts",),
             "authority": ("people",), "consequences": ("amounts", "percentages"), "implications": ("amounts",)}


def _facts_of(kind: str, facts: dict) -> list[str]:
    rows = facts.get(kind, [])
    if kind == "amounts":
        return [a["text"] for a in rows]
    if kind == "dates":
        return [d["date"] for d in rows]
    if kind == "percentages":
        return [f"{p['value']}%" for p in rows]
    # who decides or signs, when the evidence says; else whoever it names ("Met Hank, VP Ops" is
    # no authority beside "CFO Lisa Moss signs")
    deciders = [p for p in rows if p.get("role") in ("key_decision_leader", "approver")]
    return [" ".join(x for x in (p.get("name"), f"({p['title']})" if p.get("title") and p.get("name") else p.get("title")) if x)
            for p in deciders or rows if p.get("name") or p.get("title")]


def _grid(turn: Turn, ev: Evidence) -> list[dict]:
    rows = []
    for dim in DIMENSIONS:
        status = ev.status(dim)
        fact = None
        answers = [a for a in ev.answers.get(dim, []) if a.status == "answered"]
        if answers:
            # The first kind the evidence has (a goal's 30%, not the budget's 80k beside it), from
            # the latest answer that has it: "8% → 5%" stays the goal's fact after a later goal
            # clause with no number. People from every answer: the CFO who signs, named in the
            # first note, still leads after "Lisa is our champion".
            people = list({p.get("name") or p.get("title"): p for a in reversed(answers)
                           for p in reversed((a.facts or {}).get("people", []))}.values())[::-1]
            found = next((shown for kind in KEY_FACTS.get(dim, ()) for a in reversed(answers)
                          if (shown := _facts_of(kind, {**(a.facts or {}), "people": people}))), [])
            fact = ", ".join(list(dict.fromkeys(found))[:2]) if found else excerpt(answers[-1].text, KEY_FACT)
        rows.append({"label": turn.questions(dim)["label"], "status": "missing" if status == "unknown" else status,
                     "fact": fact})
    return rows


def _activity_label(turn: Turn, activity) -> Optional[str]:
    """What the last activity was, in words: the call's outcome, else "meeting held", "file kept"."""
    if activity is None:
        return None
    labels = turn.render.data(turn.lang, "labels")
    if activity.outcome:
        return labels["outcomes"].get(activity.outcome, activity.kind)
    return labels.get(f"activity_{activity.kind}", activity.kind)


def summary(turn: Turn, arg: str = "") -> None:
    opp = find_visible(turn, arg)
    if opp is None:
        return
    today = turn.now.date()
    ev = gather(session=turn.session, opportunity=opp, today=today)
    advice = advise(turn.playbook, ev)
    history = repo.stage_history(session=turn.session, opportunity_id=opp.id)
    since = history[-1].created_at if history else opp.created_at
    win = advice.stage.win_rate
    weighted = opp.amount * type(opp.amount)(win) / 100 if opp.amount is not None else None
    calls = [a for a in ev.activities]
    done = [a for a in calls if a.kind not in ("next_step", "todo")]  # a step agreed or a to-do is no activity held
    last = done[-1] if done else None
    next_steps = [a for a in calls if a.next_step and agreed(a)]
    risk_codes = risks(turn, ev, advice, today)
    words = turn.render.data(turn.lang, "summary")
    owner = turn.session.get(type(turn.user), opp.owner_id)
    text = turn.t(
        "coach.summary", deal=opp.name, stage=advice.stage.name(turn.lang), win_rate=f"{win:g}",
        days=(turn.now - since).days, amount=format_amount(opp.amount, opp.currency or turn.money.currency, turn.lang),
        weighted=format_amount(weighted, opp.currency or turn.money.currency, turn.lang) if weighted is not None else None,
        close=opp.close_date.isoformat() if opp.close_date else None,
        owner=owner.name if owner.id != turn.user.id else None, grid=_grid(turn, ev),
        people=[committee.describe(turn, p) for p in ev.stakeholders],
        last=_activity_label(turn, last),
        last_date=last.created_at.date().isoformat() if last else None,
        next_step=next_steps[-1].next_step if next_steps else None,
        risks=[words["risks"][r].format(days=turn.playbook.stale_days) for r in risk_codes],
        recommended=advice.recommended.name(turn.lang) if advice.recommended else None,
        missing=[label(turn, c) for c in advice.missing][:3])
    dims = {d: ("missing" if ev.status(d) == "unknown" else ev.status(d)) for d in DIMENSIONS}
    buttons = [Button(button_id("prep", deal=opp.id), turn.label("prep"))] if opp.owner_id == turn.user.id else []
    turn.say(text, buttons, {"opportunity": opp.id, "stage": opp.stage, "dimensions": dims, "risks": risk_codes})


def find_visible(turn: Turn, query: str) -> Optional[Opportunity]:
    """A deal the user may see, by id or fuzzy name; says why when there is none."""
    query = query.strip().lstrip("#")
    if not query:
        opp = turn.deal
        if opp is None:
            turn.say(turn.t("coach.summary_which"))
        return opp
    if query.isdigit():
        opp = turn.opportunity(int(query))
        if not access.can_view(turn.session, turn.user, opp):
            turn.say(turn.t("coach.deal_forbidden"))
            return None
        return opp
    owners = access.visible_owner_ids(turn.session, turn.user)
    opp, candidates = resolve(turn, query, repo.opportunities_of_owners(session=turn.session, owner_ids=owners))
    if opp is None and candidates:
        turn.say(turn.t("coach.deal_ambiguous", query=query),
                 [Button(button_id("summary", deal=d.id), d.name[:60]) for d in candidates])
    elif opp is None:
        turn.say(turn.t("coach.deal_not_found", query=query))
    return opp


def press(turn: Turn, arg: str) -> None:
    summary(turn, arg)
