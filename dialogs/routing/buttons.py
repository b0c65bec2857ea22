"""Button routes: one declaration per button, which both builds its id and parses it back.

Ids are short strings "verb:field:field" that every channel can carry (Telegram allows 64
bytes). Anything a button claims is checked again when pressed: an id no route parses is forged,
a control for a state we're no longer in is stale, and a route's guard checks that the rep may
act on the deal it names before its handler runs (dialogs.coach)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from dialogs.domain.cadence import OUTCOMES
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.facts.lazy import LazyPattern, lazy_compile
from dialogs.understanding.commands import CONTROLS
from prompts import LANGUAGES

MAX_ID_BYTES = 64
# What each kind of field may hold: ids are parsed with these, never trusted.
FIELDS = {
    "int": r"[0-9]{1,12}",
    "dim": "|".join(DIMENSIONS),
    "lang": "|".join(LANGUAGES),
    "control": "|".join(CONTROLS),
    "state": r"[a-z_]{1,20}\.[a-z_]{1,20}",
    "stage": r"[a-z][a-z0-9_]{0,19}",
    "batch": r"[0-9a-f]{12}",
    "outcome": "|".join(OUTCOMES),
    "index": r"1?[0-9]",
    "verdict": "go|ok",
    "entry": r"[a-z][a-z_]{0,29}",
    "view": "at_risk|forecast|coaching_gaps|pipeline",
    "which": "open|closed",
    "page": r"[1-9][0-9]{0,3}",
}
_FIELD = re.compile(r"\{(\w+):(\w+)\}")


@dataclass(frozen=True)
class Press:
    verb: str
    arg: str = ""
    state: str = ""
    # The deal the button names, for its route's guard (None when it names none).
    deal: Optional[int] = None
    guard: str = ""


@dataclass(frozen=True)
class Route:
    """``pattern`` is the id with typed fields ("deal:pick:{deal:int}"); ``intent`` is the handler
    the press runs, with ``arg`` (a format string over the fields) as its argument. ``guard``:
    "owner" (the deal named is the rep's), "viewer" (the rep may see it: a manager their team's)."""

    pattern: str
    intent: str
    arg: str = ""
    guard: str = ""
    regex: LazyPattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts, last = [], 0
        for m in _FIELD.finditer(self.pattern):
            parts.append(re.escape(self.pattern[last:m.start()]))
            parts.append(f"(?P<{m.group(1)}>{FIELDS[m.group(2)]})")
            last = m.end()
        parts.append(re.escape(self.pattern[last:]))
        object.__setattr__(self, "regex", lazy_compile("".join(parts)))

    def id(self, **values: object) -> str:
        built = _FIELD.sub(lambda m: str(values[m.group(1)]), self.pattern)
        if not self.regex.fullmatch(built) or len(built.encode()) > MAX_ID_BYTES:
            raise ValueError(f"not a valid {self.pattern!r} button: {built!r}")
        return built

    def parse(self, button_id: str) -> Optional[Press]:
        m = self.regex.fullmatch(button_id)
        if m is None:
            return None
        values = m.groupdict()
        deal = int(values["deal"]) if "deal" in values else None
        if self.intent == "control":
            return Press(values["name"], state=values["state"])
        return Press(self.intent, self.arg.format(**values), deal=deal, guard=self.guard)


ROUTES: dict[str, Route] = {
    "control": Route("ctl:{name:control}:{state:state}", "control"),
    "help": Route("help", "help"),
    "lang": Route("lang:{lang:lang}", "lang", "{lang}"),
    "deal.new": Route("deal:new", "new_deal"),
    "deal.list": Route("deal:list", "deals"),
    "deal.page": Route("deal:list:{which:which}:{page:page}", "deals", "{which}:{page}"),
    "deal.details": Route("deal:details", "details"),
    "deal.pick": Route("deal:pick:{deal:int}", "pick_deal", "{deal}", guard="owner"),
    "disc.start": Route("disc:start", "discover"),
    "disc.review": Route("disc:review", "review"),
    "disc.dim": Route("disc:dim:{dim:dim}", "discover", "{dim}"),
    "disc.edit": Route("disc:edit:{dim:dim}", "edit", "{dim}"),
    "stage.show": Route("stage:show", "stage"),
    "stage.no": Route("stage:no", "stage_press", "no"),
    "stage.move": Route("stage:{verdict:verdict}:{deal:int}:{current:stage}:{target:stage}", "stage_press",
                        "{verdict}:{deal}:{current}:{target}", guard="owner"),
    "note.undo": Route("note:undo:{batch:batch}", "undo", "{batch}"),
    "fix.undo": Route("fix:undo:{batch:batch}", "fix_undo", "{batch}"),
    "person.add": Route("ppl:add:{answer:int}:{index:index}", "ppl_add", "{answer}:{index}"),
    "prep": Route("prep:{deal:int}", "prep_press", "brief:{deal}", guard="owner"),
    "prep.talk": Route("prep:talk:{deal:int}", "prep_press", "talk:{deal}", guard="owner"),
    "log.start": Route("log:start:{deal:int}", "log_press", "start:{deal}", guard="owner"),
    "log.outcome": Route("log:o:{outcome:outcome}", "log_press", "o:{outcome}"),
    "summary": Route("sum:{deal:int}", "summary", "{deal}", guard="viewer"),
    "pipeline": Route("pipe", "pipeline"),
    "ask.kb": Route("ask:kb:{entry:entry}", "ask_press", "kb:{entry}"),
    "ask.more": Route("ask:more:{entry:entry}", "ask_press", "more:{entry}"),
    "ask.view": Route("ask:view:{view:view}", "ask_press", "view:{view}"),
    "nudge.mute": Route("nudge:mute:{deal:int}", "nudge_mute", "mute:{deal}", guard="owner"),
    "nudge.unmute": Route("nudge:unmute:{deal:int}", "nudge_mute", "unmute:{deal}", guard="owner"),
    "digest": Route("digest", "digest"),
    "more": Route("more", "more"),
    "ask.next": Route("ask:next:{deal:int}", "ask_press", "next:{deal}", guard="viewer"),
}


def button_id(route: str, **values: object) -> str:
    """The id of a button on ``route``, e.g. button_id("deal.pick", deal=7) == "deal:pick:7"."""
    return ROUTES[route].id(**values)


def control(name: str, state: str) -> str:
    return button_id("control", name=name, state=state)


def parse_button(button_id: str) -> Optional[Press]:
    if not button_id or len(button_id.encode()) > MAX_ID_BYTES:
        return None
    for route in ROUTES.values():
        press = route.parse(button_id)
        if press is not None:
            return press
    return None
