"""Slack through the real slack-bolt app over HTTP, against the recording fake Web API."""

from __future__ import annotations

import json
import time

from dialogs.domain.dimensions import DIMENSIONS
from storage import repo
from storage.db import new_session
from tests.bot.slack.conftest import posted, texts


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for o in repo.all_opportunities(session=s)
                for a, _ in repo.all_answers(session=s, opportunity_id=o.id)]


def _button(message, prefix):
    return next(e["value"] for b in message["blocks"] if b["type"] == "actions"
                for e in b["elements"] if e["value"].startswith(prefix))


def test_full_interview_in_a_dm_by_text_and_buttons(slack, fake, engine):
    (created,) = slack.turn("message", lambda: slack.dm("U1", "new deal Acme Corp"))
    assert "Created the deal Acme Corp" in texts([created])
    assert created["channel"] == "DU1" and not created.get("thread_ts")
    out = slack.turn("action", lambda: slack.click("U1", created, "disc:start"))
    # The clicked message lost its buttons, so it can't be pressed twice.
    (update,) = fake.wait_for("chat.update", 1)
    assert not [b for b in update["blocks"] if b["type"] == "actions"]
    assert "Start discovery" in json.dumps(update["blocks"], ensure_ascii=False)
    asked = []
    while "/8)" in texts(out[-1:]):
        question = out[-1]
        asked.append(texts([question]).split(" · ")[1].split(" (")[0])
        if len(asked) % 2:
            out = slack.turn("message", lambda: slack.dm("U1", f"Answer {len(asked)}, with some detail"))
        else:
            value = _button(question, "ctl:unknown")
            out = slack.turn("action", lambda q=question, v=value: slack.click("U1", q, v))
        assert len(asked) <= len(DIMENSIONS)
    assert asked == ["Goals", "Plans", "Challenges", "Timeline", "Budget", "Authority",
                     "Negative consequences", "Positive implications"]
    assert "That's the round for Acme Corp" in texts(out)
    assert [t for t in _answers(engine) if t.startswith("Answer")] == [
        "Answer 1, with some detail", "Answer 3, with some detail", "Answer 5, with some detail",
        "Answer 7, with some detail"]


def test_two_quick_lines_are_answered_in_the_order_they_were_typed(slack, fake, engine):
    slack.dm("U1", "new deal Initech")
    slack.dm("U1", "discover")
    slack.wait_done("message", 2)
    # Slack is slow to accept the first answer; the second line's answer must still come after it.
    fake.hold = lambda method, body: 0.8 if "(2/8)" in str(body.get("text", "")) else 0.0
    slack.dm("U1", "Cut churn 10% this year")
    slack.dm("U1", "They retrained staff last year; backup is a vendor")
    slack.wait_done("message", 4)
    last_two = [m["text"] for m in fake.calls("chat.postMessage")[-2:]]
    assert "(2/8)" in last_two[0] and "(3/8)" in last_two[1], last_two


def test_slash_command_answers_ephemerally(slack, fake):
    assert slack.command("U1", "deal new Globex")[0] == 200
    slack.wait_done("command", 1)
    responses = [b for p, b in fake.requests if p.startswith("/response/")]
    assert responses and responses[0]["response_type"] == "ephemeral"
    assert "Created the deal Globex" in texts(responses)
    slack.command("U1", "help")
    slack.wait_done("command", 2)
    assert "Here is what I understand" in texts([b for p, b in fake.requests if p.startswith("/response/")])


def test_a_mention_in_a_channel_is_answered_in_its_thread_to_the_rep_alone(slack, fake, engine):
    ts = slack.next_ts()
    slack.event({"type": "app_mention", "channel": "C9", "user": "U1", "ts": ts,
                 "text": "<@UBOT> new deal Initech"})
    slack.wait_done("app_mention", 1)
    first = fake.wait_for("chat.postEphemeral", 1)[-1]
    assert (first["thread_ts"], first["channel"], first["user"]) == (ts, "C9", "U1")
    slack.event({"type": "app_mention", "channel": "C9", "user": "U1", "ts": slack.next_ts(),
                 "thread_ts": ts, "text": "<@UBOT> discover"})
    slack.wait_done("app_mention", 2)
    question = fake.wait_for("chat.postEphemeral", 2)[-1]
    assert question["thread_ts"] == ts and "Initech · Goals" in texts([question])
    slack.event({"type": "app_mention", "channel": "C9", "user": "U1", "ts": slack.next_ts(),
                 "thread_ts": ts, "text": "<@UBOT> Cut churn 10% this year"})
    slack.wait_done("app_mention", 3)
    assert "Cut churn 10% this year" in _answers(engine)
    assert "Initech · Plans" in texts(fake.wait_for("chat.postEphemeral", 3)[-1:])
    assert fake.calls("chat.postMessage") == [], "nothing the whole channel reads"


def test_app_home_shows_my_deals(slack, fake):
    slack.dm("U1", "new deal Acme Corp")
    slack.wait_done("message", 1)
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    slack.wait_done("home", 1)
    (view,) = fake.wait_for("views.publish", 1)
    assert view["user_id"] == "U1" and view["view"]["type"] == "home"
    home = json.dumps(view["view"]["blocks"], ensure_ascii=False)
    assert "Una Rep's deals (1)" in home and "Acme Corp — Lead" in home and "Missing:" in home


def test_a_retried_event_is_answered_once_and_stored_once(slack, fake, engine):
    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    slack.turn("message", lambda: slack.dm("U1", "/discover"))
    event = {"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1",
             "text": "Grow revenue 20%", "ts": "5.5"}
    first = slack.turn("message", lambda: slack.event(event, event_id="EvSAME"))
    assert first and "Plans" in texts(first[-1:])
    total = len(fake.calls("chat.postMessage"))
    for retry in ("1", "2", "3"):
        headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"}
        assert slack.turn("message", lambda h=headers: slack.event(event, event_id="EvSAME", headers=h)) == []
    assert _answers(engine).count("Grow revenue 20%") == 1
    assert len(fake.calls("chat.postMessage")) == total


def test_bad_signatures_get_401_and_the_app_keeps_working(slack, fake):
    body = json.dumps({"type": "event_callback", "event_id": "Ev1", "team_id": "T1",
                       "event": {"type": "message", "channel_type": "im", "channel": "DU1",
                                 "user": "U1", "text": "new deal Evil", "ts": "1.0"}}).encode()
    assert slack.post(body, sign=False)[0] == 401
    assert slack.post(body, signature="v0=" + "0" * 64)[0] == 401
    assert slack.post(body, timestamp=str(int(time.time()) - 600))[0] == 401
    assert slack.post(body, timestamp="yesterday")[0] == 401
    assert slack.post(body, timestamp="")[0] == 401
    assert fake.calls("chat.postMessage") == []
    slack.dm("U1", "new deal Acme")
    assert "Created the deal Acme" in texts(posted(fake, 1))


def test_the_apps_own_messages_and_subtypes_are_ignored(slack, fake, engine):
    slack.event({"type": "message", "channel_type": "im", "channel": "DU1", "user": "UBOT",
                 "bot_id": "BBOT", "text": "new deal Loop", "ts": "1.1"})
    slack.event({"type": "message", "subtype": "message_changed", "channel_type": "im",
                 "channel": "DU1", "user": "U1", "text": "new deal Edited", "ts": "1.2"})
    slack.dm("U1", "new deal Real")
    slack.wait_done("message", 1)
    time.sleep(0.3)
    assert [texts([m]).split("\n")[0] for m in fake.calls("chat.postMessage")] == [
        "Created the deal Real (stage: Lead). It's now your current deal."]


def test_a_429_from_the_web_api_is_retried(slack, fake):
    fake.fail("chat.postMessage", 429, headers={"Retry-After": "0"})
    slack.dm("U1", "new deal Acme")
    assert "Created the deal Acme" in texts(posted(fake, 1))
    assert [p for p, _ in fake.requests if p.startswith("!429")] == ["!429:chat.postMessage"]


def test_a_reply_over_50_blocks_is_split(slack, fake):
    slack.dm("U1", "new deal Acme")
    slack.dm("U1", "/discover")
    slack.wait_done("message", 2)
    long_answer = "\n".join(f"line {i}: " + "x" * 120 for i in range(30))  # ~3,800 chars
    slack.dm("U1", "/discover goals")
    slack.dm("U1", long_answer)
    slack.wait_done("message", 4)
    slack.dm("U1", "review")
    slack.wait_done("message", 5)
    from bot.slack import render
    from dialogs.messages import Reply
    big = Reply(text="\n".join(f"row {i} " + "y" * 2900 for i in range(60)))
    parts = render.messages(big)
    assert len(parts) >= 2 and all(len(p["blocks"]) <= 50 for p in parts)
    assert all(len(b["text"]["text"]) <= 3000 for p in parts for b in p["blocks"])
    review = fake.calls("chat.postMessage")[-1]
    assert all(len(b["text"]["text"]) <= 3000 for b in review["blocks"] if b["type"] == "section")


def test_channel_pings_and_formatting_in_a_note_are_escaped(slack, fake, engine):
    slack.dm("U1", "new deal Acme")
    slack.wait_done("message", 1)  # one turn at a time, as a rep waits for each reply
    slack.dm("U1", "/discover")
    slack.wait_done("message", 2)
    slack.dm("U1", "<!channel> *urgent* they want errors down 30% <https://evil.example|click>")
    slack.wait_done("message", 3)
    slack.dm("U1", "review")
    slack.wait_done("message", 4)
    shown = texts(fake.calls("chat.postMessage")[-1:])
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    assert "<https://" not in shown
    assert "*\u200burgent*\u200b" in shown
    assert "<!channel> *urgent* they want errors down 30% <https://evil.example|click>" in _answers(engine)


def test_another_reps_deal_is_refused(slack, fake):
    slack.dm("U1", "new deal Una Secret")
    slack.wait_done("message", 1)
    slack.dm("U2", "new deal Bob Deal")
    slack.wait_done("message", 2)
    bob_msg = fake.calls("chat.postMessage")[-1]
    forged = {**bob_msg, "blocks": [{"type": "actions", "elements": [
        {"type": "button", "action_id": "coach:0", "value": "deal:pick:1",
         "text": {"type": "plain_text", "text": "x"}}]}]}
    slack.click("U2", forged, "deal:pick:1")
    slack.wait_done("action", 1)
    assert "That deal isn't yours" in texts(fake.calls("chat.postMessage")[-1:])
    slack.dm("U2", "deal secret")
    slack.wait_done("message", 3)
    assert "None of your deals" in texts(fake.calls("chat.postMessage")[-1:])


def test_locale_from_slack_sets_the_language(slack, fake):
    slack.dm("U3", "/deal new 台北物流")
    slack.wait_done("message", 1)
    assert "已建立商機" in texts(posted(fake, 1))
