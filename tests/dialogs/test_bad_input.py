"""Bad input gets a short, clear reply; nothing stored is lost and the session goes on."""

from __future__ import annotations

from sqlmodel import func, select

from dialogs.coach import Coach
from dialogs.messages import Incoming
from storage.db import new_session
from storage.models import Answer, Opportunity, ProcessedEvent, Stakeholder
from tests.conftest import Chat


def _answers(engine) -> list[str]:
    with new_session(engine) as s:
        return [a.text for a in s.exec(select(Answer).order_by(Answer.id))]


def _mid_interview(chat: Chat) -> None:
    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say("Cut errors 30%")
    assert chat.last.meta["dimension"] == "plans"


def test_empty_and_whitespace_text(chat: Chat, engine):
    _mid_interview(chat)
    for text in ("", "   \n\t "):
        chat.say(text)
        assert "empty" in chat.text
    chat.say("Retrain staff, backup is a vendor")
    assert chat.last.meta["dimension"] == "challenges"
    assert _answers(engine) == ["Cut errors 30%", "Retrain staff, backup is a vendor"]


def test_text_over_the_limit(chat: Chat, engine):
    _mid_interview(chat)
    chat.say("x" * 4001)
    assert "4001 characters" in chat.text and "4000" in chat.text and "Nothing was saved" in chat.text
    assert _answers(engine) == ["Cut errors 30%"]
    chat.say("y" * 4000)  # exactly at the limit is fine
    assert chat.last.meta["dimension"] == "challenges"


def test_unknown_command(chat: Chat, engine):
    _mid_interview(chat)
    chat.say("/frobnicate now")
    assert 'don\'t know the command "/frobnicate"' in chat.text
    assert chat.last.meta["dimension"] == "plans", "the open question is asked again"
    assert _answers(engine) == ["Cut errors 30%"]


def test_unknown_and_forged_button_ids(chat: Chat, engine):
    _mid_interview(chat)
    for forged in ("evil", "ctl:skip", "ctl:explode:discovery.plans", "deal:pick:abc",
                   "disc:edit:salary", "lang:fr", "x" * 200, "deal:pick:1:extra"):
        chat.press(forged)
        assert "isn't one of mine" in chat.text, forged
    chat.say("resume")
    assert chat.last.meta["dimension"] == "plans"
    assert _answers(engine) == ["Cut errors 30%"]


def test_stale_button_does_not_act_twice(chat: Chat, engine):
    _mid_interview(chat)
    skip_plans = chat.button("ctl:skip")
    chat.press(skip_plans)
    assert chat.last.meta["dimension"] == "challenges"
    chat.press(skip_plans)  # the same button again, e.g. a double tap
    assert "earlier message" in chat.text
    assert chat.last.meta["dimension"] == "challenges", "challenges was not skipped"


def test_control_words_outside_an_interview(chat: Chat):
    chat.say("skip")
    assert "not in the middle of a question" in chat.text


def test_plain_text_with_nothing_open(chat: Chat):
    chat.say("hmm what now")  # a question about a deal, with no deal yet: which one?
    assert "Which deal do you mean?" in chat.text
    assert {b.id for b in chat.last.buttons} == {"deal:list", "deal:new"}


def test_punctuation_is_not_an_answer(chat: Chat, engine):
    _mid_interview(chat)
    chat.say("...")
    assert "doesn't look like an answer" in chat.text
    assert chat.last.meta["dimension"] == "plans"
    assert _answers(engine) == ["Cut errors 30%"]


def test_same_event_twice_is_stored_and_answered_once(coach: Coach, engine):
    def msg(text, event_id):
        return Incoming(channel="slack", user_ref="T1:U1", display_name="Una", text=text,
                        event_id=event_id)

    coach.handle(msg("new deal Acme", "ev-1"))
    coach.handle(msg("/discover", "ev-2"))
    first = coach.handle(msg("Cut costs by $2M", "ev-3"))
    again = coach.handle(msg("Cut costs by $2M", "ev-3"))
    assert first and first[-1].meta["dimension"] == "plans"
    assert again == [], "a redelivered event gets no second answer"
    assert _answers(engine) == ["Cut costs by $2M"]
    # The same id on another channel is a different event.
    assert coach.handle(Incoming(channel="telegram", user_ref="42", text="hi", event_id="ev-3"))
    with new_session(engine) as s:
        assert s.exec(select(func.count()).select_from(ProcessedEvent)).one() == 4


def test_a_failing_turn_changes_nothing_and_says_so(chat: Chat, engine, monkeypatch):
    _mid_interview(chat)
    from dialogs.flows import discovery

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # Our own code, not a library's: simulate a bug in the saver.
    monkeypatch.setattr(discovery.repo, "touch_opportunity", boom)
    chat.say("An answer that will fail to save", event_id="fail-1")
    assert "something went wrong" in chat.text
    monkeypatch.undo()
    assert _answers(engine) == ["Cut errors 30%"]
    # The event was rolled back too, so a retry of the same event is processed.
    chat.say("An answer that will fail to save", event_id="fail-1")
    assert chat.last.meta["dimension"] == "challenges"


def test_nul_characters_are_dropped_not_fatal(chat: Chat, engine):
    """Regression (found by fuzzing): PostgreSQL refused text with NUL bytes and the turn failed."""
    chat.say("new deal \x00Acme\x00")
    assert "Created the deal Acme" in chat.text
    chat.say("/discover")
    chat.say("Cut\x00 errors 30%")
    assert _answers(engine) == ["Cut errors 30%"]
    from dialogs.messages import Incoming

    replies = chat.coach.handle(Incoming(channel="telegram", user_ref="9\x009", display_name="N\x00ul",
                                         text="hi\x00"))
    assert "invite" in replies[0].text


def test_invisible_characters_never_reach_a_name(chat: Chat, engine):
    chat.say("new deal Ac\u202eme\u200b Corp\u2066")  # a right-to-left override and zero-width marks
    assert "Acme Corp" in chat.text
    chat.say("add Ma\u200bria Chen, CFO")
    with new_session(engine) as s:
        assert [o.name for o in s.exec(select(Opportunity))] == ["Acme Corp"]
        assert [p.name for p in s.exec(select(Stakeholder))] == ["Maria Chen"]


def test_an_unpaired_surrogate_is_no_internal_error(chat: Chat):
    chat.say("new deal Globex")
    chat.say("Budget 80k \ud83d from the ops fund")
    assert "went wrong" not in chat.text and "Filed on Globex" in chat.text
