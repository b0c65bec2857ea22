"""Intent routes: what each command runs, and the guards it needs, declared once.

The guards are enforced here, before any handler runs (bolt's listener middleware): "deal"
needs a current deal (the rep is asked to pick or create one), "admin" needs an admin. A
route that keeps the open question open runs beside it; any other pauses the interview first
(it waits for "resume")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from dialogs.features import admin, basics, committee, corrections, digest, paging, pipeline, prep, pushes, reminders, stages
from dialogs.features.coaching import ask
from dialogs.flows import deals, debrief, discovery, flow
from dialogs.flows.deals import require_deal
from dialogs.turn import Turn
from dialogs.understanding.commands import CONTROLS, UNKNOWN


@dataclass(frozen=True)
class IntentRoute:
    run: Callable[[Turn, str], None]
    needs: tuple[str, ...] = ()  # guards: "deal", "admin"
    keeps_question_open: bool = False


def _control(name: str) -> IntentRoute:
    return IntentRoute(basics.control(name), keeps_question_open=True)


INTENTS: dict[str, IntentRoute] = {
    "start": IntentRoute(basics.start, keeps_question_open=True),
    "help": IntentRoute(basics.show_help, keeps_question_open=True),
    "lang": IntentRoute(basics.set_language, keeps_question_open=True),
    UNKNOWN: IntentRoute(basics.unknown_command, keeps_question_open=True),
    **{name: _control(name) for name in CONTROLS},
    "resume": IntentRoute(discovery.resume, keeps_question_open=True),
    "new_deal": IntentRoute(deals.new_deal),
    "deals": IntentRoute(deals.list_deals),
    "use_deal": IntentRoute(deals.use_deal),
    "pick_deal": IntentRoute(deals.pick_deal),
    "amount": IntentRoute(deals.amount, needs=("deal",)),
    "close": IntentRoute(deals.close, needs=("deal",)),
    "currency": IntentRoute(deals.currency, needs=("deal",)),
    "account": IntentRoute(deals.account, needs=("deal",)),
    "details": IntentRoute(deals.details, needs=("deal",)),
    "discover": IntentRoute(discovery.discover, needs=("deal",)),
    "review": IntentRoute(discovery.review, needs=("deal",), keeps_question_open=True),
    "edit": IntentRoute(discovery.edit, needs=("deal",)),
    "stage": IntentRoute(stages.stage, needs=("deal",)),
    "stage_press": IntentRoute(stages.press, keeps_question_open=True),
    "undo": IntentRoute(corrections.undo_last),
    "fix_undo": IntentRoute(corrections.undo),
    "committee": IntentRoute(committee.committee, needs=("deal",)),
    "person": IntentRoute(committee.add_person, needs=("deal",)),
    "ppl_add": IntentRoute(committee.accept_found),
    "prep": IntentRoute(prep.prep),
    "prep_press": IntentRoute(prep.press),
    "log": IntentRoute(debrief.log),
    "log_press": IntentRoute(debrief.press, keeps_question_open=True),
    "due": IntentRoute(reminders.due),
    "summary": IntentRoute(ask.summary_or_status),
    "pipeline": IntentRoute(pipeline.pipeline),
    "digest": IntentRoute(digest.digest),
    "more": IntentRoute(paging.more, keeps_question_open=True),
    "nudge_mute": IntentRoute(pushes.mute),
    "mute": IntentRoute(pushes.mute_current, needs=("deal",)),
    "unmute": IntentRoute(pushes.unmute_current, needs=("deal",)),
    "ask": IntentRoute(ask.ask, keeps_question_open=True),
    "ask_press": IntentRoute(ask.press, keeps_question_open=True),
    "users": IntentRoute(admin.users, needs=("admin",)),
    "role": IntentRoute(admin.set_role, needs=("admin",)),
    "manager": IntentRoute(admin.set_manager, needs=("admin",)),
}


def _allowed(turn: Turn, needs: tuple[str, ...]) -> bool:
    if "admin" in needs and turn.user.role != "admin":
        turn.say(turn.t("coach.admin_only"))
        return False
    if "deal" in needs and require_deal(turn) is None:  # it has asked the rep to pick one
        return False
    return True


def dispatch(turn: Turn, intent: str, arg: str = "") -> None:
    route = INTENTS[intent]
    if not route.keeps_question_open:
        flow.suspend(turn)
    if _allowed(turn, route.needs):
        route.run(turn, arg)
