"""A deal's evidence as one turn sees it: its answers, people and activities, each read with one
query a turn however many views and checks ask (an answer asks the stage advice, which asks the
committee...). Writers of people or activities call ``changed``."""

from __future__ import annotations

from dialogs.domain.evidence import Evidence, gather
from dialogs.features.answers import current_answers
from dialogs.turn import Turn
from storage import repo
from storage.models import Activity, Opportunity, Stakeholder


def stakeholders(turn: Turn, opp: Opportunity) -> list[Stakeholder]:
    key = ("stakeholders", opp.id)
    if key not in turn.memo:
        turn.memo[key] = repo.stakeholders_of(session=turn.session, opportunity_id=opp.id)
    return turn.memo[key]


def activities(turn: Turn, opp: Opportunity) -> list[Activity]:
    key = ("activities", opp.id)
    if key not in turn.memo:
        turn.memo[key] = repo.activities_of(session=turn.session, opportunity_id=opp.id)
    return turn.memo[key]


def changed(turn: Turn, opportunity_id: int) -> None:
    """People or activities of that deal were added, changed or taken back this turn."""
    turn.memo.pop(("stakeholders", opportunity_id), None)
    turn.memo.pop(("activities", opportunity_id), None)


def evidence(turn: Turn, opp: Opportunity) -> Evidence:
    return gather(session=turn.session, opportunity=opp, today=turn.now.date(),
                  answers=current_answers(turn, opp), stakeholders=lambda: stakeholders(turn, opp),
                  activities=lambda: activities(turn, opp))
