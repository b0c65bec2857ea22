"""Dates in a rep's words, anchored to "today". Conventions (deadline semantics):
a month without a day is its last day; a quarter is its last day; "end of year" is 31 Dec;
a bare year is 31 Dec of that year; a date without a year is its next occurrence.

``find_dates`` scans a note for every date; ``parse_date`` reads one short value."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional

from dialogs.domain.facts.chinese import NUMERAL_CHARS, parse_numeral, to_simplified
from dialogs.domain.facts.lazy import lazy_compile

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3,
             "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_N = rf"(?:\d+|[{NUMERAL_CHARS}]+)"


@dataclass(frozen=True)
class FoundDate:
    date: date
    text: str


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_end_ahead(month: int, today: date, year: Optional[int] = None) -> date:
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    return _last_day(year, month)


def _day_ahead(month: int, day: int, today: date, year: Optional[int] = None) -> Optional[date]:
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def _quarter_end(quarter: int, today: date, year: Optional[int] = None) -> date:
    if year is None:
        current = (today.month - 1) // 3 + 1
        year = today.year if quarter >= current else today.year + 1
    return _last_day(year, quarter * 3)


def _num(raw: Optional[str]) -> Optional[int]:
    if raw is None:
        return None
    return int(raw) if raw.isdigit() else parse_numeral(raw)


def _year(raw: Optional[str], today: date) -> Optional[int]:
    if not raw:
        return None
    raw = raw.strip().lower()
    if raw in ("明年", "next year"):
        return today.year + 1
    if raw in ("今年", "this year"):
        return today.year
    if raw in ("后年", "後年"):
        return today.year + 2
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 2:
        return 2000 + int(digits)
    return int(digits) if digits else None


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_week_day(today: date, weekday: int) -> date:
    return today + timedelta(days=7 - today.weekday() + weekday)


def _this_week_day(today: date, weekday: int) -> date:
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


Resolver = Callable[[re.Match, date], Optional[date]]
_YEAR = r"(?P<year>(?:19|20)\d{2}|明年|今年|后年|後年)"
_RULES: list[tuple[re.Pattern, Resolver]] = []


def _rule(pattern: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        _RULES.append((lazy_compile(pattern, re.IGNORECASE), fn))
        return fn
    return register


@_rule(r"(?<![\dA-Za-z])(?P<y>20\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\dA-Za-z])")  # "2027/3/31前": no \b before Chinese
def _iso(m, today):
    return _day_ahead(int(m["m"]), int(m["d"]), today, int(m["y"]))


@_rule(rf"{_YEAR}\s?年\s?(?P<m>{_N})\s?月\s?(?P<d>{_N})\s?[日号號]")
@_rule(rf"(?<![\d年])(?P<m>\d{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s?月\s?(?P<d>\d{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s?[日号號]")
def _cn_day(m, today):
    month, day = _num(m["m"]), _num(m["d"])
    if not month or not day:
        return None
    return _day_ahead(month, day, today, _year(m.groupdict().get("year"), today))


@_rule(rf"{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>20\d{{2}}))?\b")
@_rule(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>20\d{{2}}))?\b")
def _en_day(m, today):
    y = m.groupdict().get("y")
    return _day_ahead(_MONTHS[m["month"].lower()], int(m["d"]), today, int(y) if y else None)


# "deep dive on the 14th": that day of this month, or of the next once it has gone by
@_rule(r"\b(?:on\s+)?the\s+(?P<d>[1-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of|floor|percentile|time|century))")
def _day_of_month(m, today):
    day = int(m["d"])
    for k in range(3):
        month, year = (today.month + k - 1) % 12 + 1, today.year + (today.month + k - 1) // 12
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


@_rule(r"(?<![A-Za-z0-9/])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/A-Za-z])")  # "12/15跟陳經理": no \b before Chinese
def _slash_day(m, today):
    month, day = int(m["m"]), int(m["d"])
    return _day_ahead(month, day, today) if 1 <= month <= 12 else None


# Latin edges, not \b: in "Q2前要決定" and "是Q3" the Chinese characters are word characters too.
@_rule(r"(?:\b(?P<before>before|prior\s+to)\s+)?(?<![A-Za-z0-9])(?:q(?P<q>[1-4])|(?P<h>h[12]))\s*(?:of\s+|fy\s?|'(?=\d))?(?P<y>(?:20)?\d{2})?(?![A-Za-z0-9])")
def _quarter(m, today):
    year = _year(m["y"], today) if m["y"] else None
    if m["before"] and m["q"]:  # "live before Q3": by the end of Q2 (of the Q3 meant)
        end = _quarter_end(int(m["q"]), today, year)
        start = date(end.year, end.month - 2, 1)
        return start - timedelta(days=1)
    if m["h"]:
        half = int(m["h"][1])
        if year is None:
            year = today.year if (half == 2 or today.month <= 6) else today.year + 1
        return _last_day(year, 6 * half)
    return _quarter_end(int(m["q"]), today, year)


@_rule(rf"(?:{_YEAR}\s?(?:年\s?)?)?(?:第\s?)?(?P<q>[一二三四1-4])\s?(?:季度|季|q(?![A-Za-z]))")  # "3Q", not "3 quotes"
def _cn_quarter(m, today):
    return _quarter_end(_num(m["q"]) or int(m["q"]), today, _year(m["year"], today))


@_rule(rf"(?:{_YEAR}\s?)?(?P<half>上半年|下半年)")
def _cn_half(m, today):
    year = _year(m["year"], today)
    half = 1 if m["half"] == "上半年" else 2
    if year is None:
        year = today.year if (half == 2 or today.month <= 6) else today.year + 1
    return _last_day(year, 6 * half)


@_rule(r"next\s+quarter|下\s?(?:一\s?)?(?:个|個)?\s?季")
def _next_quarter(m, today):
    q = (today.month - 1) // 3 + 1
    return _last_day(today.year + (q == 4), (q % 4 + 1) * 3)


@_rule(r"(?:this|current|end\s+of\s+(?:the\s+)?)\s*quarter|本季|这季|這季|本\s?季度|这个季度|這個季度|季底|季末")
def _this_quarter(m, today):
    return _last_day(today.year, ((today.month - 1) // 3 + 1) * 3)


# A season is its last month's end (northern hemisphere): a horizon like a quarter, said only
# with a year, "next"/"this" or "by"/"before" ("by next summer", "明年夏天前", "暑假前"), never a
# season in passing ("summer interns").
_SEASON_END = {"spring": 5, "summer": 8, "fall": 11, "autumn": 11, "winter": 2,
               "春天": 5, "夏天": 8, "秋天": 11, "冬天": 2, "暑假": 8, "寒假": 2}
SEASONS_EN = "|".join(k for k in _SEASON_END if k.isascii())  # also what quality calls no dated timeline
SEASONS_ZH = "|".join(k for k in _SEASON_END if not k.isascii())


@_rule(r"\b(?:(?:by|before|until|in|over|during|for|through)\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
       rf"(?:(?P<rel>next|this|coming)\s+)(?P<season>{SEASONS_EN})\b|"
       rf"\b(?:by|before|until)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?P<season2>{SEASONS_EN})\b"
       r"(?:\s+(?P<y>20\d{2}))?|"
       rf"(?P<cy>明年|今年|后年|後年|20\d{{2}}\s?年?)?(?P<cs>{SEASONS_ZH})(?(cy)|(?=之?前|结束|結束|底))")
def _season(m, today):
    season = (m["season"] or m["season2"] or m["cs"]).lower()
    end = _SEASON_END[season]
    year = _year(m["cy"] or m["y"], today)
    if year is not None:
        return _last_day(year + (end == 2), end)
    upcoming = today.year + (end < today.month) if end != 2 else today.year + (today.month > 2)
    if m["rel"] and m["rel"].lower() == "next" and end - 2 <= today.month <= end:
        upcoming += 1  # said in the summer, "next summer" is next year's
    return _last_day(upcoming, end)


@_rule(r"(?P<cy>明年|今年)?(?<![一每个個])年中(?:之?前)?")
def _mid_year(m, today):
    year = _year(m["cy"], today) if m["cy"] else (today.year if today.month <= 6 else today.year + 1)
    return date(year, 6, 30)


@_rule(rf"{_YEAR}\s?年?\s?(?P<m>{_N})\s?月(?:份)?(?:\s?(?:底|末|前|中))?")
def _cn_year_month(m, today):
    month = _num(m["m"])
    return _last_day(_year(m["year"], today), month) if month and 1 <= month <= 12 else None


@_rule(rf"(?<![\d年季])(?P<m>\d{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s?月(?:份)?(?:\s?(?:底|末|前|中))?")
def _cn_month(m, today):
    month = _num(m["m"])
    return _month_end_ahead(month, today) if month and 1 <= month <= 12 else None


@_rule(rf"{_MONTH}\s+(?P<y>20\d{{2}})\b")
def _en_month_year(m, today):
    return _last_day(int(m["y"]), _MONTHS[m["month"].lower()])


@_rule(rf"\b(?:by|before|in|until|till|end\s+of|by\s+the\s+end\s+of|early|mid|late|during|from|"
       rf"after|around|since)[\s-]+(?:the\s+|next\s+)?{_MONTH}\b")
def _en_month(m, today):
    return _month_end_ahead(_MONTHS[m["month"].lower()], today)


# Fixed-date holidays reps plan around ("明年五一前", "國慶前", "双十一之前"): the day itself.
_HOLIDAYS = {"五一": (5, 1), "劳动节": (5, 1), "勞動節": (5, 1), "国庆": (10, 1), "國慶": (10, 1), "十一": (10, 1),
             "元旦": (1, 1), "双十一": (11, 11), "雙十一": (11, 11), "双11": (11, 11), "雙11": (11, 11), "618": (6, 18),
             "双十二": (12, 12), "雙十二": (12, 12)}


@_rule(r"(?P<next>明年|今年|去年)?(?P<h>五一|劳动节|勞動節|国庆|國慶|元旦|双十一|雙十一|双11|雙11|双十二|雙十二|(?<![\d十])618(?!\d)|"
       r"(?<![\d双雙])十一(?=前|之前|以前|假期|长假|長假|黄金周|黃金週))")
def _holiday(m, today):
    month, day = _HOLIDAYS[m["h"]]
    if m["next"] == "明年":
        return date(today.year + 1, month, day)
    if m["next"] == "去年":  # "去年双十一宕机": last year's, history and no deadline
        return date(today.year - 1, month, day)
    return _day_ahead(month, day, today)


@_rule(r"明年底|明年年底|明年末|end\s+of\s+next\s+year")
def _next_year_end(m, today):
    return date(today.year + 1, 12, 31)


@_rule(r"(?P<y>20\d{2})\s?年?\s?(?:底|年底|末|年末)|(?:end\s+of|by\s+the\s+end\s+of)\s+(?P<y2>20\d{2})")
def _given_year_end(m, today):
    return date(int(m["y"] or m["y2"]), 12, 31)


@_rule(r"\b(?:end\s+of\s+(?:the\s+)?|by\s+(?:the\s+)?end\s+of\s+(?:the\s+)?)?(?:this\s+)?"
       r"(?:year[-\s]?end|end\s+of\s+(?:the\s+)?year|eoy|今年年底|今年年末|今年底|年底|年末|年内|年內)")
def _year_end(m, today):
    return date(today.year, 12, 31)


# A fiscal year said with a lead ("by next FY", "before next financial year", "by end of FY"):
# the company's own calendar is not known, so the calendar year stands in for it (the next FY
# starts when this one ends).
@_rule(r"\b(?:by|before|until|till|in|for|from|ahead\s+of)\s+(?:the\s+)?(?:(?P<end>end\s+of\s+(?:the\s+)?)?(?P<rel>next|this|current|coming)\s+"
       r"|(?P<end2>end\s+of\s+(?:the\s+)?))(?:fy|fiscal\s+year|financial\s+year)\b|\b(?:fy|fiscal\s+year|financial\s+year)[-\s]end\b")
def _fiscal_year(m, today):
    later = bool(m["end"]) and (m["rel"] or "").lower() in ("next", "coming")
    return date(today.year + later, 12, 31)


@_rule(r"\b(?:by|in|before|until|for|during|through)\s+(?:fy\s?)?(?P<y>20\d{2})\b|"
       r"\b(?:by|in|before|until|for|during|through)\s+fy\s?'?(?P<y2>\d{2})\b")  # "by FY26"
def _bare_year(m, today):
    return date(int(m["y"]) if m["y"] else 2000 + int(m["y2"]), 12, 31)


@_rule(r"\b(?:tomorrow|tmrw|tmr|tmro|tomo|2moro|2mrw)\b|明天|明日")
def _tomorrow(m, today):
    return today + timedelta(days=1)


_SPELL_AFTER = lazy_compile(r"\s*(?:instead\s+of|rather\s+than|vs\.?|versus|compared\s+to|late\b|behind\b|ago\b|or\s+(?:less|more|so)\b|"
                            r"flat\b|on\s+average|to\s+(?:close|process|onboard|ship|get|answer|resolve)\b)", re.IGNORECASE)
_CHANGE_BEFORE = lazy_compile(r"\b(?:went\s+up|went\s+down|rose|grew|increased|dropped|fell|decreased|doubled|tripled|"
                              r"jumped|spiked|declined|climbed|shrank|takes?|took|taking|"
                              # how long their process should take: "close the books in 5 days"
                              r"close|closing|process|processed|processing|turnaround|onboard\w*|resolve|resolving|answer|approve|pay)\b[^.;,]{0,25}$", re.IGNORECASE)


@_rule(r"(?:in\s+)?(?P<n>\d+|a|one|two|three|four|six|eight)\s+(?P<unit>days?|weeks?|months?)(?:\s+from\s+now|\s+time)?(?=\W|$)")
def _in_units(m, today):
    if not m.group().lower().startswith("in ") and "from now" not in m.group().lower():
        return None
    if _SPELL_AFTER.match(m.string, m.end()) or _CHANGE_BEFORE.search(m.string[max(0, m.start() - 40):m.start()]):
        return None  # a duration: "close the books in 5 days instead of 12", "went up 31% in 18 months"
    words = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8}
    n = int(m["n"]) if m["n"].isdigit() else words[m["n"].lower()]
    unit = m["unit"].lower()
    if unit.startswith("month"):
        return _add_months(today, n)
    return today + timedelta(days=n * (7 if unit.startswith("week") else 1))


@_rule(rf"(?P<n>{_N})\s?(?P<unit>个月|個月|周|週|星期|天)\s?(?:后|後|内|內)")
def _cn_in_units(m, today):
    n = _num(m["n"])
    if not n:
        return None
    if m["unit"] in ("个月", "個月"):
        return _add_months(today, n)
    return today + timedelta(days=n * (1 if m["unit"] == "天" else 7))


@_rule(r"上\s?(?:个|個)?\s?(?:周|週|星期|礼拜|禮拜)\s?(?P<d>[一二三四五六日天])")
def _cn_last_week_day(m, today):  # "上週五開過會": gone by, last week's
    return _next_week_day(today, _CN_WEEKDAYS[m["d"]]) - timedelta(days=14)


@_rule(r"\blast\s+(?P<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri)\b")
def _en_last_week_day(m, today):  # "met them last friday": the latest one gone by
    back = (today.weekday() - _WEEKDAYS[m["d"].lower()]) % 7
    return today - timedelta(days=back or 7)


@_rule(r"下\s?(?:周|週|星期|礼拜|禮拜)\s?(?P<d>[一二三四五六日天])")
def _cn_next_week_day(m, today):
    return _next_week_day(today, _CN_WEEKDAYS[m["d"]])


@_rule(r"(?:本|这|這)?\s?(?:周|週|星期|礼拜|禮拜)\s?(?P<d>[一二三四五六日天])")
def _cn_week_day(m, today):
    return _this_week_day(today, _CN_WEEKDAYS[m["d"]])


@_rule(r"\bnext\s+(?P<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri)\b")
def _en_next_week_day(m, today):
    return _next_week_day(today, _WEEKDAYS[m["d"].lower()])


@_rule(r"\b(?:on\s+|this\s+|by\s+)?(?P<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
       r"mon|tues?|wed|thu(?:rs?)?|fri)\b")
def _en_week_day(m, today):
    return _this_week_day(today, _WEEKDAYS[m["d"].lower()])


@_rule(r"\bnext\s+month\b|下\s?(?:个|個)\s?月")
def _next_month(m, today):
    nxt = _add_months(today.replace(day=1), 1)
    return _last_day(nxt.year, nxt.month)


@_rule(r"\b(?:end\s+of\s+(?:the\s+|this\s+)?month|this\s+month)\b|月底前|本月|这个月|這個月|月底")
def _this_month(m, today):
    if m.group() == "月底" and (m.string[max(0, m.start() - 1):m.start()] in ("每", "个", "到")
                               or _MONTH_END_ROUTINE.match(m.string, m.end())):
        return None  # "月底关帐都要加班", "每月底统计": a routine, no deadline
    return _last_day(today.year, today.month)


_MONTH_END_ROUTINE = lazy_compile(r"\s*(?:都|总是|老是|常常|经常|统计|关帐|关账|结账|结帐|盘点|对账|对帐|加班|月初)")


def find_dates(text: str, today: date) -> list[FoundDate]:
    """Every date the text names, in reading order, without overlaps."""
    simplified = to_simplified(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, FoundDate]] = []
    for pattern, resolve in _RULES:
        for m in pattern.finditer(simplified):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            try:
                day = resolve(m, today)
            except (ValueError, KeyError):
                day = None
            if day is None:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), FoundDate(day, text[m.start():m.end()].strip())))
    return [f for _, f in sorted(found, key=lambda x: x[0])]


def parse_date(text: str, today: date) -> Optional[date]:
    """The date a short value names ("2027-03-31", "end of Q2", "下季度"); None if none."""
    found = find_dates(text, today)
    if found:
        return found[0].date
    import dateparser

    parsed = dateparser.parse(text, languages=["en", "zh"], settings={
        "PREFER_DATES_FROM": "future", "PREFER_DAY_OF_MONTH": "last",
        "RELATIVE_BASE": __import__("datetime").datetime(today.year, today.month, today.day)})
    return parsed.date() if parsed else None
