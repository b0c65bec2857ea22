"""Deal health: "is this deal real?". A short verdict with the evidence for and against it,
all of it read from the deal: BANT and GPCTBA/C&I coverage, the decider and the decision
process, the timeline, recent activity, the committee and risks. Nothing is guessed."""

from __future__ import annotations

from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.evidence import Evidence
from dialogs.features import committee, records
from dialogs.features.coaching import reply
from dialogs.features.coaching.facts import clause as _clause, deal_facts
from dialogs.features.stages import advise, next_questions
from dialogs.features.summary import last_touch, risks
from dialogs.messages import Button
from dialogs.routing.buttons import button_id
from dialogs.turn import Turn
from storage.models import Opportunity

SHOWN = 4  # reasons for and against, each
SOLID, MIXED = 0.75, 0.45
BANT = (("B", ("budget",)), ("A", ("authority",)), ("N", ("goals", "challenges")), ("T", ("timeline",)))


def _captured(ev: Evidence, dim: str) -> bool:
    return ev.status(dim) == "captured"


def evidence_for_against(turn: Turn, ev: Evidence) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(code, values) reasons, strongest first; the values are the deal's own facts."""
    facts = deal_facts(ev)
    pro: list[tuple[str, dict]] = []
    con: list[tuple[str, dict]] = []

    def check(ok: bool, yes: str, no: str, **values) -> None:
        (pro if ok else con).append((yes if ok else no, values))

    check(bool(facts["decider"]), "decider", "no_decider", who=facts["decider"])
    check(not set(ev.issues.get("authority", [])) & {"authority_no_process"} and ev.status("authority") != "missing"
          and ev.status("authority") != "unknown", "process", "no_process")
    check(_captured(ev, "goals") or _captured(ev, "challenges"), "need", "no_need", goal=facts["goal"] or facts["challenge"])
    # The amount, else the buyer's own words on it ("80k from ops"): never an empty "Budget:".
    check(bool(facts["budget"]) or _captured(ev, "budget"), "budget", "no_budget",
          budget=facts["budget"] or _clause(ev, "budget"))
    check(bool(facts["timeline"]) and not {"timeline_no_date", "timeline_rough_period", "timeline_unconfirmed"} & set(ev.issues.get("timeline", [])),
          "timeline",
          "no_timeline", date=facts["timeline"])
    check(_captured(ev, "consequences") or _captured(ev, "implications"), "urgency", "no_urgency")
    if ev.activities:
        days = (turn.now - last_touch(ev)).days
        check(days < turn.playbook.stale_days, "recent", "stale", days=days)
    else:
        con.append(("no_activity", {}))
    people = ev.stakeholders
    if any(p.role == "sponsor" or p.stance == "supporter" for p in people):
        pro.append(("sponsor", {"who": facts["champion"]}))
    for warning in committee.warnings(people, ev.contacts):
        if warning in ("single_threaded", "opponent_with_influence"):
            con.append((warning, {"who": facts["opponent"]}))
    advice = advise(turn.playbook, ev)
    for code in risks(turn, ev, advice, turn.now.date()):
        if code in ("timeline_slipped", "close_date_past"):
            close = ev.opportunity.close_date
            con.append((code, {"date": close.isoformat() if close else ""}))
    return pro, con


def verdict(pro: list, con: list) -> str:
    share = len(pro) / max(1, len(pro) + len(con))
    return "solid" if share >= SOLID else "mixed" if share >= MIXED else "unproven"


def health(turn: Turn, opp: Opportunity) -> None:
    ev = records.evidence(turn, opp)
    pro, con = evidence_for_against(turn, ev)
    words = turn.render.data(turn.lang, "health")
    captured = sum(ev.status(d) == "captured" for d in DIMENSIONS)
    weak = sum(ev.status(d) == "weak" for d in DIMENSIONS)
    bant = [{"letter": letter, "ok": any(_captured(ev, d) for d in dims)} for letter, dims in BANT]
    advice = advise(turn.playbook, ev)
    asks = next_questions(turn, advice, ev)
    call = verdict(pro, con)
    text = turn.t("coach.health", deal=opp.name, stage=advice.stage.name(turn.lang), verdict=words["verdicts"][call],
                  captured=captured, weak=weak, total=len(DIMENSIONS), bant=bant,
                  pro=[words["for"][c].format(**v) for c, v in pro[:SHOWN]],
                  con=[words["against"][c].format(**v) for c, v in con[:SHOWN]], ask=asks[0] if asks else None)
    own = opp.owner_id == turn.user.id
    buttons = [Button(button_id("prep", deal=opp.id), turn.label("prep"))] if own else []
    reply.answer(turn, text, buttons, "deal_health", opp, more=Button(button_id("summary", deal=opp.id), turn.label("full_summary")),
                 verdict=call, evidence={"for": [c for c, _ in pro], "against": [c for c, _ in con]})
