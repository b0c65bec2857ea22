"""Settings from the environment and `.env`. Loaded only at the entry point."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Optional

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dealcoach"


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(Exception):
    """The environment names a setting with a value that cannot be used."""


def load_settings() -> "Settings":
    """Settings, or a SettingsError naming each bad variable. The values are left out: one
    may be a token pasted into the wrong variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = [f"  {'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()]
        raise SettingsError("\n".join(problems)) from None


class Settings(BaseSettings):
    # env_ignore_empty: `.env.example` copied as is leaves `DEALCOACH_PLAYBOOK=` and friends
    # empty, which must mean "the default", not the path "." or "".
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      env_ignore_empty=True)

    database_url: Optional[str] = None
    dealcoach_data_dir: Path = default_data_dir()
    log_level: str = "WARNING"
    log_format: Literal["text", "json"] = "text"
    dealcoach_playbook: Optional[Path] = None

    slack_bot_token: Optional[SecretStr] = None
    slack_signing_secret: Optional[SecretStr] = None
    slack_app_token: Optional[SecretStr] = None
    slack_api_base_url: Optional[str] = None

    telegram_bot_token: Optional[SecretStr] = None
    telegram_webhook_secret: Optional[SecretStr] = None
    # `dealcoach serve` registers this public URL (ending in /telegram) with Telegram at start.
    telegram_webhook_url: Optional[str] = None
    telegram_api_base_url: Optional[str] = None

    # How often the bot processes look for due reminders and for stranded inbound events.
    reminder_every_s: float = 30.0
    # How long an acknowledged event belongs to the process that received it; after that, a
    # sweep in any process replays it (that process died before handling it).
    inbox_retry_after_s: float = 30.0

    llm_model: Optional[str] = None
    llm_timeout_s: float = 2.5

    # Voice notes: a local faster-whisper model path, or "openai:whisper-1"; unset, reps are
    # asked to type. PRIVATE_ONLY: in groups and channels, only a pointer to a private chat.
    transcribe_model: Optional[str] = None
    # Money: totals in this currency, converted with the rates file (dialogs/domain/money.py).
    dealcoach_currency: str = "USD"
    dealcoach_rates: Optional[Path] = None
    private_only: bool = False
    # Weekly digests for users who set no timezone of their own (an IANA name).
    dealcoach_timezone: str = "UTC"

    @field_validator("dealcoach_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("should be an IANA timezone such as Asia/Taipei or UTC") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"should be one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.dealcoach_data_dir / 'dealcoach.db').expanduser()}"
