"""Deal summaries on crafted deals, and who may see what."""

from __future__ import annotations

import pytest

from storage import repo
from storage.db import new_session
from tests.conftest import Chat


def team(engine, clock):
    """A manager (Mona) with reps Ann and Bob; Zed is on another team; Ada is an admin."""
    with new_session(engine) as s, s.begin():
        mona = repo.add_user(session=s, name="Mona", now=clock(), role="manager")
        other = repo.add_user(session=s, name="Otto", now=clock(), role="manager")
        for name, manager in (("Ann", mona), ("Bob", mona), ("Zed", other)):
            user = repo.add_user(session=s, name=name, now=clock())
            repo.set_manager(session=s, user=user, manager_id=manager.id)
        repo.add_user(session=s, name="Ada", now=clock(), role="admin")


def test_summary_grid_and_risks(chat: Chat, engine, clock):
    chat.say("new deal Acme Corp")
    chat.say("amount $80k")
    chat.say("/close 2026-12-15")
    for dim, text in (("goals", "Cut shipping errors 30% this year"),  # captured
                      ("plans", "They plan to roll out a new WMS"),   # weak: no history or backup
                      ("timeline", "Live by 2027-03-31, top priority")):
        chat.say(f"/discover {dim}")
        chat.say(text)
    chat.say("edit timeline")
    chat.say("Live by 2027-06-30 now, still the top priority")   # the buyer's date slipped
    chat.say("/stage qualified")
    chat.press(chat.button("stage:ok"))
    clock.advance(days=30)                                     # stale, and past the close date
    chat.say("summary acme")
    summary = chat.last
    dims = summary.meta["dimensions"]
    assert (dims["goals"], dims["plans"], dims["challenges"]) == ("captured", "weak", "missing")
    assert summary.meta["stage"] == "qualified"
    assert summary.meta["risks"] == ["stale", "single_threaded", "no_authority", "timeline_slipped",
                                     "close_date_past", "evidence_gap"]
    text = summary.text
    assert "Acme Corp · Qualified (30%) · 30 days in stage" in text
    assert "Amount $80,000 · weighted $24,000 · close 2026-12-15" in text
    assert "✓ Goals: 30%" in text and "~ Plans: They plan to roll out a new WMS" in text
    assert "✗ Challenges" in text
    assert "Committee: nobody mapped" in text
    assert "the close date has passed" in text and "the timeline slipped" in text


def test_a_healthy_deal_has_no_risks(chat: Chat, engine, clock):
    chat.say("new deal Fresh")
    opp = chat.last.meta["opportunity"]
    chat.say("/close 2027-05-01")
    chat.say("add Maria Chen, CFO, key decision leader, supporter")
    chat.say("add Tom Reyes, Head of Ops, sponsor, supporter")
    chat.say("/log")
    chat.press("log:o:meeting_booked")
    chat.press(chat.button("ctl:skip"))
    chat.say("workshop on 2026-12-01")
    chat.say("summary fresh")
    assert chat.last.meta["risks"] == []
    assert "Last activity: Meeting booked, 2026-11-22 · next: workshop on 2026-12-01" in chat.last.text
    assert "Maria Chen (CFO) · key decision leader · supporter" in chat.last.text
    assert opp


def test_a_rep_cannot_see_another_reps_deal(engine, clock, coach):
    team(engine, clock)
    ann, bob = Chat(coach, "Ann", clock=clock), Chat(coach, "Bob", clock=clock)
    ann.say("new deal Ann Secret")
    secret = ann.last.meta["opportunity"]
    bob.say("summary ann secret")          # by name: not among his deals
    assert "None of your deals matches" in bob.text
    bob.say(f"/summary {secret}")          # by id
    assert "isn't yours" in bob.text
    bob.press(f"sum:{secret}")             # by a forged button
    assert "isn't yours" in bob.text
    bob.press(f"prep:{secret}")
    assert "isn't yours" in bob.text


def test_a_manager_sees_the_team_and_an_admin_sees_all(engine, clock, coach):
    team(engine, clock)
    for name, deal in (("Ann", "Ann Deal"), ("Zed", "Zed Deal")):
        Chat(coach, name, clock=clock).say(f"new deal {deal}")
    mona, ada = Chat(coach, "Mona", clock=clock), Chat(coach, "Ada", clock=clock)
    mona.say("summary ann deal")
    assert mona.last.text.startswith("Ann Deal · Lead") and "owner Ann" in mona.last.text
    mona.say("summary zed deal")
    assert "None of your deals matches" in mona.text, "another team's deal stays hidden"
    mona.say("/pipeline")
    stages = mona.last.meta["pipeline"]["stages"]
    assert stages["lead"]["count"] == 1 and mona.last.meta["pipeline"]["scope"] == "team"
    mona.say("/pipeline Zed")
    assert "nobody by that name is on your team" in mona.text
    ada.say("summary zed deal")
    assert ada.last.text.startswith("Zed Deal · Lead")
    ada.say("/pipeline")
    assert ada.last.meta["pipeline"]["stages"]["lead"]["count"] == 2


def test_the_console_saves_the_chart_as_a_file(db_url, tmp_path):
    import json
    import subprocess

    from tests.bot.test_console import DEALCOACH, _env

    env = {**_env(db_url), "DEALCOACH_DATA_DIR": str(tmp_path)}
    out = subprocess.run([DEALCOACH, "chat", "--jsonl", "--user", "pat"], input='{"text": "/pipeline"}\n',
                         capture_output=True, text=True, env=env, timeout=120)
    (reply,) = json.loads(out.stdout)["replies"]
    (path,) = reply["meta"]["files"]
    assert path.startswith(str(tmp_path / "charts")) and open(path, "rb").read(4) == b"\x89PNG"


def test_admin_tools_in_chat_are_for_admins_only(engine, clock, coach):
    team(engine, clock)
    ann, ada = Chat(coach, "Ann", clock=clock), Chat(coach, "Ada", clock=clock)
    ann.say("/role Ann admin")
    assert "admin tool" in ann.text
    ada.say("/users")
    assert {u["name"]: u["manager"] for u in ada.last.meta["users"]}["Ann"] == "Mona"
    ada.say("/manager Zed, Mona")
    ada.say("/role Bob manager")
    assert ada.last.meta == {"user": "Bob", "role": "manager", "understood": {"kind": "command", "intent": "role"}}
    ada.say("/role Nobody admin")
    assert "Names must match exactly" in ada.text
    mona = Chat(coach, "Mona", clock=clock)
    Chat(coach, "Zed", clock=clock).say("new deal Zed Deal")
    mona.say("summary zed deal")
    assert mona.last.text.startswith("Zed Deal · Lead"), "Zed is on Mona's team now"


@pytest.mark.parametrize("later, slipped", [
    ("oops i meant june 30 not march 31", False),        # a typo fixed
    ("the rollout has to finish by 2027-06-30", False),   # another milestone
    ("they pushed go-live to 2027-06-30", True),          # the date moved, said so
])
def test_a_slip_is_a_date_that_moved(chat: Chat, later, slipped):
    chat.say("new deal Acme")
    chat.say("They need the pilot live by march 31, it's their top priority")
    chat.say(later)
    chat.say("summary")
    assert ("timeline_slipped" in chat.last.meta["risks"]) is slipped


def test_the_last_activity_is_said_in_words_and_a_next_step_is_not_one(chat: Chat):
    chat.say("new deal Helix")
    chat.say("Spoke w Dr. Amy Cho (VP R&D), they want one LIMS by Q3. Next: demo for her team on 12/10")
    chat.say("summary")
    line = next(l for l in chat.text.splitlines() if l.startswith("Last activity"))
    assert "next_step" not in line and "next: demo for her team on 12/10" in line


def test_a_topics_key_fact_comes_from_the_latest_answer_that_has_one(chat: Chat):
    chat.say("新建商机 星河科技")
    chat.say("老板说今年要把退货率从8%降到5%，预算大概50万左右，周总自己能拍板50万以下的")
    assert chat.replies[0].text.count("¥50万") == 1, "the same figure is found once, in the yuan a mainland rep means"
    chat.say("/pause")
    chat.say("他们下个月要上新品，希望上线前搞定")
    chat.say("总结")
    goal = next(l for l in chat.text.splitlines() if "目标" in l)
    assert "8%, 5%" in goal, "the later goal clause with no number doesn't hide the metric"


@pytest.mark.parametrize("asked, words", [("pipeline this quarter", "this quarter"), ("這季的漏斗", "本季"),
                                          ("这个季度的pipeline", "本季"), ("pipeline for this month", "this month")])
def test_a_manager_asking_for_a_period_gets_the_teams_pipeline_in_their_words(engine, clock, coach, asked, words):
    team(engine, clock)
    Chat(coach, "Ann", clock=clock).say("new deal Ann Deal")
    mona = Chat(coach, "Mona", clock=clock)
    mona.say(asked)
    assert mona.last.meta["pipeline"]["scope"] == "team" and mona.last.meta["pipeline"]["stages"]["lead"]["count"] == 1
    assert words in mona.last.text and "nobody by that name" not in mona.text
    if asked == "这个季度的pipeline":
        assert "销售漏斗" in mona.last.text, "answered in the Simplified Chinese it was asked in"


@pytest.mark.parametrize("note, days", [("had a call with Amy Cho yesterday, they want one LIMS by Q3", 1),
                                        ("上週跟王總開了會，他們想降庫存", 7)])
def test_an_activity_said_as_past_is_dated_the_day_it_happened(chat: Chat, clock, note, days):
    chat.say("new deal Helix")
    chat.say(note)
    chat.say("summary")
    when = (clock() - __import__("datetime").timedelta(days=days)).date().isoformat()
    assert when in next(l for l in chat.text.splitlines() if l.startswith(("Last activity", "最近動態")))
