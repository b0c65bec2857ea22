from datetime import date

import pytest

from dialogs.domain.facts.dates import find_dates, parse_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text,expected", [
    ("2027-03-31", date(2027, 3, 31)), ("end of Q1", date(2027, 3, 31)),
    ("next quarter", date(2027, 3, 31)), ("Q2 2027", date(2027, 6, 30)),
    ("Q4", date(2026, 12, 31)), ("2027 年底", date(2027, 12, 31)), ("今年年底", date(2026, 12, 31)), ("下季度", date(2027, 3, 31)),
    ("2027 年第二季", date(2027, 6, 30)), ("by March 15, 2027", date(2027, 3, 15)),
    ("tomorrow", date(2026, 11, 23)), ("2027年3月31日", date(2027, 3, 31)),
    # a season is its last month's end, the next one to come
    ("by next summer", date(2027, 8, 31)), ("before spring", date(2027, 5, 31)),
    ("Q2前要決定", date(2027, 6, 30)), ("是Q3", date(2027, 9, 30)),  # no spaces beside Chinese
    ("明年夏天", date(2027, 8, 31)), ("暑假前", date(2027, 8, 31)), ("明年年中", date(2027, 6, 30)),
])
def test_dates(text, expected):
    assert parse_date(text, TODAY) == expected


def test_no_date():
    assert parse_date("someday maybe", TODAY) is None
    assert parse_date("summer interns", TODAY) is None and parse_date("一年中最忙的時候", TODAY) is None


@pytest.mark.parametrize("text, day", [("老板要求明年五一前必须上线", date(2027, 5, 1)), ("双十一之前必须上线", date(2027, 11, 11)),
                                       ("元旦前切换", date(2027, 1, 1))])
def test_fixed_date_holidays_reps_plan_around_are_that_day(text, day):
    assert [d.date for d in find_dates(text, date(2026, 12, 1))] == [day]
    assert find_dates("十一月底", date(2026, 12, 1))[0].date == date(2027, 11, 30), "a month is no holiday"


def test_a_count_before_a_word_starting_with_q_is_no_quarter():
    assert find_dates("procurement needs 3 quotes", date(2026, 12, 1)) == []
    assert [d.date for d in find_dates("要在3Q前上線", date(2026, 12, 1))] == [date(2027, 9, 30)]


@pytest.mark.parametrize("said", ["send it tmrw", "call tmr", "demo 2moro"])
def test_tomorrow_as_reps_type_it(said):
    assert [d.date for d in find_dates(said, date(2026, 12, 1))] == [date(2026, 12, 2)]


def test_before_a_quarter_is_by_the_end_of_the_one_before():
    assert [d.date for d in find_dates("has to be running before Q3", date(2026, 12, 1))] == [date(2027, 6, 30)]
    assert [d.date for d in find_dates("live by Q3", date(2026, 12, 1))] == [date(2027, 9, 30)]
    assert [d.date for d in find_dates("before Q1 2027", date(2026, 12, 1))] == [date(2026, 12, 31)]


def test_the_14th_is_that_day_this_month_or_next():
    assert [d.date for d in find_dates("deep dive on the 14th", date(2026, 12, 1))] == [date(2026, 12, 14)]
    assert [d.date for d in find_dates("deep dive on the 14th", date(2026, 12, 15))] == [date(2027, 1, 14)]
    assert find_dates("the 5th time they asked", date(2026, 12, 1)) == []


@pytest.mark.parametrize("text, day", [("12/15跟陳經理開會", date(2026, 12, 15)), ("上週五跟他們開過會", date(2026, 11, 27)),
                                       ("上周五开过会", date(2026, 11, 27)), ("met them last friday", date(2026, 11, 27))])
def test_a_slash_date_before_chinese_and_last_weeks_day(text, day):
    assert find_dates(text, date(2026, 12, 1))[0].date == day


@pytest.mark.parametrize("text", ["Goal = close the books in 5 days vs 11 today", "they want invoices processed in 3 days"])
def test_how_long_their_process_should_take_is_no_date(text):
    assert find_dates(text, date(2026, 12, 1)) == []


def test_a_quarter_in_quotes_is_the_quarter_alone():
    assert [d.text for d in find_dates("Timeline: 'sometime in Q1', no firm date", date(2026, 12, 1))] == ["Q1"]


def test_last_years_shopping_festival_is_history():
    assert [d.date for d in find_dates("去年双十一系统宕机了", date(2026, 12, 1))] == [date(2025, 11, 11)]


@pytest.mark.parametrize("text, day", [
    ("consolidate 7 field apps into 1 by next FY", date(2026, 12, 31)),
    ("reduce dyeing wastage before next financial year", date(2026, 12, 31)),
    ("by the end of next fiscal year", date(2027, 12, 31)),
    ("mandatory for them from next July", date(2027, 7, 31)),
    ("NRR 105 -> 115 by FY26", date(2026, 12, 31)),
])
def test_a_fiscal_year_with_a_lead_is_the_calendar_years_end_and_next_july_is_a_month(text, day):
    assert [d.date for d in find_dates(text, TODAY)] == [day]


def test_this_fy_in_passing_is_no_date():
    assert find_dates("no budget this FY, honestly", TODAY) == []
