"""Follow-up calls: the buying committee, the prep brief, the debrief with cadence, reminders."""

from __future__ import annotations

import threading

import pytest

from dialogs.coach import Coach
from storage import repo
from storage.db import new_session
from tests.conftest import Chat

NOTE = "Met Tom, Head of Ops. They want shipping errors down 30%, about $80k budget, live by June"


def _people(engine, opp):
    with new_session(engine) as s:
        return [(p.name, p.title, p.role, p.stance) for p in repo.stakeholders_of(session=s, opportunity_id=opp)]


# -- committee ------------------------------------------------------------------------------


def test_committee_from_chat_with_each_warning(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("committee")
    assert chat.last.meta["warnings"] == ["single_threaded", "no_key_decision_leader", "no_sponsor"]
    chat.say("add Maria Chen, CFO, key decision leader, opponent")
    assert chat.last.meta["warnings"] == ["single_threaded", "no_sponsor", "opponent_with_influence"]
    assert "contain" in chat.text, "seed 002's advice for an opponent"
    chat.say("add Tom Reyes, Head of Ops, sponsor, supporter")
    assert chat.last.meta["warnings"] == ["opponent_with_influence"]
    chat.say("update person: Maria Chen, neutral")     # edit by chat: same name, new stance
    assert chat.last.meta["warnings"] == []
    assert "Updated Maria Chen" in chat.text
    assert _people(engine, opp) == [("Maria Chen", "CFO", "key_decision_leader", "neutral"),
                                    ("Tom Reyes", "Head of Ops", "sponsor", "supporter")]


def test_committee_in_chinese(chat: Chat, engine):
    chat.say("新增商機 台北物流")
    opp = chat.last.meta["opportunity"]
    chat.say("新增聯絡人 陳美玲, 財務長, 關鍵決策者, 中立")
    assert "陳美玲 (財務長) · 關鍵決策者 · 中立" in chat.text
    assert "單線聯繫" in chat.text
    assert _people(engine, opp) == [("陳美玲", "財務長", "key_decision_leader", "neutral")]


def test_the_other_scripts_word_for_a_role_is_understood_too(chat: Chat, engine):
    # mainland reps write 决策者 as often as 决策人, and 内线 for the sponsor
    chat.say("新建商机 华东物流")
    opp = chat.last.meta["opportunity"]
    chat.say("新增联系人 孙立, CFO, 关键决策者, 中立")
    chat.say("新增联系人 李梅, 运营总监, 内线, 支持")
    assert "⚠ 还没有关键决策人" not in chat.text
    assert _people(engine, opp) == [("孙立", "CFO", "key_decision_leader", "neutral"),
                                    ("李梅", "运营总监", "sponsor", "supporter")]


def test_roles_a_note_states_are_recorded_with_undo(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("Maria Chen, CFO, has the final say; Tom from ops is our champion")
    assert "Recorded:" in chat.replies[0].text and "Maria Chen: key decision leader" in chat.replies[0].text
    assert _people(engine, opp) == [("Maria Chen", "CFO", "key_decision_leader", None),
                                    ("Tom", None, "sponsor", "supporter")]
    assert not [b for b in chat.replies[0].buttons if b.id.startswith("ppl:add:")], "stated, so not offered"
    chat.press(chat.replies[0].buttons[0].id)  # the note's Undo takes them back too
    assert _people(engine, opp) == []


@pytest.mark.parametrize("notes", [
    ["CFO Helen Wu has final say.", "Decision process: lab committee shortlists vendors, then procurement negotiates, then Helen signs."],
    ["Decision process: committee shortlists, then procurement negotiates, then CFO Helen Wu signs. Helen has final say."]])
def test_the_decider_who_also_signs_stays_the_decider(chat: Chat, engine, notes):
    chat.say("new deal Umbrella")
    opp = chat.last.meta["opportunity"]
    for note in notes:
        chat.say(note)
    assert _people(engine, opp) == [("Helen Wu", "CFO", "key_decision_leader", None)]
    chat.say("/committee")
    assert "Helen Wu (CFO) · key decision leader" in chat.last.text or "Helen Wu (CFO)" in chat.text
    assert "nobody is named as the one who makes the final call" not in chat.text


def test_a_stance_said_by_first_name_is_recorded(chat: Chat, engine):
    chat.say("new deal Umbrella")
    opp = chat.last.meta["opportunity"]
    chat.say("Omar is our champion. Helen is neutral.")
    assert _people(engine, opp) == [("Omar", None, "sponsor", "supporter"), ("Helen", None, None, "neutral")]


def test_people_with_a_guessed_role_are_added_with_one_tap(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("Raj Patel, IT director, will evaluate the pilot; budget 80k from the ops fund")
    offers = [b for b in chat.replies[0].buttons if b.id.startswith("ppl:add:")]
    assert [b.label for b in offers] == ["➕ Raj Patel (IT director)"]
    assert _people(engine, opp) == [], "a guess is only offered"
    chat.press(offers[0].id)
    assert _people(engine, opp) == [("Raj Patel", "IT director", "evaluator", None)]
    chat.press(offers[0].id)  # a second tap doesn't duplicate
    assert len(_people(engine, opp)) == 1


# -- prep -------------------------------------------------------------------------------------


def test_prep_on_a_deal_with_many_gaps_and_no_committee(chat: Chat):
    chat.say("new deal Acme")
    chat.say("/prep")
    brief = chat.last
    assert brief.meta["gaps"] == ["goals", "plans", "challenges", "timeline", "budget", "authority",
                                  "consequences", "implications"]
    assert len(brief.meta["questions"]) == 5, "the top five, GPCT first"
    assert brief.meta["questions"][0].startswith("What result does the buyer need")
    assert "Objective: Get a clear answer on Goals." in brief.text
    assert "ROI estimate" in brief.text, "no budget yet: offer an ROI estimate"
    assert "No one mapped in the buying committee yet" in brief.text
    chat.press(chat.button("prep:talk:"))
    assert "No one mapped yet" in chat.text


def test_prep_on_a_deal_with_few_gaps_is_tailored(chat: Chat):
    chat.say("new deal Acme")
    answers = {
        "goals": "Cut shipping errors 30% this year",
        "plans": "Retrained pickers last year, no lasting effect; backup is more QA staff",
        "challenges": "Ops admits they can't fix the scanner gaps themselves",
        "timeline": "Live by 2027-06-30, top priority",
        "budget": "$80k from the operations budget",
        "authority": "Maria Chen, CFO",  # weak: a person, but no decision process
    }
    for dim, text in answers.items():
        chat.say(f"/discover {dim}")
        chat.say(text)
    chat.say("add Maria Chen, CFO, key decision leader, neutral")
    chat.say("add Dev Patel, IT manager, evaluator, supporter")
    chat.say("add Rosa Diaz, warehouse supervisor, benefit owner, supporter")
    chat.say("/prep")
    brief = chat.last
    assert brief.meta["gaps"] == ["authority", "consequences", "implications"]
    assert brief.meta["questions"][0] == (
        "What steps does a purchase like this go through, and who is involved at each?"), \
        "a weak answer gets its quality follow-up, not the generic question"
    assert "Case study" in brief.text or "case study" in brief.text
    assert "Goals: Cut shipping errors 30% this year" in brief.text
    chat.press(chat.button("prep:talk:"))
    points = chat.text
    assert "Maria Chen (CFO) · key decision leader · neutral: speak to cost and return" in points
    assert "Dev Patel (IT manager) · evaluator · supporter: speak to integration and security" in points
    assert "Rosa Diaz (warehouse supervisor) · benefit owner · supporter: speak to ease of use and fewer errors" in points
    assert '"Ops admits they can\'t fix the scanner gaps themselves"' in points, "users hear their pain"
    assert '"Cut shipping errors 30% this year"' in points, "finance hears the goal"


def test_prep_names_a_deal(chat: Chat):
    chat.say("new deal Acme Corp")
    chat.say("new deal Globex")
    chat.say("prep me for my call with acme")
    assert chat.last.text.startswith("Prep · Acme Corp")


# -- debrief and cadence ----------------------------------------------------------------------


def test_debrief_files_notes_and_schedules_the_next_step(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/log")
    chat.press("log:o:connected")
    chat.say("Their CFO Maria Chen signs after a 3-week procurement review; budget is $80k")
    assert "Filed on Acme under: Budget, Authority" in chat.text
    chat.say("demo on 2026-12-03")
    assert chat.replies[0].meta["logged"] == "connected"
    assert chat.replies[0].meta["next_due"] == "2026-12-03T09:00:00+00:00"
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert (call.kind, call.outcome, call.next_step, str(call.due_date)) == (
            "call", "connected", "demo on 2026-12-03", "2026-12-03")
        assert call.summary.startswith("Their CFO Maria Chen")
        assert set(repo.current_answers(session=s, opportunity_id=opp)) == {"budget", "authority"}


def test_notes_that_give_the_next_step_are_not_asked_for_it_again(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/log")
    chat.press("log:o:connected")
    chat.say("demo booked for 2026-12-08")
    assert chat.replies[0].meta["logged"] == "connected", "the call is logged at once"
    assert "next step" not in chat.text.lower().split("logged")[0]
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert (call.next_step, str(call.due_date)) == ("demo booked for 2026-12-08", "2026-12-08")


def test_the_next_step_from_notes_is_the_clause_with_the_date_not_the_whole_note(chat: Chat, engine):
    chat.say("新建商机 苏州恒通")
    opp = chat.last.meta["opportunity"]
    chat.say("记录通话")
    chat.say("接通了")
    chat.say("聊了下，他们采购说今年预算紧，明年Q1再看，技术那边很喜欢我们demo")
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert call.next_step == "明年Q1再看"


def test_cadence_counts_attempts_and_guides_at_1_3_and_6(chat: Chat, engine, clock):
    chat.say("new deal Acme")
    guidance = {}
    for attempt in range(1, 7):
        chat.say("/log")
        chat.press("log:o:no_answer" if attempt % 2 else "log:o:voicemail")
        guidance[attempt] = chat.replies[0]
        clock.advance(days=2)
    assert [guidance[n].meta["attempts"] for n in range(1, 7)] == [1, 2, 3, 4, 5, 6]
    assert "about six attempts is what works" in guidance[1].text
    assert "Switch channel" in guidance[3].text
    assert "break-up email" in guidance[6].text
    assert guidance[1].meta["next_due"] and guidance[5].meta["next_due"]
    assert guidance[6].meta["next_due"] is None, "no seventh attempt is scheduled"
    chat.say("/log")
    chat.press("log:o:connected")
    chat.press(chat.button("ctl:skip"))
    chat.press(chat.button("ctl:skip"))
    assert chat.replies[0].meta["attempts"] == 0, "reaching them resets the count"


def test_a_fresh_lead_is_nudged_to_call_within_minutes(chat: Chat):
    chat.say("new deal Inbound Co")
    assert "within 5 minutes" in chat.text
    chat.say("/due")
    assert chat.last.meta["due"][0]["kind"] == "first_contact"


# -- reminders --------------------------------------------------------------------------------


def test_due_reminders_follow_the_clock(coach: Coach, chat: Chat, clock, engine):
    chat.say("new deal Acme")
    chat.say("/log")
    chat.press("log:o:meeting_booked")
    chat.press(chat.button("ctl:skip"))
    chat.say("meeting on 2026-11-25")
    assert coach.deliver_due("console", worker="w1") == []
    clock.advance(days=3)  # 2026-11-25 09:00
    (delivery,) = coach.deliver_due("console", worker="w1")
    assert delivery.external_id == "alice"
    (reply,) = delivery.replies
    assert "Acme: follow-up due" in reply.text
    assert [b.id for b in reply.buttons] == [f"prep:{reply.meta['opportunity']}",
                                             f"log:start:{reply.meta['opportunity']}"]
    assert coach.deliver_due("console", worker="w1") == [], "delivered once"
    chat.press(reply.buttons[0].id)  # the reminder's Prep button works
    assert chat.last.text.startswith("Prep · Acme")


def test_two_schedulers_on_one_database_deliver_each_reminder_once(engine, clock):
    with new_session(engine) as s, s.begin():
        user = repo.add_user(session=s, name="rep", now=clock())
        repo.link_identity(session=s, user_id=user.id, channel="slack", external_id="T1:U1", now=clock())
        opp = repo.add_opportunity(session=s, owner_id=user.id, name="Deal", now=clock(), channel="slack")
        for i in range(40):
            repo.add_reminder(session=s, opportunity_id=opp.id, user_id=user.id, kind="follow_up",
                              due_at=clock(), now=clock(), note=f"r{i}")
    clock.advance(minutes=1)
    a, b = Coach(engine, clock=clock), Coach(engine, clock=clock)
    delivered: dict[str, list] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def run(name, coach):
        barrier.wait()
        for _ in range(5):
            delivered[name] += coach.deliver_due("slack", worker=name, limit=10)

    threads = [threading.Thread(target=run, args=("a", a)), threading.Thread(target=run, args=("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ids = [d.replies[0].meta["reminder"] for d in delivered["a"] + delivered["b"]]
    assert len(ids) == 40 and len(set(ids)) == 40, "every reminder delivered, none twice"


@pytest.mark.parametrize("create,log_word,outcome_word,expect", [
    ("新增商機 台北物流", "記錄通話", "沒人接", "第一次嘗試"),
    ("新建商机 华东仓储", "记录通话", "无人接听", "第一次尝试"),
])
def test_debrief_in_chinese(chat: Chat, create, log_word, outcome_word, expect):
    chat.say(create)
    chat.say(log_word)
    assert [b.label for b in chat.last.buttons][2] in ("沒人接", "无人接听")
    chat.say(outcome_word)
    assert expect in chat.text


@pytest.mark.parametrize("create, log_word, outcome, notes", [
    ("新增商機 台灣精材", "記錄通話", "有接通", "跟王處長又聊了一下 他說總經理想先看demo 李課長還在擔心資安 王處長會幫我們內部推"),
    ("新建商机 苏州精工", "记录通话", "已接通", "又跟张经理聊了 周总要先看demo 赵磊还是担心数据安全 张经理说会在内部帮我们推"),
])
def test_chinese_call_notes_that_mention_a_topic_are_the_calls_notes_not_a_question(chat: Chat, engine, create,
                                                                                      log_word, outcome, notes):
    chat.say(create)
    opp = chat.last.meta["opportunity"]
    chat.say(log_word)
    chat.say(outcome)
    chat.say(notes)
    chat.say("下週二下午demo" if "商機" in create else "下周三上午做demo")
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert call.summary == notes, "the notes are the call's, word for word"


@pytest.mark.parametrize("said", ["接通了", "有接通喔", "Connected!"])
def test_an_outcome_said_in_words_is_taken(chat: Chat, said):
    chat.say("new deal Acme")
    chat.say("/log")
    chat.say(said)
    assert chat.last.meta.get("step") == "notes", "the outcome is taken, the notes are asked"


def test_notes_instead_of_an_outcome_log_a_connected_call_with_them(chat: Chat, engine):
    chat.say("新建商机 华润医药")
    opp = chat.last.meta["opportunity"]
    chat.say("记录通话")
    chat.say("他们对方案挺满意，让我们下周三出报价，采购部会先比价")
    assert chat.replies[0].meta.get("filed") or "决策权" in chat.text
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert call.outcome == "connected" and call.due_date is not None and call.due_date.weekday() == 2  # 下周三
        assert "authority" in repo.current_answers(session=s, opportunity_id=opp)


def test_what_next_lists_each_thing_to_do_once(chat: Chat):
    """A due first call and the unmet "first conversation logged" are one line, one button."""
    chat.say("新建商机 华东物流")
    chat.say("下一步该做什么？")
    reply = next(r for r in chat.replies if r.meta.get("answer") == "next_action")
    ids = [b.id for b in reply.buttons]
    assert len(ids) == len(set(ids)) and sum(i.startswith("log:start") for i in ids) == 1


def test_skipping_a_calls_outcome_logs_nothing_and_says_so(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/log")
    chat.press("ctl:skip:debrief.outcome")
    assert "Nothing logged for Acme" in chat.text and chat.last.buttons
    with new_session(engine) as s:
        assert repo.activities_of(session=s, opportunity_id=opp) == []
    chat.say("hi")
    assert "outcome" not in chat.text.lower(), "the call flow is over"


def test_prep_asks_each_question_once(chat: Chat):
    chat.say("新建商机 苏州精工")
    chat.say("客户目标是把设备停机时间降30%。去年试过自己做点检表，效果一般，备案是找外包。难点是数据都在"
             "各个车间的Excel里，IT主管承认搞不定。明年3月15号前要上线，是今年最优先的项目。预算60万，走数字化专项。"
             "最后是周总拍板，要过采购委员会。如果上不了线，大客户的订单可能要丢。做成了可以扩到第二个厂。")
    chat.say("/prep")
    questions = chat.last.meta["questions"]
    assert len(questions) == len(set(questions)), questions


def test_the_buyers_deadline_in_call_notes_is_their_timeline_not_the_next_step(chat: Chat, engine):
    chat.say("新增商機 台灣精材")
    opp = chat.last.meta["opportunity"]
    chat.say("記錄通話")
    chat.say("有接通")
    chat.say("王經理說一定要在 2027 年 5 月 31 日前上線，這是今年最優先的專案。")
    assert "下一步是什麼" in chat.text, "the next step is still asked"
    chat.say("下週二 demo")
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert call.next_step == "下週二 demo" and str(call.due_date) != "2027-05-31"


def test_call_notes_that_hedge_are_kept_as_the_calls_notes(chat: Chat, engine):
    chat.say("新增商機 長榮醫材")
    opp = chat.last.meta["opportunity"]
    chat.say("記錄通話")
    chat.say("約到會議")
    chat.say("預算還沒確定可能要明年才有 決策是廠長 但是要總公司同意")
    assert "下一步是什麼" in chat.text and "沒有進行中" not in chat.text
    chat.say("下週五前寄報價")
    with new_session(engine) as s:
        (call,) = repo.activities_of(session=s, opportunity_id=opp)
        assert call.summary.startswith("預算還沒確定") and call.next_step == "下週五前寄報價"


def test_the_first_contact_reminder_is_not_next_once_the_buyers_answers_are_on_record(chat: Chat):
    chat.say("new deal Acme")
    chat.say("what should I do next?")
    assert "First contact" in chat.text, "a fresh lead: call it"
    chat.say("/discover goals")
    chat.say("cut errors 30% this year")
    chat.say("what should I do next?")
    assert "First contact" not in chat.text, "they have been reached: their goal is on record"


def test_a_next_step_a_note_agrees_is_due_prepared_for_and_outlives_a_voicemail(chat: Chat, engine):
    """Clock: Sun 2026-11-22, so "next thursday" is 2026-11-26."""
    chat.say("new deal Globex")
    chat.say("next step: demo with their CIO next thursday")
    assert "2026-11-26" in chat.text
    chat.say("/due")
    assert "follow-up, 2026-11-26 09:00 UTC (demo with their CIO next thursday)" in chat.text
    chat.say("/prep")
    assert "Next step: demo with their CIO next thursday on 2026-11-26: prepare for it." in chat.text
    chat.say("log call")
    chat.press("log:o:voicemail")
    chat.say("/due")
    assert "next attempt" in chat.text and "demo with their CIO" in chat.text, "the booked demo still stands"
    chat.say("log call")
    chat.press("log:o:connected")
    chat.say("demo moved, next step: pilot review on 2026-12-15")
    chat.say("/due")
    assert "pilot review" in chat.text and "demo with their CIO" not in chat.text, "a call held replans it"


def test_undoing_the_note_takes_its_next_steps_reminder_back(chat: Chat, engine):
    chat.say("new deal Globex")
    chat.say("next step: demo with their CIO next thursday")
    chat.press(chat.replies[0].buttons[0].id)
    assert "Undone" in chat.text
    chat.say("/due")
    assert "demo with their CIO" not in chat.text


def test_the_reps_own_to_do_is_reminded_beside_the_booked_step_and_meets_no_criterion(chat: Chat, engine):
    chat.say("new deal Hooli")
    opp = chat.last.meta["opportunity"]
    chat.say("I'll send the case study tmrw and the quote by Fri")
    assert "your to-do: I'll send the case study tmrw and the quote by Fri (2026-11-23)" in chat.replies[0].text
    chat.say("/stage")
    assert "Next step with a date" not in chat.text or "✓ Next step" not in chat.text
    chat.say("next step: site visit on 12/10")
    chat.say("我明天先寄型錄給他 週五前再補報價")
    chat.say("/due")
    assert "site visit on 12/10" in chat.text and "I'll send the case study" in chat.text and "我明天先寄型錄給他" in chat.text
    assert "週五前再補報價" in chat.text, "each dated move its own reminder"
    chat.say("/prep")
    assert "site visit on 12/10" in chat.text, "the step agreed with the buyer is what to prepare for"
    with new_session(engine) as s:
        kinds = sorted(a.kind for a in repo.activities_of(session=s, opportunity_id=opp))
        assert kinds == ["next_step", "todo", "todo", "todo"]
        assert "timeline" not in repo.current_answers(session=s, opportunity_id=opp), "the rep's days are no deadline"


def test_a_named_signer_turns_the_no_decider_warning_into_a_question_about_them(chat: Chat):
    chat.say("new deal Initech")
    chat.say("CFO Bill Lumbergh signs")
    chat.say("committee")
    assert chat.last.meta["warnings"] == ["single_threaded", "signer_not_decider", "no_sponsor"]
    assert "Someone signs, but nobody is named as the one who makes the final call" in chat.text


@pytest.mark.parametrize("said, outcome", [("剛剛又打Jason 沒接", "no_answer"), ("left a vm again", "voicemail")])
def test_an_attempt_said_in_a_sentence_is_its_outcome(chat: Chat, said, outcome):
    chat.say("new deal Acme")
    chat.say("/log")
    chat.say(said)
    assert chat.replies[0].meta["logged"] == outcome and chat.replies[0].meta["next_due"]


def test_a_role_stated_in_a_calls_notes_reaches_the_committee(chat: Chat, engine):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say("/log")
    chat.press("log:o:connected")
    chat.say("plant GM Tom Reyes has final say, budget 80k")
    assert "Recorded: Tom Reyes: key decision leader." in chat.text
    assert _people(engine, opp) == [("Tom Reyes", "GM", "key_decision_leader", None)]


@pytest.mark.parametrize("note, undo", [("Call with Ken. Budget $50k. I'll send the proposal Friday.", "undo"),
                                        ("跟Ken通了电话，预算5万美元。我周五前把报价发过去", "撤销")])
def test_undoing_a_note_with_the_reps_to_do_takes_it_all_back(chat: Chat, engine, note, undo):
    chat.say("new deal Ken Co")
    opp = chat.last.meta["opportunity"]
    chat.say(note)
    chat.say(undo)
    assert "Undone" in chat.text or "撤销" in chat.text or "已撤" in chat.text
    assert "wrong" not in chat.text and "出了点问题" not in chat.text
    chat.say("/due")
    assert "proposal" not in chat.last.text and "报价" not in chat.last.text, "the to-do's reminder is gone"
    with new_session(engine) as s:
        assert repo.activities_of(session=s, opportunity_id=opp) == []
        assert "budget" not in repo.current_answers(session=s, opportunity_id=opp)


def test_notes_that_say_no_one_answered_log_a_voicemail_and_keep_the_booked_step(chat: Chat, engine):
    chat.say("new deal Contoso")
    opp = chat.last.meta["opportunity"]
    chat.say("next step: demo w/ their CIO on 2026-12-10")
    chat.say("/log")
    chat.press("log:o:connected")
    chat.say("left vm for marcus, will try again monday")
    assert chat.replies[0].meta["logged"] == "voicemail"
    with new_session(engine) as s:
        steps = [a.next_step for a in repo.activities_of(session=s, opportunity_id=opp) if a.next_step]
    assert steps == ["demo w/ their CIO on 2026-12-10"], "our own retry is no step agreed with the buyer"


def test_a_correction_typed_while_the_call_outcome_is_asked_corrects_and_keeps_asking(chat: Chat, engine):
    chat.say("新增商機 台積電")
    opp = chat.last.meta["opportunity"]
    chat.say("他們想把產線停機時間減少20%")
    chat.say("記錄通話")
    chat.say("欸不是20%是25%")
    assert "他們想把產線停機時間減少25%" in chat.text
    assert chat.last.meta.get("step") == "outcome", "the outcome is still asked"
    with new_session(engine) as s:
        (goal,) = repo.current_answers(session=s, opportunity_id=opp)["goals"]
        assert goal.text == "他們想把產線停機時間減少25%"
        assert repo.activities_of(session=s, opportunity_id=opp) == []
