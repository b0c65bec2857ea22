"""The note reader on the shapes reps type: phone notes cut by spaces, field lists, run-on voice
notes, hedges beside what the buyer did say, losses that are no budget."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.domain.reading import clauses, read_note

TODAY = date(2026, 11, 30)


def evidence(note: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    reading = read_note(note, TODAY)
    for seg in reading.segments:
        if seg.dimension in reading.dimensions:
            out.setdefault(seg.dimension, []).append(seg.text)
    return out


def test_a_phone_note_cut_by_spaces_files_each_thought_apart():
    got = evidence("剛打給王經理 物流業 大概30台車 目前用紙本派車單 司機常常繞路 老闆說要砍油耗15%")
    assert got["goals"] == ["老闆說要砍油耗15%"]
    assert "司機常常繞路" in got["challenges"] and all("老闆" not in t for t in got["challenges"])


def test_field_names_are_no_evidence():
    got = evidence("G: reduce scrap rate on line 4 below 2% / C: manual QC misses micro-cracks / "
                   "A: plant mgr Jürgen recommends, CFO signs")
    assert got["goals"] == ["reduce scrap rate on line 4 below 2%"]
    assert "manual QC misses micro-cracks" in got["challenges"] and got["authority"] == ["CFO signs"]
    got = evidence("Budget:今年IT預算剩大概80萬\nTarget: ECO cycle under 10 days")
    assert got["budget"] == ["今年IT預算剩大概80萬"] and got["goals"] == ["ECO cycle under 10 days"]


def test_a_hedge_far_away_in_a_run_on_voice_note_hedges_nothing_here():
    note = ("他們現在有12間分店然後預約都是各分店自己用Google表單在收 所以常常重複預約或是病人沒來也不知道 "
            "他們希望明年第一季之前把全部分店的預約系統統一起來 對了他說這個案子他自己就可以決定不用上董事會")
    reading = read_note(note, TODAY)
    assert {"goals", "authority"} <= set(reading.dimensions), "a hedge three thoughts back leaves the decider"


@pytest.mark.parametrize("note", ["如果不改，油錢每月多燒快10萬", "上個月被客戶罰了一筆違約金,大概NT$85萬"])
def test_money_lost_is_a_consequence_not_a_budget(note):
    dims = read_note(note, TODAY).dimensions
    assert "consequences" in dims and "budget" not in dims


@pytest.mark.parametrize("text", ["我的quota這季是500萬,目前才達成三成", "高鐵延誤40分鐘,會議只剩半小時",
                                  "他說他有3個小孩,老大明年要出國念書", "痛点还没挖出来，对方说得很含糊",
                                  "Marketing moved our sales kickoff to Vegas, Feb 10-12",
                                  "折扣超过10%要我们销售总监审批", "我们这个季度指标还差80万",
                                  "demo resourcing on our end is thin this week", "下周三10点 腾讯会议 会议号稍后发",
                                  "問了痛點 他沒特別說", "回去我先把测试环境准备好，周五前约他们的IT试用",
                                  "下次拜访我想带我们的架构师一起去"])
def test_our_side_travel_family_and_hedges_file_nothing(text):
    assert read_note(text, TODAY).dimensions == []


@pytest.mark.parametrize("note, held", [("今天跟他們營運長Jason開會", True), ("下週跟他們開會", False), ("明天要開會", False)])
def test_a_meeting_held_today_is_recorded_a_meeting_planned_is_not(note, held):
    assert ("meeting" in [a.kind for a in read_note(note, TODAY).activities]) is held


def test_a_short_hedge_after_a_clause_stays_with_it():
    reading = read_note("budget maybe 100k? not confirmed. CFO Tom Reed signs anything over 50k", TODAY)
    assert [s.text for s in reading.segments if s.dimension == "budget"] == ["budget maybe 100k? not confirmed"]


def test_a_clause_the_model_is_sure_of_has_one_reading():
    got = evidence("currently using paper logs + a legacy WMS. biggest pain: no real time temp alerts")
    assert got["plans"] == ["currently using paper logs + a legacy WMS"]
    assert got["challenges"] == ["no real time temp alerts"]


def test_a_long_unpunctuated_voice_note_is_cut_at_new_thoughts():
    note = ("跟私立育英國小的總務主任講了大概半小時他們想要把學校的門禁跟訪客登記整合在一起現在是警衛室手寫訪客本"
            "家長常常抱怨接小孩要等很久主任說這案子要董事會通過大概下學期才會動預算的話他說大概抓100萬左右")
    got = evidence(note)
    assert got["budget"] == ["預算的話他說大概抓100萬左右"]
    assert got["authority"] == ["主任說這案子要董事會通過大概下學期才會動"]


def test_scheduling_in_one_thought_of_a_phone_note_leaves_the_others():
    got = evidence("剛打給王經理 物流業 大概30台車 目前用紙本派車單 司機常常繞路 油錢每月多燒快10萬 老闆說要砍油耗15% 下週再約demo")
    assert got["goals"] == ["老闆說要砍油耗15%"] and "司機常常繞路" in got["challenges"]


@pytest.mark.parametrize("text", ["Our list price for 50 seats is $60k, I can go 15% off w/ my VP's approval",
                                  "我們的報價一套12萬 年費另計", "demo定在3月12号，对方会来IT和采购两个人",
                                  "今晚把ROI測算表做出來", "他秘書會再發meeting invite給我 預計下個月初",
                                  "打算Q3之前再拜访一次，争取见到他们CFO", "時程還不確定，可能Q3也可能明年",
                                  "这单要是拿下，我Q4的指标就完成了", "院長秘書說院長下個月才有空", "今晚把ROI测算表做出来，算算能帮他们省多少",
                                  "They might have some money left over in Q4 but he honestly didn't know",
                                  "1", "3.", "??"])
def test_our_pricing_scheduling_and_a_hedged_date_file_nothing(text):
    assert read_note(text, TODAY).dimensions == []


@pytest.mark.parametrize("note", ["Using 7shifts for scheduling", "dispatch runs on a CAD system from 2006",
                                  "they've been doing inventory by hand", "they're comparing us vs InfinityQS",
                                  "they book fields thru phone + email"])
def test_how_they_work_today_is_their_plan(note):
    assert "plans" in read_note(note, TODAY).dimensions


def test_being_asked_to_use_a_tool_is_no_plan_of_theirs():
    assert read_note("they asked us to use teams instead of zoom", TODAY).dimensions == []


@pytest.mark.parametrize("note, dimension", [("目前里民資料都還用Access在管", "plans"), ("他們也在看Freshdesk跟Zendesk", "plans"),
                                             ("清關資料全部人工打", "plans"), ("會員資料都撈不出來", "challenges"),
                                             ("健保申報一直被核刪", "challenges"), ("局長核定 資訊中心要審規格", "authority"),
                                             ("他们正在上SAP", "plans"), ("钱是省里的专项债", "budget"),
                                             ("局党委已经定了要做", "authority")])
def test_chinese_ways_problems_and_deciders_said_plainly(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


def test_a_continuation_joins_one_dimension_not_every_one_before_it():
    got = evidence("they track parts in excel, techs wait hours for parts")
    joined = [d for d, texts in got.items() if any("techs wait hours" in t for t in texts)]
    assert len(joined) == 1


@pytest.mark.parametrize("note, deadline", [
    ("she needs this live before the joint commission survey in oct", "before the joint commission survey in oct"),
    ("marcus wants to show results by the QBR in aug", "by the QBR in aug"),
])
def test_a_deadline_inside_a_longer_clause_keeps_its_event(note, deadline):
    assert evidence(note)["timeline"] == [deadline]


def test_bullets_are_no_part_of_the_evidence():
    got = evidence("嘉里大榮 運輸部 鄭處長\n• 想把配送準時率拉到98%\n• 如果做到 他說總經理答應讓他們部門擴編\n• 時間：農曆年前")
    assert got["timeline"] == ["農曆年前"] and got["goals"][0] == "想把配送準時率拉到98%"
    assert got["implications"] == ["如果做到 他說總經理答應讓他們部門擴編"], "the condition leads to its result"


def test_a_long_voice_note_is_cut_at_a_condition_and_a_speaker_but_not_inside_a_word():
    got = evidence("跟老周打了个电话他们客服团队八十个人还是忙不过来大促的时候回复率掉到一半"
                   "老周说这事他定就行不用上会要不然双十一又要被投诉")
    assert all("忙不" not in t or "忙不过来" in t for ts in got.values() for t in ts), "不过来 is no 不过"
    assert got["authority"] == ["老周说这事他定就行不用上会"]


def test_a_space_before_a_quarter_cuts_a_phone_note():
    got = evidence("想上质检AI 全量质检 Q3前要POC 预算在IT那边 大概150万")
    assert got["timeline"][0].startswith("Q3前要POC"), "the clause before the quarter is another thought"


@pytest.mark.parametrize("note, timeline", [("they tried an MES pilot in 2022 and killed it", False),
                                            ("cfo wants 10% back this FY", True),
                                            ("they need the new portal before the spring term", True),
                                            ("want live for next school yr", True)])
def test_a_date_gone_by_is_history_and_the_buyers_own_calendar_is_a_timeline(note, timeline):
    assert ("timeline" in read_note(note, TODAY).dimensions) is timeline


@pytest.mark.parametrize("note", ["evaluating gainsight + totango", "they piloted a float pool app on 2 units, mixed results",
                                  "looking at zendesk AI too", "currently doing time based PMs"])
def test_what_they_try_or_weigh_now_is_their_plan(note):
    assert "plans" in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note, dimension", [("催款全靠业务员打电话", "plans"), ("已经在跟华为云聊", "plans"),
                                             ("客服12個人 週末根本排不出班", "challenges"), ("人手没增加 社工一个人扛80案", "challenges")])
def test_how_it_is_done_today_and_the_strain_said_plainly(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note", ["if NRR stays flat the series C gets harder",
                                  "if churn keeps growing the board pulls funding",
                                  "grant funds must be spent by 9/30 or they go back to the state"])
def test_the_status_quo_kept_and_what_follows_is_a_consequence(note):
    assert "consequences" in read_note(note, TODAY).dimensions


def test_a_voice_note_is_cut_at_a_wish_and_after_a_complete_complaint():
    got = evidence("今天跟物流部陈经理聊了他们仓库盘点全靠人工每个月要停工两天想把盘点时间缩到半天")
    assert got["goals"] == ["想把盘点时间缩到半天"], "the wish is its own thought"
    got = evidence("跟品保主任聊 退貨率太高了客戶一直在抱怨品保每週都在加班但最後還是要廠長點頭")
    assert "退貨率太高了" in got["challenges"] and all("廠長" not in t for t in got["challenges"])


def test_a_given_name_before_chinese_is_no_part_of_the_wish_but_a_product_stays_in_its_clause():
    got = evidence("零售業 CMO Grace 想把回購率拉到30% 預算 USD 80k")
    assert got["goals"] == ["想把回購率拉到30%"] and got["budget"] == ["預算 USD 80k"]
    assert clauses("他們用 SAP 做排程") == [(0, len("他們用 SAP 做排程"))]


def test_a_long_note_files_the_stated_pain_the_saving_and_the_lost_order_where_they_belong():
    got = evidence("客户目标是把设备停机时间降30%，一年大概能少损失500万。难点是数据都在各个车间的Excel里。"
                   "如果Q2前上不了线，大客户的订单可能要丢。")
    assert "难点是数据都在各个车间的Excel里" in got["challenges"]
    assert "一年大概能少损失500万" not in got.get("consequences", []), "a loss avoided is a gain"
    assert got["consequences"] == ["大客户的订单可能要丢"]
    assert "implications" not in got


def test_a_field_name_gives_its_value_to_that_dimension_and_a_date_in_it_to_the_timeline():
    got = evidence("goal: shrink stockouts 25% by Q2, costing them ~$1.2M/yr in lost sales. "
                   "challenge: store managers ignore the forecasts & Raj admits IT has no bandwidth")
    assert got["goals"] == ["shrink stockouts 25% by Q2"]
    assert got["timeline"] == ["by Q2"], "the date alone, not the goal again"
    assert got["challenges"] == ["store managers ignore the forecasts & Raj admits IT has no bandwidth"]
    assert all("stockouts" not in t for t in got["challenges"])


def test_what_a_condition_leads_to_is_shown_with_it_as_its_own_clause():
    got = evidence("如果這次導入順利，陳經理明年就有機會升協理")
    assert got["implications"] == ["如果這次導入順利", "陳經理明年就有機會升協理"]


@pytest.mark.parametrize("note, source", [("預算大概300萬 從今年的數位轉型專案撥", "從今年的數位轉型專案撥"),
                                          ("设备预算约200万，走明年资本支出", "走明年资本支出")])
def test_where_the_money_comes_from_is_budget_evidence_beside_the_amount(note, source):
    assert source in evidence(note)["budget"]
    assert "budget" not in evidence("他们从外面找了顾问来"), "a clause inside a sentence is no source of money"


def test_a_name_set_off_by_commas_stays_in_its_clause():
    assert evidence("Budget TBD. The CFO, David Green, signs anything over $100k.")["authority"] == [
        "The CFO, David Green, signs anything over $100k"]


def test_the_reps_own_to_do_and_a_past_year_end_are_no_timeline():
    got = evidence("之前他们用过一家国产的WMS，效果一般，去年底停了。计划明年3月15号上线。我这边周三前要发方案给刘工。")
    assert got["timeline"] == ["计划明年3月15号上线"]
    assert all("我这边" not in t for ts in got.values() for t in ts)


def test_a_title_after_a_comma_belongs_to_the_name_before_it():
    got = evidence("Met Tom Baker, Head of Ops. Budget around $80k from the ops fund, CFO Maria Chen signs off.")
    assert "Head of Ops" not in got.get("authority", []), "no bare title as a clause of its own"
    assert "CFO Maria Chen signs off" in got["authority"]


@pytest.mark.parametrize("note, timeline", [
    ("CFO signs. RFP goes out in Sept", "RFP goes out in Sept"),
    # another topic's clause gives the date with what must happen by then, not the grant
    ("Grant funds $150k must be spent by 9/30", "must be spent by 9/30"),
    ("Fleet mgr wants telematics in all 300 trucks by Q2", "by Q2"),
    ("they're putting together a business case for the board meeting in Feb, board has to approve anything over 100k",
     "the board meeting in Feb"),
    ("they want to be GLP compliant for their first IND filing Q2 next year", "their first IND filing Q2 next year")])
def test_a_short_clause_about_a_dated_event_is_the_timeline_whole_and_a_long_one_gives_its_date(note, timeline):
    assert timeline in evidence(note)["timeline"]


@pytest.mark.parametrize("note, dimension, clause", [
    ("现状：纸质流转卡，出问题要翻两三天", "plans", "纸质流转卡"),
    ("做法：每週兩次到廠內巡檢", "plans", "每週兩次到廠內巡檢"),
    ("连锁烘焙，120家店。现在每家店长凭经验订货。", "plans", "现在每家店长凭经验订货"),
    ("目前是8个药师手工调剂，晚上还要加班补货", "plans", "目前是8个药师手工调剂")])
def test_a_field_name_or_their_way_today_is_the_plans_evidence(note, dimension, clause):
    assert clause in evidence(note)[dimension]


@pytest.mark.parametrize("note, unknown", [
    ("Budget TBD, they're waiting on next year's planning cycle. Main pain is their reps spend 2 hrs/day on "
     "manual data entry in Salesforce.", "budget"),
    ("預算他說要再問老闆，目前不清楚。痛點倒是很明確：月底關帳都要加班到十點，各分公司的科目對不起來。", "budget"),
    ("問他預算，他說「你先報個價再說」。倒是吐槽了半天：銷售外出拜訪沒法管", "budget")])
def test_time_spent_a_routine_month_end_and_quote_first_are_no_budget_or_deadline(note, unknown):
    reading = read_note(note, TODAY)
    assert unknown in reading.unknown and unknown not in reading.dimensions
    assert "timeline" not in reading.dimensions


@pytest.mark.parametrize("note", ["fuel spend went up 31% in 18 months", "the data comes in a week late",
                                  "they want to close the books in 5 days instead of 12"])
def test_a_duration_is_no_deadline(note):
    assert "timeline" not in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note, goal, unknown", [
    ("lab director wants to cut sample turnaround by half, no date yet",
     "lab director wants to cut sample turnaround by half", "timeline"),
    ("院長室想把掛號等候時間砍半 但時間還沒定", "院長室想把掛號等候時間砍半", "timeline"),
    ("他們想把會員資料外洩風險降下來，但 budget 還沒確定", "他們想把會員資料外洩風險降下來", "budget")])
def test_a_hedge_after_a_goal_that_names_another_topic_leaves_the_goal_and_marks_that_topic(note, goal, unknown):
    reading = read_note(note, TODAY)
    assert reading.dimensions == ["goals"] and evidence(note)["goals"] == [goal]
    assert reading.unknown == [unknown]


def test_a_hedge_inside_another_topics_figure_leaves_the_goal_beside_it_known():
    note = "跟南山的 PM 王小明聊，他們想把理賠處理時間從 14 天降到 7 天，budget 大概 NT$300 萬，還沒確定"
    reading = read_note(note, TODAY)
    assert reading.dimensions == ["goals", "budget"] and reading.unknown == []
    assert evidence(note)["goals"] == ["他們想把理賠處理時間從 14 天降到 7 天"]


@pytest.mark.parametrize("note", ["目标/时间线/预算 都TBD", "預算的部分他說還沒談，要等年底看看。",
                                  "pricing expectations unknown, she didn't want to commit to a number"])
def test_a_hedge_before_or_naming_the_topic_itself_still_files_nothing(note):
    assert read_note(note, TODAY).dimensions == []


@pytest.mark.parametrize("note, challenge", [
    ("Now running support out of a shared Outlook inbox. Tickets get lost constantly, CSAT dropped to 71.",
     "Tickets get lost constantly"),
    ("Had two outages last quarter that cost them ~$180k in refunds.", "Had two outages last quarter that cost them ~$180k in refunds")])
def test_a_loss_already_happening_is_their_pain_not_a_consequence_to_come(note, challenge):
    got = evidence(note)
    assert challenge in got["challenges"] and "consequences" not in got
    assert "consequences" in evidence("If they miss the audit again they lose the Ford contract.")


@pytest.mark.parametrize("note", ["已经把报价单发给孙总了，295万", "已寄報價單給黃經理，430萬", "proposal sent to Mark today, 145k"])
def test_the_price_we_quoted_is_a_proposal_sent_not_the_buyers_budget(note):
    reading = read_note(note, TODAY)
    assert [a.kind for a in reading.activities] == ["proposal_sent"] and "budget" not in reading.dimensions
    assert "budget" in read_note(note + "。他们的预算是300万", TODAY).dimensions


@pytest.mark.parametrize("note, goal", [
    ("Recap: goal is saving $250k a year in equipment rental overruns; plan: their tracker was abandoned",
     "goal is saving $250k a year in equipment rental overruns"),
    ("Goal: they want to improve scheduling efficiency and make the front desk less chaotic.",
     "they want to improve scheduling efficiency and make the front desk less chaotic")])
def test_a_goal_the_rep_names_is_filed_whatever_the_model_doubts(note, goal):
    assert evidence(note)["goals"] == [goal]
    assert read_note("check in at the front desk at 9, parking in lot B", TODAY).dimensions == []


@pytest.mark.parametrize("note, authority", [
    ("500 萬以下他自己就能簽。", "500 萬以下他自己就能簽"),
    ("合約超過 NT$1,000 萬要送董事會", "合約超過 NT$1,000 萬要送董事會"),
    ("Anything over $100k needs CFO sign-off.", "Anything over $100k needs CFO sign-off")])
def test_a_signing_limit_is_who_decides_not_the_budget(note, authority):
    got = evidence(note)
    assert got["authority"] == [authority] and "budget" not in got and "implications" not in got


def test_a_pasted_field_list_files_its_answers_and_neither_the_contact_nor_its_hedges():
    got = evidence("公司：悦途旅游集团\n对接人：客户体验部 李总监\n目标：会员复购率提升\n预算：她说要问财务\n"
                   "决策人：不清楚，可能是 CEO\n时间：没定\n下一步：发案例")
    assert got == {"goals": ["会员复购率提升"]}
    assert evidence("Contact: Dana Reyes, VP Ops\nDM: CFO Mark Tull") == {"authority": ["CFO Mark Tull"]}


@pytest.mark.parametrize("note", ["預算也還沒編", "预算说要看报价", "Decision maker: not sure, maybe the CEO",
                                  "周五前跟原厂确认一下测试环境。", "我這季業績才達成 60%，這案一定要拚下來。",
                                  "李总监人挺好，家里养了两只布偶猫。", "我們 SE 到 20 號前都滿檔，PoC 要排到之後。",
                                  "didn't really get into their pains, mostly intros", "they seem keen maybe, hard to tell",
                                  "@Mark can you check if legal can turn their redlines this week?",
                                  "our implementation team says we can't start until March", "研发说这个接口要下个月才排得上",
                                  "tried Dr. Anil Patel's office twice, front desk says he's 'with patients', no callback",
                                  "emailed office mgr Carla Reyes, auto-reply: out till 12/7",
                                  "計畫：我下週帶SE去倉庫看現場，回來再提WMS導入規劃＋報價"])
def test_hedges_our_own_side_and_small_talk_file_nothing(note):
    assert read_note(note, TODAY).dimensions == []


@pytest.mark.parametrize("note, step, day", [
    ("I'll send her the ROI calc tomorrow.", "I'll send her the ROI calc tomorrow", date(2026, 12, 1)),
    ("我得下周三之前把资质材料发过去，还要约技术交流。", "我得下周三之前把资质材料发过去", date(2026, 12, 9)),
    ("下周三之前发资质", "下周三之前发资质", date(2026, 12, 9)),
    # a follow-up line is the rep's own move, whatever language follows the label
    ("follow up: 下週五前回覆報價", "下週五前回覆報價", date(2026, 12, 11)),
    ("跟進：下週五前回覆報價", "下週五前回覆報價", date(2026, 12, 11)),
    ("Follow-up: send the SOW thu", "send the SOW thu", date(2026, 12, 3)),
    ("我禮拜五寄報價給他", "我禮拜五寄報價給他", date(2026, 12, 4)),
    ("我星期五把报价发给他", "我星期五把报价发给他", date(2026, 12, 4)),
    ("我这周四之前要把方案发给刘总。", "我这周四之前要把方案发给刘总", date(2026, 12, 3))])
def test_the_reps_own_dated_move_is_a_to_do_and_no_deadline_of_theirs(note, step, day):
    reading = read_note(note, TODAY)
    assert [(t.text, t.date) for t in reading.todos] == [(step, day)] and reading.next_step is None
    assert reading.dimensions == []
    assert read_note("老板拍板，周五给答复。", TODAY).todos == (), "the buyer's answer day is theirs"
    need = read_note("need to be live by June 30 before the FDA audit", TODAY)
    assert need.todos == () and need.dimensions == ["timeline"], "their need, not the rep's move"


def test_english_field_names_hedges_and_conditions_the_twelfth_writer_showed():
    assert evidence("Signer: VP Ops (Greg)") == {"authority": ["VP Ops (Greg)"]}
    reading = read_note("Budget hasn't come up. I owe them pricing by Friday", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["budget"]
    assert [t.text for t in reading.todos] == ["I owe them pricing by Friday"], "the rep's own promise, with its day"
    assert "consequences" in evidence("they need to decide by end of Feb or they're auto-renewed for another 3 yrs")
    assert evidence("Omar said member growth has flatlined at 1% and the board wants 5%")["goals"][-1] == "the board wants 5%"


@pytest.mark.parametrize("note, lost", [
    ("如果做不到，張處長今年考績會很難看，客訴也會繼續增加。", "客訴也會繼續增加"),
    ("If they miss it, renewals slip and support tickets keep piling up.", "support tickets keep piling up")])
def test_what_follows_a_failure_in_its_sentence_is_a_consequence_not_a_pain_today(note, lost):
    got = evidence(note)
    assert "challenges" not in got and any(lost in t for t in got["consequences"])


def test_a_budget_blown_in_the_past_is_history_not_their_budget():
    assert "budget" not in evidence("we tried to customize it in 2024 and it blew the budget")
    assert "budget" in evidence("travel nurses costing them ~$3M over budget this year, budget for the fix is 400k")


def test_each_of_the_reps_dated_moves_is_its_own_to_do():
    reading = read_note("我明天把案例发给孙部长 下周一前出调研提纲", date(2026, 12, 1))
    assert [(t.text, t.date) for t in reading.todos] == [("我明天把案例发给孙部长", date(2026, 12, 2)),
                                                         ("下周一前出调研提纲", date(2026, 12, 7))]


def test_a_stake_said_after_a_failure_is_a_consequence_and_a_gain_after_success_stays_one():
    got = evidence("if nothing changes they keep bleeding detention $ and Karen's on the hook, she told me her bonus is tied to it")
    assert list(got) == ["consequences"] and "she told me her bonus is tied to it" in got["consequences"]
    both = evidence("If they miss it, renewals slip, but if it works they can expand to 3 more sites")
    assert both["implications"] == ["if it works they can expand to 3 more sites"]


def test_a_fields_whole_value_is_no_implication_of_its_own():
    assert evidence("目標：護理排班時間從每月3天縮到半天") == {"goals": ["護理排班時間從每月3天縮到半天"]}


def test_the_twelfth_writers_chinese_promise_condition_and_weather():
    promised = read_note("預算還沒聊到。我答應禮拜五前給報價", TODAY)
    assert promised.dimensions == [] and promised.unknown == ["budget"]
    assert [t.text for t in promised.todos] == ["我答應禮拜五前給報價"], "our promise: a to-do, not their budget"
    assert list(evidence("陳姐說如果這次系統再延，明年的ISO稽核一定過不了，到時候幾個大客戶的供應商資格都會被拿掉")) == ["consequences"]
    assert read_note("一起抱怨今天台北熱到爆", TODAY).dimensions == []
    assert read_note("谁说了算目前摸不准", TODAY).dimensions == []


@pytest.mark.parametrize("note, dimension", [
    ("the GM makes the call on anything over 20k", "authority"),
    ("Priya makes the final decision on tooling", "authority"),
    ("her director will pick the vendor", "authority"),
    ("agents spend half the day re-keying orders", "challenges"),
    ("inbound leads go cold because nobody follows up", "challenges"),
    ("the ERP migration is eating all of IT's time", "challenges"),
    ("their vendor is sunsetting the on-prem version", "challenges"),
    ("customers wait 3+ weeks for a quote", "challenges"),
])
def test_plain_words_for_who_decides_and_for_lost_time(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note", ["they want to go live by March 1", "he wants the contract signed by Dec 15",
                                  "want to be in pilot by Feb"])
def test_a_want_that_is_only_about_timing_is_a_timeline_not_a_goal(note):
    reading = read_note(note, TODAY)
    assert "goals" not in reading.dimensions and "timeline" in reading.dimensions


@pytest.mark.parametrize("note, dimension", [
    ("原廠說舊版ERP後年起停止維護", "challenges"),
    ("年底的系統轉換會佔掉全部IT人力", "challenges"),
    ("院長決定要不要導入", "authority"),
])
def test_chinese_end_of_support_lost_staff_and_who_decides(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note", ["他們希望10/15前簽約", "希望春節前換好", "下次會議 3/12"])
def test_a_chinese_want_only_about_timing_or_our_next_meeting_is_no_goal(note):
    assert "goals" not in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note", ["if they miss it the CFO will cut their team budget", "做不到的話老闆說要砍他們部門預算"])
def test_a_budget_threatened_as_a_penalty_is_no_budget(note):
    assert "budget" not in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note, dimension", [("想在下学期开学前换好", "timeline"), ("希望金九银十之前用上", "timeline"),
                                             ("新系统上线会占满全部IT人力", "challenges")])
def test_chinese_calendar_words_and_staff_taken(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note", ["预算他觉得可能有个几十万，但也说不准", "钱：“效果好花多少都行”——没给数字", "下次沟通约在3月2号"])
def test_more_chinese_hedges_and_our_next_call_file_nothing(note):
    assert read_note(note, TODAY).dimensions == []


@pytest.mark.parametrize("note, hedged", [("周協理說他們可能想導入電子貨架標籤，還不確定規模", "plans"),
                                          ("周協理有最後決定權嗎？不知道", "authority")])
def test_a_name_does_not_shield_a_clause_from_the_hedge_beside_it(note, hedged):
    reading = read_note(note, TODAY)
    assert reading.dimensions == [] and reading.unknown == [hedged]
    assert not any(p.stated for p in reading.people), "asked or doubted, so no role is recorded"


def test_what_follows_a_but_is_judged_from_there():
    reading = read_note("不確定誰拍板，但林協理說如果能自動化報表，他們團隊每月可以省40小時", TODAY)
    assert reading.dimensions == ["implications"] and reading.unknown == ["authority"]


def test_a_priority_is_the_timelines_and_a_fallback_the_plans():
    got = evidence("去年试过人工巡检，效果一般，备选是换供应商。明年3月31号前必须上线，是今年头号项目。")
    assert "备选是换供应商" in got["plans"] and "consequences" not in got
    assert "是今年头号项目" in got["timeline"] and "是今年头号项目" not in got.get("plans", [])


def test_a_stall_is_no_date():
    reading = read_note("客户说下个月再说吧", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["timeline"]


@pytest.mark.parametrize("note, hedged", [("下季度吧，也不一定", "timeline"), ("they might have some budget, hard to say", "budget"),
                                          ("budget 50k, not sure", "budget")])
def test_a_value_said_then_doubted_is_unknown_and_the_doubt_no_topic(note, hedged):
    reading = read_note(note, TODAY)
    assert reading.dimensions == [] and reading.unknown == [hedged]


def test_a_next_step_line_is_the_step_not_a_topic():
    reading = read_note("- Next: security review with Mark on Dec 9", TODAY)
    assert reading.dimensions == [] and reading.next_step.date == date(2026, 12, 9)


@pytest.mark.parametrize("note", ["目標：降低模具換線時間，還沒講到具體數字", "they want to cut churn, no hard number yet"])
def test_a_goal_whose_number_is_unknown_is_a_weak_goal_not_an_unknown(note):
    from dialogs.domain.quality import check
    reading = read_note(note, TODAY)
    assert reading.dimensions == ["goals"] and check("goals", note, reading) == ["goal_not_quantified"]


def test_a_saving_is_no_budget_and_a_maybe_later_is_no_date():
    reading = read_note("他說良率要從92%拉到96%，一年可以少報廢約500萬。預算還沒編，可能明年Q1再說。", TODAY)
    assert "budget" not in reading.dimensions and "budget" in reading.unknown
    assert "timeline" not in reading.dimensions


@pytest.mark.parametrize("note, dimension", [
    ("if enrollment doesn't recover they'll close the night program", "consequences"),
    ("she can approve up to 40k herself, above that it's the CEO", "authority"),
])
def test_a_failing_condition_is_a_consequence_and_a_signing_limit_is_authority(note, dimension):
    reading = read_note(note, TODAY)
    assert dimension in reading.dimensions and "implications" not in reading.dimensions and "budget" not in reading.dimensions


@pytest.mark.parametrize("note", ["two big renewals are stuck on it, about 900k ARR", "感覺他們帳務那邊有點卡，但他沒明講"])
def test_revenue_at_stake_is_no_budget_and_an_unspoken_problem_is_no_challenge(note):
    reading = read_note(note, TODAY)
    assert "budget" not in reading.dimensions and not (note.startswith("感覺") and reading.dimensions)


def test_a_goal_of_cutting_cost_by_an_amount_is_no_budget():
    assert "budget" not in read_note("goal is cutting claims-handling cost by $500k a year", TODAY).dimensions


@pytest.mark.parametrize("note", ["maybe they have budget left over from Q3?", "probably they're on Hubspot? didn't confirm",
                                  "我猜大概是百万级的单子 说不好", "猜大概是百萬等級的案子啦 不好說"])
def test_a_guess_the_rep_asks_about_or_doubts_is_no_evidence(note):
    reading = read_note(note, TODAY)
    assert reading.dimensions == [] and reading.unknown


@pytest.mark.parametrize("note", ["怎么绕过对接人接触到真正拍板的人又不得罪他?", "怎麼繞過窗口直接找到老闆？",
                                  "how do I get to the real decision maker without upsetting my champion?"])
def test_a_how_to_question_to_the_coach_is_no_note(note):
    assert read_note(note, TODAY).dimensions == []


def test_a_target_with_its_figure_is_a_goal_and_a_pain_after_2pm_is_no_meeting_time():
    got = evidence("Revenue target $50M this yr (was 38). Biggest pain is nobody knows where drivers are after 2pm.")
    assert got["goals"] == ["Revenue target $50M this yr (was 38)"]
    assert got["challenges"] == ["Biggest pain is nobody knows where drivers are after 2pm"]


def test_an_inline_list_and_an_emoji_between_sentences_cut_the_note():
    got = evidence("Things I learned: 1) they're building an in-house data lake on Snowflake 2) analysts wait ~3 days "
                   "for reports")
    assert got["plans"] == ["they're building an in-house data lake on Snowflake"]
    assert got["challenges"] == ["analysts wait ~3 days for reports"]
    got = evidence("if they don't get the new MES in before the Toyota audit in Aug they could lose the Tier 1 "
                   "supplier status 😬 Plant runs on paper travelers rn")
    assert got["plans"] == ["Plant runs on paper travelers rn"]
    assert all("Plant" not in t for t in got["consequences"])


def test_a_next_step_labelled_mid_note_is_the_step_not_authority():
    reading = read_note("goal: cut claims rework 40%. next step: demo with their CIO next thursday", TODAY)
    assert reading.dimensions == ["goals"] and reading.next_step.text.startswith("demo with their CIO")


@pytest.mark.parametrize("note", ["不做的话每年多花300万外包费", "if nothing changes they keep paying ~200k/yr in overtime"])
def test_the_cost_of_doing_nothing_is_a_consequence_not_a_budget(note):
    assert read_note(note, TODAY).dimensions == ["consequences"]


def test_a_hedge_that_names_another_topic_leaves_the_rest_of_a_phone_note_known():
    reading = read_note("跟壽險公司的Kevin聊 理賠審核要縮到3個工作天 現在平均要10天 誰簽核這次沒問到 經費是數位轉型專案 大約1200萬", TODAY)
    assert reading.dimensions == ["goals", "challenges", "budget"] and reading.unknown == ["authority"]
    reading = read_note("budget is 50k, not sure who decides", TODAY)
    assert reading.dimensions == ["budget"] and reading.unknown == ["authority"]


def test_a_chinese_inline_list_a_named_deadline_and_a_cost_of_dragging_on():
    got = evidence("整理一下:1.他們自己在AWS上建資料湖 2.分析師等一份報表要3天 3.財務長想把月結從12天縮到5天")
    assert got["challenges"] == ["分析師等一份報表要3天"] and got["goals"] == ["財務長想把月結從12天縮到5天"]
    got = evidence("他們打算把舊的AS400換掉 Q2要選好導入廠商 拖過的話每年維護費多好幾百萬")
    assert got["consequences"] == ["拖過的話每年維護費多好幾百萬"] and "budget" not in got
    assert "timeline" in evidence("王經理很在意。期限是Q4 轉型專案那邊有撥300萬")
    assert "consequences" in evidence("要是年底前排放数据还报不上去 可能被环保局挂牌督办 停产整改")


def test_a_heading_on_its_own_line_names_the_bullets_under_it():
    got = evidence("康健診所集團 - discovery\n目標\n- 健保申報核刪率降到 2% 以下(目前 6%)\n計畫\n- 暫時把部分申報外包給代辦公司\n"
                   "決策\n- 執行長陳醫師 + 股東會")
    assert got["plans"] == ["暫時把部分申報外包給代辦公司"] and got["authority"] == ["執行長陳醫師 + 股東會"]
    assert all("目標" not in t and "計畫" not in t for ts in got.values() for t in ts)


def test_a_dash_bullets_field_name_is_no_evidence_and_a_decider_keeps_their_verb():
    got = evidence("- 決策:Grace 提案,總經理核准\n- 預算 200萬 內")
    assert all(not t.startswith("決策") for t in got["authority"])
    assert got["budget"] == ["預算 200萬 內"]
    assert evidence("營運長 Amy 拍板,財務長會看 ROI")["authority"][0] == "營運長 Amy 拍板"
    assert evidence("合約都是執行長 Rick 簽。")["authority"] == ["合約都是執行長 Rick 簽"]


@pytest.mark.parametrize("note", ["TODO:幫他們財務長做 ROI 試算,請 SE 支援技術問題",
                                  "possibly looking at a rollout sometime next year, nothing firm",
                                  "预算:未知;决策链:未知;时间:未讨论", "王总说下半年也许能批点钱,还得再看", "可能有痛點吧 但聊下來不是很明顯"])
def test_a_to_do_line_and_more_hedges_file_nothing(note):
    assert read_note(note, TODAY).dimensions == []


def test_ill_typed_without_its_apostrophe_is_the_reps_own_to_do():
    reading = read_note("ill send him the pricing deck fri and loop in our SE Kim for a demo next wk", TODAY)
    assert reading.dimensions == [] and reading.next_step is None and len(reading.todos) == 1


def test_who_we_met_is_no_authority_when_the_note_says_who_signs_is_unknown():
    reading = read_note("ok so just got off w/ Priya Raman (VP Ops) at northwind - they wanna cut late deliveries from 12% "
                        "to under 5% by end of next year. no idea who signs yet.", TODAY)
    assert "authority" not in reading.dimensions and reading.unknown == ["authority"]
    assert "authority" in read_note("EB is Paul Novak, CEO. not sure about the process yet", TODAY).dimensions


def test_a_field_name_cut_off_before_its_if_names_the_clause_after_it():
    got = evidence("Timeline: they need go-live before Q3. Consequences: if late rate doesnt drop they lose the Contoso contract")
    assert got["consequences"] == ["if late rate doesnt drop they lose the Contoso contract"]


def test_bullets_on_one_line_cut_the_note_and_an_admission_is_a_challenge():
    got = evidence("Notes w Bill (Dir Finance) • Budget: ~120k, comes out of the finance fund • Challenge: 3 FTEs doing "
                   "manual reconciliations, Bill says theyve hit a wall • Risk if nothing: audit findings again, ~$50k fines")
    assert got["budget"] == ["~120k", "comes out of the finance fund"]
    assert "Bill says theyve hit a wall" in got["challenges"]
    assert "Risk" not in got["consequences"] and "audit findings again" in got["consequences"]
    assert evidence("張總自己說撐不下去了") == {"challenges": ["張總自己說撐不下去了"]}
    assert evidence("明年6月前上线 今年一号工程")["timeline"] == ["明年6月前上线", "今年一号工程"]


def test_the_reps_own_call_attempts_are_no_plan_of_theirs():
    assert read_note("Tried Mark twice today, no pickup. Left a voicemail at 10:40 and emailed the brochure.", TODAY).dimensions == []


def test_a_to_do_next_week_is_due_next_week_not_at_a_later_period_in_it():
    (todo,) = read_note("I'll send the proposal next week and follow up sometime in Q1", TODAY).todos
    assert todo.date == date(2026, 12, 7)


def test_a_pipe_cuts_a_field_dump_and_a_long_run_on_is_cut_before_a_new_subject():
    got = evidence("客戶:宏達精密(台中,約300人)| 現況:排程用Excel,生管兩個人每天手動排 | 痛點:插單一來整個亂掉")
    assert got["plans"] == ["排程用Excel"]
    got = evidence("so the main thing is they're trying to get chronic absenteeism down from 22 percent to under 15 by next "
                   "school year and right now attendance calls home are done by two secretaries with a phone tree and the "
                   "money would be ESSER leftover funds which expire in September")
    assert any(t.startswith("right now attendance calls") for t in got["plans"])
    assert "consequences" in evidence("如果明年6月前還沒通過ISO 27001,就會失去那張銀行的標案,一年大概三千萬的生意")


@pytest.mark.parametrize("note", ["possibly a pain point around reporting but I'm guessing here", "call dropped twice, finished on my mobile",
                                  "他們沒有編預算,也沒有時程", "3Q~", "22号预算评审会的邀请已经发出"])
def test_a_seventeenth_writers_non_discovery_texts_file_nothing(note):
    assert read_note(note, TODAY).dimensions == []


def test_a_clause_that_says_it_is_the_pain_is_no_plan():
    got = evidence("tried a homegrown tracker last yr that flopped, biggest pain is dispatch still on spreadsheets")
    assert got == {"plans": ["tried a homegrown tracker last yr that flopped"],
                   "challenges": ["biggest pain is dispatch still on spreadsheets"]}


def test_a_budget_to_be_set_later_is_no_budget_and_a_stake_if_nothing_changes_is_a_consequence():
    reading = read_note("Amy私下說董事會12/18才開，預算到時候才會定", TODAY)
    assert "budget" not in reading.dimensions and "budget" in reading.unknown
    assert "consequences" in evidence("如果春季学期排课还是靠手工，去年那种课表冲突再来一次，何老师说她这个总监位置都悬")


def test_the_buyer_saying_they_have_no_one_to_handle_it_is_an_admitted_challenge():
    assert "李先生自己也說內部沒人力處理" in evidence("目前用Excel排程常出錯，李先生自己也說內部沒人力處理。")["challenges"]


@pytest.mark.parametrize("note, dim", [
    ("their site lists 14 offices across 2 states, bet their scheduling is a mess w that many locations", "challenges"),
    ("我猜他們司機流動率很高 應該是痛點 之後可以往這邊打", "challenges"),
    ("不做的话我觉得他们明年大促肯定扛不住 但客户自己没这么说", "consequences")])
def test_the_reps_own_guess_or_read_is_an_unknown_not_the_buyers_word(note, dim):
    reading = read_note(note, TODAY)
    assert dim not in reading.dimensions and dim in reading.unknown


def test_a_webinar_sign_up_and_a_lone_label_file_nothing_and_a_voice_note_is_cut_at_a_new_subject():
    assert read_note("MQL - signed up for the nov 19 webinar, title says Regional Ops Director", TODAY).dimensions == []
    got = evidence("talked to mike rossi hes the plant manager they want scrap down from about 6 percent to under 3 "
                   "which he says is like 1.2 million a year right now they track defects on paper travel cards")
    assert got["plans"] == ["right now they track defects on paper travel cards"]
    assert got["goals"][0].startswith("they want scrap down")


def test_a_denied_problem_a_called_off_date_and_an_email_received():
    reading = read_note("问痛点，陈总说'我们现在流程挺顺的，没什么大问题'", TODAY)
    assert "challenges" not in reading.dimensions and "challenges" in reading.unknown
    off = read_note("go-live pushed to 'sometime next year, no date right now'. march 1 is off the table", TODAY)
    assert off.dates == [] and "timeline" in off.unknown
    assert read_note("email from Karen fri: CFO confirmed $200k out of the FY27 IT capex line", TODAY).todos == ()
    assert [d.date for d in read_note("2027/3/31前要先上20家門市", TODAY).dates] == [date(2027, 3, 31)]


def test_a_note_that_someone_turned_against_us_is_news_not_small_talk():
    reading = read_note("ugh. Rob Chen flipped. their vendor pitched a bundle and now he's against us", TODAY)
    assert not reading.small_talk and [(p.name, p.stance) for p in reading.people] == [("Rob Chen", "opponent")]


def test_what_success_makes_possible_for_the_contact_is_an_implication():
    assert "implications" in evidence("報到率拉回90%的話可以保住深耕計畫補助，張組長說這案做起來是她升招生處長的關鍵")


def test_a_bulleted_note_states_its_roles_and_its_next_step_stops_at_the_next_bullet():
    reading = read_note("call notes - Tom Lee VP Sales is our champion - CFO Ann Diaz decides - budget maybe 80k, "
                        "not approved - next step: demo on Dec 9 - me: send pricing deck tomorrow", TODAY)
    assert [(p.name, p.role, p.stated) for p in reading.people] == [("Tom Lee", "sponsor", True),
                                                                      ("Ann Diaz", "key_decision_leader", True)]
    assert reading.next_step.text == "demo on Dec 9"
    assert [t.text for t in reading.todos] == ["send pricing deck tomorrow"]


def test_a_promotion_the_contact_is_in_line_for_is_an_implication():
    assert "implications" in evidence("If we get scrap under 4%, Dave's plant turns a profit and he's in line for "
                                      "the regional ops director job.")


@pytest.mark.parametrize("note", ["预算大概50万左右？刘总说要看方案再定。", "budget 80k? she wasn't sure"])
def test_a_budget_figure_typed_with_a_question_mark_is_a_guess(note):
    reading = read_note(note, TODAY)
    assert "budget" not in reading.dimensions and "budget" in reading.unknown


def test_what_going_live_makes_possible_is_an_implication():
    assert "implications" in evidence("上线后能拿到两家日本客户的供应商资格，马总说这是他今年给董事会的头号成绩")


def test_an_accounts_size_a_booked_clarification_meeting_and_help_to_the_contacts_career():
    assert read_note("Webinar signup: Brightline Freight, Jess Moore, Dir. Logistics, ~300 staff", TODAY).dimensions == []
    booked = read_note("唐总回微信说收到了，约好12月11号下午开报价澄清会，技术部和采购都参加", TODAY)
    assert (booked.next_step.date, booked.todos) == (date(2026, 12, 11), ())
    assert "implications" in evidence("做成了张主任可以拿去申报省里的智慧医院示范项目，他说对他评正高很有帮助")
    assert read_note("谢谢，很有帮助！", TODAY).small_talk


def test_the_reps_own_visit_and_a_date_they_did_not_give_are_no_timeline():
    reading = read_note("上线时间对方没给，李主任说要看集团安排。我这边下周三去他们仓库看现场，周五前把方案框架发给他。", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["timeline"]
    assert [t.date for t in reading.todos] == [date(2026, 12, 9), date(2026, 12, 4)]


# The eighteenth blind writer's misses (notes/train17/), each as a rep would type it.

def test_a_bare_verb_under_a_goal_field_is_the_buyers_goal_not_the_reps_move():
    reading = read_note("goals: ship same-day in 5 more metros by Q4\nplan: build in-house routing", TODAY)
    assert "goals" in reading.dimensions and "plans" in reading.dimensions
    assert read_note("goal: send me the deck friday", TODAY).dimensions == []


@pytest.mark.parametrize("note", [
    "Fatima Al-Sayed, Head of HR @ Gulf Star Hospitality (UAE, ~4k staff). Attrition 38% in front-line roles.",
    "見了研發處陳處長跟採購Vicky。陳處長想把PCB設計驗證的週期從6週縮到3週",
    "参会:我方 老刘、小陈;客户方 采购部 韩经理、设备科 吴工\n韩经理说今年技改资金里给这块留了60万。",
    "Hi Boss,\n跟進咗新世紀物業管理嘅case。而家仲係用紙仔簽到。",
])
def test_whom_the_rep_met_or_greeted_is_no_authority(note):
    assert "authority" not in read_note(note, TODAY).dimensions


def test_a_month_told_in_the_past_or_in_thanks_is_no_deadline():
    assert "timeline" not in read_note("blocker: they lost their optimisation lead in may", TODAY).dimensions
    assert "timeline" not in read_note("they signed with the incumbent in march", TODAY).dimensions
    assert "timeline" in read_note("need it live by march", TODAY).dimensions
    reading = read_note("张总您好,感谢今天抽时间交流。跟您确认一下:第一个仓4月开业。", TODAY)
    assert [s.text for s in reading.segments if s.dimension == "timeline"] == ["跟您确认一下:第一个仓4月开业"]


def test_a_want_without_a_figure_is_a_goal_but_a_step_of_the_sale_is_not():
    assert read_note("they want a b2b portal so distributors can reorder w/o emailing", TODAY).dimensions == ["goals"]
    assert read_note("she wants bids out in 5 days", TODAY).dimensions == ["goals"]
    assert read_note("he wants 3 quotes", TODAY).dimensions == []
    assert read_note("they want to see a demo", TODAY).dimensions == []
    assert read_note("mgr wants all q3 deals w/ next steps by eod", TODAY).dimensions == []


def test_the_rest_not_discussed_leaves_the_clause_before_it_known():
    reading = read_note("跟康澤醫院資訊室通完電話 他們HIS要在明年3/31前上線 現在最頭痛是舊資料轉檔 其他還沒聊到", TODAY)
    assert reading.dimensions == ["challenges", "timeline"] and reading.unknown == []
    assert "現在最頭痛是舊資料轉檔" in [s.text for s in reading.segments]


@pytest.mark.parametrize("text", [
    "打算周末把方案第三章重写一遍，加两个制造业案例",
    "要先準備 demo 環境，禮拜一前弄好",
    "周会上定了这个客户升级成重点客户，老板亲自跟",
    "回头我整理一份同行业案例给张总看看 顺便探探预算",
    "老板说这个季度要把这单预测拉进commit",
])
def test_the_reps_own_work_and_side_file_nothing(text):
    assert read_note(text, TODAY).dimensions == []


def test_a_buyers_boss_watching_and_their_contract_are_still_theirs():
    assert read_note("今年最高优先级，老板亲自盯", TODAY).dimensions == ["timeline"]
    assert "timeline" in read_note("时间节点：年前要把合同签了，3 月 15 号上线。", TODAY).dimensions


def test_a_half_remembered_plan_is_unknown():
    reading = read_note("好像他们之前用过别家的系统 记不太清了", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["plans"]


# The eighteenth and nineteenth blind writers' misses, each as a rep would type it.

def test_a_persons_side_is_authority_not_a_challenge():
    reading = read_note("heads up - IT sec guy (Dmitri) is a blocker, hates anything cloud.", TODAY)
    assert reading.dimensions == ["authority"]
    assert read_note("Integration w/ their EHR is the blocker.", TODAY).dimensions == ["challenges"]
    reading = read_note("talked budget finally!! 75k AUD, from marketing not IT. andrew (cmo) is the EB. "
                        "still need to get IT on side, their head of infra hates saas", TODAY)
    assert "andrew (cmo) is the EB" in [s.text for s in reading.segments if s.dimension == "authority"]
    assert "challenges" not in reading.dimensions
    assert read_note("No idea who signs off - didn't get a chance to ask. Still need to find the EB.", TODAY).dimensions == []


def test_who_holds_the_budget_and_when_it_is_signed_are_not_budget_nor_authority():
    reading = read_note("Phil owns the budget but COO Andrea Lim has final sign off", TODAY)
    assert reading.dimensions == ["authority"]
    reading = read_note("Joanne needs contracts signed by the 15th so it lands in their fiscal yr", TODAY)
    assert "authority" not in reading.dimensions and "timeline" in reading.dimensions


def test_a_stake_under_if_is_a_consequence_not_a_timeline():
    reading = read_note("Amir said if they don't move the needle the state contract renewal is at risk.", TODAY)
    assert reading.dimensions == ["consequences"]
    assert read_note("If tenant complaints keep going up the regulator could downgrade them", TODAY).dimensions \
        == ["consequences"]


@pytest.mark.parametrize("note", [
    "Who was there: Fiona Heath (Asset Manager), Ken Obi (Procurement Lead). Ken mostly listened.",
    "She's off to Mont-Tremblant next week so nothing happens until the 20th anyway.",
    "Otherwise we just chatted about the surf at Noosa. – Bec",
    "Actions for me: send the Linfox case study, quote for 35 vehicles.",
])
def test_attendees_absences_small_talk_and_my_actions_file_nothing(note):
    assert read_note(note, TODAY).dimensions == []


def test_a_topics_name_alone_is_no_evidence_and_not_identified_is_unknown():
    reading = read_note("Decision-wise, Isabelle owns the platform choice but anything multi-year goes to their CEO", TODAY)
    assert "Decision-wise" not in [s.text for s in reading.segments] and reading.dimensions == ["authority"]
    reading = read_note("Decision maker: not identified", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["authority"]
    assert read_note("They're trying to get billable-hour capture up", TODAY).dimensions == ["goals"]


def test_the_reps_impression_is_no_budget_and_an_upside_is_no_budget():
    reading = read_note("call w/ Meghan @ Pinecrest Credit Union. prob has budget, seems like theyre a good fit", TODAY)
    assert reading.dimensions == [] and "budget" in reading.unknown
    reading = read_note("seems like they have money bc they just raised but didnt confirm.", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["budget"]
    reading = read_note("Mia wants conversion up from 1.8% to 2.5% on mobile. She said hitting that would roughly be "
                        "an extra $3M a year and it's tied to her bonus.", TODAY)
    assert "budget" not in reading.dimensions and "implications" in reading.dimensions


def test_a_loss_they_will_suffer_is_a_consequence_and_a_seller_badge_no_logistics():
    reading = read_note("Per Rohan, if the warehouse can't do same-day shipping they'll lose the Flipkart preferred "
                        "seller badge, and that's ~30% of their online orders", TODAY)
    assert "consequences" in reading.dimensions
    assert read_note("need to pick up my visitor badge at the front desk", TODAY).dimensions == []


def test_one_english_clause_with_two_topics_gives_each_its_own_side():
    got = evidence("target is below 50ppm defects by end of year because OEM customer threatened to drop them otherwise")
    assert got["goals"] == ["target is below 50ppm defects"] and got["timeline"] == ["by end of year"]
    assert got["consequences"] == ["because OEM customer threatened to drop them otherwise"]
    got = evidence("regulator wants wait times under 5 min by 1 Jan or there's a penalty of CAD 50k per month")
    assert got["consequences"] == ["or there's a penalty of CAD 50k per month"]
    assert all("penalty" not in t for t in got["goals"])


def test_a_condition_alone_takes_its_result_and_a_full_one_stays_as_it_is():
    assert evidence("If the rollout works, Mei says they can open the Osaka office without hiring another ops person.")[
        "implications"] == ["If the rollout works, Mei says they can open the Osaka office without hiring another ops person"]
    got = evidence("if they can't fix the uptime they could lose that contract, anyway the final call sits with the CTO")
    assert all("CTO" not in t for t in got["consequences"])


@pytest.mark.parametrize("note, dimension", [
    ("they plan to retrofit sensors on all conveyors during the December shutdown", "plans"),
    ("has ₹25 lakh kept aside for software this year", "budget"),
    ("want every farm on the milk quality dashboard by next spring", "goals"),
    ("main issue: farmers are old school, half have no smartphone", "challenges"),
    ("she said 'if we get another CQC flag on this im out of a job'", "consequences"),
    ("Has to be cleared by 30 June or the regulator will fine them", "consequences"),
    ("council votes on the contract on 9 Oct", "authority"),
])
def test_what_the_buyer_said_in_a_new_writers_words_is_filed(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note, dimension", [
    ("they plan to retrofit sensors on all conveyors during the December shutdown", "consequences"),
    ("occupancy fine but guest reviews on wifi killing them", "consequences"),
    ("aiming for 50k paying subs in yr one", "budget"),
    ("permit applications still on paper, average approval time 42 days", "authority"),
    ("we plan to send them the case study", "plans"),
])
def test_a_word_that_only_looks_like_a_topic_files_nothing_there(note, dimension):
    assert dimension not in read_note(note, TODAY).dimensions


@pytest.mark.parametrize("note, dimension", [
    ("- timeline: wasn't discussed", "timeline"),
    ("They're not evaluating anyone else right now.", "plans"),
    ("Budget: maybe, depends on Q2.", "budget"),
])
def test_not_discussed_and_depends_on_are_unknowns(note, dimension):
    reading = read_note(note, TODAY)
    assert reading.dimensions == [] and dimension in reading.unknown


def test_a_question_to_the_coach_and_n_a_file_nothing():
    assert read_note("Can you help me prep questions for the CFO meeting?", TODAY).dimensions == []
    assert read_note("Goals: n/a yet", TODAY).dimensions == []


def test_an_arrow_before_a_new_sentence_cuts_a_note_and_a_chain_of_steps_stays_whole():
    got = evidence("goal: cut fuel spend 15% -> they burn MX$2.3M/month on diesel")
    assert got["goals"][0] == "cut fuel spend 15%"
    got = evidence("Decision process: IT eval (4 wks) -> security review -> CFO approval")
    assert got["authority"] == ["IT eval (4 wks) -> security review -> CFO approval"]


def test_a_chat_transcript_drops_its_time_stamps_and_the_reps_own_lines():
    got = evidence("[10:02] Kofi: we're moving all 14 warehouses onto one WMS\n"
                   "[10:06] me: who else needs to be in the room?\n"
                   "[10:06] Kofi: our MD, Abena, she approves anything above GH₵500k")
    assert got["plans"] == ["we're moving all 14 warehouses onto one WMS"]
    assert got["authority"] == ["our MD, Abena, she approves anything above GH₵500k"]


def test_not_sure_if_keeps_its_object_as_a_hedge():
    reading = read_note("not sure if Q3 is realistic for them, TBD", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["timeline"]


def test_a_goal_that_ends_on_its_deadline_shows_the_goal_and_the_date_apart():
    got = evidence("They want to cut food waste by 30% by end of 2027. Budget is $40k.")
    assert got["goals"] == ["They want to cut food waste by 30%"] and got["timeline"] == ["by end of 2027"]
    got = evidence("they want to launch by Black Friday")  # nothing left of the goal without its date
    assert got["goals"] == ["they want to launch by Black Friday"]


@pytest.mark.parametrize("note, dimension", [
    ("His wife Linda does the books and he said she has to sign off on anything over a grand.", "authority"),
    ("Both of them have to agree, Debbie is the more cautious one.", "authority"),
    ("Vet clinic, Dr. Nguyen and her husband own it together, both have to say yes.", "authority"),
    ("$99/mo tops, she said that's what's left after rent.", "budget"),
    ("He's got about $500/mo to spend, from a small business loan he just got.", "budget"),
    ("She wants 20 new patient bookings a month from the website.", "goals"),
    ("Just him and his dad, dad has to agree.", "authority"),
    # snow shovels sold out are a business's pain, no talk of the weather
    ("He's losing track of stock and ran out of snow shovels twice last winter, lost a bunch of sales.", "challenges"),
])
def test_a_small_business_owners_words_are_filed(note, dimension):
    assert dimension in read_note(note, TODAY).dimensions


def test_a_rate_without_a_word_of_spending_and_money_made_are_no_budget():
    assert "budget" not in read_note("cost per claim ~$14", TODAY).dimensions
    assert read_note("He wants to know which truck spot makes the most money.", TODAY).dimensions == []
    assert read_note("talked about his wife's new job for 10 min lol", TODAY).dimensions == []


def test_meddic_field_names_are_their_topics():
    got = evidence("Metrics: NRR 105 -> 115 by FY26. EB: Group Controller Anneke de Vries. "
                   "DP: Anneke + IT director, then procurement. Competition: Gong already in there.")
    assert got["goals"] == ["NRR 105 -> 115 by FY26"] and got["timeline"] == ["by FY26"]
    assert "Group Controller Anneke de Vries" in got["authority"] and got["plans"] == ["Gong already in there"]


def test_money_allocated_with_its_amount_is_budget_and_a_promise_not_real_yet_is_not():
    assert "budget" in read_note("Head of Finance Camila Souza says board allocated R$1.5M for a new planning tool.",
                                 TODAY).dimensions
    reading = read_note("Budget: maybe, Ingrid said 'we'll find money if the case is strong' - not real yet.", TODAY)
    assert reading.dimensions == [] and reading.unknown == ["budget"]


def test_a_long_clause_the_timeline_shares_with_a_consequence_gives_the_timeline_its_date():
    got = evidence("If the course doesn't launch before summer break, she said they'll have a waitlist again "
                   "and kids go to the competitor")
    assert got["timeline"] == ["before summer break"]
    assert got["consequences"][0] == "If the course doesn't launch before summer break"


def test_a_gain_if_it_goes_in_and_a_title_someone_is_in_line_for_are_implications():
    got = evidence("If the new WMS goes in, Marta (VP Ops) said they can take on the Lidl account, roughly +€6m a year, "
                   "and she's in line for COO.")
    assert set(got) == {"implications"}, "a gain with a plus sign is no budget"


def test_an_or_clause_with_its_own_topic_is_split_there():
    got = evidence("Regulator gave them until 30 June to clear their KYC backlog or face fines.")
    assert got["timeline"] == ["until 30 June"] and "consequences" in got


@pytest.mark.parametrize("text", ["客戶一直已讀不回 要怎麼跟進比較好？", "折扣超过15%要走内部审批 我先跟领导报备",
                                  "他们暂时没在看别家"])
def test_a_question_to_us_our_own_sign_off_and_not_looking_elsewhere_file_nothing(text):
    assert read_note(text, TODAY).dimensions == []


def test_who_the_contact_is_names_no_decider():
    got = evidence("金穗农业,对接人是行政主管李婷。她说老板很重视")
    assert all("对接人" not in t for t in got.get("authority", []))


def test_a_dictated_voice_note_is_cut_at_its_pauses():
    got = evidence("quick one um Northbay Clinics they've got um a hundred and twenty thousand dollars approved from "
                   "the IT modernization fund for this year and basically Dr Okafor the medical director has final say "
                   "with the board rubber stamping it so yeah looks real")
    assert got["budget"] == ["a hundred and twenty thousand dollars approved from the IT modernization fund for this year"]
    assert any("has final say" in t and "dollars" not in t for t in got["authority"])
