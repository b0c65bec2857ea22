"""Money amounts with their currency: "$50k", "€30,000", "1.2 million dollars", "NT$150萬",
"200 万元人民币", "五十萬". ``find_money`` returns every amount in a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from dialogs.domain.facts.chinese import NUMERAL_CHARS, parse_numeral
from dialogs.domain.facts.lazy import lazy_compile

_ISO = ("USD", "EUR", "GBP", "TWD", "NTD", "CNY", "RMB", "JPY", "HKD", "SGD", "AUD", "CAD", "CHF",
        "INR", "KRW", "MYR", "THB", "VND", "PHP", "IDR", "NZD", "SEK", "NOK", "DKK", "BRL", "MXN",
        "NGN", "ZAR", "AED", "PLN", "CZK", "HUF")
_ALIASES = {"NTD": "TWD", "RMB": "CNY"}
# Markers that name a currency, longest first, with the ISO code they mean.
_MARKERS: tuple[tuple[str, str], ...] = (
    ("NT$", "TWD"), ("HK$", "HKD"), ("US$", "USD"), ("CA$", "CAD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("R$", "BRL"), ("MX$", "MXN"), ("S$", "SGD"), ("A$", "AUD"), ("C$", "CAD"),
    ("新台币", "TWD"), ("新台幣", "TWD"), ("新臺幣", "TWD"), ("台币", "TWD"), ("台幣", "TWD"),
    ("臺幣", "TWD"), ("人民币", "CNY"), ("人民幣", "CNY"), ("美元", "USD"), ("美金", "USD"),
    ("欧元", "EUR"), ("歐元", "EUR"), ("英镑", "GBP"), ("英鎊", "GBP"), ("日元", "JPY"),
    ("日圓", "JPY"), ("日币", "JPY"), ("港币", "HKD"), ("港幣", "HKD"), ("dollars", "USD"),
    ("dollar", "USD"), ("bucks", "USD"), ("euros", "EUR"), ("euro", "EUR"), ("pounds", "GBP"),
    ("₹", "INR"), ("₦", "NGN"), ("₱", "PHP"), ("₩", "KRW"), ("฿", "THB"), ("₫", "VND"), ("€", "EUR"), ("£", "GBP"), ("$", "USD"), ("¥", "CNY"), ("￥", "CNY"), ("元", "CNY"),
    ("块", "CNY"), ("塊", "TWD"),
)
_MAGNITUDES: dict[str, int] = {
    "千万": 10_000_000, "千萬": 10_000_000, "百万": 1_000_000, "百萬": 1_000_000,
    "亿": 100_000_000, "億": 100_000_000, "万": 10_000, "萬": 10_000, "千": 1_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "million": 1_000_000,
    "mil": 1_000_000, "mn": 1_000_000, "mm": 1_000_000, "m": 1_000_000, "thousand": 1_000, "grand": 1_000,
    "k": 1_000, "lakhs": 100_000, "lakh": 100_000, "crores": 10_000_000, "crore": 10_000_000,
    "w": 10_000,  # "80w": mainland shorthand for 80万, read only in a Chinese note
}
_CJK_MAGNITUDE = {"千万", "千萬", "百万", "百萬", "亿", "億", "万", "萬"}
_PREFIX = "|".join(re.escape(m) for m, _ in _MARKERS if not m.isalpha() or not m.isascii()) + \
          "|" + "|".join(_ISO)
_SUFFIX = "|".join(re.escape(m) for m, _ in _MARKERS if m not in ("$", "€", "£", "¥", "￥", "₹", "₦", "₱", "₩", "฿", "₫")) + \
          "|" + "|".join(_ISO)
_MAG = "|".join(sorted((re.escape(m) for m in _MAGNITUDES), key=len, reverse=True))
_AMOUNT = lazy_compile(
    rf"(?P<pre>{_PREFIX})?\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{NUMERAL_CHARS}]+(?=(?:多|来|來|余|餘)?[万萬亿億]))"
    # "两百多万", "三十来万": about that much
    rf"(?:(?:多|来|來|余|餘)(?=[万萬亿億]))?"
    rf"(?:\s?(?P<mag>{_MAG})(?![a-z]))?"
    rf"(?:\s?(?P<post>{_SUFFIX})(?![a-z]))?",
    re.IGNORECASE,
)
_RANGE_LOW = lazy_compile(r"(?<![\d.,])\d+(?:\.\d+)?\s?(?:-|–|~|to)\s?$")
# What follows a number that makes it a count, not money ("200 users", "5万台").
_COUNT_AFTER = lazy_compile(
    r"\s?(?:users?|seats?|units?|people|staff|employees|customers|orders|devices|licen[cs]es|"
    r"stores?|sites?|sku|skus|trucks?|hours?|days?|weeks?|months?|years?|x\b|times|"
    r"tickets?|calls?|visits?|visitors?|patients?|members?|records?|transactions?|claims?|invoices?|shipments?|"
    r"packages?|parcels?|leads?|accounts?|students?|beds?|miles?|km\b|rows?|pages?|e-?mails?|messages?|requests?|"
    r"sessions?|downloads?|installs?|subscribers?|subs\b|views?|agents?|reps?|drivers?|vehicles?|machines?|pallets?|"
    r"(?:paying|active|new|registered|daily|monthly)\s+(?:users?|subs|subscribers?|customers?|members?|accounts?)|"
    r"[人台件次个個笔筆份箱张張家辆輛名位天周週月年小时時倍项項条條单單])",
    re.IGNORECASE,
)
_ROUGHLY = lazy_compile(r"(?:\b(?:about|around|roughly|approx\.?|approximately|circa|maybe|like)|~|≈)\s*$", re.IGNORECASE)
_MONEY_CONTEXT = lazy_compile(
    r"budget|cost|price|pricing|spend|spent|paying|pay|invest|deal size|worth|value|acv|arr|funds?\b|funding|capex|opex|"
    r"预算|預算|金额|金額|费用|費用|报价|報價|成本|花了|投资|投資|价格|價格|合约|合約|案值",
    re.IGNORECASE)


# A bare figure ("80k max", "50萬左右", "80w"): an amount when it answers the budget, though the
# reader wants a currency or a money word before it counts one in a note.
BARE_FIGURE = lazy_compile(r"\d+(?:[.,]\d+)?\s*(?:k|m|mm|w|万|萬|千|百万|百萬|亿|億)(?![a-z])|[$€¥£]\s*\d|\d\s*(?:元|块|塊)",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    value: Decimal
    currency: Optional[str]
    text: str


def _currency(marker: Optional[str]) -> Optional[str]:
    if not marker:
        return None
    upper = marker.upper()
    if upper in _ISO:
        return _ALIASES.get(upper, upper)
    for m, code in _MARKERS:
        if marker.lower() == m.lower():
            return code
    return None


def _number(raw: str) -> Optional[Decimal]:
    if raw[0].isdigit():
        try:
            return Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return None
    value = parse_numeral(raw)
    return Decimal(value) if value is not None else None


def find_money(text: str) -> list[Money]:
    found = []
    for m in _AMOUNT.finditer(text):
        pre, post, mag = m.group("pre"), m.group("post"), m.group("mag")
        value = _number(m.group("num"))
        if value is None:
            continue
        # A 4-digit year or part of a date/percentage is never money.
        tail = text[m.end():m.end() + 1]
        if not pre and not post and tail in ("%", "％", "年", "月", "日", "号", "號", "/", "-", "季"):
            continue
        if not (pre or post) and _COUNT_AFTER.match(text, m.end()):
            continue
        if mag and mag.lower() == "w":
            if not re.search(r"[\u4e00-\u9fff]", text):
                continue  # "a 50w bulb"
            mag = "万"
        has_cjk_mag = mag in _CJK_MAGNITUDE if mag else False
        if not (pre or post or mag) and re.fullmatch(r"(?:19|20)\d\d", m.group("num").strip()):
            continue  # "by Q3 2027. Budget not set": a year, not 2,027 of money
        # "250-300k": the range's upper figure, read from where the range starts
        low = _RANGE_LOW.search(text, 0, m.start()) if mag and not pre else None
        begin = low.start() if low else m.start()
        if not (pre or post or has_cjk_mag):
            # Bare "50k" / "1.2M" only near money words; a bare number never on its own.
            window = text[max(0, begin - 30):begin] + text[m.end():m.end() + 22]
            # "about 150k, maybe from marketing": a rough thousands-figure that counts nothing is money
            rough = mag and mag.isascii() and _ROUGHLY.search(text, max(0, begin - 12), begin)
            if not ((mag or value >= 1000) and _MONEY_CONTEXT.search(window)) and not rough:
                continue
        factor = _MAGNITUDES.get(mag.lower() if mag and mag.isascii() else mag, 1) if mag else 1
        currency = _currency(pre) or _currency(post)
        found.append(Money(value=value * factor, currency=currency, text=text[begin:m.end()].strip()))
    for m in _SPELLED.finditer(text):  # "a hundred and twenty thousand dollars", "three hundred grand"
        value = _spelled_value(m.group("num"))
        bare = not m.group("cur") and (_COUNT_AFTER.match(text, m.end()) or not _MONEY_CONTEXT.search(
            text[max(0, m.start() - 30):m.start()] + text[m.end():m.end() + 22]))
        if value and not bare and not any(f.text in m.group() or m.group() in f.text for f in found):
            factor = _MAGNITUDES[m.group("mag").lower()]
            found.append(Money(value=Decimal(value * factor), currency=_currency(m.group("cur")), text=m.group().strip()))
    return found


# Amounts dictated in words (voice notes): the words up to a hundred, then a magnitude.
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i >= 2}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred"], key=len, reverse=True))
_SPELLED = lazy_compile(rf"\b(?P<num>(?:(?:{_NUMBER_WORD}|a|and|half)[\s-]+)*(?:{_NUMBER_WORD}))"
                        r"\s+(?P<mag>thousand|grand|million)\b(?:\s+(?P<cur>dollars|bucks|euros|pounds))?", re.IGNORECASE)


def _spelled_value(words: str) -> Optional[int]:
    total, seen = 0, False
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("a", "and", ""):
            continue
        if w == "hundred":
            total = (total or 1) * 100
        elif w in _UNITS:
            total += _UNITS[w]
        elif w in _TENS:
            total += _TENS[w]
        else:
            return None
        seen = True
    return total if seen and total else None


def parse_money(text: str) -> Optional[Money]:
    """The first amount in a short value like "50k EUR"; a bare number counts here."""
    found = find_money(text)
    if found:
        return found[0]
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return None
    mag = re.match(rf"\s?({_MAG})(?![a-z])", text[m.end():], re.IGNORECASE)
    factor = _MAGNITUDES.get(mag.group(1).lower() if mag.group(1).isascii() else mag.group(1), 1) \
        if mag else 1
    value = _number(m.group())
    if value is None:
        return None
    rest = text.replace(m.group(), " ")
    return Money(value=value * factor, currency=parse_currency(rest), text=text.strip())


def parse_currency(text: str) -> Optional[str]:
    """An ISO 4217 code named in ``text`` ("eur", "€", "台幣", "NT$"); None when none is."""
    stripped = text.strip()
    if not stripped:
        return None
    iso = re.search(r"\b(" + "|".join(_ISO) + r")\b", stripped, re.IGNORECASE)
    if iso:
        return _currency(iso.group(1))
    lowered = stripped.lower()
    for marker, code in _MARKERS:
        if marker.lower() in lowered:
            return code
    return None
