"""Turn cost of full discovery interviews through the coach, against a floor measured in the
same run: the same number of turns through a handler that only opens a database session,
runs ``SELECT 1`` (so a transaction really starts) and commits.

It also measures the understanding step: the same turns through a coach whose understanding
is what the coach did before it (a command-word lookup, else an answer or a note), so the
difference at p50 is what understanding every message costs on the rules path.

    python bench/interview.py                     # SQLite file in a temp folder
    python bench/interview.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, text

from dialogs.coach import Coach
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.messages import Incoming
from dialogs.domain.reading import _read
from dialogs.understanding import Understander, Utterance
from dialogs.understanding.commands import is_slash, slash_command, word_commands
from dialogs.understanding.normalize import core
from storage.db import StatementCounter, new_session, normalize_url, open_database

ANSWERS = {
    "goals": "Cut shipping errors 30% this year, about $400k saved",
    "plans": "Retrained pickers last year; backup plan is more QA staff",
    "challenges": "Their IT team admits they cannot fix scanning gaps",
    "timeline": "Live by 2027-06-30, top priority for H1",
    "budget": "$80k from the operations budget, approved",
    "authority": "Maria Chen, CFO, signs after a 3-week procurement review",
    "consequences": "Another year of penalties; the ops lead's bonus is at risk",
    "implications": "Frees budget for a second warehouse; ops lead up for VP",
}


def interview_turns(rep: int, n: int) -> list[Incoming]:
    user = f"rep{rep}"
    texts = [f"new deal Bench Deal {n}", "/discover"] + [ANSWERS[d] for d in DIMENSIONS]
    return [Incoming(channel="console", user_ref=user, display_name=user, text=t,
                     event_id=f"{user}-{n}-{i}") for i, t in enumerate(texts)]


def timed(fn: Callable[[Incoming], object], turns: list[Incoming]) -> list[float]:
    out = []
    for msg in turns:
        start = time.perf_counter()
        fn(msg)
        out.append(time.perf_counter() - start)
    return out


def summary(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    stats = {"tps": len(samples) / sum(samples), "p50": statistics.median(samples) * 1000,
             "p99": p99 * 1000}
    print(f"  {name:<10} {stats['tps']:8.0f} turns/s   p50 {stats['p50']:6.2f} ms   "
          f"p99 {stats['p99']:6.2f} ms")
    return stats


class CommandLookupOnly(Understander):
    """The coach before the understanding step: a command if the words match one, else the
    open question's answer, else a note."""

    def understand(self, text, ctx, **_kw):
        cmd = slash_command(text) if is_slash(text) else next(iter(word_commands(core(text, lower=False))), None)
        if cmd is not None:
            return Utterance(kind="command", intent=cmd.name, arg=cmd.arg, confidence=1.0)
        return Utterance(kind="answer" if ctx.in_flow else "note", confidence=1.0)


NOTE = ("Call w/ Acme: they want to cut picking errors 30% this year. Budget $80k approved. "
        "Maria Chen, CFO, has final say. Need it live by June 30.")


def statements_per_turn(coach: Coach) -> None:
    """SQL statements per kind of turn (storage.db.StatementCounter; BEGIN not counted): an
    interview answer typed, one by button ("Don't know yet"), a pasted multi-topic note."""
    user = f"count-{uuid.uuid4().hex[:6]}"
    n = iter(range(100))

    def send(text: str = "", button: str = "") -> list:
        msg = Incoming(channel="console", user_ref=user, display_name=user, text=text or None,
                       button=button or None, event_id=f"{user}-{next(n)}")
        with StatementCounter(coach.engine) as counter:
            replies = coach.handle(msg)
        send.count = counter.count
        return replies

    send("new deal Statement Count")
    send("/discover")
    replies = send(ANSWERS["goals"])
    counts = {"interview answer": send.count}
    unknown = next(b.id for r in replies for b in r.buttons if b.id.startswith("ctl:unknown:"))
    replies = send(button=unknown)
    counts["button answer"] = send.count
    pause = next(b.id for r in replies for b in r.buttons if b.id.startswith("ctl:pause:"))
    send(button=pause)
    send(NOTE)
    counts["pasted note"] = send.count
    print("  statements per turn: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def run(label: str, url: str, interviews: int) -> None:
    engine = open_database(url)
    coach = Coach(engine)
    statements_per_turn(coach)
    before = Coach(engine, understander=CommandLookupOnly())
    turns = [m for n in range(interviews) for m in interview_turns(n % 10, n)]

    def floor(_msg: Incoming) -> None:
        with new_session(engine) as session, session.begin():
            session.execute(text("SELECT 1"))

    # Interleave warm-up, then measure each in turn on the same engine.
    timed(floor, turns[:20])
    floor_stats = summary("floor", timed(floor, turns))
    before_turns = [Incoming(**{**vars(m), "event_id": f"before-{m.event_id}",
                                "user_ref": f"before-{m.user_ref}"}) for m in turns]
    warm = [m for n in range(interviews, interviews + 5) for m in interview_turns(99, n)]
    timed(before.handle, [Incoming(**{**vars(m), "event_id": f"w-{m.event_id}", "user_ref": "warm-b"})
                          for m in warm])
    timed(coach.handle, warm)
    # Each run starts with the reader's memo empty, so neither is timed on the other's reads;
    # the coach without understanding runs before and after, and its mean is the baseline.
    _read.cache_clear()
    first = timed(before.handle, before_turns[: len(turns) // 2])
    _read.cache_clear()
    coach_stats = summary("coach", timed(coach.handle, turns))
    _read.cache_clear()
    before_stats = summary("before", first + timed(before.handle, before_turns[len(turns) // 2:]))
    print(f"  understanding adds {coach_stats['p50'] - before_stats['p50']:+.2f} ms at p50 "
          f"(coach without it: {before_stats['p50']:.2f} ms)")
    print(f"  {label}: {len(turns)} turns ({interviews} interviews); coach costs "
          f"{coach_stats['p50'] / floor_stats['p50']:.1f}x the floor at p50, "
          f"{floor_stats['tps'] / coach_stats['tps']:.1f}x in throughput")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--pg", help="a PostgreSQL URL; a fresh schema is made and dropped")
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.processor() or platform.machine()} · "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite (WAL, file):")
        run("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", args.interviews)
    if args.pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(normalize_url(args.pg), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            sep = "&" if "?" in args.pg else "?"
            print("PostgreSQL:")
            run("postgresql", f"{normalize_url(args.pg)}{sep}options=-csearch_path%3D{schema}",
                args.interviews)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
