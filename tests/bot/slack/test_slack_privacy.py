"""Slack in shared spaces and with everything Slack sends: channel mentions answered to the
rep alone, Slack Connect outsiders, Enterprise Grid users, edits, file shares and voice clips,
thread replies, other people's and forged button presses, signatures checked first, and logs
that carry no secret or note. Through the real slack-bolt against the recording fake."""

from __future__ import annotations

import json
import logging
import time

from sqlmodel import func, select

from bot.slack.adapter import build_app
from storage.db import new_session
from storage.models import Activity, Answer, Opportunity, User
from tests.bot.slack.conftest import SECRET, Harness, texts
from tests.bot.fake_transcriber import FakeTranscriber

NOTE = "Met Dana Ruiz, CFO. Budget 80k from the ops fund, live by June."


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for a in s.exec(select(Answer).order_by(Answer.id))]


def _count(engine, model) -> int:
    with new_session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _mention(slack, user: str, text: str, channel: str = "C9", **extra) -> None:
    slack.event({"type": "app_mention", "channel": channel, "user": user, "ts": slack.next_ts(),
                 "text": f"<@UBOT> {text}", **extra}, **({} if "headers" not in extra else {}))


def _with_deal(slack) -> None:
    for n, text in enumerate(("new deal Initech", NOTE), 1):
        slack.dm("U1", text)
        slack.wait_done("message", n)


def test_read_commands_in_a_channel_reach_the_rep_alone(slack, fake):
    _with_deal(slack)
    reads = ("my deals", "review", "summary initech", "pipeline", "stage", "committee", "prep",
             "what should I ask next?", "is this deal real?")
    for n, text in enumerate(reads, 1):
        _mention(slack, "U1", text)
        slack.wait_done("app_mention", n)
    in_channel = [m for m in fake.calls("chat.postMessage") if m["channel"] == "C9"]
    assert in_channel == [], "nothing everyone in the channel reads"
    private = fake.calls("chat.postEphemeral")
    assert {m["user"] for m in private} == {"U1"} and len(private) >= len(reads)
    assert "Initech" in texts(private)
    uploads = fake.calls("files.completeUploadExternal")
    assert uploads and all(u.get("channel_id", "DU1") == "DU1" for u in uploads), "the chart goes to the DM"


def test_a_slack_connect_outsider_is_refused_and_never_registered(slack, fake, engine):
    users = _count(engine, User)
    slack.event({"type": "app_mention", "channel": "C9", "user": "UX", "user_team": "T_OTHER",
                 "source_team": "T_OTHER", "ts": slack.next_ts(), "text": "<@UBOT> new deal Stolen Corp"})
    refusal = fake.wait_for("chat.postEphemeral", 1)[-1]
    assert refusal["user"] == "UX" and "only for members" in refusal["text"]
    assert _count(engine, User) == users and _count(engine, Opportunity) == 0


def test_a_grid_user_is_one_user_across_workspaces(coach, fake, engine):
    slack = Harness(coach, fake)
    try:
        for n, (team, text) in enumerate((("T1", "new deal Initech"), ("T2", "my deals")), 1):
            body = {"token": "x", "team_id": team, "enterprise_id": "E1", "is_enterprise_install": True,
                    "api_app_id": "A1", "type": "event_callback", "event_id": f"EvG{n}", "event_time": 1,
                    "event": {"type": "message", "channel_type": "im", "channel": "DW1", "user": "W1",
                              "user_team": team, "text": text, "ts": slack.next_ts()}}
            slack.post(json.dumps(body).encode())
            slack.wait_done("message", n)
        assert "Initech" in texts(fake.calls("chat.postMessage")[-1:]), "the same deals from the second workspace"
        assert _count(engine, User) == 1
    finally:
        slack.close()


def test_an_edit_is_answered_and_never_filed_twice(slack, fake, engine):
    _with_deal(slack)
    filed = _answers(engine)
    slack.event({"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "DU1",
                 "ts": slack.next_ts(), "hidden": True,
                 "message": {"type": "message", "user": "U1", "text": NOTE.replace("80k", "90k"), "ts": "1.1",
                             "edited": {"user": "U1", "ts": "1.2"}},
                 "previous_message": {"type": "message", "user": "U1", "text": NOTE, "ts": "1.1"}})
    slack.wait_done("message", 3)
    assert "edited a message" in texts(fake.calls("chat.postMessage")[-2:])
    assert _answers(engine) == filed


def test_the_apps_own_message_updates_are_not_edits(slack, fake):
    slack.event({"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "DU1",
                 "ts": slack.next_ts(), "message": {"type": "message", "bot_id": "BBOT", "text": "new", "ts": "1.1"},
                 "previous_message": {"type": "message", "bot_id": "BBOT", "text": "old", "ts": "1.1"}})
    slack.dm("U1", "hi")
    slack.wait_done("message", 1)
    assert len(fake.calls("chat.postMessage")) == 1, "only the greeting is answered"


def _file_share(slack, fake, text: str, mimetype: str) -> None:
    slack.event({"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "DU1",
                 "user": "U1", "text": text, "ts": slack.next_ts(),
                 "files": [{"id": "F77", "name": "clip", "mimetype": mimetype, "size": 20,
                            "url_private_download": fake.file_url("F77")}]})


def test_a_file_shared_with_a_comment_is_read_as_a_note(slack, fake, engine):
    _with_deal(slack)
    slack.dm("U1", "pause")
    slack.wait_done("message", 3)
    _file_share(slack, fake, "Whiteboard: they need it live by 2027-03-31, top priority", "image/png")
    slack.wait_done("message", 4)
    assert any("2027-03-31" in a for a in _answers(engine))
    with new_session(engine) as s:  # the file stays in Slack; the deal keeps its id
        assert [a.summary for a in s.exec(select(Activity).where(Activity.kind == "file"))] == ["slack:file:F77"]


def test_a_voice_clip_without_a_transcriber_asks_the_rep_to_type(slack, fake, engine):
    _with_deal(slack)
    filed = _answers(engine)
    _file_share(slack, fake, "", "audio/webm")
    slack.wait_done("message", 3)
    assert "dictation" in texts(fake.calls("chat.postMessage")[-2:])  # then the open question again
    assert _answers(engine) == filed and fake.calls("download") == []


def _harness_with(coach, fake, transcriber) -> Harness:
    slack = Harness(coach, fake)
    slack.server.shutdown()
    slack.server.server_close()
    slack.app = build_app(coach, token="xoxb-test", signing_secret=SECRET, base_url=fake.url,
                          on_done=slack._finished, inbox=slack.inbox, transcriber=transcriber)
    from bot.slack.server import http_server
    import threading

    slack.server = http_server(slack.app, "127.0.0.1", 0, SECRET)
    threading.Thread(target=slack.server.serve_forever, daemon=True).start()
    slack.url = f"http://127.0.0.1:{slack.server.server_port}/slack/events"
    return slack


def test_a_voice_clip_is_transcribed_shown_and_filed(coach, fake, engine):
    listener = FakeTranscriber("They want it live by 2027-06-30 and it is their top priority")
    slack = _harness_with(coach, fake, listener)
    try:
        slack.dm("U1", "new deal Initech")
        slack.wait_done("message", 1)
        _file_share(slack, fake, "", "audio/webm")
        slack.wait_done("message", 2)
        said = texts(fake.calls("chat.postMessage")[1:])
        assert said.startswith("🎙 I heard:") and "Filed on Initech" in said
        assert listener.heard == [(fake.file_bytes, "audio/webm")]
        assert fake.calls("download")[0]["auth"] == "Bearer xoxb-test"
        assert any("2027-06-30" in a for a in _answers(engine))
    finally:
        slack.close()


def test_a_failing_transcriber_is_said_politely(coach, fake, engine):
    slack = _harness_with(coach, fake, FakeTranscriber(fail=True))
    try:
        slack.dm("U1", "new deal Initech")
        slack.wait_done("message", 1)
        _file_share(slack, fake, "", "audio/webm")
        slack.wait_done("message", 2)
        assert "couldn't make out that voice message" in texts(fake.calls("chat.postMessage")[-1:])
        assert _answers(engine) == []
    finally:
        slack.close()


def test_a_reply_in_the_thread_of_the_question_answers_it(slack, fake, engine):
    slack.dm("U1", "new deal Initech")
    slack.dm("U1", "discover")
    slack.wait_done("message", 2)
    question = fake.calls("chat.postMessage")[-1]
    slack.dm("U1", "Cut churn 10% this year")  # typed in the question's thread
    slack.event({"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1",
                 "text": "They retrained staff last year; backup is a vendor", "ts": slack.next_ts(),
                 "thread_ts": question["ts"]})
    slack.wait_done("message", 4)
    assert "They retrained staff last year; backup is a vendor" in _answers(engine), "the Plans answer"
    reply = fake.calls("chat.postMessage")[-1]
    assert reply.get("thread_ts") == question["ts"], "answered in the same thread"


def test_another_users_button_and_a_forged_container_are_refused(slack, fake, engine):
    _with_deal(slack)
    message = next(m for m in fake.calls("chat.postMessage") if m.get("blocks") and
                   any(b["type"] == "actions" for b in m["blocks"]))
    value = next(e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    in_channel = {**message, "channel": "C9"}  # the same buttons on a message the channel sees
    before = len(fake.calls("chat.postMessage"))
    slack.click("U2", in_channel, value)
    slack.wait_done("action", 1)
    slack.click("U2", {**message, "channel": "C9"}, value, ephemeral=False)
    slack.wait_done("action", 2)
    assert len(fake.calls("chat.postMessage")) == before, "nothing posted anywhere"
    refusals = [b for p, b in fake.requests if p.startswith("/response/")]
    assert refusals and all("These buttons are for" in r.get("text", "") for r in refusals)


def test_a_wrong_signature_on_a_malformed_body_is_401(slack):
    status, _ = slack.post(b"{not json", signature="v0=" + "0" * 64)
    assert status == 401
    status, _ = slack.post(b"{not json")
    assert status == 400, "a signed but malformed body is the one that gets 400"


def test_logs_carry_no_secret_token_body_or_note(slack, fake, caplog):
    for level in (logging.INFO, logging.WARNING):
        caplog.clear()
        with caplog.at_level(level):
            slack.post(json.dumps({"type": "event_callback", "event": {"type": "message", "text": NOTE}}).encode(),
                       signature="v0=" + "1" * 64)
            slack.dm("U1", "new deal Initech")
            slack.dm("U1", NOTE)
            slack.wait_done("message", 2 if level == logging.INFO else 4)
        logged = caplog.text
        for secret in (SECRET, "xoxb-test", "legacy", "Dana Ruiz", "ops fund", "Initech", "event_callback"):
            assert secret not in logged, (logging.getLevelName(level), secret)


def test_a_reply_slack_refused_is_sent_by_the_next_sweep(slack, fake, engine, clock):
    from bot.slack.adapter import deliver
    from dialogs.outbox import LEASE_S

    fake.fail("chat.postMessage", 500)
    slack.dm("U1", "new deal Initech")
    slack.wait_done("message", 0)
    fake.wait_for("!500:chat.postMessage", 1)
    time.sleep(0.5)
    assert fake.calls("chat.postMessage") == [], "Slack refused it"
    clock.advance(seconds=LEASE_S + 1)
    assert slack.outbox.resend(lambda target, replies: deliver(slack.app.client, target, replies)) == 1
    assert "Created the deal Initech" in texts(fake.calls("chat.postMessage"))
    assert slack.outbox.resend(lambda target, replies: deliver(slack.app.client, target, replies)) == 0


def test_a_worker_killed_before_the_send_loses_no_reply(coach, fake, engine, clock):
    """The turn committed (with its replies in the outbox), then the process died before
    posting: another worker's sweep posts them once the lease is up."""
    from bot.slack.adapter import deliver
    from dialogs.messages import Incoming
    from dialogs.outbox import LEASE_S

    coach.turn(Incoming(channel="slack", user_ref="T1:U1", text="new deal Globex", event_id="EvK"),
               {"kind": "post", "channel": "DU1", "thread": ""})
    other = Harness(coach, fake)
    try:
        clock.advance(seconds=LEASE_S + 1)
        assert other.outbox.resend(lambda target, replies: deliver(other.app.client, target, replies)) == 1
        (posted,) = fake.calls("chat.postMessage")
        assert posted["channel"] == "DU1" and "Created the deal Globex" in texts([posted])
    finally:
        other.close()
