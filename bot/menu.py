"""The command menu every chat app shows, from the coach's one command table (MENU) and each
language's labels: Telegram's command list, Slack's /coach usage hint."""

from __future__ import annotations

from dialogs.understanding.commands import MENU
from prompts import Renderer


def menu(renderer: Renderer, lang: str) -> list[tuple[str, str]]:
    words = renderer.data(lang, "labels")["telegram_commands"]
    return [(command, words[command]) for command in MENU]


def usage_hint() -> str:
    """Slack's /coach hint: the first menu commands, as typed after /coach."""
    return " | ".join(c for c in MENU if c not in ("start", "lang"))[:100]
