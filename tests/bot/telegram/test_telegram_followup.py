"""Follow-ups in Telegram: a proactive reminder with working buttons; prep and log end to end."""

from __future__ import annotations

from bot.telegram.adapter import deliver_reminders
from tests.bot.telegram.conftest import buttons


def _join(tg, invite_code, uid=42):
    tg.say(uid, f"/start {invite_code()}")


def test_prep_and_log_end_to_end(tg, invite_code):
    _join(tg, invite_code)
    tg.say(42, "new deal Acme")
    tg.say(42, "add Maria Chen, CFO, key decision leader, neutral")
    (brief,) = tg.say(42, "/prep")
    assert brief["text"].startswith("Prep · Acme")
    talk = next(b for b in buttons(brief) if b.startswith("prep:talk:"))
    (points,) = tg.press(42, brief, talk)
    assert "speak to cost and return" in points["text"]
    (question,) = tg.press(42, points, next(b for b in buttons(points) if b.startswith("log:start:")))
    assert "How did the call with Acme go?" in question["text"]
    assert "log:o:voicemail" in buttons(question)
    out = tg.press(42, question, "log:o:voicemail")
    assert "Call logged on Acme: Voicemail (attempt 1)" in out[0]["text"]
    assert "about six attempts" in out[0]["text"]


def test_a_due_reminder_arrives_with_working_buttons(tg, tg_fake, invite_code, coach, clock):
    _join(tg, invite_code)
    tg.say(42, "new deal Acme")
    clock.advance(minutes=6)
    assert tg.loop.run_until_complete(deliver_reminders(tg.app, coach, "test")) == 1
    assert tg.loop.run_until_complete(deliver_reminders(tg.app, coach, "test")) == 0
    reminder = tg_fake.calls("sendMessage")[-1]
    assert reminder["chat_id"] == 42 and "Acme: first contact due" in reminder["text"]
    (brief,) = tg.press(42, reminder, next(b for b in buttons(reminder) if b.startswith("prep:")))
    assert brief["text"].startswith("Prep · Acme")
    (question,) = tg.press(42, reminder, next(b for b in buttons(reminder) if b.startswith("log:start:")))
    assert "How did the call with Acme go?" in question["text"]


def test_the_pipeline_chart_is_sent_as_a_photo(tg, tg_fake, invite_code):
    _join(tg, invite_code)
    tg.say(42, "new deal Acme")
    (text,) = tg.say(42, "/pipeline")
    assert "Pipeline · Ann" in text["text"]
    (photo,) = tg_fake.calls("sendPhoto")
    assert photo["png"] and photo["bytes"] > 1000 and photo["chat_id"] == 42
    order = [p for p, _ in tg_fake.requests if p in ("sendMessage", "sendPhoto")]
    assert order[-2:] == ["sendMessage", "sendPhoto"], "the text first, then the picture"


def test_another_reps_summary_is_refused_in_telegram(tg, invite_code):
    _join(tg, invite_code, uid=1)
    tg.say(1, "new deal Una Secret")
    _join(tg, invite_code, uid=2)
    (refused,) = tg.say(2, "/summary 1")
    assert "That deal isn't yours" in refused["text"]


def test_the_weekly_digest_reaches_a_managers_chat_exactly_once_with_two_workers(tg, tg_fake, invite_code,
                                                                                  coach, clock, db_url):
    import asyncio
    from datetime import datetime, timezone

    from dialogs.coach import Coach
    from storage import repo
    from storage.db import new_session, open_database

    _join(tg, invite_code)
    tg.say(42, "new deal Acme")
    tg.say(42, "/close 2026-11-20")  # passed: at risk in the digest
    with new_session(coach.engine) as s, s.begin():
        (user,) = repo.list_users(session=s)
        repo.set_role(session=s, user=user, role="manager")
    clock.now = datetime(2026, 11, 23, 8, 31, tzinfo=timezone.utc)
    second = Coach(open_database(db_url), clock=clock)

    async def both():
        await asyncio.gather(deliver_reminders(tg.app, coach, "w1"), deliver_reminders(tg.app, second, "w2"))

    tg.loop.run_until_complete(both())
    tg.loop.run_until_complete(deliver_reminders(tg.app, second, "w2"))
    second.engine.dispose()
    digests = [m for m in tg_fake.calls("sendMessage") if "Weekly digest" in m["text"]]
    assert len(digests) == 1 and digests[0]["chat_id"] == 42
    (opened,) = tg.press(42, digests[0], next(b for b in buttons(digests[0]) if b.startswith("sum:")))
    assert "Acme" in opened["text"]
    nudges = [m for m in tg_fake.calls("sendMessage") if m["text"].startswith("⏰")]
    assert len(nudges) <= 3
