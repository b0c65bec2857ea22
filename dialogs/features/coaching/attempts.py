"""How many times the rep has tried a deal's buyer: the calls logged, how each went, and the
next try the cadence set (seed 003: about six attempts, most reps stop at one or two)."""

from __future__ import annotations

from dialogs.domain import cadence
from dialogs.features import records
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity


def attempts(turn: Turn, opp: Opportunity) -> None:
    calls = [a for a in records.activities(turn, opp) if a.kind == "call" and a.outcome]
    outcomes = turn.render.data(turn.lang, "labels")["outcomes"]
    due = [r for r in repo.open_reminders(session=turn.session, user_id=turn.user.id)
           if r.opportunity_id == opp.id and r.kind == "attempt"]
    turn.say(turn.t("coach.attempts_answer", deal=opp.name, calls=len(calls),
                    outcomes=[outcomes.get(c.outcome, c.outcome) for c in calls],
                    unanswered=cadence.attempts(calls), most=cadence.MAX_ATTEMPTS,
                    next=due[0].due_at.strftime("%Y-%m-%d") if due else None),
             [turn.button(button_id("log.start", deal=opp.id), "log_call")],
             {"opportunity": opp.id, "answer": "attempts", "calls": len(calls)})
