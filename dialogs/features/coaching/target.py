"""Which deal or rep a question is about: one it names, else the rep's current deal. Only
deals the asker may see are ever considered (reps their own, managers their team's)."""

from __future__ import annotations

import re
from typing import Optional

from rapidfuzz import fuzz, process, utils

from dialogs.domain import access
from dialogs.domain.facts.chinese import to_simplified
from dialogs.turn import Turn
from storage import repo
from storage.models import Opportunity, User

_WORD = 4  # a deal's first word this long is enough to name it ("acme" for "Acme Corp")
_HAN = 2  # as are its first two characters for a Chinese name ("华腾" for "华腾物流")


def _key(text: str) -> str:
    return to_simplified(utils.default_process(text))


def visible_deals(turn: Turn) -> list[Opportunity]:
    owners = access.visible_owner_ids(turn.session, turn.user)
    return repo.opportunities_of_owners(session=turn.session, owner_ids=owners)


def _word_in(word: str, text: str) -> bool:
    """``word`` stands alone in ``text`` (English beside Chinese counts: "kevin这个月")."""
    if not word.isascii():
        return word in text
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None


def named_in(text: str, deals: list[Opportunity]) -> Optional[Opportunity]:
    """The deal whose name (or its first word) the text mentions; the longest mention wins."""
    said = f" {_key(text)} "
    best, best_len = None, 0
    # Two Chinese characters inside one deal's name and no other's ("华盛" for "深圳华盛电子"),
    # past a place name in front; a pair two deals share ("医药") names neither.
    pairs: dict[str, set[int]] = {}
    for deal in deals:
        name = _key(deal.name)
        for i in range(len(name) - 1):
            if all("\u3400" <= ch <= "\u9fff" for ch in name[i:i + 2]):
                pairs.setdefault(name[i:i + 2], set()).add(deal.id)
    for deal in deals:
        name = _key(deal.name)
        if not name:
            continue
        forms = {name}
        first = name.split()[0]
        if len(first) >= _WORD:
            forms.add(first)
        if len(name) >= 3 and all("\u3400" <= ch <= "\u9fff" for ch in name[:_HAN]):
            forms.add(name[:_HAN])
        if len(name) >= 4:
            forms |= {pair for pair, ids in pairs.items() if ids == {deal.id} and pair in name[2:]}
        for form in forms:
            # An English name stands alone, also beside Chinese ("initech有啥新进展").
            hit = _word_in(form, said)
            if hit and len(form) > best_len:
                best, best_len = deal, len(form)
    return best


def deal_of(turn: Turn, text: str, arg: str = "") -> Optional[Opportunity]:
    """The deal a question is about: the one it names, else the current one."""
    deals = visible_deals(turn)
    if arg:
        found = named_in(arg, deals) or fuzzy(arg, deals)
        if found is not None:
            return found
    return named_in(text, deals) or turn.deal


def fuzzy(query: str, deals: list[Opportunity]) -> Optional[Opportunity]:
    found = process.extractOne(query, {d.id: d.name for d in deals}, scorer=fuzz.WRatio,
                               processor=utils.default_process, score_cutoff=86)
    return next(d for d in deals if d.id == found[2]) if found else None


def rep_named(turn: Turn, query: str) -> Optional[User]:
    """A rep the asker may see, by a name the query gives ("dana", "王小明")."""
    visible = access.visible_owner_ids(turn.session, turn.user)
    people = [u for u in repo.list_users(session=turn.session) if visible is None or u.id in visible]
    said = _key(query)
    for user in people:
        name = _key(user.name)
        first = name.split()[0] if name else ""
        # a whole word: "al" is no rep in "which deals are at risk"
        if name and (_word_in(name, said) or (len(first) >= 3 and _word_in(first, said))):
            return user
    # a near miss of a name ("dustn"), not a short name found inside another word
    found = process.extractOne(query, {u.id: u.name for u in people if len(u.name) >= 4}, scorer=fuzz.WRatio,
                               processor=utils.default_process, score_cutoff=88)
    return next(u for u in people if u.id == found[2]) if found else None
