"""What every answer to a labelled question must be, whatever its topic: it stores nothing,
fits a phone screen with a button for more, and states only facts the asker may see.

The world (world.py) gives Dana six deals, Acme Corp filled with known facts, and puts Zeta
Holdings on another team: no word of Zeta may reach Dana or her manager. A rep's answer may
state a name, a date, an amount or any number above 10 only when the database holds it for
her deals (or a prompt file of her language says it: general advice from the seeds). A
manager's views add amounts up, so there only names are checked (sums: test_team_views.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.domain.grounding import unsupported
from dialogs.features.coaching.reply import MAX_CHARS, MAX_LINES
from tests.dialogs.features.coaching import world as w
from tests.dialogs.features.coaching.test_questions import LANGS, load

PROMPTS = Path(__file__).parents[4] / "prompts"


def _wording(lang: str) -> list[str]:
    files = [*(PROMPTS / lang).iterdir(), *(PROMPTS / "knowledge").iterdir()]
    return [f.read_text(encoding="utf-8") for f in files if f.suffix in (".toml", ".j2")]


@pytest.fixture(scope="module")
def asked(world):
    """Every labelled question, asked once: (lang, row, replies, answers stored before, after)."""
    out = []
    for lang in LANGS:
        for row in load(lang):
            before = world.answers()
            who = "Dana Lee" if row["who"] == "rep" else "Mia"
            replies = world.ask(who, row["text"], row.get("open"), lang)
            out.append((lang, row, replies, before, world.answers()))
    return out


def test_no_question_stores_anything(asked):
    stored = [row["text"] for _, row, _, before, after in asked if after != before]
    assert stored == []


def test_every_answer_fits_a_phone_and_offers_more(asked):
    answers = [(row["text"], r) for _, row, replies, _, _ in asked for r in replies if "answer" in r.meta]
    assert len(answers) >= 0.8 * len(asked)
    for text, reply in answers:
        assert len(reply.text) <= MAX_CHARS and len(reply.text.splitlines()) <= MAX_LINES, text
        assert reply.buttons, f"no button on the answer to {text!r}"
        assert set(reply.meta) >= {"answer", "opportunity", "sources"}


def test_answers_state_only_facts_the_asker_may_see(world, asked):
    dana = w.known_texts(world, ("Dana Lee",))
    team = w.known_texts(world, w.REPS + ("Mia",))
    for lang, row, replies, _, _ in asked:
        text = "\n".join(r.text for r in replies)
        for word in w.DECOY["words"]:
            assert word not in text, (row["text"], word)
        allowed = (dana if row["who"] == "rep" else team) + _wording(lang)
        missing = unsupported(text, allowed)
        if row["who"] == "manager":  # team views add amounts up: only their names are checked here
            missing = [c for c in missing if not any(ch.isdigit() for ch in c)]
        assert missing == [], (row["text"], text)


def test_the_known_facts_do_show_up(asked):
    """The check above is not vacuous: answers do state Acme's facts (the decider, the budget)."""
    text = "\n".join(r.text for lang, row, replies, _, _ in asked if lang == "en" for r in replies)
    assert "Linda Park" in text and "$120k" in text


def test_a_chinese_deal_named_by_a_pair_inside_its_name_is_that_deal(chat):
    chat.say("新建商机 深圳华盛电子")
    chat.say("新建商机 天府医药")
    chat.say("华盛那单怎么样了")
    assert chat.replies[0].text.startswith("深圳华盛电子")
    chat.say("华盛靠谱吗")
    assert chat.replies[0].text.startswith("深圳华盛电子")


@pytest.mark.parametrize("asked, title", [("how do I handle a CFO who stalls?", "When the buyer goes silent"),
                                          ("should I push for a demo first?", "Running a first discovery call")])
def test_a_stalling_buyer_and_an_early_demo_get_advice_not_a_shrug(chat, asked, title):
    chat.say("new deal Acme")
    chat.say(asked)
    assert chat.text.startswith(title)
