"""The typed data a conversation keeps between messages (the JSON beside its state string).

Validated when read, so a row written by an older version, or hand-edited, can't reach a flow
in a shape it doesn't expect: unknown keys are dropped, and a malformed part falls back to its
default rather than failing the turn."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Mode = Literal["interview", "single", "edit"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class Run(_Data):
    """The running flow's own: how it runs, the steps asked (for "back"), the steps skipped,
    which wording of the question is shown, and the deal it is about."""

    mode: Mode = "interview"
    trail: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    variant: int = 0
    opportunity: Optional[int] = None


class Paused(_Data):
    state: str
    run: Run


class Debrief(_Data):
    """The call being logged (dialogs.flows.debrief)."""

    opportunity: Optional[int] = None
    activity: Optional[int] = None
    outcome: Optional[str] = None


class ConversationData(_Data):
    run: Optional[Run] = None
    paused: Optional[Paused] = None
    # Stage advice offered unasked already ("<deal>:<stage>:<next stage>"): offered once.
    offered: Optional[str] = None
    # The button a bare "yes" presses: the last reply's offer (a stage move), for the next message only.
    offer: Optional[str] = None
    # The last pasted note's batch, for "undo".
    last_batch: Optional[str] = None
    debrief: Debrief = Field(default_factory=Debrief)
    # The rest of the last reply too long for a phone, for its More button (features/paging.py).
    rest: list[str] = Field(default_factory=list)

    @classmethod
    def load(cls, raw: Any) -> "ConversationData":
        try:
            return cls.model_validate(raw or {})
        except ValidationError:
            return cls()

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)

    def kept(self) -> "ConversationData":
        """What outlives a flow: everything but the running flow's own."""
        return self.model_copy(update={"run": None}, deep=True)
