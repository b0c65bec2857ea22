"""The buying committee (IBM SSM roles and stances): add or edit people by chat, accept people
the note reader found with one tap, and coach on the committee's shape (seed 002)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from dialogs.messages import Button
from dialogs.domain.names import plain
from dialogs.domain.playbook import ROLES
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.people import find_people
from dialogs.turn import Turn
from dialogs.domain.reading import read_note
from dialogs.routing.buttons import button_id
from dialogs.features import records
from dialogs.features.answers import current_answers
from prompts import LANGUAGES
from prompts.renderer import load_toml
from storage import repo
from storage.models import Answer, Opportunity, Stakeholder

STANCES = ("supporter", "neutral", "opponent")
INFLUENTIAL = ("key_decision_leader", "approver", "influencer")
_SPLIT = re.compile(r"\s*[,，、;；]\s*")


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    roles = {r.replace("_", " "): r for r in ROLES} | {r: r for r in ROLES}
    stances = {s: s for s in STANCES}
    for lang in LANGUAGES:
        data = load_toml(lang, "commands")
        roles |= {w.lower(): r for r, words in data["roles"].items() for w in words}
        stances |= {w.lower(): s for s, words in data["stances"].items() for w in words}
    return roles, stances


def parse_person(text: str) -> dict[str, Optional[str]]:
    """"Maria Chen, CFO, key decision leader, neutral" -> name, title, role, stance, notes."""
    roles, stances = _aliases()
    parts = [p for p in (plain(x) for x in _SPLIT.split(text.strip())) if p]
    person: dict[str, Optional[str]] = {"name": None, "title": None, "role": None, "stance": None, "notes": None}
    rest = []
    for i, part in enumerate(parts):
        key = part.lower()
        if key in roles and person["role"] is None:
            person["role"] = roles[key]
        elif key in stances and person["stance"] is None:
            person["stance"] = stances[key]
        elif i == 0:
            person["name"] = part[:200]
        elif person["title"] is None:
            person["title"] = part[:200]
        else:
            rest.append(part)
    person["notes"] = ", ".join(rest) or None
    return person


def _same(a: Stakeholder, name: Optional[str], title: Optional[str]) -> bool:
    if name and a.name:
        return a.name.casefold() == name.casefold()
    return bool(title and a.title and not a.name and not name and a.title.casefold() == title.casefold())


def full_name(turn: Turn, opp: Opportunity, name: Optional[str],
              title: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """A first name alone ("Lisa is our champion") is the one person of that first name already
    known on the deal ("Lisa Gomez", COO, from the committee or an earlier note)."""
    honorific = bool(name) and not name.isascii() and 2 <= len(name) <= 3
    if not name or " " in name.strip() or not (name.isascii() or honorific):
        return name, title
    known: dict[str, Optional[str]] = {p.name: p.title for p in records.stakeholders(turn, opp) if p.name}
    for rows in current_answers(turn, opp).values():
        for answer in rows:
            for p in (answer.facts or {}).get("people", []):
                if p.get("name"):
                    known.setdefault(p["name"], p.get("title"))
            # whom the note said the rep met ("talked to their COO Lisa Gomez today") is no clause of
            # evidence, but it is in the whole message the clause came from
            for p in _people_in(answer.source_text or ""):
                known.setdefault(p.name, p.title)
    if honorific:  # "周主任" is 周敏, 护理部主任; "王总" the one 王 with a 总 title
        matches = [n for n in known if n != name and n[:1] == name[:1] and not n.isascii()
                   and name[1:] in to_simplified(known[n] or "") + to_simplified(n)]
    else:
        matches = [n for n in known if " " in n and _first_name(n) == name.casefold()]
    return (matches[0], title or known[matches[0]]) if len(matches) == 1 else (name, title)


@lru_cache(maxsize=256)
def _people_in(text: str) -> tuple:
    return tuple(p for p in find_people(text) if p.name)


def _first_name(full: str) -> str:
    """ "Dr. Helen Brooks" -> "helen": an honorific is no first name."""
    words = [w for w in full.split() if w.rstrip(".").casefold() not in ("dr", "mr", "mrs", "ms", "prof")]
    return words[0].casefold() if words else ""


def find(turn: Turn, opp: Opportunity, name: Optional[str], title: Optional[str]) -> Optional[Stakeholder]:
    return next((p for p in records.stakeholders(turn, opp) if _same(p, name, title)), None)


def upsert(turn: Turn, opp: Opportunity, *, name: Optional[str], title: Optional[str],
           role: Optional[str], stance: Optional[str], notes: Optional[str] = None,
           batch: Optional[str] = None) -> tuple[Stakeholder, bool]:
    """Update the person of that name (or title), else add them; ``batch``, for a person a note
    adds, lets the note's Undo take them back."""
    person = find(turn, opp, name, title)
    if person is not None:
        repo.update_stakeholder(session=turn.session, person=person, now=turn.now, title=title,
                                role=role, stance=stance, notes=notes)
        return person, False
    person = repo.add_stakeholder(session=turn.session, opportunity_id=opp.id, now=turn.now, name=name,
                                  title=title, role=role, stance=stance, notes=notes, batch=batch)
    records.changed(turn, opp.id)
    return person, True


def describe(turn: Turn, p: Stakeholder) -> str:
    words = turn.render.data(turn.lang, "labels")
    role = words["roles"].get(p.role, "") if p.role else ""
    stance = words["stances"].get(p.stance, "") if p.stance else ""
    who = " ".join(x for x in (p.name, f"({p.title})" if p.title and p.name else p.title) if x)
    return " · ".join(x for x in (who, role, stance) if x)


def warnings(people: list[Stakeholder], contacts: int | None = None) -> list[str]:
    """Committee warning codes, most important first. ``contacts``: the buyer people known on
    the deal, mapped or only named in notes (default: the mapped ones)."""
    out = []
    if (len(people) if contacts is None else contacts) <= 1:
        out.append("single_threaded")
    if not any(p.role == "key_decision_leader" for p in people):
        # "CFO Mark Stein signs": someone signs, so the gap is whether they also decide
        out.append("signer_not_decider" if any(p.role == "approver" for p in people) else "no_key_decision_leader")
    if not any(p.role == "sponsor" for p in people):
        out.append("no_sponsor")
    if any(p.stance == "opponent" and p.role in INFLUENTIAL for p in people):
        out.append("opponent_with_influence")
    return out


def show(turn: Turn, opp: Opportunity, prefix: str = "") -> None:
    people = records.stakeholders(turn, opp)
    advice = turn.render.data(turn.lang, "committee")
    lines = [f"• {describe(turn, p)}" + (f" — {advice['stance_advice'][p.stance]}" if p.stance else "")
             for p in people]
    warns = [advice["warnings"][w] for w in warnings(people)]
    text = turn.t("coach.committee", deal=opp.name, people=lines, warnings=warns)
    turn.say(f"{prefix}\n\n{text}" if prefix else text, [turn.button(button_id("disc.start"), "continue")],
             {"opportunity": opp.id, "committee": [{"name": p.name, "title": p.title, "role": p.role,
                                                    "stance": p.stance} for p in people],
              "warnings": warnings(people)})


def committee(turn: Turn, arg: str = "") -> None:
    show(turn, turn.deal)


def add_person(turn: Turn, arg: str = "") -> None:
    opp = turn.deal
    fields = parse_person(arg)
    if not (fields["name"] or fields["title"]):
        turn.say(turn.t("coach.person_help"))
        return
    person, created = upsert(turn, opp, **fields)
    key = "coach.person_added" if created else "coach.person_updated"
    show(turn, opp, prefix=turn.t(key, who=describe(turn, person)))


def offer_found_people(turn: Turn, opp: Opportunity, answer: Optional[Answer], people: list[dict],
                       skip: frozenset[str] = frozenset()) -> list[Button]:
    """One-tap buttons to add the people a note named (``people``: its whole reading's), if
    they aren't in the committee yet. The button names an answer the note filed; pressed, the
    person is read again from that answer's source, the whole note."""
    if answer is None or not people:  # nobody named: no need to read the committee
        return []
    known = records.stakeholders(turn, opp)
    out = []
    for i, p in enumerate(people[:5]):
        if p.get("name") in skip or any(_same(k, p.get("name"), p.get("title")) for k in known):
            continue
        who = " ".join(x for x in (p.get("name"), f"({p['title']})" if p.get("title") and p.get("name") else p.get("title")) if x)
        out.append(Button(button_id("person.add", answer=answer.id, index=i), turn.label("add_person", who=who[:40])))
    return out


def accept_found(turn: Turn, arg: str) -> None:
    """ppl:add:<answer id>:<index>: add the person a filed note named."""
    answer_id, index = (int(x) for x in arg.split(":"))
    answer = repo.get_answer(session=turn.session, answer_id=answer_id)
    opp = turn.own_deal(answer.opportunity_id if answer else None)
    if opp is None:
        return
    people = read_note(answer.source_text or answer.text, turn.now.date()).facts_json()["people"]
    if index >= len(people):
        turn.say(turn.t("coach.bad_button"))
        return
    p = people[index]
    person, created = upsert(turn, opp, name=p.get("name"), title=p.get("title"), role=p.get("role"), stance=None)
    key = "coach.person_added" if created else "coach.person_updated"
    show(turn, opp, prefix=turn.t(key, who=describe(turn, person)))
