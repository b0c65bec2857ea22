"""Deals in chat: create, list, pick (by button or fuzzy name), amount, currency and close date."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional

from rapidfuzz import fuzz, process, utils

from dialogs.flows import flow
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.names import plain
from dialogs.domain.facts.dates import parse_date
from dialogs.domain.facts.money import parse_currency, parse_money
from dialogs.domain.money import show
from dialogs.flows.flow import Flow, Step, Validation
from dialogs.messages import Button
from dialogs.features.reminders import first_contact
from dialogs.flows.state import Run
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from dialogs.understanding import commands
from prompts.renderer import load_toml
from storage import repo
from storage.models import Opportunity

NAME_LIMIT = 200
LIST_LIMIT = 10
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# "Acme Corp – logistics", "台積電｜MES": the account is the name before the separator. A bare
# hyphen needs spaces around it, so "Coca-Cola" stays whole.
_ACCOUNT_SEPARATOR = re.compile(r"\s+[-–—]{1,2}\s+|\s*[–—|｜／:：]\s*|\s+/\s+")
ACCOUNT_LIMIT = 200


def account_of(name: str) -> Optional[str]:
    """The account a deal's name starts with, when a separator sets it apart."""
    head, *rest = _ACCOUNT_SEPARATOR.split(name, maxsplit=1)
    head = head.strip()
    return head if rest and rest[0].strip() and _LETTER.search(head) else None


def format_amount(value: Optional[Decimal], currency: Optional[str], lang: str = "en") -> str:
    """In the reader's language and the amount's currency (dialogs/domain/money.py)."""
    return show(value, currency, lang)


def implied_currency(turn: Turn, opp: Optional[Opportunity], lang: Optional[str] = None,
                     fallback: bool = True) -> Optional[str]:
    """The currency of an amount said without one: the deal's own, else the one a rep writing
    this language means ("300萬" from a Taiwan rep is NT$, never US$), else (``fallback``) the
    reporting currency."""
    said = load_toml(lang or turn.lang, "commands").get("money", {}).get("default_currency")
    return (opp.currency if opp is not None else None) or said or (turn.money.currency if fallback else None)


def _deal_buttons(turn: Turn, deals: list[Opportunity]) -> list[Button]:
    return [Button(button_id("deal.pick", deal=d.id), d.name[:60]) for d in deals[:LIST_LIMIT]]


def _stage_name(turn: Turn, code: str) -> str:
    """The stage as the playbook names it in the rep's language ("潛在客戶", not "lead")."""
    stage = turn.playbook.stage(code)
    return stage.name(turn.lang) if stage is not None else code


def require_deal(turn: Turn) -> Optional[Opportunity]:
    """The current deal; if there is none, ask the rep to pick or create one."""
    opp = turn.deal
    if opp is not None:
        return opp
    deals = repo.opportunities_of(session=turn.session, owner_id=turn.user.id)
    turn.say(turn.t("coach.need_deal"),
             _deal_buttons(turn, deals) + [turn.button(button_id("deal.new"), "new_deal")])
    return None


def select(turn: Turn, opp: Opportunity) -> None:
    flow.suspend(turn)
    turn.set_deal(opp)
    captured = repo.captured_counts(session=turn.session, opportunity_ids=[opp.id]).get(opp.id, 0)
    turn.say(turn.t("coach.deal_selected", name=opp.name, stage=_stage_name(turn, opp.stage), captured=captured,
                    total=len(DIMENSIONS)),
             [turn.button(button_id("disc.start"), "discover"), turn.button(button_id("disc.review"), "review")],
             {"opportunity": opp.id})


# -- creating -------------------------------------------------------------------------------


def _validate_name(turn: Turn, text: str) -> Validation:
    name = plain(text)
    if not _LETTER.search(name) or len(name) > NAME_LIMIT:
        return Validation(error="coach.deal_name_invalid", error_values={"limit": NAME_LIMIT})
    return Validation(value=name)


def _create(turn: Turn, name: str) -> None:
    existing = [d for d in repo.opportunities_of(session=turn.session, owner_id=turn.user.id)
                if d.name.casefold() == name.casefold()]
    if existing:
        turn.set_deal(existing[0])
        turn.say(turn.t("coach.deal_exists", name=existing[0].name),
                 [turn.button(button_id("disc.start"), "discover")], {"opportunity": existing[0].id})
        return
    opp = repo.add_opportunity(session=turn.session, owner_id=turn.user.id, name=name,
                               now=turn.now, channel=turn.msg.channel, account=account_of(name))
    turn.set_deal(opp)
    first_contact(turn, opp.id)
    turn.say(turn.t("coach.deal_created", name=opp.name, stage=_stage_name(turn, opp.stage)) + "\n" + turn.t("coach.first_contact_tip"),
             [turn.button(button_id("disc.start"), "discover"), turn.button(button_id("deal.details"), "details")],
             {"opportunity": opp.id, "stage": opp.stage})


def _ask_name(turn: Turn, step: Step, run: Run) -> tuple[str, dict[str, Any]]:
    return turn.t("coach.deal_name_prompt"), {}


def _save_name(turn: Turn, step: Step, result: Validation, text: str) -> str:
    _create(turn, result.value)
    return ""


NEW_DEAL = Flow(
    name="new_deal",
    steps=(Step(name="name", question=_ask_name, validate=_validate_name, save=_save_name),),
    controls=("pause",),
    label=lambda turn, step: turn.label("new_deal"),
    is_settled=lambda turn, step: False,
    finish=lambda turn, run, prefix: None,
    after_single=lambda turn, step, ack: None,
    accepts=frozenset({"answer", "note"}),  # any text can be a deal name
)


def new_deal(turn: Turn, arg: str = "") -> None:
    flow.suspend(turn)
    if not arg:
        flow.start(turn, NEW_DEAL, mode="single")
        return
    result = _validate_name(turn, arg)
    if result.error:
        turn.say(turn.t(result.error, **result.error_values))
        return
    _create(turn, result.value)


# -- listing and picking --------------------------------------------------------------------


def list_deals(turn: Turn, arg: str = "") -> None:
    """The rep's deals, open ones first, ten at a time; closed ones a tap away. ``arg`` is
    "open:2" or "closed:1" from the paging buttons."""
    deals = repo.opportunities_of(session=turn.session, owner_id=turn.user.id)
    if not deals:
        turn.say(turn.t("coach.no_deals"), [turn.button(button_id("deal.new"), "new_deal")])
        return
    which, _, page = arg.partition(":")
    which = which if which in ("open", "closed") else "open"
    page = max(1, int(page)) if page.isdigit() else 1
    final = {s.id for s in turn.playbook.stages if s.final}
    groups = {"open": [d for d in deals if d.stage not in final], "closed": [d for d in deals if d.stage in final]}
    if not groups[which]:
        which = "closed" if which == "open" else "open"
    chosen = groups[which]
    pages = max(1, -(-len(chosen) // LIST_LIMIT))
    page = min(page, pages)
    shown = chosen[(page - 1) * LIST_LIMIT: page * LIST_LIMIT]
    counts = repo.captured_counts(session=turn.session, opportunity_ids=[d.id for d in shown])
    rows = [{"name": d.name, "stage": _stage_name(turn, d.stage), "captured": counts.get(d.id, 0),
             "total": len(DIMENSIONS), "current": d.id == turn.conv.opportunity_id}
            for d in shown]
    buttons = _deal_buttons(turn, shown)
    if page < pages:
        buttons.append(Button(button_id("deal.page", which=which, page=page + 1), turn.label("more")))
    other = "closed" if which == "open" else "open"
    if groups[other]:
        buttons.append(Button(button_id("deal.page", which=other, page=1),
                              turn.label(f"{other}_deals", n=len(groups[other]))))
    buttons.append(turn.button(button_id("deal.new"), "new_deal"))
    first = (page - 1) * LIST_LIMIT + 1
    turn.say(turn.t("coach.deals_list", deals=rows, which=which, first=first, last=first + len(shown) - 1,
                    total=len(chosen)), buttons,
             {"deals": [{"id": d.id, "name": d.name, "stage": d.stage} for d in shown], "which": which,
              "page": page, "pages": pages, "total": len(chosen)})


def pick_deal(turn: Turn, arg: str) -> None:
    opp = turn.own_deal(int(arg), [turn.button(button_id("deal.list"), "my_deals")])
    if opp is not None:
        select(turn, opp)


def resolve(turn: Turn, query: str, deals: Optional[list[Opportunity]] = None
            ) -> tuple[Optional[Opportunity], list[Opportunity]]:
    """The one deal that ``query`` names (an id or a fuzzy name) among ``deals`` (default: the
    rep's own), else the candidates."""
    query = query.strip().lstrip("#")
    if deals is None:
        deals = repo.opportunities_of(session=turn.session, owner_id=turn.user.id)
    if query.isdigit():
        return next((d for d in deals if d.id == int(query)), None), []
    choices = {d.id: f"{d.name} {d.account or ''}".strip() for d in deals}
    matches = process.extract(query, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                              limit=5, score_cutoff=70)
    by_id = {d.id: d for d in deals}
    if matches and (len(matches) == 1 or matches[0][1] - matches[1][1] >= 10):
        return by_id[matches[0][2]], []
    return None, [by_id[m[2]] for m in matches]


def named_or_current(turn: Turn, arg: str) -> Optional[Opportunity]:
    """The deal ``arg`` names (id or fuzzy name), or the current one when it names none.
    When there is none, the rep has been told why (not found, candidates, or pick one)."""
    if not arg.strip():
        return require_deal(turn)
    opp, _ = resolve(turn, arg)
    if opp is None:
        use_deal(turn, arg)  # says "not found" or offers the candidates
        return None
    turn.set_deal(opp)
    return opp


def use_deal(turn: Turn, arg: str) -> None:
    query = arg.strip().lstrip("#")
    if query.isdigit():
        pick_deal(turn, query)
        return
    opp, candidates = resolve(turn, query)
    if opp is not None:
        select(turn, opp)
    elif candidates:
        turn.say(turn.t("coach.deal_ambiguous", query=query), _deal_buttons(turn, candidates))
    else:
        turn.say(turn.t("coach.deal_not_found", query=query), [turn.button(button_id("deal.list"), "my_deals")])


# -- amount, currency and close date --------------------------------------------------------


def _ask_amount(turn: Turn, step: Step, run: Run) -> tuple[str, dict[str, Any]]:
    opp = turn.deal
    return turn.t("coach.amount_prompt", deal=opp.name), {"opportunity": opp.id, "field": "amount"}


def _validate_amount(turn: Turn, text: str) -> Validation:
    money = parse_money(text)
    if money is None or money.value <= 0:
        return Validation(error="coach.amount_invalid", error_values={"value": text.strip()})
    return Validation(value=money)


def _save_amount(turn: Turn, step: Step, result: Validation, text: str) -> str:
    opp = turn.deal
    # No currency named: the deal's own, else the one a rep writing this language means ("300萬"
    # from a Taiwan rep is NT$, never US$); English leaves the reporting currency.
    currency = result.value.currency or implied_currency(turn, opp, fallback=False)
    repo.update_opportunity(session=turn.session, opportunity=opp, now=turn.now,
                            amount=result.value.value, currency=currency)
    return turn.t("coach.amount_set", deal=opp.name,
                  amount=format_amount(opp.amount, opp.currency or turn.money.currency, turn.lang))


def _ask_close(turn: Turn, step: Step, run: Run) -> tuple[str, dict[str, Any]]:
    opp = turn.deal
    return turn.t("coach.close_prompt", deal=opp.name), {"opportunity": opp.id, "field": "close_date"}


def _validate_close(turn: Turn, text: str) -> Validation:
    day = parse_date(text, turn.now.date())
    if day is None:
        return Validation(error="coach.close_invalid", error_values={"value": text.strip()})
    return Validation(value=day)


def _save_close(turn: Turn, step: Step, result: Validation, text: str) -> str:
    opp = turn.deal
    old, new = opp.close_date, result.value
    if old is not None and new > old:  # a slip: the owner is nudged once, the digest lists it
        repo.claim_push(session=turn.session, user_id=opp.owner_id, kind="slip", worker=None,
                        key=f"{opp.id}:{old.isoformat()}:{new.isoformat()}", opportunity_id=opp.id,
                        now=turn.now, data={"old": old.isoformat(), "new": new.isoformat()})
    repo.update_opportunity(session=turn.session, opportunity=opp, now=turn.now,
                            close_date=result.value)
    return turn.t("coach.close_set", deal=opp.name, date=result.value.isoformat())


def _details_settled(turn: Turn, step: Step) -> bool:
    opp = turn.deal
    return getattr(opp, "amount" if step.name == "amount" else "close_date") is not None


def _details_done(turn: Turn, run: Run, prefix: str) -> None:
    if prefix:
        turn.say(prefix, [turn.button(button_id("disc.start"), "discover")], {"opportunity": turn.deal.id})


DETAILS = Flow(
    name="details",
    steps=(
        Step(name="amount", question=_ask_amount, validate=_validate_amount, save=_save_amount),
        Step(name="close_date", question=_ask_close, validate=_validate_close, save=_save_close),
    ),
    controls=("skip", "pause"),
    label=lambda turn, step: turn.label("details"),
    is_settled=_details_settled,
    finish=_details_done,
    after_single=lambda turn, step, ack: turn.say(ack, [turn.button(button_id("disc.start"), "discover")],
                                                  {"opportunity": turn.deal.id}),
)


def _set_field(turn: Turn, arg: str, step_name: str) -> None:
    opp = turn.deal
    flow.suspend(turn)
    if not arg:
        flow.start(turn, DETAILS, step=step_name, mode="single", opportunity_id=opp.id)
        return
    step = DETAILS.step(step_name)
    result = step.validate(turn, arg)
    if result.error:
        turn.say(turn.t(result.error, **result.error_values))
        return
    turn.say(step.save(turn, step, result, arg), meta={"opportunity": opp.id})


def amount(turn: Turn, arg: str = "") -> None:
    both = commands.trailing("close", arg) or _then_a_date(turn, arg)  # "amount 45k, close end of feb": both fields
    _set_field(turn, both[0] if both else arg, "amount")
    if both:
        _set_field(turn, both[1], "close_date")


def _then_a_date(turn: Turn, arg: str) -> Optional[tuple[str, str]]:
    """ "150万 12月31号", "800万 明年3月底": an amount, then a day for the close with no word for it."""
    money = parse_money(arg)
    if money is None or money.text not in arg:
        return None
    before, _, rest = arg.partition(money.text)
    rest = rest.strip(" ,，;；、")
    if before.strip() or not rest or parse_date(rest, turn.now.date()) is None:
        return None
    return money.text, rest


def close(turn: Turn, arg: str = "") -> None:
    _set_field(turn, arg, "close_date")


def currency(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    code = parse_currency(arg)
    if code is None:
        turn.say(turn.t("coach.currency_invalid", value=arg.strip()))
        return
    repo.update_opportunity(session=turn.session, opportunity=opp, now=turn.now, currency=code)
    turn.say(turn.t("coach.currency_set", deal=opp.name, currency=code,
                    amount=format_amount(opp.amount, opp.currency or turn.money.currency, turn.lang)), meta={"opportunity": opp.id})


def account(turn: Turn, arg: str = "") -> None:
    """ "account Acme Corp": the company the deal is with."""
    opp, name = turn.deal, plain(arg)
    if not _LETTER.search(name) or len(name) > ACCOUNT_LIMIT:
        turn.say(turn.t("coach.account_invalid", limit=ACCOUNT_LIMIT), meta={"opportunity": opp.id})
        return
    repo.update_opportunity(session=turn.session, opportunity=opp, now=turn.now, account=name)
    turn.say(turn.t("coach.account_set", deal=opp.name, account=name), meta={"opportunity": opp.id})


def details(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    flow.suspend(turn)
    flow.start(turn, DETAILS, opportunity_id=opp.id)
