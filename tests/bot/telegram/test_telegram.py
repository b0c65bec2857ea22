"""Telegram through the real python-telegram-bot Application against a recording fake Bot API."""

from __future__ import annotations


from bot.telegram.adapter import register_commands
from dialogs.domain.dimensions import DIMENSIONS
from storage import repo
from storage.db import new_session
from tests.bot.telegram.conftest import buttons, message_update


def join(tg, invite_code, uid=42, **kw):
    (welcome,) = tg.say(uid, f"/start {invite_code(**kw)}")
    assert "Welcome" in welcome["text"] or "歡迎" in welcome["text"]
    return welcome


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for o in repo.all_opportunities(session=s)
                for a, _ in repo.all_answers(session=s, opportunity_id=o.id)]


def test_full_interview_by_text_and_inline_buttons(tg, tg_fake, invite_code, engine):
    join(tg, invite_code)
    (created,) = tg.say(42, "new deal Acme Corp")
    assert created["parse_mode"] == "HTML" and "disc:start" in buttons(created)
    out = tg.press(42, created, "disc:start")
    assert tg_fake.calls("answerCallbackQuery"), "the button press is always answered"
    edit = tg_fake.calls("editMessageText")[-1]
    assert "reply_markup" not in edit and "✓ Start discovery" in edit["text"], "old buttons removed"
    asked = []
    while "/8)" in out[-1]["text"]:
        asked.append(out[-1]["text"].split(" · ")[1].split(" (")[0])
        if len(asked) % 2:
            out = tg.say(42, f"Answer {len(asked)}, with some detail")
        else:
            unknown = next(b for b in buttons(out[-1]) if b.startswith("ctl:unknown"))
            out = tg.press(42, out[-1], unknown)
        assert len(asked) <= len(DIMENSIONS)
    assert len(asked) == 8 and "That's the round for Acme Corp" in out[-1]["text"]
    assert [t for t in _answers(engine) if t.startswith("Answer")] == [
        f"Answer {i}, with some detail" for i in (1, 3, 5, 7)]


def test_the_command_menu_speaks_english_and_chinese(tg, tg_fake):
    tg.loop.run_until_complete(register_commands(tg.app))
    calls = tg_fake.calls("setMyCommands")
    menus = {c.get("language_code"): {x["command"]: x["description"] for x in c["commands"]} for c in calls}
    assert set(menus) == {None, "zh"}
    assert menus[None]["discover"] == "Run the discovery interview"
    assert menus["zh"]["discover"] == "進行探索訪談"
    assert set(menus[None]) >= {"start", "deal", "discover", "stage", "help", "lang"}


def test_an_unknown_user_is_onboarded_without_data(tg, tg_fake, invite_code, engine):
    join(tg, invite_code, uid=1)
    tg.say(1, "new deal Private Deal")
    for text in ("/start", "my deals", "deal private", "review"):
        (reply,) = tg.say(77, text)
        assert "invite" in reply["text"] and "Private Deal" not in reply["text"]
        assert "reply_markup" not in reply
    with new_session(engine) as s:
        assert repo.user_by_identity(session=s, channel="telegram", external_id="77") is None


def test_invite_redeemed_once_and_expired_refused(tg, invite_code, clock):
    code = invite_code(role="manager")
    (ok,) = tg.say(5, f"/start {code}")
    assert "Welcome, Ann" in ok["text"]
    (again,) = tg.say(6, f"/start {code}", name="Eve")
    assert "isn't valid any more" in again["text"]
    old = invite_code(days=1)
    clock.advance(days=2)
    (late,) = tg.say(7, f"/start {old}")
    assert "isn't valid any more" in late["text"]


def test_forged_callback_data_is_refused(tg, invite_code, engine):
    join(tg, invite_code, uid=1)
    tg.say(1, "new deal Una Secret")
    join(tg, invite_code, uid=2)
    (bob,) = tg.say(2, "new deal Bob Deal")
    (refused,) = tg.press(2, bob, "deal:pick:1")
    assert "That deal isn't yours" in refused["text"]
    out = tg.press(2, bob, "x" * 64)
    assert "isn't one of mine" in out[0]["text"]
    out = tg.press(2, bob, "stage:ok:1:lead:closed_won")
    assert "isn't yours" in out[0]["text"]
    with new_session(engine) as s:
        assert repo.get_opportunity(session=s, opportunity_id=1).stage == "lead"


def test_the_same_update_id_is_processed_once(tg, tg_fake, invite_code, engine):
    join(tg, invite_code)
    tg.say(42, "new deal Acme")
    tg.say(42, "/discover")
    update = message_update(42, "Grow revenue 20%", update_id=777)
    first = tg.feed(update)
    assert first
    assert tg.feed(update) == [], "a redelivered update gets no second answer"
    assert _answers(engine).count("Grow revenue 20%") == 1


def test_long_replies_fit_a_phone_with_more_for_the_rest(tg, invite_code):
    join(tg, invite_code)
    tg.say(42, "new deal Acme")
    for dim in ("goals", "plans"):
        tg.say(42, f"/discover {dim}")
        tg.say(42, "\n".join(f"{dim} line {i}: " + "z" * 150 for i in range(20)))
    (first,) = tg.say(42, "review")
    assert len(first["text"]) <= 900 and len(first["text"].splitlines()) <= 15
    assert "more" in buttons(first), "the rest is a tap away"
    parts = [first]
    while "more" in buttons(parts[-1]):
        (nxt,) = tg.press(42, parts[-1], "more")
        assert len(nxt["text"]) <= 900
        parts.append(nxt)
    whole = "\n".join(p["text"] for p in parts)
    assert "goals line 19" in whole and "plans line 19" in whole, "nothing of the review is lost"


def test_html_special_characters_are_escaped(tg, invite_code, engine):
    join(tg, invite_code)
    (created,) = tg.say(42, "new deal <b>Acme</b> & Sons")
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Sons" in created["text"]
    with new_session(engine) as s:
        assert repo.all_opportunities(session=s)[0].name == "<b>Acme</b> & Sons"


def test_a_429_with_retry_after_is_respected(tg, tg_fake, invite_code):
    join(tg, invite_code)
    tg_fake.fail("sendMessage", retry_after=1)
    (created,) = tg.say(42, "new deal Acme")
    assert "Created the deal Acme" in created["text"]
    assert [p for p, _ in tg_fake.requests if p.startswith("!429")] == ["!429:sendMessage"]


def test_typing_is_shown_while_a_long_note_is_read(tg, tg_fake, invite_code):
    join(tg, invite_code)
    tg.say(42, "new deal Acme")
    tg.say(42, "Met Tom, Head of Ops. " * 12)
    (action,) = tg_fake.calls("sendChatAction")
    assert action["action"] == "typing"


def test_chinese_user_gets_chinese(tg, invite_code):
    (welcome,) = tg.say(9, f"/start {invite_code()}", lang="zh-hant")
    assert "歡迎" in welcome["text"]
