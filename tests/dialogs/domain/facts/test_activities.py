"""What a note says happened: only what is said as done is recorded, never what is to come."""

from __future__ import annotations

import pytest

from datetime import date

from dialogs.domain.facts.activities import find_activities, find_next_step, when_done


@pytest.mark.parametrize("note, kinds", [
    ("sent the proposal today", ["proposal_sent"]),
    ("proposal sent, they will review next week", ["proposal_sent"]),
    ("報價已經寄出 他們下週回覆", ["proposal_sent"]),
    ("今天做了demo 很順", ["demo"]),
    ("我明天寄報價給他們", []),
    ("下午會把提案寄過去", []),
    ("i'll send the quote tmrw", []),
    ("send quote tmrw", []),
    ("left a voicemail, no answer", []),
    ("今天跟刘总见了面，他们想把库存周转提到8次", ["meeting"]),
    ("今天和采购部张经理、IT主管赵磊开了个会。", ["meeting"]),
    ("下週要跟他們見面", []),
    ("约了周三拜访", []),
    ("如果再出一次大的货损，客户就要跑了", []),  # 跑了 is no demo run
    ("今天上午拜访了张总，先聊了聊上周的展会", ["meeting"]),  # talk at the meeting is no call besides
    ("方案已发", ["proposal_sent"]),
    ("demo done w/ plant mgr Raj Patel today", ["demo"]),
    ("今天去廠裡做了 demo", ["demo"]),
    ("跟資訊處長李建宏開過會", ["meeting"]),
    ("跟 IT head Jason 開完 call", ["call"]),
    ("next step: onsite workshop feb 10 w/ ops + IT", []),  # to come, though "onsite" is a visit's word
    ("meeting with IT scheduled for Dec 3", []),
    # Chinese notes with the English word, and Chinese said as done or to come
    ("已經寄 proposal 了", ["proposal_sent"]),
    ("proposal 寄出去了", ["proposal_sent"]),
    ("我周五前把报价发过去", []),
    ("演示做完了，效果不错", ["demo"]),
    ("跟 IT 的 Kevin 吳協理 call 了半小時", ["call"]),
    ("跟南山的 PM 王小明聊，他們想把理賠處理時間從 14 天降到 7 天", ["call"]),
    ("下周跟王总聊", []),
    ("跟IT director Kevin聊，他們想降庫存", ["call"]),
    ("我明天先把报价单发过去", []),
    ("报价单昨天已经发过去了", ["proposal_sent"]),
    ("展会扫码的线索：万家物业 刘经理，还没聊过", []),
])
def test_only_what_is_said_as_done_is_an_activity(note, kinds):
    assert [a.kind for a in find_activities(note)] == kinds


@pytest.mark.parametrize("note, step, due", [
    ("约了下周二跟张总做demo", "约了下周二跟张总做demo", date(2026, 12, 8)),
    ("下週三要跟資訊室開會", "下週三要跟資訊室開會", date(2026, 12, 9)),
    ("they need it live by March, meeting with IT scheduled for Dec 3", "meeting with IT scheduled for Dec 3",
     date(2026, 12, 3)),
    ("call booked for Tuesday", "call booked for Tuesday", date(2026, 12, 1)),
    ("约了周三拜访", "约了周三拜访", date(2026, 12, 2)),
    ("he wants a demo w their IT next thu", "he wants a demo w their IT next thu", date(2026, 12, 10)),
])
def test_a_meeting_booked_with_its_date_is_the_next_step(note, step, due):
    found = find_next_step(note, date(2026, 11, 30))
    assert (found.text, found.date) == (step, due)


@pytest.mark.parametrize("note", ["约了拜访", "they need it live by March", "他们想在6月前上线",
                                  "我下週一要寄型錄給她 週三前要跟我們SE約demo時間"])  # our own side set up
def test_nothing_booked_or_no_date_is_no_next_step_of_its_own(note):
    assert find_next_step(note, date(2026, 11, 30)) is None


@pytest.mark.parametrize("note, kind", [("first call with Gavin's chief of staff.", "call"),
                                        ("跟採購王經理通電話，他說預算還沒批", "call"),
                                        ("跟資訊處張處長第一次開會", "meeting"), ("今天跟PM Kevin meeting", "meeting")])
def test_a_first_call_or_meeting_said_plainly_is_held(note, kind):
    assert [a.kind for a in find_activities(note)] == [kind]
    assert find_activities("要跟王經理通電話") == [], "one to come is none held"


def test_just_got_off_the_phone_is_a_call_held():
    assert [a.kind for a in find_activities("ok so just got off the phone with gavin, 180 grand in the budget")] == ["call"]


@pytest.mark.parametrize("note, kind", [("跟製造處李協理開會，他們想降庫存", "meeting"), ("和信息科技部吴总聊过，预算还没定", "call")])
def test_a_meeting_or_talk_with_someone_said_in_chinese_is_held(note, kind):
    assert [a.kind for a in find_activities(note)] == [kind]
    assert find_activities("要跟王經理開會") == []


@pytest.mark.parametrize("text, day", [("had a call with Tom yesterday", date(2026, 11, 30)), ("上週跟他們開會", date(2026, 11, 24)),
                                       ("上周五做了demo", date(2026, 11, 27)), ("had a call 3 days ago", date(2026, 11, 28)),
                                       ("demo went well", None)])
def test_when_a_done_thing_happened(text, day):
    assert when_done(text, date(2026, 12, 1)) == day


@pytest.mark.parametrize("text, due", [("they'll send us their RFP next week", date(2026, 12, 7)),
                                       ("他們下週會給我們需求書", date(2026, 12, 7)),
                                       ("they will confirm by Friday", date(2026, 12, 4))])
def test_the_buyers_own_promised_move_is_the_next_step(text, due):
    assert find_next_step(text, date(2026, 12, 1)).date == due


@pytest.mark.parametrize("note, kind", [("quick intro call w Hank, he runs ops", "call"), ("方案(今天)发过去了", "proposal_sent"),
                                        ("did the demo today w Dan, went well", "demo"),
                                        ("ok so just got off w/ Priya Raman (VP Ops)", "call"),
                                        ("今天上午把正式报价书和实施方案发给了唐总", "proposal_sent")])
def test_a_short_intro_call_and_a_plan_sent_in_chinese_are_held(note, kind):
    assert kind in [a.kind for a in find_activities(note)]


@pytest.mark.parametrize("note, kind", [("方案书今天已经发了", "proposal_sent"), ("proposal 已寄出，下週五前回覆", "proposal_sent"),
                                        ("Karen forwarded our proposal to their legal for review.", "proposal_sent"),
                                        ("初次沟通，对方是运营总监", "call"), ("spoke w/ Tom Hale (VP Ops) today", "call"),
                                        ("第二次會議，跟資訊長談", "meeting")])
def test_more_ways_to_say_a_proposal_went_out_and_a_call_or_meeting_was_held(note, kind):
    assert kind in [a.kind for a in find_activities(note)]


def test_a_call_agreed_with_its_date_is_the_next_step():
    step = find_next_step("Agreed w/ Karen: redline call with their legal on 2026-12-10.", date(2026, 11, 30))
    assert step.date == date(2026, 12, 10)


def test_a_proposal_sent_today_to_someone_and_a_meeting_agreed_with_a_spaced_date():
    assert "proposal_sent" in [a.kind for a in find_activities("提案與報價已於今天寄給康健診所集團採購部王經理。")]
    step = find_next_step("雙方約定 2027年1月8日 下午兩點召開報價說明會，王經理會找院長一起出席。", date(2026, 11, 30))
    assert step.date == date(2027, 1, 8)
