"""Next best action: "what should I ask / do next?". At most three actions, from the deal only:
follow-ups that are due, evidence the stage still misses (with the question to put to the
buyer), committee warnings, the agreed next step, then the remaining discovery gaps. Each
comes with one tap to act on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from dialogs.domain.evidence import Evidence
from dialogs.domain.playbook import ActivityCriterion, DimensionCriterion, NextStepCriterion, RoleCriterion
from dialogs.features import committee, records
from dialogs.features.coaching import reply
from dialogs.features.prep import gaps
from dialogs.features.stages import _order, advise, label, question
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity

MAX_ACTIONS = 3
SOON = timedelta(days=7)
# The knowledge entry that teaches each committee gap and role.
HOWTO = {"single_threaded": "multi_thread", "no_key_decision_leader": "economic_buyer",
         "signer_not_decider": "economic_buyer", "no_sponsor": "champion",
         "opponent_with_influence": "opponent", "key_decision_leader": "economic_buyer", "sponsor": "champion",
         "approver": "decision_process", "influencer": "multi_thread", "evaluator": "talk_to_it",
         "benefit_owner": "talk_to_users"}


@dataclass(frozen=True)
class Action:
    key: str  # what it is about, so two sources never give the same action twice
    text: str
    button: Button


def _due(turn: Turn, ev: Evidence) -> list[Action]:
    opp = ev.opportunity
    kinds = turn.render.data(turn.lang, "labels")["reminder_kinds"]
    out = []
    # the lead has been reached when a call is logged or the buyer's answers are on record
    touched = bool(records.activities(turn, opp)) or any(
        a.status == "answered" for rows in ev.answers.values() for a in rows)
    for r in repo.open_reminders(session=turn.session, user_id=turn.user.id):
        if r.kind == "first_contact" and touched:
            continue  # the lead has been reached already
        if r.opportunity_id == opp.id and r.due_at <= turn.now + timedelta(days=1):
            out.append(Action("follow_up", turn.t("coach.act_follow_up", kind=kinds[r.kind],
                                                  due=r.due_at.strftime("%Y-%m-%d %H:%M"), overdue=r.due_at <= turn.now),
                              Button(button_id("log.start", deal=opp.id), turn.label("log_call"))))
            break
    return out


def _next_step(turn: Turn, ev: Evidence) -> list[Action]:
    steps = [a for a in ev.agreed_steps if a.next_step and a.due_date]
    if not steps:
        return []
    step = steps[-1]
    today = turn.now.date()
    if step.due_date < today:
        return [Action("next_step", turn.t("coach.act_next_step", step=step.next_step[:80], date=step.due_date.isoformat(),
                                           past=True), Button(button_id("log.start", deal=ev.opportunity.id), turn.label("log_call")))]
    if step.due_date - today <= SOON:
        return [Action("next_step", turn.t("coach.act_next_step", step=step.next_step[:80], date=step.due_date.isoformat(),
                                           past=False), Button(button_id("prep", deal=ev.opportunity.id), turn.label("prep")))]
    return []


def _howto(turn: Turn, entry: str) -> Button:
    return Button(button_id("ask.kb", entry=entry), turn.label("act_howto"))


def _criterion(turn: Turn, ev: Evidence, criterion) -> Action:
    opp = ev.opportunity
    text = turn.t("coach.act_criterion", label=label(turn, criterion), ask=question(turn, criterion, ev))
    if isinstance(criterion, DimensionCriterion):
        return Action(criterion.dimension, text, Button(button_id("disc.dim", dim=criterion.dimension),
                                                       turn.label("act_record", label=turn.questions(criterion.dimension)["label"])))
    if isinstance(criterion, RoleCriterion):
        entry = HOWTO.get(criterion.role, "multi_thread")
        return Action(f"role:{criterion.role}", text, _howto(turn, entry))
    if isinstance(criterion, (ActivityCriterion, NextStepCriterion)):
        return Action(criterion.code, text, Button(button_id("log.start", deal=opp.id), turn.label("log_call")))
    return _criterion(turn, ev, criterion.options[0])


def _advance(turn: Turn, ev: Evidence, advice) -> list[Action]:
    """The stage's evidence is all there: moving on is the next action (after a confirmation)."""
    if advice.recommended is None:
        return []
    opp, target = ev.opportunity, advice.recommended
    return [Action("advance", turn.t("coach.act_advance", stage=target.name(turn.lang)),
                   Button(button_id("stage.move", verdict="go", deal=opp.id, current=advice.stage.id, target=target.id),
                          turn.t("coach.stage_advance_button", stage=target.name(turn.lang))))]


def actions(turn: Turn, ev: Evidence) -> list[Action]:
    """Due follow-ups, then the stage (evidence it misses, or the advance it has earned), the
    most important committee warning, the next step, the discovery gaps, other warnings."""
    advice = advise(turn.playbook, ev)
    pending = [c for _, c in advice.gaps] + sorted(advice.missing, key=_order)
    words = turn.render.data(turn.lang, "committee")["warnings"]
    roles = {"no_key_decision_leader": "key_decision_leader", "signer_not_decider": "key_decision_leader",
             "no_sponsor": "sponsor"}
    warnings = [Action(f"role:{roles.get(w, w)}",
                       words[w], _howto(turn, HOWTO[w])) for w in committee.warnings(ev.stakeholders, ev.contacts)]
    found = _due(turn, ev) + _advance(turn, ev, advice) + [_criterion(turn, ev, c) for c in pending]
    found += warnings[:1] + _next_step(turn, ev)
    found += [_criterion(turn, ev, DimensionCriterion(code=d, dimension=d, issues=tuple(ev.issues.get(d, []))))
              for d in gaps(ev)]
    found += warnings[1:]
    out, seen = [], set()
    for action in found:  # one line per thing to do: a due first call and "log a call" are one
        if action.key not in seen and action.button.id not in seen:
            seen.update((action.key, action.button.id))
            out.append(action)
    return out[:MAX_ACTIONS]


def next_action(turn: Turn, opp: Opportunity) -> None:
    ev = records.evidence(turn, opp)
    stage = advise(turn.playbook, ev).stage
    todo = actions(turn, ev)
    own = opp.owner_id == turn.user.id
    text = turn.t("coach.next_actions", deal=opp.name, stage=stage.name(turn.lang), actions=[a.text for a in todo])
    buttons = [Button(a.button.id, f"{i} · {a.button.label}"[:60]) for i, a in enumerate(todo, 1)] if own else []
    more = Button(button_id("stage.show"), turn.label("stage")) if own else Button(button_id("summary", deal=opp.id), turn.label("summary"))
    reply.answer(turn, text, buttons, "next_action", opp, more=more,
                 actions=[a.key for a in todo])
