"""SQLModel tables. Answers are append-only: an edit adds a row that supersedes another."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

# Role and status vocabularies are plain strings so they survive schema-less moves (export, CSV).
ROLES = ("rep", "manager", "admin")
ANSWER_STATUSES = ("answered", "unknown")


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True, unique=True)
    role: str = Field(default="rep", max_length=20)
    manager_id: Optional[int] = Field(default=None, foreign_key="user.id")
    language: Optional[str] = Field(default=None, max_length=10)
    created_at: datetime


class Identity(SQLModel, table=True):
    """A user's handle on one channel: console name, Slack team:user, Telegram user id."""

    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_identity_channel_external"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    channel: str = Field(max_length=20)
    external_id: str = Field(max_length=200)
    created_at: datetime


class Opportunity(SQLModel, table=True):
    __table_args__ = (Index("ix_opportunity_owner_stage", "owner_id", "stage"),)
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


class Answer(SQLModel, table=True):
    """One thing a rep told the coach about one dimension of one deal, verbatim."""

    __table_args__ = (Index("ix_answer_opportunity_dimension", "opportunity_id", "dimension"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id")
    dimension: str = Field(max_length=40)
    status: str = Field(default="answered", max_length=20)
    text: str
    question: Optional[str] = None
    language: str = Field(max_length=10)
    author_id: int = Field(foreign_key="user.id")
    channel: str = Field(max_length=20)
    source_message_id: Optional[str] = Field(default=None, max_length=200)
    supersedes_id: Optional[int] = Field(default=None, foreign_key="answer.id", index=True)
    created_at: datetime


class StageChange(SQLModel, table=True):
    __tablename__ = "stage_history"
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


class ProcessedEvent(SQLModel, table=True):
    """One row per delivered event; the UNIQUE key turns retries into no-ops."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("channel", "event_id", name="uq_processed_event"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    event_id: str = Field(max_length=200)
    created_at: datetime
