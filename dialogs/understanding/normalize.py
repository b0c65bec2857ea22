"""The form rules match against: full-width punctuation and letters folded to half-width
(NFKC, so "可以推進了嗎？" reads like "可以推進了嗎?"), lower case, single spaces. Only for
matching: the rep's words are always stored exactly as sent."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s!?.,;:~…。！？，、～]+$")
_LEADING = re.compile(r"^[\s,.;:~…，、：]+")
# Quoted speech is the buyer's, not the rep's: "their boss asked 'why...?'" is no question to us.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」|『[^』]*』|'[^']{6,}'")
_SYMBOLS = re.compile(r"[^\w\s?!.,:;'\"()\-/+&%$#@]", re.UNICODE)


def fold(text: str, *, lower: bool = True) -> str:
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return folded.lower() if lower else folded


def core(text: str, *, lower: bool = True) -> str:
    """Folded, without trailing punctuation: what commands and fillers must match whole."""
    return _LEADING.sub("", _TRAILING.sub("", fold(text, lower=lower)))


def unquoted(text: str) -> str:
    return _QUOTED.sub(" ", fold(text))


def without_symbols(text: str) -> str:
    """Emoji and pictographs dropped ("morning ☕" -> "morning")."""
    return core(_SYMBOLS.sub(" ", fold(text)))


def is_symbols_only(text: str) -> bool:
    """👍, 🙏🏻, ":)": pictographs with no words. Bare punctuation ("...") is not: it is a
    malformed answer, and the open question says so."""
    folded = fold(text)
    return (bool(folded) and not any(ch.isalnum() for ch in folded)
            and any(unicodedata.category(ch).startswith("S") for ch in folded))


def size(text: str) -> int:
    """A length comparable across scripts: words for Latin text, characters for Han."""
    han = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    latin_words = len(re.findall(r"[A-Za-z0-9]+", text))
    return latin_words + (han + 1) // 2
