from decimal import Decimal

import pytest

from dialogs.domain.facts.money import find_money, parse_money


@pytest.mark.parametrize("text,value,currency", [
    ("$50k", 50_000, "USD"), ("1.2 million dollars", 1_200_000, "USD"), ("€30,000", 30_000, "EUR"),
    ("£200k", 200_000, "GBP"), ("NT$150萬", 1_500_000, "TWD"), ("80 萬", 800_000, None),
    ("200 万元人民币", 2_000_000, "CNY"), ("250 萬美元", 2_500_000, "USD"), ("3億", 300_000_000, None),
    ("50000 eur", 50_000, "EUR"), ("USD 20,000", 20_000, "USD"), ("5m", 5_000_000, None),
    ("₹25 lakh", 2_500_000, "INR"), ("₹1.2 crore", 12_000_000, "INR"), ("₦900M", 900_000_000, "NGN"),
    ("₱45k", 45_000, "PHP"), ("ZAR 1.5m", 1_500_000, "ZAR"), ("R$1.5M", 1_500_000, "BRL"), ("CA$400k", 400_000, "CAD"),
])
def test_amounts(text, value, currency):
    money = parse_money(text)
    assert (money.value, money.currency) == (Decimal(value), currency)


def test_no_number_no_amount():
    assert parse_money("a lot") is None


def test_a_unit_word_is_not_a_magnitude():
    assert parse_money("5 months").value == 5


def test_a_year_beside_a_money_word_is_no_amount_and_a_range_reads_its_top():
    from dialogs.domain.facts.money import find_money
    found = find_money("They want one LIMS by Q3 2027. Budget not set, she thinks 250-300k but needs CFO approval")
    assert [(m.text, m.value) for m in found] == [("250-300k", Decimal(300000))]
    assert [m.text for m in find_money("预算大概100-150万")] == ["100-150万"]


@pytest.mark.parametrize("text, value", [("预算两百多万", 2_000_000), ("三十来万", 300_000), ("200多万", 2_000_000)])
def test_about_so_many_ten_thousands_is_that_much(text, value):
    (money,) = find_money(text)
    assert money.value == value


def test_grand_is_a_thousand():
    assert [m.value for m in find_money("they have about 180 grand in the devops budget")] == [180000]
    assert find_money("a grand total of 5 sites") == []


def test_w_is_ten_thousand_in_a_chinese_note_only():
    assert [m.value for m in find_money("预算80w左右，从IT的capex出")] == [800000]
    assert find_money("a 50w bulb") == [] and find_money("每周2w单") == []


def test_a_count_of_paying_subscribers_is_no_money_and_takes_is_no_currency():
    assert find_money("aiming for 50k paying subs in yr one") == []
    assert find_money("which takes 2 FTEs") == []


@pytest.mark.parametrize("text, value, currency", [
    ("a hundred and twenty thousand dollars approved", 120_000, "USD"),
    ("budget like three hundred grand", 300_000, None),
    ("forty thousand euros from opex", 40_000, "EUR"),
])
def test_amounts_dictated_in_words(text, value, currency):
    (money,) = find_money(text)
    assert (money.value, money.currency) == (Decimal(value), currency)


def test_a_count_in_words_is_no_money():
    assert find_money("one thousand users on the platform") == []
