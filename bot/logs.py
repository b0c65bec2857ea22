"""Logging setup for every entry point: levels, format (text or JSON lines), and what stays
out of the log. Each line of a turn carries its channel, a hash of its conversation key and
its event id (dialogs/logctx.py); never a text or a token."""

from __future__ import annotations

import logging

from bot.settings import Settings
from dialogs.logctx import FIELDS, TurnFilter

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    level = logging.getLevelName(settings.log_level)
    handler = logging.StreamHandler()
    handler.addFilter(TurnFilter())
    if settings.log_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(JsonFormatter(["asctime", "levelname", "name", "message", *FIELDS],
                                           rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter(TEXT))
    logging.basicConfig(level=level, handlers=[handler])
    if level != logging.DEBUG:
        # httpx logs each request's URL at INFO, and Telegram's URL carries the bot token.
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
