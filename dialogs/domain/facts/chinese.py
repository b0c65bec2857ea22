"""Chinese helpers: Simplified normalisation (so cues are written once) and Chinese numerals."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, keeping the length so positions still point into the original."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase conversions can change length; fall back to character by character.
    return "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in text)


def parse_numeral(text: str) -> Optional[int]:
    """"三百五十" -> 350, "十五" -> 15, "二〇二七" -> 2027; None if it is not a numeral."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if all(c in _DIGITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
    return total + (digit or 0)
