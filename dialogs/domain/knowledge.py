"""The coaching knowledge base: advice a senior rep gives a junior one, drawn from the seeds
(GPCTBA/C&I questions, IBM SSM roles, follow-up cadence, per-role messaging).

Entries are data (prompts/knowledge/entries.toml: topic, triggers, the deal facts a text may
use; prompts/<lang>/knowledge.toml: the texts, jinja2 over those facts). An entry's text can
only print the deal facts it declares, and a fact it has no value for renders as nothing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process, utils

from prompts import Renderer
from prompts.renderer import load_knowledge, load_toml

# The deal facts any entry may use (dialogs/features/coaching/facts.py fills them).
SLOTS = ("deal", "decider", "champion", "opponent", "goal", "challenge", "budget", "timeline", "consequence")
PARTS = ("title", "advice", "ask", "more")


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    facts: tuple[str, ...]
    triggers: tuple[str, ...]  # regexes: English on lower case, Chinese on Simplified


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    out = {}
    for entry_id, spec in load_knowledge().items():
        facts = tuple(spec.get("facts", []))
        unknown = set(facts) - set(SLOTS)
        if unknown:
            raise ValueError(f"knowledge entry {entry_id}: unknown facts {sorted(unknown)}")
        out[entry_id] = Entry(entry_id, spec["topic"], facts, tuple(spec.get("en", []) + spec.get("zh", [])))
    return out


def texts(lang: str, entry_id: str) -> dict[str, str]:
    return load_toml(lang, "knowledge")[entry_id]


def render(renderer: Renderer, lang: str, entry_id: str, facts: dict[str, Any]) -> dict[str, str]:
    """An entry's title, advice, question for the buyer and "more", filled with the deal's facts.
    Only the facts the entry declares are passed; the rest render as nothing."""
    entry = entries()[entry_id]
    values = {slot: (facts.get(slot) or "") if slot in entry.facts else "" for slot in SLOTS}
    raw = texts(lang, entry_id)
    return {part: renderer.string(raw.get(part, ""), **values) for part in PARTS}


def closest(question: str, lang: str, limit: int = 3) -> list[str]:
    """The entries whose title and advice share most words with ``question`` (the LLM's
    reading material when no trigger matched)."""
    choices = {entry_id: f"{texts(lang, entry_id).get('title', '')} {texts(lang, entry_id).get('advice', '')}"
               for entry_id in entries()}
    found = process.extract(question, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                            limit=limit)
    return [entry_id for _, _, entry_id in found]
