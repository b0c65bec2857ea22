"""The adapter's webhook server over real HTTP, in front of the real PTB Application; the
webhook and polling in the real `dealcoach telegram` process against the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from typing import Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.telegram.adapter import build_application, start_webhook, stop
from bot.telegram.webhook import PATH as WEBHOOK_PATH
from bot.telegram.webhook import MAX_BODY
from dialogs.inbox import Inbox
from tests.bot.telegram.conftest import message_update, user
from tests.bot.telegram.fake_telegram import BOT
from tests.bot.test_console import DEALCOACH, _env

SECRET = "webhook-secret-token"


class Webhook:
    """The application and its webhook server on their own event loop, as the process runs them."""

    def __init__(self, coach, tg_fake, inbox: Optional[Inbox] = None, **kw) -> None:
        self.app = build_application(coach, token="123:TEST", base_url=tg_fake.base_url, inbox=inbox, **kw)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = self.run(start_webhook(self.app, listen="127.0.0.1", port=0, secret=SECRET, inbox=inbox,
                                             webhook_url=f"https://coach.example/{WEBHOOK_PATH}"))
        self.url = f"http://127.0.0.1:{self.server.port}/{WEBHOOK_PATH}"

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(20)

    def close(self) -> None:
        self.run(stop(self.app, self.server))
        self._end_loop()

    def abandon(self) -> None:
        """What SIGKILL does: the port closes, and nothing else is cleaned up or finished."""
        self.run(self.server.stop())
        self._end_loop()

    def _end_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def webhook(coach, tg_fake):
    hook = Webhook(coach, tg_fake)
    yield hook.url
    hook.close()


def post(url: str, body: bytes, secret: Optional[str], content_type: str = "application/json") -> int:
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def test_the_webhook_is_registered_with_the_secret(webhook, tg_fake):
    (registered,) = tg_fake.calls("setWebhook")
    assert registered["secret_token"] == SECRET
    assert registered["url"] == f"https://coach.example/{WEBHOOK_PATH}"


def test_correct_secret_is_processed_others_get_403(webhook, tg_fake):
    update = json.dumps(message_update(31, "hello")).encode()
    assert post(webhook, update, None) == 403
    assert post(webhook, update, "wrong") == 403
    assert tg_fake.calls("sendMessage") == []
    assert post(webhook, update, SECRET) == 200
    (onboarding,) = tg_fake.wait_for("sendMessage", 1)
    assert "invite" in onboarding["text"]


BAD_BODIES = [
    b"{not json", b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"null", b'"update"', b"{}",
    b'{"update_id": "x", "message": 5}', b'{"update_id": 7, "message": "not a message"}',
    b'{"update_id": true}', b'{"update_id": 1.5}', b'{"update_id": 8, "callback_query": []}',
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_a_body_that_is_not_an_update_gets_400_and_the_server_keeps_working(webhook, tg_fake, body):
    assert post(webhook, body, SECRET) == 400
    assert tg_fake.calls("sendMessage") == []
    assert post(webhook, json.dumps(message_update(32, "hi")).encode(), SECRET) == 200
    assert tg_fake.wait_for("sendMessage", 1)


def test_wrong_content_type_oversized_body_and_wrong_method_get_4xx(webhook, tg_fake):
    update = json.dumps(message_update(33, "hi")).encode()
    assert post(webhook, update, SECRET, content_type="text/plain") == 415
    assert post(webhook, update, SECRET, content_type="application/json; charset=utf-8") == 200
    assert post(webhook, b'{"update_id": 1, "x": "' + b"y" * MAX_BODY + b'"}', SECRET) == 413
    try:  # past tornado's own cap it answers 400 and hangs up, maybe while we're still sending
        assert post(webhook, b"y" * (9 * MAX_BODY), SECRET) == 400
    except urllib.error.URLError as err:
        assert isinstance(err.reason, (ConnectionResetError, BrokenPipeError))
    assert post(webhook.replace(f"/{WEBHOOK_PATH}", "/other"), update, SECRET) == 404
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(webhook, timeout=10)
    assert err.value.code == 405
    assert len(tg_fake.wait_for("sendMessage", 1)) == 1, "only the good update was handled"


def test_polling_round_trip_with_the_real_process(db_url, tg_fake):
    env = {**_env(db_url), "TELEGRAM_BOT_TOKEN": "123:TEST", "TELEGRAM_API_BASE_URL": tg_fake.base_url,
           "LOG_LEVEL": "INFO"}
    link = subprocess.run([DEALCOACH, "users", "invite", "--role", "rep"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert link.returncode == 0, link.stderr
    assert link.stdout.startswith("https://t.me/DealCoachBot?start=")
    code = link.stdout.strip().rsplit("=", 1)[1]
    with socket.socket() as s:  # polling listens on no port: --health-port gives it one
        s.bind(("127.0.0.1", 0))
        health = s.getsockname()[1]
    proc = subprocess.Popen([DEALCOACH, "telegram", "--host", "127.0.0.1", "--health-port", str(health)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        tg_fake.queue_update(message_update(41, f"/start {code}", update_id=5001))
        tg_fake.queue_update(message_update(41, "new deal Polled Inc", update_id=5002))
        welcome, created = tg_fake.wait_for("sendMessage", 2, timeout=60)[:2]
        assert "Welcome, Ann" in welcome["text"]
        assert "Created the deal Polled Inc" in created["text"]
        menus = tg_fake.wait_for("setMyCommands", 2)
        assert {m.get("language_code") for m in menus} == {None, "zh"}
        with urllib.request.urlopen(f"http://127.0.0.1:{health}/healthz", timeout=10) as r:
            assert r.status == 200 and r.read() == b"ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{health}/metrics", timeout=10) as r:
            assert b"dealcoach_backlog" in r.read()
    finally:
        proc.terminate()
        returncode = proc.wait(timeout=20)
    stderr = proc.stderr.read()
    assert returncode == 0 and "Task was destroyed" not in stderr, "SIGTERM stops it cleanly"
    assert "INFO" in stderr, "the process did log at INFO"
    for secret in ("123:TEST", "new deal Polled", code):
        assert secret not in stderr, "neither the token nor the rep's text reach the logs"


def test_an_update_answered_200_by_a_process_that_died_is_handled_by_the_next_once(engine, clock, tg_fake,
                                                                                    invite_code):
    from bot.telegram.adapter import replay_stranded
    from dialogs.coach import Coach
    from dialogs.inbox import RETRY_AFTER_S

    turn_began, killed = threading.Event(), threading.Event()

    class KilledAfterTheAck(Coach):
        def turn(self, msg, deliver_to=None):
            turn_began.set()
            killed.wait(30)  # the process is gone before the turn does anything
            return []

    inbox = Inbox(engine, "telegram", clock)
    live = Webhook(Coach(engine, clock=clock), tg_fake, inbox)
    assert post(live.url, json.dumps(message_update(51, f"/start {invite_code()}")).encode(), SECRET) == 200
    assert "Welcome" in tg_fake.wait_for("sendMessage", 1)[0]["text"]
    live.close()

    dead = Webhook(KilledAfterTheAck(engine, clock=clock), tg_fake, inbox)
    update = json.dumps(message_update(51, "new deal Phoenix", update_id=7001)).encode()
    assert post(dead.url, update, SECRET) == 200, "Telegram was told: received"
    assert turn_began.wait(10)
    dead.abandon()
    assert len(tg_fake.calls("sendMessage")) == 1

    again = Webhook(Coach(engine, clock=clock), tg_fake, inbox)
    try:
        assert again.run(replay_stranded(again.app, inbox)) == 0, "not before the dead process's time is up"
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert again.run(replay_stranded(again.app, inbox)) == 1
        assert "Created the deal Phoenix" in tg_fake.wait_for("sendMessage", 2)[1]["text"]
        assert post(again.url, update, SECRET) == 200  # Telegram redelivers: nothing new
        for _ in range(100):
            if inbox.waiting() == 0:
                break
            time.sleep(0.05)
        assert inbox.waiting() == 0, "the redelivery was handled (as a duplicate) and crossed off"
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert again.run(replay_stranded(again.app, inbox)) == 0
    finally:
        again.close()
        killed.set()
    assert len(tg_fake.calls("sendMessage")) == 2


def wait_until_settled(inbox: Inbox, expected: int = 0) -> int:
    for _ in range(200):
        if inbox.waiting() == expected:
            break
        time.sleep(0.02)
    return inbox.waiting()


def a_rep_with_a_deal(hook: Webhook, tg_fake, uid: int, code: str, deal: str) -> dict:
    """Joins with an invite and creates a deal; returns the bot's message with its buttons."""
    assert post(hook.url, json.dumps(message_update(uid, f"/start {code}")).encode(), SECRET) == 200
    assert post(hook.url, json.dumps(message_update(uid, f"new deal {deal}")).encode(), SECRET) == 200
    return tg_fake.wait_for("sendMessage", 2)[1]


def test_a_replayed_button_press_too_old_to_answer_is_still_handled(engine, clock, tg_fake, invite_code):
    from bot.telegram.adapter import replay_stranded
    from dialogs.coach import Coach
    from dialogs.inbox import RETRY_AFTER_S
    from tests.bot.telegram.conftest import callback_update

    inbox = Inbox(engine, "telegram", clock)
    hook = Webhook(Coach(engine, clock=clock), tg_fake, inbox)
    try:
        created = a_rep_with_a_deal(hook, tg_fake, 52, invite_code(), "Vega")
        # The press reached a process that died after its 200: only the inbox holds it.
        press = callback_update(52, created, "disc:start")
        inbox.record(f"u{press['update_id']}", press)
        clock.advance(seconds=RETRY_AFTER_S + 1)
        tg_fake.reject("answerCallbackQuery", "query is too old and response timeout expired or query ID is invalid")
        assert hook.run(replay_stranded(hook.app, inbox)) == 1
        asked = tg_fake.wait_for("sendMessage", 3)[2]
        assert "(1/8)" in asked["text"], "the interview starts although the spinner could not be stopped"
        assert [m for m, _ in tg_fake.requests if m == "!400:answerCallbackQuery"]
        assert wait_until_settled(inbox) == 0
    finally:
        hook.close()


def test_a_press_that_fails_before_the_coach_sees_it_stays_for_a_replay(engine, clock, tg_fake, invite_code):
    from bot.telegram.adapter import replay_stranded
    from dialogs.coach import Coach
    from dialogs.inbox import RETRY_AFTER_S
    from tests.bot.telegram.conftest import callback_update

    inbox = Inbox(engine, "telegram", clock)
    hook = Webhook(Coach(engine, clock=clock), tg_fake, inbox)
    try:
        created = a_rep_with_a_deal(hook, tg_fake, 53, invite_code(), "Lyra")
        assert wait_until_settled(inbox) == 0
        tg_fake.reject("editMessageText", "Internal Server Error", status=500)
        assert post(hook.url, json.dumps(callback_update(53, created, "disc:start")).encode(), SECRET) == 200
        tg_fake.wait_for("!500:editMessageText", 1)
        assert wait_until_settled(inbox, 1) == 1, "not handled, so not crossed off"
        assert len(tg_fake.calls("sendMessage")) == 2
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert hook.run(replay_stranded(hook.app, inbox)) == 1
        assert "(1/8)" in tg_fake.wait_for("sendMessage", 3)[2]["text"], "the replay starts the interview"
        assert wait_until_settled(inbox) == 0
    finally:
        hook.close()


def test_updates_no_handler_takes_are_crossed_off_at_once(engine, clock, tg_fake):
    from dialogs.coach import Coach

    inbox = Inbox(engine, "telegram", clock)
    hook = Webhook(Coach(engine, clock=clock), tg_fake, inbox)
    channel_post = message_update(54, "Q3 results are out")  # a channel the bot is in: no rep
    channel_post["channel_post"] = channel_post.pop("message")
    channel_post["channel_post"]["chat"] = {"id": -100777, "type": "channel", "title": "News"}
    del channel_post["channel_post"]["from"]
    empty = message_update(54, "")
    joined = {"update_id": 99001, "my_chat_member": {
        "chat": {"id": -100888, "type": "supergroup", "title": "Sales"}, "from": user(54), "date": 1,
        "old_chat_member": {"status": "left", "user": BOT}, "new_chat_member": {"status": "member", "user": BOT}}}
    try:
        for update in (channel_post, empty, joined):
            assert post(hook.url, json.dumps(update).encode(), SECRET) == 200
        assert wait_until_settled(inbox) == 0, "nothing is left to be replayed ten times"
        assert tg_fake.calls("sendMessage") == []
    finally:
        hook.close()


def test_stopping_lets_a_reminder_round_under_way_send_what_it_claimed(engine, clock, tg_fake):
    from dialogs.coach import Coach
    from dialogs.messages import Reply
    from dialogs.features.reminders import Delivery

    claimed, release = threading.Event(), threading.Event()

    class SlowToRender(Coach):
        def deliver_due(self, channel, worker, limit=50):
            if claimed.is_set():
                return []
            claimed.set()  # claimed for good: no other process will ever send it
            release.wait(10)
            return [Delivery("55", [Reply("Call Acme back today")])]

    hook = Webhook(SlowToRender(engine, clock=clock), tg_fake, reminders_every=0.05)
    assert claimed.wait(10)
    stopping = asyncio.run_coroutine_threadsafe(stop(hook.app, hook.server), hook.loop)
    for _ in range(200):  # the stop is under way before the round finishes
        if not hook.app.running:
            break
        time.sleep(0.01)
    time.sleep(0.2)
    release.set()
    stopping.result(20)
    hook._end_loop()
    (sent,) = tg_fake.calls("sendMessage")
    assert sent["chat_id"] == 55 and sent["text"] == "Call Acme back today"


def test_a_stranded_update_that_cannot_be_read_does_not_hold_back_the_others(engine, clock, tg_fake, caplog):
    from bot.telegram.adapter import replay_stranded
    from dialogs.coach import Coach
    from dialogs.inbox import RETRY_AFTER_S

    inbox = Inbox(engine, "telegram", clock)
    inbox.record("u9001", {"update_id": 9001, "message": "not a message"})
    inbox.record("u9002", message_update(63, "hello there", update_id=9002))
    clock.advance(seconds=RETRY_AFTER_S + 1)
    hook = Webhook(Coach(engine, clock=clock), tg_fake, inbox)
    try:
        with caplog.at_level(logging.ERROR):
            assert hook.run(replay_stranded(hook.app, inbox)) == 2
        (onboarding,) = tg_fake.wait_for("sendMessage", 1)
        assert onboarding["chat_id"] == 63 and "invite" in onboarding["text"]
        assert "u9001" in caplog.text
    finally:
        hook.close()


def test_the_webhook_process_replays_stranded_updates_and_refuses_junk(db_url, engine, tg_fake):
    from datetime import datetime, timedelta, timezone

    # What a process killed right after its 200 leaves behind: a stranger's first message.
    long_ago = datetime.now(timezone.utc) - timedelta(minutes=1)
    Inbox(engine, "telegram", lambda: long_ago, retry_after_s=1).record("u8001", message_update(61, "hello",
                                                                                                update_id=8001))
    env = {**_env(db_url), "TELEGRAM_BOT_TOKEN": "123:TEST", "TELEGRAM_API_BASE_URL": tg_fake.base_url,
           "TELEGRAM_WEBHOOK_SECRET": SECRET, "REMINDER_EVERY_S": "0.2", "LOG_LEVEL": "INFO"}
    proc = subprocess.Popen([DEALCOACH, "telegram", "--webhook-url", f"https://coach.example/{WEBHOOK_PATH}",
                             "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        port = re.search(r"webhook on port (\d+)", proc.stdout.readline()).group(1)
        url = f"http://127.0.0.1:{port}/{WEBHOOK_PATH}"
        (onboarding,) = tg_fake.wait_for("sendMessage", 1, timeout=30)
        assert onboarding["chat_id"] == 61 and "invite" in onboarding["text"]
        assert post(url, b"{not json", SECRET) == 400
        assert post(url, json.dumps(message_update(62, "hi")).encode(), None) == 403
        assert post(url, json.dumps(message_update(62, "hi, my budget note")).encode(), SECRET) == 200
        assert tg_fake.wait_for("sendMessage", 2)[1]["chat_id"] == 62
        assert tg_fake.calls("setWebhook")[0]["secret_token"] == SECRET
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0, "SIGTERM stops it cleanly"
    stderr = proc.stderr.read()
    assert "INFO" in stderr, "the process did log at INFO"
    for secret in ("123:TEST", SECRET, "my budget note"):
        assert secret not in stderr, "neither secrets nor the rep's text reach the logs"


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                          max_leaves=8)
maybe_user = st.fixed_dictionaries({}, optional={"id": json_value | st.integers(1, 10**9), "is_bot": json_value,
                                                 "first_name": json_value, "language_code": json_value})
maybe_update = st.fixed_dictionaries({}, optional={
    "update_id": json_value | st.integers(0, 2**31),
    "message": st.fixed_dictionaries({}, optional={"message_id": json_value, "date": json_value, "text": json_value,
                                                   "chat": json_value, "from": maybe_user}),
    "callback_query": st.fixed_dictionaries({}, optional={"id": json_value, "data": json_value, "from": maybe_user,
                                                          "chat_instance": json_value}),
    "edited_message": json_value,
})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(update=maybe_update)
def test_generated_bodies_get_200_or_400_never_a_500(recording_webhook, update):
    hook, inbox = recording_webhook
    assert post(hook.url, json.dumps(update).encode(), SECRET) in (200, 400)
    assert post(hook.url, b"{}", None) == 403, "still serving"
    for _ in range(200):  # an accepted body is handled (or ignored) and crossed off
        if inbox.waiting() == 0:
            break
        time.sleep(0.02)
    assert inbox.waiting() == 0, "nothing accepted is left over for a replay"


@pytest.fixture(scope="module")
def recording_webhook(tmp_path_factory):
    """A webhook with its inbox, so every generated body goes through the recording too
    (module-scoped: hypothesis runs many examples against one server)."""
    from datetime import datetime, timezone

    from dialogs.coach import Coach
    from storage.db import open_database
    from tests.bot.telegram.fake_telegram import FakeTelegram

    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('gen') / 'coach.db'}")
    fake = FakeTelegram()
    inbox = Inbox(engine, "telegram", lambda: datetime.now(timezone.utc))
    hook = Webhook(Coach(engine), fake, inbox)
    yield hook, inbox
    hook.close()
    fake.close()
    engine.dispose()
