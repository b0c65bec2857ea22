"""Builds the note reader from settings: rules alone, or rules with an LLM."""

from __future__ import annotations

from bot.settings import Settings
from dialogs.domain.reader import NoteReader
from dialogs.understanding import Understander


def build_reader(settings: Settings) -> NoteReader:
    """Rules only, unless LLM_MODEL names a langchain chat model."""
    if not settings.llm_model:
        return NoteReader()
    # The LLM stack (langchain and a provider SDK) loads only when one is configured.
    from dialogs.llm import LLMReader, load_chat_model

    model = load_chat_model(settings.llm_model, timeout_s=settings.llm_timeout_s)
    return NoteReader(LLMReader(model, model_name=settings.llm_model, timeout_s=settings.llm_timeout_s))


def build_understander(settings: Settings) -> Understander:
    """Rules only, unless LLM_MODEL is set: then the LLM is asked when the rules are unsure."""
    if not settings.llm_model:
        return Understander()
    from dialogs.llm import LLMRecogniser, load_chat_model

    model = load_chat_model(settings.llm_model, timeout_s=settings.llm_timeout_s)
    return Understander(LLMRecogniser(model, model_name=settings.llm_model, timeout_s=settings.llm_timeout_s))


def build_composer(settings: Settings):
    """None (the rules answer coaching questions), unless LLM_MODEL is set."""
    if not settings.llm_model:
        return None
    from dialogs.llm import AnswerComposer, load_chat_model

    return AnswerComposer(load_chat_model(settings.llm_model, timeout_s=settings.llm_timeout_s),
                          model_name=settings.llm_model,
                          timeout_s=settings.llm_timeout_s)
