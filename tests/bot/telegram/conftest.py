"""The real python-telegram-bot Application, with base_url at a recording fake Bot API.
Updates are fed with process_update, as PTB's own tests do."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any, Optional

import pytest
from telegram import Update

from bot.telegram.adapter import build_application
from dialogs.outbox import Outbox
from tests.bot.telegram.fake_telegram import BOT, FakeTelegram

_ids = itertools.count(1)


def user(uid: int, lang: str = "en", name: str = "Ann") -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": name, "language_code": lang}


def message_update(uid: int, text: str, *, update_id: Optional[int] = None, lang: str = "en",
                   name: str = "Ann") -> dict[str, Any]:
    return {"update_id": update_id or next(_ids) + 1000, "message": {
        "message_id": next(_ids), "date": int(time.time()), "chat": {"id": uid, "type": "private"},
        "from": user(uid, lang, name), "text": text}}


def callback_update(uid: int, sent: dict[str, Any], data: str, *, lang: str = "en") -> dict[str, Any]:
    """A press of the button ``data`` on a message the bot sent (as recorded by the fake)."""
    return {"update_id": next(_ids) + 1000, "callback_query": {
        "id": f"cq{next(_ids)}", "from": user(uid, lang), "chat_instance": "ci", "data": data,
        "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": uid, "type": "private"},
                    "from": BOT, "text": sent.get("text", ""), "reply_markup": sent.get("reply_markup")}}}


class Bot:
    def __init__(self, coach, fake: FakeTelegram, rate_limit: bool = True) -> None:
        self.fake = fake
        outbox = Outbox(coach.engine, "telegram", coach.clock) if hasattr(coach, "engine") else None
        self.app = build_application(coach, token="123:TEST", base_url=fake.base_url,
                                     rate_limit=rate_limit, outbox=outbox)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.app.initialize())

    def feed(self, *updates: dict[str, Any]) -> list[dict[str, Any]]:
        """Process updates; return the sendMessage bodies they caused."""
        before = len(self.fake.calls("sendMessage"))
        for data in updates:
            self.loop.run_until_complete(self.app.process_update(Update.de_json(data, self.app.bot)))
        return self.fake.calls("sendMessage")[before:]

    def say(self, uid: int, text: str, **kw) -> list[dict[str, Any]]:
        return self.feed(message_update(uid, text, **kw))

    def press(self, uid: int, sent: dict[str, Any], data: str) -> list[dict[str, Any]]:
        return self.feed(callback_update(uid, sent, data))

    def close(self) -> None:
        self.loop.run_until_complete(self.app.shutdown())
        self.loop.close()


@pytest.fixture
def tg_fake():
    fake = FakeTelegram()
    yield fake
    fake.close()


@pytest.fixture
def tg(coach, tg_fake):
    bot = Bot(coach, tg_fake)
    yield bot
    bot.close()


@pytest.fixture
def invite_code(engine, clock):
    from dialogs.features.invites import create_invite
    from storage.db import new_session

    def make(**kw) -> str:
        with new_session(engine) as s, s.begin():
            return create_invite(session=s, role=kw.pop("role", "rep"), now=clock(), **kw).code
    return make


def buttons(sent: dict[str, Any]) -> list[str]:
    markup = sent.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]
