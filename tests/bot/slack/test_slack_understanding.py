"""Slack's /coach ARGS goes through the coach's one command table: every command works, and
none is stored as a buyer's answer while a question is open."""

from __future__ import annotations

from storage import repo
from storage.db import new_session
from tests.bot.slack.conftest import posted, texts


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for o in repo.all_opportunities(session=s)
                for a, _ in repo.all_answers(session=s, opportunity_id=o.id)]


def _responses(fake) -> list[dict]:
    return [b for p, b in fake.requests if p.startswith("/response/")]


def test_coach_summary_and_pipeline_mid_question_are_commands(slack, fake, engine):
    for n, text in enumerate(("deal new Acme", "discover"), 1):
        slack.command("U1", text)
        slack.wait_done("command", n)
    assert "Acme · Goals" in texts(_responses(fake))
    slack.command("U1", "summary Acme")
    slack.wait_done("command", 3)
    assert "Acme · Lead (5%)" in texts(_responses(fake)[-1:])
    slack.command("U1", "pipeline")
    slack.wait_done("command", 4)
    assert "Pipeline" in texts(_responses(fake)[-2:])
    assert _answers(engine) == [], "a /coach command was stored as a buyer's answer"


def test_a_question_to_the_coach_in_a_dm_is_not_stored(slack, fake, engine):
    for n, text in enumerate(("new deal Globex", "discover", "what should I ask next?"), 1):
        slack.dm("U2", text)
        slack.wait_done("message", n)
    assert _answers(engine) == []
    said = texts(posted(fake, 4))
    assert "Next on Globex" in said and "The question is still open" in said  # answered, then asked again
