"""Splitting long replies for chat platforms with message size limits."""

from __future__ import annotations

from typing import Callable


def chunks(text: str, size: int) -> list[str]:
    """Split on line breaks where possible, never mid-character, each piece at most ``size``."""
    out, current = [], ""
    for line in text.split("\n"):
        while len(line) > size:
            if current:
                out.append(current)
                current = ""
            out.append(line[:size])
            line = line[size:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > size:
            out.append(current)
            candidate = line
        current = candidate
    if current or not out:
        out.append(current or " ")
    return out


def escaped_chunks(text: str, escape: Callable[[str], str], size: int) -> list[str]:
    """Escape, then split to ``size``. Halves are split before escaping, so a cut never lands
    inside an escape sequence like "&amp;" unless escaping more than doubled a piece."""
    out = []
    for piece in chunks(text, size // 2):
        escaped = escape(piece)
        out += chunks(escaped, size) if len(escaped) > size else [escaped]
    return out
