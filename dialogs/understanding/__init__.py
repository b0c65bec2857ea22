"""Understand, before anything is stored: every text message becomes one Utterance.

The rules always run. An optional LLM recogniser (dialogs/llm.py) is asked only when the
rules are not confident, at most once a message, and what it says is checked before use.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional, Protocol

from dialogs.understanding.rules import recognise
from dialogs.understanding.utterance import KINDS, Context, Utterance

__all__ = ["Context", "KINDS", "Understander", "Utterance", "LLMRecogniser"]

# At or above this, the rules' reading stands and no LLM is asked.
CONFIDENT = 0.8


class LLMRecogniser(Protocol):
    def understand(self, text: str, ctx: Context, *, rules: Utterance, today: date,
                   conversation_key: Optional[str], session: Any = None) -> Optional[Utterance]: ...


class Understander:
    def __init__(self, llm: Optional[LLMRecogniser] = None, confident: float = CONFIDENT) -> None:
        self.llm = llm
        self.confident = confident

    def understand(self, text: str, ctx: Context, *, today: date, conversation_key: Optional[str] = None,
                   session: Any = None) -> Utterance:
        best = recognise(text, ctx, today)[0]
        if self.llm is None or best.confidence >= self.confident or best.kind == "empty":
            return best
        return self.llm.understand(text, ctx, rules=best, today=today, conversation_key=conversation_key,
                                   session=session) or best
