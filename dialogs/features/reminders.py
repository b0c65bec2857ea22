"""Reminders: /due in any channel, and deliveries for a channel's scheduler.

Due times live in the database, so a restarted process picks up where it left off. Each due
reminder is claimed with a conditional UPDATE before it is sent, so two processes never both
deliver it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from dialogs.domain.cadence import FIRST_CONTACT, follow_up_at
from dialogs.messages import Button, Reply
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from prompts import Renderer
from storage import repo
from storage.models import Reminder

DUE_SHOWN = 10


@dataclass(frozen=True)
class Delivery:
    external_id: str  # the user's id on the channel (Slack team:user, Telegram user id)
    replies: list[Reply]
    outbox_id: Optional[int] = None  # crossed off once sent (dialogs/outbox.py)


def _line(render: Renderer, lang: str, r: Reminder, deal: str, now: datetime) -> dict:
    return {"deal": deal, "kind": render.data(lang, "labels")["reminder_kinds"][r.kind],
            "due": r.due_at.strftime("%Y-%m-%d %H:%M"), "overdue": r.due_at <= now, "note": r.note}


def reminder_reply(render: Renderer, lang: str, r: Reminder, deal: str, now: datetime) -> Reply:
    labels = render.data(lang, "labels")
    return Reply(render.text(lang, "coach.reminder", **_line(render, lang, r, deal, now)),
                 [Button(button_id("prep", deal=r.opportunity_id), labels["prep"]),
                  Button(button_id("log.start", deal=r.opportunity_id), labels["log_call"])],
                 {"reminder": r.id, "opportunity": r.opportunity_id, "kind": r.kind})


def due(turn: Turn, arg: str = "") -> None:
    reminders = repo.open_reminders(session=turn.session, user_id=turn.user.id)[:DUE_SHOWN]
    if not reminders:
        turn.say(turn.t("coach.due_empty"), meta={"due": []})
        return
    names = {o.id: o.name for o in repo.opportunities_of(session=turn.session, owner_id=turn.user.id)}
    rows = [_line(turn.render, turn.lang, r, names.get(r.opportunity_id, "?"), turn.now) for r in reminders]
    buttons, seen = [], set()
    for r in reminders:
        if r.opportunity_id not in seen and len(seen) < 3:
            seen.add(r.opportunity_id)
            buttons += [Button(button_id("prep", deal=r.opportunity_id), f"{turn.label('prep')}: {names.get(r.opportunity_id, '?')[:20]}"),
                        Button(button_id("log.start", deal=r.opportunity_id), f"{turn.label('log_call')}: {names.get(r.opportunity_id, '?')[:20]}")]
    turn.say(turn.t("coach.due_list", rows=rows), buttons,
             {"due": [{"reminder": r.id, "opportunity": r.opportunity_id, "kind": r.kind,
                       "due_at": r.due_at.isoformat()} for r in reminders]})


def first_contact(turn: Turn, opp_id: int) -> None:
    """A fresh lead: nudge now, and remind in five minutes unless a call is logged first."""
    repo.add_reminder(session=turn.session, opportunity_id=opp_id, user_id=turn.user.id,
                      kind="first_contact", due_at=turn.now + FIRST_CONTACT, now=turn.now)


def follow_up(turn: Turn, opp_id: int, day, step: str, kind: str = "follow_up",
              replaces: Optional[str] = None) -> None:
    """The agreed next step, reminded on its day; it replaces the follow-up it moves. A to-do of
    the rep's own is added beside the rest, replacing only the one it moves (``replaces``)."""
    if kind == "follow_up" or replaces is not None:
        repo.cancel_reminders(session=turn.session, opportunity_id=opp_id, kinds=(kind,), now=turn.now,
                              note=replaces if kind != "follow_up" else None)
    repo.add_reminder(session=turn.session, opportunity_id=opp_id, user_id=turn.user.id,
                      kind=kind, due_at=follow_up_at(day), now=turn.now, note=step)
