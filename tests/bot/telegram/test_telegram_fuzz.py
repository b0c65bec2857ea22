"""Odd and malformed Telegram updates are ignored or answered: never an exception, and the bot
keeps working. (Bodies that are not updates at all are refused with 400 by the webhook server:
tests/bot/telegram/test_webhook_and_polling.py.)"""

from __future__ import annotations

import time

from tests.bot.telegram.conftest import message_update

NOW = int(time.time())
ODD = [
    {"update_id": 9001},
    {"update_id": 9002, "message": {"message_id": 1, "date": NOW, "chat": {"id": 5, "type": "private"},
                                    "from": {"id": 5, "is_bot": False, "first_name": "A"},
                                    "photo": [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}]}},
    {"update_id": 9003, "edited_message": {"message_id": 1, "date": NOW, "chat": {"id": 5, "type": "private"},
                                           "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": "hi"}},
    {"update_id": 9004, "message": {"message_id": 1, "date": NOW, "chat": {"id": 5, "type": "private"},
                                    "from": {"id": 6, "is_bot": True, "first_name": "OtherBot"}, "text": "new deal X"}},
    {"update_id": 9005, "channel_post": {"message_id": 1, "date": NOW, "chat": {"id": -100, "type": "channel"},
                                         "text": "new deal Y"}},
    {"update_id": 9006, "callback_query": {"id": "c1", "from": {"id": 5, "is_bot": False, "first_name": "A"},
                                           "chat_instance": "ci", "data": "deal:pick:1"}},
    {"update_id": 9007, "callback_query": {"id": "c2", "from": {"id": 5, "is_bot": False, "first_name": "A"},
                                           "chat_instance": "ci"}},
    {"update_id": 9008, "message": {"message_id": 1, "date": NOW, "chat": {"id": 5, "type": "private"},
                                    "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": "\x00" * 10}},
    {"update_id": 9009, "message": {"message_id": 1, "date": NOW, "chat": {"id": 5, "type": "private"},
                                    "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": "y" * 5000}},
]


def test_odd_updates_never_raise_and_the_bot_keeps_working(tg, tg_fake, invite_code):
    errors = []

    async def record(update, context):  # PTB hands handler exceptions to error handlers
        errors.append(context.error)

    tg.app.add_error_handler(record)
    for update in ODD:
        tg.feed(update)
    assert errors == []
    assert not [b for b in tg_fake.calls("sendMessage") if "new deal" in b.get("text", "")]
    (welcome,) = tg.say(5, f"/start {invite_code()}")
    assert "Welcome" in welcome["text"]
    (created,) = tg.feed(message_update(5, "new deal Survivor"))
    assert "Created the deal Survivor" in created["text"]
