"""Follow-up cadence (seed 003): contact within minutes of a fresh inbound lead; keep trying up
to about six attempts (reps average 1.5), spaced out and at different times of day."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Optional

from storage.models import Activity

UNREACHED = ("voicemail", "no_answer")
REACHED = ("connected", "meeting_booked")
OUTCOMES = ("connected", "voicemail", "no_answer", "meeting_booked", "not_interested")
MAX_ATTEMPTS = 6
FIRST_CONTACT = timedelta(minutes=5)
# Days to wait after attempt n before the next; a few hours' shift tries another time of day.
SPACING_DAYS = {1: 1, 2: 2, 3: 2, 4: 3, 5: 4}
TIME_SHIFT = timedelta(hours=3)
FOLLOW_UP_AT = time(9, 0)


def attempts(calls: list[Activity]) -> int:
    """Unanswered attempts in a row, counting back from the latest call."""
    n = 0
    for call in reversed([a for a in calls if a.kind == "call"]):
        if call.outcome not in UNREACHED:
            break
        n += 1
    return n


def guidance_key(outcome: str, n_attempts: int) -> str:
    if outcome in UNREACHED:
        if n_attempts >= MAX_ATTEMPTS:
            return "attempt_last"
        return {1: "attempt_first", 3: "attempt_third"}.get(n_attempts, "attempt_more")
    return outcome


def next_attempt(now: datetime, n_attempts: int) -> Optional[datetime]:
    if n_attempts >= MAX_ATTEMPTS or n_attempts < 1:
        return None
    return now + timedelta(days=SPACING_DAYS.get(n_attempts, 4)) + TIME_SHIFT


def follow_up_at(day) -> datetime:
    return datetime.combine(day, FOLLOW_UP_AT, tzinfo=timezone.utc)
