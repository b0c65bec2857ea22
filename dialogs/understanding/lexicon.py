"""The word lists of prompts/understanding/*.toml, compiled once: what fillers, "don't know",
corrections, questions to the coach, controls and loose command phrasings look like."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from prompts.renderer import load_understanding

FILES = ("en", "zh")


@dataclass(frozen=True)
class Lexicon:
    chitchat: re.Pattern
    affirm: re.Pattern
    unknown: tuple[re.Pattern, ...]
    correction: tuple[re.Pattern, ...]
    correction_weak: tuple[re.Pattern, ...]
    question_first: tuple[re.Pattern, ...]
    question: tuple[re.Pattern, ...]
    question_lead: tuple[re.Pattern, ...]
    reported: tuple[re.Pattern, ...]
    swap: tuple[re.Pattern, ...]
    swap_lead: tuple[re.Pattern, ...]
    correction_lead: tuple[re.Pattern, ...]
    swap_filler: frozenset[str]
    answer_lead: tuple[re.Pattern, ...]
    aside: tuple[re.Pattern, ...]
    asking: tuple[re.Pattern, ...]
    question_words: tuple[re.Pattern, ...]
    embedded_question: tuple[re.Pattern, ...]
    # (intent, pattern) in declaration order: earlier wins a tie.
    intents_strong: tuple[tuple[str, re.Pattern], ...]
    intents: tuple[tuple[str, re.Pattern], ...]
    controls: tuple[tuple[str, re.Pattern], ...]


def _all(key: str) -> list[str]:
    out: list[str] = []
    for name in FILES:
        value = load_understanding(name).get(key, [])
        out.extend([value] if isinstance(value, str) else value)
    return out


def _table(key: str) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((intent, re.compile(rx)) for name in FILES
                 for intent, rxs in load_understanding(name).get(key, {}).items() for rx in rxs)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    compile_all = lambda key: tuple(re.compile(rx) for rx in _all(key))  # noqa: E731
    words = "|".join(f"(?:{w})" for w in _all("chitchat_words"))
    yes = "|".join(f"(?:{w})" for w in _all("affirm_words"))
    return Lexicon(
        chitchat=re.compile(rf"(?:{words})(?:[\s,.!~]+(?:{words}))*"),
        affirm=re.compile(rf"(?:{yes})(?:[\s,.!~]+(?:{yes}))*"),
        unknown=compile_all("unknown"),
        correction=compile_all("correction"),
        correction_weak=compile_all("correction_weak"),
        question_first=compile_all("question_first"),
        question=compile_all("question"),
        question_lead=compile_all("question_lead"),
        reported=compile_all("reported"),
        swap=compile_all("swap"),
        swap_lead=compile_all("swap_lead"),
        correction_lead=compile_all("correction_lead"),
        swap_filler=frozenset(_all("swap_filler")),
        answer_lead=compile_all("answer_lead"),
        aside=compile_all("aside"),
        asking=compile_all("asking"),
        question_words=compile_all("question_words"),
        embedded_question=compile_all("embedded_question"),
        intents_strong=_table("intents_strong"),
        intents=_table("intents"),
        controls=_table("controls"),
    )
