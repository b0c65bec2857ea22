"""Intent routes: every command has one, and their guards are enforced before any handler."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dialogs.routing.intents import INTENTS
from dialogs.understanding.commands import command_names
from tests.conftest import Chat


def test_every_command_the_table_knows_has_a_route():
    assert set(command_names()) <= set(INTENTS)


@pytest.mark.parametrize("intent", sorted(i for i, r in INTENTS.items() if "deal" in r.needs))
def test_a_route_that_needs_a_deal_asks_for_one(chat: Chat, intent):
    chat.say("new deal Acme")
    chat.say("new deal Globex")
    with chat.coach.engine.begin() as conn:  # the rep has deals, but none is current here
        conn.execute(text("UPDATE conversation SET opportunity_id = NULL"))
    if intent == "details":
        chat.press("deal:details")
    else:
        chat.say(f"/{intent}" if intent != "person" else "/person Tom, CFO")
    assert "Pick a deal" in chat.text or "pick" in chat.text.lower(), chat.text
    assert {b.id for b in chat.last.buttons} >= {"deal:pick:1", "deal:pick:2", "deal:new"}


@pytest.mark.parametrize("command", ["/users", "/role Bob manager", "/manager Bob, Ann"])
def test_admin_routes_refuse_everyone_else(chat: Chat, command):
    chat.say(command)
    assert "admin" in chat.text.lower()
