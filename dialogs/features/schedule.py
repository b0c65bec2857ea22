"""When the weekly digest comes: a day and a time per user, in their timezone (default Monday
08:30, in DEALCOACH_TIMEZONE until they set theirs). "/digest fri 17:00", "/digest off",
"/digest on", "/digest tz Asia/Taipei"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dialogs.turn import Turn
from storage import repo
from storage.models import User

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT = "mon 08:30"
# A missed slot (the service was down) is still sent within this window, never a week late.
CATCH_UP = timedelta(days=2)
_ZH_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_TIME = re.compile(r"(?P<h>[01]?\d|2[0-3])(?::|：|點|点|h)?(?P<m>[0-5]\d)?\s*(?P<ampm>am|pm)?", re.I)


@dataclass(frozen=True)
class Slot:
    day: int  # 0 = Monday
    at: time


def parse_slot(text: str) -> Optional[Slot]:
    """ "fri 17:00", "Friday 5pm", "週五 17:00", "周一 8点30" -> Slot; None when it isn't one."""
    low = text.strip().lower()
    day = next((i for i, d in enumerate(DAYS) if re.search(rf"\b{d}", low)), None)
    if day is None:
        m = re.search(r"(?:週|周|星期|禮拜|礼拜)([一二三四五六日天])", text)
        day = _ZH_DAYS[m.group(1)] if m else None
    rest = re.sub(r"[a-z]*day\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\w*|(?:週|周|星期|禮拜|礼拜)[一二三四五六日天]", " ", low)
    m = _TIME.search(rest)
    if day is None or m is None:
        return None
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ampm"] == "pm" and hour < 12:
        hour += 12
    return Slot(day, time(hour, minute)) if hour < 24 else None


def stored(slot: Slot) -> str:
    return f"{DAYS[slot.day]} {slot.at:%H:%M}"


def zone(user: User, default_tz: str) -> ZoneInfo:
    for name in (user.timezone, default_tz, "UTC"):
        try:
            return ZoneInfo(name) if name else ZoneInfo("UTC")
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def slot_of(user: User) -> Optional[Slot]:
    if user.digest_at == "off":
        return None
    return parse_slot(user.digest_at or DEFAULT) or parse_slot(DEFAULT)


def due_week(user: User, now: datetime, default_tz: str) -> Optional[str]:
    """The ISO week (in the user's timezone) whose digest is due now, or None: not yet, turned
    off, or the slot passed too long ago."""
    slot = slot_of(user)
    if slot is None:
        return None
    local = now.astimezone(zone(user, default_tz))
    monday = local.date() - timedelta(days=local.weekday())
    at = datetime.combine(monday + timedelta(days=slot.day), slot.at, tzinfo=local.tzinfo)
    if not at <= local < at + CATCH_UP:
        return None
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def _describe(turn: Turn) -> str:
    slot = slot_of(turn.user)
    tz = zone(turn.user, turn.default_tz).key
    if slot is None:
        return turn.t("coach.digest_off")
    return turn.t("coach.digest_when", day=turn.render.data(turn.lang, "labels")["weekdays"][slot.day],
                  time=f"{slot.at:%H:%M}", tz=tz)


def set_schedule(turn: Turn, arg: str) -> None:
    arg = arg.strip()
    low = arg.lower()
    if low in ("off", "stop", "mute", "關", "关", "關閉", "关闭", "停"):
        repo.set_digest(session=turn.session, user=turn.user, digest_at="off")
    elif low in ("on", "開", "开", "開啟", "开启"):
        repo.set_digest(session=turn.session, user=turn.user, digest_at=None)
    elif low.startswith(("tz ", "timezone ", "時區", "时区")):
        name = re.sub(r"^(?:tz|timezone|時區|时区)\s*", "", arg, flags=re.I).strip()
        match = next((z for z in sorted(available_timezones()) if z.lower() == name.lower()), None)
        if match is None:
            turn.say(turn.t("coach.digest_bad_tz", value=name[:60]))
            return
        repo.set_digest(session=turn.session, user=turn.user, timezone=match)
    else:
        slot = parse_slot(arg)
        if slot is None:
            turn.say(turn.t("coach.digest_bad_time", value=arg[:60]))
            return
        repo.set_digest(session=turn.session, user=turn.user, digest_at=stored(slot))
    turn.say(_describe(turn), meta={"digest_at": turn.user.digest_at or DEFAULT,
                                     "timezone": zone(turn.user, turn.default_tz).key})
