"""Notes pasted outside the interview: read, split and filed by dimension on the current deal,
shown with a one-tap undo, then only what is still missing is asked."""

from __future__ import annotations

from typing import Optional

from dialogs.features import committee
from dialogs.flows import flow
from dialogs.features.answers import (current_answers, fact_summary, file_answers, file_unknowns, new_batch,
                                      quality_tips)
from dialogs.flows.deals import require_deal
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.flows.discovery import DISCOVERY
from dialogs.messages import Button
from dialogs.features.stages import offer_if_ready
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from storage import repo

def file_note(turn: Turn, text: str) -> None:
    opp = require_deal(turn)
    if opp is None:
        return
    reading = turn.read(text, purpose="note")
    batch = new_batch()
    raw = turn.msg.text if turn.msg.text is not None else text
    unknown = file_unknowns(turn, opp, reading, origin="note", batch=batch, text=raw)
    if not reading.dimensions and not unknown:
        turn.say(turn.t("coach.note_nothing", deal=opp.name),
                 [turn.button(button_id("disc.start"), "discover"), turn.button(button_id("help"), "help")],
                 {"opportunity": opp.id, "filed": []})
        return
    filed = file_answers(turn, opp, reading, reading.dimensions, origin="note", batch=batch, text=raw)
    flow.remember(turn, last_batch=batch)
    parts = []
    if filed:
        labels = [turn.questions(d)["label"] for d in reading.dimensions]
        parts.append(turn.t("coach.note_filed", deal=opp.name, labels=labels, facts=fact_summary(reading)))
        parts += quality_tips(turn, opp, reading.dimensions)
    if unknown:
        parts.append(turn.t("coach.note_unknown", labels=[turn.questions(d)["label"] for d in unknown]))
    people = committee.offer_found_people(turn, opp, filed[0].id, reading.facts_json()["people"]) if filed else []
    turn.say("\n".join(parts), [Button(button_id("note.undo", batch=batch), turn.label("undo"))] + people,
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
    if not dims:
        turn.say(turn.t("coach.note_nothing", deal=opp.name), [], {"opportunity": opp.id, "filed": []})
        return
    batch = new_batch()
    raw = turn.msg.text if turn.msg.text is not None else text
    filed = file_answers(turn, opp, reading, dims, origin="note", batch=batch, text=raw)
    flow.remember(turn, last_batch=batch)
    labels = [turn.questions(d)["label"] for d in dims]
    people = committee.offer_found_people(turn, opp, filed[0].id, reading.facts_json()["people"])
    turn.say(turn.t("coach.note_aside", deal=opp.name, labels=labels),
             [Button(button_id("note.undo", batch=batch), turn.label("undo"))] + people,
             {"opportunity": opp.id, "filed": dims, "batch": batch, "facts": reading.facts_json()})
    offer_if_ready(turn, opp)


def undo(turn: Turn, batch: Optional[str] = "") -> None:
    batch = batch or turn.data.last_batch
    rows = repo.batch_answers(session=turn.session, batch=batch) if batch else []
    if not rows:
        turn.say(turn.t("coach.note_undo_stale"))
        return
    opp = repo.get_opportunity(session=turn.session, opportunity_id=rows[0][0].opportunity_id)
    if opp is None or opp.owner_id != turn.user.id:
        turn.say(turn.t("coach.deal_forbidden"))
        return
    live = [a for a, superseded in rows if a.status != "retracted" and not superseded]
    if not live:
        turn.say(turn.t("coach.note_undo_stale"))
        return
    for answer in live:
        repo.retract(session=turn.session, answer=answer, author_id=turn.user.id,
                     channel=turn.msg.channel, now=turn.now)
    turn.memo.pop(("answers", opp.id), None)
    labels = [turn.questions(a.dimension)["label"] for a in live]
    turn.say(turn.t("coach.note_undone", labels=labels), [turn.button(button_id("disc.review"), "review")],
             {"opportunity": opp.id, "undone": [a.dimension for a in live]})
