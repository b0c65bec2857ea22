"""Money a manager can trust: amounts in different currencies are never added as one. A total
is in the reporting currency (DEALCOACH_CURRENCY), counting only what converts with the rates
the admin gave (DEALCOACH_RATES); what doesn't convert is listed apart, per currency.

The rates file (TOML):

    date = 2026-11-30      # when the rates were taken
    base = "USD"           # 1 base = rate units of each currency
    [rates]
    TWD = 32.4
    EUR = 0.92
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Optional

from babel.numbers import format_compact_decimal, format_currency, format_decimal, get_currency_symbol

_ISO = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class RatesError(ValueError):
    """A rates file that can't be used; the message names the file and the problem."""


def _iso(code: object) -> bool:
    return isinstance(code, str) and len(code) == 3 and set(code) <= _ISO


@dataclass(frozen=True)
class Rates:
    day: Optional[date] = None
    base: str = "USD"
    per_base: dict[str, Decimal] = field(default_factory=dict)  # 1 base = per_base[c] of c

    def rate(self, currency: str) -> Optional[Decimal]:
        return Decimal(1) if currency == self.base else self.per_base.get(currency)


def load_rates(path: Optional[Path]) -> Rates:
    """The rates file, validated at start; no file: no rates (only same-currency totals)."""
    if path is None:
        return Rates()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RatesError(f"{path}: {exc}") from None
    day, base, rates = data.get("date"), data.get("base"), data.get("rates")
    if not isinstance(day, date):
        raise RatesError(f"{path}: `date` must be a date, e.g. date = 2026-11-30")
    if not _iso(base):
        raise RatesError(f"{path}: `base` must be an ISO 4217 code, e.g. base = \"USD\"")
    if not isinstance(rates, dict) or not rates:
        raise RatesError(f"{path}: a [rates] table with at least one currency is needed")
    per_base = {}
    for code, value in rates.items():
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = Decimal(0)
        if not _iso(code) or isinstance(value, bool) or amount <= 0:
            raise RatesError(f"{path}: rate {code} = {value!r}: an ISO code and a positive number are needed")
        per_base[code] = amount
    return Rates(day, base, per_base)


@dataclass(frozen=True)
class Money:
    """How totals are reported: the currency, and the rates into it."""

    currency: str = "USD"
    rates: Rates = field(default_factory=Rates)

    def convert(self, amount: Decimal, currency: Optional[str]) -> Optional[Decimal]:
        """``amount`` in the reporting currency, or None when no rate converts it. A deal with no
        currency is taken to be in the reporting currency."""
        currency = currency or self.currency
        if currency == self.currency:
            return amount
        have, want = self.rates.rate(currency), self.rates.rate(self.currency)
        if have is None or want is None:
            return None
        return amount / have * want

    def total(self, per_currency: dict[Optional[str], Decimal]) -> tuple[Decimal, dict[str, Decimal]]:
        """(what converts, summed in the reporting currency; what doesn't, per currency)."""
        total, apart = Decimal(0), {}
        for currency, amount in per_currency.items():
            converted = self.convert(amount, currency)
            if converted is None:
                apart[currency] = apart.get(currency, Decimal(0)) + amount
            else:
                total += converted
        return total, apart

    @property
    def rates_date(self) -> Optional[str]:
        return self.rates.day.isoformat() if self.rates.day else None


# -- showing amounts --------------------------------------------------------------------------

LOCALES = {"en": "en", "zh-Hant": "zh_Hant_TW", "zh-Hans": "zh_Hans_CN"}
COMPACT_FROM = 10_000  # Chinese readers count in 萬/万: NT$120萬, ¥80万


@lru_cache(maxsize=256)
def _symbol(currency: str, locale: str) -> str:
    symbol = get_currency_symbol(currency, locale)
    if symbol == currency:  # no symbol of its own (XYZ 1,234): the code, spaced
        return f"{currency} "
    # A locale writes its own dollar as a bare "$" (TWD in Taiwan): in a team with several
    # currencies that reads as USD, so take the international form (NT$).
    return get_currency_symbol(currency, "en") if symbol == "$" and currency != "USD" else symbol


def show(value: Optional[Decimal], currency: Optional[str], lang: str = "en") -> str:
    """An amount as a reader of ``lang`` writes it, with Babel: $43,416, €42,000, NT$120萬,
    ¥80万. Whole units from 100 up; no currency: the number alone."""
    if value is None:
        return "—"
    locale = LOCALES.get(lang, "en")
    digits = 0 if abs(value) >= 100 or value == value.to_integral_value() else 2
    if locale != "en" and abs(value) >= COMPACT_FROM:
        number = format_compact_decimal(value, locale=locale, fraction_digits=1)
        return f"{_symbol(currency, locale)}{number}" if currency else number
    if not currency:
        return format_decimal(round(value, digits), format="#,##0" + (".00" if digits else ""), locale=locale)
    pattern = "¤#,##0" + (".00" if digits else "")
    text = format_currency(round(value, digits), currency, format=pattern, locale=locale, currency_digits=False)
    return text.replace(get_currency_symbol(currency, locale), _symbol(currency, locale), 1)
