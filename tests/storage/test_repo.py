"""The repository on a real database: append-only answers, exactly-once events, migrations."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from storage import repo
from storage.db import SCHEMA_HEAD, make_engine, migrate, new_session, normalize_url

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def _deal(session):
    user = repo.add_user(session=session, name="alice", now=NOW)
    return user, repo.add_opportunity(session=session, owner_id=user.id, name="Acme", now=NOW,
                                      channel="console")


def test_schema_is_created_by_migration_and_is_idempotent(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"user", "identity", "opportunity", "answer", "stage_history", "conversation",
            "processed_event", "inbound_event", "alembic_version"} <= tables
    migrate(engine)  # a second start changes nothing and does not fail
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == SCHEMA_HEAD


def test_the_fast_start_knows_the_newest_migration():
    """A start skips alembic when the database is at SCHEMA_HEAD, so that constant must be the
    newest revision on disk: a new migration without it would never run."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.db import MIGRATIONS_DIR, SCHEMA_HEAD

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_HEAD


def test_an_older_database_is_still_migrated_at_start(db_url):
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS_DIR, SCHEMA_HEAD, make_engine, schema_revision

    engine = make_engine(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0005")
    assert schema_revision(engine) == "0005"
    migrate(engine)
    assert schema_revision(engine) == SCHEMA_HEAD
    assert "language_pinned" in {c["name"] for c in inspect(engine).get_columns("user")}
    engine.dispose()


def test_models_and_migrations_agree(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_answers_are_append_only_and_edits_supersede(engine):
    with new_session(engine) as s, s.begin():
        user, opp = _deal(s)
        first = repo.add_answer(session=s, opportunity_id=opp.id, dimension="budget",
                                text="  $50k  ", language="en", author_id=user.id,
                                channel="console", now=NOW, question="What budget?",
                                source_message_id="m1")
        repo.add_answer(session=s, opportunity_id=opp.id, dimension="budget", text="$75k",
                        language="en", author_id=user.id, channel="slack", now=NOW,
                        supersedes_id=first.id)
        repo.add_answer(session=s, opportunity_id=opp.id, dimension="goals", text="",
                        status="unknown", language="en", author_id=user.id, channel="console",
                        now=NOW)
    with new_session(engine) as s:
        current = repo.current_answers(session=s, opportunity_id=opp.id)
        everything = repo.all_answers(session=s, opportunity_id=opp.id)
        assert [a.text for a in current["budget"]] == ["$75k"]
        assert [a.status for a in current["goals"]] == ["unknown"]
        assert [(a.text, sup) for a, sup in everything] == [
            ("  $50k  ", True), ("$75k", False), ("", False)]
        kept = everything[0][0]
        assert (kept.question, kept.source_message_id, kept.channel) == ("What budget?", "m1", "console")
        assert repo.edit_counts(session=s, opportunity_id=opp.id) == {"budget": 1}
        # goals is only "don't know yet": one topic captured, budget
        assert repo.captured_counts(session=s, opportunity_ids=[opp.id]) == {opp.id: 1}
    assert not [n for n in dir(repo) if n.startswith(("update_answer", "delete"))]


def test_claim_event_is_exactly_once(engine):
    with new_session(engine) as s, s.begin():
        assert repo.claim_event(session=s, channel="slack", event_id="Ev1", now=NOW)
        assert not repo.claim_event(session=s, channel="slack", event_id="Ev1", now=NOW)
        assert repo.claim_event(session=s, channel="telegram", event_id="Ev1", now=NOW)
    with new_session(engine) as s, s.begin():
        assert not repo.claim_event(session=s, channel="slack", event_id="Ev1", now=NOW)


def test_identity_is_unique_per_channel(engine):
    with new_session(engine) as s:
        with s.begin():
            user = repo.add_user(session=s, name="alice", now=NOW)
            repo.link_identity(session=s, user_id=user.id, channel="slack", external_id="T1:U1", now=NOW)
        with pytest.raises(IntegrityError), s.begin():
            repo.link_identity(session=s, user_id=user.id, channel="slack", external_id="T1:U1", now=NOW)


def test_conversation_state_round_trips_json(engine):
    with new_session(engine) as s, s.begin():
        user, opp = _deal(s)
        conv = repo.add_conversation(session=s, key="console|local||alice", channel="console",
                                     user_id=user.id, now=NOW, opportunity_id=opp.id)
        repo.save_conversation(session=s, conversation=conv, state="discovery.plans",
                               data={"run": {"trail": ["goals", "plans"], "mode": "interview"}},
                               now=NOW)
    with new_session(engine) as s:
        conv = repo.get_conversation(session=s, key="console|local||alice")
        assert conv.state == "discovery.plans"
        assert conv.data["run"]["trail"] == ["goals", "plans"]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'dir' / 'coach.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1, "NORMAL: WAL synced at checkpoints"
    assert (tmp_path / "sub" / "dir").is_dir(), "the data folder is created"


def test_plain_postgresql_urls_use_psycopg():
    assert normalize_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_two_sweeps_that_saw_the_same_stranded_event_lease_it_once(engine):
    from datetime import timedelta

    from storage.models import InboundEvent

    with new_session(engine) as session, session.begin():
        assert repo.record_inbound(session=session, channel="slack", event_id="Ev1", payload={"x": 1},
                                   now=NOW, retry_at=NOW)
    later = NOW + timedelta(seconds=30)
    seen = []
    for _ in range(2):  # each sweep reads the event in its own transaction
        with new_session(engine) as session, session.begin():
            (event,) = repo.stranded_inbound(session=session, channel="slack", now=NOW, limit=10)
            seen.append(InboundEvent(**event.model_dump()))
    with new_session(engine) as session, session.begin():
        assert repo.lease_inbound(session=session, event=seen[0], retry_at=later) is True
    with new_session(engine) as session, session.begin():
        assert repo.lease_inbound(session=session, event=seen[1], retry_at=later) is False, "taken already"
        (event,) = repo.stranded_inbound(session=session, channel="slack", now=later, limit=10)
        assert event.attempts == 1


def test_the_overdue_deals_at_risk_are_the_soonest_across_reps_and_stages(engine):
    """At risk reads the first few per rep and open stage, then the first of those: the same
    deals, in the same order, as sorting every overdue deal."""
    from datetime import date, timedelta

    stages = ["lead", "qualification", "proposal"]
    with new_session(engine) as s, s.begin():
        reps = [repo.add_user(session=s, name=f"rep{i}", now=NOW) for i in range(3)]
        deals = []
        for n in range(30):
            rep, stage = reps[n % 3], [*stages, "won"][n % 4]
            opp = repo.add_opportunity(session=s, owner_id=rep.id, name=f"D{n}", now=NOW, channel="console",
                                       stage=stage)
            opp.close_date = date(2026, 1, 1) + timedelta(days=(n * 37) % 300)
            deals.append(opp)
        s.flush()
        today = date(2026, 11, 22)
        want = sorted((o for o in deals if o.stage in stages and o.close_date < today),
                      key=lambda o: (o.close_date, o.id))[:4]
        got = repo.at_risk(session=s, owner_ids=[r.id for r in reps], stages=stages, today=today,
                           stale_before=NOW, limit=4)
        assert [(o.id, why) for o, why in got] == [(o.id, "close_date_past") for o in want]
