"""What is known about one deal: current answers with their quality, the buying committee and
the activities. Everything stage advice and summaries need, gathered in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Callable

from sqlmodel import Session

from dialogs.domain import quality
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.reading import read_note
from storage import repo
from storage.models import Activity, Answer, Opportunity, Stakeholder


def agreed(activity: Activity) -> bool:
    """A next step settled with the buyer: not a to-do of the rep's own ("I'll send the deck Fri")."""
    return bool(activity.next_step or activity.due_date) and activity.kind != "todo"


@dataclass
class Evidence:
    opportunity: Opportunity
    answers: dict[str, list[Answer]]
    issues: dict[str, list[str]]  # quality issues per answered dimension ([] = strong)
    # Read when first asked for: most answers' stage checks never need the committee, and an
    # early stage often needs no activities either.
    load_stakeholders: Callable[[], list[Stakeholder]] = field(repr=False)
    load_activities: Callable[[], list[Activity]] = field(repr=False)

    @cached_property
    def stakeholders(self) -> list[Stakeholder]:
        return self.load_stakeholders()

    @cached_property
    def activities(self) -> list[Activity]:
        return self.load_activities()

    @cached_property
    def agreed_steps(self) -> list[Activity]:
        return [a for a in self.activities if agreed(a)]

    @cached_property
    def contacts(self) -> int:
        """Buyer people known on the deal: the committee, and those the current answers name
        ("call w/ Sarah Kim (VP Finance) + Raj Patel (IT dir)"), each once."""
        known = {(p.name or p.title or "").casefold() for p in self.stakeholders}
        for rows in self.answers.values():
            for a in rows:
                for person in (a.facts or {}).get("people", []) if a.status == "answered" else []:
                    name = (person.get("name") or "").casefold()
                    if name and not any(name in k or k in name for k in known if k):
                        known.add(name)
        return len(known - {""})

    def status(self, dimension: str) -> str:
        """captured | weak | unknown | missing."""
        answers = self.answers.get(dimension, [])
        if not any(a.status == "answered" for a in answers):
            return "unknown" if answers else "missing"
        return "weak" if self.issues.get(dimension) else "captured"


def dimension_issues(dimension: str, answers: list[Answer], today: date) -> list[str]:
    """Quality issues of everything known on a dimension, read together, that every answer has
    on its own too: "budget maybe 200k, TBD" and then "Budget confirmed: $200k from IT capex"
    is a confirmed budget, not one still said with a hedge."""
    texts = [a.text for a in answers if a.status == "answered"]
    if not texts:
        return []
    together = _issues(dimension, "\n".join(texts), today)
    if len(texts) == 1:
        return list(together)
    each = [set(_issues(dimension, t, today)) for t in texts]
    if any(not e for e in each):  # one answer meets everything on its own ("Budget confirmed: $200k from IT capex")
        return []
    # else a later doubt ("won't be confirmed until Jan") doesn't clear an earlier one ("80-120k, TBD")
    return [i for i in together if any(i in e for e in each)]


@lru_cache(maxsize=4096)
def _issues(dimension: str, text: str, today: date) -> tuple[str, ...]:
    """Pure in its arguments, so memoised: a turn's views and advice ask the same dimension
    several times (six times a turn in bench/interview.py)."""
    return tuple(quality.check(dimension, text, read_note(text, today)))


def gather(*, session: Session, opportunity: Opportunity, today: date,
           answers: dict[str, list[Answer]] | None = None,
           stakeholders: Callable[[], list[Stakeholder]] | None = None,
           activities: Callable[[], list[Activity]] | None = None) -> Evidence:
    """``stakeholders`` and ``activities`` load them when first needed (default: a query)."""
    if answers is None:
        answers = repo.current_answers(session=session, opportunity_id=opportunity.id)
    issues = {d: dimension_issues(d, answers[d], today) for d in DIMENSIONS if d in answers}
    return Evidence(
        opportunity=opportunity,
        answers=answers,
        issues=issues,
        load_stakeholders=stakeholders or (lambda: repo.stakeholders_of(session=session, opportunity_id=opportunity.id)),
        load_activities=activities or (lambda: repo.activities_of(session=session, opportunity_id=opportunity.id)),
    )
