"""The playbook: stages in order, win rates, and exit criteria over answers, answer quality,
the buying committee and activities. Loaded from TOML and validated, with errors that name the
line and the problem."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.quality import CHECKS
from prompts import LANGUAGES

DEFAULT_PATH = Path(__file__).with_name("playbook.toml")
ROLES = ("key_decision_leader", "benefit_owner", "evaluator", "approver", "influencer", "sponsor")
ACTIVITIES = ("call", "meeting", "demo", "email", "proposal_sent")
# A qualifier names the quality checks the answer must pass.
QUALIFIERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "quantified": (("goals",), ("goal_not_quantified",)),
    "tested": (("plans",), ("plan_no_history_or_backup",)),
    "admitted": (("challenges",), ("challenge_not_admitted",)),
    "dated": (("timeline",), ("timeline_no_date", "timeline_rough_period", "timeline_unconfirmed")),
    "prioritized": (("timeline",), ("timeline_no_priority",)),
    "sized": (("budget",), ("budget_no_amount_or_source", "budget_unconfirmed")),
    "named": (("authority",), ("authority_no_person",)),
    "process": (("authority",), ("authority_no_process",)),
    "personal": (("consequences", "implications"), ("ci_no_personal_stake",)),
}


@dataclass(frozen=True)
class DimensionCriterion:
    code: str
    dimension: str
    issues: tuple[str, ...] = ()  # quality issues that must be absent


@dataclass(frozen=True)
class RoleCriterion:
    code: str
    role: str
    not_opponent: bool = False


@dataclass(frozen=True)
class ActivityCriterion:
    code: str
    kind: str


@dataclass(frozen=True)
class NextStepCriterion:
    code: str = "next_step:dated"


@dataclass(frozen=True)
class AnyCriterion:
    code: str
    options: tuple["Criterion", ...]


Criterion = Union[DimensionCriterion, RoleCriterion, ActivityCriterion, NextStepCriterion, AnyCriterion]


@dataclass(frozen=True)
class Stage:
    id: str
    names: dict[str, str]
    win_rate: float
    exit: tuple[Criterion, ...] = ()
    final: bool = False

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.id


STALE_DAYS = 21


@dataclass(frozen=True)
class Playbook:
    stages: tuple[Stage, ...]
    source: str = field(default="", compare=False)
    stale_days: int = STALE_DAYS  # no activity for this long: the deal is stale (at risk, nudged)

    def stage(self, stage_id: str) -> Optional[Stage]:
        return next((s for s in self.stages if s.id == stage_id), None)

    @property
    def open_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if not s.final)


class PlaybookError(ValueError):
    """Every problem found in a playbook file, one "FILE:LINE: problem" per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_criterion(text: str) -> Criterion:
    """Raise ValueError with a reader-friendly reason when ``text`` is not a criterion."""
    raw = text.strip()
    m = re.fullmatch(r"any\((.*)\)", raw)
    if m:
        parts = [p.strip() for p in _split_top(m.group(1)) if p.strip()]
        if len(parts) < 2:
            raise ValueError(f"any(...) needs at least two criteria: {raw!r}")
        return AnyCriterion(code=raw, options=tuple(parse_criterion(p) for p in parts))
    head, _, rest = raw.partition(":")
    if head in DIMENSIONS:
        if not rest:
            return DimensionCriterion(code=raw, dimension=head)
        if rest == "strong":
            return DimensionCriterion(raw, head, tuple(code for code, _ in CHECKS[head]))
        if rest in QUALIFIERS and head in QUALIFIERS[rest][0]:
            return DimensionCriterion(raw, head, QUALIFIERS[rest][1])
        known = [q for q, (dims, _) in QUALIFIERS.items() if head in dims] + ["strong"]
        raise ValueError(f"unknown qualifier {rest!r} for {head}; use one of {', '.join(known)}")
    if head == "role":
        role, _, extra = rest.partition(":")
        if role not in ROLES:
            raise ValueError(f"unknown buying role {role!r}; use one of {', '.join(ROLES)}")
        if extra not in ("", "not_opponent"):
            raise ValueError(f"unknown role condition {extra!r}; only 'not_opponent' is known")
        return RoleCriterion(raw, role, extra == "not_opponent")
    if head == "activity":
        if rest not in ACTIVITIES:
            raise ValueError(f"unknown activity {rest!r}; use one of {', '.join(ACTIVITIES)}")
        return ActivityCriterion(raw, rest)
    if raw == "next_step:dated":
        return NextStepCriterion()
    raise ValueError(f"unknown criterion {raw!r}; dimensions are {', '.join(DIMENSIONS)}, or use "
                     "role:..., activity:..., next_step:dated, any(...)")


def _split_top(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    return parts + [current]


def _line_of(lines: list[str], needle: str, after: int = 0) -> int:
    for i in range(after, len(lines)):
        if needle in lines[i]:
            return i + 1
    return after + 1


def parse_playbook(raw: str, source: str = "playbook") -> Playbook:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "... (at line 12, column 5)"; keep that, in our FILE:LINE form.
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{source}:{m.group(1)}" if m else source
        reason = re.sub(r" ?[(]at line.*", "", str(exc))
        raise PlaybookError([f"{where}: not valid TOML: {reason}"]) from None
    lines = raw.splitlines()
    problems: list[str] = []
    stages_data = data.get("stages")
    if not isinstance(stages_data, list) or not stages_data:
        raise PlaybookError([f"{source}:1: no [[stages]] found; a playbook needs at least one stage"])
    stages, seen = [], set()
    cursor = 0
    for n, entry in enumerate(stages_data, 1):
        sid = entry.get("id")
        at = _line_of(lines, f'"{sid}"', cursor) if isinstance(sid, str) else _line_of(lines, "[[stages]]", cursor)
        cursor = at

        def problem(text: str, needle: Optional[str] = None, at: int = at, sid: object = sid,
                    n: int = n) -> None:
            line = _line_of(lines, needle, at - 1) if needle else at
            problems.append(f"{source}:{line}: stage {sid or n}: {text}")

        if not isinstance(sid, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,19}", sid):
            problem("id must be 1-20 lower-case letters, digits or _ (e.g. \"discovery\")")
            continue
        if sid in seen:
            problem(f"id {sid!r} is used twice")
        seen.add(sid)
        unknown = set(entry) - {"id", "name", "win_rate", "exit", "final"}
        for key in sorted(unknown):
            problem(f"unknown setting {key!r}; use id, name, win_rate, exit, final", key)
        win = entry.get("win_rate")
        if not isinstance(win, (int, float)) or isinstance(win, bool) or not 0 <= win <= 100:
            problem(f"win_rate must be a number from 0 to 100, not {win!r}", "win_rate")
            win = 0
        names = entry.get("name", {})
        if isinstance(names, str):
            names = {"en": names}
        if not isinstance(names, dict) or any(k not in LANGUAGES for k in names):
            problem(f"name must be text or a table of {', '.join(LANGUAGES)}", "name")
            names = {}
        final = entry.get("final", False)
        if not isinstance(final, bool):
            problem("final must be true or false", "final")
            final = False
        exit_raw = entry.get("exit", [])
        criteria = []
        if not isinstance(exit_raw, list) or not all(isinstance(c, str) for c in exit_raw):
            problem("exit must be a list of criteria in quotes, e.g. [\"goals:quantified\"]", "exit")
            exit_raw = []
        if final and exit_raw:
            problem("a final stage has no exit criteria", "exit")
        for text in exit_raw:
            try:
                criteria.append(parse_criterion(text))
            except ValueError as exc:
                problem(str(exc), text.split(":")[-1].split("(")[-1].strip(")") or text)
        stages.append(Stage(id=sid, names={str(k): str(v) for k, v in names.items()},
                            win_rate=float(win), exit=tuple(criteria), final=final))
    stale_days = data.get("stale_days", STALE_DAYS)
    if not isinstance(stale_days, int) or isinstance(stale_days, bool) or not 1 <= stale_days <= 365:
        problems.append(f"{source}:{_line_of(lines, 'stale_days', 0)}: stale_days must be a whole number of days "
                        f"from 1 to 365, not {stale_days!r}")
        stale_days = STALE_DAYS
    if stages and not any(not s.final for s in stages):
        problems.append(f"{source}:1: every stage is final; at least one must be open")
    if problems:
        raise PlaybookError(problems)
    return Playbook(stages=tuple(stages), source=source, stale_days=stale_days)


def load_playbook(path: Optional[Union[str, Path]] = None) -> Playbook:
    file = Path(path) if path else DEFAULT_PATH
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlaybookError([f"{file}: cannot read the playbook ({exc.strerror})"]) from exc
    return parse_playbook(raw, str(file))
