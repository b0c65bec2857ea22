"""Every reply fits a phone (15 lines, 900 characters); the rest of a long one is a More away,
in order, and nothing of it is lost."""

from __future__ import annotations

from dialogs.features import paging
from dialogs.features.coaching.reply import MAX_CHARS, MAX_LINES
from dialogs.features.paging import pages
from dialogs.messages import Incoming, Reply
from storage.db import new_session
from tests.conftest import Chat


def _fits(text: str) -> bool:
    return len(text.splitlines()) <= MAX_LINES and len(text) <= MAX_CHARS


def test_pages_keep_every_line_in_order():
    text = "\n".join(f"line {n} " + "x" * (n * 7 % 120) for n in range(60))
    parts = pages(text)
    assert len(parts) > 1 and all(_fits(p + "\n…") for p in parts)
    assert "\n".join(parts) == text
    long_line = "y" * 2500
    assert "".join(pages(long_line)) == long_line and all(_fits(p) for p in pages(long_line))


def test_a_long_review_is_cut_with_more_and_the_rest_follows(chat: Chat):
    chat.say("new deal Acme")
    chat.say("/discover")
    answers = [
        "They want to cut order handling costs by 30% this year because margins fell two quarters running and the board noticed it",
        "Last year they tried a spreadsheet macro the ops team built, it broke every month end and nobody owned it after the author left",
        "Their IT team admits it cannot keep up with the integration backlog and the warehouse staff retype orders by hand every single day",
        "They need it live by 2027-03-31 before the peak season starts, and the COO says it is the top priority ahead of the ERP upgrade",
        "About 80k USD is set aside in the ops budget for this year, the CFO approved the line item in the last planning cycle already",
        "Maria Chen the CFO signs anything over 50k after the COO recommends it, and procurement runs a two week security review first",
        "If nothing changes they lose two key accounts at renewal and the ops director is personally on the hook for the service levels",
        "Done well, the ops director gets the promotion she wants and the company frees four people to work on new customer onboarding",
    ]
    for answer in answers:
        chat.say(answer)
    chat.say("review")
    shown = [chat.text]
    assert all(_fits(r.text) for r in chat.replies)
    while any(b.id == "more" for r in chat.replies for b in r.buttons):
        chat.press("more")
        shown.append(chat.text)
        assert all(_fits(r.text) for r in chat.replies)
    assert len(shown) > 1, "the review was long enough to need More"
    whole = "\n".join(shown)
    for answer in answers:
        assert answer[:40] in whole.replace("\n", " ")
    chat.press("more")
    assert "nothing more" in chat.text


def test_two_long_replies_in_one_turn_share_one_more_in_order(chat: Chat):
    chat.say("new deal Acme")
    first = "\n".join(f"first {n}" for n in range(20))
    second = "\n".join(f"second {n}" for n in range(20))
    with new_session(chat.coach.engine) as session, session.begin():
        turn = chat.coach._turn(session, Incoming(channel="console", user_ref="alice", space="local", text=""),
                                chat.clock())
        turn.replies = [Reply(first), Reply(second)]
        paging.fit(turn)
        turn.save_state()  # as the coach does when a turn ends
        assert [b.id for b in turn.replies[0].buttons] == [] and [b.id for b in turn.replies[1].buttons] == ["more"]
    shown = [r.text for r in turn.replies]
    while True:
        chat.press("more")
        if "nothing more" in chat.text:
            break
        shown.append(chat.text)
    whole = "\n".join(shown)
    assert whole.index("first 19") < whole.index("second 19"), "the parts come in the order written"
    assert all(f"first {n}" in whole and f"second {n}" in whole for n in range(20))
