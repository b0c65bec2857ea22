"""A small company to ask questions in: a manager (Mia) with four reps; Dana Lee owns six
deals, Acme Corp filled with known facts through the chat as a rep would; and, on another
team, Olaf owns Zeta Holdings, whose facts must never show up in anyone's answer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from dialogs.coach import Coach
from storage import repo
from storage.db import new_session
from storage.models import Answer
from sqlmodel import func, select
from tests.conftest import Chat, Clock

DEALS = ("Acme Corp", "Globex", "Initech", "Umbrella", "大同科技", "华腾物流")
REPS = ("Dana Lee", "Kevin Wu", "王小明", "李娜")
# What Dana has told the coach about Acme Corp, and the other deals' figures.
ACME_NOTES = (
    "Met Linda Park, CFO. They want to cut shipping errors 30% by 2027-06-30, top priority. "
    "Budget is $120k from the ops budget.",
    "add Linda Park, CFO, key decision leader, supporter",
    "add Dave Cho, Head of Ops, sponsor, supporter",
)
FIGURES = {"Globex": ("85k", "2026-12-20"), "Initech": ("40k", "2027-02-15"), "Umbrella": ("200k", "2026-12-05"),
           "大同科技": ("1500萬台幣", "2027-03-31"), "华腾物流": ("60万人民币", "2026-12-31")}
# Another team's deal: nothing of it may reach Mia's team.
DECOY = {"deal": "Zeta Holdings", "person": "Olga Petrova", "amount": "990k", "words": ("Zeta", "Olga", "Petrova", "990")}


@dataclass
class World:
    coach: Coach
    engine: object
    clock: Clock
    ids: dict[str, int] = field(default_factory=dict)
    _n: int = 0

    def answers(self) -> int:
        with new_session(self.engine) as s:
            return s.exec(select(func.count()).select_from(Answer)).one()

    def ask(self, who: str, text: str, open_dim: str | None = None, lang: str = "en") -> list:
        """``text`` from ``who`` in a fresh conversation on Acme Corp (a rep) with the question
        on ``open_dim`` open. The replies to the question only."""
        self._n += 1
        chat = Chat(self.coach, user=who, clock=self.clock)
        thread = f"q{self._n}"
        chat.say(f"/lang {lang}", thread=thread)
        if who == "Dana Lee":
            chat.say("/deal acme", thread=thread)
            if open_dim:
                chat.say(f"/discover {open_dim}", thread=thread)
        return chat.say(text, thread=thread)


def on_sqlite(folder) -> World:
    """The world on a SQLite file in ``folder``, its clock at 2026-11-30 09:00 UTC."""
    from datetime import datetime, timezone

    from storage.db import open_database

    engine = open_database(f"sqlite:///{folder}/coach.db")
    clock = Clock(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    return build(Coach(engine, clock=clock), engine, clock)


def build(coach: Coach, engine, clock: Clock) -> World:
    with new_session(engine) as s, s.begin():
        mia = repo.add_user(session=s, name="Mia", now=clock(), role="manager")
        other = repo.add_user(session=s, name="Otto", now=clock(), role="manager")
        for name in REPS:
            repo.set_manager(session=s, user=repo.add_user(session=s, name=name, now=clock()), manager_id=mia.id)
        repo.set_manager(session=s, user=repo.add_user(session=s, name="Olaf", now=clock()), manager_id=other.id)
    world = World(coach, engine, clock)
    dana = Chat(coach, user="Dana Lee", clock=clock)
    for name in reversed(DEALS):
        dana.say(f"new deal {name}")
        world.ids[name] = dana.last.meta["opportunity"]
        if name in FIGURES:
            amount, close = FIGURES[name]
            dana.say(f"/amount {amount}")
            dana.say(f"/close {close}")
    dana.say("/deal acme")
    for line in ACME_NOTES:
        dana.say(line)
    dana.say("/amount 120k")
    dana.say("/close 2027-06-30")
    kevin = Chat(coach, user="Kevin Wu", clock=clock)
    kevin.say("new deal Contoso")
    kevin.say("/amount 30k")
    olaf = Chat(coach, user="Olaf", clock=clock)
    olaf.say(f"new deal {DECOY['deal']}")
    world.ids[DECOY["deal"]] = olaf.last.meta["opportunity"]
    olaf.say(f"/amount {DECOY['amount']}")
    olaf.say(f"Met {DECOY['person']}, CEO. She has final say; budget {DECOY['amount']}, goal: cut churn 40%.")
    clock.advance(days=2)
    return world


def known_texts(world: World, owners: tuple[str, ...]) -> list[str]:
    """Everything the database holds about the deals of ``owners``, as text: what an answer to
    them may state. Weighted amounts (amount × a stage's win rate) are derived, so listed too."""
    from decimal import Decimal

    from dialogs.domain.playbook import load_playbook
    from dialogs.flows.deals import format_amount
    from storage.models import Activity, Opportunity, Reminder, Stakeholder, User

    out: list[str] = []
    rates = [s.win_rate for s in load_playbook().stages]
    with new_session(world.engine) as s:
        ids = [u.id for u in s.exec(select(User).where(User.name.in_(owners)))]
        out += list(owners)
        for opp in s.exec(select(Opportunity).where(Opportunity.owner_id.in_(ids))):
            out.append(json.dumps(opp.model_dump(mode="json"), ensure_ascii=False))
            if opp.amount is not None:
                out += [format_amount(opp.amount * Decimal(str(r)) / 100, opp.currency) for r in rates]
                out.append(format_amount(opp.amount, opp.currency))
            for model in (Answer, Stakeholder, Activity, Reminder):
                for row in s.exec(select(model).where(model.opportunity_id == opp.id)):
                    out.append(json.dumps(row.model_dump(mode="json"), ensure_ascii=False))
    return out
