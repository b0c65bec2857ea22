"""The understanding step through handle(): nothing is stored before the coach knows what a
message is, flows take only what they accept, corrections supersede, and replies follow the
language of each message."""

from __future__ import annotations

import pytest

from dialogs.coach import Coach
from storage import repo
from storage.db import new_session
from storage.export import export_data
from tests.conftest import Chat


def _answers(engine, dimension=None) -> list[tuple[str, str, bool]]:
    """(dimension, text or status, superseded) of every answer ever stored."""
    with new_session(engine) as s:
        return [(a.dimension, a.text or a.status, sup) for o in repo.all_opportunities(session=s)
                for a, sup in repo.all_answers(session=s, opportunity_id=o.id)
                if dimension is None or a.dimension == dimension]


def _at_plans(chat: Chat) -> None:
    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say("Cut shipping errors 30% this year")
    assert chat.last.meta["dimension"] == "plans"


# -- 1. every text message is understood first, and the reply says how ------------------------


@pytest.mark.parametrize("text,kind,intent", [
    ("what should I ask next?", "question", "next_action"),
    ("ok", "chitchat", None),
    ("skip", "control", "skip"),
    ("prep me for my call with acme", "command", "prep"),
    ("idk", "unknown", None),
    ("actually the budget is 120k not 80k", "correction", "budget"),
    ("They tried an in-house tool last year; it failed, plan B is more temp staff", "answer", None),
])
def test_every_reply_says_what_the_message_was_taken_for(chat: Chat, text, kind, intent):
    _at_plans(chat)
    chat.say(text)
    assert {r.meta["understood"]["kind"] for r in chat.replies} == {kind}
    assert chat.last.meta["understood"] == {"kind": kind, "intent": intent}


def test_buttons_carry_no_understanding(chat: Chat):
    chat.say("new deal Acme")
    chat.press("disc:start")
    assert "understood" not in chat.last.meta


# -- 2. an open question takes an answer and nothing else -------------------------------------


@pytest.mark.parametrize("text", [
    "what should I ask next?", "how do I get to the economic buyer?", "is this deal real?",
    "should I send pricing already", "該怎麼找到真正拍板的人？", "下一步该做什么？", "這案子靠譜嗎？",
])
def test_a_question_to_the_coach_is_answered_and_the_question_asked_again(chat: Chat, engine, text):
    _at_plans(chat)
    chat.say(text)
    assert _answers(engine, "plans") == []
    assert chat.last.meta["dimension"] == "plans", "the open question is asked again"
    assert len(chat.replies) == 2


@pytest.mark.parametrize("text", ["ok", "嗯", "好的", "👍", "thx!", "got it"])
def test_a_filler_gets_the_question_again(chat: Chat, engine, text):
    _at_plans(chat)
    chat.say(text)
    assert _answers(engine, "plans") == []
    assert chat.last.meta["dimension"] == "plans"


@pytest.mark.parametrize("text", ["idk", "不知道", "不晓得", "they didn't say"])
def test_dont_know_is_stored_as_an_explicit_unknown(chat: Chat, engine, text):
    _at_plans(chat)
    chat.say(text)
    assert _answers(engine, "plans") == [("plans", text, False)]
    with new_session(engine) as s:
        (answer,) = repo.current_answers(session=s, opportunity_id=1)["plans"]
    assert answer.status == "unknown"
    assert chat.last.meta["dimension"] == "challenges", "the interview moves on"


@pytest.mark.parametrize("text,intent", [
    ("prep me for my call with acme", "prep"), ("add Tom Reyes, Head of Ops, champion, neutral", "person"),
    ("通話前準備 Acme", "prep"), ("my deals", "deals"), ("/coach summary Acme", "summary"),
    ("金額300萬 預計明年3月成交", "amount"), ("amount 50k", "amount"),  # asked the plans: no budget lookalike
])
def test_a_command_mid_question_runs_and_the_question_waits(chat: Chat, engine, text, intent):
    _at_plans(chat)
    chat.say(text)
    assert chat.last.meta["understood"]["intent"] == intent
    assert _answers(engine, "plans") == []
    chat.say("resume")
    assert chat.last.meta["dimension"] == "plans"


def test_a_pasted_note_on_other_topics_is_filed_and_the_question_stays_open(chat: Chat, engine):
    _at_plans(chat)
    chat.say("Met their IT lead Raj today. He is worried about SSO and the security review, "
             "the CFO Maria Chen signs anything over 50k, and they want a demo next week")
    assert chat.replies[0].meta["understood"]["kind"] == "note"
    assert "reads like a note" in chat.replies[0].text
    assert _answers(engine, "plans") == []
    assert {d for d, _, _ in _answers(engine)} > {"goals"}, "the note was filed under its own topics"
    assert chat.last.meta["dimension"] == "plans"
    chat.say("They tried an in-house tool last year; it failed, plan B is more temp staff")
    assert "Plans saved" in chat.text


# -- 3. corrections ---------------------------------------------------------------------------


def test_a_correction_supersedes_keeps_history_and_can_be_undone(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover budget")
    chat.say("about 80k from the ops budget")
    chat.say("actually the budget is 120k not 80k")
    reply = chat.replies[0]
    assert reply.meta["corrected"] == "budget"
    assert "Was: about 80k from the ops budget\nNow: about 120k from the ops budget" in reply.text
    assert _answers(engine, "budget") == [("budget", "about 80k from the ops budget", True),
                                          ("budget", "about 120k from the ops budget", False)]
    with new_session(engine) as s:
        (current,) = repo.current_answers(session=s, opportunity_id=1)["budget"]
        assert [a["value"] for a in current.facts["amounts"]] == [120000], "the 'not 80k' is not a fact"
        assert current.source_text == "actually the budget is 120k not 80k", "the rep's words are kept"
        exported = export_data(session=s)["opportunities"][0]["answers"]
    assert [a["superseded"] for a in exported if a["dimension"] == "budget"] == [True, False]
    undo = next(b.id for b in reply.buttons if b.id.startswith("fix:undo:"))
    chat.press(undo)
    assert "back to what it was" in chat.text
    with new_session(engine) as s:
        (current,) = repo.current_answers(session=s, opportunity_id=1)["budget"]
    assert current.text == "about 80k from the ops budget"


def test_corrections_in_chinese_and_without_a_question_open(chat: Chat, engine):
    chat.say("新建商机 华东物流")
    chat.say("/discover budget")
    chat.say("预算80万，走IT的预算")
    chat.say("更正一下，预算是120万不是80万")
    assert chat.replies[0].meta["corrected"] == "budget"
    assert _answers(engine, "budget")[-1] == ("budget", "预算120万，走IT的预算", False)
    chat.say("更正：決策者是總經理")
    assert "corrected" not in chat.replies[0].meta, "no decider stored yet: filed as new"
    chat.say("更正：決策者是營運長")
    assert chat.replies[0].meta["corrected"] == "authority"
    assert _answers(engine, "authority")[-1] == ("authority", "決策者是營運長", False), \
        "no old value named: the correction as written, less its 更正"


@pytest.mark.parametrize("note, fix, now", [("they need it live by Q3", "actually it's Q4 not Q3", "they need it live by Q4"),
                                           ("他們希望Q3前上線", "不是Q3，是Q4", "他們希望Q4前上線")])
def test_a_quarter_corrected_stays_in_the_year_the_rep_meant(chat: Chat, engine, note, fix, now):
    """Q3 is read as 2027 (2026's is gone): "Q4 not Q3" is Q4 of 2027, not the Q4 under way."""
    chat.say("new deal Acme")
    chat.say(note)
    chat.say(fix)
    assert chat.replies[0].meta["corrected"] == "timeline"
    (current,) = [a for a in _answers(engine, "timeline") if not a[2]]
    assert current[1] == now
    with new_session(engine) as s:
        (answer,) = repo.current_answers(session=s, opportunity_id=1)["timeline"]
        assert [d["date"] for d in answer.facts["dates"]] == ["2027-12-31"]
    chat.say("/summary")
    assert "2027-12-31" in chat.text and "2027-09-30" not in chat.text


def test_a_spoken_correction_in_taiwanese_chinese(chat: Chat, engine):
    chat.say("新增商機 永信物流")
    chat.say("/discover budget")
    chat.say("預算的話他說IT今年還有150萬左右可以用")
    chat.say("欸不是150萬是180萬")
    assert chat.replies[0].meta["corrected"] == "budget"
    assert _answers(engine, "budget")[-1] == ("budget", "預算的話他說IT今年還有180萬左右可以用", False)


def test_a_correction_amends_only_the_answer_holding_the_old_value(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("Board meeting is march 12, they need it live by then. Budget about 80k from ops.")
    chat.say("Also the rollout has to finish by june")
    chat.say("oops i meant march 19 not 12")
    assert chat.replies[0].meta["corrected"] == "timeline"
    assert "Now: Board meeting is march 19" in chat.text
    timeline = [(text, superseded) for _, text, superseded in _answers(engine, "timeline")]
    assert [t for t, sup in timeline if t.startswith("Board")] == [
        "Board meeting is march 12, they need it live by then", "Board meeting is march 19, they need it live by then"]
    assert [sup for t, sup in timeline if t.startswith("Board")] == [True, False]
    assert any("june" in text and not superseded for text, superseded in timeline), "june stays"


def test_a_correction_with_nothing_to_correct_is_filed_as_new(chat: Chat, engine):
    """Nothing stored to correct: no "corrected" with an empty "Was", the goal is filed, and
    the stage advice is checked again."""
    chat.say("new deal Acme")
    chat.say("correction: their goal is cutting churn 20% this year")
    assert "corrected" not in chat.replies[0].meta and "Filed on Acme under: Goals" in chat.replies[0].text
    assert ("goals", "their goal is cutting churn 20% this year", False) in _answers(engine), "no 'correction:'"
    assert any(r.meta.get("recommended_stage") == "discovery" for r in chat.replies), "advance offered"


def test_a_correction_naming_no_topic_asks_which(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover budget")
    chat.say("about 80k")
    chat.say("scratch that, what i said before was wrong")
    assert "Which answer should I correct" in chat.text
    assert "disc:edit:budget" in [b.id for b in chat.last.buttons]
    assert _answers(engine, "budget") == [("budget", "about 80k", False)]


# -- 4. the language of each message ------------------------------------------------------------


def _language(engine, name="alice"):
    with new_session(engine) as s:
        return repo.user_by_name(session=s, name=name).language


def test_neutral_chinese_never_pins_a_script(chat: Chat, engine):
    chat.say("你好")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chat.text), "answered in Chinese"
    assert _language(engine) is None, "你好 is written the same in both scripts: nothing is pinned"
    chat.say("新建商机 华东物流")
    assert "已创建商机" in chat.text and _language(engine) == "zh-Hans"
    chat.say("华东物流")
    assert chat.last.meta["understood"] == {"kind": "command", "intent": "use_deal"}
    for neutral in ("ok", "👍", "review"):
        chat.say(neutral)
    assert "目前掌握的信息" in chat.text, "short or neutral messages keep Simplified"
    chat.say("new deal Acme")
    assert "Created the deal Acme" in chat.text and _language(engine) == "en"


@pytest.mark.parametrize("name, greeting", [("小马", "贴上通话笔记"), ("小馬", "貼上通話筆記")])
def test_a_neutral_chinese_greeting_is_answered_in_the_script_of_the_reps_name(coach, engine, name, greeting):
    rep = Chat(coach, user=name)
    rep.say("早")
    assert greeting in rep.text
    assert _language(engine, name) is None, "still nothing pinned"


def test_full_width_punctuation_and_lang_pin(chat: Chat):
    chat.say("新增商機 台灣精材")
    chat.say("可以推進了嗎？")
    assert chat.last.meta["understood"] == {"kind": "command", "intent": "stage"}
    chat.say("/lang en")
    chat.say("新增商機 大成物流")
    assert "Created the deal 大成物流" in chat.text, "a rep who chose a language keeps it"


def test_reminders_use_the_most_recent_language(coach: Coach, chat: Chat, clock):
    chat.say("new deal Acme")
    chat.say("新增商機 台灣精材")  # the rep now writes Traditional Chinese
    clock.advance(minutes=10)
    deliveries = coach.deliver_due("console", worker="w1")
    texts = [r.text for d in deliveries for r in d.replies]
    assert texts and all("Acme" in t or "台灣精材" in t for t in texts)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t.replace("台灣精材", "")) for t in texts)


def test_a_malformed_conversation_row_does_not_break_the_next_turn(chat: Chat, engine):
    """The conversation's data is typed and validated when read: a row written by an older
    version (or by hand) falls back to defaults instead of failing the rep's turn."""
    from sqlalchemy import text

    _at_plans(chat)
    with engine.begin() as conn:
        conn.execute(text("UPDATE conversation SET data = :d"),
                     {"d": '{"run": {"mode": "sideways", "trail": 5}, "legacy": 1}'})
    chat.say("They tried an in-house tool last year; it failed, plan B is more temp staff")
    assert "went wrong" not in chat.text
    chat.say("review")
    assert "Acme" in chat.text


@pytest.mark.parametrize("text, named", [("预算120万，走信息部的费用", "budget"), ("Budget: $80k from ops", "budget"),
                                         ("预算没细聊，他说今年有技改资金", "budget")])
def test_another_topic_named_first_is_a_note_not_the_open_answer(chat: Chat, engine, text, named):
    """Asked who decides, a rep who writes "预算120万…" is telling us the budget: it is filed
    there, nothing is stored as the decider, and the question comes again."""
    chat.say("new deal Acme")
    chat.say("/discover authority")
    assert chat.last.meta["dimension"] == "authority"
    chat.say(text)
    assert [d for d, _, _ in _answers(engine)] == [named]
    assert chat.last.meta["dimension"] == "authority", "asked again"


@pytest.mark.parametrize("asked, text, filed", [
    ("authority", "80k from ops budget", "budget"),
    ("budget", "by end of Q2, top priority for the ops team", "timeline"),
    ("timeline", "pickers dont trust the scanners, IT admits they cant fix it", "challenges"),
    ("implications", "年底前要看到效果，明年3月前全线上", "timeline"),  # a deadline, said clearly
    ("challenges", "they need it live by march 1st", "timeline"),
    ("budget", "司機常常繞路，油錢多燒", "challenges"),  # a money word is no amount
    ("challenges", "hmm they use a paper pick list + some excel", "plans"),  # their way today, no obstacle
])
def test_asked_a_date_an_amount_or_a_decider_an_answer_with_none_is_filed_where_it_fits(chat: Chat, engine,
                                                                                    asked, text, filed):
    """A rep one question behind answers the last one: a timeline question answered with no
    date but a clear challenge files the challenge, and the timeline is asked again."""
    chat.say("new deal Acme")
    chat.say(f"/discover {asked}")
    chat.say(text)
    assert [d for d, _, _ in _answers(engine)] == [filed]
    assert chat.last.meta["dimension"] == asked, "asked again"


def test_asked_a_plan_a_vague_answer_with_a_date_stays_the_plan(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover plans")
    chat.say("next they get internal sign-off, then a tender, maybe two months")
    assert "plans" in [d for d, _, _ in _answers(engine)]


def test_a_dont_know_about_another_topic_marks_that_topic_and_the_question_waits(chat: Chat, engine):
    def statuses(dim):
        with new_session(engine) as s:
            return [a.status for a in repo.current_answers(session=s, opportunity_id=1).get(dim, [])]

    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say("they want no-shows down from 22% to 10%")
    assert chat.last.meta["dimension"] == "plans"
    chat.say("idk the budget")
    assert statuses("budget") == ["unknown"] and statuses("plans") == []
    assert chat.last.meta["dimension"] == "plans", "the plans are asked again"
    chat.say("idk the target exactly, maybe half that?")
    assert "already have an answer" in chat.text and chat.last.meta["dimension"] == "plans"
    assert statuses("goals") == ["answered"]
    chat.say("dunno")
    assert statuses("plans") == ["unknown"], "a bare dunno answers the open question"


def test_a_correction_with_nothing_to_correct_while_a_question_is_open_is_filed_aside(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say("cut errors 30% this year")
    chat.say("actually the budget is 120k not 80k")
    assert [d for d, _, _ in _answers(engine, "budget")] == ["budget"]
    assert chat.last.meta["dimension"] == "plans" and chat.text.count("Plans (2/8)") == 1, "asked once, again"


@pytest.mark.parametrize("text, person, stance", [("Jason是我們的支持者", "Jason", "supporter"),
                                                  ("Dave Cho is against it", "Dave Cho", "opponent"),
                                                  ("李明是我们的内线", "李明", "supporter")])
def test_news_of_a_person_asked_another_topic_goes_to_the_committee(chat: Chat, engine, text, person, stance):
    """Asked when, a rep who says where someone stands is telling us about the committee: the
    person is recorded with their stance, nothing is stored as the timeline, and it is asked again."""
    chat.say("new deal Acme")
    chat.say("/discover timeline")
    chat.say(text)
    assert _answers(engine, "timeline") == []
    assert chat.last.meta["dimension"] == "timeline", "asked again"
    with new_session(engine) as s:
        assert [(m.name, m.stance) for m in repo.stakeholders_of(session=s, opportunity_id=1)] == [(person, stance)]


def test_the_next_step_said_while_a_question_is_open_is_recorded_and_the_question_waits(chat: Chat, engine):
    _at_plans(chat)
    chat.say("next step: demo dec 8")
    assert _answers(engine, "plans") == [], "the rep's next step is no buyer plan"
    assert "demo dec 8" in chat.replies[0].text and chat.last.meta["dimension"] == "plans"


@pytest.mark.parametrize("deal, dimension, answer, correction, stored, gone", [
    # only the new value: the answer amended in place
    ("新增商機 台灣精密", "timeline", "Q2前要決定", "不對 是Q3前要決定", "Q3前要決定", None),
    # the old figure written another way ("2百萬" for "200萬"): the same amount, amended in place
    ("新增商機 鼎新", "budget", "budget還沒confirm 大概2百萬左右 從IT那邊出", "更正 budget是250萬不是200萬",
     "budget還沒confirm 大概250萬左右 從IT那邊出", None),
    # naming the topic ("budget is…") is no news: the source of the money stays
    ("new deal Contoso", "budget", "~90k approved from the digital transformation fund",
     "oops i meant budget is 95k not 90k", "~95k approved from the digital transformation fund", None),
    # more than the value: swapping only the figure would keep "还没批" beside the approved budget
    ("新建商机 华信医疗", "budget", "预算还没批，大概80万", "预算批了，是100万不是80万", "预算批了，是100万不是80万", "还没批"),
])
def test_a_correction_amends_the_answer_or_replaces_it_as_written(chat: Chat, engine, deal, dimension, answer,
                                                                   correction, stored, gone):
    chat.say(deal)
    chat.say(f"/discover {dimension}")
    chat.say(answer)
    chat.say(correction)
    assert chat.replies[0].meta["corrected"] == dimension
    assert _answers(engine, dimension)[-1] == (dimension, stored, False)
    if gone:
        assert gone not in chat.replies[0].text.split("现在")[-1]


def test_dont_know_about_a_topic_with_no_question_open_marks_it_on_the_deal(chat: Chat, engine):
    chat.say("新建商机 苏州恒通")
    chat.say("他们老板是谁还不知道")
    with new_session(engine) as s:
        assert [a.status for a in repo.current_answers(session=s, opportunity_id=1).get("authority", [])] == ["unknown"]


def test_a_deal_size_asked_the_budget_is_the_buyers_answer(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover budget")
    chat.say("deal size around 50k")
    assert [d for d, _, _ in _answers(engine)] == ["budget"]


@pytest.mark.parametrize("asked, heading", [("wait what counts as a plan here?", "plans"), ("什么才算挑战？", "挑战")])
def test_what_a_topic_means_asked_mid_interview_is_answered_and_nothing_is_saved(chat: Chat, engine, asked, heading):
    _at_plans(chat)
    chat.say(asked)
    assert heading in chat.replies[0].text.splitlines()[0].lower()
    assert _answers(engine, "plans") == [] and chat.last.meta["dimension"] == "plans"


def test_an_answers_lead_in_is_no_evidence_but_stays_in_its_source(chat: Chat, engine):
    _at_plans(chat)
    chat.say("ok. they run it all on excel + email")
    with new_session(engine) as s:
        answer = repo.current_answers(session=s, opportunity_id=1)["plans"][-1]
    assert answer.text == "they run it all on excel + email"
    assert answer.source_text == "ok. they run it all on excel + email"


def test_an_answer_without_a_lead_in_is_stored_exactly_as_typed(chat: Chat, engine):
    _at_plans(chat)
    chat.say("  they run it all on excel  ")
    with new_session(engine) as s:
        assert repo.current_answers(session=s, opportunity_id=1)["plans"][-1].text == "  they run it all on excel  "


def test_a_hedged_figure_with_no_question_open_is_filed_as_said_not_dropped(chat: Chat, engine):
    chat.say("新建商机 华东")
    chat.say("预算大概50万左右吧，还没确定。")
    assert "没有待回答的问题" not in chat.text
    assert "预算" in chat.replies[0].text and "还没确认" in chat.text
    assert [d for d, _, _ in _answers(engine)] == ["budget"]


def test_skip_after_a_command_paused_the_interview_skips_the_paused_question(chat: Chat):
    chat.say("new deal Fab")
    chat.say("/discover")
    chat.say("show my deals")
    chat.say("跳过")
    assert chat.last.meta["dimension"] == "plans", "goals skipped, the interview goes on"
    assert "没有进行中" not in chat.text and "沒有進行中" not in chat.text


def test_start_with_a_deal_open_starts_its_interview_and_without_one_greets(chat: Chat):
    chat.say("start")
    assert "new deal" in chat.text.lower() and "dimension" not in chat.last.meta
    chat.say("新建商机 华东")
    chat.say("开始")
    assert chat.last.meta["dimension"] == "goals"


def test_a_rough_figure_with_a_maybe_is_a_weak_budget_and_its_old_first_correction_amends_it(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/discover budget")
    chat.say("about 150k, maybe from marketing")
    assert "Budget saved" in chat.text and "hedge" in chat.text, "kept as said, with the tip to confirm it"
    chat.say("not 150k sorry, 250k")
    assert chat.replies[0].meta["corrected"] == "budget"
    assert _answers(engine, "budget")[-1] == ("budget", "about 250k, maybe from marketing", False)
    chat.say("/discover plans")
    chat.say("they hired an agency last yr, meh results. no backup yet")
    assert "Plans saved" in chat.text, "what they tried and how it went is the answer; the missing backup a tip"


@pytest.mark.parametrize("text, reply", [("決策權是指什麼？", "怎麼問決策權"), ("預算是指什麼", "怎麼問預算"),
                                         ("预算是指啥", "预算怎么问"), ("這樣算好的目標嗎？", "怎麼問目標")])
def test_what_a_topic_means_asked_in_chinese_gets_how_to_ask_it(chat: Chat, text, reply):
    chat.say("新增商機 台達電")
    chat.say(text)
    assert reply in chat.text


@pytest.mark.parametrize("text, stage", [("我現在在哪個案子", "— 潛在客戶"), ("我现在在哪个商机", "— 潜在客户"),
                                         ("which deal am i on", "— Lead")])
def test_which_deal_am_i_on_lists_the_deals_with_the_current_one_marked_and_stages_named(chat: Chat, text, stage):
    chat.say("新增商機 台達電")
    assert "階段:潛在客戶" in chat.text, "the stage by its name, not its code"
    chat.say(text)
    assert "台達電" in chat.text and stage in chat.text


def test_a_mixed_language_correction_finds_the_one_answer_holding_the_old_value_and_chinese_sticks(chat: Chat, engine):
    chat.say("new deal Garmin")
    chat.say("what should I ask next?")
    chat.say("budget大概2M NTD，decision maker是VP Operations")
    chat.say("sorry 是 3M 不是 2M")
    assert chat.replies[0].meta["corrected"] == "budget" and "3M" in chat.text
    assert _answers(engine, "budget")[-1] == ("budget", "budget大概3M NTD", False)
    chat.say("/prep")
    assert "通話準備" in chat.text, "they write Chinese now: the brief follows"


def test_mid_interview_a_deal_question_or_a_bare_deal_name_is_no_answer(chat: Chat, engine):
    chat.say("new deal Hooli Cloud")
    chat.say("new deal Pied Piper")
    chat.say("discover")
    chat.say("is pied piper even worth it")
    assert chat.replies[0].meta["understood"]["kind"] == "question" and "not proven yet" in chat.text
    chat.say("hooli")
    assert "Now working on Hooli Cloud" in chat.text
    chat.say("新建商机 宁德时代")
    chat.say("/discover budget")
    chat.say("预算好像有 但他不确定多少")
    assert "还不知道" in chat.text, "a hedge with 多少 in it is no question to the coach"
    chat.say("现在这个单能往前推吗")
    assert "推进" in chat.text and "没有好答案" not in chat.text
    chat.say("Pied")
    assert "Pied Piper" in chat.text
    assert _answers(engine) == [("budget", "预算好像有 但他不确定多少", False)], "nothing else was stored as an answer"
    with new_session(engine) as s:
        (hedge,) = repo.current_answers(session=s, opportunity_id=3)["budget"]
        assert hedge.status == "unknown"


def test_an_amount_then_a_day_sets_the_close_date_too(chat: Chat):
    chat.say("新建商机 宁德时代")
    chat.say("金额 150万 12月31号")
    assert "预计成交日:2026-12-31" in chat.text
    chat.say("金额 800万 明年3月底")
    assert "2027-03-31" in chat.text
    chat.say("宁德")
    assert "宁德时代" in chat.text, "a Chinese name's start picks the deal"


def test_asked_one_topic_a_short_note_on_another_said_twice_over_is_filed_there(chat: Chat, engine):
    chat.say("新建商机 数据平台")
    chat.say("/discover consequences")
    chat.say("Lily是数据平台的head 最后她拍板 采购走年框")
    assert "决策权" in chat.replies[0].text and chat.last.meta["dimension"] == "consequences", "filed aside, asked again"
    assert [d for d, _, _ in _answers(engine)] == ["authority"]


@pytest.mark.parametrize("note, fix, old, new", [
    ("Dan says the CIO Rachel Wong makes the final call.", "correction: it's the CFO who signs, not the CIO",
     "Rachel Wong", "CFO"),
    ("總經理拍板", "更正：決策者是營運長，不是總經理", "總經理", "營運長")])
def test_a_corrected_decider_moves_the_role_in_the_committee(chat: Chat, engine, note, fix, old, new):
    chat.say("new deal Fabrikam")
    chat.say(note)
    chat.say(fix)
    assert chat.replies[0].meta["corrected"] == "authority"
    with new_session(engine) as s:
        people = {p.name or p.title: p.role for p in repo.stakeholders_of(session=s, opportunity_id=1)}
    assert people[old] is None, "they keep a seat, not the role said wrong"
    assert people[new] in ("key_decision_leader", "approver")


def test_chinese_corrections_amend_in_place_without_their_lead_words(chat: Chat, engine):
    chat.say("新建商机 华东")
    chat.say("预算500万 走今年的技改资金")
    chat.say("搞错了 预算是550万")
    assert _answers(engine, "budget")[-1][1] == "预算550万 走今年的技改资金", "the source stays"
    chat.say("最后张总拍板")
    chat.say("更正一下 拍板的是王总 不是张总")
    assert _answers(engine, "authority")[-1][1] == "最后王总拍板"
    chat.say("新增商機 台積")
    chat.say("3月15號董事會要報告")
    chat.say("打錯 是3月25號不是15號")
    assert _answers(engine, "timeline")[-1][1] == "3月25號董事會要報告"
    chat.say("/summary")
    assert "2027-03-25" in chat.text and "2027-03-31" not in chat.text


def test_prep_for_a_meeting_named_with_its_day(chat: Chat):
    chat.say("新增商機 全家便利商店")
    chat.say("新增商機 台積")
    chat.say("準備一下明天跟全家的會議")
    assert "通話準備 · 全家便利商店" in chat.text


def test_a_name_spelt_wrong_is_corrected_on_the_person_and_in_the_answer(chat: Chat, engine):
    chat.say("new deal Initech")
    chat.say("CFO Bill Lumbergh signs")
    chat.say("sorry its Bill Lumberg not Lumbergh")
    assert _answers(engine, "authority")[-1][1] == "CFO Bill Lumberg signs"
    chat.say("new deal Acme")
    chat.say("add Dana Reyes, VP Ops, sponsor, supporter")
    chat.say("sorry its Dana Reyez not Reyes")
    assert "Name corrected on Acme: Dana Reyes → Dana Reyez." in chat.text
    with new_session(engine) as s:
        names = sorted((p.name, p.role) for o in (1, 2) for p in repo.stakeholders_of(session=s, opportunity_id=o))
    assert names == [("Bill Lumberg", "approver"), ("Dana Reyez", "sponsor")], "renamed, never a second person"


@pytest.mark.parametrize("text", ["打了沒人接", "沒接，明天早上再打", "打了没人接", "left vm"])
def test_a_call_that_reached_no_one_is_no_answer_and_offers_the_log(chat: Chat, engine, text):
    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say(text)
    assert _answers(engine) == [], "nothing is stored as the buyer's answer"
    assert chat.last.meta["dimension"] == "goals", "the question stays open"
    log = [b.id for r in chat.replies for b in r.buttons if b.id.startswith("log:")]
    assert log, "the call log is offered"
    chat.press(log[0])
    assert chat.last.buttons and any(b.id.startswith("log:o:") for b in chat.last.buttons), "the log asks how it went"


@pytest.mark.parametrize("deal, dimension, answer, correction, amended", [
    ("新建商机 宁德", "authority", "张总说了算，不过要走招标流程", "不好意思名字错了，是王总说了算不是张总",
     "王总说了算，不过要走招标流程"),
    ("新增商機 鼎泰", "budget", "預算大概 120 萬，從資訊部的年度預算出", "預算其實是 150 萬，不是 120 萬",
     "預算大概 150 萬，從資訊部的年度預算出"),
    ("新增商機 台灣大", "authority", "台灣大的 Amy 說老闆李董說了算", "抱歉名字打錯，是 Annie 不是 Amy",
     "台灣大的 Annie 說老闆李董說了算"),
    ("新增商機 鼎泰", "authority", "最後是廠長林志明拍板，要先過採購比價三家", "更正：拍板的是總經理陳大文，不是廠長",
     "最後是總經理陳大文拍板，要先過採購比價三家"),
])
def test_chinese_corrections_amend_the_value_and_keep_the_rest(chat: Chat, engine, deal, dimension, answer, correction, amended):
    chat.say(deal)
    chat.say(f"/discover {dimension}")
    chat.say(answer)
    chat.say(correction)
    assert _answers(engine, dimension)[-1][1] == amended


def test_a_wrong_name_said_without_the_old_one_renames_the_person_and_is_no_answer(chat: Chat, engine):
    chat.say("new deal Initech")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover authority")
    chat.say("Bill Lumbergh VP ops has final say")
    chat.say("/discover")
    chat.say("sorry wrong name, its Bill Lumberg")
    assert "Bill Lumbergh → Bill Lumberg" in chat.text
    with new_session(engine) as s:
        assert [p.name for p in repo.stakeholders_of(session=s, opportunity_id=opp)] == ["Bill Lumberg"]
    chat.say("sorry wrong name, it's Bill")
    assert "goals" not in {d for d, _, _ in _answers(engine)}, "a correction is never the open question's answer"


def test_a_decider_corrected_in_a_note_is_renamed_once_and_records_nothing_else(chat: Chat, engine):
    chat.say("新建商机 华东物流")
    opp = chat.last.meta["opportunity"]
    chat.say("跟张总聊了下，他们想把拣货错误率降低40%，预算80万，最后张总说了算，希望6月底前上线")
    chat.say("不好意思名字错了，是王总说了算不是张总")
    # ("跟张总聊了下" says whom the rep talked to, no authority of its own)
    assert _answers(engine, "authority")[-1][1] == "最后王总说了算"
    with new_session(engine) as s:
        assert [(p.name, p.role) for p in repo.stakeholders_of(session=s, opportunity_id=opp)] == [("王总", "key_decision_leader")]
        assert [a.kind for a in repo.activities_of(session=s, opportunity_id=opp)] == ["call"], "the call isn't logged twice"


@pytest.mark.parametrize("text", ["下周再问问他们试过啥", "我下週要約副總吃飯"])
def test_the_reps_own_chinese_move_is_no_answer(chat: Chat, engine, text):
    chat.say("新建商机 华东")
    chat.say("/discover plans")
    chat.say(text)
    assert _answers(engine) == [] and chat.last.meta["dimension"] == "plans"


def test_the_buyers_promised_move_typed_at_a_question_is_the_next_step_not_the_answer(chat: Chat, engine):
    chat.say("new deal Wayne")
    chat.say("/discover")
    chat.say("they'll send us their RFP next week")
    assert _answers(engine) == [] and "next step" in chat.text and chat.last.meta["dimension"] == "goals"
