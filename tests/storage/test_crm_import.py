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


def _prices() -> dict[str, Decimal]:
    """products.csv, read as an admin would: "GTXPro" in the pipeline is "GTX Pro" here."""
    with (MAVEN / "products.csv").open(encoding="utf-8") as f:
        return {r["product"].replace(" ", ""): Decimal(r["sales_price"]) for r in csv.DictReader(f)}


def _value(row: dict) -> Decimal:
    """A deal's value: its close value, or (open deals) its product's list price."""
    return Decimal(row["close_value"]) if row["close_value"] else _prices()[row["product"].replace(" ", "")]


def _expected(manager: str) -> dict[str, tuple[int, Decimal]]:
    """Counts and amounts per playbook stage for a manager's team, straight from the CSVs."""
    with (MAVEN / "sales_teams.csv").open(encoding="utf-8") as f:
        team = {r["sales_agent"] for r in csv.DictReader(f) if r["manager"] == manager}
    counts, amounts = Counter(), defaultdict(Decimal)
    with (MAVEN / "sales_pipeline.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["sales_agent"] in team:
                stage = STAGES[r["deal_stage"]]
                counts[stage] += 1
                amounts[stage] += _value(r)
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
    with (MAVEN / "sales_pipeline.csv").open(encoding="utf-8") as f:
        open_rows = [r for r in csv.DictReader(f) if r["deal_stage"] in ("Prospecting", "Engaging")]
    assert (imported.valued, imported.unvalued) == (len(open_rows), 0)
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
    assert f"Closed won: {won[0]} · ${int(won[1]):,}" in reply.text
    assert f"Closed lost: {lost[0]} · " in reply.text
    assert len(reply.text.splitlines()) <= 15 and len(reply.text) <= 900, "fits a phone"
    # The weighted forecast from the CSVs and the playbook's win rates: open deals at list price.
    rates = {s.id: Decimal(str(s.win_rate)) for s in maven_coach.playbook.stages if not s.final}
    weighted = sum(amount * rates[stage] / 100 for stage, (_, amount) in expected.items() if stage in rates)
    assert weighted > 0 and got["weighted"] == pytest.approx(float(weighted), abs=0.01)
    assert reply.files and reply.files[0].content().startswith(b"\x89PNG")


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


def _mapping_with(tmp_path, extra: str) -> dict:
    path = tmp_path / "crm.toml"
    path.write_text((Path(load_mapping("maven")["_dir"]) / "maven.toml").read_text(encoding="utf-8") + extra,
                    encoding="utf-8")
    return load_mapping(str(path))


def test_open_deals_take_their_products_list_price_and_reimport_keeps_it(engine, tmp_path):
    (tmp_path / "products.csv").write_text("product,series,sales_price\nGTX Pro,GTX,4821\nMG Special,MG,55\n"
                                           "Widget,W,10\n", encoding="utf-8")
    crm = tmp_path / "crm.csv"
    crm.write_text(
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
        "B1,Ann,GTXPro,Acme,Engaging,2026-10-01,,\n"          # spacing differs from the price list
        "B2,Ann,mg special,,Prospecting,,,\n"                  # so does case
        "B3,Ann,GTX Pro,Acme,Won,2026-09-01,2026-10-01,4000\n"  # closed: its close value stands
        "B4,Ann,Gizmo,Acme,Engaging,2026-10-01,,\n"            # no price: no amount, never 0
        "B5,Ann,Thingamajig,Acme,Engaging,2026-10-01,,\n", encoding="utf-8")
    mapping = _mapping_with(tmp_path, '\n[valuation.aliases]\nThingamajig = "Widget"\n'
                                      '[close_dates]\nEngaging = { column = "close_date", days_after_created = 90 }\n')
    with new_session(engine) as s, s.begin():
        report = import_csv(s, mapping, crm, NOW)
    assert (report.created, report.valued, report.unvalued) == (5, 3, 1)
    with new_session(engine) as s:
        deals = {o.external_ref: o for o in repo.all_opportunities(session=s)}
        assert {k: (o.amount, o.currency) for k, o in deals.items()} == {
            "B1": (Decimal("4821"), "USD"), "B2": (Decimal("55"), "USD"), "B3": (Decimal("4000"), "USD"),
            "B4": (None, None), "B5": (Decimal("10"), "USD")}
        assert deals["B1"].account == "Acme" and deals["B2"].account is None
        # An open stage with no close date expects one 90 days after the engage date.
        assert str(deals["B1"].close_date) == "2026-12-30" and str(deals["B3"].close_date) == "2026-10-01"
        assert deals["B2"].close_date is None  # no engage date to count from
    with new_session(engine) as s, s.begin():
        again = import_csv(s, mapping, crm, NOW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_missing_price_list_is_said_and_a_bad_one_refused(engine, tmp_path):
    crm = tmp_path / "crm.csv"
    crm.write_text("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
                   "C1,Ann,GTX Pro,Acme,Engaging,2026-10-01,,\n", encoding="utf-8")
    mapping = load_mapping("maven")
    mapping["_dir"] = str(tmp_path)  # nowhere holds products.csv
    with new_session(engine) as s, s.begin():
        report = import_csv(s, mapping, crm, NOW)
        assert report.created == 1 and "no price list products.csv" in report.warnings[0]
        s.rollback()
    (tmp_path / "products.csv").write_text("product,sales_price\nGTX Pro,lots\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: price 'lots'"), new_session(engine) as s, s.begin():
        import_csv(s, mapping, crm, NOW)
    with new_session(engine) as s:
        assert repo.all_opportunities(session=s) == []
