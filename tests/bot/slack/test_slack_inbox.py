"""Acknowledged means kept: a Slack request is written down before bolt acks it, so a process
that dies between the ack and the coach's turn loses nothing. Slack won't retry an acked event;
the sweep of the next process (or of another worker) replays it, exactly once."""

from __future__ import annotations

import re
import subprocess
import time
from datetime import datetime, timedelta, timezone

from sqlmodel import select

from bot.slack.adapter import replay_stranded
from dialogs.coach import Coach
from dialogs.inbox import RETRY_AFTER_S, Inbox
from storage.db import new_session
from storage.export import export_data
from storage.models import InboundEvent
from tests.bot.slack.conftest import Harness, texts
from tests.bot.test_console import DEALCOACH, _env


class Killed(BaseException):
    """Stands for SIGKILL right after the ack: nothing of the turn runs."""


class DiesAfterTheAck(Coach):
    def turn(self, msg, deliver_to=None):
        raise Killed()


def deals(engine) -> list[str]:
    with new_session(engine) as session:
        return [o["name"] for o in export_data(session=session)["opportunities"]]


def responses(fake) -> list[dict]:
    return [b for p, b in fake.requests if p.startswith("/response/")]


def test_a_dm_acked_by_a_process_that_died_is_answered_by_the_next_one_once(engine, clock, fake):
    dead = Harness(DiesAfterTheAck(engine, clock=clock), fake)
    try:
        assert dead.dm("U1", "new deal Phoenix", event_id="EvDied1")[0] == 200, "Slack was told: received"
    finally:
        dead.close()
    assert fake.calls("chat.postMessage") == [] and deals(engine) == []
    with new_session(engine) as session:
        (stored,) = session.exec(select(InboundEvent)).all()
    assert stored.payload["event"]["text"] == "new deal Phoenix"
    assert "token" not in stored.payload, "Slack's verification token is not kept"

    live = Harness(Coach(engine, clock=clock), fake)
    try:
        assert replay_stranded(live.app, live.inbox) == 0, "not before the dead process's time is up"
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert replay_stranded(live.app, live.inbox) == 1
        live.wait_done("message", 1)
        assert "Created the deal Phoenix" in texts(fake.calls("chat.postMessage"))

        # Slack retrying the same event, and later sweeps, change nothing.
        live.turn("message", lambda: live.dm("U1", "new deal Phoenix", event_id="EvDied1",
                                             headers={"X-Slack-Retry-Num": "1"}))
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert replay_stranded(live.app, live.inbox) == 0
    finally:
        live.close()
    assert len(fake.calls("chat.postMessage")) == 1
    assert deals(engine) == ["Phoenix"]


def test_a_slash_command_acked_before_a_crash_is_answered_through_its_response_url(engine, clock, fake):
    dead = Harness(DiesAfterTheAck(engine, clock=clock), fake)
    try:
        assert dead.command("U1", "deal new Lazarus")[0] == 200
    finally:
        dead.close()
    live = Harness(Coach(engine, clock=clock), fake)
    try:
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert replay_stranded(live.app, live.inbox) == 1
        live.wait_done("command", 1)
    finally:
        live.close()
    assert "Created the deal Lazarus" in texts(responses(fake))
    assert responses(fake)[0]["response_type"] == "ephemeral", "still only visible to the rep"
    assert deals(engine) == ["Lazarus"]


def test_a_button_press_and_a_mention_acked_before_a_crash_are_answered_after_it(engine, clock, fake):
    live = Harness(Coach(engine, clock=clock), fake)
    dead = Harness(DiesAfterTheAck(engine, clock=clock), fake)
    try:
        (created,) = live.turn("message", lambda: live.dm("U1", "new deal Orion"))
        assert dead.click("U1", created, "disc:start")[0] == 200
        assert dead.event({"type": "app_mention", "channel": "C7", "user": "U1", "ts": dead.next_ts(),
                           "text": "<@UBOT> my deals"})[0] == 200
        assert len(fake.calls("chat.postMessage")) == 1, "the dead process answered nothing"
        clock.advance(seconds=RETRY_AFTER_S + 1)
        assert replay_stranded(live.app, live.inbox) == 2
        live.wait_done("action", 1)
        live.wait_done("app_mention", 1)
    finally:
        dead.close()
        live.close()
    answered = texts(fake.calls("chat.postMessage")[1:])
    assert "(1/8)" in answered, "discovery started from the replayed press"
    assert "Orion" in answered, "the mention listed the deals"
    assert live.inbox.waiting() == 0


def test_handled_events_leave_nothing_to_replay(slack, engine, clock):
    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    slack.turn("command", lambda: slack.command("U1", "review"))
    slack.turn("app_mention", lambda: slack.event({"type": "app_mention", "channel": "C1", "user": "U1",
                                                   "text": "<@UBOT> help", "ts": slack.next_ts()}))
    clock.advance(hours=1)
    assert slack.inbox.stranded() == []
    assert deals(engine) == ["Acme"]


def test_the_app_own_messages_and_edits_are_not_recorded(slack, clock):
    slack.dm("U1", "hello")  # recorded, then handled
    slack.event({"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1",
                 "subtype": "message_changed", "ts": slack.next_ts()})
    slack.event({"type": "message", "channel_type": "im", "channel": "DU1", "bot_id": "BBOT",
                 "text": "echo", "ts": slack.next_ts()})
    slack.wait_done(("message", "U1"), 1)
    clock.advance(hours=1)
    assert slack.inbox.stranded() == []


def test_a_restarted_process_replays_what_the_dead_one_acknowledged(db_url, engine, fake):
    # What a process killed right after its ack leaves behind, received a minute ago.
    body = {"type": "event_callback", "team_id": "T1", "event_id": "EvStranded",
            "event": {"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1",
                      "text": "new deal Stranded Co", "ts": "1.0"}}
    long_ago = datetime.now(timezone.utc) - timedelta(minutes=1)
    assert Inbox(engine, "slack", lambda: long_ago, retry_after_s=1).record("EvStranded", body)

    env = {**_env(db_url), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
           "SLACK_API_BASE_URL": fake.url}
    proc = subprocess.Popen([DEALCOACH, "slack", "--http", "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert re.search(r"http://\S+/slack/events", proc.stdout.readline())
        assert "Created the deal Stranded Co" in texts(fake.wait_for("chat.postMessage", 1, timeout=30))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    time.sleep(0.2)
    assert deals(engine) == ["Stranded Co"]
    assert Inbox(engine, "slack", lambda: datetime.now(timezone.utc) + timedelta(hours=1)).stranded() == []
    assert "new deal Stranded Co" not in proc.stderr.read(), "note text never reaches the logs"
