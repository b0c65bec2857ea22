"""Each quality check fires on a weak answer and stays quiet on a strong one, in each language."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from dialogs.domain.evidence import dimension_issues
from dialogs.domain.quality import ISSUES, check
from dialogs.domain.reading import read_note
from prompts import LANGUAGES
from prompts.renderer import load_toml
from storage.models import Answer

TODAY = date(2026, 11, 22)

CASES = [
    # (dimension, issue, weak answer, strong answer)
    ("goals", "goal_not_quantified", "They want better shipping", "Cut shipping errors 30% this year"),
    ("goals", "goal_not_quantified", "希望提升出貨品質", "出貨錯誤率要降到 1% 以下"),
    ("plans", "plan_no_history_or_backup", "They plan to roll out a new WMS",
     "Tried retraining last year, errors came back; backup is hiring QA"),
    ("plans", "plan_no_history_or_backup", "打算导入新系统", "去年试过外包,效果不好,备案是自建"),
    ("challenges", "challenge_not_admitted", "Shipping errors are high",
     "Ops admits they can't fix the scanning gaps themselves"),
    ("challenges", "challenge_not_admitted", "出貨錯誤偏多", "營運長承認內部 IT 沒辦法解決"),
    ("timeline", "timeline_no_date", "It's their top priority", "Top priority, live by 2027-06-30"),
    ("timeline", "timeline_no_priority", "Live by 2027-06-30", "Live by 2027-06-30, top priority for H1"),
    ("timeline", "timeline_no_priority", "6月30号前要上线", "6月30号前要上线 今年重点项目"),
    ("timeline", "timeline_no_priority", "live by march 12 2027", "live by march 12 2027, top prioirty"),
    ("timeline", "timeline_no_priority", "明年6月前必须上线", "明年6月前必须上线，是今年老板最重视的项目"),
    ("timeline", "timeline_no_priority", "明年3月前要上線", "明年3月前要上線，是今年前三大的專案"),
    ("timeline", "timeline_no_priority", "明年6月前上线", "明年6月前上线 今年一号工程"),
    ("timeline", "timeline_no_priority", "live by march 12 2027", "live by march 12 2027, it's the #1 project"),
    ("timeline", "timeline_no_date", "这是最优先的事", "最优先,明年 6 月前上线"),
    ("budget", "budget_no_amount_or_source", "They have some money for it",
     "$80k from the operations budget"),
    ("budget", "budget_no_amount_or_source", "應該有預算", "營運部門編列 80 萬"),
    # a field's bare figure, filed as the budget's clause ("Budget: 50k" keeps "50k")
    ("budget", "budget_no_amount_or_source", "they have some money", "50k"),
    ("budget", "budget_no_amount_or_source", "有一些钱", "80w左右"),
    ("budget", "budget_unconfirmed", "i think the budget is like 40-50k but not confirmed", "$45k approved from the ops budget"),
    ("budget", "budget_unconfirmed", "预算80万，还没批", "预算80万，已经批了"),
    ("budget", "budget_unconfirmed", "budget maybe 100k", "budget is 100k"),
    ("budget", "budget_unconfirmed", "預算大概 80 萬，但要等明年度核准", "預算大概 80 萬，已經核准"),
    ("budget", "budget_unconfirmed", "$80k pending CFO approval", "$80k approved by the CFO"),
    ("budget", "budget_unconfirmed", "I think they have budget? prob around 40k", "they have budget, around 40k"),
    ("budget", "budget_unconfirmed", "我猜有个一百来万吧", "预算大概一百万"),
    ("budget", "budget_unconfirmed", "100k?", "100k"),
    ("budget", "budget_unconfirmed", "明年度有編500萬的預算提案，但要等市議會審完才算數，現在還沒過", "明年度有編500萬的預算，市議會已經審完"),
    ("authority", "authority_no_process", "Janet Ko, CFO, signs off. she said 'we'll figure that out once we see numbers' - so no real process yet",
     "Janet Ko, CFO, signs off after a security review and a board vote"),
    ("timeline", "timeline_unconfirmed", "12/15?", "12/15"),
    ("timeline", "timeline_unconfirmed", "i think march 31", "march 31"),
    ("authority", "authority_no_process", "Dana signs but didn't get into the steps, might involve the board, not sure",
     "Dana signs after a security review and a board vote"),
    ("timeline", "timeline_rough_period", "最好明年上半年吧", "最好明年6月30日前"),
    ("goals", "goal_not_quantified", "reduce claim denials, maybe 10-15%? they werent sure", "reduce claim denials by 15%"),
    ("authority", "authority_no_process", "CFO. Also on the call: Lisa (procurement) and Sam, IT lead",
     "CFO signs after a procurement review"),
    ("budget", "budget_unconfirmed", "預算大概 300 萬，但還在等董事會核准", "預算 300 萬，董事會已核准"),
    ("timeline", "timeline_rough_period", "live by next summer, top priority", "live by 2027-06-30, top priority"),
    ("timeline", "timeline_rough_period", "明年夏天前要上線，最優先", "明年6月30日前要上線，最優先"),
    ("timeline", "timeline_rough_period", "Q2前要上線 是今年最優先的專案", "6月30日前要上線 是今年最優先的專案"),
    ("timeline", "timeline_rough_period", "need it live by Q3, top priority", "need it live by Sept 15, top priority"),
    ("authority", "authority_no_person", "Goes through procurement review",
     "Maria Chen, CFO, signs after procurement review"),
    ("authority", "authority_no_process", "Maria Chen, CFO", "Maria Chen, CFO, signs after procurement review"),
    ("authority", "authority_no_process", "财务总监王芳", "财务总监王芳签批,先走采购比价流程"),
    ("authority", "authority_no_process", "最后拍板的是总经理陈总", "最后拍板的是总经理陈总 要走招投标"),
    ("consequences", "ci_no_personal_stake", "They'd pay penalties again",
     "They'd pay penalties again and Tom's bonus is at risk"),
    ("implications", "ci_no_personal_stake", "Frees budget for a second warehouse",
     "Frees budget for a second warehouse; Tom is up for promotion"),
    ("implications", "ci_no_personal_stake", "可以擴到第二廠", "可以擴到第二廠,窗口有機會升遷"),
    ("implications", "ci_no_personal_stake", "產能可以多一成", "做成的話廠長有機會升協理 產能也可以多一成"),
    ("consequences", "ci_no_personal_stake", "要是没搞定 会被罚款", "要是没搞定 物流总监可能要被问责"),
]


@pytest.mark.parametrize("dimension,issue,weak,strong", CASES)
def test_check_fires_on_weak_and_is_quiet_on_strong(dimension, issue, weak, strong):
    assert issue in check(dimension, weak, read_note(weak, TODAY))
    assert issue not in check(dimension, strong, read_note(strong, TODAY))


def test_every_issue_has_coaching_in_every_language():
    for lang in LANGUAGES:
        bank = load_toml(lang, "quality")
        assert set(bank) == set(ISSUES), lang
        assert all(bank[code]["coach"] and bank[code]["ask"] for code in ISSUES)


@pytest.mark.parametrize("said", ["Q2前要上線", "by Q3"])
def test_a_quarter_is_said_to_be_a_rough_period_not_a_missing_date(said):
    issues = check("timeline", said, read_note(said, TODAY))
    assert "timeline_rough_period" in issues and "timeline_no_date" not in issues


def test_a_budget_confirmed_later_is_no_longer_weak_for_the_hedge_said_before():
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    hedged = Answer(opportunity_id=1, dimension="budget", text="Budget is probably around 200k but TBD",
                    status="answered", created_at=now)
    confirmed = Answer(opportunity_id=1, dimension="budget", text="Budget confirmed: $200k from the 2027 IT capex",
                       status="answered", created_at=now)
    assert "budget_unconfirmed" in dimension_issues("budget", [hedged], TODAY)
    assert dimension_issues("budget", [hedged, confirmed], TODAY) == []


@pytest.mark.parametrize("said", ["張處長坦白說他們內部沒人會做AI", "she was candid: their team has no one who knows ML"])
def test_a_pain_the_buyer_owned_up_to_is_not_called_our_guess(said):
    assert "challenge_not_admitted" not in check("challenges", said, read_note(said, TODAY))


@pytest.mark.parametrize("dimension, said, issue", [
    ("challenges", "仓库经理老周自己说 人招不到", "challenge_not_admitted"),
    ("challenges", "許副理自己說內部IT排不出人力", "challenge_not_admitted"),
    ("goals", "分拣差错率从千分之三降到千分之一", "goal_not_quantified"),
    ("goals", "来料检验时间缩短一半", "goal_not_quantified")])
def test_what_the_buyer_said_in_these_words_is_not_flagged_missing(dimension, said, issue):
    assert issue not in check(dimension, said, read_note(said, TODAY))


def test_a_later_doubt_does_not_clear_an_earlier_one():
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    ranged = Answer(opportunity_id=1, dimension="budget", text="$80k-$120k range, TBD", status="answered", created_at=now)
    later = Answer(opportunity_id=1, dimension="budget", text="Budget won't be confirmed until finance closes planning in Jan",
                   status="answered", created_at=now)
    assert "budget_unconfirmed" in dimension_issues("budget", [ranged, later], TODAY)


def test_a_process_she_does_not_know_is_no_process():
    text = "她说老板很重视,但具体怎么走流程她也不清楚"
    assert "authority_no_process" in check("authority", text, read_note(text, date(2026, 12, 1)))


@pytest.mark.parametrize("text, is_rough", [("before Q3", True), ("by the end of Q2", True), ("Q2", True),
                                             ("by March 15", False), ("by end of 2027", False)])
def test_a_quarter_with_a_lead_word_is_still_no_date(text, is_rough):
    issues = check("timeline", text, read_note(text, date(2026, 12, 1)))
    assert ("timeline_rough_period" in issues) == is_rough
