"""The rule-based note reader: which dimensions a note speaks to, and the facts in it.

Works offline in en, zh-Hant and zh-Hans. Dimension scores come from weighted cue words
(dialogs/domain/cues.py) plus the facts themselves: a delivery date is timeline evidence, an amount is
budget evidence unless it is a saving (goals) or a loss (consequences). Clauses that only report
logistics ("left a voicemail", "改約週四") neither add cues nor turn their dates into a timeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Optional

from dialogs.domain.cues import CUES, LOGISTICS
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.dates import FoundDate, find_dates
from dialogs.domain.facts.money import Money, find_money
from dialogs.domain.facts.people import Person, find_people
from dialogs.domain.facts.percent import Percent, find_percentages
from dialogs.domain.language import guess_language
from dialogs.domain.facts.lazy import lazy_compile

THRESHOLD = 1.0
_CLAUSE = lazy_compile(r"[.;!?。;!?\n]+|,\s+(?=but\b|and\s+(?:they|we|she|he)\b)|，|,(?=\s?[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]),")
_SAVING = lazy_compile(r"\b(?:save[sd]?|saving|savings|revenue|worth|return|gain|recover\w*|upside|sales\s+of|"
                     r"increase|grow|add|reduce|cut|lower|down\s+to|target)\b|省|节省|营收|收入|回收|效益|产值|增加|"
                     r"多赚|降|减|压到|提到|目标", re.IGNORECASE)
_LOSS = lazy_compile(r"\b(?:los(?:e|es|ing|t)|loss(?:es)?|penalt\w+|fines?|fined|cost\s+them|costing|"
                   r"write-?offs?|leak\w*|wast\w+|overspend\w*|overrun|overpa\w+|overbill\w*)\b|损失|罚|赔|流失|"
                   r"浪费|亏|多付|冤枉钱", re.IGNORECASE)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Reading:
    language: str
    dimensions: list[str]
    amounts: list[Money] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    percentages: list[Percent] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    def facts_json(self) -> dict[str, Any]:
        return {
            "amounts": [{"value": _number(m.value), "currency": m.currency, "text": m.text}
                        for m in self.amounts],
            "dates": [{"date": d.date.isoformat(), "text": d.text} for d in self.dates],
            "percentages": [{"value": _number(p.value), "text": p.text} for p in self.percentages],
            "people": [{"name": p.name, "title": p.title, "role": p.role} for p in self.people],
        }

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "dimensions": list(self.dimensions),
                "facts": self.facts_json()}


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[tuple[float, re.Pattern]]]:
    return {dim: [(w, re.compile(p, re.IGNORECASE)) for w, p in cues] for dim, cues in CUES.items()}


_LOGISTICS = lazy_compile(LOGISTICS, re.IGNORECASE)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _clause_of(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    return next((s for s in spans if s[0] <= pos < s[1]), (0, 0))


def score_dimensions(text: str, *, dates: list[FoundDate], amounts: list[Money],
                     percentages: list[Percent], people: list[Person]) -> dict[str, float]:
    simplified = to_simplified(text)
    spans = _clauses(simplified)
    logistic = {s for s in spans if _LOGISTICS.search(simplified[s[0]:s[1]])}
    scores = {d: 0.0 for d in DIMENSIONS}
    for dim, cues in _compiled().items():
        for weight, pattern in cues:
            hits = [m for m in pattern.finditer(simplified)]
            if not hits:
                continue
            # A cue that only appears inside logistics clauses counts half.
            in_content = any(_clause_of(m.start(), spans) not in logistic for m in hits)
            scores[dim] += weight if in_content else weight / 2
    for found in dates:
        pos = simplified.find(to_simplified(found.text))
        if pos >= 0 and _clause_of(pos, spans) not in logistic:
            scores["timeline"] += THRESHOLD
    for money in amounts:
        pos = simplified.find(to_simplified(money.text))
        clause = simplified[slice(*_clause_of(pos, spans))] if pos >= 0 else simplified
        if _LOSS.search(clause):
            scores["consequences"] += 0.5
        elif _SAVING.search(clause):
            scores["goals"] += 0.5
        else:
            scores["budget"] += THRESHOLD
    if percentages:
        scores["goals"] += 0.5
    for person in people:
        # Any buying role (decider, approver, sponsor, evaluator...) is authority evidence.
        if person.role:
            scores["authority"] += THRESHOLD
    return scores


def read_note(text: str, today: date, language: Optional[str] = None) -> Reading:
    """The rules' reading of a note. Pure, so memoised: advice re-reads the same answers."""
    return _read(text, today, language)


@lru_cache(maxsize=4096)
def _read(text: str, today: date, language: Optional[str]) -> Reading:
    amounts = find_money(text)
    dates = find_dates(text, today)
    percentages = find_percentages(text)
    people = find_people(text)
    scores = score_dimensions(text, dates=dates, amounts=amounts, percentages=percentages,
                              people=people)
    dims = [d for d in DIMENSIONS if scores[d] >= THRESHOLD]
    return Reading(language=language or guess_language(text) or "en", dimensions=dims,
                   amounts=amounts, dates=dates, percentages=percentages, people=people,
                   scores=scores)
