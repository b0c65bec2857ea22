"""A small engine for flows declared as data.

A Flow is an ordered table of Steps; each Step has a name, one question, one validator and
one saver. The conversation row holds the state as "<flow>.<step>" plus typed data
(dialogs.flows.state): the running flow's Run (its mode, the trail of steps asked for "back", the
skipped steps, the question's wording) and what outlives a flow. Because that all lives in the
database, any process can answer the next message.

How a flow moves after an answer is declared per mode in MODES, not in ifs: "interview" walks
the table, skipping steps that are already settled; "single" asks one step and stops; "edit"
asks one step to correct an earlier answer and stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from dialogs.routing import buttons
from dialogs.routing.buttons import button_id
from dialogs.flows.state import Mode, Paused, Run
from dialogs.turn import Turn


@dataclass(frozen=True)
class Transitions:
    walks: bool  # after an answer: on to the next unsettled step (else: stop, after_single)
    back: bool  # "back" is offered and works
    pauses: bool  # a pause keeps the run for "resume"


MODES: dict[str, Transitions] = {
    "interview": Transitions(walks=True, back=True, pauses=True),
    "single": Transitions(walks=False, back=False, pauses=False),
    "edit": Transitions(walks=False, back=False, pauses=False),
}


@dataclass(frozen=True)
class Validation:
    value: Any = None
    error: Optional[str] = None
    error_values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    name: str
    question: Callable[[Turn, "Step", Run], tuple[str, dict[str, Any]]]
    validate: Callable[[Turn, str], Validation]
    save: Callable[[Turn, "Step", Validation, str], str]
    # How an explicit "don't know yet" is stored; None when the step has no such answer.
    unknown: Optional[Callable[[Turn, "Step", str], str]] = None
    # Answer buttons shown above the controls (e.g. a call's outcome).
    choices: Optional[Callable[[Turn], list]] = None


@dataclass(frozen=True)
class Flow:
    name: str
    steps: tuple[Step, ...]
    controls: tuple[str, ...]
    label: Callable[[Turn, Step], str]
    is_settled: Callable[[Turn, Step], bool]
    finish: Callable[[Turn, Run, str], None]
    after_single: Callable[[Turn, Step, str], None]
    pausable: bool = False
    # Runs after an answer is saved, before the next question (e.g. unasked stage advice); it is
    # handed the acknowledgement, and returns True when it has said it (then it isn't repeated).
    after_save: Optional[Callable[[Turn, str], bool]] = None
    # The kinds of message (dialogs.understanding) an open question of this flow takes as its
    # answer, as Rasa forms declare `not_intent`: anything else (a question to the coach, a
    # filler, a command) is handled around the question, which stays open.
    accepts: frozenset[str] = frozenset({"answer"})

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def state_of(self, step: Step) -> str:
        return f"{self.name}.{step.name}"


def current(turn: Turn) -> Optional[tuple[Flow, Step]]:
    return _found(turn, turn.state)


def _found(turn: Turn, state: str) -> Optional[tuple[Flow, Step]]:
    flow_name, _, step_name = state.partition(".")
    flow = turn.flows.get(flow_name)
    if flow is None or not any(s.name == step_name for s in flow.steps):
        return None
    return flow, flow.step(step_name)


def run_of(turn: Turn) -> Run:
    return turn.data.run or Run()


# -- asking ---------------------------------------------------------------------------------


def ask(turn: Turn, flow: Flow, step: Step, run: Run, prefix: str = "") -> None:
    if not run.trail or run.trail[-1] != step.name:
        run.trail = run.trail + [step.name]
    data = turn.seen.kept()  # a deep copy
    data.run = run
    turn.set_state(flow.state_of(step), data)
    text, meta = step.question(turn, step, run)
    state = flow.state_of(step)
    controls = [c for c in flow.controls if c != "unknown" or step.unknown is not None]
    if not MODES[run.mode].back:
        controls = [c for c in controls if c != "back"]
    choices = step.choices(turn) if step.choices else []
    turn.say(f"{prefix}\n\n{text}" if prefix else text,
             choices + [turn.button(buttons.control(c, state), c) for c in controls], meta)


def reask(turn: Turn, prefix: str = "") -> bool:
    """Ask the open question again (after a stale button, a language switch, a restart)."""
    found = current(turn)
    if found is None:
        return False
    ask(turn, found[0], found[1], run_of(turn), prefix)
    return True


def start(turn: Turn, flow: Flow, *, step: Optional[str] = None, mode: Mode = "interview",
          prefix: str = "", opportunity_id: Optional[int] = None) -> None:
    run = Run(mode=mode, opportunity=opportunity_id)
    first = flow.step(step) if step else _next(turn, flow, None, run)
    if first is None:
        flow.finish(turn, run, prefix)
        return
    ask(turn, flow, first, run, prefix)


def _next(turn: Turn, flow: Flow, after: Optional[Step], run: Run) -> Optional[Step]:
    names = [s.name for s in flow.steps]
    begin = names.index(after.name) + 1 if after else 0
    for step in flow.steps[begin:]:
        if step.name not in run.skipped and not flow.is_settled(turn, step):
            return step
    return None


def remember(turn: Turn, **facts: Any) -> None:
    """Keep a small fact on the conversation (last filed note, advice already offered)."""
    turn.set_state(turn.state, turn.seen.model_copy(update=facts))  # set_state copies it


def _idle(turn: Turn, *, keep_paused: bool = True) -> None:
    data = turn.data.kept()
    if not keep_paused:
        data.paused = None
    turn.set_state("idle", data)


def _advance(turn: Turn, flow: Flow, step: Step, run: Run, ack: str) -> None:
    if not MODES[run.mode].walks:
        _idle(turn)
        flow.after_single(turn, step, ack)
        return
    run.variant = 0
    nxt = _next(turn, flow, step, run)
    if nxt is None:
        _idle(turn, keep_paused=False)
        flow.finish(turn, run, ack)
    else:
        ask(turn, flow, nxt, run, ack)


# -- answering ------------------------------------------------------------------------------


def answer(turn: Turn, flow: Flow, step: Step, text: str) -> None:
    run = run_of(turn)
    result = step.validate(turn, text)
    if result.error:
        ask(turn, flow, step, run, turn.t(result.error, **result.error_values))
        return
    run.skipped = [s for s in run.skipped if s != step.name]
    ack = step.save(turn, step, result, text)
    if flow.after_save and flow.after_save(turn, ack):
        ack = ""
    _advance(turn, flow, step, run, ack)


def control(turn: Turn, flow: Flow, step: Step, name: str, text: str = "") -> None:
    run = run_of(turn)
    label = flow.label(turn, step)
    if name == "skip":
        run.skipped = run.skipped + [step.name]
        _advance(turn, flow, step, run, turn.t("coach.skipped", label=label))
    elif name == "unknown" and step.unknown is not None:
        _advance(turn, flow, step, run, step.unknown(turn, step, text))
    elif name == "back":
        trail = list(run.trail)
        if not MODES[run.mode].back or len(trail) < 2:
            ask(turn, flow, step, run, turn.t("coach.at_first"))
            return
        trail.pop()
        run.trail = trail
        # Going back to a skipped question un-skips it, so moving forward reaches it again.
        run.skipped = [s for s in run.skipped if s != trail[-1]]
        ask(turn, flow, flow.step(trail[-1]), run)
    elif name == "rephrase":
        run.variant += 1
        ask(turn, flow, step, run)
    elif name == "pause":
        suspend(turn)
        turn.say(turn.t("coach.paused", deal=_deal_name(turn), label=label),
                 [turn.button(button_id("disc.start"), "resume")] if flow.pausable else [])
    else:
        ask(turn, flow, step, run, turn.t("coach.not_in_flow"))


def suspend(turn: Turn) -> None:
    """Leave the running flow; a pausable one is kept so "resume" can pick it up."""
    found = current(turn)
    if found is None:
        return
    flow, _ = found
    data = turn.data
    run = data.run or Run()
    kept = data.kept()
    if flow.pausable and MODES[run.mode].pauses:
        kept.paused = Paused(state=turn.state, run=run)
    turn.set_state("idle", kept)


def end(turn: Turn) -> None:
    """Leave the running flow for good (its deal closed): nothing kept to resume."""
    if current(turn) is not None or turn.data.paused is not None:
        _idle(turn, keep_paused=False)


def paused(turn: Turn) -> Optional[tuple[Flow, Step, Run]]:
    info = turn.data.paused
    if info is None:
        return None
    found = _found(turn, info.state)
    return (found[0], found[1], info.run) if found else None


def resume(turn: Turn, flow: Flow, step: Step, run: Run, prefix: str = "") -> None:
    # What outlives a flow (advice already offered, the last note's batch) survives a resume too.
    _idle(turn, keep_paused=False)
    ask(turn, flow, step, run, prefix)


def _deal_name(turn: Turn) -> str:
    deal = turn.deal
    return deal.name if deal else ""
