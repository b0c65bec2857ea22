"""The interactive terminal chat, drawn with rich (loaded only here: `chat --jsonl` and the
other commands start without it)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from bot.console import incoming, pressed, save_files
from dialogs.coach import Coach
from dialogs.messages import Reply


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
        button = pressed(line, buttons)
        msg = incoming(user, button=button) if button else incoming(user, text=line)
        replies = coach.handle(msg)
        save_files(replies, files)
        for reply in replies:
            for path in reply.meta.get("files", []):
                reply.text += f"\n📊 {path}"
        buttons = _show(console, replies) or buttons
