"""The real slack-bolt app served over HTTP on 127.0.0.1, talking to a recording fake Web API."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from typing import Any, Optional
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.slack.adapter import build_app
from bot.slack.server import http_server
from dialogs.inbox import Inbox
from dialogs.outbox import Outbox
from tests.bot.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret"


def _sign(ts: str, body: bytes) -> str:
    try:
        return SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
    except UnicodeDecodeError:  # the verifier decodes text; sign raw bytes the same way Slack does
        return "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()


class Harness:
    """The app as `dealcoach slack --http` builds it: with the inbox that records before the ack
    (unless the handler has no database, like the benchmarks' echo floor)."""

    def __init__(self, coach, fake: FakeSlack) -> None:
        self.fake = fake
        self.done: Counter = Counter()
        self._cond = threading.Condition()
        self.inbox = Inbox(coach.engine, "slack", coach.clock) if hasattr(coach, "engine") else None
        self.outbox = Outbox(coach.engine, "slack", coach.clock) if hasattr(coach, "engine") else None
        self.app = build_app(coach, token="xoxb-test", signing_secret=SECRET, base_url=fake.url,
                             on_done=self._finished, inbox=self.inbox, outbox=self.outbox)
        self.server = http_server(self.app, "127.0.0.1", 0, SECRET)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/slack/events"
        self._ts = 1000.0

    def _finished(self, kind: str, user: Optional[str] = None) -> None:
        with self._cond:
            self.done[kind] += 1
            if user:
                self.done[(kind, user)] += 1
            self._cond.notify_all()

    def wait_done(self, kind, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.done[kind] < count:
                left = deadline - time.monotonic()
                assert left > 0, f"{kind}: {self.done[kind]} of {count} done"
                self._cond.wait(left)

    def turn(self, kind: str, send) -> list[dict[str, Any]]:
        """Send one request, wait until its listener finished, return the messages it posted."""
        before = len(self.fake.calls("chat.postMessage"))
        with self._cond:
            target = self.done[kind] + 1
        status, _ = send()
        assert status == 200
        self.wait_done(kind, target)
        return self.fake.calls("chat.postMessage")[before:]

    # -- raw requests ---------------------------------------------------------------------

    def post(self, body: bytes, *, content_type: str = "application/json", sign: bool = True,
             timestamp: Optional[str] = None, signature: Optional[str] = None,
             headers: Optional[dict[str, str]] = None) -> tuple[int, str]:
        ts = timestamp if timestamp is not None else str(int(time.time()))
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if sign:
            all_headers["X-Slack-Request-Timestamp"] = ts
            all_headers["X-Slack-Signature"] = signature or _sign(ts, body)
        request = urllib.request.Request(self.url, data=body, headers=all_headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    # -- Slack payloads -------------------------------------------------------------------

    def next_ts(self) -> str:
        self._ts += 1
        return f"{self._ts:.6f}"

    def event(self, event: dict[str, Any], *, event_id: Optional[str] = None,
              headers: Optional[dict[str, str]] = None) -> tuple[int, str]:
        body = {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}", "event_time": int(time.time()),
                "event": event}
        return self.post(json.dumps(body).encode(), headers=headers)

    def dm(self, user: str, text: str, **kw: Any) -> tuple[int, str]:
        return self.event({"type": "message", "channel_type": "im", "channel": f"D{user}",
                           "user": user, "text": text, "ts": self.next_ts()}, **kw)

    def command(self, user: str, text: str, channel: str = "C1") -> tuple[int, str]:
        form = {"token": "legacy", "team_id": "T1", "channel_id": channel, "user_id": user,
                "command": "/coach", "text": text, "trigger_id": uuid.uuid4().hex,
                "response_url": self.fake.response_url(uuid.uuid4().hex[:6])}
        return self.post(urlencode(form).encode(), content_type="application/x-www-form-urlencoded")

    def click(self, user: str, message: dict[str, Any], value: str, *,
              ephemeral: bool = False) -> tuple[int, str]:
        """Press the button whose value is ``value`` on a message the app posted."""
        blocks = message.get("blocks") or []
        action = next(e for b in blocks if b["type"] == "actions" for e in b["elements"]
                      if e["value"] == value)
        payload = {
            "type": "block_actions", "team": {"id": "T1"}, "user": {"id": user},
            "api_app_id": "A1", "trigger_id": uuid.uuid4().hex,
            "container": {"type": "message", "message_ts": message.get("ts", "1.0"),
                          "channel_id": message.get("channel"), "is_ephemeral": ephemeral},
            "channel": {"id": message.get("channel")},
            "message": {"ts": message.get("ts", "1.0"), "text": message.get("text", ""),
                        "blocks": blocks, **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {})},
            "response_url": self.fake.response_url("click"),
            "actions": [{**action, "block_id": "b1", "action_ts": self.next_ts()}],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}).encode(),
                         content_type="application/x-www-form-urlencoded")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    f = FakeSlack(names={"U1": "Una Rep", "U2": "Bob Rep"}, locales={"U3": "zh-TW"})
    yield f
    f.close()


@pytest.fixture
def slack(coach, fake):
    h = Harness(coach, fake)
    yield h
    h.close()


def posted(fake: FakeSlack, n: int) -> list[dict[str, Any]]:
    """The first n chat.postMessage bodies, each with its channel and a ts like Slack's."""
    return fake.wait_for("chat.postMessage", n)


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(b["text"]["text"] for m in messages for b in m.get("blocks", [])
                     if b["type"] == "section")
