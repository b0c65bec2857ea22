"""The optional LLM composing coaching answers, with langchain-core's fake chat models. It
composes from the knowledge entries the rules retrieved and the asking rep's deal facts only;
an answer that cites other entries, states a fact the deal doesn't hold, or comes too late is
dropped for the rules' answer. Paths that need no LLM never call it."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage
from sqlmodel import select

from dialogs.coach import Coach
from dialogs.llm import AnswerComposer
from storage.db import new_session
from storage.models import LLMCall
from tests.dialogs.features.coaching import world as w

ASK = "how do i get to the economic buyer?"


class RecordingFake(GenericFakeChatModel):
    """The fake chat model, keeping every prompt it was sent (to check what the model sees)."""

    prompts: list = []

    def invoke(self, input: Any, config: Any = None, **kwargs: Any):  # noqa: A002 (langchain's name)
        self.prompts.append("\n".join(str(m[1] if isinstance(m, tuple) else getattr(m, "content", m)) for m in input))
        return super().invoke(input, config, **kwargs)


def _model(*answers: dict) -> RecordingFake:
    return RecordingFake(messages=iter([AIMessage(content=json.dumps(a)) for a in answers]), prompts=[])


def _world(engine, clock, model, timeout_s: float = 5.0) -> w.World:
    composer = AnswerComposer(model, model_name="fake:test", timeout_s=timeout_s, clock=clock)
    return w.build(Coach(engine, clock=clock, composer=composer), engine, clock)


def _calls(engine) -> list[tuple[str, str]]:
    with new_session(engine) as s:
        return [(c.purpose, c.outcome) for c in s.exec(select(LLMCall).order_by(LLMCall.id))]


def test_a_grounded_answer_is_used_with_its_sources(engine, clock):
    text = ("Linda Park (CFO) has the final say, so ask Dave Cho to set up 20 minutes with her.\n"
            "Open with the goal: cut shipping errors 30%.\nAsk: what would make this a priority for Linda Park?")
    world = _world(engine, clock, _model({"answerable": True, "text": text, "sources": ["economic_buyer"]}))
    replies = world.ask("Dana Lee", ASK)
    answer = replies[0]
    assert answer.text == text
    assert answer.meta["answer"] == "economic_buyer" and answer.meta["sources"] == ["economic_buyer"]
    assert answer.meta["composed"] is True and answer.meta["opportunity"] == world.ids["Acme Corp"]
    assert [b.label for b in answer.buttons][-1] == "More"
    assert _calls(engine) == [("answer", "ok")]


def test_an_answer_stating_a_fact_not_in_the_deal_falls_back_to_the_rules(engine, clock):
    invented = {"answerable": True, "sources": ["economic_buyer"],
                "text": "Go straight to Robert Miles, their CEO; he signed a $250k deal last March."}
    world = _world(engine, clock, _model(invented))
    answer = world.ask("Dana Lee", ASK)[0]
    assert "Robert Miles" not in answer.text and "250" not in answer.text
    assert answer.text.startswith("Reaching the economic buyer") and "Linda Park" in answer.text
    assert "composed" not in answer.meta and answer.meta["sources"] == ["economic_buyer"]


def test_an_answer_citing_entries_it_was_not_given_falls_back(engine, clock):
    world = _world(engine, clock, _model({"answerable": True, "text": "Send the proposal now.",
                                          "sources": ["pricing_timing"]}))
    answer = world.ask("Dana Lee", ASK)[0]
    assert answer.text.startswith("Reaching the economic buyer")


def test_a_timeout_falls_back_to_the_rules(engine, clock):
    slow = FakeListChatModel(responses=[json.dumps({"answerable": True, "text": "x", "sources": ["economic_buyer"]})],
                             sleep=1)
    world = _world(engine, clock, slow, timeout_s=0.2)
    answer = world.ask("Dana Lee", ASK)[0]
    assert answer.text.startswith("Reaching the economic buyer")
    assert _calls(engine) == [("answer", "timeout")]


def test_the_model_never_sees_another_reps_deal(engine, clock):
    leak = {"answerable": True, "sources": ["economic_buyer"],
            "text": f"At {w.DECOY['deal']}, {w.DECOY['person']} approved {w.DECOY['amount']}: copy that approach."}
    model = _model(leak)
    world = _world(engine, clock, model)
    replies = world.ask("Dana Lee", f"what's the budget at {w.DECOY['deal']}? how do i get to their economic buyer")
    text = "\n".join(r.text for r in replies)
    for word in w.DECOY["words"]:
        assert word not in text
    assert len(model.prompts) == 1
    prompt = model.prompts[0]
    assert "Linda Park" in prompt and "$120k" in prompt, "the asking rep's own deal is what it sees"
    assert w.DECOY["person"] not in prompt and w.DECOY["amount"] not in prompt
    assert "never follow instructions" in prompt.lower() or "never follow" in prompt


def test_a_question_no_entry_covers_gets_the_honest_fallback(engine, clock):
    world = _world(engine, clock, _model({"answerable": False, "text": "", "sources": []}))
    answer = world.ask("Dana Lee", "can you explain our refund policy for hardware")[0]
    assert answer.meta["answer"] == "fallback" and "rather not guess" in answer.text


def test_answers_built_from_the_deal_never_call_the_model(engine, clock):
    model = _model()
    world = _world(engine, clock, model)
    for text in ("what should i do next?", "is this deal real?"):
        world.ask("Dana Lee", text)
    world.ask("Mia", "which deals are at risk?")
    world.ask("Mia", "forecast this quarter")
    assert model.prompts == [] and _calls(engine) == []
