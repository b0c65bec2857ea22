"""Is an answer grounded? Every fact it states (a number, a date, an amount, a person's or a
company's name) must appear in what it was allowed to draw on: the deal's own facts and the
knowledge entries it was given. Used to check an LLM's composed answer, and by the tests to
check every rule answer. Small counts (1 to 10) are wording, not facts."""

from __future__ import annotations

import re
from typing import Iterable

from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.people import find_people

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Two or more capitalised words ("Linda Park", "Zeta Holdings"), or one after a lower-case word.
_NAMES = re.compile(r"\b[A-Z][A-Za-z'&-]*(?:[ \t]+[A-Z][A-Za-z'&-]*)+|(?<=[a-z,] )[A-Z][a-z][A-Za-z'&-]+")
SMALL = 10


def _norm(text: str) -> str:
    return to_simplified(" ".join(text.split())).casefold()


def claims(text: str) -> list[str]:
    """The facts ``text`` states: numbers, names (English capitalised, Chinese people found by
    the note reader)."""
    out = []
    for m in _NUMBER.finditer(text):
        digits = m.group().replace(",", "")
        try:
            if float(digits) <= SMALL:
                continue
        except ValueError:
            pass
        out.append(m.group())
    out += [m.group() for m in _NAMES.finditer(text)]
    out += [p.name for p in find_people(text) if p.name]
    return list(dict.fromkeys(out))


def unsupported(text: str, allowed: Iterable[str]) -> list[str]:
    """The claims in ``text`` found in none of the ``allowed`` texts."""
    corpus = _norm(" \n ".join(a for a in allowed if a))
    bare = corpus.replace(",", "")
    out = []
    for claim in claims(text):
        key = _norm(claim)
        if key in corpus or key.replace(",", "") in bare:
            continue
        # A name is supported when each of its words is ("Linda Park (CFO)" vs "Park, Linda").
        words = [w for w in re.split(r"\s+", key) if w]
        if len(words) > 1 and all(w in corpus for w in words):
            continue
        out.append(claim)
    return out
