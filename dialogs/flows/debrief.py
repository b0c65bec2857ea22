"""/log after a call, declared as a flow: outcome (buttons or words), notes filed through the
note reader, and the next step with a due date. Each call is an activity; the cadence guides
the next attempt; reminders are scheduled; stage advice is re-checked."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from dialogs.domain import cadence
from dialogs.features import answers, happened
from dialogs.flows import deals, flow
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.activities import not_reached
from dialogs.domain.facts.dates import find_dates, parse_date
from dialogs.flows.flow import Flow, Step, Validation
from dialogs.messages import Button
from dialogs.features.stages import offer_if_ready
from dialogs.flows.state import Debrief, Run
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from dialogs.understanding.normalize import core
from dialogs.features import records
from prompts import LANGUAGES
from prompts.renderer import load_toml
from storage import repo
from storage.models import Activity, Opportunity



def _state(turn: Turn) -> Debrief:
    return turn.data.debrief


def _deal(turn: Turn) -> Optional[Opportunity]:
    opp_id = _state(turn).opportunity
    opp = turn.opportunity(opp_id) if opp_id else None
    return opp if opp is not None and opp.owner_id == turn.user.id else None


def _activity(turn: Turn) -> Optional[Activity]:
    act_id = _state(turn).activity
    return turn.session.get(Activity, act_id) if act_id else None


def _outcome_words() -> dict[str, str]:
    words = {code: code for code in cadence.OUTCOMES}
    for lang in LANGUAGES:
        for code, aliases in load_toml(lang, "commands")["outcomes"].items():
            words |= {a.lower(): code for a in aliases}
    return words


# -- steps --------------------------------------------------------------------------------


def _ask_outcome(turn: Turn, step: Step, run: Run) -> tuple[str, dict]:
    opp = _deal(turn)
    return turn.t("coach.log_outcome", deal=opp.name), {"opportunity": opp.id, "step": "outcome"}


def _outcome_choices(turn: Turn) -> list[Button]:
    return [Button(button_id("log.outcome", outcome=code), turn.render.data(turn.lang, "labels")["outcomes"][code])
            for code in cadence.OUTCOMES]


_PARTICLES = re.compile(r"[了啦喔哦呢的囉啰]+$")


def _outcome_word(text: str) -> Optional[str]:
    """ "接通了", "Connected!", "有接通喔": the outcome a word names, either script."""
    words = _outcome_words()
    key = core(text)
    for form in (key, to_simplified(key), _PARTICLES.sub("", key), _PARTICLES.sub("", to_simplified(key))):
        if form in words:
            return words[form]
    return None


_RETRY = re.compile(r"\b(?:try|call|ring|ping)\s+(?:\w+\s+)?again\b|\bretry\b|\bcall\s+(?:\w+\s+)?back\b|再(?:打|拨|试|联系|call)", re.IGNORECASE)
_VOICEMAIL = re.compile(r"voicemail|\bvm\b|语音信箱|語音信箱|留(?:了)?言", re.IGNORECASE)


def _validate_outcome(turn: Turn, text: str) -> Validation:
    code = _outcome_word(text)
    if code is None and not_reached(text):  # "剛剛又打Jason 沒接", "left a vm again"
        code = "voicemail" if _VOICEMAIL.search(text) else "no_answer"
    if code is None and _is_conversation(turn, text):
        code = "connected"  # "他们对方案挺满意，让我们下周出报价": they were reached; these are the notes
    return Validation(value=code) if code else Validation(error="coach.log_outcome_invalid")


def _is_conversation(turn: Turn, text: str) -> bool:
    reading = turn.read(text, purpose="note")
    return bool(reading.dimensions or reading.next_step or reading.activities)


def _save_outcome(turn: Turn, step: Step, result: Validation, text: str) -> str:
    opp = _deal(turn)
    activity = repo.add_activity(session=turn.session, opportunity_id=opp.id, kind="call",
                                 outcome=result.value, channel=turn.msg.channel, now=turn.now,
                                 author_id=turn.user.id)
    records.changed(turn, opp.id)
    flow.remember(turn, debrief=_state(turn).model_copy(update={"activity": activity.id,
                                                               "outcome": result.value}))
    if _outcome_word(text) is None:  # notes told us they were reached: they are the notes too
        return _save_notes(turn, step, Validation(value=text), text)
    return ""


def _ask_notes(turn: Turn, step: Step, run: Run) -> tuple[str, dict]:
    return turn.t("coach.log_notes", deal=_deal(turn).name), {"opportunity": _deal(turn).id, "step": "notes"}


def _validate_text(turn: Turn, text: str) -> Validation:
    return Validation(value=text)


def _save_notes(turn: Turn, step: Step, result: Validation, text: str) -> str:
    opp, activity = _deal(turn), _activity(turn)
    raw = turn.msg.text if turn.msg.text is not None else text
    activity.summary = raw
    if activity.outcome == "connected" and not_reached(raw):
        # [Connected], then "left vm for marcus, will try again monday": the notes say who was reached
        activity.outcome = "voicemail" if _VOICEMAIL.search(raw) else "no_answer"
        flow.remember(turn, debrief=_state(turn).model_copy(update={"outcome": activity.outcome}))
    reading = turn.read(raw, purpose="note")
    # Notes that already say what comes next and when ("demo booked for next tue", "約了下週二
    # demo") answer the next question too: it is not asked again.
    when = reading.next_step.date if reading.next_step else parse_date(raw, turn.now.date())
    # the clause with the date ("明年Q1再看"), not the whole note, is what comes next; but not the
    # buyer's own deadline ("王經理說一定要在5月31日前上線"): that is their timeline
    step_text = reading.next_step.text if reading.next_step else _dated_clause(raw, turn.now.date())
    if not reading.next_step and _DEADLINE.search(to_simplified(step_text)) and any(
            s.dimension == "timeline" and (s.text in step_text or step_text in s.text) for s in reading.segments):
        when = None
    # our own retry ("will try again monday") is no step agreed with the buyer: the attempts'
    # cadence reminds the rep, and the step already booked (a demo) stays the deal's next step
    if when is not None and when > turn.now.date() and not _RETRY.search(to_simplified(step_text)):
        activity.next_step = step_text
        activity.due_date = when
    turn.session.add(activity)
    batch = answers.new_batch()
    # "plant GM Tom Reyes has final say": the committee hears it from the call's notes too
    people = happened.record_people(turn, opp, reading, batch)
    said = turn.label("recorded", items=" · ".join(people)) if people else ""
    if not reading.dimensions:
        if people:
            flow.remember(turn, last_batch=batch)
        return said
    answers.file_answers(turn, opp, reading, reading.dimensions, origin="note", batch=batch, text=raw)
    flow.remember(turn, last_batch=batch)  # "undo" after the call takes back its notes
    return turn.t("coach.note_filed", deal=opp.name,
                  labels=[turn.questions(d)["label"] for d in reading.dimensions],
                  facts=answers.fact_summary(reading, deals.implied_currency(turn, opp, reading.language), turn.lang)) \
        + (f"\n{said}" if said else "")


# A date said as the buyer's deadline, not as when to talk again ("明年Q1再看" is the latter).
_DEADLINE = re.compile(r"(?:之|以)?前|为止|截止|上线|\b(?:by|before|deadline|go[- ]?live|live)\b", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"[.;!?。；！？\n,，]+")


def _dated_clause(text: str, today: date) -> str:
    found = find_dates(text, today)
    if not found:
        return text
    return next((c.strip() for c in _CLAUSE_CUT.split(text) if found[0].text in c), text)


def _ask_next(turn: Turn, step: Step, run: Run) -> tuple[str, dict]:
    return turn.t("coach.log_next", deal=_deal(turn).name), {"opportunity": _deal(turn).id, "step": "next_step"}


def _validate_next(turn: Turn, text: str) -> Validation:
    day = parse_date(text, turn.now.date())
    if day is None:
        return Validation(error="coach.log_next_invalid")
    return Validation(value=day)


def _save_next(turn: Turn, step: Step, result: Validation, text: str) -> str:
    activity = _activity(turn)
    activity.next_step = turn.msg.text if turn.msg.text is not None else text
    activity.due_date = result.value
    turn.session.add(activity)
    return ""


def _settled(turn: Turn, step: Step) -> bool:
    # Nobody answered (or they said no): there are no notes or next step to ask for. The notes
    # may have given the next step already.
    if step.name == "next_step" and (activity := _activity(turn)) is not None and activity.due_date is not None:
        return True
    if step.name == "notes" and (activity := _activity(turn)) is not None and activity.summary:
        return True  # the outcome's message was the notes
    return step.name != "outcome" and _state(turn).outcome not in cadence.REACHED


def _finish(turn: Turn, run: Run, prefix: str) -> None:
    opp, activity = _deal(turn), _activity(turn)
    if opp is None:
        return
    if activity is None:  # the outcome was skipped: nothing to log, and the rep is told so
        flow.remember(turn, debrief=Debrief())
        turn.say(turn.t("coach.log_skipped", deal=opp.name), [turn.button(button_id("log.start", deal=opp.id), "log_call")],
                 {"opportunity": opp.id, "logged": None})
        return
    calls = records.activities(turn, opp)
    n = cadence.attempts(calls)
    # Nobody picked up: a meeting already booked still stands, only the retries are replanned.
    repo.cancel_reminders(session=turn.session, opportunity_id=opp.id, now=turn.now,
                          kinds=("first_contact", "attempt") if activity.outcome in cadence.UNREACHED
                          else ("first_contact", "attempt", "follow_up"))
    when = None
    if activity.outcome in cadence.UNREACHED:
        when = cadence.next_attempt(turn.now, n)
        if when:
            repo.add_reminder(session=turn.session, opportunity_id=opp.id, user_id=turn.user.id,
                              kind="attempt", due_at=when, now=turn.now)
    elif activity.due_date is not None:
        when = cadence.follow_up_at(activity.due_date)
        repo.add_reminder(session=turn.session, opportunity_id=opp.id, user_id=turn.user.id,
                          kind="follow_up", due_at=when, now=turn.now, note=activity.next_step)
    outcome = turn.render.data(turn.lang, "labels")["outcomes"][activity.outcome]
    guidance = turn.render.data(turn.lang, "cadence")[cadence.guidance_key(activity.outcome, n)]
    text = turn.t("coach.logged", deal=opp.name, outcome=outcome, attempts=n,
                  guidance=guidance.format(attempt=n, left=max(0, cadence.MAX_ATTEMPTS - n)),
                  next_step=activity.next_step, due=when.date().isoformat() if when else None)
    flow.remember(turn, debrief=Debrief())
    turn.say(f"{prefix}\n\n{text}" if prefix else text, [Button(button_id("prep", deal=opp.id), turn.label("prep"))],
             {"opportunity": opp.id, "logged": activity.outcome, "attempts": n,
              "next_due": when.isoformat() if when else None})
    offer_if_ready(turn, opp)


DEBRIEF = Flow(
    name="debrief",
    steps=(
        Step(name="outcome", question=_ask_outcome, validate=_validate_outcome, save=_save_outcome,
             choices=_outcome_choices),
        Step(name="notes", question=_ask_notes, validate=_validate_text, save=_save_notes),
        Step(name="next_step", question=_ask_next, validate=_validate_next, save=_save_next),
    ),
    controls=("skip", "pause"),
    label=lambda turn, step: turn.label("log_call"),
    is_settled=_settled,
    finish=_finish,
    after_single=lambda turn, step, ack: None,
    # What a rep types about the call is its notes, whatever it looks like.
    accepts=frozenset({"answer", "note", "unknown", "correction"}),
)


def start(turn: Turn, opp: Opportunity) -> None:
    flow.suspend(turn)
    turn.set_deal(opp)
    flow.remember(turn, debrief=Debrief(opportunity=opp.id))
    flow.start(turn, DEBRIEF, opportunity_id=opp.id)


def log(turn: Turn, arg: str = "") -> None:
    opp = deals.named_or_current(turn, arg)
    if opp is not None:
        start(turn, opp)


def press(turn: Turn, arg: str) -> None:
    """log:start:<opp> starts a debrief; log:o:<outcome> answers the outcome question."""
    kind, _, value = arg.partition(":")
    if kind == "start":
        opp = turn.own_deal(int(value))
        if opp is not None:
            start(turn, opp)
        return
    found = flow.current(turn)
    if found is None or found[0] is not DEBRIEF or found[1].name != "outcome":
        if not flow.reask(turn, turn.t("coach.stale_button")):
            turn.say(turn.t("coach.stale_button"))
        return
    flow.answer(turn, DEBRIEF, found[1], value)
