"""Renders wording: ``text(lang, "coach.welcome", name=...)`` calls macro ``welcome`` in ``<lang>/coach.j2``.

Each language folder holds jinja2 files of macros (sentences) and TOML files (question bank,
command words, button labels). StrictUndefined makes a missing variable an error, not a blank.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

LANGUAGES = ("en", "zh-Hant", "zh-Hans")


class Renderer:
    def __init__(self) -> None:
        self._env = Environment(
            loader=FileSystemLoader(Path(__file__).parent),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            # Compiling a language's macros costs ~0.1 s; the cache (a private folder under the
            # temp dir, keyed by each template's checksum) makes that once per edit, not per start.
            bytecode_cache=FileSystemBytecodeCache(),
        )
        self._modules: dict[str, Any] = {}
        self._strings: dict[str, Any] = {}

    def text(self, lang: str, key: str, **values: Any) -> str:
        file, _, macro = key.partition(".")
        name = f"{lang}/{file}.j2"
        module = self._modules.get(name)
        if module is None:
            module = self._modules[name] = self._env.get_template(name).module
        fn = getattr(module, macro, None)
        if fn is None:
            raise KeyError(f"no wording {key!r} for {lang}")
        return str(fn(**values)).strip()

    def string(self, source: str, **values: Any) -> str:
        """A template kept as data (a knowledge entry's text), compiled once per source."""
        template = self._strings.get(source)
        if template is None:
            template = self._strings[source] = self._env.from_string(source)
        return template.render(**values).strip()

    def data(self, lang: str, name: str) -> dict[str, Any]:
        return load_toml(lang, name)


@lru_cache(maxsize=None)
def load_toml(lang: str, name: str) -> dict[str, Any]:
    raw = (Path(__file__).parent / lang / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@lru_cache(maxsize=None)
def load_understanding(name: str) -> dict[str, Any]:
    """prompts/understanding/<name>.toml: how messages are recognised (not wording)."""
    raw = (Path(__file__).parent / "understanding" / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@lru_cache(maxsize=None)
def load_knowledge() -> dict[str, Any]:
    """prompts/knowledge/entries.toml: the coaching knowledge base's entries, their topics,
    triggers and the deal facts their texts may use (the texts are per language)."""
    raw = (Path(__file__).parent / "knowledge" / "entries.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)
