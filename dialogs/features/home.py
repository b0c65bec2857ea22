"""A rep's home screen (Slack's App Home): each deal with its stage and what it is missing."""

from __future__ import annotations

from dialogs.domain.evidence import gather
from dialogs.messages import Button
from dialogs.features.stages import advise, label
from dialogs.turn import Turn
from dialogs.routing.buttons import button_id
from storage import repo

HOME_LIMIT = 20
MISSING_SHOWN = 3


def home(turn: Turn) -> None:
    deals = repo.opportunities_of(session=turn.session, owner_id=turn.user.id)
    if not deals:
        turn.say(turn.t("coach.home_empty", name=turn.user.name), meta={"deals": []})
        return
    rows = []
    for opp in deals[:HOME_LIMIT]:
        ev = gather(session=turn.session, opportunity=opp, today=turn.now.date())
        advice = advise(turn.playbook, ev)
        missing = [label(turn, c) for _, c in advice.gaps] + [label(turn, c) for c in advice.missing]
        rows.append({"id": opp.id, "name": opp.name, "stage": advice.stage.name(turn.lang),
                     "missing": missing[:MISSING_SHOWN], "more": max(0, len(missing) - MISSING_SHOWN),
                     "recommended": advice.recommended.name(turn.lang) if advice.recommended else None})
    turn.say(turn.t("coach.home", name=turn.user.name, deals=rows, total=len(deals)),
             [Button(button_id("deal.pick", deal=r['id']), r["name"][:60]) for r in rows[:10]],
             {"deals": [{"id": r["id"], "stage": d.stage, "missing": r["missing"]}
                        for r, d in zip(rows, deals)]})
