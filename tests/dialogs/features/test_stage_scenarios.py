"""Stage advice on deal histories written blind to the rules (stage_scenarios.jsonl): notes
pasted in chat, interview answers, calls, proposals, people and next steps, then "/stage".
The advice must name the label's next stage, or none. Odd-numbered scenarios are held out.
`python -m tests.dialogs.features.test_stage_scenarios` prints the misses."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from dialogs.coach import Coach
from dialogs.domain.facts.dates import parse_date
from dialogs.messages import Incoming
from storage import repo
from storage.db import new_session, open_database

SCENARIOS = [json.loads(line) for line in
             Path(__file__).with_name("stage_scenarios.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
NOW = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
FLOORS = (0.9, 0.85)  # all, held-out; measured 2026-11-30: 0.972 and 0.944 (README)


def advice_after(engine, scenario: dict) -> tuple[str | None, list[str]]:
    """The recommended stage after replaying the history, and what the coach said."""
    coach = Coach(engine, clock=lambda: NOW)
    user, said, n = f"rep-{scenario['id']}", [], [0]

    def say(text: str) -> list:
        n[0] += 1
        replies = coach.handle(Incoming(channel="console", user_ref=user, display_name=user, text=text,
                                        event_id=f"{scenario['id']}-{n[0]}"))
        said.extend(r.text for r in replies)
        return replies

    say(f"/deal new Deal {scenario['id']}")
    with new_session(engine) as s, s.begin():
        owner = repo.user_by_name(session=s, name=user)
        opp = repo.opportunities_of(session=s, owner_id=owner.id)[0]
        opp.stage = scenario["stage"]
        s.add(opp)
        opp_id, owner_id = opp.id, owner.id
    for event in scenario["history"]:
        kind = event["type"]
        if kind == "note" or kind == "call" and event.get("text"):  # what the call's notes say, read as a note
            say(event["text"])
            say("/pause")
            if kind == "note":
                continue
        if kind == "answer":
            say(f"/discover {event['dimension']}")
            say(event["text"])
        else:
            with new_session(engine) as s, s.begin():
                if kind in ("call", "proposal_sent"):  # a call's outcome as logged ("reached": connected)
                    outcome = {"reached": "connected"}.get(event.get("outcome"), event.get("outcome"))
                    repo.add_activity(session=s, opportunity_id=opp_id, kind=kind, channel="console",
                                      now=NOW, author_id=owner_id, outcome=outcome, summary=event.get("text"))
                elif kind == "person":  # the same name again updates them, as "add …" does in chat
                    known = next((p for p in repo.stakeholders_of(session=s, opportunity_id=opp_id)
                                  if p.name == event["name"]), None)
                    if known is not None:
                        repo.update_stakeholder(session=s, person=known, now=NOW, title=event.get("title"),
                                                role=event["role"], stance=event.get("stance"))
                    else:
                        repo.add_stakeholder(session=s, opportunity_id=opp_id, now=NOW, name=event["name"],
                                             title=event.get("title"), role=event["role"], stance=event.get("stance"))
                elif kind == "next_step":
                    repo.add_activity(session=s, opportunity_id=opp_id, kind="email", channel="console",
                                      now=NOW, author_id=owner_id, next_step=event["text"],
                                      due_date=date.fromisoformat(event["date"]) if event.get("date")
                                      else parse_date(event["text"], NOW.date()))
    (reply,) = [r for r in say("/stage") if "recommended_stage" in r.meta]
    return reply.meta["recommended_stage"], said


def score(engine_factory, rows: list[dict]) -> tuple[float, list]:
    misses = []
    for row in rows:
        got, said = advice_after(engine_factory(), row)
        if got != row["expected"]:
            misses.append((row["id"], row["stage"], row["expected"], got, row["why"]))
    return 1 - len(misses) / len(rows), misses


@pytest.fixture
def fresh_engines(tmp_path):
    made = []

    def factory():
        engine = open_database(f"sqlite:///{tmp_path / f'stage{len(made)}.db'}")
        made.append(engine)
        return engine

    yield factory
    for engine in made:
        engine.dispose()


def test_stage_advice_agrees_with_the_labels(fresh_engines):
    held = [r for i, r in enumerate(SCENARIOS, 1) if i % 2]
    all_score, misses = score(fresh_engines, SCENARIOS)
    held_score = 1 - sum(1 for m in misses if m[0] in {r["id"] for r in held}) / len(held)
    print(f"\nstage scenarios: {all_score:.3f} all ({len(SCENARIOS)}), {held_score:.3f} held-out ({len(held)})")
    for miss in misses:
        print("  miss", miss)
    assert len(SCENARIOS) >= 30
    assert all_score >= FLOORS[0] and held_score >= FLOORS[1]


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in
            Path(__file__).with_name(name).read_text(encoding="utf-8").splitlines() if line.strip()]


# A second blind writer's 30 histories (stage_scenarios_2.jsonl, 10 a language, given only the
# README and the playbook file), first scored on 2026-12-01 at bcf0d03: 0.633 (19 of 30). Read
# then: the advice held a deal back for gaps behind its stage, which DESIGN says are warned about,
# not blocking; a decider whose stance isn't known was taken for an opponent; "但他明确反对" was not
# the decider's stance; "明年上半年" counted as a date; "might involve the board, not sure" as a
# process; "Tried Mark twice today, no pickup" as the buyer's plan; "报价书…发给了唐总" was no proposal
# sent. Now a tuning set.
# A third blind writer's 30 (stage_scenarios_3.jsonl, the same brief plus near-misses and hedges
# corrected later), first scored on 2026-12-01 at 3099c4a, after the second set's fixes: 0.700 (21
# of 30). Read then: a long voice note with a "which" in it was taken for a question; "update
# 11/30 - Marcus confirmed the budget: …" for a contact to add; a budget answer kept only its
# figure when its "pending CFO approval" was filed apart; "Met Sam again - he is our champion",
# "周总…，他明确说final decision他来做" and "IT的小陈" were missed; "決策流程？還沒定" read as a process;
# "經銷商轉介" as a challenge; "約好2027年1月6日…開報價說明會" as no next step. Now a tuning set.
# A fourth blind writer's 30 (stage_scenarios_4.jsonl: dictated notes, email recaps, CRM field
# dumps, abbreviations), first scored on 2026-12-01 at e5db6e4, after the third set's fixes: 0.833
# (25 of 30). Read then: "close the books in 5 days vs 11" was a date, and "'sometime in Q1'" one
# with its quote; "no firm date" and "won't be confirmed until Jan" no hedges; a later doubt
# cleared an earlier one ("80-120k, TBD"); "He … is against switching", "见了王总", "对接人李工" and
# "還要等董事會核" after a budget were missed. Now a tuning set.
# A fifth (stage_scenarios_5.jsonl: short answers, several short notes, people listed where one
# decides), first scored on 2026-12-01 at 8e24bb1: 0.867 (26 of 30). Read then: "Lisa
# (procurement)" was a process; "forwarded our proposal to their legal" no proposal sent; "Agreed
# w/ Karen: redline call … on 2026-12-10" no next step; "還在等董事會核准" no doubt on the budget;
# "何伟明年有望升IT总监" no implication. Now a tuning set.
# A sixth (stage_scenarios_6.jsonl: many industries, quoted speech, one fact a note), first scored on
# 2026-12-01 at 8bc61b9: 0.733 (22 of 30), under the fifth's 0.867. Read at the session's end, in part:
# "Priya is the final decision maker", "提案與報價已於今天寄給…", "雙方約定 2027年1月8日 下午兩點召開…"
# fixed (0.800); still missed: a sponsor said by what she does ("set up the meeting … keeps pushing
# internally for us" goes to the nearer name), "Luis Ortega, the plant GM, makes the call", a stance
# said in a later note, "我們在局內的支持者", "一月上旬" as no date, a quoted goal, "內部會再討論決定" as
# no process. The floor is what holds now, not the bar.
# A seventh (stage_scenarios_7.jsonl: calls logged with their outcome and notes, next steps with a
# date field, people without a stance), first scored on 2026-12-01 at 847b1f2: 0.833 (25 of 30),
# once the replay here logged a call's outcome and notes and took a next step's own date. Read
# then: "tried Dr. Patel's office twice … no callback" was a plan and "auto-reply: out till 12/7" a
# timeline; "張經理自己講：…哪張單卡住" asked us which deals are stuck; "計畫：我下週帶SE去…" was the
# buyer's plan; "預算到時候才會定" cleared the budget's doubt; "如果…還是靠手工…位置都懸" was no
# consequence. Now a tuning set.
# An eighth (stage_scenarios_8.jsonl: run-on voice notes, CRM field dumps, the rep's own guesses
# and reads), first scored on 2026-12-01 at 67868af: 0.867 (26 of 30). Read then: "signed up for
# the nov 19 webinar" was a timeline and "MQL" alone one by the clause model; "bet their scheduling
# is a mess" and "我猜…應該是痛點" were the buyer's pains; "…但客户自己没这么说" a consequence; "问了不改
# 会怎样 他没正面回答" a question to us; a voice note ran "…plant manager they want… right now they
# track…" into one clause. Now a tuning set.
# A ninth (stage_scenarios_9.jsonl: evidence that changes over time: hedges later confirmed, a date
# that slips, a supporter who turns, a denial), first scored on 2026-12-01 at fce87f4: 0.733 (22 of
# 30). Read then: a slipped go-live kept the old date ("march 1 is off the table" even read as one);
# "Rob Chen flipped… now he's against us" and "周主任今天明确反对" (周敏) left the decider a supporter;
# "email from Karen fri: CFO confirmed $200k" was the rep's to-do; "TBD. Karen: '…find the money'"
# asked the budget went elsewhere; "2027/3/31前" was no date; "还没聊过" was a call held; "没什么大
# 问题" a pain; "下季度再跟进" a dated next step. Now a tuning set.
# A tenth (stage_scenarios_10.jsonl: many industries, public sector too), first scored on 2026-12-01
# at 092e674: 0.867 (26 of 30). Read then: "'we'll figure that out…' - so no real process yet" was a
# process; "要等市議會審完才算數，現在還沒過" no doubt on the budget; "…的話可以保住補助…升招生處長" no
# implication; "劉先生態度普通；目前內部沒有人幫我們推" made him our sponsor. Now a tuning set.
# An eleventh (stage_scenarios_11.jsonl: terse and verbose reps, people stated only in notes), first
# scored on 2026-12-01 at aca25ec: 0.933 (28 of 30), the first over the 0.90 at first sight.
# Read then: "IT部的陈涛是我们的内部支持者" named no one; "he's in line for the regional ops director
# job" was no implication. Now a tuning set.
# A twelfth (stage_scenarios_12.jsonl: a plain spread), first scored on 2026-12-01 at 25b7f0e: 0.967
# (29 of 30). Read then: "上线后能拿到…供应商资格…头号成绩" was no implication. Now a tuning set.
# A thirteenth (stage_scenarios_13.jsonl: a plain spread, people stated in notes), first scored on
# 2026-12-01 at 6b1738f: 0.900 (27 of 30). Read then: "~300 staff" was a pain (the clause model);
# "…他说对他评正高很有帮助" was small talk; "约好12月11号下午开报价澄清会" the rep's to-do, no next step.
# Now a tuning set.
# A fourteenth (stage_scenarios_14.jsonl: a plain spread), first scored on 2026-12-01 at 98fa48e: 0.933
# (28 of 30). Read then: "Helen … has final say" was a new person beside "Dr. Helen Brooks"; "我这边下周三
# 去他们仓库看现场" the buyer's date; "上线时间对方没给" a timeline said. Now a tuning set.
# A fifteenth (stage_scenarios_15.jsonl: near-misses on purpose: a sponsor who turned, the rep's
# own to-dos as the plan, hedged deciders), first scored on 2026-12-02 at 052b9c4: 0.867 (26 of
# 30). Read then: a sponsor marked an opponent still counted; "对接人是行政主管李婷" was a decider
# and "流程她也不清楚" a known process; "还没来得及问做成之后的好处" an implication. Still read as
# met: a plan the label left out ("之前外包做過一次整合也失敗了" is what they tried, the plans
# question's own half). Now a tuning set.
LATER_WRITERS = {f"stage_scenarios_{n}.jsonl": floor for n, floor in
                 (("2", 0.9), ("3", 0.9), ("4", 0.9), ("5", 0.9), ("6", 0.8), ("7", 0.9), ("8", 0.9), ("9", 0.9),
                  ("10", 0.9), ("11", 0.9), ("12", 0.9), ("13", 0.9), ("14", 0.9), ("15", 0.9))}


@pytest.mark.parametrize("name", LATER_WRITERS)
def test_each_later_writers_histories(fresh_engines, name):
    rows = _load(name)
    result, misses = score(fresh_engines, rows)
    assert len(rows) == 30 and result >= LATER_WRITERS[name], misses


def test_advice_never_skips_a_stage(fresh_engines):
    order = ["lead", "discovery", "qualified", "solution", "proposal", "negotiation"]
    for row in SCENARIOS + [r for name in LATER_WRITERS for r in _load(name)]:
        got, _ = advice_after(fresh_engines(), row)
        assert got is None or order.index(got) == order.index(row["stage"]) + 1, row["id"]


if __name__ == "__main__":
    import tempfile

    which = sys.argv[1] if len(sys.argv) > 1 else "even"
    rows = [r for i, r in enumerate(SCENARIOS, 1) if which == "all" or (i % 2 == 0) == (which == "even")]
    folder = Path(tempfile.mkdtemp())
    counter = iter(range(10**6))
    result, misses = score(lambda: open_database(f"sqlite:///{folder / f'{next(counter)}.db'}"), rows)
    print(which, f"{result:.3f}", len(rows))
    if which == "even":
        for miss in misses:
            print(miss)
