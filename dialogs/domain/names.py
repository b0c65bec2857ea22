"""Names as people read them: no invisible characters. A right-to-left override or a
zero-width space in a deal's or a person's name lets one name pass for another ("Acme" and
"Ac\u200bme"), so format characters (Unicode category Cf) are dropped from names. Notes keep
every character as typed."""

from __future__ import annotations

import unicodedata


def plain(name: str) -> str:
    return " ".join("".join(ch for ch in name if unicodedata.category(ch) != "Cf").split())
