"""Builds the coach from settings: the one place the database engine is created."""

from __future__ import annotations

import logging

from bot.settings import Settings
from dialogs.coach import Coach
from dialogs.playbook import load_playbook
from storage.db import open_database


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def build_coach(settings: Settings) -> Coach:
    """Raises dialogs.playbook.PlaybookError when the configured playbook is invalid."""
    playbook = load_playbook(settings.dealcoach_playbook)
    return Coach(open_database(settings.db_url), playbook=playbook)
