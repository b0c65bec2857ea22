"""The optional LLM reader, over any langchain chat model (``init_chat_model(LLM_MODEL)``).

Used only where it adds value: long or messy notes, never buttons or short interview answers.
Every call has a timeout and falls back to the rules. The note goes into the prompt as a JSON
string inside a delimited block. What comes back is untrusted: it must parse as JSON, validate
against a strict pydantic model, and every person and amount it claims must appear in the note.
Calls and tokens are recorded per conversation; the note's text is never logged.
"""

from __future__ import annotations

import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session

from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.dates import FoundDate
from dialogs.domain.facts.money import Money
from dialogs.domain.facts.people import Person
from dialogs.domain.facts.activities import FoundActivity, NextStep
from dialogs.domain.facts.people import STATED_ROLES
from dialogs.domain.reading import Reading, Segment, read_note
from dialogs.understanding.commands import NOT_FROM_LLM, command_names
from dialogs.understanding.utterance import CONTROL_INTENTS, Context, Utterance
from prompts import Renderer
from storage import repo

log = logging.getLogger(__name__)

Dimension = Literal["goals", "plans", "challenges", "timeline", "budget", "authority",
                    "consequences", "implications"]
Role = Literal["key_decision_leader", "benefit_owner", "evaluator", "approver", "influencer", "sponsor"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=300)


class LLMPerson(_Strict):
    name: Optional[str] = None
    title: Optional[str] = None
    role: Optional[Role] = None
    stance: Optional[Literal["supporter", "neutral", "opponent"]] = None
    # True when the note states the role outright ("has final say"), not a guess.
    stated: bool = False


class LLMSegment(_Strict):
    dimension: Dimension
    text: str = Field(max_length=600)


class LLMActivity(_Strict):
    type: Literal["call", "meeting", "demo", "proposal_sent"]
    text: str = Field(max_length=600)


class LLMNextStep(_Strict):
    text: str = Field(max_length=300)
    date: Optional[date] = None


class LLMAmount(_Strict):
    value: float = Field(gt=0, lt=1e13)
    currency: Optional[str] = Field(default=None, pattern=r"^[A-Z]{3}$")
    text: str


class LLMDate(_Strict):
    date: date
    text: str


class LLMReading(_Strict):
    dimensions: list[Dimension] = Field(default_factory=list, max_length=8)
    people: list[LLMPerson] = Field(default_factory=list, max_length=20)
    amounts: list[LLMAmount] = Field(default_factory=list, max_length=20)
    dates: list[LLMDate] = Field(default_factory=list, max_length=20)
    segments: list[LLMSegment] = Field(default_factory=list, max_length=24)
    unknown: list[Dimension] = Field(default_factory=list, max_length=8)
    activities: list[LLMActivity] = Field(default_factory=list, max_length=8)
    next_step: Optional[LLMNextStep] = None


_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


def _in_note(fragment: Optional[str], note: str) -> bool:
    if not fragment:
        return False
    squash = lambda s: re.sub(r"\s+", "", to_simplified(s)).lower()  # noqa: E731
    return squash(fragment) in squash(note)


class LLMReader:
    def __init__(self, model: Any, *, model_name: str, timeout_s: float,
                 renderer: Optional[Renderer] = None, min_chars: int = 200,
                 clock=lambda: datetime.now(timezone.utc)) -> None:
        self.model = model
        self.model_name = model_name
        self.timeout_s = timeout_s
        self.render = renderer or Renderer()
        self.min_chars = min_chars
        self.clock = clock

    def worth_it(self, text: str, rules: Reading, purpose: str) -> bool:
        """Long or messy notes only; interview answers and short notes are the rules' job."""
        if purpose != "note":
            return False
        return len(text) >= self.min_chars or (not rules.dimensions and len(text.split()) >= 12)

    def messages(self, text: str, today: date) -> list[tuple[str, str]]:
        system = self.render.text("llm", "read_note.system")
        user = self.render.text("llm", "read_note.user", today=today.isoformat(),
                                note_json=json.dumps(text, ensure_ascii=False))
        return [("system", system), ("human", user)]

    def read(self, text: str, rules: Reading, *, today: date, conversation_key: Optional[str],
             session: Optional[Session] = None) -> Optional[Reading]:
        response = _call(self.model, self.messages(text, today), purpose="note", model_name=self.model_name,
                         timeout_s=self.timeout_s, clock=self.clock, session=session,
                         conversation_key=conversation_key, parse=lambda r: self._parse(r.content))
        return self._merge(text, rules, response) if response is not None else None

    @staticmethod
    def _parse(content: Any) -> Optional[LLMReading]:
        return _json_reply(content, LLMReading)

    @staticmethod
    def _merge(text: str, rules: Reading, llm: LLMReading) -> Reading:
        """The model's dimensions and evidence, and the rules' facts plus any the model found
        that check out. Untrusted: every clause must be a verbatim substring of the note, and
        every person, amount, date, activity and next step must appear in it."""
        people = list(rules.people)
        for p in llm.people:
            if not (_in_note(p.name, text) or _in_note(p.title, text)):
                continue  # a person the note never mentions is invented: drop it
            same = next((i for i, q in enumerate(people)
                         if _in_note(p.name or p.title, (q.name or "") + (q.title or ""))), None)
            if same is not None:  # the rules found them too: the model may add what they lacked
                q = people[same]
                people[same] = Person(q.name, q.title, q.role or p.role, q.start, q.end, q.stance or p.stance,
                                      q.stated or (p.stated and (q.role or p.role) in STATED_ROLES))
                continue
            people.append(Person(name=p.name if _in_note(p.name, text) else None,
                                 title=p.title if _in_note(p.title, text) else None,
                                 role=p.role, start=0, end=0, stance=p.stance,
                                 stated=p.stated and p.role in STATED_ROLES))
        amounts = list(rules.amounts)
        for a in llm.amounts:
            value = Decimal(str(a.value))
            if _in_note(a.text, text) and not any(m.value == value for m in amounts):
                amounts.append(Money(value=value, currency=a.currency, text=a.text))
        dates = list(rules.dates)
        for d in llm.dates:
            if _in_note(d.text, text) and not any(x.date == d.date for x in dates):
                dates.append(FoundDate(d.date, d.text))
        dims = [d for d in DIMENSIONS if d in set(llm.dimensions)]
        segments = []
        for seg in llm.segments:
            start = text.find(seg.text) if seg.text.strip() else -1
            if seg.dimension in dims and start >= 0:  # verbatim, or it isn't evidence
                segments.append(Segment(seg.dimension, start, start + len(seg.text), seg.text))
        dims = [d for d in dims if any(s.dimension == d for s in segments) or not llm.segments]
        activities = [FoundActivity(a.type, a.text) for a in llm.activities if a.text and a.text in text]
        step = llm.next_step
        next_step = (NextStep(step.text, step.date) if step and step.text and _in_note(step.text, text)
                     else rules.next_step)
        return Reading(language=rules.language, dimensions=dims, amounts=amounts, dates=dates,
                       percentages=rules.percentages, people=people, scores=rules.scores,
                       segments=segments or [s for s in rules.segments if s.dimension in dims],
                       unknown=[d for d in DIMENSIONS if d in set(llm.unknown) and d not in dims],
                       activities=activities or rules.activities, next_step=next_step)


def _json_reply(content: Any, model: type[BaseModel]) -> Any:
    """The first JSON object in a model's text reply, validated against ``model``; else None."""
    if not isinstance(content, str):
        return None
    match = _JSON_OBJECT.search(content)
    if not match:
        return None
    try:
        return model.model_validate_json(match.group())
    except ValidationError:
        return None


def _structured(model: Any, schema: type[BaseModel]) -> tuple[Any, bool]:
    """The model with structured output where the provider supports it; else as is (the reply
    then carries JSON, read by ``_json_reply``)."""
    try:
        return model.with_structured_output(schema, include_raw=True), True
    except NotImplementedError:
        return model, False


def _parsed(response: Any, structured: bool, schema: type[BaseModel]) -> Any:
    """The validated ``schema`` instance a call answered with, or None."""
    if structured:
        parsed = response.get("parsed") if isinstance(response, dict) else None
        return parsed if isinstance(parsed, schema) else None
    return _json_reply(getattr(response, "content", None), schema)


def _call(model: Any, messages: list, *, purpose: str, model_name: str, timeout_s: float, clock,
          session: Optional[Session], conversation_key: Optional[str], parse) -> Any:
    """One model call with a timeout: the parsed, validated result, or None (a timeout, an error
    or an invalid answer: the caller falls back to the rules). Counted, never its text logged."""
    started = time.perf_counter()
    future = _EXECUTOR.submit(model.invoke, messages)
    usage: dict[str, int] = {}
    try:
        response = future.result(timeout=timeout_s)
        raw = response.get("raw") if isinstance(response, dict) else response
        usage = dict(getattr(raw, "usage_metadata", None) or {})
        parsed = parse(response)
        outcome = "ok" if parsed is not None else "invalid"
    except FutureTimeout:
        parsed, outcome = None, "timeout"
    except Exception as exc:  # the provider failed: fall back, never crash the turn
        parsed, outcome = None, f"error:{type(exc).__name__}"[:40]
    elapsed = int((time.perf_counter() - started) * 1000)
    log.info("llm call purpose=%s model=%s outcome=%s ms=%d tokens_in=%s tokens_out=%s", purpose,
             model_name, outcome, elapsed, usage.get("input_tokens", 0), usage.get("output_tokens", 0))
    if session is not None:
        repo.record_llm_call(session=session, now=clock(), purpose=purpose, model=model_name,
                             ok=parsed is not None, outcome=outcome, conversation_key=conversation_key,
                             input_tokens=int(usage.get("input_tokens", 0) or 0),
                             output_tokens=int(usage.get("output_tokens", 0) or 0), duration_ms=elapsed)
    return parsed


# -- understanding: what a message is, when the rules are not sure ----------------------------

Kind = Literal["command", "control", "answer", "note", "question", "correction", "chitchat", "unknown"]


class LLMUtterance(_Strict):
    kind: Kind
    intent: Optional[str] = Field(default=None, max_length=40)
    arg: str = ""
    dimension: Optional[Dimension] = None
    # The reading of the same text, asked in the same call, for a note or an answer.
    reading: Optional[LLMReading] = None


class LLMRecogniser:
    """Asked only when the rules are not confident. Its answer is data: it must validate, name a
    real command or control, and its reading is merged like the LLM reader's (facts that the
    message does not contain are dropped). Anything else falls back to the rules."""

    def __init__(self, model: Any, *, model_name: str, timeout_s: float,
                 renderer: Optional[Renderer] = None, clock=lambda: datetime.now(timezone.utc)) -> None:
        self.model_name = model_name
        self.timeout_s = timeout_s
        self.render = renderer or Renderer()
        self.clock = clock
        self.model, self.structured = _structured(model, LLMUtterance)

    def messages(self, text: str, ctx: Context, today: date) -> list[tuple[str, str]]:
        system = self.render.text("llm", "understand.system", commands=command_names())
        user = self.render.text("llm", "understand.user", today=today.isoformat(),
                                open_question=ctx.open_dimension or ("other" if ctx.in_flow else "none"),
                                message_json=json.dumps(text, ensure_ascii=False))
        return [("system", system), ("human", user)]

    def understand(self, text: str, ctx: Context, *, rules: Utterance, today: date,
                   conversation_key: Optional[str], session: Optional[Session] = None) -> Optional[Utterance]:
        got: Optional[LLMUtterance] = _call(
            self.model, self.messages(text, ctx, today), purpose="understand", model_name=self.model_name,
            timeout_s=self.timeout_s, clock=self.clock, session=session, conversation_key=conversation_key,
            parse=self._parse)
        if got is None:
            return None
        if got.kind == "command" and (got.intent not in command_names() or got.intent in NOT_FROM_LLM):
            return None  # an intent that does not exist, or an admin tool: not acted on
        if got.kind == "control" and got.intent not in CONTROL_INTENTS:
            return None
        if got.kind == "answer" and not ctx.in_flow:
            return None
        reading = None
        if got.reading is not None and got.kind in ("note", "answer", "correction"):
            reading = LLMReader._merge(text, read_note(text, today), got.reading)
        intent = got.intent if got.kind in ("command", "control") else got.dimension
        return Utterance(kind=got.kind, intent=intent, arg=got.arg if got.kind == "command" else "",
                         dimension=got.dimension if got.kind in ("answer", "correction") else None,
                         confidence=0.8, source="llm", reading=reading)

    def _parse(self, response: Any) -> Optional[LLMUtterance]:
        return _parsed(response, self.structured, LLMUtterance)


def load_chat_model(model: str, *, timeout_s: Optional[float] = None, **kwargs: Any) -> Any:
    """``init_chat_model`` with the provider's own timeout and no retries, so a call past its
    time stops at the socket instead of running on in a thread; a clear error when the
    provider's package is missing. A provider that takes no such settings gets none (the
    thread pool's timeout still bounds the wait)."""
    from langchain.chat_models import init_chat_model

    limits = {"timeout": timeout_s, "max_retries": 0} if timeout_s else {}
    try:
        try:
            return init_chat_model(model, **limits, **kwargs)
        except (TypeError, ValueError):  # pydantic's ValidationError is a ValueError
            return init_chat_model(model, **kwargs)
    except ImportError as exc:
        raise RuntimeError(f"LLM_MODEL={model!r} needs its provider package: {exc}") from exc


# -- composing a coaching answer from knowledge entries and the deal's facts ------------------

LANGUAGE_NAMES = {"en": "English", "zh-Hant": "Traditional Chinese (Taiwan)", "zh-Hans": "Simplified Chinese"}


class LLMAnswer(_Strict):
    answerable: bool = True
    text: str = Field(default="", max_length=1200)
    sources: list[str] = Field(default_factory=list, max_length=5)


class Composed(BaseModel):
    text: str
    sources: list[str]


class AnswerComposer:
    """Composes a coaching answer from the retrieved knowledge entries and the asking rep's
    deal facts (nothing else is in the prompt: no other deal can leak). The answer is
    untrusted: it must validate, cite only entries it was given, and state no fact outside
    the deal and those entries (dialogs.domain.grounding); else None and the rules answer."""

    MAX_LINES, MAX_CHARS = 15, 900

    def __init__(self, model: Any, *, model_name: str, timeout_s: float,
                 renderer: Optional[Renderer] = None, clock=lambda: datetime.now(timezone.utc)) -> None:
        self.model_name = model_name
        self.timeout_s = timeout_s
        self.render = renderer or Renderer()
        self.clock = clock
        self.model, self.structured = _structured(model, LLMAnswer)

    def messages(self, question: str, lang: str, entries: dict[str, dict], facts: dict[str, str]) -> list:
        system = self.render.text("llm", "compose.system", language=LANGUAGE_NAMES.get(lang, "English"))
        user = self.render.text("llm", "compose.user", question_json=json.dumps(question, ensure_ascii=False),
                                deal_json=json.dumps({k: v for k, v in facts.items() if v}, ensure_ascii=False),
                                knowledge_json=json.dumps(entries, ensure_ascii=False))
        return [("system", system), ("human", user)]

    def compose(self, turn: Any, question: str, entry_ids: list[str], facts: dict[str, str]) -> Optional[Composed]:
        from dialogs.domain import grounding, knowledge

        if not entry_ids:
            return None
        entries = {e: knowledge.render(turn.render, turn.lang, e, facts) for e in entry_ids}
        got: Optional[LLMAnswer] = _call(
            self.model, self.messages(question, turn.lang, entries, facts), purpose="answer",
            model_name=self.model_name, timeout_s=self.timeout_s, clock=self.clock, session=turn.session,
            conversation_key=turn.conv.key, parse=self._parse)
        if got is None or not got.answerable or not got.text.strip():
            return None
        text = got.text.strip()
        if not got.sources or not set(got.sources) <= set(entry_ids):
            log.info("llm answer rejected: cites entries it was not given")
            return None
        if len(text) > self.MAX_CHARS or len(text.splitlines()) > self.MAX_LINES:
            log.info("llm answer rejected: longer than a phone screen")
            return None
        allowed = [v for v in facts.values() if v] + [t for e in entries.values() for t in e.values()]
        if grounding.unsupported(text, allowed):
            log.info("llm answer rejected: states facts that are not in the deal")
            return None
        return Composed(text=text, sources=list(dict.fromkeys(got.sources)))

    def _parse(self, response: Any) -> Optional[LLMAnswer]:
        return _parsed(response, self.structured, LLMAnswer)
