"""Every reply fits a phone: at most 15 lines and 900 characters. A longer one is cut at a line
boundary, and a More button brings the next part (kept in the conversation until then)."""

from __future__ import annotations

from dialogs.features.coaching.reply import MAX_CHARS, MAX_LINES
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn

MORE = "…"


def pages(text: str) -> list[str]:
    """``text`` in phone-sized parts, each cut at a line boundary (a line longer than a screen
    is cut at its characters)."""
    out, kept = [], []
    for line in text.strip().splitlines():
        while len(line) > MAX_CHARS - 2:
            if kept:
                out.append("\n".join(kept))
                kept = []
            out.append(line[: MAX_CHARS - 2])
            line = line[MAX_CHARS - 2:]
        if len(kept) == MAX_LINES - 1 or len("\n".join(kept + [line])) > MAX_CHARS - 2:
            out.append("\n".join(kept))
            kept = []
        kept.append(line)
    if kept:
        out.append("\n".join(kept))
    return [p for p in out if p.strip()]


def fit(turn: Turn) -> None:
    """Cut this turn's long replies. What was cut waits, in order, behind a More button on the
    last reply that was cut (one button, so the parts come in the order they were written)."""
    rest: list[str] = []
    last = None
    for reply in turn.replies:
        parts = pages(reply.text)
        if len(parts) <= 1:
            continue
        reply.text = parts[0] + "\n" + MORE
        rest += parts[1:]
        last = reply
    if last is None:
        return
    last.buttons = [Button(button_id("more"), turn.label("more"))] + list(last.buttons)
    data = turn.data
    data.rest = rest
    turn.set_state(turn.state, data)


def more(turn: Turn, arg: str = "") -> None:
    """The next part of the last long reply."""
    data = turn.data
    if not data.rest:
        turn.say(turn.t("coach.nothing_more"))
        return
    part, data.rest = data.rest[0], data.rest[1:]
    turn.set_state(turn.state, data)
    buttons = [Button(button_id("more"), turn.label("more"))] if data.rest else []
    turn.say(part + ("\n" + MORE if data.rest else ""), buttons, {"more": len(data.rest)})
