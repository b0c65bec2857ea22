"""How every coaching answer reaches the rep: phone-sized (at most 15 lines and 900
characters, the rest one tap away) with the `meta` contract
{"answer": code, "opportunity": id or null, "sources": [knowledge entry ids]}."""

from __future__ import annotations

from typing import Any, Optional

from dialogs.messages import Button
from dialogs.turn import Turn
from storage.models import Opportunity

MAX_LINES = 15
MAX_CHARS = 900


def fit(text: str) -> tuple[str, bool]:
    """The text cut to a phone screen at a line boundary, and whether anything was cut."""
    lines = text.strip().splitlines()
    kept: list[str] = []
    for line in lines:
        if len(kept) == MAX_LINES or len("\n".join(kept + [line])) > MAX_CHARS - 2:
            break
        kept.append(line)
    if len(kept) == len(lines):
        return text.strip(), False
    if not kept:  # one very long line
        return text.strip()[: MAX_CHARS - 1] + "…", True
    return "\n".join(kept).rstrip() + "\n…", True


def meta(code: str, opp: Optional[Opportunity], sources: list[str] = (), **extra: Any) -> dict[str, Any]:
    return {"answer": code, "opportunity": opp.id if opp is not None else None, "sources": list(sources), **extra}


def answer(turn: Turn, text: str, buttons: list[Button], code: str, opp: Optional[Opportunity],
           sources: list[str] = (), more: Optional[Button] = None, **extra: Any) -> None:
    """Says one answer. ``more`` is the button to the rest (the full view, the entry's detail);
    it is always offered when the text had to be cut."""
    text, cut = fit(text)
    buttons = list(buttons)
    if more is not None and more.id not in {b.id for b in buttons}:
        buttons.append(more)
    elif cut and more is None:
        raise ValueError(f"answer {code!r} is longer than a phone screen and has no button for more")
    turn.say(text, buttons, meta(code, opp, sources, **extra))
