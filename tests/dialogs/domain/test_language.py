"""Language: a guess from the first message, /lang, and names for languages."""

from __future__ import annotations

import pytest

from dialogs.domain.language import guess_language, normalize_language
from tests.conftest import Chat


@pytest.mark.parametrize("text,lang", [
    ("new deal Acme", "en"), ("新增商機 台北物流", "zh-Hant"), ("新建商机 华东仓储", "zh-Hans"),
    ("預算 80萬", "zh-Hant"), ("预算 80万", "zh-Hans"), ("12345", None), ("", None),
])
def test_guess_language(text, lang):
    assert guess_language(text) == lang


@pytest.mark.parametrize("value,lang", [
    ("en", "en"), ("EN-us", "en"), ("zh_TW", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("繁體中文", "zh-Hant"), ("zh-CN", "zh-Hans"), ("简体", "zh-Hans"), ("klingon", None),
])
def test_normalize_language(value, lang):
    assert normalize_language(value) == lang


def test_lang_command_switches_and_rejects_unknown(chat: Chat):
    chat.say("hello")
    assert "I'm your deal coach" in chat.text
    chat.say("/lang zh-Hant")
    assert "繁體中文" in chat.text
    chat.say("/lang klingon")
    assert "klingon" in chat.text and len(chat.last.buttons) == 3
    chat.press("lang:zh-Hans")
    assert "简体中文" in chat.text
    chat.say("/lang")
    assert [b.id for b in chat.last.buttons] == ["lang:en", "lang:zh-Hant", "lang:zh-Hans"]


def test_each_reply_follows_the_language_of_its_message(chat: Chat):
    chat.say("新增商機 台北物流")
    assert "已建立商機" in chat.text
    chat.say("new deal Acme")
    assert "Created the deal Acme" in chat.text
    chat.say("新建商机 华东仓储")
    assert "已创建商机" in chat.text


def test_slash_commands_do_not_decide_the_language(chat: Chat):
    chat.say("/start")
    chat.say("新建商机 华东仓储")
    assert "已创建商机" in chat.text


def test_typed_dont_know_keeps_words_but_slash_form_does_not(chat: Chat, engine):
    from storage.db import new_session
    from storage.export import export_data

    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say("/unknown")
    chat.say("no idea")
    with new_session(engine) as s:
        answers = export_data(session=s)["opportunities"][0]["answers"]
    assert [(a["status"], a["text"]) for a in answers] == [("unknown", ""), ("unknown", "no idea")]
