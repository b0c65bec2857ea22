"""What a note or an interview answer states beyond the dimensions, recorded on the deal:
activities done, the next step and its date, and buying roles or stances said outright."""

from __future__ import annotations

from datetime import timedelta

from dialogs.domain.facts.activities import when_done
from dialogs.domain.reading import Reading
from dialogs.features import committee, records, reminders
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity


def record_what_happened(turn: Turn, opp: Opportunity, reading: Reading, batch: str) -> list[str]:
    """What a note states beyond the dimensions: activities done, the next step and its date,
    and roles or stances it states outright (a role only guessed stays a suggestion). Each is
    kept under the note's batch, so its Undo takes them back. Returns lines to show the rep."""
    lines = []
    if turn.msg.file_ref:  # the photo or document the note came with, as a reference
        repo.add_activity(session=turn.session, opportunity_id=opp.id, kind="file", channel=turn.msg.channel,
                          now=turn.now, author_id=turn.user.id, summary=turn.msg.file_ref[:200], batch=batch)
        lines.append(turn.label("activity_file"))
    for found in reading.activities:
        # "had the demo yesterday": dated the day it happened, so the deal's last touch is right
        day = when_done(found.text, turn.now.date())
        at = turn.now - timedelta(days=(turn.now.date() - day).days) if day is not None else turn.now
        repo.add_activity(session=turn.session, opportunity_id=opp.id, kind=found.kind, channel=turn.msg.channel,
                          now=at, author_id=turn.user.id, summary=found.text, batch=batch)
        lines.append(turn.label(f"activity_{found.kind}"))
    if reading.next_step is not None:
        step = reading.next_step
        repo.add_activity(session=turn.session, opportunity_id=opp.id, kind="next_step", channel=turn.msg.channel,
                          now=turn.now, author_id=turn.user.id, next_step=step.text, due_date=step.date, batch=batch)
        lines.append(turn.label("next_step_recorded", step=step.text,
                                date=step.date.isoformat() if step.date else "—"))
        if step.date is not None and step.date >= turn.now.date():  # on /due, and reminded that morning
            reminders.follow_up(turn, opp.id, step.date, step.text)
    for todo in reading.todos:  # the rep's own dated moves: reminded beside, never instead of, the step agreed
        repo.add_activity(session=turn.session, opportunity_id=opp.id, kind="todo", channel=turn.msg.channel,
                          now=turn.now, author_id=turn.user.id, next_step=todo.text, due_date=todo.date, batch=batch)
        lines.append(turn.label("todo_recorded", step=todo.text, date=todo.date.isoformat()))
        reminders.follow_up(turn, opp.id, todo.date, todo.text, kind="todo")
    lines += record_people(turn, opp, reading, batch)
    records.changed(turn, opp.id)
    return lines


def record_people(turn: Turn, opp: Opportunity, reading: Reading, batch: str) -> list[str]:
    """Roles and stances a note states outright ("plant GM Tom Reyes has final say"), on the
    committee under the note's batch. Returns a line per person for the rep."""
    lines = []
    for person in reading.people:
        # a name with a stance or a stated role; a title alone only with a stated role ("CFO has final say")
        if not (person.stated or person.stance) or not (person.name or (person.title and person.stated)):
            continue
        role = person.role if person.stated else None
        name, title = committee.full_name(turn, opp, person.name, person.title)
        known = committee.find(turn, opp, name, title)
        if role == "approver" and known is not None and known.role == "key_decision_leader":
            role = None  # "…then Helen signs", after "Helen has final say": the decider signs too
        committee.upsert(turn, opp, name=name, title=title, role=role, stance=person.stance, batch=batch)
        words = turn.render.data(turn.lang, "labels")
        said = [words["roles"][role]] if role else []
        said += [words["stances"][person.stance]] if person.stance else []
        if not said:
            continue
        lines.append(f"{name or title}: {', '.join(said)}")
    records.changed(turn, opp.id)
    return lines
