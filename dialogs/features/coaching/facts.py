"""The deal facts a coaching answer may state, taken from the deal alone: the decider's name,
the goal's own clause, the budget's amount. A fact the deal doesn't have is an empty string;
an answer never fills it in."""

from __future__ import annotations

from typing import Optional

from dialogs.domain.evidence import Evidence
from dialogs.features.prep import excerpt
from storage.models import Answer, Stakeholder

FACT = 60


def _who(p: Stakeholder) -> str:
    return " ".join(x for x in (p.name, f"({p.title})" if p.title and p.name else p.title) if x)


def _answered(ev: Evidence, dim: str) -> list[Answer]:
    return [a for a in ev.answers.get(dim, []) if a.status == "answered"]


def clause(ev: Evidence, dim: str) -> str:
    """The latest answered clause of a dimension, cut to a line."""
    answers = _answered(ev, dim)
    return excerpt(answers[-1].text, FACT) if answers else ""


def _first(people: list[Stakeholder], *, role: Optional[str] = None, stance: Optional[str] = None) -> str:
    for p in people:
        if (role is None or p.role == role) and (stance is None or p.stance == stance) and (p.name or p.title):
            return _who(p)
    return ""


def _decider(ev: Evidence) -> str:
    """The key decision leader in the committee; else the person an authority answer names as
    signing or deciding (the reader's role), or named in the authority clause itself."""
    named = _first(ev.stakeholders, role="key_decision_leader") or _first(ev.stakeholders, role="approver")
    if named:
        return named
    answers = list(reversed(_answered(ev, "authority")))
    people = [[p for p in (a.facts or {}).get("people", []) if p.get("name") or p.get("title")] for a in answers]
    # Anyone said to sign, in any answer, before a name that merely stands in a clause (a
    # later "Lisa is our champion" doesn't make the sponsor the decider).
    found = [p for ps in people for p in ps if p.get("role") in ("key_decision_leader", "approver")] + \
        [p for a, ps in zip(answers, people) for p in ps
         if (p.get("name") or p.get("title")) and (p.get("name") or p["title"]) in a.text and not p.get("role")
         and not p.get("stance")]  # "Linda the CFO is against it" says where she stands, not that she decides
    for person in found:
        return " ".join(x for x in (person.get("name"), f"({person['title']})" if person.get("title")
                                    and person.get("name") else person.get("title")) if x)
    return ""


def _budget(ev: Evidence) -> str:
    for answer in reversed(_answered(ev, "budget")):
        amounts = (answer.facts or {}).get("amounts", [])
        if amounts and "budget_no_amount_or_source" not in ev.issues.get("budget", []):
            return amounts[0]["text"]
    return ""


def _timeline(ev: Evidence) -> str:
    for answer in reversed(_answered(ev, "timeline")):
        dates = (answer.facts or {}).get("dates", [])
        if dates:
            return dates[0]["date"]
    return ""


def deal_facts(ev: Evidence) -> dict[str, str]:
    """Every slot of dialogs.domain.knowledge.SLOTS, from this deal's evidence only."""
    return {
        "deal": ev.opportunity.name,
        "decider": _decider(ev),
        "champion": _first(ev.stakeholders, role="sponsor") or _first(ev.stakeholders, stance="supporter"),
        "opponent": _first(ev.stakeholders, stance="opponent"),
        "goal": clause(ev, "goals"),
        "challenge": clause(ev, "challenges"),
        "budget": _budget(ev),
        "timeline": _timeline(ev),
        "consequence": clause(ev, "consequences"),
    }
