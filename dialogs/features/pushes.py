"""What the coach says unasked, in a user's DM: the weekly digest (managers), and nudges about a
rep's own deals when one goes stale, its close date passes or its close date moves out.

Each is claimed before it is said: a row whose unique (user, kind, key) names the cause, written
in the same transaction as the reply's outbox entry. Two workers never both send one, and a
crash after the claim loses nothing (the outbox resends). Nudges come in working hours only,
at most a few a day, most valuable deal first; a rep can mute them per deal."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dialogs.features import digest, records, schedule
from dialogs.features.coaching.next_action import actions
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity

NUDGES_PER_DAY = 3
NUDGE_KINDS = ("nudge_close", "nudge_stale", "slip")
WORKDAY = (time(8, 0), time(18, 0))


def send_digest(turn: Turn, worker: str) -> bool:
    """The week's digest, if its slot has come and nobody sent it yet."""
    week = schedule.due_week(turn.user, turn.now, turn.default_tz)
    if week is None or not repo.claim_push(session=turn.session, user_id=turn.user.id, kind="digest", key=week,
                                          now=turn.now, worker=worker):
        return False
    text, buttons, meta = digest.build(turn)
    turn.say(text, buttons, {**meta, "push": "digest"})
    return True


def working_hours(turn: Turn) -> bool:
    local = turn.now.astimezone(schedule.zone(turn.user, turn.default_tz))
    return local.weekday() < 5 and WORKDAY[0] <= local.time() < WORKDAY[1]


def _cause(turn: Turn, kind: str, opp: Opportunity, data: dict) -> str:
    if kind == "nudge_close":
        return turn.t("coach.nudge_close", date=opp.close_date.isoformat())
    if kind == "slip":
        return turn.t("coach.nudge_slip", old=data["old"], new=data["new"])
    return turn.t("coach.nudge_stale", days=(turn.now - opp.updated_at).days, date=opp.updated_at.date().isoformat())


def _say(turn: Turn, kind: str, opp: Opportunity, data: dict) -> None:
    todo = actions(turn, records.evidence(turn, opp))
    buttons = [todo[0].button] if todo else []
    buttons += [Button(button_id("summary", deal=opp.id), turn.label("summary")),
                Button(button_id("nudge.mute", deal=opp.id), turn.label("mute_nudges"))]
    turn.say(turn.t("coach.nudge", deal=opp.name, cause=_cause(turn, kind, opp, data),
                    action=todo[0].text if todo else None), buttons,
             {"push": "nudge", "cause": kind.removeprefix("nudge_"), "opportunity": opp.id})


def send_nudges(turn: Turn, worker: str, sent_today: int) -> int:
    """Nudges for the user's own deals, up to today's cap; how many were said."""
    room = NUDGES_PER_DAY - sent_today
    if room <= 0 or not working_hours(turn):
        return 0
    said = 0
    muted = repo.muted_deals(session=turn.session, user_id=turn.user.id)
    open_ids = [s.id for s in turn.playbook.open_stages]
    for slip in repo.pending_pushes(session=turn.session, kind="slip", user_ids=[turn.user.id], limit=room):
        if repo.claim_pending_push(session=turn.session, push_id=slip.id, worker=worker):
            opp = turn.opportunity(slip.opportunity_id)
            if opp is not None and opp.id not in muted and opp.stage in open_ids:  # not once it closed
                _say(turn, "slip", opp, slip.data or {})
                said += 1
    if said >= room:
        return said
    for opp, kind in repo.nudge_candidates(session=turn.session, owner_ids=[turn.user.id], stages=open_ids,
                                           today=turn.now.date(),
                                           stale_before=turn.now - timedelta(days=turn.playbook.stale_days),
                                           limit=room - said):
        if said >= room:
            break
        instance = opp.close_date.isoformat() if kind == "nudge_close" else opp.updated_at.isoformat(timespec="seconds")
        if repo.claim_push(session=turn.session, user_id=turn.user.id, kind=kind, key=f"{opp.id}:{instance}",
                           opportunity_id=opp.id, now=turn.now, worker=worker):
            _say(turn, kind, opp, {})
            said += 1
    return said


def mute(turn: Turn, arg: str) -> None:
    """The nudge's Mute button (and /mute, /unmute for the current deal)."""
    verb, _, deal = arg.partition(":")
    opp = turn.own_deal(int(deal)) if deal.isdigit() else turn.deal
    if opp is None:
        return
    muted = verb != "unmute"
    repo.set_muted(session=turn.session, user_id=turn.user.id, opportunity_id=opp.id, muted=muted, now=turn.now)
    undo = Button(button_id("nudge.unmute" if muted else "nudge.mute", deal=opp.id),
                  turn.label("unmute_nudges" if muted else "mute_nudges"))
    turn.say(turn.t("coach.nudges_muted" if muted else "coach.nudges_unmuted", deal=opp.name), [undo],
             {"opportunity": opp.id, "muted": muted})


def mute_current(turn: Turn, arg: str = "") -> None:
    mute(turn, "mute")


def unmute_current(turn: Turn, arg: str = "") -> None:
    mute(turn, "unmute")


def start_of_day(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)
