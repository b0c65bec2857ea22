"""Deals in chat: creating, listing, picking by button or fuzzy name, amount and close date."""

from __future__ import annotations

import pytest

from datetime import date
from decimal import Decimal

from storage import repo
from storage.db import new_session
from tests.conftest import Chat


def _deal(engine, opp_id):
    with new_session(engine) as s:
        return repo.get_opportunity(session=s, opportunity_id=opp_id)


def test_create_by_words_and_by_slash_command(chat: Chat, engine):
    chat.say("new deal Acme Corp")
    assert "Created the deal Acme Corp" in chat.text
    chat.say("/deal new Globex – Q3 renewal")
    assert "Globex – Q3 renewal" in chat.text
    opp = _deal(engine, chat.last.meta["opportunity"])
    assert (opp.name, opp.stage) == ("Globex – Q3 renewal", "lead")
    with new_session(engine) as s:
        history = repo.stage_history(session=s, opportunity_id=opp.id)
    assert [(h.from_stage, h.to_stage) for h in history] == [(None, "lead")]


def test_create_without_a_name_asks_for_it(chat: Chat, engine):
    chat.say("/deal new")
    assert "What is the deal called" in chat.text
    chat.say("!!!")
    assert "needs some letters" in chat.text
    chat.say("Initech")
    assert "Created the deal Initech" in chat.text


def test_same_name_switches_instead_of_duplicating(chat: Chat, engine):
    chat.say("new deal Acme")
    first = chat.last.meta["opportunity"]
    chat.say("new deal acme")
    assert "already have a deal called Acme" in chat.text
    assert chat.last.meta["opportunity"] == first
    with new_session(engine) as s:
        assert len(repo.opportunities_of(session=s, owner_id=1)) == 1


def test_list_and_pick_by_button(chat: Chat):
    chat.say("my deals")
    assert "no deals yet" in chat.text
    chat.say("new deal Acme Corp")
    acme = chat.last.meta["opportunity"]
    chat.say("new deal Globex")
    chat.say("my deals")
    assert "Acme Corp" in chat.text and "Globex — Lead, 0/8 topics captured (current)" in chat.text
    chat.press(f"deal:pick:{acme}")
    assert "Now working on Acme Corp" in chat.text
    chat.press("disc:start")
    assert chat.last.meta["opportunity"] == acme


def test_pick_by_fuzzy_name(chat: Chat):
    for name in ("Acme Corp", "Globex Logistics", "Globe Telecom"):
        chat.say(f"new deal {name}")
    chat.say("deal acme")
    assert "Now working on Acme Corp" in chat.text
    chat.say("switch to globx logistics")
    assert "Now working on Globex Logistics" in chat.text
    chat.say("/deal glob")
    assert "Several deals match" in chat.text
    assert len(chat.last.buttons) == 2
    chat.say("/deal zzzz")
    assert "None of your deals matches" in chat.text


def test_another_reps_deal_is_refused(make_chat, engine):
    alice, bob = make_chat("alice"), make_chat("bob")
    alice.say("new deal Alice's Secret Deal")
    secret = alice.last.meta["opportunity"]
    alice.say("/discover")
    alice.say("Their confidential goal")
    bob.say("new deal Bob's deal")
    bob.press(f"deal:pick:{secret}")          # a forged button value
    assert "isn't yours" in bob.text
    bob.say(f"/deal {secret}")                # by id
    assert "isn't yours" in bob.text
    bob.say("deal secret")                    # by name: only his own deals are searched
    assert "None of your deals" in bob.text
    bob.say("review")
    assert "confidential" not in bob.text and "Bob's deal" in bob.text


def test_amount_currency_and_close_date(chat: Chat, engine, clock):
    chat.say("new deal Acme")
    opp_id = chat.last.meta["opportunity"]
    chat.say("amount 50k EUR")
    assert "€50,000" in chat.text
    chat.say("/close end of Q1")
    assert "2027-03-31" in chat.text
    opp = _deal(engine, opp_id)
    assert (opp.amount, opp.currency, opp.close_date) == (Decimal(50000), "EUR", date(2027, 3, 31))
    chat.say("/amount lots")
    assert "couldn't read an amount" in chat.text
    chat.say("close date someday maybe")
    assert "couldn't read a date" in chat.text
    assert _deal(engine, opp_id).amount == Decimal(50000), "a bad value changes nothing"


@pytest.mark.parametrize("said, amount, close", [
    ("amount 45k, close end of feb", Decimal(45000), date(2027, 2, 28)),
    ("金額 80萬，預計成交 3月底", Decimal(800000), date(2027, 3, 31)),
    ("金額 120萬 預計成交 明年2月底", Decimal(1200000), date(2027, 2, 28)),
    ("金额50万，预计3月底成交", Decimal(500000), date(2027, 3, 31)),  # the date before the verb
    ("金額 150萬 台幣 月底前結案", Decimal(1500000), date(2026, 11, 30)),  # the verb alone, after the amount
    ("金额 80万 人民币，3月底签", Decimal(800000), date(2027, 3, 31)),
    ("金额 80万 下单时间 3月底", Decimal(800000), date(2027, 3, 31)),
])
def test_amount_and_close_date_in_one_message(chat: Chat, engine, said, amount, close):
    chat.say("new deal Acme")
    opp_id = chat.last.meta["opportunity"]
    chat.say(said)
    opp = _deal(engine, opp_id)
    assert (opp.amount, opp.close_date) == (amount, close)
    assert close.isoformat() in chat.text


def test_details_flow_after_creating(chat: Chat, engine):
    chat.say("新增商機 台灣電子")
    opp_id = chat.last.meta["opportunity"]
    chat.press("deal:details")
    assert chat.last.meta["field"] == "amount"
    chat.say("NT$150萬")
    assert chat.last.meta["field"] == "close_date"
    chat.say("下季度")
    opp = _deal(engine, opp_id)
    assert (opp.amount, opp.currency, opp.close_date) == (Decimal(1500000), "TWD", date(2027, 3, 31))
    assert "2027-03-31" in chat.text


def test_amount_without_value_asks_for_it(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("/amount")
    assert chat.last.meta["field"] == "amount"
    chat.say("$1.2 million")
    assert _deal(engine, chat.last.meta["opportunity"]).amount == Decimal("1200000")


def test_currency_on_its_own(chat: Chat, engine):
    chat.say("new deal Acme")
    chat.say("amount 50000")
    assert "valued at $50,000" in chat.text, "no currency named: the reporting currency, said as such"
    chat.say("currency eur")
    assert "€50,000" in chat.text
    chat.say("/currency 台幣")
    assert _deal(engine, chat.last.meta["opportunity"]).currency == "TWD"
    chat.say("/currency doubloons")
    assert "don't recognise the currency" in chat.text
    assert _deal(engine, 1).currency == "TWD"


def test_my_deals_pages_open_deals_first_with_closed_a_tap_away(chat, engine, clock):
    from storage import repo
    from storage.db import new_session

    for n in range(1, 15):
        chat.say(f"new deal Deal {n:02d}")
    with new_session(engine) as s, s.begin():
        owner = repo.user_by_name(session=s, name="alice")
        for opp in repo.opportunities_of(session=s, owner_id=owner.id):
            if opp.name in ("Deal 01", "Deal 02"):
                repo.set_stage(session=s, opportunity=opp, stage="closed_won", author_id=owner.id,
                               channel="console", now=clock())
    chat.say("my deals")
    page = chat.last
    assert page.meta["which"] == "open" and page.meta["total"] == 12 and len(page.meta["deals"]) == 10
    assert "Your open deals (1–10 of 12):" in page.text and "Deal 01" not in page.text
    assert len(page.text.splitlines()) <= 15
    ids = [b.id for b in page.buttons]
    assert "deal:list:open:2" in ids and "deal:list:closed:1" in ids
    assert next(b.label for b in page.buttons if b.id == "deal:list:closed:1") == "Closed (2)"
    chat.press("deal:list:open:2")
    assert "(11–12 of 12)" in chat.last.text and len(chat.last.meta["deals"]) == 2
    assert "deal:list:open:3" not in [b.id for b in chat.last.buttons]
    chat.press("deal:list:closed:1")
    assert chat.last.meta["which"] == "closed"
    assert {d["name"] for d in chat.last.meta["deals"]} == {"Deal 01", "Deal 02"}
    assert "deal:list:open:1" in [b.id for b in chat.last.buttons]


def test_a_deal_named_with_its_company_gets_that_account(chat: Chat, engine):
    chat.say("new deal Acme Corp – logistics")
    assert _deal(engine, chat.last.meta["opportunity"]).account == "Acme Corp"
    chat.say("新增商機：台積電｜MES 導入")
    assert _deal(engine, chat.last.meta["opportunity"]).account == "台積電"
    chat.say("new deal Coca-Cola rollout")  # a hyphen inside a word separates nothing
    assert _deal(engine, chat.last.meta["opportunity"]).account is None


def test_account_named_later_in_three_languages_and_not_from_a_note(chat: Chat, engine):
    chat.say("new deal Initech rollout")
    opp_id = chat.last.meta["opportunity"]
    chat.say("account is at risk since the champion left")  # a note about the deal, not its account
    assert _deal(engine, opp_id).account is None
    chat.say("account Initech Corporation")
    assert "Initech Corporation" in chat.text and _deal(engine, opp_id).account == "Initech Corporation"
    chat.say("客戶名稱 Initech 台灣分公司")
    assert _deal(engine, opp_id).account == "Initech 台灣分公司"
    chat.say("客户：英泰克")
    assert _deal(engine, opp_id).account == "英泰克"
    chat.say("/account   ")
    assert "公司名称" in chat.text and _deal(engine, opp_id).account == "英泰克"  # in the language last used


@pytest.mark.parametrize("create, set_amount, fix, amount", [
    ("new deal Fabrikam", "amount 150k", "actually 120k not 150k", Decimal(120000)),
    ("新增商機 鼎新電子", "金額 300萬", "欸不是300萬是250萬", Decimal(2500000)),
])
def test_a_correction_of_the_amount_just_set_changes_the_deal(chat: Chat, engine, create, set_amount, fix, amount):
    chat.say(create)
    opp_id = chat.last.meta["opportunity"]
    chat.say(set_amount)
    chat.say(fix)
    assert _deal(engine, opp_id).amount == amount
    with new_session(engine) as s:
        assert repo.current_answers(session=s, opportunity_id=opp_id) == {}, "no budget answer made of it"


def test_which_deal_am_i_on_mid_question_is_answered_and_stored_nowhere(chat: Chat, engine):
    chat.say("new deal Acme")
    opp_id = chat.last.meta["opportunity"]
    chat.say("/discover challenges")
    chat.say("which deal am i on")
    assert "Acme" in chat.text
    with new_session(engine) as s:
        assert repo.current_answers(session=s, opportunity_id=opp_id) == {}


def test_back_to_a_deal_by_name_switches_to_it_mid_interview(chat: Chat):
    chat.say("new deal Beta Foods")
    beta = chat.last.meta["opportunity"]
    chat.say("new deal Acme Logistics")
    chat.say("/discover")
    chat.say("back to beta foods")
    assert chat.last.meta.get("opportunity") == beta
