"""Telegram's command forms (/cmd@BotName, full-width punctuation) and mid-question messages
through the real python-telegram-bot Application."""

from __future__ import annotations

from storage import repo
from storage.db import new_session
from tests.bot.telegram.test_telegram import join


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for o in repo.all_opportunities(session=s)
                for a, _ in repo.all_answers(session=s, opportunity_id=o.id)]


def test_bot_named_commands_and_chinese_questions_are_not_answers(tg, invite_code, engine):
    join(tg, invite_code, uid=7)
    tg.say(7, "新增商機 台灣精材")
    asked = tg.say(7, "/discover@DealCoachBot")
    assert "台灣精材 · 目標" in asked[-1]["text"]
    review = tg.say(7, "/review@DealCoachBot")
    assert "台灣精材" in review[-1]["text"]
    out = tg.say(7, "可以推進了嗎？")
    assert any("推進" in m["text"] and "5%" in m["text"] for m in out), "stage advice"
    assert "台灣精材 · 目標" in tg.say(7, "繼續")[-1]["text"]
    out = tg.say(7, "該怎麼找到真正拍板的人？")
    assert out[0]["text"].startswith("接觸真正的決策者"), "answered from the knowledge base"
    assert "目標" in out[-1]["text"], "the open question is asked again"
    assert _answers(engine) == []
