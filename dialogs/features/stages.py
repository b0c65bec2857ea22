"""Stage advice: which exit criteria of the current stage are met, which are missing, evidence
gaps behind the stage, the best next questions, and a one-tap advance kept in stage history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from dialogs.flows import flow
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.evidence import Evidence
from dialogs.domain import quality
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.dates import find_dates
from dialogs.messages import Button
from dialogs.domain import cadence
from dialogs.domain.playbook import (ActivityCriterion, AnyCriterion, Criterion, DimensionCriterion,
                              NextStepCriterion, Playbook, RoleCriterion, Stage)
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from dialogs.features import records
from storage import repo
from storage.models import Opportunity

MAX_QUESTIONS = 3


def is_met(criterion: Criterion, ev: Evidence) -> bool:
    if isinstance(criterion, DimensionCriterion):
        answered = any(a.status == "answered" for a in ev.answers.get(criterion.dimension, []))
        issues = set(ev.issues.get(criterion.dimension, []))
        return answered and not issues & set(criterion.issues)
    if isinstance(criterion, RoleCriterion):
        # "not an opponent", as the playbook reads: a decider whose stance isn't known yet is mapped;
        # a sponsor who turned against us sponsors nothing, whatever the playbook says
        return any(p.role == criterion.role and not (p.stance == "opponent" and (criterion.not_opponent or p.role == "sponsor"))
                   for p in ev.stakeholders)
    if isinstance(criterion, ActivityCriterion):  # a voicemail or no answer is no conversation held
        return any(a.kind == criterion.kind and a.outcome not in cadence.UNREACHED for a in ev.activities)
    if isinstance(criterion, NextStepCriterion):
        # The latest next step agreed has a date (a proposal sent afterwards doesn't undo it).
        # ("下季度再跟进" names a quarter, no day: as undated as "Q2" for a deadline)
        steps = ev.agreed_steps
        return bool(steps) and steps[-1].due_date is not None and not _rough_step(steps[-1].next_step or "")
    if isinstance(criterion, AnyCriterion):  # answers first: they are loaded already
        return any(is_met(c, ev) for c in sorted(criterion.options, key=lambda c: not isinstance(c, DimensionCriterion)))
    return False


def _rough_step(step: str) -> bool:
    found = find_dates(step, date.today())  # (only the words matter here, not the day they resolve to)
    return bool(found) and all(quality.rough(d.text) for d in found)


@dataclass
class Advice:
    stage: Stage
    met: list[Criterion] = field(default_factory=list)
    missing: list[Criterion] = field(default_factory=list)
    gaps: list[tuple[Stage, Criterion]] = field(default_factory=list)
    recommended: Optional[Stage] = None
    # Stages beyond the recommended one whose evidence is already there too: said, never skipped to.
    ahead: list[Stage] = field(default_factory=list)

    def meta(self, opp_id: int) -> dict:
        return {"opportunity": opp_id, "stage": self.stage.id,
                "recommended_stage": self.recommended.id if self.recommended else None,
                "ahead": [s.id for s in self.ahead],
                "missing": [c.code for c in self.missing],
                "met": [c.code for c in self.met],
                "gaps": [{"stage": s.id, "criterion": c.code} for s, c in self.gaps]}


def advise(playbook: Playbook, ev: Evidence) -> Advice:
    stage = playbook.stage(ev.opportunity.stage) or playbook.stages[0]
    advice = Advice(stage=stage)
    if stage.final:
        return advice
    for criterion in stage.exit:
        (advice.met if is_met(criterion, ev) else advice.missing).append(criterion)
    open_stages = playbook.open_stages
    index = open_stages.index(stage)
    for earlier in open_stages[:index]:
        advice.gaps += [(earlier, c) for c in earlier.exit if not is_met(c, ev)]
    # One stage at a time: the next one, once this stage's every exit criterion is met (DESIGN:
    # gaps behind the stage are warned about, they don't hold the deal back). Later stages whose
    # evidence is also there are named, but an advance moves one stage.
    if stage.exit and not advice.missing and index + 1 < len(open_stages):
        advice.recommended = open_stages[index + 1]
        j = index + 1
        while j + 1 < len(open_stages) and open_stages[j].exit and all(is_met(c, ev) for c in open_stages[j].exit):
            advice.ahead.append(open_stages[j + 1])
            j += 1
    return advice


# -- wording --------------------------------------------------------------------------------


def label(turn: Turn, criterion: Criterion) -> str:
    words = turn.render.data(turn.lang, "criteria")
    if isinstance(criterion, DimensionCriterion):
        name = turn.questions(criterion.dimension)["label"]
        qualifier = criterion.code.partition(":")[2]
        return f"{name} ({words['qualifiers'][qualifier]})" if qualifier else name
    if isinstance(criterion, RoleCriterion):
        text = words["roles"][criterion.role]["label"]
        return f"{text}, {words['not_opponent']}" if criterion.not_opponent else text
    if isinstance(criterion, ActivityCriterion):
        return words["activities"][criterion.kind]["label"]
    if isinstance(criterion, NextStepCriterion):
        return words["next_step"]["label"]
    return words["any"].format(options=" / ".join(label(turn, c) for c in criterion.options))


def question(turn: Turn, criterion: Criterion, ev: Evidence) -> str:
    """The best next question (or action) for a missing criterion."""
    words = turn.render.data(turn.lang, "criteria")
    if isinstance(criterion, DimensionCriterion):
        issues = [i for i in ev.issues.get(criterion.dimension, []) if i in criterion.issues]
        if issues and ev.status(criterion.dimension) == "weak":
            return turn.render.data(turn.lang, "quality")[issues[0]]["ask"]
        return turn.questions(criterion.dimension)["questions"][0]
    if isinstance(criterion, RoleCriterion):
        return words["roles"][criterion.role]["ask"]
    if isinstance(criterion, ActivityCriterion):
        return words["activities"][criterion.kind]["ask"]
    if isinstance(criterion, NextStepCriterion):
        return words["next_step"]["ask"]
    return question(turn, criterion.options[0], ev)


def _order(criterion: Criterion) -> int:
    if isinstance(criterion, DimensionCriterion):
        return DIMENSIONS.index(criterion.dimension)
    return len(DIMENSIONS)


def next_questions(turn: Turn, advice: Advice, ev: Evidence) -> list[str]:
    """Gaps behind the stage first, then what the stage itself misses, in GPCT -> BA -> C&I order."""
    pending = [c for _, c in advice.gaps] + sorted(advice.missing, key=_order)
    out: list[str] = []
    for criterion in pending:
        q = question(turn, criterion, ev)
        if q not in out:
            out.append(q)
    return out[:MAX_QUESTIONS]


# -- commands -------------------------------------------------------------------------------


def _gaps_by_stage(turn: Turn, advice: Advice) -> list[dict]:
    """One line per earlier stage, on a phone: "⚠ Evidence gap, from Discovery: Plans · Challenges"."""
    out: dict[str, list[str]] = {}
    for s, c in advice.gaps:
        out.setdefault(s.name(turn.lang), []).append(label(turn, c))
    return [{"stage": name, "criteria": criteria} for name, criteria in out.items()]


def _asked_stage(turn: Turn) -> Optional[Stage]:
    """The stage the rep's own words name ("can I move this to proposal?", "可以推進到提案了嗎？")."""
    said = to_simplified(turn.msg.text or "").casefold()
    for s in turn.playbook.open_stages:
        names = {s.id, *(to_simplified(n).casefold() for n in s.names.values())}
        names |= {n[:2] for n in names if not n.isascii()}  # "提案" for 提案报价, "方案" for 方案规划
        if any(n in said if not n.isascii() else re.search(rf"\b{re.escape(n)}\b", said) for n in names):
            return s
    return None


def _on_the_way(turn: Turn, advice: Advice, ev: Evidence, asked: Stage) -> Optional[str]:
    """For a stage asked about beyond the next one: that it comes later, and what is still
    missing before it (each stage's unmet checks, up to it)."""
    stages = list(turn.playbook.open_stages)
    if advice.stage not in stages or asked not in stages or stages.index(asked) <= stages.index(advice.stage) + 1:
        return None
    before = stages[stages.index(advice.stage):stages.index(asked)]
    missing = [label(turn, c) for st in before for c in st.exit if not is_met(c, ev)]
    return turn.t("coach.stage_asked_later", stage=asked.name(turn.lang), steps=len(before),
                  missing=missing[:_SHOWN], more=len(missing[_SHOWN:]))


_SHOWN = 3  # on a phone: the first few, and how many more


def report(turn: Turn, opp: Opportunity, *, prefix: str = "", asked: Optional[Stage] = None) -> Advice:
    playbook: Playbook = turn.playbook
    ev = records.evidence(turn, opp)
    advice = advise(playbook, ev)
    stage = advice.stage
    text = turn.t(
        "coach.stage_report", deal=opp.name, stage=stage.name(turn.lang),
        win_rate=f"{stage.win_rate:g}", final=stage.final,
        met=[label(turn, c) for c in advice.met], missing=[label(turn, c) for c in advice.missing],
        gaps=_gaps_by_stage(turn, advice),
        recommended=advice.recommended.name(turn.lang) if advice.recommended else None,
        questions=next_questions(turn, advice, ev), ahead=[s.name(turn.lang) for s in advice.ahead])
    if asked is not None and (later := _on_the_way(turn, advice, ev, asked)):
        text = f"{later}\n\n{text}"
    buttons = []
    if advice.recommended:
        move = button_id("stage.move", verdict="go", deal=opp.id, current=stage.id, target=advice.recommended.id)
        buttons.append(Button(move, turn.t("coach.stage_advance_button", stage=advice.recommended.name(turn.lang))))
        flow.remember(turn, offer=move)
    buttons.append(turn.button(button_id("disc.start"), "continue"))
    turn.say(f"{prefix}\n\n{text}" if prefix else text, buttons, advice.meta(opp.id))
    return advice


def stage(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    target = arg.strip().lower()
    if not target:
        report(turn, opp, asked=_asked_stage(turn))
        return
    playbook: Playbook = turn.playbook
    wanted = playbook.stage(target) or next(
        (s for s in playbook.stages if target in {n.lower() for n in s.names.values()}), None)
    if wanted is None:
        turn.say(turn.t("coach.stage_unknown", value=arg.strip(),
                        stages=", ".join(s.id for s in playbook.stages)))
        return
    confirm(turn, opp, opp.stage, wanted.id)


def confirm(turn: Turn, opp: Opportunity, from_id: str, to_id: str) -> None:
    playbook: Playbook = turn.playbook
    to = playbook.stage(to_id)
    frm = playbook.stage(from_id)
    move = button_id("stage.move", verdict="ok", deal=opp.id, current=from_id, target=to_id)
    flow.remember(turn, offer=move)
    # A forward jump of more than one open stage ("/stage proposal" from Lead, "/stage closed_won"
    # from Discovery) is the rep's call, but said plainly: the stages in between, whose checks it
    # passes over. A loss can come at any stage.
    ids = [s.id for s in playbook.stages]
    won = to.final and to.win_rate >= 100
    skipped = [s.name(turn.lang) for s in playbook.stages[ids.index(from_id) + 1:ids.index(to_id)] if not s.final] \
        if from_id in ids and (won or not to.final) and ids.index(to_id) > ids.index(from_id) + 1 else []
    turn.say(turn.t("coach.stage_confirm", deal=opp.name,
                    current=frm.name(turn.lang) if frm else from_id, target=to.name(turn.lang), skipped=skipped),
             [Button(move, turn.label("confirm")),
              Button(button_id("stage.no"), turn.label("not_now"))],
             {"opportunity": opp.id, "stage": from_id, "proposed_stage": to_id})


def press(turn: Turn, arg: str) -> None:
    """stage:go:<opp>:<from>:<to> asks; stage:ok:<opp>:<from>:<to> moves; stage:no cancels."""
    verb, *rest = arg.split(":")
    if verb == "no":
        turn.say(turn.t("coach.stage_kept"))
        return
    opp_id, from_id, to_id = rest
    opp = turn.own_deal(int(opp_id))
    playbook: Playbook = turn.playbook
    if opp is None:
        return
    if playbook.stage(to_id) is None or opp.stage != from_id:
        turn.say(turn.t("coach.stage_stale", deal=opp.name,
                        stage=(playbook.stage(opp.stage) or playbook.stages[0]).name(turn.lang)))
        return
    if verb == "go":
        confirm(turn, opp, from_id, to_id)
        return
    repo.set_stage(session=turn.session, opportunity=opp, stage=to_id, author_id=turn.user.id,
                   channel=turn.msg.channel, now=turn.now)
    closed = playbook.stage(to_id).final
    if closed:
        flow.end(turn)  # a won or lost deal is not interviewed on
    flow.remember(turn, offer=None)  # taken: a "yes" after this is no second move
    turn.say(turn.t("coach.stage_moved", deal=opp.name, stage=playbook.stage(to_id).name(turn.lang)),
             [] if closed else [turn.button(button_id("disc.start"), "continue")], {"opportunity": opp.id, "stage": to_id})


def offer_if_ready(turn: Turn, opp: Opportunity, prefix: str = "") -> bool:
    """Unasked advice: when an answer completes the stage's criteria, say so once per stage,
    after ``prefix`` (the acknowledgement of what was just saved). True when it said so."""
    advice = advise(turn.playbook, records.evidence(turn, opp))
    if advice.recommended is None:
        return False
    key = f"{opp.id}:{advice.stage.id}:{advice.recommended.id}"
    if turn.seen.offered == key:
        return False
    flow.remember(turn, offered=key)
    report(turn, opp, prefix=prefix)
    return True
