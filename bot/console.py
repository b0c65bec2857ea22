"""The console channel's machine mode (JSON lines); bot.terminal is the interactive chat."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Optional

from dialogs.coach import Coach
from dialogs.messages import Incoming, Reply

CHANNEL = "console"
SPACE = "local"


def incoming(user: str, *, text: Optional[str] = None, button: Optional[str] = None,
             event_id: Optional[str] = None) -> Incoming:
    return Incoming(channel=CHANNEL, user_ref=user, display_name=user, space=SPACE, text=text,
                    button=button, event_id=event_id)


def _parse_line(line: str, default_user: str) -> tuple[Optional[Incoming], str, str]:
    """(message, error code, detail) for one JSON line."""
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, "invalid_json", exc.msg
    if not isinstance(obj, dict):
        return None, "invalid_json", "expected an object"
    user = obj.get("user", default_user)
    text, button, event_id = obj.get("text"), obj.get("button"), obj.get("event_id")
    if not isinstance(user, str) or not user.strip():
        return None, "invalid_json", '"user" must be a non-empty string'
    if (text is None) == (button is None):
        return None, "invalid_json", 'give exactly one of "text" or "button"'
    if not isinstance(text if text is not None else button, str):
        return None, "invalid_json", '"text" and "button" must be strings'
    if event_id is not None and not isinstance(event_id, (str, int)):
        return None, "invalid_json", '"event_id" must be a string'
    return incoming(user.strip(), text=text, button=button,
                    event_id=str(event_id) if event_id is not None else None), "", ""


def pressed(text: Optional[str], buttons: list[str]) -> Optional[str]:
    """The id of the button a typed number stands for ("2": the second of the last replies'
    buttons), as the console promises; None for any other text."""
    choice = (text or "").strip()
    return buttons[int(choice) - 1] if choice.isdigit() and 1 <= int(choice) <= len(buttons) else None


def save_files(replies: list[Reply], folder: Optional[Path]) -> None:
    """Charts become files; the reply's meta says where (meta.files)."""
    for reply in replies:
        for attachment in reply.files:
            if folder is None:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{datetime.now():%Y%m%d-%H%M%S-%f}-{attachment.name}"
            path.write_bytes(attachment.content())
            reply.meta.setdefault("files", []).append(str(path))


def run_jsonl(coach: Coach, user: str, stdin: IO[str], stdout: IO[str],
              files: Optional[Path] = None) -> None:
    """One JSON object per input line in, exactly one JSON line out, flushed each time. A
    typed number presses that button of the user's last replies, as in the interactive chat."""
    shown: dict[str, list[str]] = {}  # per user: the buttons of their last replies with any
    while True:
        line = stdin.readline()
        if not line:
            return
        if not line.strip():
            replies = coach.bad_input(incoming(user), "invalid_json", "empty line")
        else:
            msg, error, detail = _parse_line(line, user)
            if msg and (button := pressed(msg.text, shown.get(msg.user_ref, []))):
                msg = incoming(msg.user_ref, button=button, event_id=msg.event_id)
            replies = coach.handle(msg) if msg else coach.bad_input(incoming(user), error, detail)
            if msg and any(r.buttons for r in replies):
                shown[msg.user_ref] = [b.id for r in replies for b in r.buttons]
        save_files(replies, files)
        stdout.write(json.dumps({"replies": [r.to_json() for r in replies]}, ensure_ascii=False))
        stdout.write("\n")
        stdout.flush()
