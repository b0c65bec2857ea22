"""Dates from a rep's words, anchored to "today": ISO dates, "end of Q2", "next quarter", "下季度"."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Optional

import dateparser

_QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _rule_date(text: str, today: date) -> Optional[date]:
    t = text.strip().lower()
    m = re.search(r"\bq([1-4])(?:\s*(?:of\s*)?(?:fy)?\s*(\d{4}))?\b", t) or \
        re.search(r"(\d{4})?\s*年?\s*第?\s*([一二三四1-4])\s*(?:季度|季)", t)
    if m and m.re.pattern.startswith(r"\bq"):
        quarter, year = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    elif m:
        year, quarter = (int(m.group(1)) if m.group(1) else None), _QUARTER_WORDS[m.group(2)]
    else:
        quarter = year = None
    if quarter:
        if year is None:
            year = today.year if quarter >= _quarter_of(today) else today.year + 1
        return _quarter_end(year, quarter)
    if re.search(r"next\s+quarter|下(?:一)?(?:個|个)?季", t):
        q = _quarter_of(today) % 4 + 1
        return _quarter_end(today.year + (1 if q == 1 else 0), q)
    if re.search(r"this\s+quarter|end\s+of\s+(?:the\s+)?quarter|本季|這季|这季", t):
        return _quarter_end(today.year, _quarter_of(today))
    m = re.search(r"(?:end\s+of\s+|by\s+the\s+end\s+of\s+)(\d{4})|(\d{4})\s*年?\s*(?:底|年底|末)", t)
    if m:
        return date(int(m.group(1) or m.group(2)), 12, 31)
    if re.search(r"end\s+of\s+(?:the\s+)?year|year[-\s]end|年底|年末", t):
        return date(today.year, 12, 31)
    if re.search(r"next\s+year|明年", t) and not re.search(r"\d", t):
        return date(today.year + 1, 12, 31)
    return None


def parse_date(text: str, today: date) -> Optional[date]:
    """The date ``text`` names, preferring the future; None when it names none."""
    found = _rule_date(text, today)
    if found:
        return found
    parsed = dateparser.parse(
        text,
        languages=["en", "zh", "zh-Hant"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DAY_OF_MONTH": "last",
        },
    )
    return parsed.date() if parsed else None
