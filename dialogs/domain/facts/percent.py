"""Percentages: "30%", "12.5 percent", "百分之十五", "两成", "三成五"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from dialogs.domain.facts.chinese import NUMERAL_CHARS, parse_numeral, to_simplified
from dialogs.domain.facts.lazy import lazy_compile

_PLAIN = lazy_compile(r"(?P<n>\d+(?:\.\d+)?)\s?(?:%|％|percent\b|per\s?cent\b|pct\b)", re.IGNORECASE)
_CN_PCT = lazy_compile(rf"百分之(?P<n>\d+(?:\.\d+)?|[{NUMERAL_CHARS}]+)")
# "两成" is 20%: a numeral right before 成, but not 成本/成功/完成...
_CN_TENTHS = lazy_compile(r"(?<![\d一二两三四五六七八九十])(?P<t>[一二两三四五六七八九])成(?P<u>[一二三四五六七八九])?"
                        r"(?![本功长交为效果熟员立就都型品])")


@dataclass(frozen=True)
class Percent:
    value: Decimal
    text: str


def find_percentages(text: str) -> list[Percent]:
    simplified = to_simplified(text)
    found: list[tuple[int, Percent]] = []
    for m in _PLAIN.finditer(text):
        found.append((m.start(), Percent(Decimal(m["n"]), m.group())))
    for m in _CN_PCT.finditer(simplified):
        n = m["n"]
        value = Decimal(n) if n[0].isdigit() else Decimal(parse_numeral(n) or 0)
        found.append((m.start(), Percent(value, text[m.start():m.end()])))
    for m in _CN_TENTHS.finditer(simplified):
        value = parse_numeral(m["t"]) * 10 + (parse_numeral(m["u"]) if m["u"] else 0)
        found.append((m.start(), Percent(Decimal(value), text[m.start():m.end()])))
    return [p for _, p in sorted(found, key=lambda x: x[0])]
