"""Every view shows a multi-topic note's evidence per dimension, never the whole note again
under each topic: review, summary (with its key facts), prep, App Home and export."""

from __future__ import annotations

from dialogs.messages import Incoming
from storage.db import new_session
from storage.export import export_data
from tests.conftest import Chat

NOTE = ("Met Linda Park, VP Ops. They want order errors down 40% this year. "
        "Budget is $120k from the ops fund. Linda Park has final say after a procurement review. "
        "Go-live by 2027-06-30, their top priority.")
CLAUSES = {"goals": "They want order errors down 40% this year", "budget": "Budget is $120k from the ops fund",
           "timeline": "Go-live by 2027-06-30"}


def _deal(chat: Chat) -> None:
    chat.say("new deal Fabrikam")
    chat.say(NOTE)
    chat.say("/pause")


def test_review_and_prep_show_each_dimensions_clause(chat: Chat):
    _deal(chat)
    for view in ("review", "prep"):
        chat.say(view)
        text = chat.text
        assert NOTE[:60] not in text, f"{view} repeats the whole note"
        for dim, clause in CLAUSES.items():
            assert clause[:30] in text or dim == "timeline" and "2027-06-30" in text, (view, dim, text)


def test_summary_key_facts_come_from_each_dimensions_clause(chat: Chat):
    _deal(chat)
    chat.say("summary Fabrikam")
    lines = {line.split(":")[0].strip("✓~✗ "): line for line in chat.text.splitlines() if ":" in line}
    assert "120" in lines["Budget"] and "2027" not in lines["Budget"]
    assert "Linda Park" in lines["Authority"] and "$" not in lines["Authority"]


def test_key_facts_are_each_dimensions_kind_of_fact_deciders_first(chat: Chat):
    """The goal's metric, the timeline's date, the decider before others, even when one clause
    carries facts of several kinds ("明年Q2前把出貨錯誤率降到1%")."""
    chat.say("新增商機 大成物流")
    chat.say("他們希望2027年6月前把出貨錯誤率降到1%。最後是總經理林董拍板，陳協理很支持我們。")
    chat.say("/pause")
    chat.say("/summary")
    lines = {line.split(":")[0].strip("✓~✗ "): line for line in chat.text.splitlines() if ":" in line}
    assert "1%" in lines["目標"] and "2027" not in lines["目標"]
    assert "2027-06" in lines["時程"] and "%" not in lines["時程"]
    assert lines["決策權"].split(":", 1)[1].startswith("林董"), lines["決策權"]


def test_the_authority_key_fact_is_who_signs_not_the_contact_met(chat: Chat):
    chat.say("new deal Globex")
    chat.say("Met Hank, VP Ops. want to reduce downtime 15%. budget 200k approved by CFO Lisa Moss, she signs.")
    chat.say("/pause")
    chat.say("/summary")
    authority = next(line for line in chat.text.splitlines() if line.lstrip("✓~✗ ").startswith("Authority"))
    assert "Lisa Moss (CFO)" in authority and "Hank" not in authority


def test_app_home_and_export_use_the_clauses(chat: Chat, coach, engine):
    _deal(chat)
    (home,) = coach.home(Incoming(channel="console", user_ref="alice", display_name="alice", space="local"))
    assert NOTE[:60] not in home.text
    with new_session(engine) as s:
        answers = export_data(session=s)["opportunities"][0]["answers"]
    by_dim = {a["dimension"]: a for a in answers}
    for dim, clause in CLAUSES.items():
        assert by_dim[dim]["text"].startswith(clause), dim
        assert by_dim[dim]["source_text"] == NOTE


def test_a_goals_key_fact_is_its_metric_not_the_budget_beside_it(chat: Chat):
    chat.say("new deal Acme")
    chat.say("they want to cut errors 30%, budget 80k approved by CFO Maria Chen")
    chat.say("/pause")
    chat.say("/summary")
    lines = {line.split(":")[0].strip("✓~✗ "): line for line in chat.text.splitlines() if ":" in line}
    assert "30%" in lines["Goals"] and "80" not in lines["Goals"]
