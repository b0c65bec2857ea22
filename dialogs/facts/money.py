"""Amounts with their currency, from "$50k", "€30,000", "1.2 million dollars", "NT$150萬", "200万元人民币"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from price_parser import Price

# Symbols and words that name a currency. Longest first, so "NT$" wins over "$".
_CURRENCY_MARKERS: tuple[tuple[str, str], ...] = (
    ("NT$", "TWD"), ("NTD", "TWD"), ("HK$", "HKD"), ("US$", "USD"), ("S$", "SGD"), ("A$", "AUD"),
    ("C$", "CAD"), ("RMB", "CNY"), ("人民幣", "CNY"), ("人民币", "CNY"), ("新台幣", "TWD"),
    ("新臺幣", "TWD"), ("台幣", "TWD"), ("臺幣", "TWD"), ("美元", "USD"), ("美金", "USD"),
    ("歐元", "EUR"), ("欧元", "EUR"), ("英鎊", "GBP"), ("英镑", "GBP"), ("日圓", "JPY"),
    ("日元", "JPY"), ("港幣", "HKD"), ("港币", "HKD"), ("dollars", "USD"), ("dollar", "USD"),
    ("bucks", "USD"), ("euros", "EUR"), ("euro", "EUR"), ("pounds", "GBP"), ("€", "EUR"),
    ("£", "GBP"), ("$", "USD"), ("¥", "CNY"), ("￥", "CNY"), ("元", "CNY"),
)
_ISO = {"USD", "EUR", "GBP", "TWD", "CNY", "JPY", "HKD", "SGD", "AUD", "CAD", "CHF", "INR",
        "KRW", "MYR", "THB", "VND", "PHP", "IDR", "NZD", "SEK", "NOK", "DKK", "BRL", "MXN"}
_ISO_RE = re.compile(r"\b(" + "|".join(sorted(_ISO)) + r")\b", re.IGNORECASE)

_MAGNITUDES: tuple[tuple[str, int], ...] = (
    ("千萬", 10_000_000), ("千万", 10_000_000), ("百萬", 1_000_000), ("百万", 1_000_000),
    ("億", 100_000_000), ("亿", 100_000_000), ("萬", 10_000), ("万", 10_000), ("千", 1_000),
    ("billion", 1_000_000_000), ("bn", 1_000_000_000), ("million", 1_000_000), ("mil", 1_000_000),
    ("mn", 1_000_000), ("m", 1_000_000), ("thousand", 1_000), ("k", 1_000), ("b", 1_000_000_000),
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


@dataclass(frozen=True)
class Money:
    value: Decimal
    currency: Optional[str]
    text: str


def _currency_in(text: str) -> Optional[str]:
    iso = _ISO_RE.search(text)
    if iso:
        return iso.group(1).upper()
    lowered = text.lower()
    for marker, code in _CURRENCY_MARKERS:
        if marker.lower() in lowered:
            return code
    return None


def _magnitude_after(text: str, end: int) -> int:
    rest = text[end:].lstrip().lower()
    for word, factor in _MAGNITUDES:
        if rest.startswith(word):
            tail = rest[len(word):len(word) + 1]
            # "m" must stand alone ("5m", "5 m"), not start a word like "months".
            if word.isascii() and tail.isalpha():
                continue
            return factor
    return 1


def parse_currency(text: str) -> Optional[str]:
    """An ISO 4217 code from "eur", "€", "台幣", "NT$"...; None when none is named."""
    return _currency_in(text.strip()) if text.strip() else None


def parse_money(text: str) -> Optional[Money]:
    """The first amount in ``text``, or None when there is no number."""
    match = _NUMBER.search(text)
    if not match:
        return None
    price = Price.fromstring(text)
    try:
        raw = price.amount if price.amount is not None else Decimal(match.group().replace(",", ""))
    except InvalidOperation:
        return None
    value = raw * _magnitude_after(text, match.end())
    return Money(value=value, currency=_currency_in(text), text=text.strip())
