"""Summary, pipeline and weekly digest latency on the Maven CRM set imported x1 and x10 (88,000
deals), on SQLite and optionally PostgreSQL. A one-deal summary should cost the same at both
sizes; a team pipeline and digest are aggregated in SQL (the digest reads only the week's
changes besides), so x10 should cost at most about twice x1.

    python bench/scale.py [--pg URL] [--samples 40]
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from dialogs.coach import Coach  # noqa: E402
from dialogs.messages import Incoming  # noqa: E402
from storage.crm_import import import_csv, load_mapping  # noqa: E402
from storage.db import new_session, normalize_url, open_database  # noqa: E402
from storage.models import Opportunity, User  # noqa: E402

MAVEN = ROOT.parent / "shared" / "data" / "maven-crm"
NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)


def multiplied(times: int, folder: Path) -> Path:
    """The pipeline CSV repeated ``times`` times with distinct opportunity ids."""
    out = folder / f"pipeline_x{times}.csv"
    with (MAVEN / "sales_pipeline.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for n in range(times):
            for row in rows:
                writer.writerow({**row, "opportunity_id": f"{row['opportunity_id']}-{n}"})
    return out


def timed(coach: Coach, user: str, texts: list[str], meta_key: str) -> list[float]:
    out = []
    for t in texts:
        start = time.perf_counter()
        replies = coach.handle(Incoming(channel="console", user_ref=user, text=t))
        out.append(time.perf_counter() - start)
        assert any(meta_key in r.meta for r in replies), f"{t!r} gave no {meta_key}"
    return out


def run(url: str, times: int, folder: Path, samples: int) -> dict[str, float]:
    engine = open_database(url)
    start = time.perf_counter()
    with new_session(engine) as s, s.begin():
        report = import_csv(s, load_mapping("maven"), multiplied(times, folder), NOW,
                            teams=MAVEN / "sales_teams.csv")
    took = time.perf_counter() - start
    with new_session(engine) as s:
        dustin = s.exec(select(User).where(User.name == "Dustin Brinkmann")).one()
        team = [u.id for u in s.exec(select(User).where(User.manager_id == dustin.id)).all()]
        ids = list(s.exec(select(Opportunity.id).where(Opportunity.owner_id.in_(team))
                          .order_by(Opportunity.id)).all())
    step = max(1, len(ids) // samples)
    coach = Coach(engine)
    coach.handle(Incoming(channel="console", user_ref="Dustin Brinkmann", text="/pipeline"))  # warm
    summary = timed(coach, "Dustin Brinkmann", [f"/summary {i}" for i in ids[::step][:samples]], "dimensions")
    # 15 each: a median of 5 moved with the machine's other work. The pipeline's chart is drawn
    # when the reply is sent, after its text (dialogs.messages.Attachment), so it is not timed.
    pipeline = timed(coach, "Dustin Brinkmann", ["/pipeline team"] * 15, "pipeline")
    digest = timed(coach, "Dustin Brinkmann", ["/digest"] * 15, "digest")
    engine.dispose()
    return {"deals": report.created, "import_s": took, "summary_p50": statistics.median(summary) * 1000,
            "pipeline_p50": statistics.median(pipeline) * 1000, "digest_p50": statistics.median(digest) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg")
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    backends = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, pg in backends:
            results = {}
            for times in (1, 10):
                if pg:
                    schema = f"scale_{uuid.uuid4().hex[:8]}"
                    admin = create_engine(normalize_url(pg), isolation_level="AUTOCOMMIT")
                    with admin.connect() as c:
                        c.execute(text(f'CREATE SCHEMA "{schema}"'))
                    sep = "&" if "?" in pg else "?"
                    url = f"{normalize_url(pg)}{sep}options=-csearch_path%3D{schema}"
                else:
                    url = f"sqlite:///{folder / f'scale_{times}.db'}"
                try:
                    results[times] = run(url, times, folder, args.samples)
                finally:
                    if pg:
                        with admin.connect() as c:
                            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                r = results[times]
                print(f"  {name} x{times:<2} {r['deals']:>6} deals · import {r['import_s']:6.1f} s · "
                      f"summary p50 {r['summary_p50']:7.2f} ms · team pipeline p50 {r['pipeline_p50']:8.2f} ms · "
                      f"digest p50 {r['digest_p50']:8.2f} ms")
            print(f"  {name}: x10 / x1 — summary {results[10]['summary_p50'] / results[1]['summary_p50']:.2f}x, "
                  f"pipeline {results[10]['pipeline_p50'] / results[1]['pipeline_p50']:.2f}x, "
                  f"digest {results[10]['digest_p50'] / results[1]['digest_p50']:.2f}x")


if __name__ == "__main__":
    main()
