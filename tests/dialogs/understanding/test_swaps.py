"""What a correction replaces, and the amended evidence a rep then sees."""

from __future__ import annotations

import pytest

from datetime import date

from dialogs.understanding.swaps import adds_news, amend, beside, implied, swap, without_lead


@pytest.mark.parametrize("said, evidence, amended", [
    ("oops i meant march 19 not 12", "by march, board meeting is march 12", "by march, board meeting is march 19"),
    ("its 19 not march 12", "board is march 12", "board is march 19"),
    ("actually the budget is 120k not 80k", "Budget around $80k from the ops fund", "Budget around $120k from the ops fund"),
    ("it's 1.2M not 1M", "budget 1M from capex", "budget 1.2M from capex"),
    ("sorry, 12 not 120 licenses", "they need 120 licenses by june", "they need 12 licenses by june"),
    ("the decision maker is Linda Park not Dave Cho", "Dave Cho (VP) decides", "Linda Park (VP) decides"),
    ("決策者是營運長不是財務長", "最後是財務長拍板", "最後是營運長拍板"),
    ("更正，预算是150万不是120万", "预算大概120万", "预算大概150万"),
    ("预算150万不是120万", "预算大概120万", "预算大概150万"),
    ("不是12號，是19號", "3月12號董事會", "3月19號董事會"),
    ("说错了，是下周三不是下周二", "下周二要上线", "下周三要上线"),
])
def test_the_old_value_is_replaced_in_place(said, evidence, amended):
    assert amend(evidence, *swap(said)) == amended


@pytest.mark.parametrize("said, evidence", [
    ("CFO Maria signs, not Tom", "Tom the CFO signs"),  # which words stand for Tom is unclear
    ("budget is 90k not 80k", "80k now, 80k next year"),  # twice: which one?
    ("it's 12 not 1", "they need 120 licenses"),  # "1" only inside another number
    ("budget is 90k not 70k", "about 80k"),  # the old value isn't there
])
def test_nothing_is_amended_when_unclear(said, evidence):
    assert amend(evidence, *swap(said)) is None


@pytest.mark.parametrize("said", ["not sure about the budget", "budget is 80k", "預算還沒談"])
def test_no_swap_without_both_values(said):
    assert swap(said) is None


def test_a_new_value_alone_replaces_the_one_value_of_its_kind():
    today = date(2026, 11, 30)
    assert implied("不對 是Q3前要決定", [("Q2前要決定", {"dates": [{"text": "Q2"}]})], today) == ("Q3", "Q2")
    assert implied("oops, $120k", [("about $80k from ops", {"amounts": [{"text": "$80k"}]})], today) == ("$120k", "$80k")
    # two answers hold a date: which one is meant is unclear
    two = [("demo march 3", {"dates": [{"text": "march 3"}]}), ("live by june", {"dates": [{"text": "june"}]})]
    assert implied("no, march 10", two, today) is None


@pytest.mark.parametrize("said, left", [("不對 是Q3前要決定", "是Q3前要決定"), ("oops, actually they need it by may", "they need it by may"),
                                        ("欸 不對 預算是200萬", "預算是200萬")])
def test_the_words_that_only_say_it_is_a_correction_are_dropped(said, left):
    assert without_lead(said) == left


@pytest.mark.parametrize("said, answer, news", [
    ("预算批了，是100万不是80万", "预算还没批，大概80万", True),   # approved now: not only the figure
    ("budget approved, 120k not 80k", "not approved yet, around 80k", True),
    ("批了，是100万不是80万", "预算还没批，大概80万", True),        # the answer said it negated
    ("actually the budget is 120k not 80k", "Budget around $80k, not approved", False),
    ("i meant march 19 not 12", "board meeting is march 12", False),
    ("不對 是Q3前要決定", "Q2前要決定", False),
    ("預算是150萬不是120萬", "預算大概120萬", False),
    ("hmm actually its by end of Q2 not Q3", "Q3", False),
])
def test_words_beside_the_values_that_the_answer_lacks_or_negates_are_news(said, answer, news):
    values = swap(said) or implied(said, [(answer, {"dates": [{"text": "Q2"}]})], date(2026, 12, 1))
    assert adds_news(beside(said, *values), answer) is news


def test_a_latin_word_for_a_word_is_taken_whole():
    """ "thursday" for "friday": no letters dropped as if a label ("th" is in "the deck")."""
    assert amend("I'll send the deck friday", "thursday", "friday") == "I'll send the deck thursday"


def test_a_title_corrected_with_a_new_person_takes_the_old_persons_name_too():
    assert amend("最後是廠長林志明拍板，要先過採購比價三家", "總經理陳大文", "廠長") == "最後是總經理陳大文拍板，要先過採購比價三家"
    assert amend("最後是廠長拍板", "總經理", "廠長") == "最後是總經理拍板"


def test_a_name_corrected_with_a_titled_person_takes_the_old_title_too():
    # no "总经理副总张强": the new person's title replaces the old one's
    assert amend("拍板的是总经理刘伟，超过100万要上董事会", "副总张强", "刘伟") == "拍板的是副总张强，超过100万要上董事会"
    assert amend("the decider is CFO Mark Kim, he signs", "Lee", "Kim") == "the decider is CFO Mark Lee, he signs"
