"""Soak: N reps run discovery interviews at once against `dealcoach slack --http` in its own
process (the real bolt app, as deployed), with the fake Web API in this one. Reports
throughput, p50/p99 of the acknowledgement and end to end, errors (expected 0), what is left
in the inbox, and the server process's memory over the run.

Each rep waits for its own turn's replies before the next message. How many messages a turn
posts is taken from a dry run of the same script through the coach, so a missing reply shows
up as an error, not as a slow turn.

    python bench/soak.py --reps 10 --seconds 180 [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.crash_slack import post_dm  # noqa: E402
from bench.interview import ANSWERS  # noqa: E402
from bench.slack_http import stats  # noqa: E402
from bot.slack import render  # noqa: E402
from dialogs.coach import Coach  # noqa: E402
from dialogs.domain.dimensions import DIMENSIONS  # noqa: E402
from dialogs.inbox import Inbox  # noqa: E402
from dialogs.messages import Incoming  # noqa: E402
from storage.db import open_database  # noqa: E402
from tests.bot.slack.fake_slack import FakeSlack  # noqa: E402

DEALCOACH = str(Path(sys.executable).with_name("dealcoach"))
SECRET = "soak-secret"


def script(rep: int, n: int) -> list[str]:
    return [f"new deal Soak {rep}-{n}", "/discover"] + [ANSWERS[d] for d in DIMENSIONS]


def messages_per_turn(db_url: str) -> list[list[int]]:
    """Slack messages each step posts, for a rep's first and later interviews (a dry run)."""
    coach = Coach(open_database(db_url))
    runs = []
    for n in (1, 2):
        counts = []
        for i, text in enumerate(script(0, n)):
            msg = Incoming(channel="slack", user_ref="T1:DRY", text=text, event_id=f"dry{n}-{i}",
                           space="DDRY", display_name="Dry Run")
            counts.append(sum(len(render.messages(r)) for r in coach.handle(msg)))
        runs.append(counts)
    coach.engine.dispose()
    return runs


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def soak(db_url: str, reps: int, seconds: float) -> dict:
    expected = messages_per_turn(db_url)
    fake = FakeSlack(keep=False)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_"))},
           "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-soak", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_BASE_URL": fake.url}
    proc = subprocess.Popen([DEALCOACH, "slack", "--http", "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    url = re.search(r"(http://\S+/slack/events)", proc.stdout.readline()).group(1)
    acks, ends, errors, memory = [], [], [], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def rep(i: int) -> None:
        user, n, seen = f"U{i}", 0, 0
        while time.monotonic() < stop:
            n += 1
            for step, text in enumerate(script(i, n)):
                seen += expected[min(n, 2) - 1][step]
                t0 = time.perf_counter()
                status = post_dm(url, f"Ev{i}-{n}-{step}", text, user=user, secret=SECRET)
                t1 = time.perf_counter()
                try:  # until this rep's own turn has posted all its replies
                    fake.wait_posted(f"D{user}", seen, timeout=10)
                except AssertionError as exc:
                    with lock:
                        errors.append(f"missing reply: {exc}")
                    seen = fake.posted[f"D{user}"]
                with lock:
                    acks.append(t1 - t0)
                    ends.append(time.perf_counter() - t0)
                    if status != 200:
                        errors.append(f"HTTP {status}")

    def sample_memory() -> None:
        began = time.monotonic()
        while time.monotonic() < stop:
            memory.append((time.monotonic() - began, rss_mb(proc.pid)))
            time.sleep(min(5.0, seconds / 20))

    threads = [threading.Thread(target=rep, args=(i,)) for i in range(reps)]
    threads.append(threading.Thread(target=sample_memory))
    began = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - began
        memory.append((took, rss_mb(proc.pid)))
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
        fake.close()
    engine = open_database(db_url)
    left = Inbox(engine, "slack", time.time).waiting()
    engine.dispose()
    # "not recorded": an ack that gave up waiting for SQLite's write lock (no crash safety).
    errors += [f"server log: {line}" for line in stderr.splitlines() if "locked" in line.lower()
               or "not recorded" in line or "Traceback" in line]
    return {"turns": len(acks), "seconds": took, "acks": acks, "ends": ends, "errors": errors,
            "memory": memory, "inbox_left": left}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--pg", help="a PostgreSQL URL instead of a SQLite file")
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        r = soak(args.pg or f"sqlite:///{Path(tmp) / 'soak.db'}", args.reps, args.seconds)
    acks, ends, memory = r["acks"], r["ends"], r["memory"]
    warm = next((mb for t, mb in memory if t >= 10), memory[0][1])
    print(f"  {args.reps} reps for {r['seconds']:.0f} s: {r['turns']} turns, {r['turns'] / r['seconds']:.1f} turns/s")
    print("  ack p50 {:.1f} ms p99 {:.1f} ms · end-to-end p50 {:.1f} ms p99 {:.1f} ms".format(
        *stats(acks), *stats(ends)))
    print(f"  errors {len(r['errors'])} · left in the inbox {r['inbox_left']}")
    print(f"  server memory: {memory[0][1]:.0f} MB at start, {warm:.0f} MB after 10 s, "
          f"{memory[-1][1]:.0f} MB at the end (+{memory[-1][1] - warm:.0f} MB after warm-up)")
    print("  memory over time: " + ", ".join(f"{t:.0f}s {mb:.0f}MB" for t, mb in memory[::max(1, len(memory) // 8)]))
    for e in sorted(set(r["errors"]))[:5]:
        print(f"    {e}")


if __name__ == "__main__":
    main()
