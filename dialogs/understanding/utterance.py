"""What the coach takes a message for, before anything is stored: an utterance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

# command: do something ("new deal Acme"); control: steer the open question (skip, back...);
# answer: the buyer's answer to the open question; note: anything about the deal to file;
# question: asked of the coach itself; correction: fixes a value already given; chitchat:
# fillers and greetings; unknown: "don't know (yet)"; empty: nothing to read.
KINDS = ("command", "control", "answer", "note", "question", "correction", "chitchat", "unknown",
         "empty")
CONTROL_INTENTS = ("skip", "back", "pause", "rephrase", "resume")


@dataclass(frozen=True)
class Utterance:
    kind: str
    intent: Optional[str] = None
    arg: str = ""
    # For an answer or a correction: the discovery dimension it speaks to, when known.
    dimension: Optional[str] = None
    confidence: float = 0.0
    # Which recogniser won ("slash", "words", "lexicon", "reading", "llm"...), for the logs.
    source: str = ""
    # A validated LLM reading of the same text, when the LLM was asked (one call serves both).
    reading: Any = field(default=None, compare=False)

    def understood(self) -> dict[str, Optional[str]]:
        """The `meta.understood` contract: what the coach took the message for."""
        intent = self.intent if self.kind in ("command", "control", "correction", "question") else None
        return {"kind": self.kind, "intent": intent}


@dataclass(frozen=True)
class Context:
    """What the understanding step may know of the conversation: the open question, and the
    rep's deal names (a bare deal name switches deals; "switch to X" needs no list)."""

    open_dimension: Optional[str] = None
    open_flow: Optional[str] = None
    # Called only when a rule needs it (a deal named mid-question), so most turns never query.
    deals: Callable[[], tuple[str, ...]] = field(default=lambda: (), compare=False)

    @property
    def in_flow(self) -> bool:
        return self.open_flow is not None

    @property
    def deal_names(self) -> tuple[str, ...]:
        return self.deals()
