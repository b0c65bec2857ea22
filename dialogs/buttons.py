"""Button ids: short strings "verb:arg:arg" that every channel can carry (Telegram allows 64 bytes).

Anything a button claims is checked again when pressed: an id that doesn't parse is forged,
a control for a state we're no longer in is stale, and a deal id is access-checked by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from dialogs.cadence import OUTCOMES
from dialogs.understanding.commands import CONTROLS
from dialogs.dimensions import DIMENSIONS
from prompts import LANGUAGES

MAX_ID_BYTES = 64
_STAGE_ID = re.compile(r"[a-z][a-z0-9_]{0,19}")
_BATCH = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class Press:
    verb: str
    arg: str = ""
    state: str = ""


def control(name: str, state: str) -> str:
    return f"ctl:{name}:{state}"


def parse_button(button_id: str) -> Optional[Press]:
    if not button_id or len(button_id.encode()) > MAX_ID_BYTES:
        return None
    parts = button_id.split(":")
    head = parts[0]
    if head == "ctl" and len(parts) == 3 and parts[1] in CONTROLS and parts[2]:
        return Press(parts[1], state=parts[2])
    if head == "deal" and len(parts) == 3 and parts[1] == "pick" and parts[2].isdigit():
        return Press("pick_deal", parts[2])
    if head == "deal" and len(parts) == 2 and parts[1] in ("new", "list", "details"):
        return Press({"new": "new_deal", "list": "deals", "details": "details"}[parts[1]])
    if head == "disc" and len(parts) == 2 and parts[1] in ("start", "review"):
        return Press("discover" if parts[1] == "start" else "review")
    if head == "disc" and len(parts) == 3 and parts[1] in ("dim", "edit") and parts[2] in DIMENSIONS:
        return Press("discover" if parts[1] == "dim" else "edit", parts[2])
    if head == "lang" and len(parts) == 2 and parts[1] in LANGUAGES:
        return Press("lang", parts[1])
    if head == "stage" and parts[1:] == ["show"]:
        return Press("stage")
    if head == "stage" and parts[1:] == ["no"]:
        return Press("stage_press", "no")
    if head == "stage" and len(parts) == 5 and parts[1] in ("go", "ok") and parts[2].isdigit() \
            and all(_STAGE_ID.fullmatch(p) for p in parts[3:]):
        return Press("stage_press", ":".join(parts[1:]))
    if head == "note" and len(parts) == 3 and parts[1] == "undo" and _BATCH.fullmatch(parts[2]):
        return Press("undo", parts[2])
    if head == "fix" and len(parts) == 3 and parts[1] == "undo" and _BATCH.fullmatch(parts[2]):
        return Press("fix_undo", parts[2])
    if head == "ppl" and len(parts) == 4 and parts[1] == "add" and parts[2].isdigit() \
            and parts[3].isdigit() and int(parts[3]) < 20:
        return Press("ppl_add", f"{parts[2]}:{parts[3]}")
    if head == "prep" and len(parts) == 2 and parts[1].isdigit():
        return Press("prep_press", f"brief:{parts[1]}")
    if head == "prep" and len(parts) == 3 and parts[1] == "talk" and parts[2].isdigit():
        return Press("prep_press", f"talk:{parts[2]}")
    if head == "log" and len(parts) == 3 and parts[1] == "start" and parts[2].isdigit():
        return Press("log_press", f"start:{parts[2]}")
    if head == "log" and len(parts) == 3 and parts[1] == "o" and parts[2] in OUTCOMES:
        return Press("log_press", f"o:{parts[2]}")
    if head == "sum" and len(parts) == 2 and parts[1].isdigit():
        return Press("summary", parts[1])
    if head == "help" and len(parts) == 1:
        return Press("help")
    return None
