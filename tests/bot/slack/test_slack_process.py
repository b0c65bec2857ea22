"""`dealcoach slack` as a real process: HTTP mode against the fake Web API, and clear errors."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.request

from slack_sdk.signature import SignatureVerifier

from tests.bot.slack.conftest import SECRET, texts
from tests.bot.test_console import DEALCOACH, _env


def start_http(db_url: str, fake, **env: str) -> tuple[subprocess.Popen, str]:
    env = {**_env(db_url), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_BASE_URL": fake.url, **env}
    proc = subprocess.Popen([DEALCOACH, "slack", "--http", "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return proc, re.search(r"(http://\S+/slack/events)", proc.stdout.readline()).group(1)


def send_dm(url: str, event_id: str, text: str, **extra) -> int:
    body = json.dumps({**extra, "type": "event_callback", "team_id": "T1", "event_id": event_id,
                       "event": {"type": "message", "channel_type": "im", "channel": "DU1",
                                 "user": "U1", "text": text, "ts": "1.0"}}).encode()
    ts = str(int(time.time()))
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_http_mode_round_trip(db_url, fake):
    proc, url = start_http(db_url, fake, LOG_LEVEL="INFO")
    try:
        assert send_dm(url, "EvP1", "new deal Acme", token="verification-tok") == 200
        assert "Created the deal Acme" in texts(fake.wait_for("chat.postMessage", 1))
    finally:
        proc.terminate()
        returncode = proc.wait(timeout=20)
    assert returncode == 0, "SIGTERM stops it cleanly"
    stderr = proc.stderr.read()
    assert "INFO" in stderr, "the process did log at INFO"
    for secret in ("xoxb-test", SECRET, "verification-tok", "new deal Acme"):
        assert secret not in stderr, "neither tokens nor the rep's text reach the logs"


def test_a_deploys_sigterm_lets_the_turn_under_way_reply_before_the_exit(db_url):
    from tests.bot.slack.fake_slack import FakeSlack

    fake = FakeSlack(slow={"users.info": 1.5})  # the turn is still under way when SIGTERM comes
    proc, url = start_http(db_url, fake)
    try:
        assert send_dm(url, "EvTerm1", "new deal Deploy Day") == 200
        proc.terminate()
        assert proc.wait(timeout=30) == 0
        assert "Created the deal Deploy Day" in texts(fake.calls("chat.postMessage")), \
            "the rep got the reply although the process was stopped mid-turn"
    finally:
        if proc.poll() is None:
            proc.kill()
        fake.close()


def test_missing_tokens_are_a_clear_error(db_url):
    out = subprocess.run([DEALCOACH, "slack"], capture_output=True, text=True, env=_env(db_url))
    assert out.returncode == 2 and "SLACK_BOT_TOKEN" in out.stderr
    env = {**_env(db_url), "SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s"}
    out = subprocess.run([DEALCOACH, "slack"], capture_output=True, text=True, env=env)
    assert out.returncode == 2 and "SLACK_APP_TOKEN" in out.stderr and "--http" in out.stderr
