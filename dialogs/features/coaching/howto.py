"""How-to coaching: a knowledge entry, filled in with the deal's own facts where the entry may
use them (the decider's name, the goal's metric), ending with a question for the buyer. With
an LLM, the model may compose the answer from the same entries and facts (dialogs/llm.py);
what it says is checked, and anything unsupported falls back to the entry as written."""

from __future__ import annotations

from typing import Optional

from dialogs.domain import knowledge
from dialogs.domain.evidence import gather
from dialogs.features.coaching import reply
from dialogs.features.coaching.facts import deal_facts
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage.models import Opportunity


def facts_of(turn: Turn, opp: Optional[Opportunity]) -> dict[str, str]:
    if opp is None:
        return {}
    return deal_facts(gather(session=turn.session, opportunity=opp, today=turn.now.date()))


def _buttons(turn: Turn, opp: Optional[Opportunity], entry_id: str) -> tuple[list[Button], Button]:
    own = opp is not None and opp.owner_id == turn.user.id
    buttons = [Button(button_id("prep", deal=opp.id), turn.label("prep"))] if own else []
    return buttons, Button(button_id("ask.more", entry=entry_id), turn.label("more"))


def howto(turn: Turn, opp: Optional[Opportunity], entry_id: str, question: str = "") -> None:
    facts = facts_of(turn, opp)
    composed = None
    if question and turn.composer is not None:
        composed = turn.composer.compose(turn, question, [entry_id], facts)
    buttons, more = _buttons(turn, opp, entry_id)
    if composed is not None:
        reply.answer(turn, composed.text, buttons, entry_id, opp, composed.sources, more=more, composed=True)
        return
    parts = knowledge.render(turn.render, turn.lang, entry_id, facts)
    text = turn.t("coach.howto", title=parts["title"], advice=parts["advice"], ask=parts["ask"])
    reply.answer(turn, text, buttons, entry_id, opp, [entry_id], more=more)


def more(turn: Turn, opp: Optional[Opportunity], entry_id: str) -> None:
    """The entry's detail, behind its "More" button."""
    parts = knowledge.render(turn.render, turn.lang, entry_id, facts_of(turn, opp))
    text = turn.t("coach.howto_more", title=parts["title"], more=parts["more"])
    buttons = [Button(button_id("prep", deal=opp.id), turn.label("prep"))] if opp is not None and opp.owner_id == turn.user.id else []
    reply.answer(turn, text, buttons, entry_id, opp, [entry_id], more=Button(button_id("help"), turn.label("help")))
