"""Builds the coach from settings: the one place the database engine is created."""

from __future__ import annotations

import logging

from bot.settings import Settings
from dialogs.coach import Coach
from storage.db import open_database


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def build_coach(settings: Settings) -> Coach:
    return Coach(open_database(settings.db_url))
