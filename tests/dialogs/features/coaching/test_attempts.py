"""How many times have I called them: the calls logged on the deal, how they went, the next try."""

from __future__ import annotations

from tests.conftest import Chat


def test_how_many_times_the_rep_has_called_in_their_words(chat: Chat):
    chat.say("new deal Globex")
    chat.say("how many times have I called them?")
    assert "Globex: no calls logged yet." in chat.text
    for outcome in ("no_answer", "voicemail"):
        chat.say("log call")
        chat.press(f"log:o:{outcome}")
    chat.say("how many times have I called them?")
    said = chat.last
    assert said.meta["answer"] == "attempts" and said.meta["calls"] == 2
    assert "2 calls logged (No answer, Voicemail). 2 in a row without reaching them" in said.text
    assert "Next try: 2026-11-24" in said.text, "two days after the second attempt (clock: 2026-11-22)"
    chat.say("新增商機 統一")
    chat.say("我打了幾通給統一了?")
    assert "統一:還沒有記錄任何通話。" in chat.text
