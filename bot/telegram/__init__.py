"""The Telegram channel: a thin python-telegram-bot adapter over the coach."""
