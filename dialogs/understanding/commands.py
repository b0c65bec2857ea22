"""What a message asks for: a slash command, or command words in any of the three languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.facts.chinese import to_simplified
from prompts import LANGUAGES
from prompts.renderer import load_toml

CONTROLS = ("skip", "back", "unknown", "rephrase", "pause")
UNKNOWN = "unknown_command"
# The commands a chat app's menu offers (Telegram's command list; Slack's /coach help), in order.
MENU = ("start", "deal", "discover", "review", "stage", "prep", "log", "summary", "pipeline",
        "digest", "undo", "help", "lang")
# Command words that are safe to read while a question is open only when their argument is
# valid: "close date is tight" is an answer, "close date 2027-03-31" is the command.
NEEDS_VALID_ARG_IN_FLOW = frozenset({"edit", "discover", "lang", "summary", "pipeline", "use_deal",
                                     "log", "prep", "new_deal"})
# Deal fields typed as words mid-question are most likely the buyer's answer ("deal size around
# 50k" while the budget question is open); their slash forms always work.
NOT_WORDS_IN_FLOW = frozenset({"amount", "close", "currency"})

_SLASH = {
    "start": "start", "help": "help", "deals": "deals", "discover": "discover",
    "review": "review", "edit": "edit", "skip": "skip", "back": "back", "unknown": "unknown",
    "dontknow": "unknown", "idk": "unknown", "rephrase": "rephrase", "pause": "pause",
    "cancel": "pause", "resume": "resume", "continue": "resume", "lang": "lang",
    "language": "lang", "amount": "amount", "close": "close", "currency": "currency",
    "account": "account",
    "stage": "stage", "advance": "stage", "undo": "undo", "committee": "committee",
    "person": "person", "people": "committee", "prep": "prep", "log": "log", "debrief": "log",
    "due": "due", "summary": "summary", "pipeline": "pipeline", "users": "users", "role": "role",
    "manager": "manager", "digest": "digest", "more": "more", "mute": "mute", "unmute": "unmute",
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


@lru_cache(maxsize=None)
def _trailing_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    # Some phrasings only name a field after another ("金額 150萬 月底前結案"): never alone.
    after = [rx for lang in LANGUAGES for rx in load_toml(lang, "commands").get("trailing", {}).get(name, [])]
    return tuple(re.compile(r"(?:[,;，；、]\s*(?:and\s+)?|\s+(?:and\s+|&\s+)?)(?:" + p + ")$", re.IGNORECASE)
                 for p in [p.pattern for n, p in _word_patterns() if n == name and "(?P<arg>" in p.pattern] + after)


@lru_cache(maxsize=None)
def _phrases(table: str, key: str) -> re.Pattern[str]:
    """One pattern of a commands.toml table's phrase list, every language's."""
    rxs = [rx for lang in LANGUAGES for rx in load_toml(lang, "commands").get(table, {}).get(key, [])]
    return re.compile("|".join(f"(?:{rx})" for rx in rxs), re.IGNORECASE)


def declines_offer(core_text: str) -> bool:
    """ "no not yet", "先不要": the stage move just offered, declined."""
    return _phrases("offer", "decline").fullmatch(core_text) is not None


def begins(core_text: str) -> bool:
    """ "开始", "start": with a deal open, its interview starts."""
    return _phrases("begin", "words").fullmatch(core_text) is not None


def takes_offer(core_text: str) -> bool:
    """ "advance", "推進": the stage move just offered, taken (not "stage", which asks for advice)."""
    return _phrases("offer", "take").fullmatch(core_text) is not None


@lru_cache(maxsize=1)
def _bare_words() -> dict[str, str]:
    """English words that are a command on their own ("review", "pipeline"): a typo of one is it."""
    return dict(load_toml("en", "commands").get("typos", {}))


def misspelt_word(text: str) -> Optional[str]:
    """The command a one-word typo stands for ("reveiw" -> review), when one is plainly meant."""
    word = text.strip().lower()
    if not re.fullmatch(r"[a-z]{5,}", word):
        return None
    found = process.extractOne(word, list(_bare_words()), scorer=fuzz.ratio, score_cutoff=80)
    return _bare_words()[found[0]] if found and found[0] != word else None


def trailing(name: str, text: str) -> Optional[tuple[str, str]]:
    """(what comes before, the argument) when ``text`` ends with command ``name`` after a
    comma, "and" or a space: "45k, close end of feb" -> ("45k", "end of feb")."""
    for pattern in _trailing_patterns(name):
        m = pattern.search(text)
        if m and m.start() > 0 and m.group("arg").strip():
            return text[:m.start()].strip(), m.group("arg").strip()
    return None


def is_slash(text: str) -> bool:
    text = text.strip()
    return text.startswith("/") and len(text) > 1 and not text[1].isspace()


def slash_command(text: str) -> Command:
    """/cmd args, /cmd@BotName args (Telegram groups), /deal new X... One table for every channel."""
    head, _, rest = text.strip()[1:].partition(" ")
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


@lru_cache(maxsize=1)
def command_names() -> tuple[str, ...]:
    """Every command the coach runs (what an LLM may name as an intent)."""
    names = set(_SLASH.values()) | set(_DEAL_SUB.values()) | {"use_deal"}
    return tuple(sorted(names - set(CONTROLS) - {"resume"}))


# Admin tools are never run on a model's say-so, whatever the message asked it to do.
NOT_FROM_LLM = frozenset({"users", "role", "manager"})


def is_slash_word(word: str) -> bool:
    return word.lower() in _SLASH or word.lower() == "deal"


@lru_cache(maxsize=1)
def _any_word_command() -> re.Pattern[str]:
    """All word patterns as one, without their groups: most messages match none, and one
    search in C says so instead of two hundred in Python."""
    return re.compile("|".join(f"(?:{p.pattern.replace('(?P<arg>', '(?:')})" for _, p in _word_patterns()),
                      re.IGNORECASE)


def word_commands(core_text: str) -> list[Command]:
    """Every command whose word pattern matches the whole (folded) message, in table order."""
    if not _any_word_command().fullmatch(core_text):
        return []
    out = []
    for name, pattern in _word_patterns():
        m = pattern.fullmatch(core_text)
        if m:
            out.append(Command(name, (m.groupdict().get("arg") or "").strip()))
    return out


@lru_cache(maxsize=1)
def dimension_aliases() -> dict[str, str]:
    aliases = {dim: dim for dim in DIMENSIONS}
    for lang in LANGUAGES:
        data = load_toml(lang, "commands")["dimensions"]
        for dim, words in data.items():
            aliases.update({w.lower(): dim for w in words})
        for dim, entry in load_toml(lang, "questions").items():
            aliases[entry["label"].lower()] = dim
    # Chinese aliases in either script: "时程" finds 時程, "預算" finds 预算.
    aliases.update({to_simplified(a): d for a, d in list(aliases.items())})
    return aliases


def resolve_dimension(text: str) -> Optional[str]:
    """A dimension code from "budget", "預算", "Budget" or a small typo like "budgt"."""
    key = text.strip().lower()
    if not key:
        return None
    aliases = dimension_aliases()
    for candidate in (key, to_simplified(key), key.rstrip("s")):
        if candidate in aliases:
            return aliases[candidate]
    best = process.extractOne(key, [a for a in aliases if len(a) > 3], scorer=fuzz.ratio,
                              score_cutoff=80)
    return aliases[best[0]] if best else None
