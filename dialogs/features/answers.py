"""The answers on a deal: reading what is current, filing new ones, and coaching on their
quality. Shared by the interview, pasted notes, corrections and stage advice."""

from __future__ import annotations

from typing import Optional

import uuid

from dialogs.flows.deals import format_amount
from dialogs.domain.evidence import dimension_issues
from dialogs.domain.reading import Reading, date_moved
from dialogs.turn import Turn
from storage import repo
from storage.models import Answer, Opportunity

MAX_TIPS = 2


def current_answers(turn: Turn, opp: Opportunity) -> dict[str, list[Answer]]:
    key = ("answers", opp.id)
    if key not in turn.memo:
        turn.memo[key] = repo.current_answers(session=turn.session, opportunity_id=opp.id)
    return turn.memo[key]


def remember_added(turn: Turn, opp: Opportunity, added: list[Answer]) -> None:
    """Keep this turn's memo of the deal's current answers true after filing ``added``, rather
    than reading them all again: a new answer is current, and what it supersedes is not."""
    known = turn.memo.get(("answers", opp.id))
    if known is None:
        return
    for answer in added:
        group = [a for a in known.get(answer.dimension, []) if a.id != answer.supersedes_id]
        known[answer.dimension] = group + [answer]


def current_of(turn: Turn, opp: Opportunity, dimension: str) -> list[Answer]:
    return current_answers(turn, opp).get(dimension, [])


def new_batch() -> str:
    return uuid.uuid4().hex[:12]


def fact_summary(reading: Reading, currency: Optional[str] = None, lang: str = "en") -> list[str]:
    """The facts found, an amount said without a currency in ``currency`` ("Found: $150,000")."""
    # a figure said only inside a hedge ("budget maybe around 60k but wasnt sure") was not found as a fact
    hedged = [s.text for s in reading.segments if s.dimension in reading.unknown]
    kept = [s.text for s in reading.segments if s.dimension in reading.dimensions]
    out = [format_amount(m.value, m.currency or currency, lang) for m in reading.amounts
           if not (any(m.text in h for h in hedged) and not any(m.text in k for k in kept))]
    out += [d.date.isoformat() for d in reading.dates]
    out += [f"{p.value:g}%" for p in reading.percentages]
    out += [" ".join(x for x in (p.name, f"({p.title})" if p.title and p.name else p.title) if x)
            for p in reading.people]
    return list(dict.fromkeys(out))  # "50万左右…50万以下": the figure once


def file_answers(turn: Turn, opp: Opportunity, reading: Reading, dimensions: list[str], *,
                 origin: str, batch: str, text: str) -> list[Answer]:
    """File ``text`` (the rep's whole message) under each dimension, each with its own evidence:
    the clauses that support it, and those clauses' facts. The whole message is the source."""
    filed = []
    known = current_answers(turn, opp)
    for dim in dimensions:
        evidence = reading.evidence(dim, text)
        # What was only "not known yet" is now known: the answer replaces the explicit unknown.
        unknowns = [a for a in known.get(dim, []) if a.status == "unknown"]
        replaces = unknowns[-1].id if unknowns and len(unknowns) == len(known.get(dim, [])) else None
        if dim == "timeline" and replaces is None and len(known.get(dim, [])) == 1 and date_moved(evidence):
            replaces = known[dim][0].id  # "go-live moved to 6/30": the new date, not both
        filed.append(repo.add_answer(session=turn.session, opportunity_id=opp.id, dimension=dim, text=evidence,
                        source_text=text, language=turn.lang, author_id=turn.user.id,
                        channel=turn.msg.channel, now=turn.now, source_message_id=turn.msg.event_id,
                        origin=origin, facts=reading.facts_in(evidence), batch=batch, supersedes_id=replaces,
                        write=False))
    repo.save_answers(session=turn.session, answers=filed)  # one INSERT on PostgreSQL
    remember_added(turn, opp, filed)
    repo.touch_opportunity(session=turn.session, opportunity=opp, now=turn.now)
    return filed


def file_unknowns(turn: Turn, opp: Opportunity, reading: Reading, *, origin: str, batch: str,
                  text: str, skip: Optional[str] = None) -> list[str]:
    """Dimensions a note only says are unknown ("Budget: TBD") become explicit unknowns, where
    nothing is known yet: a hedge never replaces an answer. ``skip``: the question left open,
    which a note aside never answers. Returns those filed."""
    known = current_answers(turn, opp)
    filed = []
    for dim in reading.unknown:
        evidence = reading.evidence(dim, text)
        answered = [a for a in known.get(dim, []) if a.status == "answered"]
        # a hedge never replaces an answer, unless the date it gave has moved ("pushed to
        # 'sometime next year'"): then the date no longer holds
        moved = dim == "timeline" and len(answered) == 1 and date_moved(evidence)
        if dim == skip or answered and not moved:
            continue
        remember_added(turn, opp, [repo.add_answer(
            session=turn.session, opportunity_id=opp.id, dimension=dim, status="unknown",
            text=evidence, source_text=text, language=turn.lang,
            author_id=turn.user.id, channel=turn.msg.channel, now=turn.now,
            source_message_id=turn.msg.event_id, origin=origin, batch=batch,
            supersedes_id=answered[0].id if moved else None)])
        filed.append(dim)
    return filed


def take_back(turn: Turn, answer: Answer) -> None:
    """Undo one answer without deleting anything: what it replaced (an old answer, an explicit
    unknown) comes back as a copy; if it replaced nothing, it is retracted."""
    replaced = repo.get_answer(session=turn.session, answer_id=answer.supersedes_id) if answer.supersedes_id else None
    if replaced is None:
        repo.retract(session=turn.session, answer=answer, author_id=turn.user.id, channel=turn.msg.channel,
                     now=turn.now)
    else:
        repo.reinstate(session=turn.session, original=replaced, over=answer, author_id=turn.user.id,
                       channel=turn.msg.channel, now=turn.now)


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


