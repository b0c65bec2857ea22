"""Coach replies as Telegram messages: escaped HTML, split under 4,096 characters, buttons as
an inline keyboard whose callback_data is the coach's button id (64 bytes at most)."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.text import escaped_chunks
from dialogs.messages import Reply

log = logging.getLogger(__name__)
MAX_TEXT = 4000  # Telegram's limit is 4,096; stay clear of it after escaping
MAX_CALLBACK_BYTES = 64
SHORT_LABEL = 16


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    buttons = []
    for b in reply.buttons:
        if len(b.id.encode()) > MAX_CALLBACK_BYTES:
            log.warning("button id over 64 bytes dropped (%d bytes)", len(b.id.encode()))
            continue
        buttons.append(InlineKeyboardButton(b.label[:64], callback_data=b.id))
    if not buttons:
        return None
    rows, row = [], []
    for button in buttons:  # two short buttons share a row; long labels get their own
        if len(button.text) > SHORT_LABEL:
            rows += [row] if row else []
            rows.append([button])
            row = []
            continue
        row.append(button)
        if len(row) == 2:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(rows)


def messages(reply: Reply) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """(HTML text, keyboard) pairs; the keyboard rides on the last part."""
    parts = escaped_chunks(reply.text, lambda t: html.escape(t, quote=False), MAX_TEXT)
    return [(p, keyboard(reply) if i == len(parts) - 1 else None) for i, p in enumerate(parts)]
