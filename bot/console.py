"""The console channel: an interactive chat with rich formatting, and the JSON-lines machine mode."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Optional

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

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


def save_files(replies: list[Reply], folder: Optional[Path]) -> None:
    """Charts become files; the reply's meta says where (meta.files)."""
    for reply in replies:
        for attachment in reply.files:
            if folder is None:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{datetime.now():%Y%m%d-%H%M%S-%f}-{attachment.name}"
            path.write_bytes(attachment.data)
            reply.meta.setdefault("files", []).append(str(path))


def run_jsonl(coach: Coach, user: str, stdin: IO[str], stdout: IO[str],
              files: Optional[Path] = None) -> None:
    """One JSON object per input line in, exactly one JSON line out, flushed each time."""
    while True:
        line = stdin.readline()
        if not line:
            return
        if not line.strip():
            replies = coach.bad_input(incoming(user), "invalid_json", "empty line")
        else:
            msg, error, detail = _parse_line(line, user)
            replies = coach.handle(msg) if msg else coach.bad_input(incoming(user), error, detail)
        save_files(replies, files)
        stdout.write(json.dumps({"replies": [r.to_json() for r in replies]}, ensure_ascii=False))
        stdout.write("\n")
        stdout.flush()


def _show(console: Console, replies: list[Reply]) -> list[str]:
    buttons: list[str] = []
    for reply in replies:
        body = Text(reply.text)
        if reply.buttons:
            body.append("\n")
            for button in reply.buttons:
                buttons.append(button.id)
                body.append(f"\n[{len(buttons)}] " if len(buttons) == 1 else f"   [{len(buttons)}] ",
                            style="bold cyan")
                body.append(button.label)
        console.print(Panel(body, border_style="green", title="coach", title_align="left"))
    return buttons


def run_interactive(coach: Coach, user: str, console: Optional[Console] = None,
                    files: Optional[Path] = None) -> None:
    console = console or Console()
    console.print("[dim]Deal Coach — type /help for commands, a number to press a button, "
                  "Ctrl-D to quit.[/dim]")
    buttons = _show(console, coach.handle(incoming(user, text="/start")))
    while True:
        try:
            line = console.input("[bold]you ›[/bold] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if line.strip().lower() in ("/quit", "/exit"):
            return
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(buttons):
            msg = incoming(user, button=buttons[int(choice) - 1])
        else:
            msg = incoming(user, text=line)
        replies = coach.handle(msg)
        save_files(replies, files)
        for reply in replies:
            for path in reply.meta.get("files", []):
                reply.text += f"\n📊 {path}"
        buttons = _show(console, replies) or buttons
