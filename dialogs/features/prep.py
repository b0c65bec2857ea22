"""/prep: a brief before a call that fits a phone screen, with talking points one tap away.

What we know per dimension, the top gaps as questions (GPCT -> BA -> C&I, quality follow-ups
for weak answers), the call's objective, a value to offer and a proposed next step. Talking
points speak to each stakeholder's role (seed 004): finance hears cost and return, users hear
ease and fewer errors, IT hears integration and security, executives hear the strategic goal.
"""

from __future__ import annotations

import re
from dialogs.features import committee
from dialogs.flows import deals
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.evidence import Evidence, gather
from dialogs.messages import Button
from dialogs.domain.playbook import DimensionCriterion
from dialogs.features.stages import advise, question
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from storage.models import Opportunity, Stakeholder

MAX_GAPS = 5
EXCERPT = 70
AUDIENCES: tuple[tuple[str, re.Pattern], ...] = (
    ("finance", re.compile(r"cfo|financ|controller|treasur|account|budget|procure|purchas|buyer|"
                           r"财务|會計|会计|采购|採購", re.I)),
    ("it", re.compile(r"\bcto\b|\bcio\b|\bciso\b|\bit\b|i\.t\.|tech|engineer|security|infosec|architect|"
                      r"资讯|資訊|信息|技术|技術|系统|系統", re.I)),
    ("executive", re.compile(r"ceo|coo|president|founder|owner|\bgm\b|general manager|managing director|"
                             r"\bvp\b|vice president|chief|board|董事|总经理|總經理|副总|副總|老板|老闆|院长|院長|校长|校長", re.I)),
)


def excerpt(text: str, size: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def audience(person: Stakeholder) -> str:
    """finance | it | executive | users, from the title, then the buying role."""
    title = person.title or ""
    for name, pattern in AUDIENCES:
        if pattern.search(title):
            return name
    if person.role in ("key_decision_leader", "approver"):
        return "executive"
    if person.role == "evaluator":
        return "it"
    return "users"


def gaps(ev: Evidence) -> list[str]:
    """Dimensions still missing or weak, in GPCT -> BA -> C&I order."""
    return [d for d in DIMENSIONS if ev.status(d) in ("missing", "weak", "unknown")]


def gap_questions(turn: Turn, ev: Evidence) -> list[str]:
    out: list[str] = []
    for dim in gaps(ev):
        asked = question(turn, DimensionCriterion(code=dim, dimension=dim, issues=tuple(ev.issues.get(dim, []))), ev)
        if asked not in out:  # the consequences and implications can want the same personal-stake question
            out.append(asked)
        if len(out) == MAX_GAPS:
            break
    return out


def _known(turn: Turn, ev: Evidence, dim: str) -> str:
    status = ev.status(dim)
    if status in ("captured", "weak"):
        text = " / ".join(a.text for a in ev.answers[dim] if a.status == "answered")
        return excerpt(text) + (" ⚠" if status == "weak" else "")
    return turn.label(f"status_{status}")


def _value_to_offer(ev: Evidence) -> str:
    if ev.status("budget") != "captured":
        return "roi_estimate"
    if ev.status("challenges") != "captured":
        return "free_assessment"
    return "case_study"


def _next_step(turn: Turn, advice, ev) -> str:
    words = turn.render.data(turn.lang, "criteria")
    steps = [a for a in ev.agreed_steps if a.next_step and a.due_date and a.due_date >= turn.now.date()]
    if steps:  # already agreed ("demo with their CIO next thursday"): that is what to prepare for
        step = max(steps, key=lambda a: (a.created_at, a.id))
        return words["next_step"]["agreed"].format(step=step.next_step[:80], date=step.due_date.isoformat())
    for criterion in advice.missing + [c for _, c in advice.gaps]:
        if not isinstance(criterion, DimensionCriterion):
            return question(turn, criterion, None)
    return words["next_step"]["ask"]


def brief(turn: Turn, opp: Opportunity) -> None:
    ev = gather(session=turn.session, opportunity=opp, today=turn.now.date())
    advice = advise(turn.playbook, ev)
    words = turn.render.data(turn.lang, "prep")
    missing = gaps(ev)
    questions = gap_questions(turn, ev)
    # What is known, one line each; what was never asked, on one line (a phone screen).
    known = [{"label": turn.questions(d)["label"], "text": _known(turn, ev, d)} for d in DIMENSIONS
             if ev.status(d) != "missing"]
    unasked = [turn.questions(d)["label"] for d in DIMENSIONS if ev.status(d) == "missing"]
    objective = (words["objective"].format(topic=turn.questions(missing[0])["label"])
                 if missing else words["objective_done"])
    text = turn.t("coach.prep", deal=opp.name, stage=advice.stage.name(turn.lang), known=known, unasked=unasked,
                  questions=questions, objective=objective,
                  offer=words["offers"][_value_to_offer(ev)], next_step=_next_step(turn, advice, ev),
                  people=len(ev.stakeholders))
    turn.say(text, [Button(button_id("prep.talk", deal=opp.id), turn.label("talking_points")),
                    Button(button_id("log.start", deal=opp.id), turn.label("log_call"))],
             {"opportunity": opp.id, "gaps": missing, "questions": questions})


def talking_points(turn: Turn, opp: Opportunity) -> None:
    ev = gather(session=turn.session, opportunity=opp, today=turn.now.date())
    words = turn.render.data(turn.lang, "prep")
    goal = " / ".join(a.text for a in ev.answers.get("goals", []) if a.status == "answered")
    pain = " / ".join(a.text for a in ev.answers.get("challenges", []) if a.status == "answered")
    points = []
    for person in ev.stakeholders:
        kind = audience(person)
        anchor = pain if kind == "users" and pain else goal
        points.append({"who": committee.describe(turn, person), "angle": words["angles"][kind],
                       "anchor": excerpt(anchor) if anchor else None})
    warns = [turn.render.data(turn.lang, "committee")["warnings"][w]
             for w in committee.warnings(ev.stakeholders, ev.contacts)][:2]
    turn.say(turn.t("coach.talking_points", deal=opp.name, points=points, warnings=warns),
             [Button(button_id("log.start", deal=opp.id), turn.label("log_call"))],
             {"opportunity": opp.id, "talking_points": [{"audience": audience(p), "name": p.name,
                                                         "title": p.title} for p in ev.stakeholders]})


def prep(turn: Turn, arg: str = "") -> None:
    """/prep uses the current deal; /prep acme names one (an id or a fuzzy name)."""
    opp = deals.named_or_current(turn, arg)
    if opp is not None:
        brief(turn, opp)


def press(turn: Turn, arg: str) -> None:
    """prep:<opp> and prep:talk:<opp> buttons (from the brief and from reminders)."""
    kind, _, opp_id = arg.rpartition(":")
    opp = turn.own_deal(int(opp_id))
    if opp is None:
        return
    turn.set_deal(opp)
    (talking_points if kind == "talk" else brief)(turn, opp)
