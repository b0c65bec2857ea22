"""Notes pasted outside the interview: read, split and filed by dimension on the current deal,
shown with a one-tap undo, then only what is still missing is asked."""

from __future__ import annotations

from typing import Optional

from dialogs.features import committee
from dialogs.flows import flow
from dialogs.features.answers import (current_answers, fact_summary, file_answers, file_unknowns, new_batch,
                                      quality_tips, take_back)
from dialogs.flows.deals import implied_currency, require_deal
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.flows.discovery import DISCOVERY
from dialogs.messages import Button
from dialogs.features.stages import offer_if_ready
from dialogs.turn import Turn
from dialogs.domain.evidence_words import words
from dialogs.domain.facts.chinese import to_simplified
from storage.models import Opportunity
from dialogs.routing.buttons import button_id
from dialogs.features import records
from dialogs.features.happened import record_what_happened
from dialogs.domain.facts.activities import not_reached
from dialogs.domain.reading import Reading
from storage import repo

def _log_button(turn: Turn, opp: Opportunity) -> Button:
    return turn.button(button_id("log.start", deal=opp.id), "log_call")


def _nothing(turn: Turn, opp: Opportunity, text: str, reading: Reading) -> tuple[str, list[Button]]:
    """What to say when a note files nothing: a call that reached no one is offered the log (the
    retry reminder comes from it), small talk, the rep's own next move and our own side are
    acknowledged as such."""
    log = _log_button(turn, opp)
    if not_reached(text):  # "沒接，明天早上再打", "left vm"
        return turn.t("coach.not_reached_note"), [log]
    if reading.small_talk:  # "hey coach, rough morning lol"
        return turn.t("coach.small_talk_note"), []
    if any(p.search(to_simplified(text.strip().lower())) for p in words()["own_action"]):
        return turn.t("coach.own_action_noted"), [log]
    if any(p.search(to_simplified(text.strip().lower())) for p in words().get("internal", ())):
        return turn.t("coach.our_side_noted"), []  # "老板说这个季度要把这单预测拉进commit"
    return turn.t("coach.note_nothing", deal=opp.name), [turn.button(button_id("disc.start"), "discover"),
                                                         turn.button(button_id("help"), "help")]


def file_note(turn: Turn, text: str) -> None:
    opp = require_deal(turn)
    if opp is None:
        return
    reading = turn.read(text, purpose="note")
    batch = new_batch()
    raw = turn.msg.text if turn.msg.text is not None else text
    unknown = file_unknowns(turn, opp, reading, origin="note", batch=batch, text=raw)
    recorded = record_what_happened(turn, opp, reading, batch)
    if not reading.dimensions and not unknown and not recorded and reading.unknown:
        # "預算還沒談" after the budget was given: a hedge never replaces an answer.
        turn.say(turn.t("coach.note_unknown_kept", labels=[turn.questions(d)["label"] for d in reading.unknown]),
                 [turn.button(button_id("disc.review"), "review")], {"opportunity": opp.id, "filed": []})
        return
    if not reading.dimensions and not unknown and not recorded:
        said, buttons = _nothing(turn, opp, text, reading)
        turn.say(said, buttons, {"opportunity": opp.id, "filed": []})
        return
    filed = file_answers(turn, opp, reading, reading.dimensions, origin="note", batch=batch, text=raw)
    flow.remember(turn, last_batch=batch)
    parts = []
    if filed:
        labels = [turn.questions(d)["label"] for d in reading.dimensions]
        parts.append(turn.t("coach.note_filed", deal=opp.name, labels=labels, facts=fact_summary(reading, implied_currency(turn, opp, reading.language), turn.lang)))
        parts += quality_tips(turn, opp, reading.dimensions)
    if unknown:
        parts.append(turn.t("coach.note_unknown", labels=[turn.questions(d)["label"] for d in unknown]))
    if recorded:
        parts.append(turn.label("recorded", items=" · ".join(recorded)))
    log = []
    if not_reached(text):  # "left vm, will try again thurs": the retry is reminded, the attempt still unlogged
        parts.append(turn.t("coach.not_reached_note"))
        log = [_log_button(turn, opp)]
    stated = frozenset(p.name for p in reading.people if p.name and (p.stated or p.stance))
    people = committee.offer_found_people(turn, opp, filed[0] if filed else None,
                                          reading.facts_json()["people"], skip=stated)
    turn.say("\n".join(parts), [Button(button_id("note.undo", batch=batch), turn.label("undo"))] + log + people,
             {"opportunity": opp.id, "filed": reading.dimensions, "unknown": unknown, "batch": batch,
              "facts": reading.facts_json()})
    offer_if_ready(turn, opp)
    answered = current_answers(turn, opp)
    missing = [turn.questions(d)["label"] for d in DIMENSIONS if d not in answered]
    if missing:
        flow.start(turn, DISCOVERY, opportunity_id=opp.id,
                   prefix=turn.t("coach.still_missing", labels=missing))


def file_aside(turn: Turn, text: str, open_dimension: Optional[str] = None) -> None:
    """A note pasted while a question is open: filed where it belongs, the question left waiting
    (the interview is not restarted around it). It was not the answer, so it is not filed under
    the open question's dimension either."""
    opp = require_deal(turn)
    if opp is None:
        return
    reading = turn.read(text, purpose="note")
    dims = [d for d in reading.dimensions if d != open_dimension]
    batch = new_batch()
    raw = turn.msg.text if turn.msg.text is not None else text
    unknown = file_unknowns(turn, opp, reading, origin="note", batch=batch, text=raw, skip=open_dimension)
    unknown_line = turn.t("coach.note_unknown", labels=[turn.questions(d)["label"] for d in unknown]) if unknown else ""
    recorded = record_what_happened(turn, opp, reading, batch)
    if not dims and unknown:  # "idk the budget", asked the plans
        flow.remember(turn, last_batch=batch)
        turn.say(unknown_line, [Button(button_id("note.undo", batch=batch), turn.label("undo"))],
                 {"opportunity": opp.id, "filed": [], "unknown": unknown, "batch": batch})
        return
    hedged = [d for d in reading.unknown if d != open_dimension]
    if not dims and not recorded and hedged:  # "idk the target exactly" once the goal is known: kept
        turn.say(turn.t("coach.note_unknown_kept", labels=[turn.questions(d)["label"] for d in hedged]),
                 [turn.button(button_id("disc.review"), "review")], {"opportunity": opp.id, "filed": []})
        return
    if not dims and not recorded:
        said, buttons = _nothing(turn, opp, text, reading)
        # only the call log is offered beside the open question ("left vm"), not a new interview
        turn.say(said, buttons if not_reached(text) else [], {"opportunity": opp.id, "filed": []})
        return
    if not dims:
        flow.remember(turn, last_batch=batch)
        turn.say(turn.label("recorded", items=" · ".join(recorded)),
                 [Button(button_id("note.undo", batch=batch), turn.label("undo"))],
                 {"opportunity": opp.id, "filed": [], "batch": batch})
        offer_if_ready(turn, opp)
        return
    filed = file_answers(turn, opp, reading, dims, origin="note", batch=batch, text=raw)
    flow.remember(turn, last_batch=batch)
    labels = [turn.questions(d)["label"] for d in dims]
    people = committee.offer_found_people(turn, opp, filed[0], reading.facts_json()["people"])
    said = turn.t("coach.note_aside", deal=opp.name, labels=labels) + (f"\n{unknown_line}" if unknown else "")
    if recorded:  # a call held, a next step, "Lisa is our champion": said, with the same Undo
        said += "\n" + turn.label("recorded", items=" · ".join(recorded))
    turn.say(said,
             [Button(button_id("note.undo", batch=batch), turn.label("undo"))] + people,
             {"opportunity": opp.id, "filed": dims, "batch": batch, "facts": reading.facts_json()})
    offer_if_ready(turn, opp)


def undo(turn: Turn, batch: Optional[str] = "") -> None:
    batch = batch or turn.seen.last_batch
    if not batch:  # no note pasted in this conversation: say how to change an answer instead
        turn.say(turn.t("coach.undo_nothing"))
        flow.reask(turn)
        return
    rows = repo.batch_answers(session=turn.session, batch=batch) if batch else []
    activities, people = repo.batch_records(session=turn.session, batch=batch) if batch else ([], [])
    first = rows[0][0] if rows else next(iter([*activities, *people]), None)
    opp_id = first.opportunity_id if first is not None else None
    live = [a for a, superseded in rows if a.status != "retracted" and not superseded]
    if opp_id is None or not (live or activities or people):
        turn.say(turn.t("coach.note_undo_stale"))
        return
    opp = turn.own_deal(opp_id)
    if opp is None:
        return
    for answer in live:  # an explicit unknown it had replaced comes back
        take_back(turn, answer)
    repo.take_back_batch_records(session=turn.session, batch=batch)
    turn.memo.pop(("answers", opp.id), None)
    records.changed(turn, opp.id)
    labels = ([turn.questions(a.dimension)["label"] for a in live]
              + [turn.label(f"activity_{a.kind}") for a in activities]
              + [p.name for p in people if p.name])
    turn.say(turn.t("coach.note_undone", labels=labels), [turn.button(button_id("disc.review"), "review")],
             {"opportunity": opp.id, "undone": [a.dimension for a in live]})
