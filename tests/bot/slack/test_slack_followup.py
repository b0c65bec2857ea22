"""Follow-ups in Slack: a proactive reminder with working buttons; prep and log end to end."""

from __future__ import annotations

from bot.slack.adapter import deliver_reminders
from tests.bot.slack.conftest import texts


def _button(message, prefix):
    return next(e["value"] for b in message["blocks"] if b["type"] == "actions"
                for e in b["elements"] if e["value"].startswith(prefix))


def test_prep_and_log_end_to_end(slack, fake):
    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    slack.turn("message", lambda: slack.dm("U1", "add Maria Chen, CFO, key decision leader, neutral"))
    (brief,) = slack.turn("message", lambda: slack.dm("U1", "/prep"))
    assert "Prep · Acme" in texts([brief])
    points = slack.turn("action", lambda: slack.click("U1", brief, _button(brief, "prep:talk:")))
    assert "Maria Chen (CFO) · key decision leader · neutral: speak to cost and return" in texts(points)
    (question,) = slack.turn("action", lambda: slack.click("U1", points[-1], _button(points[-1], "log:start:")))
    assert "How did the call with Acme go?" in texts([question])
    out = slack.turn("action", lambda: slack.click("U1", question, "log:o:meeting_booked"))
    out = slack.turn("message", lambda: slack.dm("U1", "They admit their IT team can't keep up"))
    assert "Filed on Acme under: Challenges" in texts(out)
    out = slack.turn("message", lambda: slack.dm("U1", "workshop on 2026-12-03"))
    assert "Call logged on Acme: Meeting booked" in texts(out)
    assert "I'll remind you on 2026-12-03" in texts(out)


def test_a_due_reminder_arrives_as_a_dm_with_working_buttons(slack, fake, coach, clock):
    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    clock.advance(minutes=6)  # the first-contact reminder (5 minutes) is now due
    assert deliver_reminders(coach, slack.app.client, worker="test") == 1
    assert deliver_reminders(coach, slack.app.client, worker="test") == 0, "delivered once"
    (opened,) = fake.calls("conversations.open")
    assert opened["users"] == "U1"
    reminder = fake.calls("chat.postMessage")[-1]
    assert reminder["channel"] == "DU1" and "Acme: first contact due" in texts([reminder])
    (brief,) = slack.turn("action", lambda: slack.click("U1", reminder, _button(reminder, "prep:")))
    assert "Prep · Acme" in texts([brief])
    out = slack.turn("action", lambda: slack.click("U1", brief, _button(brief, "log:start:")))
    assert "How did the call with Acme go?" in texts(out)


def test_the_pipeline_chart_is_uploaded_as_a_picture(slack, fake):
    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    out = slack.turn("message", lambda: slack.dm("U1", "/pipeline"))
    assert "Pipeline · Una Rep" in texts(out)
    (ask,) = fake.calls("files.getUploadURLExternal")
    assert ask["filename"] == "pipeline.png"
    (upload,) = [b for p, b in fake.requests if p.startswith("/upload/")]
    assert upload["png"] and upload["bytes"] > 1000
    (done,) = fake.calls("files.completeUploadExternal")
    assert done["channel_id"] == "DU1"


def test_another_reps_summary_is_refused_in_slack(slack, fake):
    slack.turn("message", lambda: slack.dm("U1", "new deal Una Secret"))
    out = slack.turn("message", lambda: slack.dm("U2", "/summary 1"))
    assert "That deal isn't yours" in texts(out)
