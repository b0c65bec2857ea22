"""PTB's own webhook server, started by the adapter, over real HTTP; and polling in the real
`dealcoach telegram` process against the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import threading
import urllib.error
import urllib.request

import pytest

from bot.telegram.adapter import WEBHOOK_PATH, build_application, start_webhook, stop
from tests.bot.telegram.conftest import message_update
from tests.bot.test_console import DEALCOACH, _env

SECRET = "webhook-secret-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def webhook(coach, tg_fake):
    app = build_application(coach, token="123:TEST", base_url=tg_fake.base_url)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    port = _free_port()
    asyncio.run_coroutine_threadsafe(start_webhook(app, listen="127.0.0.1", port=port,
                                                   webhook_url=f"https://coach.example/{WEBHOOK_PATH}",
                                                   secret=SECRET), loop).result(20)
    yield f"http://127.0.0.1:{port}/{WEBHOOK_PATH}"
    asyncio.run_coroutine_threadsafe(stop(app), loop).result(20)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def post(url: str, body: bytes, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
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


def test_malformed_json_is_rejected_and_the_server_keeps_working(webhook, tg_fake):
    # PTB's own server answers undecodable JSON with 500 (python-telegram-bot issue #3979):
    # rejected and not processed, but not the 4xx we'd like; see the README's Telegram notes.
    assert post(webhook, b"{not json", SECRET) >= 400
    assert post(webhook, b'{"update_id": "x", "message": 5}', SECRET) >= 400
    assert tg_fake.calls("sendMessage") == []
    assert post(webhook, json.dumps(message_update(32, "hi")).encode(), SECRET) == 200
    assert tg_fake.wait_for("sendMessage", 1)


def test_polling_round_trip_with_the_real_process(db_url, tg_fake):
    env = {**_env(db_url), "TELEGRAM_BOT_TOKEN": "123:TEST", "TELEGRAM_API_BASE_URL": tg_fake.base_url}
    link = subprocess.run([DEALCOACH, "users", "invite", "--role", "rep"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert link.returncode == 0, link.stderr
    assert link.stdout.startswith("https://t.me/DealCoachBot?start=")
    code = link.stdout.strip().rsplit("=", 1)[1]
    proc = subprocess.Popen([DEALCOACH, "telegram"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        tg_fake.queue_update(message_update(41, f"/start {code}", update_id=5001))
        tg_fake.queue_update(message_update(41, "new deal Polled Inc", update_id=5002))
        welcome, created = tg_fake.wait_for("sendMessage", 2, timeout=60)[:2]
        assert "Welcome, Ann" in welcome["text"]
        assert "Created the deal Polled Inc" in created["text"]
        menus = tg_fake.wait_for("setMyCommands", 2)
        assert {m.get("language_code") for m in menus} == {None, "zh"}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "123:TEST" not in proc.stderr.read(), "the token never reaches the logs"
