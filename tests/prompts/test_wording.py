"""Every language has the same messages with the same variables, and a full question bank."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from dialogs.domain.dimensions import DIMENSIONS
from prompts import LANGUAGES, Renderer
from prompts.renderer import load_toml

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
MACRO = re.compile(r"\{%\s*macro\s+(\w+)\(([^)]*)\)")


def _macros(lang: str) -> dict[str, str]:
    return dict(MACRO.findall((PROMPTS / lang / "coach.j2").read_text(encoding="utf-8")))


def test_every_language_has_every_message_with_the_same_variables():
    english = _macros("en")
    assert len(english) > 40
    for lang in LANGUAGES[1:]:
        assert _macros(lang) == english, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_declared_twice(lang):
    """A second macro of the same name silently replaces the first (jinja2 keeps the last)."""
    names = [name for name, _ in MACRO.findall((PROMPTS / lang / "coach.j2").read_text(encoding="utf-8"))]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_question_bank_has_three_or_more_questions_per_dimension(lang):
    bank = load_toml(lang, "questions")
    assert list(bank) == list(DIMENSIONS)
    for dim, entry in bank.items():
        assert len(entry["questions"]) >= 3, (lang, dim)
        assert len(set(entry["questions"])) == len(entry["questions"])
        assert entry["label"] and entry["hint"]


def test_labels_and_command_words_exist_in_every_language():
    keys = set(load_toml("en", "labels"))
    commands = set(load_toml("en", "commands")["commands"])
    for lang in LANGUAGES:
        assert set(load_toml(lang, "labels")) == keys, lang
        assert set(load_toml(lang, "commands")["commands"]) == commands, lang
        assert set(load_toml(lang, "commands")["dimensions"]) == set(DIMENSIONS), lang


def test_a_missing_variable_is_an_error_not_a_blank():
    with pytest.raises((UndefinedError, TypeError)):
        Renderer().text("en", "coach.deal_created")
