"""The note reader on the shapes reps type: phone notes cut by spaces, field lists, run-on voice
notes, hedges beside what the buyer did say, losses that are no budget."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.domain.reading import read_note

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
                                  "Marketing moved our sales kickoff to Vegas, Feb 10-12"])
def test_our_side_travel_family_and_hedges_file_nothing(text):
    assert read_note(text, TODAY).dimensions == []


@pytest.mark.parametrize("note, held", [("今天跟他們營運長Jason開會", True), ("下週跟他們開會", False), ("明天要開會", False)])
def test_a_meeting_held_today_is_recorded_a_meeting_planned_is_not(note, held):
    assert ("meeting" in [a.kind for a in read_note(note, TODAY).activities]) is held
