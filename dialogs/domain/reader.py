"""The coach's reader: the rules always, plus an optional LLM for long or messy notes.

Kept behind one small interface so the flows never care which one answered."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional, Protocol

from dialogs.domain.reading import Reading, read_note


class LLMNoteReader(Protocol):
    def worth_it(self, text: str, rules: Reading, purpose: str) -> bool: ...

    def read(self, text: str, rules: Reading, *, today: date, conversation_key: Optional[str],
             session: Any = None) -> Optional[Reading]: ...


class NoteReader:
    def __init__(self, llm: Optional[LLMNoteReader] = None) -> None:
        self.llm = llm

    def read(self, text: str, *, today: date, language: Optional[str] = None,
             purpose: str = "note", conversation_key: Optional[str] = None,
             session: Any = None) -> Reading:
        rules = read_note(text, today, language)
        if self.llm is None or not self.llm.worth_it(text, rules, purpose):
            return rules
        return self.llm.read(text, rules, today=today, conversation_key=conversation_key,
                             session=session) or rules
