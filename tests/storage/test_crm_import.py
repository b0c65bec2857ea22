"""Importing the Maven CRM export; a manager's pipeline checked against the CSV itself."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from dialogs.coach import Coach
from dialogs.messages import Incoming
from storage import repo
from storage.crm_import import import_csv, load_mapping
from storage.db import new_session, open_database
from tests.conftest import BACKENDS, database

# The full export where the checkout has ../shared beside it (as CI does); otherwise a sample of
# it shipped with the tests, so these tests never skip.
SHARED_MAVEN = Path(__file__).resolve().parents[3] / "shared" / "data" / "maven-crm"
MAVEN = SHARED_MAVEN if SHARED_MAVEN.is_dir() else Path(__file__).with_name("maven-sample")
NOW = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
STAGES = {"Prospecting": "lead", "Engaging": "discovery", "Won": "closed_won", "Lost": "closed_lost"}

ROWS = sum(1 for _ in (MAVEN / "sales_pipeline.csv").open(encoding="utf-8")) - 1


def _expected(manager: str) -> dict[str, tuple[int, Decimal]]:
    """Counts and amounts per playbook stage for a manager's team, straight from the CSV."""
    with (MAVEN / "sales_teams.csv").open(encoding="utf-8") as f:
        team = {r["sales_agent"] for r in csv.DictReader(f) if r["manager"] == manager}
    counts, amounts = Counter(), defaultdict(Decimal)
    with (MAVEN / "sales_pipeline.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["sales_agent"] in team:
                stage = STAGES[r["deal_stage"]]
                counts[stage] += 1
                amounts[stage] += Decimal(r["close_value"] or 0)
    return {s: (counts[s], amounts[s]) for s in counts}


@pytest.fixture(scope="module", params=BACKENDS)
def maven(request, tmp_path_factory):
    """One import per backend, shared by the tests that only read it (the import is the slow part)."""
    with database(request.param, tmp_path_factory.mktemp("maven")) as url:
        engine = open_database(url)
        with new_session(engine) as s, s.begin():
            report = import_csv(s, load_mapping("maven"), MAVEN / "sales_pipeline.csv", NOW,
                                teams=MAVEN / "sales_teams.csv")
        yield engine, report
        engine.dispose()


@pytest.fixture
def imported(maven):
    return maven[1]


@pytest.fixture
def maven_coach(maven):
    return Coach(maven[0], clock=lambda: NOW)


def test_import_is_complete_and_idempotent(maven, imported):
    engine = maven[0]
    assert (imported.created, imported.skipped) == (ROWS, [])
    with new_session(engine) as s, s.begin():
        again = import_csv(s, load_mapping("maven"), MAVEN / "sales_pipeline.csv", NOW,
                           teams=MAVEN / "sales_teams.csv")
    assert (again.created, again.updated, again.unchanged, again.users_created) == (0, 0, ROWS, 0)
    with new_session(engine) as s:
        assert len(repo.all_opportunities(session=s)) == ROWS
        dustin = repo.user_by_name(session=s, name="Dustin Brinkmann")
        assert dustin.role == "manager"
        assert {u.name for u in repo.team_of(session=s, manager_id=dustin.id)} == {
            "Anna Snelling", "Cecily Lampkin", "Versie Hillebrand", "Lajuana Vencill", "Moses Frase"}


def test_dustin_brinkmanns_team_pipeline_matches_the_csv(maven_coach):
    (reply,) = maven_coach.handle(Incoming(channel="console", user_ref="Dustin Brinkmann", text="/pipeline team"))
    got = reply.meta["pipeline"]
    assert got["scope"] == "team"
    expected = _expected("Dustin Brinkmann")
    for stage, (count, amount) in expected.items():
        row = got["stages"][stage]
        assert (row["count"], row["amount"]) == (count, int(amount)), stage
        assert row["amounts"] in ({}, {"USD": int(amount)}), "every Maven deal is in USD"
    assert got["currency"] == "USD" and got["apart"] == {}
    won, lost = expected["closed_won"], expected["closed_lost"]
    assert f"Closed won: {won[0]} deals, USD {int(won[1]):,}" in reply.text
    assert f"Closed lost: {lost[0]} deals" in reply.text
    assert reply.files and reply.files[0].data.startswith(b"\x89PNG")


def test_a_rep_sees_only_their_own_pipeline(maven_coach):
    (reply,) = maven_coach.handle(Incoming(channel="console", user_ref="Anna Snelling", text="/pipeline"))
    assert reply.meta["pipeline"]["scope"] == "me"
    with (MAVEN / "sales_pipeline.csv").open(encoding="utf-8") as f:
        mine = Counter(STAGES[r["deal_stage"]] for r in csv.DictReader(f) if r["sales_agent"] == "Anna Snelling")
    assert {s: v["count"] for s, v in reply.meta["pipeline"]["stages"].items() if v["count"]} == dict(mine)
    (refused,) = maven_coach.handle(Incoming(channel="console", user_ref="Anna Snelling", text="/pipeline Moses Frase"))
    assert "nobody by that name is on your team" in refused.text


def test_bad_rows_are_skipped_with_reasons(engine, tmp_path):
    bad = tmp_path / "crm.csv"
    bad.write_text(
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
        "A1,Ann,GTX,Acme,Won,2016-10-20,2017-03-01,1054\n"
        ",Ann,GTX,Acme,Won,2016-10-20,2017-03-01,10\n"
        "A3,,GTX,Acme,Won,2016-10-20,2017-03-01,10\n"
        "A4,Ann,GTX,Acme,Haggling,2016-10-20,2017-03-01,10\n"
        "A5,Ann,GTX,Acme,Won,2016-13-45,2017-03-01,10\n"
        "A6,Ann,GTX,Acme,Won,2016-10-20,2017-03-01,ten\n", encoding="utf-8")
    with new_session(engine) as s, s.begin():
        report = import_csv(s, load_mapping("maven"), bad, NOW)
    assert report.created == 1
    assert [(line, reason.split(" (")[0]) for line, reason in report.skipped] == [
        (3, "no opportunity id"), (4, "no owner"), (5, "unknown stage 'Haggling'"), (6, "bad value"), (7, "bad value")]
