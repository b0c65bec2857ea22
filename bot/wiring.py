"""Builds the coach from settings: the one place the database engine is created."""

from __future__ import annotations

import logging

from bot.settings import Settings
from dialogs.coach import Coach
from dialogs.inbox import Inbox
from dialogs.llm import LLMReader, load_chat_model
from dialogs.playbook import load_playbook
from dialogs.reader import NoteReader
from storage.db import open_database


def configure_logging(settings: Settings) -> None:
    level = logging.getLevelName(settings.log_level)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level != logging.DEBUG:
        # httpx logs each request's URL at INFO, and Telegram's URL carries the bot token.
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def build_reader(settings: Settings) -> NoteReader:
    """Rules only, unless LLM_MODEL names a langchain chat model."""
    if not settings.llm_model:
        return NoteReader()
    model = load_chat_model(settings.llm_model)
    return NoteReader(LLMReader(model, model_name=settings.llm_model, timeout_s=settings.llm_timeout_s))


def build_coach(settings: Settings) -> Coach:
    """Raises dialogs.playbook.PlaybookError when the configured playbook is invalid."""
    playbook = load_playbook(settings.dealcoach_playbook)
    return Coach(open_database(settings.db_url), playbook=playbook, reader=build_reader(settings))


def build_inbox(coach: Coach, channel: str, settings: Settings) -> Inbox:
    return Inbox(coach.engine, channel, coach.clock, retry_after_s=settings.inbox_retry_after_s)
