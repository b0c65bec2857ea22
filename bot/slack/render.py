"""Coach replies as Slack messages: escaped mrkdwn sections and button rows, split to fit
Slack's limits (50 blocks a message, 3,000 characters a section, 25 buttons a row)."""

from __future__ import annotations

import re
from typing import Any

from bot.text import escaped_chunks
from dialogs.messages import Reply

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_BUTTONS = 25
MAX_LABEL = 75
ACTION_PREFIX = "coach:"
_MRKDWN = re.compile(r"([*_~`])")


def escape(text: str) -> str:
    """Make text inert in mrkdwn: no <!channel> pings, links or stray bold/italic/strike/code."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after each marker keeps it visible but stops it pairing up.
    return _MRKDWN.sub("\\1\u200b", text)


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def button_blocks(reply: Reply) -> list[dict[str, Any]]:
    rows = []
    for start in range(0, len(reply.buttons), MAX_BUTTONS):
        rows.append({"type": "actions", "elements": [
            {"type": "button", "action_id": f"{ACTION_PREFIX}{start + i}", "value": b.id,
             "text": {"type": "plain_text", "text": b.label[:MAX_LABEL] or "·", "emoji": True}}
            for i, b in enumerate(reply.buttons[start:start + MAX_BUTTONS])]})
    return rows


def blocks(reply: Reply) -> list[dict[str, Any]]:
    return [_section(c) for c in escaped_chunks(reply.text, escape, MAX_SECTION)] + button_blocks(reply)


def messages(reply: Reply) -> list[dict[str, Any]]:
    """One or more chat.postMessage payloads (text + blocks) for one reply."""
    all_blocks = blocks(reply)
    out = []
    for start in range(0, len(all_blocks), MAX_BLOCKS):
        part = all_blocks[start:start + MAX_BLOCKS]
        fallback = next((b["text"]["text"] for b in part if b["type"] == "section"), " ")
        out.append({"text": fallback[:MAX_SECTION], "blocks": part})
    return out


def without_buttons(blocks_: list[dict[str, Any]], chosen: str) -> list[dict[str, Any]]:
    """The clicked message as it was, minus its buttons, plus a note of what was chosen."""
    kept = [b for b in blocks_ if b.get("type") != "actions"]
    return kept + [{"type": "context", "elements": [
        {"type": "mrkdwn", "text": f"✓ {escape(chosen)}", "verbatim": True}]}]
