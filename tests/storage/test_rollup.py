"""stage_total stays equal to the deals it sums, whatever changes them: a new deal, a stage
moved, an amount or currency set, a deal handed to another rep, a value set after it expired,
a deal removed, a CRM import and its re-import. Checked against a live GROUP BY after every
commit, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from storage import repo
from storage.crm_import import import_csv, load_mapping
from storage.db import new_session
from storage.models import Opportunity, StageChange, StageTotal

NOW = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
MAVEN = Path(__file__).with_name("maven-sample")


def _live(session) -> dict:
    currency = func.coalesce(Opportunity.currency, "")
    rows = session.exec(select(Opportunity.owner_id, Opportunity.stage, currency, func.count(),
                               func.coalesce(func.sum(Opportunity.amount), 0))
                        .group_by(Opportunity.owner_id, Opportunity.stage, currency))
    return {(o, s, c): (n, Decimal(str(a)).quantize(Decimal("0.01"))) for o, s, c, n, a in rows}


def _kept(session) -> dict:
    rows = session.exec(select(StageTotal.owner_id, StageTotal.stage, StageTotal.currency, StageTotal.deals,
                               StageTotal.amount))
    return {(o, s, c): (n, Decimal(str(a)).quantize(Decimal("0.01"))) for o, s, c, n, a in rows if n}


def _same(engine) -> None:
    with new_session(engine) as s:
        assert _kept(s) == _live(s)


def test_the_totals_follow_every_change_to_a_deal(engine):
    with new_session(engine) as s, s.begin():
        ann = repo.add_user(session=s, name="Ann", now=NOW)
        bob = repo.add_user(session=s, name="Bob", now=NOW)
        a = repo.add_opportunity(session=s, owner_id=ann.id, name="Acme", now=NOW, channel="console")
        b = repo.add_opportunity(session=s, owner_id=ann.id, name="Beta", now=NOW, channel="console")
        ids = (ann.id, bob.id, a.id, b.id)
    _same(engine)
    ann_id, bob_id, a_id, b_id = ids
    with new_session(engine) as s, s.begin():
        a, b = s.get(Opportunity, a_id), s.get(Opportunity, b_id)
        repo.update_opportunity(session=s, opportunity=a, now=NOW, amount=Decimal("1200.50"), currency="USD")
        repo.update_opportunity(session=s, opportunity=b, now=NOW, amount=Decimal("900"), currency="EUR")
        repo.set_stage(session=s, opportunity=a, stage="qualification", author_id=ann_id, channel="console", now=NOW)
    _same(engine)
    with new_session(engine) as s, s.begin():
        a = s.get(Opportunity, a_id)
        a.owner_id = bob_id  # handed to another rep
        repo.update_opportunity(session=s, opportunity=a, now=NOW, amount=Decimal("1500"))
        s.flush()
        repo.set_stage(session=s, opportunity=a, stage="proposal", author_id=bob_id, channel="console", now=NOW)
    _same(engine)
    with new_session(engine) as s, s.begin():
        b = s.get(Opportunity, b_id)
        s.expire(b, ["stage", "amount"])  # its old values are no longer known
        b.stage, b.amount = "won", Decimal("950")
    _same(engine)
    with new_session(engine) as s, s.begin():
        for change in s.exec(select(StageChange).where(StageChange.opportunity_id == a_id)):
            s.delete(change)
        s.delete(s.get(Opportunity, a_id))
    _same(engine)
    with new_session(engine) as s:
        by_stage = repo.pipeline_by_stage(session=s, owner_ids=[ann_id, bob_id])
    assert by_stage == {"won": {"EUR": (1, Decimal("950"))}}


def test_an_import_and_its_reimport_keep_the_totals(engine):
    for _ in range(2):
        with new_session(engine) as s, s.begin():
            import_csv(s, load_mapping("maven"), MAVEN / "sales_pipeline.csv", NOW, teams=MAVEN / "sales_teams.csv")
        _same(engine)
    with new_session(engine) as s:
        assert sum(n for n, _ in _kept(s).values()) == s.exec(select(func.count()).select_from(Opportunity)).one()
