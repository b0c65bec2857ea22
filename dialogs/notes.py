"""Notes pasted outside the interview: read, split and filed by dimension on the current deal,
shown with a one-tap undo, then only what is still missing is asked."""

from __future__ import annotations

import uuid
from typing import Optional

from dialogs import committee, flow
from dialogs.deals import format_amount, require_deal
from dialogs.dimensions import DIMENSIONS
from dialogs.discovery import DISCOVERY, current_answers
from dialogs.evidence import dimension_issues
from dialogs.messages import Button
from dialogs.reading import Reading
from dialogs.turn import Turn
from storage import repo
from storage.models import Answer, Opportunity

MAX_TIPS = 2


def new_batch() -> str:
    return uuid.uuid4().hex[:12]


def fact_summary(reading: Reading) -> list[str]:
    out = [format_amount(m.value, m.currency) for m in reading.amounts]
    out += [d.date.isoformat() for d in reading.dates]
    out += [f"{p.value:g}%" for p in reading.percentages]
    out += [" ".join(x for x in (p.name, f"({p.title})" if p.title and p.name else p.title) if x)
            for p in reading.people]
    return out


def file_answers(turn: Turn, opp: Opportunity, reading: Reading, dimensions: list[str], *,
                 origin: str, batch: str, text: str) -> list[Answer]:
    filed = []
    for dim in dimensions:
        filed.append(repo.add_answer(session=turn.session, opportunity_id=opp.id, dimension=dim, text=text,
                        language=turn.lang, author_id=turn.user.id, channel=turn.msg.channel,
                        now=turn.now, source_message_id=turn.msg.event_id, origin=origin,
                        facts=reading.facts_json(), batch=batch))
    turn.memo.pop(("answers", opp.id), None)
    repo.touch_opportunity(session=turn.session, opportunity=opp, now=turn.now)
    return filed


def quality_tips(turn: Turn, opp: Opportunity, dimensions: list[str]) -> list[str]:
    """A short coaching line for each weak dimension just filed (at most two: never a lecture)."""
    tips = []
    bank = turn.render.data(turn.lang, "quality")
    answers = current_answers(turn, opp)
    for dim in dimensions:
        issues = dimension_issues(dim, answers.get(dim, []), turn.now.date())
        if issues:
            tips.append(turn.t("coach.quality_tip", label=turn.questions(dim)["label"],
                               coach=bank[issues[0]]["coach"], ask=bank[issues[0]]["ask"]))
    return tips[:MAX_TIPS]


def file_note(turn: Turn, text: str) -> None:
    from dialogs.stages import offer_if_ready

    opp = require_deal(turn)
    if opp is None:
        return
    reading = turn.read(text, purpose="note")
    if not reading.dimensions:
        turn.say(turn.t("coach.note_nothing", deal=opp.name),
                 [turn.button("disc:start", "discover"), turn.button("help", "help")],
                 {"opportunity": opp.id, "filed": []})
        return
    batch = new_batch()
    raw = turn.msg.text if turn.msg.text is not None else text
    filed = file_answers(turn, opp, reading, reading.dimensions, origin="note", batch=batch, text=raw)
    flow.remember(turn, "last_batch", batch)
    labels = [turn.questions(d)["label"] for d in reading.dimensions]
    parts = [turn.t("coach.note_filed", deal=opp.name, labels=labels, facts=fact_summary(reading))]
    parts += quality_tips(turn, opp, reading.dimensions)
    people = committee.offer_found_people(turn, opp, filed[0].id, reading.facts_json()["people"])
    turn.say("\n".join(parts), [Button(f"note:undo:{batch}", turn.label("undo"))] + people,
             {"opportunity": opp.id, "filed": reading.dimensions, "batch": batch,
              "facts": reading.facts_json()})
    offer_if_ready(turn, opp)
    answered = current_answers(turn, opp)
    missing = [turn.questions(d)["label"] for d in DIMENSIONS if d not in answered]
    if missing:
        flow.start(turn, DISCOVERY, opportunity_id=opp.id,
                   prefix=turn.t("coach.still_missing", labels=missing))


def undo(turn: Turn, batch: Optional[str] = "") -> None:
    batch = batch or turn.data.get("last_batch")
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
    turn.say(turn.t("coach.note_undone", labels=labels), [turn.button("disc:review", "review")],
             {"opportunity": opp.id, "undone": [a.dimension for a in live]})
