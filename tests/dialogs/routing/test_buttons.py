"""One declaration per button route builds its id and parses it back; anything else is forged."""

from __future__ import annotations

import pytest

from dialogs.routing.buttons import MAX_ID_BYTES, ROUTES, button_id, parse_button

EXAMPLES = {
    "control": {"name": "skip", "state": "discovery.budget"}, "help": {}, "lang": {"lang": "zh-Hant"},
    "deal.new": {}, "deal.list": {}, "deal.page": {"which": "closed", "page": 2}, "deal.details": {}, "deal.pick": {"deal": 7}, "disc.start": {},
    "disc.review": {}, "disc.dim": {"dim": "budget"}, "disc.edit": {"dim": "authority"}, "stage.show": {},
    "stage.no": {}, "stage.move": {"verdict": "go", "deal": 3, "current": "lead", "target": "discovery"},
    "note.undo": {"batch": "0123456789ab"}, "fix.undo": {"batch": "ba9876543210"},
    "person.add": {"answer": 12, "index": 3}, "prep": {"deal": 5}, "prep.talk": {"deal": 5},
    "log.start": {"deal": 5}, "log.outcome": {"outcome": "voicemail"}, "summary": {"deal": 9},
    "pipeline": {}, "ask.kb": {"entry": "economic_buyer"}, "ask.more": {"entry": "no_reply"},
    "ask.view": {"view": "at_risk"}, "ask.next": {"deal": 4}, "nudge.mute": {"deal": 6}, "nudge.unmute": {"deal": 6},
    "digest": {}, "more": {},
}


def test_every_route_has_an_example():
    assert set(EXAMPLES) == set(ROUTES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_an_id_parses_back_to_its_route(name):
    built = button_id(name, **EXAMPLES[name])
    assert len(built.encode()) <= MAX_ID_BYTES
    press = parse_button(built)
    assert press is not None
    route = ROUTES[name]
    assert press.verb == (EXAMPLES[name].get("name") if route.intent == "control" else route.intent)
    assert press.deal == EXAMPLES[name].get("deal")


@pytest.mark.parametrize("forged", [
    "deal:pick:abc", "deal:pick:-1", "disc:edit:salary", "lang:fr", "ctl:explode:discovery.budget",
    "stage:go:1:lead:DROP TABLE", "note:undo:xyz", "ppl:add:1:99", "prep:1;2", "sum:", "x" * 65, "",
    "log:o:won", "deal:pick:1:extra",
])
def test_forged_ids_parse_to_nothing(forged):
    assert parse_button(forged) is None


def test_building_an_invalid_id_fails_loudly():
    with pytest.raises(ValueError):
        button_id("disc.edit", dim="salary")


def test_a_button_naming_another_reps_deal_is_refused_by_its_guard(make_chat, engine):
    ann, bob = make_chat("ann"), make_chat("bob")
    ann.say("new deal Ann's Deal")
    deal = ann.last.meta["opportunity"]
    for route in ("prep", "prep.talk", "log.start", "deal.pick"):
        bob.press(button_id(route, deal=deal))
        assert "That deal isn't yours" in bob.text, route
    bob.press(button_id("summary", deal=deal))
    assert "Ann's Deal" not in bob.text
