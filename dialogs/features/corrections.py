"""Corrections: "actually the budget is 120k, not 80k", "更正：決策者是營運長".

A correction supersedes the dimension's current answer (the history keeps the old one), says
what changed with a one-tap Undo, and re-checks the stage advice."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Optional

from dialogs.domain.facts.chinese import to_simplified
from dialogs.features import answers, happened, notes, records, reminders
from dialogs.flows import deals, flow
from dialogs.domain.facts.dates import parse_date
from dialogs.domain.facts.money import parse_money
from dialogs.flows.deals import require_deal
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.messages import Button
from dialogs.features.stages import offer_if_ready
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from dialogs.understanding import swaps
from dialogs.domain.facts.people import find_people
from storage import repo

# What the rep says the value is *not* ("not 80k", "不是80萬"): left out when reading the facts.
_NEGATED = re.compile(r"(?:,?\s*\bnot\b|不是|而非)\s*[^,，。.;；]*", re.IGNORECASE)
SHOWN = 80  # characters of an old or new answer shown in the reply


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def correct(turn: Turn, dimension: Optional[str], text: str) -> None:
    opp = require_deal(turn)
    if opp is None:
        return
    current = answers.current_answers(turn, opp)
    raw = turn.msg.text if turn.msg.text is not None else text
    if _deal_amount(turn, opp, current, raw) or _next_step_date(turn, opp, raw):
        return
    dimension = dimension or _holding(current, raw)
    if dimension is None:
        people = {p.id: p.name for p in records.stakeholders(turn, opp)}
        renamed = _renamed(turn, opp, raw)
        if renamed:  # only a person's name was wrong ("its Dana Reyez not Reyes")
            turn.say(turn.t("coach.person_renamed", deal=opp.name,
                            names=[f"{people[p.id]} → {p.name}" for p in records.stakeholders(turn, opp) if p.id in renamed]),
                     meta={"opportunity": opp.id, "renamed": sorted(renamed)})
            return
        _which(turn, opp, current)
        return
    live = current.get(dimension, [])
    swapped = swaps.swap(raw)
    if not any(a.status == "answered" for a in live) and swapped is not None and not flow.current(turn):
        _first_value(turn, opp, dimension, swapped[0], raw)  # "actually 150k not 120k" with no budget yet: 150k
        return
    if not any(a.status == "answered" for a in live):  # nothing to correct: what it says is new
        found = flow.current(turn)
        if found is not None:  # a question is open: filed aside, the question asked again after
            notes.file_aside(turn, raw, found[1].name)
        else:
            notes.file_note(turn, raw)
        return
    amended = _amended(turn, live, raw)
    if amended is not None:  # "march 19 not 12": that one answer now reads "march 19"
        # with the clause of it a note also filed apart ("by Q3" beside "live by Q3")
        replaced, evidence = [a for a in live if a.status == "answered" and a is not amended[0]
                              and a.text in amended[0].text] + [amended[0]], amended[1]
        read = evidence
    else:  # the correction as written replaces the dimension's answers, less its "oops"
        replaced, evidence = live, swaps.without_lead(raw)
        read = _NEGATED.sub(" ", raw)
    reading = _in_the_old_year(turn, turn.read(read, purpose="answer"), replaced, read)
    batch = answers.new_batch()
    repo.add_answer(session=turn.session, opportunity_id=opp.id, dimension=dimension, text=evidence, source_text=raw,
                    language=turn.lang, author_id=turn.user.id, channel=turn.msg.channel, now=turn.now,
                    source_message_id=turn.msg.event_id, supersedes_id=replaced[-1].id if replaced else None,
                    origin="correction", facts=reading.facts_json(), batch=batch)
    for older in replaced[:-1]:  # one current answer after a correction, not the new one beside old ones
        repo.retract(session=turn.session, answer=older, author_id=turn.user.id,
                     channel=turn.msg.channel, now=turn.now, batch=batch)
    turn.memo.pop(("answers", opp.id), None)
    repo.touch_opportunity(session=turn.session, opportunity=opp, now=turn.now)
    old = " / ".join(_short(a.text) for a in replaced if a.status == "answered")
    label = turn.questions(dimension)["label"]
    flow.remember(turn, last_batch=batch)  # a typed "undo" next takes back this, not an older note
    said = turn.t("coach.corrected", deal=opp.name, label=label, old=old, new=_short(evidence))
    renamed = _renamed(turn, opp, raw)
    if dimension == "authority":
        said += _decider_moved(turn, opp, raw, reading, batch, skip=renamed)
    turn.say(said,
             [Button(button_id("fix.undo", batch=batch), turn.label("undo"))],
             {"opportunity": opp.id, "corrected": dimension, "batch": batch})
    offer_if_ready(turn, opp)


def _first_value(turn: Turn, opp, dimension: str, value: str, raw: str) -> None:
    """The corrected value where nothing was said before: the new value is the answer, the rep's
    "actually … not …" its source."""
    batch = answers.new_batch()
    reading = turn.read(value, purpose="answer")
    repo.add_answer(session=turn.session, opportunity_id=opp.id, dimension=dimension, text=value, source_text=raw,
                    language=turn.lang, author_id=turn.user.id, channel=turn.msg.channel, now=turn.now,
                    source_message_id=turn.msg.event_id, origin="correction", facts=reading.facts_json(), batch=batch)
    turn.memo.pop(("answers", opp.id), None)
    repo.touch_opportunity(session=turn.session, opportunity=opp, now=turn.now)
    flow.remember(turn, last_batch=batch)
    turn.say(turn.t("coach.corrected_new", deal=opp.name, label=turn.questions(dimension)["label"], new=_short(value)),
             [Button(button_id("fix.undo", batch=batch), turn.label("undo"))],
             {"opportunity": opp.id, "corrected": dimension, "batch": batch})
    offer_if_ready(turn, opp)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _in_the_old_year(turn: Turn, reading, replaced: list, text: str):
    """ "Q4 not Q3", where Q3 was read as 2027-09-30: the rep means Q4 of that same year, not the
    coming one, so a period named without a year is read from the start of the old date's year."""
    old = [date.fromisoformat(d["date"]) for a in replaced for d in (a.facts or {}).get("dates", [])]
    new = [d.date for d in reading.dates]
    if not old or not new or any(_YEAR.search(d.text) for d in reading.dates):
        return reading
    start = date(max(old).year, 1, 1)
    if start <= turn.now.date() or not all(d < start for d in new):
        return reading
    return turn.reader.read(text, today=start, language=turn.lang, purpose="answer",
                            conversation_key=turn.conv.key, session=turn.session)


def _deal_amount(turn: Turn, opp, current: dict, raw: str) -> bool:
    """ "actually 120k not 150k" right after "amount 150k": the deal's amount, when it is the
    value said wrong and no answer holds it. True when it was corrected."""
    said = swaps.swap(raw)
    old, new = (parse_money(said[1]), parse_money(said[0])) if said else (None, None)
    if old is None or new is None or opp.amount is None or old.value != opp.amount:
        return False
    if any(said[1].casefold() in a.text.casefold() for rows in current.values() for a in rows if a.status == "answered"):
        return False  # "budget 150k" was said too: that answer is what is corrected
    deals.amount(turn, said[0])
    return True


def _next_step_date(turn: Turn, opp, raw: str) -> bool:
    """ "oops i meant feb 17 not feb 10" when the agreed next step says feb 10: the next step
    moves (a new one, kept under its own batch for Undo), not the buyer's timeline. True when moved."""
    said = swaps.swap(raw)
    new_day = parse_date(said[0], turn.now.date()) if said else None
    if new_day is None:
        return False
    old_day = parse_date(said[1], turn.now.date())
    steps = [a for a in repo.activities_of(session=turn.session, opportunity_id=opp.id) if a.next_step]
    step = steps[-1] if steps else None
    if step is None or not (said[1].casefold() in step.next_step.casefold()
                            or (old_day is not None and old_day == step.due_date)):
        return False
    text = swaps.amend(step.next_step, *said) or step.next_step
    batch = answers.new_batch()
    todo = step.kind == "todo"  # the rep's own to-do moves as such
    repo.add_activity(session=turn.session, opportunity_id=opp.id, kind="todo" if todo else "next_step",
                      channel=turn.msg.channel, now=turn.now, author_id=turn.user.id, next_step=text, due_date=new_day,
                      batch=batch)
    reminders.follow_up(turn, opp.id, new_day, text, kind="todo" if todo else "follow_up", replaces=step.next_step)
    records.changed(turn, opp.id)
    flow.remember(turn, last_batch=batch)
    turn.say(turn.t("coach.next_step_moved", deal=opp.name, step=text, date=new_day.isoformat()),
             [Button(button_id("note.undo", batch=batch), turn.label("undo"))],
             {"opportunity": opp.id, "batch": batch})
    return True


def _amended(turn: Turn, live: list, raw: str):
    """(the answer, its amended text) when the correction names a value that one answer holds."""
    said = swaps.swap(raw) or swaps.implied(
        raw, [(a.text, a.facts or {}) for a in live if a.status == "answered"], turn.now.date()) \
        or swaps.implied_name(raw, [p.get("name") for a in live if a.status == "answered"
                                    for p in (a.facts or {}).get("people", [])])
    if said is None:
        return None
    hits = [(a, text) for a in live if a.status == "answered"
            for text in [swaps.amend(a.text, *said)] if text is not None]
    if not hits and (old := parse_money(said[1])) is not None:
        # "250萬不是200萬" against "大概2百萬左右": the same amount, written another way
        hits = [(a, text) for a in live if a.status == "answered" for written in _amounts_equal(a, old)
                for text in [swaps.amend(a.text, said[0], written)] if text is not None]
    if len(hits) > 1:  # "live by Q3" and its "by Q3" filed apart: the clause holding the rest
        hits = [h for h in hits if all(o[0].text in h[0].text for o in hits)][:1] or hits
    if len(hits) != 1 or swaps.adds_news(swaps.beside(raw, *said), hits[0][0].text):
        return None  # "预算批了，是100万不是80万": not only the figure changed
    return hits[0]


def _renamed(turn: Turn, opp, raw: str) -> set[int]:
    """ "its Bill Lumberg not Lumbergh": the person whose name was spelt wrong, renamed. Their ids."""
    people = records.stakeholders(turn, opp)
    said, out = swaps.swap(raw) or swaps.implied_name(raw, [p.name for p in people if p.name]), set()
    if said is not None:  # "是王总说了算不是张总": the name is 王总, not all that was said
        named = [p.name for p in find_people(said[0]) if p.name]
        said = (named[0], said[1]) if len(named) == 1 else said
    for person in people if said is not None else []:
        name = swaps.amend(person.name, *said) if person.name else None
        if name and name != person.name:
            repo.update_stakeholder(session=turn.session, person=person, now=turn.now, name=name)
            records.changed(turn, opp.id)
            out.add(person.id)
    return out


def _decider_moved(turn: Turn, opp, raw: str, reading, batch: str, skip: set[int]) -> str:
    """ "it's the CFO who signs, not the CIO": the CIO keeps a seat but not the role; whoever the
    correction names with a role is recorded. Returns the line to add to the reply."""
    said = swaps.swap(raw)
    if said is not None:
        wrong = to_simplified(said[1]).casefold()
        for person in records.stakeholders(turn, opp):
            if person.id in skip:
                continue
            known = [to_simplified(x).casefold() for x in (person.name, person.title) if x]
            if person.role in ("key_decision_leader", "approver") and any(k in wrong or wrong in k for k in known):
                repo.clear_role(session=turn.session, person=person, now=turn.now)
                records.changed(turn, opp.id)
    elif deciders := [p for p in reading.people if p.role == "key_decision_leader" and p.stated]:
        # "更正：決策者是營運長 張總": a new decider named, so the one recorded before keeps a seat, not the role
        named = [to_simplified(x).casefold() for p in deciders for x in (p.name, p.title) if x]
        for person in records.stakeholders(turn, opp):
            known = [to_simplified(x).casefold() for x in (person.name, person.title) if x]
            if person.id not in skip and person.role == "key_decision_leader" \
                    and not any(k in n or n in k for k in known for n in named):
                repo.clear_role(session=turn.session, person=person, now=turn.now)
                records.changed(turn, opp.id)
    # only who decides: the call or the step the corrected clause mentions was recorded with it
    recorded = happened.record_people(turn, opp, reading, batch)
    return "\n" + turn.label("recorded", items=" · ".join(recorded)) if recorded else ""


def _holding(current: dict, raw: str) -> Optional[str]:
    """The one topic whose answer holds the value said wrong ("sorry 是 3M 不是 2M", where only the
    budget says 2M), when the words name none."""
    said = swaps.swap(raw)
    if said is None:
        return None
    old = parse_money(said[1])
    dims = {d for d, rows in current.items() for a in rows if a.status == "answered"
            and (swaps.amend(a.text, *said) is not None or _amounts_equal(a, old))}
    return dims.pop() if len(dims) == 1 else None


def _amounts_equal(answer, old) -> list[str]:
    """How ``answer`` wrote the amount ``old`` ("大概2百萬左右" for "200萬"), if it holds it."""
    return [m["text"] for m in (answer.facts or {}).get("amounts", [])
            if old is not None and m.get("value") is not None and Decimal(str(m["value"])) == old.value]


def _which(turn: Turn, opp, current: dict) -> None:
    answered = [a for rows in current.values() for a in rows if a.status != "retracted"]
    if not answered:
        turn.say(turn.t("coach.correction_nothing"), [turn.button(button_id("disc.start"), "discover")])
        return
    last = max(answered, key=lambda a: (a.created_at, a.id))
    label = turn.questions(last.dimension)["label"]
    dims = sorted({a.dimension for a in answered}, key=lambda d: (d != last.dimension, DIMENSIONS.index(d)))
    turn.say(turn.t("coach.correction_which", last=f"{label}: {_short(last.text)}"),
             [turn.button(button_id("disc.edit", dim=d), "edit", label=turn.questions(d)["label"]) for d in dims[:4]],
             {"opportunity": opp.id})


def undo(turn: Turn, batch: str) -> None:
    """Put back what a correction replaced: a copy of each old answer supersedes its replacement."""
    rows = repo.batch_answers(session=turn.session, batch=batch) if batch else []
    live = [a for a, superseded in rows if not superseded]
    if not any(a.origin == "correction" and a.status != "retracted" for a in live):
        turn.say(turn.t("coach.note_undo_stale"))
        return
    opp = turn.own_deal(live[0].opportunity_id)
    if opp is None:
        return
    for replacement in live:
        answers.take_back(turn, replacement)
    turn.memo.pop(("answers", opp.id), None)
    dimension = live[0].dimension
    turn.say(turn.t("coach.correction_undone", label=turn.questions(dimension)["label"]),
             [turn.button(button_id("disc.review"), "review")], {"opportunity": opp.id, "undone": [dimension]})


def undo_last(turn: Turn, batch: Optional[str] = "") -> None:
    """ "undo", typed or a note's button: the batch named, else the last change in this
    conversation, be it a pasted note or a correction."""
    batch = batch or turn.seen.last_batch
    rows = repo.batch_answers(session=turn.session, batch=batch) if batch else []
    if any(a.origin == "correction" for a, _ in rows):
        undo(turn, batch)
    else:
        notes.undo(turn, batch)
