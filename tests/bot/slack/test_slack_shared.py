"""Slack shares deals and state with the console, and acks before slow work finishes."""

from __future__ import annotations

import subprocess

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from sqlmodel import select

from dialogs.coach import Coach
from dialogs.llm import LLMReader
from dialogs.domain.reader import NoteReader
from storage.db import new_session
from storage.models import LLMCall
from tests.bot.slack.conftest import Harness, texts
from tests.bot.test_console import DEALCOACH, _env, run_jsonl
from tests.conftest import Chat


def test_a_deal_from_the_terminal_continues_in_slack(db_url, engine, coach, fake):
    run_jsonl(db_url, [{"text": "new deal Acme Corp"}, {"text": "/discover"},
                       {"text": "Cut shipping errors 30% this year"}], "--user", "alice")
    linked = subprocess.run([DEALCOACH, "users", "link", "alice", "--slack", "T1:U1"],
                            capture_output=True, text=True, env=_env(db_url))
    assert linked.returncode == 0, linked.stderr
    slack = Harness(coach, fake)
    try:
        out = slack.turn("message", lambda: slack.dm("U1", "/discover"))
        assert "Acme Corp · Plans (2/8)" in texts(out), "same deal, next open question"
        slack.turn("message", lambda: slack.dm("U1", "Retrained pickers last year; backup is a vendor"))
    finally:
        slack.close()
    out = run_jsonl(db_url, [{"text": "review"}], "--user", "alice")
    assert "Retrained pickers last year; backup is a vendor" in out[0][-1]["text"]


def test_an_unlinked_slack_user_sees_none_of_the_console_deals(engine, coach, fake):
    Chat(coach, user="alice").say("new deal Acme Corp")
    slack = Harness(coach, fake)
    try:
        out = slack.turn("message", lambda: slack.dm("U9", "my deals"))
    finally:
        slack.close()
    assert "no deals yet" in texts(out)


def test_the_ack_comes_before_a_slow_llm_finishes(engine, clock, fake):
    slow = FakeListChatModel(responses=['{"dimensions": ["goals"]}'], sleep=10)
    coach = Coach(engine, clock=clock,
                  reader=NoteReader(LLMReader(slow, model_name="fake:slow", timeout_s=1.0, clock=clock)))
    Chat(coach, user="T1:U1", channel="slack").say("new deal Acme")
    slack = Harness(coach, fake)
    note = ("Long call with the ops team today about the returns problem: pickers grab the wrong "
            "item about one order in forty and each mistake costs a reship. They want this fixed "
            "before the spring peak, and the COO is pushing for it.")
    try:
        status, _ = slack.dm("U1", note)
        posted_at_ack = len(fake.calls("chat.postMessage"))
        assert status == 200
        assert posted_at_ack == 0, "Slack got its ack before the coach had answered"
        slack.wait_done("message", 1)
        assert "Filed on Acme" in texts(fake.calls("chat.postMessage"))
    finally:
        slack.close()
    with new_session(engine) as s:
        assert [c.outcome for c in s.exec(select(LLMCall))] == ["timeout"], \
            "the slow model was given up on and the rules answered"
