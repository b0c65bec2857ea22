"""The discovery interview, driven through Coach.handle as any channel would."""

from __future__ import annotations

import pytest
from sqlmodel import select

from dialogs.coach import Coach
from dialogs.domain.dimensions import DIMENSIONS
from storage import repo
from storage.db import new_session
from storage.export import export_data
from storage.models import Answer
from tests.conftest import Chat

INTERVIEWS = {
    "en": ("new deal Acme Corp", [
        "Cut shipping errors by 30% this year, worth about $400k in returns",
        "Last year they retrained pickers; errors dropped 5% then crept back. Backup is hiring QA staff",
        "Ops admits they can't fix the scanner gaps with their own IT team",
        "Need it live by 2027-06-30; it's the COO's top priority for H1",
        "$80k from the operations budget, already approved",
        "Maria Chen, CFO, signs; procurement runs a 3-week review first",
        "Missing the target means another year of penalties, and Tom's bonus depends on it",
        "Hitting it frees budget for the second warehouse; Tom is up for VP",
    ]),
    "zh-Hant": ("新增商機 台北物流", [
        "今年出貨錯誤要降低 30%,約可省下 NT$150萬 退貨成本",
        "去年重新訓練揀貨員,錯誤率只降了 5%;備案是增聘品檢人員",
        "營運長承認內部 IT 沒辦法解決掃描缺口",
        "2027 年 6 月底前上線,是上半年最優先的專案",
        "營運部門編列 80萬,已經核准",
        "財務長陳美玲拍板,採購會先審三週",
        "沒達標會再被罰款一年,窗口的年終獎金也會受影響",
        "達成後可以開第二座倉庫,窗口有機會升副總",
    ]),
    "zh-Hans": ("新建商机 华东仓储", [
        "今年发货差错率降低 30%,预计节省 200万元人民币",
        "去年做过拣货培训,差错只降了 5%;备选方案是增加质检人员",
        "运营总监承认内部 IT 解决不了扫码问题",
        "2027 年 6 月底前上线,是上半年最优先的项目",
        "运营部门预算 80万,已经批准",
        "财务总监王芳拍板,采购先审三周",
        "达不到目标会继续被罚款,对接人的奖金也受影响",
        "达成后可以建第二个仓库,对接人有机会升副总",
    ]),
}


@pytest.mark.parametrize("lang", list(INTERVIEWS))
def test_full_interview_in_each_language(chat: Chat, engine, lang):
    create, answers = INTERVIEWS[lang]
    by_dimension = dict(zip(DIMENSIONS, answers))
    chat.say(create)
    opp_id = chat.last.meta["opportunity"]
    chat.press(chat.button("disc:start"))
    asked = []
    while "dimension" in chat.last.meta:
        assert chat.last.meta["opportunity"] == opp_id
        asked.append(chat.last.meta["dimension"])
        chat.say(by_dimension[asked[-1]])
        assert len(asked) <= len(DIMENSIONS), "no dimension is asked twice"
    assert asked == sorted(asked, key=DIMENSIONS.index), "GPCT, then BA, then C&I"
    assert asked[0] == "goals"
    with new_session(engine) as s:
        stored = repo.current_answers(session=s, opportunity_id=opp_id)
        user = repo.user_by_name(session=s, name="alice")
    assert user.language == lang, "language guessed from the first message"
    assert set(stored) == set(DIMENSIONS), "every dimension is captured"
    for dim in asked:
        assert [a.text for a in stored[dim]] == [by_dimension[dim]], "stored verbatim"
    # A topic that was never asked holds its clause of the answer that covered it; the whole
    # answer is its source.
    for dim in set(DIMENSIONS) - set(asked):
        assert all(a.source_text in answers and a.text in a.source_text and a.origin == "interview"
                   for a in stored[dim])
    assert all(a.language == lang and a.channel == "console" for d in stored for a in stored[d])
    chat.say({"en": "review", "zh-Hant": "回顧", "zh-Hans": "回顾"}[lang])
    for dim in asked:
        assert by_dimension[dim] in chat.text
    assert set(chat.last.meta["dimensions"].values()) <= {"captured", "weak"}


def test_questions_are_worded_in_the_users_language(chat: Chat):
    chat.say("/lang zh-Hans")
    chat.say("新建商机 测试")
    chat.press("disc:start")
    assert "目标" in chat.text and "Goals" not in chat.text
    assert [b.label for b in chat.last.buttons][:3] == ["跳过", "上一题", "还不知道"]


def test_skip_back_and_dont_know(chat: Chat, engine):
    chat.say("new deal Globex")
    chat.say("discover")
    chat.say("Grow online revenue 20%")                  # goals
    assert chat.last.meta["dimension"] == "plans"
    chat.press(chat.button("ctl:skip"))                  # skip plans
    assert chat.last.meta["dimension"] == "challenges"
    chat.say("back")                                     # back to the skipped plans
    assert chat.last.meta["dimension"] == "plans"
    chat.press(chat.button("ctl:back"))                  # back to goals, which shows what is saved
    assert chat.last.meta["dimension"] == "goals"
    assert "Grow online revenue 20%" in chat.text
    chat.say("Grow online revenue 25% by year end")      # replaces, history kept
    assert chat.last.meta["dimension"] == "plans"
    chat.press(chat.button("ctl:unknown"))               # plans: don't know yet
    assert chat.last.meta["dimension"] == "challenges"
    chat.say("not sure yet")                             # typed form of "don't know"
    assert chat.last.meta["dimension"] == "timeline"
    opp = chat.last.meta["opportunity"]
    with new_session(engine) as s:
        current = repo.current_answers(session=s, opportunity_id=opp)
        history = s.exec(select(Answer).where(Answer.dimension == "goals")).all()
    assert [a.status for a in current["plans"]] == ["unknown"]
    assert [(a.status, a.text) for a in current["challenges"]] == [("unknown", "not sure yet")]
    assert "timeline" not in current, "never asked differs from don't know"
    assert [a.text for a in history] == ["Grow online revenue 20%", "Grow online revenue 25% by year end"]
    assert history[1].supersedes_id == history[0].id


def test_back_on_the_first_question_stays_put(chat: Chat):
    chat.say("new deal Initech")
    chat.say("/discover")
    chat.say("back")
    assert chat.last.meta["dimension"] == "goals"
    assert "nothing to go back to" in chat.text


def test_ask_another_way_cycles_the_question_bank(chat: Chat):
    chat.say("new deal Umbrella")
    chat.say("/discover")
    first = chat.last.text
    chat.press(chat.button("ctl:rephrase"))
    second = chat.last.text
    assert chat.last.meta["dimension"] == "goals" and first != second
    chat.say("another way")
    assert chat.last.text not in (first, second)


def test_pause_and_resume_from_the_same_question(chat: Chat):
    chat.say("new deal Hooli")
    chat.say("/discover")
    chat.say("Double ARR to $10M")
    chat.say("Hire two SDRs and launch partner channel")
    assert chat.last.meta["dimension"] == "challenges"
    chat.say("pause")
    assert "Paused at Challenges" in chat.text
    chat.say("Random chatter after pausing")  # not taken as an answer
    chat.say("resume")
    assert chat.last.meta["dimension"] == "challenges"


def test_resume_with_a_new_coach_on_the_same_database(engine, clock):
    first = Chat(Coach(engine, clock=clock), clock=clock)
    first.say("new deal Stark Industries")
    first.say("/discover")
    first.say("Cut energy cost 15%")
    first.say("Solar pilot failed last year; backup is a PPA")
    assert first.last.meta["dimension"] == "challenges"
    clock.advance(days=1)
    # A new process: a new coach object, same database, same user.
    again = Chat(Coach(engine, clock=clock), clock=clock)
    again.say("/start")
    assert "Welcome back" in again.text
    assert again.last.meta["dimension"] == "challenges"
    again.say("Facilities team admits they lack the expertise")
    assert again.last.meta["dimension"] == "timeline"


def test_jump_to_one_dimension(chat: Chat, engine):
    chat.say("new deal Wayne")
    chat.say("/discover budget")
    assert chat.last.meta["dimension"] == "budget"
    chat.say("$120k from the IT capex line")
    assert "Budget saved" in chat.text
    assert [b.id for b in chat.last.buttons] == ["disc:start", "disc:review"]
    chat.say("discover 決策權")  # a dimension named in another language
    assert chat.last.meta["dimension"] == "authority"
    chat.say("/discover nonsense")
    assert "isn't a discovery topic" in chat.text
    chat.press("disc:start")  # the full interview skips what is already captured
    assert chat.last.meta["dimension"] == "goals"


def test_edit_keeps_history(chat: Chat, engine):
    chat.say("new deal Cyberdyne")
    chat.say("/discover budget")
    chat.say("$50k")
    chat.say("edit budget")
    assert "$50k" in chat.text and chat.last.meta["dimension"] == "budget"
    chat.say("$75k, approved by finance")
    assert "updated" in chat.text
    chat.say("review")
    assert "$75k, approved by finance" in chat.text and "$50k" not in chat.text
    assert "[edited 1×]" in chat.text
    with new_session(engine) as s:
        data = export_data(session=s)
    answers = data["opportunities"][0]["answers"]
    assert [(a["text"], a["superseded"]) for a in answers] == [
        ("$50k", True), ("$75k, approved by finance", False)]


def test_edit_of_an_unanswered_dimension_asks_it(chat: Chat):
    chat.say("new deal Tyrell")
    chat.say("edit timeline")
    assert "no answer for Timeline yet" in chat.text
    assert chat.last.meta["dimension"] == "timeline"


def test_finishing_lists_open_and_unknown_topics(chat: Chat):
    chat.say("new deal Soylent")
    chat.say("/discover")
    for dim in DIMENSIONS:
        if dim == "budget":
            chat.press(chat.button("ctl:unknown"))
        elif dim == "authority":
            chat.press(chat.button("ctl:skip"))
        else:
            chat.say(f"Answer about {dim}")
    assert "Still open: Authority" in chat.text
    assert "next call: Budget" in chat.text
    chat.say("/discover")  # a second round asks only what is still open
    assert chat.last.meta["dimension"] == "authority"


def test_discover_without_a_deal_offers_deals(chat: Chat):
    chat.say("discover")
    assert "Which deal" in chat.text
    assert "deal:new" in [b.id for b in chat.last.buttons]


def test_a_single_answer_that_completes_a_stage_sends_no_empty_message(chat: Chat):
    chat.say("new deal Northwind")
    chat.say("/discover goals")
    chat.say("they wanna cut dock-to-stock time by 40%, saves them ~200k/yr")
    assert all(r.text.strip() for r in chat.replies), "every reply says something"
    assert "Ready to move to Discovery." in chat.text and "Goals saved" in chat.text


@pytest.mark.parametrize("answer, person", [("Dr. Ellen Park (CNO) has final say", ("Ellen Park", "key_decision_leader")),
                                             ("營運長張美華說了算", ("張美華", "key_decision_leader"))])
def test_a_role_stated_in_an_answer_joins_the_committee(chat: Chat, engine, answer, person):
    chat.say("new deal Mercy Health")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover authority")
    chat.say(answer)
    assert person[0] in chat.replies[0].text, "the rep sees the committee heard it"
    with new_session(engine) as s:
        assert [(p.name, p.role) for p in repo.stakeholders_of(session=s, opportunity_id=opp)] == [person]
        assert list(repo.current_answers(session=s, opportunity_id=opp)) == ["authority"]


def test_a_hedged_answer_with_no_topic_words_is_an_explicit_unknown(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover plans")
    chat.say("they might try a pilot with us, maybe, not decided yet")
    assert "don't know yet" in chat.replies[0].text
    with new_session(engine) as s:
        assert [a.status for a in repo.current_answers(session=s, opportunity_id=opp)["plans"]] == ["unknown"]


@pytest.mark.parametrize("lang, note, goal, aside", [
    ("en", "They want to cut shipping errors 30% by Q3. Budget ~80k from ops, CFO Maria Chen signs off. "
           "Currently using spreadsheets.",
     "They want to cut shipping errors 30% by Q3", {"budget": "Budget ~80k from ops", "authority": "CFO Maria Chen signs off",
                                                    "plans": "Currently using spreadsheets"}),
    ("zh-Hant", "他們希望把交期從三週縮短到一週。預算大概150萬台幣，從營運部出。最後是總經理拍板。",
     "他們希望把交期從三週縮短到一週", {"budget": "預算大概150萬台幣，從營運部出", "authority": "最後是總經理拍板"}),
])
def test_a_whole_call_note_typed_as_an_answer_is_filed_clause_by_clause(chat: Chat, engine, lang, note, goal, aside):
    chat.say("new deal Acme" if lang == "en" else "新增商機 Acme")
    opp = chat.last.meta["opportunity"]
    chat.press(chat.button("disc:start"))
    chat.say(note)
    with new_session(engine) as s:
        stored = {d: [a.text for a in answers] for d, answers in repo.current_answers(session=s, opportunity_id=opp).items()}
    assert stored == {"goals": [goal], **{d: [t] for d, t in aside.items()}}, "each topic keeps its own clause"
    chat.say("review" if lang == "en" else "回顧")
    assert note not in chat.last.text and all(t in chat.last.text for t in [goal, *aside.values()])
    # a weak clause filed aside is still asked next, showing what was said
    chat.press(chat.button("disc:start"))
    assert chat.last.meta["dimension"] == "plans"
    assert lang != "en" or aside["plans"] in chat.last.text


def test_a_one_topic_answer_is_kept_whole(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover plans")
    chat.say("Last year they retrained pickers; errors dropped 5% then crept back. Backup is hiring QA staff")
    with new_session(engine) as s:
        assert [a.text for a in repo.current_answers(session=s, opportunity_id=opp)["plans"]] == [
            "Last year they retrained pickers; errors dropped 5% then crept back. Backup is hiring QA staff"]


def test_a_whole_note_ending_with_the_reps_to_do_still_answers_the_question(chat: Chat, engine):
    chat.say("新增商機 台灣精材")
    opp = chat.last.meta["opportunity"]
    chat.press(chat.button("disc:start"))
    chat.say("今天跟採購處長王經理聊，他們想把交期從三週縮短到一週，預算大概150萬台幣從資訊處年度預算出，"
             "最後是總經理陳大文拍板，現在用Excel加SAP，希望明年三月上線。我明天要先寄型錄給他")
    with new_session(engine) as s:
        stored = {d: [a.text for a in answers] for d, answers in repo.current_answers(session=s, opportunity_id=opp).items()}
        kinds = sorted(a.kind for a in repo.activities_of(session=s, opportunity_id=opp))
    assert stored["goals"] == ["他們想把交期從三週縮短到一週"]
    assert stored["timeline"] == ["希望明年三月上線"] and "budget" in stored and "authority" in stored
    assert kinds == ["call", "todo"], "the call held and the rep's own to-do are recorded"


def test_undo_after_a_whole_call_note_typed_as_an_answer_takes_it_all_back(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    chat.say("They want to cut shipping errors 30% by Q3. Budget ~80k from ops, CFO Maria Chen signs off. "
             "Currently using spreadsheets. I'll send the deck Friday.")
    chat.say("undo")
    assert "Undone" in chat.text
    with new_session(engine) as s:
        assert repo.current_answers(session=s, opportunity_id=opp) == {}
        assert repo.stakeholders_of(session=s, opportunity_id=opp) == []
        assert repo.activities_of(session=s, opportunity_id=opp) == []


def test_undo_after_a_plain_answer_says_how_to_edit_it(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    chat.say("Cut shipping errors 30% this year")
    chat.say("undo")
    with new_session(engine) as s:
        assert list(repo.current_answers(session=s, opportunity_id=opp)) == ["goals"], "a plain answer is not a note to undo"


@pytest.mark.parametrize("hedge", ["maybe Q2, not sure", "idk"])
def test_a_typed_hedge_never_replaces_what_the_buyer_said(chat: Chat, engine, hedge):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover timeline")
    chat.say("want it live by end of Q2")
    chat.say("/discover timeline")
    chat.say(hedge)
    assert "so I kept it" in chat.text
    with new_session(engine) as s:
        assert [a.text for a in repo.current_answers(session=s, opportunity_id=opp)["timeline"]] == ["want it live by end of Q2"]


def test_an_answer_that_also_fills_another_topic_keeps_only_its_own_clauses(chat: Chat, engine):
    # "…預算150萬 資訊處出" at the goal question: the budget is filed apart, not repeated under the goal
    chat.say("新增商機 研華")
    opp = chat.last.meta["opportunity"]
    chat.press(chat.button("disc:start"))
    chat.say("希望產線良率從92%拉到97%，一年省大概500萬，預算150萬 資訊處出")
    with new_session(engine) as s:
        stored = {d: [a.text for a in answers] for d, answers in repo.current_answers(session=s, opportunity_id=opp).items()}
    assert "預算" not in " ".join(stored["goals"]) and "97%" in stored["goals"][0]
    assert "150萬" in stored["budget"][0] and "資訊處出" in stored["budget"][0]


def test_discover_after_every_topic_asks_again_what_is_still_weak_or_unknown(chat: Chat):
    chat.say("new deal Zeta")
    chat.say("/discover")
    for answer in ["they want 20% more revenue", "they use excel, tried a vendor last yr, backup is hiring", "not sure",
                   "live by 2027-06-30, top priority", "80k from ops budget", "CFO signs after security review",
                   "they lose the contract, Tom loses his bonus", "Tom gets promoted"]:
        chat.say(answer)
    chat.say("/discover")
    assert "still weak or not known: Challenges" in chat.text
    assert chat.last.meta["dimension"] == "challenges"


def test_review_mid_interview_keeps_the_question_open_and_an_unsure_figure_answers_it(chat: Chat):
    chat.say("new deal Zeta")
    chat.say("/discover")
    chat.say("they want 20% more revenue")
    for _ in range(3):
        chat.say("skip")
    chat.say("review")
    chat.say("maybe 100k?")
    assert "Nothing was saved" not in chat.text and "Budget" in chat.text
    assert chat.last.meta.get("dimension") == "authority"  # the budget question was answered, the next one asked


@pytest.mark.parametrize("guess, dimension, skips", [("100k?", "budget", 4), ("12/15?", "timeline", 3),
                                                       ("80萬?", "budget", 4)])
def test_a_figure_typed_as_a_guess_is_kept_as_one_and_meets_nothing(chat: Chat, engine, guess, dimension, skips):
    chat.say("new deal Zeta")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    for _ in range(skips):
        chat.say("skip")
    chat.say(guess)
    assert "Nothing was saved" not in chat.text and guess in chat.replies[0].text
    assert "Move to" not in chat.text, "a guess meets no stage criterion"
    with new_session(engine) as s:
        assert [a.status for a in repo.current_answers(session=s, opportunity_id=opp)[dimension]] == ["unknown"]
    chat.say("review")
    assert guess in chat.text, "review keeps the guessed figure in sight"


def test_a_stance_or_a_doubt_on_another_topic_leaves_the_question_open(chat: Chat, engine):
    chat.say("new deal Zeta")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover budget")
    chat.say("Sam Lee, their IT director, is very supportive of us")
    assert chat.last.meta.get("dimension") == "budget", "no budget answer was given"
    chat.say("maybe Q3 go-live?")
    assert "Nothing was saved" not in chat.text and chat.last.meta.get("dimension") == "budget"
    with new_session(engine) as s:
        assert "budget" not in repo.current_answers(session=s, opportunity_id=opp)
        assert [(p.name, p.stance) for p in repo.stakeholders_of(session=s, opportunity_id=opp)] == [("Sam Lee", "supporter")]


@pytest.mark.parametrize("todo", ["我禮拜五寄報價給他", "我礼拜五把报价发给他"])
def test_the_reps_own_chinese_to_do_is_no_answer_to_the_open_question(chat: Chat, engine, todo):
    chat.say("新增商機 台積")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover consequences")
    chat.say(todo)
    assert chat.last.meta.get("dimension") == "consequences", "the question stays open"
    with new_session(engine) as s:
        assert "consequences" not in repo.current_answers(session=s, opportunity_id=opp)


def test_a_call_note_on_other_topics_typed_at_the_goals_question_files_them_and_keeps_it_open(chat: Chat, engine):
    chat.say("new deal Zeta")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    chat.say("quick update from the call w/ Sam (COO): budget approved 250k from ops capex, Sam signs, "
             "needs board ok in Jan. they want to go live by april 1")
    assert chat.last.meta.get("dimension") == "goals"
    with new_session(engine) as s:
        got = repo.current_answers(session=s, opportunity_id=opp)
    assert "goals" not in got and {"budget", "authority", "timeline"} <= set(got)


def test_what_the_buyer_would_not_answer_is_an_unknown_not_a_question_to_the_coach(chat: Chat, engine):
    chat.say("新建商机 华东")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover consequences")
    chat.say("问了不改会怎样 他没正面回答 说再看看")
    with new_session(engine) as s:
        assert [a.status for a in repo.current_answers(session=s, opportunity_id=opp).get("consequences", [])] \
            in ([], ["unknown"]), "nothing the buyer said meets the topic"
    assert "没有好答案" not in chat.text


def test_a_hedge_first_then_a_quote_asked_the_budget_is_the_budgets_unknown(chat: Chat, engine):
    chat.say("new deal Zeta")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover budget")
    chat.say("TBD. Karen: 'if it works we'll find the money'")
    with new_session(engine) as s:
        assert [a.status for a in repo.current_answers(session=s, opportunity_id=opp)["budget"]] == ["unknown"]


@pytest.mark.parametrize("lang, create, own", [
    ("en", "new deal Globex", "I'll send them the case study and book a demo"),
    ("zh-Hant", "新增商機 景福物流", "我打算先安排demo給他們看,再請主管一起提報價。"),
])
def test_the_reps_own_next_move_is_no_answer_to_what_the_buyer_plans(chat: Chat, engine, lang, create, own):
    chat.say(create)
    chat.say("/discover plans")
    assert chat.last.meta["dimension"] == "plans"
    chat.say(own)
    assert chat.last.meta.get("dimension") == "plans", "the question stays open"
    assert {"en": "your own next move", "zh-Hant": "你自己的下一步"}[lang] in chat.text
    with new_session(engine) as s:
        user = repo.user_by_name(session=s, name=chat.user)
        (opp,) = repo.opportunities_of(session=s, owner_id=user.id)
        assert "plans" not in repo.current_answers(session=s, opportunity_id=opp.id)
    # with a day to it, it is kept as the rep's to-do, and the question still stays open
    chat.say({"en": "I'll send them the case study next Tuesday", "zh-Hant": "我下週二寄案例給他們"}[lang])
    assert chat.last.meta.get("dimension") == "plans"
