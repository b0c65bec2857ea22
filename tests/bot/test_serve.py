"""`dealcoach serve` as a real process: 2 uvicorn workers serving Slack and Telegram on one
port, against the recording fakes, on SQLite and PostgreSQL. Signed events and updates are
answered once; health, readiness and metrics answer and move with traffic; a slow client
neither holds the service nor blocks shutdown; SIGTERM lets the turns under way finish."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from typing import Optional

import pytest

from tests.bot.slack.conftest import SECRET, _sign
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.telegram.conftest import message_update
from tests.bot.telegram.fake_telegram import FakeTelegram
from tests.bot.test_console import DEALCOACH, _env

TG_SECRET = "tg-webhook-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, db_url: str, slack: FakeSlack, telegram: FakeTelegram) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**_env(db_url), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_BASE_URL": slack.url, "TELEGRAM_BOT_TOKEN": "123:TEST",
               "TELEGRAM_WEBHOOK_SECRET": TG_SECRET, "TELEGRAM_API_BASE_URL": telegram.base_url,
               "REMINDER_EVERY_S": "1", "LOG_LEVEL": "WARNING"}
        self.proc = subprocess.Popen([DEALCOACH, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                      "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited: {self.proc.stderr.read()}")
            try:
                if self.get("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError("serve never became ready")

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def request(self, method: str, path: str, body: Optional[bytes] = None,
                headers: Optional[dict] = None) -> tuple[int, str]:
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def slack_dm(self, user: str, text: str, event_id: Optional[str] = None,
                 signature: Optional[str] = None) -> int:
        body = json.dumps({"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                           "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}", "event_time": int(time.time()),
                           "event": {"type": "message", "channel_type": "im", "channel": f"D{user}",
                                     "user": user, "text": text, "ts": f"{time.time():.6f}"}}).encode()
        ts = str(int(time.time()))
        return self.request("POST", "/slack/events", body, {
            "Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or _sign(ts, body)})[0]

    def telegram(self, update: dict, secret: str = TG_SECRET) -> int:
        return self.request("POST", "/telegram", json.dumps(update).encode(), {
            "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})[0]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(60)
        finally:
            self.proc.stdout.close()
            self.proc.stderr.close()


@pytest.fixture
def fakes():
    slack, telegram = FakeSlack(names={"U1": "Una Rep"}, slow={"chat.postMessage": 0.0}), FakeTelegram()
    yield slack, telegram
    slack.close()
    telegram.close()


@pytest.fixture
def served(db_url, fakes):
    s = Served(db_url, *fakes)
    yield s
    s.stop()


def _wait(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_health_readiness_and_metrics(served):
    assert served.get("/healthz") == (200, "ok")
    assert served.get("/readyz") == (200, "ready")
    status, text = served.get("/metrics")
    assert status == 200 and 'dealcoach_backlog{queue="outbox"} 0.0' in text
    assert "dealcoach_reminders_sent_total" in text and "# TYPE dealcoach_llm_calls_total counter" in text


def test_slack_and_telegram_answered_once_and_counted(served, fakes):
    slack, telegram = fakes
    assert served.slack_dm("U1", "new deal Acme", event_id="EvOnce") == 200
    _wait(lambda: len(slack.calls("chat.postMessage")) >= 1)
    assert served.slack_dm("U1", "new deal Acme", event_id="EvOnce") == 200  # Slack's retry
    update = message_update(4242, "hello")
    assert served.telegram(update) == 200
    assert served.telegram(update) == 200  # a redelivery
    _wait(lambda: len(telegram.calls("sendMessage")) >= 1)
    time.sleep(1.5)
    assert len(slack.calls("chat.postMessage")) == 1 and "Acme" in slack.calls("chat.postMessage")[0]["text"]
    assert len(telegram.calls("sendMessage")) == 1, "a stranger's onboarding, once"
    assert served.slack_dm("U1", "hi", signature="v0=" + "0" * 64) == 401
    assert served.telegram(update, secret="wrong") == 403
    _, text = served.get("/metrics")
    counted = {line.split(" ")[0]: float(line.split(" ")[1]) for line in text.splitlines()
               if line.startswith("dealcoach_http_requests_total{")}
    assert counted.get('dealcoach_http_requests_total{route="slack",status="200"}', 0) >= 2
    assert counted.get('dealcoach_http_requests_total{route="telegram",status="200"}', 0) >= 2
    assert counted.get('dealcoach_http_requests_total{route="slack",status="401"}', 0) >= 1
    assert 'dealcoach_turns_total{channel="slack",kind="message"}' in text
    assert 'dealcoach_turn_seconds_count{channel="slack"}' in text
    assert 'dealcoach_turn_seconds_count{channel="telegram"}' in text


def test_a_slow_client_neither_holds_the_service_nor_blocks_shutdown(served):
    loris = socket.create_connection(("127.0.0.1", served.port))
    loris.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n")  # never finished
    try:
        for _ in range(5):
            assert served.get("/healthz") == (200, "ok")
        started = time.monotonic()
        assert served.stop() == 0
        assert time.monotonic() - started < 30
    finally:
        loris.close()


def test_sigterm_lets_the_turn_under_way_finish(db_url):
    slack, telegram = FakeSlack(names={"U1": "Una Rep"}, slow={"chat.postMessage": 2.0}), FakeTelegram()
    served = Served(db_url, slack, telegram)
    try:
        assert served.slack_dm("U1", "new deal Globex") == 200  # acked; the reply takes 2 s to post
        time.sleep(0.3)
        assert served.stop() == 0
        assert [c["text"] for c in slack.calls("chat.postMessage") if "Globex" in c.get("text", "")], \
            "the reply went out before the exit"
    finally:
        served.stop()
        slack.close()
        telegram.close()
