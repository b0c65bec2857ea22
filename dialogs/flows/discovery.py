"""The GPCTBA/C&I discovery interview: one step per dimension, declared as data, plus the
commands around it (discover, resume, review, edit)."""

from __future__ import annotations

import re
from typing import Any, Optional

from dialogs.domain import quality
from dialogs.flows import flow
from dialogs.features.answers import (current_answers, current_of, file_answers, new_batch, quality_tips,
                                      remember_added)
from dialogs.understanding import swaps
from dialogs.understanding.commands import resolve_dimension
from dialogs.flows.deals import require_deal
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.evidence import dimension_issues
from dialogs.domain.evidence_words import words
from dialogs.domain.facts.chinese import to_simplified
from dialogs.flows.flow import Flow, Step, Validation
from dialogs.features.happened import record_what_happened
from dialogs.features.stages import offer_if_ready
from dialogs.flows.state import Run
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from dialogs.features import records
from storage import repo
from storage.models import Opportunity

_MEANINGFUL = re.compile(r"[^\W_]", re.UNICODE)


def _run_deal(turn: Turn) -> Optional[Opportunity]:
    run = turn.seen.run
    opp_id = run.opportunity if run is not None else None
    if opp_id is None:
        return turn.deal
    opp = turn.opportunity(opp_id)
    return opp if opp is not None and opp.owner_id == turn.user.id else None


def _question_text(turn: Turn, dimension: str, run: Run) -> str:
    questions = turn.questions(dimension)["questions"]
    return questions[run.variant % len(questions)]


def _label(turn: Turn, step: Step) -> str:
    return turn.questions(step.name)["label"]


def _ask(turn: Turn, step: Step, run: Run) -> tuple[str, dict[str, Any]]:
    opp = _run_deal(turn)
    bank = turn.questions(step.name)
    answers = current_of(turn, opp, step.name)
    current = " / ".join(a.text for a in answers if a.status == "answered") or None
    meta = {"opportunity": opp.id, "dimension": step.name}
    if run.mode == "edit" and current:
        return turn.t("coach.edit_prompt", deal=opp.name, label=bank["label"], current=current), meta
    text = turn.t("coach.question", deal=opp.name, label=bank["label"],
                  position=DIMENSIONS.index(step.name) + 1, total=len(DIMENSIONS),
                  question=_question_text(turn, step.name, run), hint=bank["hint"],
                  current=current)
    return text, meta


def _validate(turn: Turn, text: str) -> Validation:
    if not _MEANINGFUL.search(text):
        return Validation(error="coach.invalid_answer")
    if turn.read(turn.msg.text or text, purpose="answer").small_talk:  # rapport, not the buyer's answer
        return Validation(error="coach.small_talk_answer")
    return Validation(value=text)


def _store(turn: Turn, step: Step, text: str, status: str, *, facts: Optional[dict] = None,
           batch: Optional[str] = None, evidence: Optional[str] = None) -> None:
    """``text`` as the rep wrote it is the source; the evidence (by default the whole answer)
    leaves out their "ok." lead-in."""
    opp = _run_deal(turn)
    run = turn.seen.run or Run()
    previous = current_of(turn, opp, step.name)
    remember_added(turn, opp, [repo.add_answer(
        session=turn.session, opportunity_id=opp.id, dimension=step.name,
        text=swaps.without_answer_lead(evidence or text),
        source_text=text, status=status, question=_question_text(turn, step.name, run), language=turn.lang,
        author_id=turn.user.id, channel=turn.msg.channel, now=turn.now,
        source_message_id=turn.msg.event_id,
        supersedes_id=previous[-1].id if previous else None, facts=facts, batch=batch)])
    repo.touch_opportunity(session=turn.session, opportunity=opp, now=turn.now)


_DIGIT = re.compile(r"\d")


def _save(turn: Turn, step: Step, result: Validation, text: str) -> str:
    opp = _run_deal(turn)
    # The rep's words are stored exactly as they arrived, not the stripped copy.
    raw = turn.msg.text if turn.msg.text is not None else text
    reading = turn.read(raw, purpose="answer")
    batch = new_batch()
    hedged = not reading.dimensions and any(p.search(to_simplified(raw.lower())) for p in words()["unknown"])
    guess = quality.typed_as_guess(raw)  # "100k?", "12/15?": the rep's guess, not the buyer's word
    if (step.name in reading.unknown or hedged or guess) and (step.name not in reading.dimensions or guess):
        # "TBD", "還沒談", "they might have some budget", "might try a pilot, not decided yet": a
        # hedge is kept as an explicit unknown, never as an answer that could meet a stage criterion,
        # and never over what the buyer already said ("maybe Q2, not sure" after "live by end of Q2")
        if any(a.status == "answered" for a in current_of(turn, opp, step.name)):
            return turn.t("coach.note_unknown_kept", labels=[_label(turn, step)])
        _store(turn, step, raw, "unknown", batch=batch)
        if _DIGIT.search(raw):  # "maybe 100k?": the figure is kept in sight, as a guess
            return turn.t("coach.saved_guess", label=_label(turn, step), guess=raw.strip())
        return turn.t("coach.saved_unknown", label=_label(turn, step))
    # An answer that also fully covers other open topics fills them too, so they won't be asked
    # again. A passing mention that would be a weak answer there is still asked properly; when
    # the answer is a whole call note (two topics or more besides), it is filed as well, so no
    # view loses it, and the question shows it.
    settled = current_answers(turn, opp)
    aside = [d for d in reading.dimensions if d != step.name and d not in settled and _own_clause(reading, d, step.name)]
    others = [d for d in aside if not quality.check(d, raw, reading)]
    note = len(aside) >= 2 and step.name in reading.dimensions
    aside = aside if note else others
    if (note or aside) and step.name in reading.dimensions:
        # a whole call note typed as the answer, or one that fills another topic too ("…良率拉到97%，
        # 預算150萬 資訊處出"): the asked topic keeps its own clauses, the others' clauses go under
        # theirs, and no view repeats the note under every topic
        evidence = reading.evidence(step.name, raw)
        if set(quality.check(step.name, raw, reading)) - set(quality.check(step.name, evidence, reading)):
            evidence = raw  # "~$120k, pending CFO approval": the doubt stays with the budget it hedges
        _store(turn, step, raw, "answered", facts=reading.facts_in(evidence), batch=batch, evidence=evidence)
    else:
        _store(turn, step, raw, "answered", facts=reading.facts_json(), batch=batch)
    # a typed "undo" next takes back a whole call note filed from this answer; after a plain
    # answer it says how to edit it, and never takes an older note
    flow.remember(turn, last_batch=batch if note else None)
    mode = flow.run_of(turn).mode
    key = {"edit": "coach.edited", "single": "coach.single_saved"}.get(mode, "coach.saved")
    parts = [turn.t(key, label=_label(turn, step))]
    if aside:
        file_answers(turn, opp, reading, aside, origin="interview", batch=batch, text=raw)
    if others:
        parts.append(turn.t("coach.also_filed", labels=[turn.questions(d)["label"] for d in others]))
    if len(others) < len(aside):
        parts.append(turn.t("coach.also_noted", labels=[turn.questions(d)["label"] for d in aside if d not in others]))
    # "Dr. Ellen Park (CNO) has final say", asked who decides: the committee hears it too
    recorded = record_what_happened(turn, opp, reading, batch)
    if recorded:
        parts.append(turn.label("recorded", items=" · ".join(recorded)))
    parts += quality_tips(turn, opp, [step.name])
    return "\n".join(parts)


def _own_clause(reading, dimension: str, asked: str) -> bool:
    """Whether ``dimension`` has a clause of its own, not only one the asked topic's evidence
    shares ("…they lose the Kroger renewal, Dana's bonus is tied to it", asked the consequences,
    is no answer on the implications)."""
    asked_spans = [(s.start, s.end) for s in reading.segments if s.dimension == asked]
    return any(s.dimension == dimension and not any(a < s.end and s.start < b for a, b in asked_spans)
               for s in reading.segments)


def _offer_stage(turn: Turn, ack: str) -> bool:
    opp = _run_deal(turn)
    return opp is not None and offer_if_ready(turn, opp, prefix=ack)


def _save_unknown(turn: Turn, step: Step, text: str) -> str:
    opp = _run_deal(turn)
    if turn.msg.text and any(a.status == "answered" for a in current_of(turn, opp, step.name)):
        # typed ("maybe Q2, not sure" after "live by end of Q2"): what the buyer said stays; the
        # "Don't know yet" button is the rep's explicit call
        return turn.t("coach.note_unknown_kept", labels=[_label(turn, step)])
    _store(turn, step, text, "unknown")
    return turn.t("coach.saved_unknown", label=_label(turn, step))


def _is_settled(turn: Turn, step: Step) -> bool:
    opp = _run_deal(turn)
    answers = current_of(turn, opp, step.name) if opp else []
    return bool(answers) and not all(_weak_aside(turn, a) for a in answers)


def _weak_aside(turn: Turn, answer) -> bool:
    """A weak clause filed from an answer to another question: kept, but the topic is still asked."""
    # judged by the rules (memoised), never the LLM reader: this runs for stored answers each turn
    return (answer.status == "answered" and answer.origin == "interview" and answer.question is None
            and bool(dimension_issues(answer.dimension, [answer], turn.now.date())))


def _finish(turn: Turn, run: Run, prefix: str) -> None:
    opp = _run_deal(turn)
    current = current_answers(turn, opp)
    bank = turn.render.data(turn.lang, "questions")
    open_ = [bank[d]["label"] for d in DIMENSIONS if d not in current]
    unknown = [bank[d]["label"] for d in DIMENSIONS
               if d in current and all(a.status == "unknown" for a in current[d])]
    text = turn.t("coach.finished", deal=opp.name, skipped=open_, unknown=unknown)
    turn.say(f"{prefix}\n\n{text}" if prefix else text, [turn.button(button_id("disc.review"), "review")],
             {"opportunity": opp.id})


def _after_single(turn: Turn, step: Step, ack: str) -> None:
    if not ack:  # the stage offer already said it, with its own Continue button: no empty message
        return
    turn.say(ack, [turn.button(button_id("disc.start"), "continue"), turn.button(button_id("disc.review"), "review")],
             {"opportunity": _run_deal(turn).id})


DISCOVERY = Flow(
    name="discovery",
    steps=tuple(Step(name=d, question=_ask, validate=_validate, save=_save, unknown=_save_unknown)
                for d in DIMENSIONS),
    controls=("skip", "back", "unknown", "rephrase", "pause"),
    label=_label,
    is_settled=_is_settled,
    finish=_finish,
    after_single=_after_single,
    pausable=True,
    after_save=_offer_stage,
    accepts=frozenset({"answer", "unknown"}),
)


# -- commands -------------------------------------------------------------------------------


def discover(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    if arg:
        dimension = resolve_dimension(arg)
        if dimension is None:
            turn.say(turn.t("coach.unknown_dimension", value=arg))
            return
        flow.suspend(turn)
        flow.start(turn, DISCOVERY, step=dimension, mode="single", opportunity_id=opp.id)
        return
    if resume_paused(turn, opp):
        return
    found = flow.current(turn)
    if found and found[0] is DISCOVERY and (turn.seen.run or Run()).mode == "interview":
        flow.reask(turn)
        return
    flow.suspend(turn)
    answers = current_answers(turn, opp)
    if len(answers) == len(DIMENSIONS):
        # every topic has something, but "don't know yet" or a weak answer is still worth asking
        open_ = [d for d in DIMENSIONS if not any(a.status == "answered" for a in answers[d])
                 or dimension_issues(d, answers[d], turn.now.date())]
        if not open_:
            turn.say(turn.t("coach.all_captured", deal=opp.name), [turn.button(button_id("disc.review"), "review")])
            return
        turn.say(turn.t("coach.all_captured_weak", deal=opp.name, labels=[turn.questions(d)["label"] for d in open_]))
        flow.start(turn, DISCOVERY, step=open_[0], mode="single", opportunity_id=opp.id)
        return
    flow.start(turn, DISCOVERY, opportunity_id=opp.id)


def resume_paused(turn: Turn, opp: Optional[Opportunity] = None) -> bool:
    """Resume a paused interview (for the given deal, if one is named). True when resumed."""
    found = flow.paused(turn)
    if found is None:
        return False
    paused_flow, step, run = found
    if opp is not None and run.opportunity not in (None, opp.id):
        return False
    flow.resume(turn, paused_flow, step, run)
    return True


def resume(turn: Turn, arg: str = "") -> None:
    if resume_paused(turn) or flow.reask(turn):
        return
    if require_deal(turn) is not None:  # nothing to resume: start one (the route needs no deal)
        discover(turn)


def review(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    current = current_answers(turn, opp)
    evidence = records.evidence(turn, opp)
    edits = repo.edit_counts(session=turn.session, opportunity_id=opp.id)
    rows, buttons = [], []
    for d in DIMENSIONS:
        answers = current.get(d, [])
        known = [a.text for a in answers if a.status == "answered"]
        status = evidence.status(d)
        # a guessed figure or date ("maybe 100k?") stays in sight beside "don't know yet"
        guessed = [a.text for a in answers if a.status == "unknown" and _DIGIT.search(a.text or "")]
        rows.append({"label": turn.questions(d)["label"], "text": " / ".join(known), "guess": " / ".join(guessed),
                     "status": turn.label(f"status_{status}"), "edits": edits.get(d, 0)})
        if answers:
            buttons.append(turn.button(button_id("disc.edit", dim=d), "edit", label=turn.questions(d)["label"]))
    if len(current) < len(DIMENSIONS):
        buttons.insert(0, turn.button(button_id("disc.start"), "continue"))
    turn.say(turn.t("coach.review", deal=opp.name, rows=rows), buttons,
             {"opportunity": opp.id, "dimensions": {d: evidence.status(d) for d in DIMENSIONS}})


def edit(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    dimension = resolve_dimension(arg) if arg else None
    if dimension is None:
        turn.say(turn.t("coach.unknown_dimension", value=arg))
        return
    flow.suspend(turn)
    if not current_of(turn, opp, dimension):
        label = turn.questions(dimension)["label"]
        flow.start(turn, DISCOVERY, step=dimension, mode="single", opportunity_id=opp.id,
                   prefix=turn.t("coach.nothing_to_edit", label=label))
        return
    flow.start(turn, DISCOVERY, step=dimension, mode="edit", opportunity_id=opp.id)
