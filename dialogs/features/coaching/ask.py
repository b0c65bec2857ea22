"""Which answer a question to the coach gets. The understanding step says what a question asks
for (dialogs/understanding/asks.py); this module routes each topic to its answer. Nothing here
stores anything."""

from __future__ import annotations

import re
from typing import Callable, Optional

from dialogs.domain import knowledge
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.features import summary
from dialogs.features.coaching import attempts, health, howto, next_action, reply, target, team
from dialogs.flows import flow
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from dialogs.understanding.asks import Ask, classify, named_dimension, period_of
from dialogs.understanding.normalize import fold
from dialogs.domain.facts.chinese import to_simplified
from storage.models import Opportunity

# Answers about one deal: they need a deal the asker may see.
DEAL_ANSWERS: dict[str, Callable[[Turn, Opportunity], None]] = {
    "next_action": next_action.next_action,
    "deal_health": health.health,
    "attempts": attempts.attempts,
}
VIEWS = ("at_risk", "forecast", "coaching_gaps", "pipeline")
SELF = re.compile(r"^(?:i|me|myself|am i|i am|my pipeline|my numbers|我|我自己|我的业绩|我的業績)$", re.I)
THIS_DEAL = re.compile(r"^(?:this|that|it|the deal|this (?:one|deal)|这|這|这个|這個|这单|這單|这个案子|這個案子)$", re.I)


def ask(turn: Turn, text: str) -> None:
    """Answers the question ``text``: the understanding step's topic, else the rules' reading
    of the text, else (with an LLM) a composed answer, else an honest fallback."""
    utt = turn.understood
    found: Optional[Ask] = None
    if utt is not None and utt.kind == "question" and utt.intent:
        found = Ask(utt.intent, utt.arg)
    if found is None and (utt is None or utt.source == "llm" or utt.kind != "question"):
        # The rules' recognisers have classified a question already; an LLM's "question" has not
        # been, nor a note that names a situation ("they said they need to think about it").
        step = flow.current(turn)
        found = classify(text, step[1].name if step and step[1].name in DIMENSIONS else None)
    if found is None:
        _unmatched(turn, text)
        return
    code = found.code
    if code in DEAL_ANSWERS:
        opp = _deal(turn, text, found.arg)
        if opp is not None:
            DEAL_ANSWERS[code](turn, opp)
    elif code == "status":
        _status(turn, text, found.arg)
    elif code == "forecast":
        team.forecast(turn, period_of(text), _team_arg(turn, text))
    elif code == "at_risk":
        team.at_risk(turn, _team_arg(turn, text))
    elif code == "coaching_gaps":
        # "谁最常漏掉预算？": that topic's gaps, not each rep's top two
        team.coaching_gaps(turn, _team_arg(turn, text), only=named_dimension(to_simplified(fold(text))))
    elif code == "pipeline":
        named = target.named_in(text, target.visible_deals(turn))
        rep = _team_arg(turn, text)  # "kevin's pipeline looks thin": how that rep is doing
        if named is not None and not re.search(r"pipeline|漏斗|管道", text, re.I):
            team.deal_status(turn, named)  # "小张的华润医药怎么样了": the deal, not the rep's pipeline
        else:
            team.overview(turn, rep, code="rep_status" if rep else "pipeline")
    elif code == "fallback":
        _unmatched(turn, text)
    elif code in knowledge.entries():
        howto.howto(turn, target.deal_of(turn, text), code, text)
    else:
        _unmatched(turn, text)


def press(turn: Turn, arg: str) -> None:
    """ask:kb:<entry>, ask:more:<entry> and ask:view:<view> buttons."""
    kind, _, value = arg.partition(":")
    if kind == "next":  # the route's guard has checked the asker may see this deal
        opp = turn.opportunity(int(value))
        if opp is not None:
            next_action.next_action(turn, opp)
    elif kind == "view" and value in VIEWS:
        {"at_risk": team.at_risk, "coaching_gaps": team.coaching_gaps, "pipeline": team.overview}.get(
            value, lambda t: team.forecast(t, None))(turn)
    elif kind in ("kb", "more") and value in knowledge.entries():
        (howto.howto if kind == "kb" else howto.more)(turn, turn.deal, value)
    else:
        turn.say(turn.t("coach.bad_button"))


def summary_or_status(turn: Turn, arg: str = "") -> None:
    """ "summary of Kevin Wu": a rep the asker may see gets their status; anything else is a
    deal's summary, as before."""
    rep = target.rep_named(turn, arg) if arg.strip() and turn.user.role != "rep" else None
    if rep is not None and target.named_in(arg, target.visible_deals(turn)) is None:
        team.rep_status(turn, rep)
    else:
        summary.summary(turn, arg)


def _team_arg(turn: Turn, text: str) -> str:
    """A rep the question names (a manager asking about one of theirs), else the default scope."""
    rep = target.rep_named(turn, text) if turn.user.role != "rep" else None
    return rep.name if rep is not None and rep.id != turn.user.id else ""


def _deal(turn: Turn, text: str, arg: str) -> Optional[Opportunity]:
    opp = target.deal_of(turn, text, arg)
    if opp is None:
        turn.say(turn.t("coach.ask_which_deal"), [turn.button(button_id("deal.list"), "my_deals"),
                                                  turn.button(button_id("deal.new"), "new_deal")],
                 reply.meta("which_deal", None))
        return None
    if opp.owner_id == turn.user.id and opp.id != turn.conv.opportunity_id and flow.current(turn) is None:
        turn.set_deal(opp)  # "what next on globex?": its buttons act on globex
    return opp


def _status(turn: Turn, text: str, arg: str) -> None:
    """ "How is X doing?": a rep of the asker's team, else a deal they may see."""
    name = arg or text
    if SELF.search(arg):  # "how am I doing?": the asker's own pipeline
        team.overview(turn, "me", code="rep_status")
        return
    deals = target.visible_deals(turn)
    rep = target.rep_named(turn, name) if turn.user.role != "rep" else None
    if rep is not None and target.named_in(text, deals) is None:  # a deal named beside the rep is what's asked
        team.rep_status(turn, rep)
        return
    opp = target.named_in(name, deals) or target.named_in(text, deals) or (target.fuzzy(arg, deals) if arg else None)
    if opp is None and (not arg or THIS_DEAL.search(arg)):  # "how is this one doing?"
        opp = turn.deal
    if opp is not None:
        team.deal_status(turn, opp)
    else:  # "how is the weather looking?": neither a deal nor a rep
        _unmatched(turn, text)


def _unmatched(turn: Turn, text: str) -> None:
    """No rule knows the topic: an LLM may compose from the closest entries; else an honest
    reply with what the coach can do."""
    opp = turn.deal
    if turn.composer is not None:
        composed = turn.composer.compose(turn, text, knowledge.closest(text, turn.lang), howto.facts_of(turn, opp))
        if composed is not None:
            reply.answer(turn, composed.text, [], "composed", opp, composed.sources,
                         more=Button(button_id("help"), turn.label("help")), composed=True)
            return
    manager = turn.user.role in ("manager", "admin")
    buttons = []
    if opp is not None:
        buttons += [Button(button_id("ask.next", deal=opp.id), turn.label("ask_next")),
                    Button(button_id("stage.show"), turn.label("stage"))]
    if manager or opp is None:
        buttons.append(Button(button_id("ask.view", view="at_risk" if manager else "pipeline"),
                              turn.label("at_risk" if manager else "pipeline_short")))
    buttons.append(Button(button_id("help"), turn.label("help")))
    turn.say(turn.t("coach.ask_fallback", deal=opp.name if opp else None, manager=manager), buttons[:3],
             reply.meta("fallback", opp))
