"""Notes pasted outside the interview are filed by dimension, with facts and a one-tap undo."""

from __future__ import annotations

import pytest

from sqlmodel import select

from dialogs.domain.dimensions import DIMENSIONS
from storage import repo
from storage.db import new_session
from storage.models import Answer
from tests.conftest import Chat

NOTE = "Met Tom, Head of Ops. They want shipping errors down 30%, about $80k budget, live by June"


def _current(engine, opp_id):
    with new_session(engine) as s:
        return repo.current_answers(session=s, opportunity_id=opp_id)


def test_a_note_is_filed_across_dimensions_with_facts(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say(NOTE)
    filed = chat.replies[0]
    assert filed.meta["filed"] == ["goals", "timeline", "budget"]
    assert "Goals, Timeline, Budget" in filed.text
    assert "$80,000" in filed.text and "2027-06-30" in filed.text and "30%" in filed.text
    assert "Tom (Head of Ops)" in filed.text
    assert [b.id for b in filed.buttons][0] == f"note:undo:{filed.meta['batch']}"
    assert [b.label for b in filed.buttons][1:] == ["➕ Tom (Head of Ops)"], "people offered as stakeholders"
    current = _current(engine, opp)
    # Each dimension keeps its own clause as evidence, with that clause's facts; the whole note
    # is the source.
    evidence = {d: current[d][0] for d in ("goals", "timeline", "budget")}
    assert evidence["goals"].text == "They want shipping errors down 30%"
    assert evidence["budget"].text == "about $80k budget"
    assert evidence["timeline"].text == "live by June"
    assert evidence["budget"].facts["amounts"] == [{"value": 80000, "currency": "USD", "text": "$80k"}]
    assert evidence["goals"].facts["amounts"] == [] and evidence["goals"].facts["percentages"][0]["value"] == 30
    assert [d["date"] for d in evidence["timeline"].facts["dates"]] == ["2027-06-30"]
    for answer in evidence.values():
        assert answer.source_text == NOTE and answer.origin == "note"
        assert answer.author_id and answer.channel == "console" and answer.created_at
    # Then it asks only what is still missing, starting with the first gap in GPCT order.
    assert chat.last.meta["dimension"] == "plans"
    assert "Still missing: Plans, Challenges, Authority" in chat.last.text


def test_undo_removes_what_the_note_filed_and_keeps_history(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover goals")
    chat.say("Grow revenue 20%")           # an earlier answer the undo must not touch
    chat.say(NOTE)
    undo = chat.replies[0].buttons[0].id
    chat.press(undo)
    assert "Undone" in chat.text and "Timeline, Budget" in chat.text
    current = _current(engine, opp)
    assert "timeline" not in current and "budget" not in current
    assert [a.text for a in current["goals"]] == ["Grow revenue 20%"]
    chat.press(undo)                        # a second tap changes nothing more
    assert "already undone" in chat.text
    with new_session(engine) as s:
        statuses = [a.status for a in s.exec(select(Answer).order_by(Answer.id))]
    assert statuses.count("retracted") == 3 and len(statuses) == 7, "nothing was deleted"


def test_undo_by_word_takes_back_the_last_note(chat: Chat, engine):
    chat.say("新增商機 台北物流")
    opp = chat.last.meta["opportunity"]
    chat.say("營運部門編列 80 萬,財務長陳美玲拍板")
    assert set(chat.replies[0].meta["filed"]) == {"budget", "authority"}
    chat.say("復原")
    assert "已復原" in chat.text
    assert _current(engine, opp) == {}


def test_another_reps_undo_button_is_refused(make_chat, engine):
    alice, bob = make_chat("alice"), make_chat("bob")
    alice.say("new deal Acme")
    opp = alice.last.meta["opportunity"]
    alice.say(NOTE)
    undo = alice.replies[0].buttons[0].id
    bob.press(undo)
    assert "isn't yours" in bob.text
    assert set(_current(engine, opp)) == {"goals", "timeline", "budget"}


def test_chit_chat_files_nothing(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("thanks, talk soon")
    assert chat.last.meta["understood"]["kind"] == "chitchat"
    assert "Paste a call note" in chat.text
    assert _current(engine, opp) == {}
    chat.say("the weather in Taipei was lovely and the coffee was great")
    assert "small talk" in chat.text and "nothing to file" in chat.text
    assert chat.last.meta["filed"] == []
    chat.say("hey coach, rough morning lol")
    assert "small talk" in chat.text
    chat.say("the board game night was fun")
    assert "couldn't file that" in chat.text, "no small talk words: the usual hint"
    chat.say("their ERP crashes every month-end")
    assert "Filed on Acme under: Challenges" in chat.text
    assert set(_current(engine, opp)) == {"challenges"}


@pytest.mark.parametrize("text, reply", [("left vm", "didn't reach them"),
                                         ("left vm, will try again thurs", "your to-do: will try again thurs (2026-11-26)"),
                                         ("沒接，明天早上再打", "沒聯絡上"), ("留了言，后天再打", "没联系上")])
def test_a_call_that_reached_no_one_is_offered_the_log_and_files_nothing(chat: Chat, engine, text, reply):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say(text)
    said = chat.replies[0]
    assert reply in said.text and said.meta["filed"] == []
    assert any(b.id.startswith("log:") for b in said.buttons), "the attempt is offered the call log"
    chat.press(next(b.id for b in said.buttons if b.id.startswith("log:")))  # the log opens on this deal
    assert "Acme" in chat.text and len(chat.last.buttons) >= 3
    assert _current(engine, opp) == {}


def test_their_life_outside_work_files_nothing_beside_what_does(chat: Chat, engine):
    """Rapport (sport, family, hometown, drinks) is no discovery, even when it names someone;
    the business clause beside it still files."""
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    for text in ("his kids play soccer every weekend, he coaches the team",
                 "聊了半天高尔夫，他下个月要去日本打球", "王總是台南人，酒量很好，下次約他吃飯"):
        chat.say(text)
        assert chat.last.meta.get("filed", []) == [], text
    assert _current(engine, opp) == {}
    assert "call held" not in chat.text
    chat.say("Linda Park, CFO, has final say; she loves golf")
    assert set(_current(engine, opp)) == {"authority"}


def test_small_talk_is_no_interview_answer(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    chat.say("王總是台南人，酒量很好，下次約他吃飯")
    assert "閒聊" in chat.text and chat.last.meta["dimension"] == "goals", "told, and asked again"
    for mood in ("ugh long day", "累死了", "今天真热", "今天超忙", "so tired lol"):  # the rep's own day
        chat.say(mood)
        assert chat.last.meta["dimension"] == "goals", mood
    assert _current(engine, opp) == {}
    chat.say("今年要把出貨錯誤率降到1%")
    assert set(_current(engine, opp)) == {"goals"}


def test_an_interview_answer_that_covers_more_fills_it_too(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    chat.say("Cut shipping errors 30% by 2027-06-30, it's their top priority")
    assert "Also filed under Timeline" in chat.text
    asked = []
    while "dimension" in chat.last.meta and len(asked) < 8:
        asked.append(chat.last.meta["dimension"])
        chat.press(chat.button("ctl:skip"))
    assert "timeline" not in asked, "a topic filled by an earlier answer isn't asked again"
    (timeline,) = _current(engine, opp)["timeline"]
    assert timeline.text == "by 2027-06-30, it's their top priority", "its own clauses are the evidence"
    assert timeline.source_text == "Cut shipping errors 30% by 2027-06-30, it's their top priority"


def test_a_passing_mention_is_still_asked(chat: Chat):
    chat.say("new deal Acme")
    chat.say("/discover budget")
    chat.say("$80k from the operations budget, already approved")
    chat.say("/discover")
    asked = []
    while "dimension" in chat.last.meta and len(asked) < 8:
        asked.append(chat.last.meta["dimension"])
        chat.press(chat.button("ctl:skip"))
    assert "authority" in asked, "'approved' alone doesn't name who decides"


def test_a_weak_answer_gets_one_short_tip(chat: Chat):
    chat.say("new deal Acme")
    chat.say("/discover")
    chat.say("They want better shipping")
    assert "Tip on Goals: No number yet" in chat.text
    assert "money made, money saved, or risk avoided" in chat.text
    chat.say("Retrained staff last year, no lasting effect; backup is a vendor")
    assert "Tip on" not in chat.replies[-1].text.split("\n\n")[0], "a strong answer gets no tip"


def test_facts_are_exported_beside_the_verbatim_text(chat: Chat, engine):
    from storage.export import export_data

    chat.say("new deal Acme")
    chat.say(NOTE)
    with new_session(engine) as s:
        answers = export_data(session=s)["opportunities"][0]["answers"]
    by_dim = {a["dimension"]: a for a in answers}
    assert by_dim["timeline"]["text"] == "live by June"
    assert by_dim["timeline"]["facts"]["dates"][0]["date"] == "2027-06-30"
    assert by_dim["budget"]["text"] == "about $80k budget" and by_dim["budget"]["facts"]["dates"] == []
    assert all(a["source_text"] == NOTE and a["origin"] == "note" for a in answers)
    assert len(DIMENSIONS) == 8


def test_hedges_become_explicit_unknowns_and_never_replace_an_answer(chat: Chat, engine):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say("Budget: TBD. Decision maker: ??")
    assert "Marked as not known yet: Budget, Authority" in chat.text
    current = _current(engine, opp)
    assert [a.status for a in current["budget"]] == ["unknown"] and [a.status for a in current["authority"]] == ["unknown"]
    chat.say("/pause")
    chat.say("預算 80萬，從資訊部的預算出")
    filed = chat.replies[0]
    assert [a.status for a in _current(engine, opp)["budget"]] == ["answered"], "the answer replaces the unknown"
    chat.press(next(b.id for b in filed.buttons if b.id.startswith("note:undo:")))
    assert [a.status for a in _current(engine, opp)["budget"]] == ["unknown"], "undo brings the unknown back"
    chat.say("預算 80萬，從資訊部的預算出")
    chat.say("/pause")
    chat.say("預算還沒談")
    assert "保留" in chat.text
    assert [a.status for a in _current(engine, opp)["budget"]] == ["answered"]


def test_the_reps_own_move_is_no_answer_and_no_note(chat: Chat, engine):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover")
    chat.say("I'll send them the case study tomorrow")
    assert "Recorded: your to-do: I'll send them the case study tomorrow (2026-11-23)" in chat.replies[0].text
    assert chat.last.meta["dimension"] == "goals" and _current(engine, opp) == {}
    chat.say("/pause")
    chat.say("我明天寄報價給他們")
    assert _current(engine, opp) == {} and "2026-11-23" in chat.text, "the rep's dated move is a to-do"
    chat.say("I'll send them the case study")
    assert "your own next move" in chat.text, "no day to it: nothing to remind"
    assert _current(engine, opp) == {}


def test_our_own_side_is_no_answer_and_no_note(chat: Chat, engine):
    chat.say("新建商机 华东仓储")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover plans")
    chat.say("老板说这个季度要把这单预测拉进commit")
    assert "我们自己这边的事" in chat.replies[0].text and chat.last.meta["dimension"] == "plans", "still asked"
    chat.say("mgr wants all q3 deals w/ next steps by eod")
    assert "our own side" in chat.text and _current(engine, opp) == {}


def test_a_next_step_date_is_no_buyer_deadline(chat: Chat, engine):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say("Sent the proposal today, next step: demo Dec 8. Budget 80k from the ops fund.")
    current = _current(engine, opp)
    assert "timeline" not in current and "budget" in current
    assert "proposal sent" in chat.replies[0].text and "demo Dec 8" in chat.replies[0].text


def test_a_real_call_note_files_roles_and_keeps_a_loss_out_of_budget(chat: Chat, engine):
    chat.say("new deal Northwind")
    opp = chat.last.meta["opportunity"]
    chat.say("had disco call w/ Linda Park (CFO). they want to cut mis-picks 30% by Q3, costs them ~$400k/yr. "
             "budget: prob $80k from ops, not confirmed. Linda has final say, Dave Cho (ops mgr) is our champion.")
    assert "Linda Park: key decision leader" in chat.text and "Dave Cho: sponsor" in chat.text
    current = _current(engine, opp)
    assert [a.status for a in current["budget"]] == ["unknown"], "a loss is no budget, a hedged amount no answer"
    with new_session(engine) as s:
        people = {p.name: p.role for p in repo.stakeholders_of(session=s, opportunity_id=opp)}
    assert people == {"Linda Park": "key_decision_leader", "Dave Cho": "sponsor"}


def test_costs_going_up_are_a_problem_not_a_budget(chat: Chat, engine):
    chat.say("new deal Contoso")
    opp = chat.last.meta["opportunity"]
    chat.say("fleet of 300 trucks, fuel costs up 18% yoy, want telematics in all trucks. budget not discussed")
    assert [a.status for a in _current(engine, opp)["budget"]] == ["unknown"]


@pytest.mark.parametrize("note, evidence", [
    ("budget not discussed yet, but they have capex set aside this year", "but they have capex set aside this year"),
    ("预算没细聊，他说今年有技改资金", "他说今年有技改资金"),
])
def test_a_hedge_beside_what_the_buyer_did_say_leaves_that_as_evidence(chat: Chat, engine, note, evidence):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say(note)
    (budget,) = _current(engine, opp)["budget"]
    assert budget.status == "answered" and evidence in budget.text


@pytest.mark.parametrize("note", ["预算没细聊", "今天没聊到他们的困难，时间不够", "budget not discussed in detail"])
def test_not_discussed_in_detail_is_a_hedge(chat: Chat, engine, note):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say(note)
    assert all(a.status == "unknown" for rows in _current(engine, opp).values() for a in rows)


def test_a_first_name_is_the_person_already_known_on_the_deal(chat: Chat, engine):
    chat.say("new deal Northwind")
    opp = chat.last.meta["opportunity"]
    chat.say("talked to their COO Lisa Gomez today. Lisa says CFO Ben Wu has to approve anything over 25k")
    chat.say("Lisa is our champion btw, Ben is skeptical")
    assert "Lisa Gomez: sponsor, supporter" in chat.text and "Ben Wu: opponent" in chat.text
    with new_session(engine) as s:
        people = {p.name: (p.title, p.role, p.stance) for p in repo.stakeholders_of(session=s, opportunity_id=opp)}
    assert people == {"Lisa Gomez": ("COO", "sponsor", "supporter"), "Ben Wu": ("CFO", "approver", "opponent")}
    chat.say("summary")
    assert "Authority: Ben Wu (CFO)" in chat.text, "the one who approves leads, not the champion named last"
    chat.say("is this deal real?")
    assert "Decider named: Ben Wu (CFO)" in chat.text


@pytest.mark.parametrize("note, title", [("they said they need to think about it", "When the buyer goes silent"),
                                         ("客户说再看看吧", "客户突然不回复了")])
def test_a_note_with_nothing_to_file_that_names_a_situation_gets_advice(chat: Chat, engine, note, title):
    chat.say("new deal Globex")
    opp = chat.last.meta["opportunity"]
    chat.say(note)
    assert title in chat.text and _current(engine, opp) == {}


def test_undo_with_no_note_pasted_says_how_to_change_an_answer(chat: Chat, engine):
    chat.say("new deal Globex")
    chat.say("/discover budget")
    chat.say("$80k from ops")
    chat.say("undo")
    assert "Nothing to undo" in chat.text and "edit budget" in chat.text
    opp = chat.replies[0].meta.get("opportunity") or 1
    assert [a.text for a in _current(engine, opp)["budget"]] == ["$80k from ops"], "nothing taken back"


def test_a_decider_stated_by_title_alone_joins_the_committee(chat: Chat, engine):
    chat.say("new deal Kestrel")
    opp = chat.last.meta["opportunity"]
    chat.say("spoke w/ dr. amy cho (COO). amy says CFO has final say but she'll champion it")
    assert "CFO: key decision leader" in chat.text and "supporter" not in chat.text.split("CFO:")[1].split("\n")[0]
    with new_session(engine) as s:
        people = [(p.name, p.title, p.role) for p in repo.stakeholders_of(session=s, opportunity_id=opp)]
    assert people == [(None, "CFO", "key_decision_leader")]
    assert any("amy cho (COO)" in b.label for b in chat.replies[0].buttons), "the COO is offered, one tap"


def test_a_typed_undo_takes_back_the_last_change_a_correction_not_an_older_note(chat: Chat, engine):
    chat.say("new deal Contoso")
    opp = chat.last.meta["opportunity"]
    chat.say("goal: cut stockouts 25% this year. budget ~90k approved from the digital fund. Sarah Kim, VP Finance, signs")
    chat.say("actually Mark Lee is the one who signs, not Sarah")
    chat.say("undo")
    assert "Correction undone" in chat.text
    now = _current(engine, opp)
    assert set(now) >= {"goals", "budget", "authority"}, "the note stays"
    assert all("Mark Lee" not in a.text for a in now["authority"]) and any("Sarah" in a.text for a in now["authority"])


def test_a_typed_undo_after_a_call_log_takes_back_that_calls_notes(chat: Chat, engine):
    chat.say("new deal Contoso")
    opp = chat.last.meta["opportunity"]
    chat.say("goal: cut stockouts 25% this year")
    chat.say("/log")
    chat.press("log:o:connected")
    chat.say("budget is 90k approved from the ops fund")
    chat.say("demo on 2026-12-09")
    chat.say("undo")
    now = _current(engine, opp)
    assert "goals" in now and "budget" not in now, "the call's notes go, the earlier note stays"


def test_a_clause_the_asked_topic_shares_fills_no_other_topic(chat: Chat, engine):
    chat.say("new deal Northwind")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover consequences")
    chat.say("if they miss it they lose the Kroger contract renewal, Dana's bonus is tied to it")
    assert "Also filed" not in chat.text
    assert set(_current(engine, opp)) == {"consequences"}


def test_people_a_note_names_count_as_contacts_so_the_deal_is_not_single_threaded(chat: Chat):
    chat.say("new deal Contoso")
    chat.say("call w/ Sarah Kim (VP Finance) and Mark Lee (CEO). goal: shrink stockouts 25% by Q2")
    chat.say("what should I ask next?")
    assert "Single-threaded" not in chat.text
    chat.say("new deal Fabrikam")
    chat.say("goal: shrink stockouts 25% by Q2")
    chat.say("what should I ask next?")
    assert "Single-threaded" in chat.text, "nobody named: still one thread or none"


def test_a_typed_undo_after_an_interview_answer_never_takes_back_an_older_note(chat: Chat, engine):
    chat.say("new deal Litware")
    opp = chat.last.meta["opportunity"]
    chat.say("budget tbd")
    chat.say("/discover goals")
    chat.say("cut errors 30% this year")
    chat.say("undo")
    assert "Nothing to undo" in chat.text
    assert set(_current(engine, opp)) == {"goals", "budget"}, "the answer and the earlier note both stay"


@pytest.mark.parametrize("lines, moved, due", [
    (["next step: onsite workshop feb 10 w/ ops + IT", "oops i meant feb 17 not feb 10"],
     "onsite workshop feb 17 w/ ops + IT", "02-17"),
    (["下一步：約了下週二跟林協理做demo", "欸不是下週二 是下週四"], "約了下週四跟林協理做demo", "11-26")])
def test_a_corrected_next_step_date_moves_the_next_step_not_the_timeline(chat: Chat, engine, lines, moved, due):
    chat.say("new deal Brightline")
    opp = chat.last.meta["opportunity"]
    for line in lines:
        chat.say(line)
    assert moved in chat.replies[0].text
    with new_session(engine) as s:
        steps = [a for a in repo.activities_of(session=s, opportunity_id=opp) if a.next_step]
    assert steps[-1].next_step == moved and steps[-1].due_date.isoformat().endswith(due)
    assert "timeline" not in _current(engine, opp), "the buyer's timeline is untouched"
    chat.say("undo")
    with new_session(engine) as s:
        steps = [a for a in repo.activities_of(session=s, opportunity_id=opp) if a.next_step]
    assert moved not in [a.next_step for a in steps], "undo puts the first date back"


@pytest.mark.parametrize("lines, found", [(["new deal Acme", "budget about 150,000 from ops"], "Found: $150,000"),
                                          (["新增商機 台積", "預算大概 200 萬"], "找到:NT$200萬"),
                                          (["新建商机 比亚迪", "预算 400000"], "找到:¥40万")])
def test_an_amount_found_without_a_currency_reads_in_the_one_the_rep_means(chat: Chat, lines, found):
    for line in lines:
        chat.say(line)
    assert found in chat.replies[0].text


def test_a_figure_said_only_inside_a_hedge_is_not_listed_as_found(chat: Chat):
    chat.say("new deal Northwind")
    chat.say("they wanna cut late deliveries from 12% to under 5% by end of next year. she mentioned budget maybe "
             "around 60k but wasnt sure, needs to check w finance.")
    filed = next(r.text for r in chat.replies if r.text.startswith("Filed on"))
    assert "Found:" in filed and "60,000" not in filed and "Budget" in filed.split("not known yet:")[1]


def test_a_correction_with_nothing_to_correct_keeps_the_new_value_only(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("actually 150k not 120k")
    assert "it now reads: 150k" in chat.text
    with new_session(engine) as s:
        (budget,) = repo.current_answers(session=s, opportunity_id=opp)["budget"]
        assert (budget.text, budget.source_text) == ("150k", "actually 150k not 120k")
    chat.press(chat.button("fix:undo"))
    with new_session(engine) as s:
        assert "budget" not in repo.current_answers(session=s, opportunity_id=opp)


def test_a_corrected_decider_joins_the_committee_and_the_old_one_loses_the_role(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("They want shipping errors down 30% before Q3. CFO Maria Chen signs off.")
    chat.say("sorry the decider is the COO not the CFO")
    assert "Authority" in chat.text and "COO" in chat.text
    with new_session(engine) as s:
        roles = {(p.name or p.title): p.role for p in repo.stakeholders_of(session=s, opportunity_id=opp)}
    assert roles.get("COO") == "key_decision_leader" and roles.get("Maria Chen") is None


@pytest.mark.parametrize("note, ask, named", [("Linda the CFO is against it", "is this deal real?", "Decider named"),
                                              ("财务总监王总反对", "这单靠谱吗？", "已知拍板的人")])
def test_someone_against_us_is_not_taken_for_the_decider(chat: Chat, note, ask, named):
    chat.say("new deal Contoso")
    chat.say(note)
    chat.say(ask)
    assert named not in chat.text


@pytest.mark.parametrize("first, fix, new", [
    ("the decider is Raj, VP Ops, he signs after procurement review", "sorry the decider is the COO, Linda Park", "Linda Park"),
    ("決策者是陳協理 要走採購流程", "更正：決策者是營運長 張總", "張總")])
def test_a_correction_naming_a_new_decider_moves_the_role_to_them(chat: Chat, engine, first, fix, new):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover authority")
    chat.say(first)
    chat.say(fix)
    with new_session(engine) as s:
        deciders = [p.name for p in repo.stakeholders_of(session=s, opportunity_id=opp) if p.role == "key_decision_leader"]
    assert deciders == [new], "the old decider keeps a seat, not the role"


def test_a_slipped_date_replaces_the_one_given_and_a_turned_decider_is_an_opponent(chat: Chat, engine):
    chat.say("new deal Acme")
    opp = chat.last.meta["opportunity"]
    chat.say("/discover timeline")
    chat.say("want it live by March 1 2027, before the spring resets")
    chat.say("call w/ Priya today. go-live pushed to 'sometime next year, no date right now'. march 1 is off the table")
    with new_session(engine) as s:
        (timeline,) = repo.current_answers(session=s, opportunity_id=opp)["timeline"]
    assert timeline.status == "unknown", "the old date no longer holds"
    chat.say("/discover authority")
    chat.say("护理部主任周敏拍板，流程是先信息科评估再上院办公会")
    chat.say("坏消息：周主任今天明确反对")
    with new_session(engine) as s:
        people = [(p.name, p.role, p.stance) for p in repo.stakeholders_of(session=s, opportunity_id=opp)]
    assert people == [("周敏", "key_decision_leader", "opponent")], "周主任 is 周敏"


def test_a_first_name_after_an_honorific_is_the_person_already_known(chat: Chat, engine):
    chat.say("new deal Cedar Valley")
    opp = chat.last.meta["opportunity"]
    with new_session(engine) as s, s.begin():
        repo.add_stakeholder(session=s, opportunity_id=opp, now=chat.clock(), name="Dr. Helen Brooks",
                             title="Superintendent", role="key_decision_leader", stance="opponent")
    chat.say("Helen has final say on anything over $50k")
    with new_session(engine) as s:
        people = [p.name for p in repo.stakeholders_of(session=s, opportunity_id=opp)]
    assert people == ["Dr. Helen Brooks"], "no second Helen"
