"""Logging setup for every entry point: levels, and what stays out of the log."""

from __future__ import annotations

import logging

from bot.settings import Settings


def configure_logging(settings: Settings) -> None:
    level = logging.getLevelName(settings.log_level)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level != logging.DEBUG:
        # httpx logs each request's URL at INFO, and Telegram's URL carries the bot token.
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
