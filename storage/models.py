"""SQLModel tables. Answers are append-only: an edit adds a row that supersedes another."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

# Role and status vocabularies are plain strings so they survive schema-less moves (export, CSV).
from storage.codes import ROLES  # noqa: F401  (re-exported: the tables store these)
# "retracted" rows undo a filed note: they supersede what the note filed and are never current.
ANSWER_STATUSES = ("answered", "unknown", "retracted")
ANSWER_ORIGINS = ("interview", "note", "import")


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True, unique=True)
    role: str = Field(default="rep", max_length=20)
    manager_id: Optional[int] = Field(default=None, foreign_key="user.id")
    language: Optional[str] = Field(default=None, max_length=10)
    # True once the user chose a language with /lang; until then replies follow each message.
    language_pinned: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    created_at: datetime
    timezone: Optional[str] = Field(default=None, max_length=64)  # IANA name; None: the deployment's
    digest_at: Optional[str] = Field(default=None, max_length=20)  # "mon 08:30", "off"; None: the default


class Identity(SQLModel, table=True):
    """A user's handle on one channel: console name, Slack team:user, Telegram user id."""

    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_identity_channel_external"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    channel: str = Field(max_length=20)
    external_id: str = Field(max_length=200)
    created_at: datetime


class Opportunity(SQLModel, table=True):
    __table_args__ = (Index("ix_opportunity_owner_stage", "owner_id", "stage"),
                      # Pipelines and digests add up amounts per stage and currency from the index alone.
                      Index("ix_opportunity_owner_value", "owner_id", "stage", "currency", "amount"),
                      # Closes this month or quarter, and close dates passed.
                      Index("ix_opportunity_owner_close", "owner_id", "close_date", "stage", "currency", "amount"),
                      # Deals gone quiet, the most valuable first.
                      Index("ix_opportunity_owner_quiet", "owner_id", "stage", "updated_at", "amount", "close_date"),
                      # The first few overdue per rep and open stage (at risk), not every past date.
                      Index("ix_opportunity_owner_stage_close", "owner_id", "stage", "close_date"))
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    account: Optional[str] = Field(default=None, max_length=200)
    owner_id: int = Field(foreign_key="user.id")
    stage: str = Field(default="lead", max_length=40)
    amount: Optional[Decimal] = Field(default=None, max_digits=18, decimal_places=2)
    currency: Optional[str] = Field(default=None, max_length=3)
    close_date: Optional[date] = None
    external_ref: Optional[str] = Field(default=None, max_length=100, index=True)
    created_at: datetime
    updated_at: datetime


class StageTotal(SQLModel, table=True):
    """Deals and their amount per owner, stage and currency, kept in step with every change to a
    deal (storage/rollup.py): a pipeline adds up a few rows per rep, not a team's whole history."""

    __tablename__ = "stage_total"
    __table_args__ = (UniqueConstraint("owner_id", "stage", "currency", name="uq_stage_total"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id")
    stage: str = Field(max_length=40)
    currency: str = Field(default="", max_length=3)  # "" for none: NULLs never meet in a unique key
    deals: int = 0
    amount: Decimal = Field(default=Decimal(0), max_digits=20, decimal_places=2)


class Answer(SQLModel, table=True):
    """One thing a rep told the coach about one dimension of one deal, verbatim."""

    __table_args__ = (Index("ix_answer_opportunity_dimension", "opportunity_id", "dimension"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id")
    dimension: str = Field(max_length=40)
    status: str = Field(default="answered", max_length=20)
    # The evidence: the part of the message that supports this dimension (the whole answer to an
    # interview question; a note's clause). source_text is the whole message, as written.
    text: str = Field(sa_type=Text)
    source_text: Optional[str] = Field(default=None, sa_type=Text)
    question: Optional[str] = Field(default=None, sa_type=Text)
    language: str = Field(max_length=10)
    author_id: int = Field(foreign_key="user.id")
    channel: str = Field(max_length=20)
    source_message_id: Optional[str] = Field(default=None, max_length=200)
    supersedes_id: Optional[int] = Field(default=None, foreign_key="answer.id", index=True)
    origin: str = Field(default="interview", max_length=20)
    # Facts the reader found in the text (amounts, dates, people...), stored beside the verbatim text.
    facts: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Answers filed together from one note share a batch id, so one tap can undo them all.
    batch: Optional[str] = Field(default=None, max_length=40, index=True)
    created_at: datetime


class Stakeholder(SQLModel, table=True):
    """A person in the buying committee (IBM SSM role and stance)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    name: Optional[str] = Field(default=None, max_length=200)
    title: Optional[str] = Field(default=None, max_length=200)
    role: Optional[str] = Field(default=None, max_length=40)
    stance: Optional[str] = Field(default=None, max_length=20)
    notes: Optional[str] = Field(default=None, sa_type=Text)
    # Set when a pasted note added this person: the note's Undo takes them back.
    batch: Optional[str] = Field(default=None, max_length=40, index=True)
    created_at: datetime
    updated_at: datetime


class Activity(SQLModel, table=True):
    """Something that happened on a deal (a call, a proposal sent), with an optional next step."""

    id: Optional[int] = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    kind: str = Field(max_length=40)
    outcome: Optional[str] = Field(default=None, max_length=40)
    summary: Optional[str] = Field(default=None, sa_type=Text)
    next_step: Optional[str] = Field(default=None, sa_type=Text)
    due_date: Optional[date] = None
    author_id: Optional[int] = Field(default=None, foreign_key="user.id")
    channel: str = Field(max_length=20)
    # Set when a pasted note recorded this activity: the note's Undo takes it back.
    batch: Optional[str] = Field(default=None, max_length=40, index=True)
    created_at: datetime


class LLMCall(SQLModel, table=True):
    """One call to the optional LLM: counted per conversation, never with the note's text."""

    __tablename__ = "llm_call"
    id: Optional[int] = Field(default=None, primary_key=True)
    conversation_key: Optional[str] = Field(default=None, max_length=400, index=True)
    purpose: str = Field(max_length=40)
    model: str = Field(max_length=200)
    ok: bool
    outcome: str = Field(max_length=40)
    input_tokens: int = 0
    output_tokens: int = 0
    duration_ms: int = 0
    created_at: datetime


class StageChange(SQLModel, table=True):
    __tablename__ = "stage_history"
    # The digest reads the week's moves, not a team's whole history.
    __table_args__ = (Index("ix_stage_history_created", "created_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    from_stage: Optional[str] = Field(default=None, max_length=40)
    to_stage: str = Field(max_length=40)
    author_id: Optional[int] = Field(default=None, foreign_key="user.id")
    channel: str = Field(max_length=20)
    created_at: datetime


class Conversation(SQLModel, table=True):
    """Where one conversation stands: a named flow state plus its small JSON payload."""

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=400, unique=True)
    channel: str = Field(max_length=20)
    user_id: int = Field(foreign_key="user.id", index=True)
    opportunity_id: Optional[int] = Field(default=None, foreign_key="opportunity.id")
    state: str = Field(default="idle", max_length=80)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime


class Push(SQLModel, table=True):
    """Something the coach said unasked (a weekly digest, a deal nudge), or a deal whose nudges
    its owner muted. The unique (user, kind, key) is the claim: one row per cause, so two
    workers never both send it."""

    __table_args__ = (UniqueConstraint("user_id", "kind", "key", name="uq_push_user_kind_key"),
                      Index("ix_push_user_kind_created", "user_id", "kind", "created_at"))
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    kind: str = Field(max_length=20)  # digest | nudge | mute
    key: str = Field(max_length=100)  # digest: the ISO week; nudge: cause and its instance; mute: deal id
    opportunity_id: Optional[int] = Field(default=None, foreign_key="opportunity.id")
    data: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON, nullable=True))
    worker: Optional[str] = Field(default=None, max_length=100)
    created_at: datetime


class Reminder(SQLModel, table=True):
    """A follow-up due at a time. Delivered once: a process claims it with a conditional update."""

    __table_args__ = (Index("ix_reminder_due", "delivered_at", "due_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=40)  # first_contact | follow_up | attempt
    note: Optional[str] = Field(default=None, sa_type=Text)
    due_at: datetime
    created_at: datetime
    delivered_at: Optional[datetime] = None
    delivered_by: Optional[str] = Field(default=None, max_length=100)
    cancelled_at: Optional[datetime] = None


class Invite(SQLModel, table=True):
    """A single-use, expiring code that lets a Telegram account in (deep link /start <code>)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    role: str = Field(default="rep", max_length=20)
    # When set, redeeming links the account to this existing user (e.g. a rep from the CRM).
    user_name: Optional[str] = Field(default=None, max_length=200)
    created_at: datetime
    expires_at: datetime
    used_at: Optional[datetime] = None
    used_by_id: Optional[int] = Field(default=None, foreign_key="user.id")


class ProcessedEvent(SQLModel, table=True):
    """One row per delivered event; the UNIQUE key turns retries into no-ops."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("channel", "event_id", name="uq_processed_event"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    event_id: str = Field(max_length=200)
    created_at: datetime


class OutboundReply(SQLModel, table=True):
    """A turn's rendered replies, written in the turn's own transaction and deleted once the
    platform accepted them. A row left behind means the process died (or the send failed)
    before that: a later sweep sends it again. Never lost; after a crash, maybe sent twice."""

    __tablename__ = "outbound_reply"
    __table_args__ = (Index("ix_outbound_reply_retry", "channel", "retry_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    # Where the replies go, in the channel adapter's terms (a DM, an ephemeral, a chat id).
    target: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    replies: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    attempts: int = 0
    created_at: datetime
    # Until then the process that wrote it owns it; a sweep takes it over only after that.
    retry_at: datetime


class InboundEvent(SQLModel, table=True):
    """An event written down before the channel was told "received" (Slack's ack, Telegram's
    200) and deleted once the coach has handled it. A row left behind means the process died
    in between: a later sweep replays it, and the processed-events claim keeps that exact-once."""

    __tablename__ = "inbound_event"
    __table_args__ = (UniqueConstraint("channel", "event_id", name="uq_inbound_event"),
                      Index("ix_inbound_event_retry", "retry_at"))
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    event_id: str = Field(max_length=200)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    attempts: int = 0
    received_at: datetime
    # Until then the receiving process owns it; a sweep takes it over only after that.
    retry_at: datetime
