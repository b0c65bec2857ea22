"""The playbook file: the default is valid, and every mistake is reported with its line."""

from __future__ import annotations

import pytest

from dialogs.domain.playbook import DEFAULT_PATH, PlaybookError, load_playbook, parse_playbook

DEFAULT = DEFAULT_PATH.read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    """The last line holding ``needle``: for a duplicate, the duplicate is what's wrong."""
    return [i for i, l in enumerate(text.splitlines(), 1) if needle in l][-1]


def test_default_playbook_matches_the_design():
    pb = load_playbook()
    assert [(s.id, s.win_rate) for s in pb.stages] == [
        ("lead", 5), ("discovery", 10), ("qualified", 30), ("solution", 50), ("proposal", 70),
        ("negotiation", 85), ("closed_won", 100), ("closed_lost", 0)]
    assert [s.id for s in pb.stages if s.final] == ["closed_won", "closed_lost"]
    assert pb.stage("discovery").name("zh-Hant") == "需求探索"


@pytest.mark.parametrize("old,new,needle,message", [
    ('"budget:sized"', '"budjet"', "budjet", "unknown criterion 'budjet'"),
    ('"goals:quantified"', '"goals:numeric"', "goals:numeric", "unknown qualifier 'numeric' for goals"),
    ('"role:sponsor"', '"role:cheerleader"', "role:cheerleader", "unknown buying role 'cheerleader'"),
    ('"activity:proposal_sent"', '"activity:lunch"', "activity:lunch", "unknown activity 'lunch'"),
    ("win_rate = 50", "win_rate = 150", "win_rate = 150", "win_rate must be a number from 0 to 100"),
    ('id = "qualified"', 'id = "discovery"', 'id = "discovery"', "id 'discovery' is used twice"),
    ('id = "proposal"', 'id = "Proposal Stage"', 'id = "Proposal Stage"', "id must be"),
    ("win_rate = 70", "win_rate = 70\nwinrate = 70", "winrate = 70", "unknown setting 'winrate'"),
])
def test_mistakes_name_the_line_and_the_problem(old, new, needle, message):
    text = DEFAULT.replace(old, new, 1)
    with pytest.raises(PlaybookError) as err:
        parse_playbook(text, "my.toml")
    (problem,) = err.value.problems
    assert problem.startswith(f"my.toml:{_line(text, needle)}: ")
    assert message in problem


def test_broken_toml_is_reported_with_its_line():
    with pytest.raises(PlaybookError) as err:
        parse_playbook('[[stages]]\nid = "lead"\nwin_rate = = 5\n', "my.toml")
    assert str(err.value).startswith("my.toml:3: not valid TOML")


def test_several_problems_are_all_reported():
    text = DEFAULT.replace('"budget:sized"', '"budjet"').replace("win_rate = 50", "win_rate = -1")
    with pytest.raises(PlaybookError) as err:
        parse_playbook(text, "my.toml")
    assert len(err.value.problems) == 2


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(PlaybookError, match="cannot read the playbook"):
        load_playbook(tmp_path / "nope.toml")
