"""The commands every conversation has: start, help, language, the interview's controls, and
what to say to a command nobody knows."""

from __future__ import annotations

from typing import Callable

from dialogs.flows import flow
from dialogs.domain.language import normalize_language
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from prompts import LANGUAGES
from storage import repo


def menu(turn: Turn) -> list:
    items = [turn.button(button_id("deal.new"), "new_deal"), turn.button(button_id("deal.list"), "my_deals")]
    if turn.deal is not None:
        items.insert(0, turn.button(button_id("disc.start"), "discover"))
    return items + [turn.button(button_id("help"), "help")]


def start(turn: Turn, arg: str = "") -> None:
    found = flow.current(turn)
    stopped = found or flow.paused(turn)
    if stopped and turn.deal is not None:
        label = stopped[0].label(turn, stopped[1])
        prefix = turn.t("coach.welcome_back", name=turn.user.name, deal=turn.deal.name, label=label)
        if not flow.reask(turn, prefix):
            turn.say(prefix, [turn.button(button_id("disc.start"), "resume"), turn.button(button_id("help"), "help")])
        return
    deal = turn.deal
    turn.say(turn.t("coach.welcome", name=turn.user.name, deal=deal.name if deal else None),
             menu(turn))


def show_help(turn: Turn, arg: str = "") -> None:
    turn.say(turn.t("coach.help"), menu(turn))


def set_language(turn: Turn, arg: str = "") -> None:
    lang = normalize_language(arg)
    if lang is None:
        turn.say(turn.t("coach.lang_unknown", value=arg) if arg else turn.t("coach.lang_choose"),
                 [Button(button_id("lang", lang=code), turn.render.data(code, "labels")["language_name"])
                  for code in LANGUAGES])
        return
    repo.set_user_language(session=turn.session, user=turn.user, language=lang, pinned=True)
    turn.reply_language = None
    if not flow.reask(turn, turn.t("coach.lang_set")):
        turn.say(turn.t("coach.lang_set"), menu(turn))


def unknown_command(turn: Turn, arg: str) -> None:
    text = turn.t("coach.unknown_command", command=arg)
    if not flow.reask(turn, text):
        turn.say(text, [turn.button(button_id("help"), "help")])


def control(name: str) -> Callable[[Turn, str], None]:
    def run(turn: Turn, arg: str = "") -> None:
        found = flow.current(turn)
        paused = flow.paused(turn) if found is None else None
        if paused is not None and paused[2].opportunity not in (None, turn.conv.opportunity_id):
            paused = None  # paused on another deal than the one now open: not this one's question
        if paused is not None:  # "跳过" after "my deals" mid-interview: the paused question's
            flow.resume(turn, *paused)
            turn.replies.pop()  # the question comes back only through the control's own reply
            found = flow.current(turn)
        if found is None:
            turn.say(turn.t("coach.not_in_flow"), menu(turn))
            return
        # A typed "not sure yet" is kept as the rep's words; a slash command or button is not.
        text = turn.msg.text or ""
        flow.control(turn, found[0], found[1], name,
                     text if name == "unknown" and not text.startswith("/") else "")

    return run
