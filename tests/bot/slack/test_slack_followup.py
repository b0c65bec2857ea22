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
    order = [p for p, _ in fake.requests if p in ("chat.postMessage", "files.getUploadURLExternal")]
    assert order[-2:] == ["chat.postMessage", "files.getUploadURLExternal"], "the text first, then the picture"


def test_another_reps_summary_is_refused_in_slack(slack, fake):
    slack.turn("message", lambda: slack.dm("U1", "new deal Una Secret"))
    out = slack.turn("message", lambda: slack.dm("U2", "/summary 1"))
    assert "That deal isn't yours" in texts(out)


def _make_manager(engine) -> None:
    from storage import repo
    from storage.db import new_session

    with new_session(engine) as s, s.begin():
        (user,) = repo.list_users(session=s)
        repo.set_role(session=s, user=user, role="manager")


def test_the_weekly_digest_reaches_a_managers_dm_exactly_once_with_two_workers(slack, fake, coach, clock, db_url):
    import threading
    from datetime import datetime, timezone

    from dialogs.coach import Coach
    from storage.db import open_database

    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    slack.turn("message", lambda: slack.dm("U1", "/close 2026-11-20"))  # passed: at risk in the digest
    _make_manager(coach.engine)
    clock.now = datetime(2026, 11, 23, 8, 31, tzinfo=timezone.utc)  # Monday, past the default 08:30
    second = Coach(open_database(db_url), clock=clock)
    barrier = threading.Barrier(2)

    def worker(c, name):
        barrier.wait()
        deliver_reminders(c, slack.app.client, worker=name)

    threads = [threading.Thread(target=worker, args=(c, n)) for c, n in ((coach, "w1"), (second, "w2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    deliver_reminders(second, slack.app.client, worker="w2")
    second.engine.dispose()
    digests = [m for m in fake.calls("chat.postMessage") if "Weekly digest" in texts([m])]
    assert len(digests) == 1 and digests[0]["channel"] == "DU1"
    (opened,) = slack.turn("action", lambda: slack.click("U1", digests[0], _button(digests[0], "sum:")))
    assert "Acme" in texts([opened])


def test_a_nudge_arrives_once_and_its_mute_button_works(slack, fake, coach, clock):
    from datetime import datetime, timezone

    slack.turn("message", lambda: slack.dm("U1", "new deal Acme"))
    slack.turn("message", lambda: slack.dm("U1", "/close 2026-11-25"))
    clock.now = datetime(2026, 11, 26, 10, tzinfo=timezone.utc)  # Thursday: the close date passed
    deliver_reminders(coach, slack.app.client, worker="w1")
    deliver_reminders(coach, slack.app.client, worker="w1")
    nudges = [m for m in fake.calls("chat.postMessage") if "close date (2026-11-25) has passed" in texts([m])]
    assert len(nudges) == 1
    (muted,) = slack.turn("action", lambda: slack.click("U1", nudges[0], _button(nudges[0], "nudge:mute:")))
    assert "No more nudges about Acme" in texts([muted])
