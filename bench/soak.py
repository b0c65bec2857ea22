"""Soak: N reps run discovery interviews at once against the Slack app in its own process
(the former wsgiref server, bench/legacy_slack_http.py, or `dealcoach serve` with 1 or 2 uvicorn workers), with
the fake Web API in this one. Reports throughput, p50/p99 of the acknowledgement and end to
end, errors (expected 0), what is left in the inbox, and the server's memory (all its
processes) over the run. `--compare` runs all three on the same database, one after the other,
and prints each one's ratio to wsgiref's figures from the same run.

Each rep waits for its own turn's replies before the next message. How many messages a turn
posts is taken from a dry run of the same script through the coach, so a missing reply shows
up as an error, not as a slow turn.

    python bench/soak.py --reps 10 --seconds 180 [--pg URL] [--target serve2 | --compare]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Optional

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
    """Resident memory of the process and of every process in its group (uvicorn's workers)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(proc.name) != pid and int(fields[2]) != pid:  # the group id, third after the name
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


def start_server(target: str, env: dict) -> tuple[subprocess.Popen, str]:
    """`wsgiref` (the server `slack --http` ran before serve) or `serve1`/`serve2` (N workers)."""
    if target == "wsgiref":
        proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "legacy_slack_http.py"), "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                start_new_session=True)
        return proc, re.search(r"(http://\S+/slack/events)", proc.stdout.readline()).group(1)
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([DEALCOACH, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                             target.removeprefix("serve")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return proc, f"http://127.0.0.1:{port}/slack/events"
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{target} did not start")


def soak(db_url: str, reps: int, seconds: float, target: str = "wsgiref") -> dict:
    expected = messages_per_turn(db_url)
    fake = FakeSlack(keep=False)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_"))},
           "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-soak", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_BASE_URL": fake.url}
    proc, url = start_server(target, env)
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
        os.killpg(proc.pid, signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
        fake.close()
    engine = open_database(db_url)
    left = Inbox(engine, "slack", time.time).waiting()
    engine.dispose()
    # "not recorded": an ack that gave up waiting for SQLite's write lock (no crash safety).
    errors += [f"server log: {line}" for line in stderr.splitlines() if "locked" in line.lower()
               or "not recorded" in line or "Traceback" in line]
    return {"turns": len(acks), "seconds": took, "acks": acks, "ends": ends, "errors": errors,
            "memory": memory, "inbox_left": left}


def report(label: str, r: dict, reps: int, base: Optional[dict] = None) -> None:
    acks, ends, memory = r["acks"], r["ends"], r["memory"]
    warm = next((mb for t, mb in memory if t >= 10), memory[0][1])
    rate = r["turns"] / r["seconds"]
    ack50, ack99 = stats(acks)
    print(f"{label}: {reps} reps for {r['seconds']:.0f} s: {r['turns']} turns, {rate:.1f} turns/s")
    print("  ack p50 {:.1f} ms p99 {:.1f} ms · end-to-end p50 {:.1f} ms p99 {:.1f} ms".format(
        ack50, ack99, *stats(ends)))
    print(f"  errors {len(r['errors'])} · left in the inbox {r['inbox_left']}")
    print(f"  server memory: {memory[0][1]:.0f} MB at start, {warm:.0f} MB after 10 s, "
          f"{memory[-1][1]:.0f} MB at the end (+{memory[-1][1] - warm:.0f} MB after warm-up)")
    if base is not None:
        b_rate = base["turns"] / base["seconds"]
        b50, b99 = stats(base["acks"])
        print(f"  vs wsgiref in this run: throughput x{rate / b_rate:.2f}, ack p50 x{ack50 / b50:.2f}, "
              f"ack p99 x{ack99 / b99:.2f}")
    for e in sorted(set(r["errors"]))[:5]:
        print(f"    {e}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--pg", help="a PostgreSQL URL instead of a SQLite file")
    parser.add_argument("--target", default="wsgiref", choices=("wsgiref", "serve1", "serve2"))
    parser.add_argument("--compare", action="store_true", help="wsgiref, then serve with 1 and 2 workers")
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.pg or f"sqlite:///{Path(tmp) / 'soak.db'}"
        targets = ("wsgiref", "serve1", "serve2") if args.compare else (args.target,)
        base = None
        for target in targets:
            r = soak(url, args.reps, args.seconds, target)
            report(target, r, args.reps, base if target != "wsgiref" else None)
            base = r if target == "wsgiref" else base


if __name__ == "__main__":
    main()
