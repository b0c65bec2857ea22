"""Managers' plain questions reach the right view, with the right scope and period; reps asking
about the team get their own scope; nobody sees another team's deals. Buttons on answers act."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dialogs.coach import Coach
from storage.db import open_database
from tests.conftest import Clock
from tests.dialogs.features.coaching import world as w


@pytest.fixture
def world(db_url):
    engine = open_database(db_url)
    clock = Clock(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    yield w.build(Coach(engine, clock=clock), engine, clock)
    engine.dispose()


def _answer(replies) -> dict:
    return next(r.meta for r in replies if "answer" in r.meta)


def test_at_risk_deals_for_the_manager_and_for_a_rep(world):
    world.clock.advance(days=25)  # no activity for 3 weeks; Umbrella's close date (Dec 5) has passed
    mia = world.ask("Mia", "which deals are at risk?")
    meta = _answer(mia)
    assert meta["answer"] == "at_risk" and meta["pipeline"]["scope"] == "team"
    assert world.ids["Umbrella"] == meta["pipeline"]["at_risk"][0], "a passed close date comes first"
    assert "Umbrella (Dana Lee): the close date has passed" in mia[0].text
    assert world.ids[w.DECOY["deal"]] not in meta["pipeline"]["at_risk"]
    dana = _answer(world.ask("Dana Lee", "any of my deals at risk?"))
    assert dana["pipeline"]["scope"] == "me"
    assert set(dana["pipeline"]["at_risk"]) <= {world.ids[d] for d in w.DEALS}


def test_forecast_this_month_and_this_quarter(world):
    month = world.ask("Mia", "forecast this month")
    meta = _answer(month)
    assert meta["answer"] == "forecast" and meta["period"] == "month"
    # December 2026: Umbrella (Dec 5), Globex (Dec 20), 华腾物流 (Dec 31); Initech closes in February.
    assert meta["pipeline"]["periods"]["month"]["count"] == 3
    assert "This month (2026-12-01 to 2026-12-31): 3 deals closing" in month[0].text
    quarter = _answer(world.ask("Mia", "這季預測"))
    assert quarter["period"] == "quarter" and quarter["pipeline"]["periods"]["quarter"]["count"] == 3
    both = _answer(world.ask("Mia", "what are we going to close?"))
    assert both["period"] is None and set(both["pipeline"]["periods"]) == {"month", "quarter"}


def test_how_a_rep_or_a_deal_is_doing(world):
    kevin = world.ask("Mia", "how's kevin doing")
    assert _answer(kevin)["answer"] == "rep_status" and _answer(kevin)["pipeline"]["scope"] == "Kevin Wu"
    assert "Pipeline · Kevin Wu" in kevin[0].text and "Lead: 1" in kevin[0].text
    acme = _answer(world.ask("Mia", "how is acme doing?"))
    assert acme["answer"] == "deal_status" and acme["opportunity"] == world.ids["Acme Corp"]
    assert acme["dimensions"]["goals"] == "captured"
    zh = _answer(world.ask("Mia", "大同科技現在進度怎樣", lang="zh-Hant"))
    assert zh["opportunity"] == world.ids["大同科技"]
    both = _answer(world.ask("Mia", "Dana Lee的Acme怎么样了", lang="zh-Hans"))
    assert both["answer"] == "deal_status" and both["opportunity"] == world.ids["Acme Corp"], "the deal named, not the rep"
    tw = _answer(world.ask("Mia", "Dana Lee的Acme現在怎樣", lang="zh-Hant"))
    assert tw["answer"] == "deal_status" and tw["opportunity"] == world.ids["Acme Corp"]
    progress = _answer(world.ask("Mia", "王小明的大同科技進度如何？", lang="zh-Hant"))
    assert progress["answer"] == "deal_status" and progress["opportunity"] == world.ids["大同科技"]
    what = _answer(world.ask("Mia", "华腾物流怎么了", lang="zh-Hans"))
    assert what["answer"] == "deal_status" and what["opportunity"] == world.ids["华腾物流"]
    kev = world.ask("Mia", "Kevin's pipeline")
    assert kev[0].text.startswith("Pipeline · Kevin Wu")
    team = _answer(world.ask("Mia", "团队这个月情况怎么样", lang="zh-Hans"))
    assert team["answer"] == "pipeline"


def test_who_needs_coaching_on_what(world):
    replies = world.ask("Mia", "who needs coaching and on what?")
    meta = _answer(replies)
    assert meta["answer"] == "coaching_gaps"
    assert _answer(world.ask("Mia", "誰的案子最缺決策權", lang="zh-Hant"))["answer"] == "coaching_gaps"
    dana = next(g for g in meta["pipeline"]["gaps"] if g["rep"] == "Dana Lee")
    assert dana["dims"] and "Dana Lee (6 open)" in replies[0].text


@pytest.mark.parametrize("asked, lang, line", [
    ("谁最常漏掉预算？", "zh-Hans", "单缺预算"), ("誰的案子最常漏掉預算？", "zh-Hant", "件缺預算"),
    ("who keeps skipping budget?", "en", "Budget missing on"),
])
def test_a_gap_asked_by_topic_counts_that_topic_per_rep(world, asked, lang, line):
    replies = world.ask("Mia", asked, lang=lang)
    meta = _answer(replies)
    assert meta["answer"] == "coaching_gaps" and line in replies[0].text
    budget = {"en": "Budget", "zh-Hant": "預算", "zh-Hans": "预算"}[lang]
    assert all(g["dims"] == [budget] for g in meta["pipeline"]["gaps"])


def test_who_has_not_done_discovery_and_how_many_deals_a_rep_has(world):
    assert _answer(world.ask("Mia", "who hasn't done discovery on their deals?"))["answer"] == "coaching_gaps"
    kev = world.ask("Mia", "how many deals does kevin have in discovery?")
    assert _answer(kev)["answer"] == "rep_status" and kev[0].text.startswith("Pipeline · Kevin Wu")


def test_nobody_sees_another_teams_deal(world):
    otto = world.ask("Otto", "how is acme doing?")
    assert _answer(otto)["answer"] == "fallback" and "Acme" not in otto[0].text
    dana = world.ask("Dana Lee", "how's kevin doing")
    assert _answer(dana)["answer"] != "rep_status" and "Contoso" not in "\n".join(r.text for r in dana)


def test_the_buttons_on_answers_act(world):
    chat = w.Chat(world.coach, user="Dana Lee", clock=world.clock)
    chat.say("/deal acme")
    chat.say("what should I do next?")
    answer = chat.last
    assert answer.meta["answer"] == "next_action" and 1 <= len(answer.meta["actions"]) <= 3
    assert [b.label[:4] for b in answer.buttons[:-1]] == [f"{i} · " for i in range(1, len(answer.buttons))]
    record = next(b for b in answer.buttons if b.id.startswith("disc:dim:"))
    chat.press(record.id)  # one tap: the question for that topic, to record the buyer's answer
    assert chat.last.meta["dimension"] == record.id.rsplit(":", 1)[1]
    chat.press("ask:kb:economic_buyer")
    assert chat.replies[0].meta["answer"] == "economic_buyer" and "Linda Park" in chat.replies[0].text
    chat.press("ask:more:economic_buyer")
    assert "in more detail" in chat.replies[0].text
    chat.press("ask:kb:not_an_entry")
    assert "button" in chat.text.lower()
    chat.press(f"ask:next:{world.ids[w.DECOY['deal']]}")  # another team's deal: refused
    assert "Zeta" not in chat.text and "isn't yours" in chat.text


def test_deal_health_names_the_budget_even_without_an_amount(world):
    chat = w.Chat(world.coach, user="Dana Lee", clock=world.clock)
    chat.say("/deal globex", thread="h")
    chat.say("/discover budget", thread="h")
    chat.say("It comes from the ops fund, approved by the COO", thread="h")
    chat.say("is this deal real?", thread="h")
    health = next(r for r in chat.replies if r.meta.get("answer") == "deal_health")
    line = next(l for l in health.text.splitlines() if "Budget" in l)
    assert line.strip() == "✓ Budget: It comes from the ops fund, approved by the COO"


def test_a_short_rep_name_is_a_whole_word_not_part_of_another(db_url):
    """A rep called "al" is not found inside "deals": the question is about the whole team."""
    from storage import repo
    from storage.db import new_session
    from tests.conftest import Chat

    engine = open_database(db_url)
    clock = Clock(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    coach = Coach(engine, clock=clock)
    with new_session(engine) as s, s.begin():
        mia = repo.add_user(session=s, name="Mia", now=clock(), role="manager")
        for name in ("al", "bo"):
            repo.set_manager(session=s, user=repo.add_user(session=s, name=name, now=clock()), manager_id=mia.id)
    Chat(coach, user="al", clock=clock).say("new deal Orbit Labs")
    mia_chat = Chat(coach, user="Mia", clock=clock)
    assert _answer(mia_chat.say("which deals are at risk?"))["pipeline"]["scope"] == "team"
    assert _answer(mia_chat.say("which deals need attention"))["answer"] == "at_risk"
    assert "Pipeline · al" in mia_chat.say("whats al working on")[0].text
    engine.dispose()


def test_what_a_named_rep_needs_help_with(world):
    meta = _answer(world.ask("Mia", "王小明需要什麼協助"))
    assert meta["answer"] == "coaching_gaps"


@pytest.mark.parametrize("asked, lang", [("whats dana lee's biggest deal?", "en"), ("Dana Lee最大的案子是哪個", "zh-Hant"),
                                         ("Dana Lee手上有几个单子", "zh-Hans")])
def test_a_reps_biggest_deals_and_count_are_named(world, asked, lang):
    got = world.ask("Mia", asked, lang=lang)
    meta = _answer(got)
    assert meta["answer"] == "rep_status" and meta["pipeline"]["scope"] == "Dana Lee"
    # in the reporting currency, largest first; NT$ and CN¥ have no rate here, so they can't be ranked above
    line = next(l for l in got[0].text.splitlines() if "Umbrella" in l)
    assert line.index("Umbrella") < line.index("Acme Corp") < line.index("Globex"), "largest first"
    assert "大同科技" not in line and "华腾物流" not in line
    assert all(word not in got[0].text for word in w.DECOY["words"])


def test_amounts_no_rate_converts_read_in_their_own_currency_not_as_zero(db_url):
    engine = open_database(db_url)
    clock = Clock(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    coach = Coach(engine, clock=clock)
    from storage import repo
    from storage.db import new_session
    with new_session(engine) as s, s.begin():
        lin = repo.add_user(session=s, name="林經理", now=clock(), role="manager")
        repo.set_manager(session=s, user=repo.add_user(session=s, name="阿凱", now=clock()), manager_id=lin.id)
    from tests.conftest import Chat
    rep = Chat(coach, user="阿凱", clock=clock)
    rep.say("新增商機 鴻聯電子")
    rep.say("金額 300萬")
    assert "NT$300萬" in rep.text, "a Taiwan rep's 萬 is NT$"
    mgr = Chat(coach, user="林經理", clock=clock)
    mgr.say("漏斗")
    assert "潛在客戶：1 個 · NT$300萬" in mgr.text and "加權預測：NT$15萬" in mgr.text and "US$300萬" not in mgr.text
    assert "未計入" not in mgr.text, "the totals already read in NT$: no second line repeating them"
    assert "本月預計成交：0 個 · NT$0" in mgr.text and "US$0" not in mgr.text, "nothing closing reads NT$0"
    for asked in ("阿凱的漏斗", "阿凱的預測"):
        mgr.say(asked)
        assert mgr.replies[0].text.startswith("銷售漏斗 · 阿凱"), asked
    engine.dispose()


def test_a_chinese_name_in_an_english_question_gets_an_english_answer(world):
    from tests.conftest import Chat

    mia = Chat(world.coach, user="Mia", clock=world.clock)  # no /lang: the language follows her
    replies = mia.say("how's 王小明 doing?")
    assert replies[0].text.startswith("Pipeline · 王小明"), replies[0].text[:80]
