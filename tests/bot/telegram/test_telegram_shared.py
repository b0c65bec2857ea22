"""Telegram in shared spaces and with everything a phone sends: groups, supergroups, forum
topics and channels; edits; captions, voice and other media; forwards. Through the real
python-telegram-bot against the recording fake Bot API, with updates shaped like the Bot API's
documented samples."""

from __future__ import annotations

import time
from typing import Any, Optional

import pytest
from sqlmodel import select

from bot.telegram.adapter import build_application
from storage.db import new_session
from storage.models import Activity, Answer, Opportunity
from tests.bot.telegram.conftest import Bot, _ids, buttons, message_update, user
from tests.bot.telegram.fake_telegram import BOT
from tests.bot.fake_transcriber import FakeTranscriber

GROUP = {"id": -100123, "type": "supergroup", "title": "Sales team", "is_forum": True}
NOTE = "Met Dana Ruiz, CFO. Budget 80k from the ops fund, live by June."


def _group_update(uid: int, text: str, *, chat: Optional[dict] = None, topic: Optional[int] = None,
                  **extra: Any) -> dict[str, Any]:
    message = {"message_id": next(_ids), "date": int(time.time()), "chat": chat or GROUP, "from": user(uid),
               "text": text, **extra}
    if topic:
        message.update(message_thread_id=topic, is_topic_message=True)
    return {"update_id": next(_ids) + 5000, "message": message}


def _media_update(uid: int, **content: Any) -> dict[str, Any]:
    update = message_update(uid, "")
    del update["message"]["text"]
    update["message"].update(content)
    return update


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for a in s.exec(select(Answer).order_by(Answer.id))]


def _deals(engine) -> list[str]:
    with new_session(engine) as s:
        return [o.name for o in s.exec(select(Opportunity))]


@pytest.fixture
def rep(tg, invite_code):
    """Rep 7, invited, with a deal and a note on it, all in the private chat."""
    tg.say(7, f"/start {invite_code()}")
    tg.say(7, "new deal Initech")
    tg.say(7, NOTE)
    return tg


def _to(sent: list[dict], chat_id: int) -> list[dict]:
    return [m for m in sent if m["chat_id"] == chat_id]


@pytest.mark.parametrize("chat", [GROUP, {"id": -4242, "type": "group", "title": "Deals"}], ids=["supergroup", "group"])
def test_read_commands_in_a_group_answer_privately_and_leak_nothing(rep, tg_fake, chat):
    for text in ("/review@DealCoachBot", "/summary@DealCoachBot", "/deal@DealCoachBot", "/deals@DealCoachBot",
                 "@DealCoachBot my deals", "/pipeline@DealCoachBot", "/stage@DealCoachBot",
                 "/committee@DealCoachBot", "/prep@DealCoachBot", "/due@DealCoachBot", "@DealCoachBot what should I ask next?"):
        sent = rep.feed(_group_update(7, text, chat=chat))
        in_group = _to(sent, chat["id"])
        assert len(in_group) == 1 and "private chat" in in_group[0]["text"], text
        for leak in ("Initech", "Dana", "80", "ops fund", "June"):
            assert leak not in in_group[0]["text"], (text, leak)
        assert _to(sent, 7), f"{text}: the answer goes to the rep's private chat"
    photos = [c for c in tg_fake.calls("sendPhoto") if c.get("chat_id") == chat["id"]]
    assert photos == [], "no chart in the group either"


def test_a_rep_who_never_opened_a_private_chat_gets_a_link_not_the_content(tg, tg_fake, invite_code):
    tg_fake.reject("sendMessage", "Forbidden: bot can't initiate conversation with a user", status=403)
    sent = tg.feed(_group_update(8, "/review@DealCoachBot"))
    (pointer,) = _to(sent, GROUP["id"])
    assert "Open a chat with me" in pointer["text"]
    url = pointer["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url == f"https://t.me/{BOT['username']}?start=group"


def test_group_chatter_and_channel_posts_are_not_for_the_coach(rep, engine):
    before = _answers(engine)
    assert rep.feed(_group_update(7, "Budget 200k approved for Globex, great news team")) == []
    post = _group_update(7, "Q3 numbers are out")
    post["channel_post"] = post.pop("message")
    post["channel_post"]["chat"] = {"id": -100555, "type": "channel", "title": "News"}
    del post["channel_post"]["from"]
    assert rep.feed(post) == []
    assert _answers(engine) == before


def test_the_pointer_stays_in_the_forum_topic(rep):
    sent = rep.feed(_group_update(7, "/review@DealCoachBot", topic=42))
    (pointer,) = _to(sent, GROUP["id"])
    assert pointer["message_thread_id"] == 42


def test_someone_elses_button_in_a_group_is_refused_quietly(rep, tg_fake):
    press = {"update_id": next(_ids) + 6000, "callback_query": {
        "id": "cq-x", "from": user(9), "chat_instance": "ci", "data": "disc:start",
        "message": {"message_id": 5, "date": int(time.time()), "chat": GROUP, "from": BOT, "text": "old",
                    "reply_markup": {"inline_keyboard": [[{"text": "Start", "callback_data": "disc:start"}]]}}}}
    assert rep.feed(press) == []
    (answer,) = tg_fake.calls("answerCallbackQuery")[-1:]
    assert answer["text"] == "These buttons are for the person they were sent to."


def test_private_only_points_groups_to_a_private_chat(coach, tg_fake, invite_code):
    bot = Bot(coach, tg_fake)
    bot.app = build_application(coach, token="123:TEST", base_url=tg_fake.base_url, private_only=True)
    bot.loop.run_until_complete(bot.app.initialize())
    try:
        sent = bot.feed(_group_update(7, "/review@DealCoachBot"))
        assert [m["chat_id"] for m in sent] == [GROUP["id"]]
        assert "only work in private chats" in sent[0]["text"]
    finally:
        bot.close()


def test_an_edit_is_never_filed_twice_and_never_ignored(rep, engine):
    filed = _answers(engine)
    edited = message_update(7, NOTE.replace("80k", "90k"))
    edited["edited_message"] = edited.pop("message")
    edited["edited_message"]["edit_date"] = int(time.time())
    sent = rep.feed(edited)
    assert "edited a message" in sent[0]["text"] and "edit budget" in sent[0]["text"]
    assert _answers(engine) == filed


def test_a_photo_caption_is_read_as_a_note(rep, engine):
    rep.say(7, "pause")  # no question open: the caption is a note
    photo = _media_update(7, photo=[{"file_id": "P9", "file_unique_id": "u9", "width": 640, "height": 480}],
                          caption="Whiteboard: they need it live by 2027-03-31, top priority")
    sent = rep.feed(photo)
    assert "Filed on Initech" in sent[0]["text"] and "Timeline" in sent[0]["text"] and "file kept" in sent[0]["text"]
    assert any("live by 2027-03-31" in a for a in _answers(engine))
    with new_session(engine) as s:  # the photo stays on Telegram; the deal keeps its id
        assert [a.summary for a in s.exec(select(Activity).where(Activity.kind == "file"))] == ["telegram:photo:P9"]


def test_other_media_gets_one_polite_line(rep, engine):
    before = _answers(engine)
    for content, words in (({"location": {"latitude": 25.03, "longitude": 121.56}}, "location"),
                           ({"contact": {"phone_number": "+886", "first_name": "Tom"}}, "contact card"),
                           ({"video": {"file_id": "V1", "file_unique_id": "v", "width": 1, "height": 1,
                                       "duration": 3}}, "video")):
        sent = rep.feed(_media_update(7, **content))
        assert len(sent) >= 1 and words in sent[0]["text"]
    assert _answers(engine) == before


VOICE = {"voice": {"file_id": "VO1", "file_unique_id": "vo", "duration": 4, "mime_type": "audio/ogg",
                   "file_size": 15}}


def test_a_voice_note_without_a_transcriber_asks_the_rep_to_type(rep, engine):
    before = _answers(engine)
    sent = rep.feed(_media_update(7, **VOICE))
    assert "dictation" in sent[0]["text"]
    assert _answers(engine) == before


def _with_transcriber(coach, tg_fake, transcriber) -> Bot:
    bot = Bot(coach, tg_fake)
    bot.loop.run_until_complete(bot.app.shutdown())
    bot.app = build_application(coach, token="123:TEST", base_url=tg_fake.base_url, transcriber=transcriber)
    bot.loop.run_until_complete(bot.app.initialize())
    return bot


def test_a_voice_note_is_transcribed_shown_and_filed(coach, tg_fake, invite_code, engine):
    listener = FakeTranscriber("They want it live by 2027-06-30, and it is their top priority")
    bot = _with_transcriber(coach, tg_fake, listener)
    try:
        bot.say(7, f"/start {invite_code()}")
        bot.say(7, "new deal Initech")
        sent = bot.feed(_media_update(7, **VOICE))
        assert sent[0]["text"].startswith("🎙 I heard:") and "2027-06-30" in sent[0]["text"]
        assert "Filed on Initech" in sent[1]["text"] and "Undo" in str(buttons(sent[1]) and sent[1]["reply_markup"])
        assert listener.heard == [(tg_fake.file_bytes, "audio/ogg")]
        assert any("2027-06-30" in a for a in _answers(engine))
    finally:
        bot.close()


def test_a_failing_transcriber_is_said_politely(coach, tg_fake, invite_code, engine):
    bot = _with_transcriber(coach, tg_fake, FakeTranscriber(fail=True))
    try:
        bot.say(7, f"/start {invite_code()}")
        bot.say(7, "new deal Initech")
        sent = bot.feed(_media_update(7, **VOICE))
        assert "couldn't make out that voice message" in sent[0]["text"]
        assert _answers(engine) == []
    finally:
        bot.close()


def test_a_forwarded_command_is_a_note_never_a_command(rep, engine):
    forward = message_update(7, "new deal Evil Corp")
    forward["message"]["forward_origin"] = {"type": "user", "date": int(time.time()), "sender_user": user(55, name="Eve")}
    rep.feed(forward)
    assert "Evil Corp" not in _deals(engine)


def test_logs_carry_no_token_note_or_update(coach, tg_fake, invite_code, caplog):
    import logging

    from bot.logs import configure_logging
    from bot.settings import Settings

    for level in ("INFO", "WARNING"):
        configure_logging(Settings(log_level=level, _env_file=None))
        bot = _with_transcriber(coach, tg_fake, FakeTranscriber(fail=True))
        caplog.clear()
        try:
            with caplog.at_level(getattr(logging, level)):
                bot.say(7, f"/start {invite_code()}")
                bot.say(7, "new deal Initech")
                bot.say(7, NOTE)
                bot.feed(_media_update(7, **VOICE))
                bot.feed(_group_update(7, "/review@DealCoachBot"))
        finally:
            bot.close()
        for secret in ("123:TEST", "Dana Ruiz", "ops fund", "Initech", "update_id", "OggS"):
            assert secret not in caplog.text, (level, secret)


def test_a_document_caption_is_a_note_and_a_bare_document_gets_a_line(rep, engine):
    rep.say(7, "pause")
    doc = {"file_id": "D1", "file_unique_id": "d1", "file_name": "rfp.pdf", "mime_type": "application/pdf"}
    sent = rep.feed(_media_update(7, document=doc, caption="RFP: budget approved at 120k by the CFO"))
    assert "Filed on Initech" in sent[0]["text"]
    with new_session(engine) as s:
        assert "telegram:document:D1" in [a.summary for a in s.exec(select(Activity).where(Activity.kind == "file"))]
    sent = rep.feed(_media_update(7, document=doc))
    assert "only read text" in sent[0]["text"]


def _topic_update(uid: int, text: str, topic: int) -> dict[str, Any]:
    update = message_update(uid, text)
    update["message"].update(message_thread_id=topic, is_topic_message=True)
    return update


def test_in_a_topic_the_question_the_answer_and_button_presses_stay_there(rep, tg_fake, engine):
    asked = rep.feed(_topic_update(7, "/discover", topic=77))
    assert asked[-1]["message_thread_id"] == 77 and "Initech" in asked[-1]["text"]
    answered = rep.feed(_topic_update(7, "They tried an in-house tool last year; it failed, plan B is temp staff", topic=77))
    assert all(m["message_thread_id"] == 77 for m in answered)
    assert any("in-house tool" in a for a in _answers(engine)), "the reply in the topic answered its question"
    press = {"update_id": next(_ids) + 7000, "callback_query": {
        "id": "cq-t", "from": user(7), "chat_instance": "ci", "data": "disc:review",
        "message": {"message_id": 9, "date": int(time.time()), "chat": {"id": 7, "type": "private"}, "from": BOT,
                    "text": "q", "message_thread_id": 77, "is_topic_message": True,
                    "reply_markup": {"inline_keyboard": [[{"text": "Review", "callback_data": "disc:review"}]]}}}}
    after = rep.feed(press)
    assert after and all(m["message_thread_id"] == 77 for m in after)


def test_a_reply_telegram_refused_is_sent_by_the_next_sweep(tg, tg_fake, invite_code, coach, clock):
    from bot.telegram.adapter import resend_stranded
    from dialogs.outbox import LEASE_S, Outbox

    tg.say(7, f"/start {invite_code()}")
    tg_fake.reject("sendMessage", "Internal Server Error", status=500)
    tg.say(7, "new deal Initech")
    assert not any("Initech" in m["text"] for m in tg_fake.calls("sendMessage")), "Telegram refused it"
    clock.advance(seconds=LEASE_S + 1)
    outbox = Outbox(coach.engine, "telegram", coach.clock)
    assert tg.loop.run_until_complete(resend_stranded(tg.app, coach, outbox)) == 1
    assert any("Created the deal Initech" in m["text"] for m in tg_fake.calls("sendMessage"))
    assert tg.loop.run_until_complete(resend_stranded(tg.app, coach, outbox)) == 0
