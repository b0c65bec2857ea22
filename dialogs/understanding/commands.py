"""What a message asks for: a slash command, or command words in any of the three languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

from dialogs.dimensions import DIMENSIONS
from prompts import LANGUAGES
from prompts.renderer import load_toml

# Controls steer a running flow; only these are read from plain words while a question is open,
# so an answer like "close date is tight" is never mistaken for a command.
CONTROLS = ("skip", "back", "unknown", "rephrase", "pause")
# Also read during a question: words that can't plausibly be an answer. "edit" and "discover"
# count only with an exactly named dimension ("edit budget", not "edit their process").
IN_FLOW_WORDS = CONTROLS + ("help", "resume", "review", "deals", "stage", "undo")
IN_FLOW_WITH_DIMENSION = ("edit", "discover")
UNKNOWN = "unknown_command"

_SLASH = {
    "start": "start", "help": "help", "deals": "deals", "discover": "discover",
    "review": "review", "edit": "edit", "skip": "skip", "back": "back", "unknown": "unknown",
    "dontknow": "unknown", "idk": "unknown", "rephrase": "rephrase", "pause": "pause",
    "cancel": "pause", "resume": "resume", "continue": "resume", "lang": "lang",
    "language": "lang", "amount": "amount", "close": "close", "currency": "currency",
    "stage": "stage", "advance": "stage", "undo": "undo", "committee": "committee",
    "person": "person", "people": "committee", "prep": "prep", "log": "log", "debrief": "log",
    "due": "due", "summary": "summary", "pipeline": "pipeline", "users": "users", "role": "role",
    "manager": "manager",
}
_DEAL_SUB = {"new": "new_deal", "create": "new_deal", "add": "new_deal", "list": "deals"}


@dataclass(frozen=True)
class Command:
    name: str
    arg: str = ""


@lru_cache(maxsize=1)
def _word_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for lang in LANGUAGES:
        for name, regexes in load_toml(lang, "commands")["commands"].items():
            patterns.extend((name, re.compile(rx, re.IGNORECASE)) for rx in regexes)
    return tuple(patterns)


def _slash(text: str) -> Command:
    head, _, rest = text[1:].partition(" ")
    # Telegram appends the bot's name in groups: /discover@DealCoachBot
    head = head.split("@", 1)[0].lower()
    rest = rest.strip()
    if head == "deal":
        sub, _, name = rest.partition(" ")
        if not rest:
            return Command("deals")
        if sub.lower() in _DEAL_SUB:
            return Command(_DEAL_SUB[sub.lower()], name.strip())
        return Command("use_deal", rest)
    if head in _SLASH:
        return Command(_SLASH[head], rest)
    return Command(UNKNOWN, "/" + head)


def parse_command(text: str, *, in_flow: bool) -> Optional[Command]:
    """The command a message gives, or None when it is plain text (an answer or a note)."""
    text = text.strip()
    if text.startswith("/") and len(text) > 1 and not text[1].isspace():
        return _slash(text)
    words = text.rstrip("!！.。").strip()
    for name, pattern in _word_patterns():
        if in_flow and name not in IN_FLOW_WORDS + IN_FLOW_WITH_DIMENSION:
            continue
        m = pattern.fullmatch(words)
        if not m:
            continue
        arg = (m.groupdict().get("arg") or "").strip()
        if in_flow and name in IN_FLOW_WITH_DIMENSION and arg.lower() not in _dimension_aliases():
            continue
        return Command(name, arg)
    return None


@lru_cache(maxsize=1)
def _dimension_aliases() -> dict[str, str]:
    aliases = {dim: dim for dim in DIMENSIONS}
    for lang in LANGUAGES:
        data = load_toml(lang, "commands")["dimensions"]
        for dim, words in data.items():
            aliases.update({w.lower(): dim for w in words})
        for dim, entry in load_toml(lang, "questions").items():
            aliases[entry["label"].lower()] = dim
    return aliases


def resolve_dimension(text: str) -> Optional[str]:
    """A dimension code from "budget", "預算", "Budget" or a small typo like "budgt"."""
    key = text.strip().lower()
    if not key:
        return None
    aliases = _dimension_aliases()
    if key in aliases:
        return aliases[key]
    best = process.extractOne(key, [a for a in aliases if len(a) > 3], scorer=fuzz.ratio,
                              score_cutoff=80)
    return aliases[best[0]] if best else None
