"""Command words in three languages, and naming a dimension."""

from __future__ import annotations

import pytest

from dialogs.commands import Command, parse_command, resolve_dimension


@pytest.mark.parametrize("text,expected", [
    ("new deal Acme Corp", Command("new_deal", "Acme Corp")),
    ("Create opportunity: Globex", Command("new_deal", "Globex")),
    ("/deal new Acme", Command("new_deal", "Acme")),
    ("/deal", Command("deals")),
    ("/deal acme", Command("use_deal", "acme")),
    ("/discover@DealCoachBot budget", Command("discover", "budget")),
    ("新增商機 台北物流", Command("new_deal", "台北物流")),
    ("新建商机:华东仓储", Command("new_deal", "华东仓储")),
    ("我的商機", Command("deals")),
    ("切换到 华东", Command("use_deal", "华东")),
    ("探索 預算", Command("discover", "預算")),
    ("修改 预算", Command("edit", "预算")),
    ("Don't know yet", Command("unknown")),
    ("還不知道", Command("unknown")),
    ("/cancel", Command("pause")),
    ("/nope", Command("unknown_command", "/nope")),
    ("Hello!", Command("start")),
])
def test_commands_when_idle(text, expected):
    assert parse_command(text, in_flow=False) == expected


@pytest.mark.parametrize("text", [
    "close date is tight", "new deal flow is blocked by legal", "amount unclear",
    "They want to edit their process", "deal size around 50k",
])
def test_only_controls_are_read_from_words_during_a_question(text):
    assert parse_command(text, in_flow=True) is None


@pytest.mark.parametrize("text", ["skip", "跳過", "跳过", "back", "上一題", "pause", "暫停", "resume",
                                  "help", "review", "my deals", "edit budget", "修改 預算",
                                  "discover authority"])
def test_controls_during_a_question(text):
    assert parse_command(text, in_flow=True) is not None


@pytest.mark.parametrize("text,dim", [
    ("budget", "budget"), ("Budget", "budget"), ("budgt", "budget"), ("預算", "budget"),
    ("决策权", "authority"), ("C&I", "consequences"), ("Positive implications", "implications"),
    ("timeline", "timeline"), ("salary", None), ("", None),
])
def test_resolve_dimension(text, dim):
    assert resolve_dimension(text) == dim
