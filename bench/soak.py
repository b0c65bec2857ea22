"""Soak: N reps run discovery interviews at once over the Slack HTTP adapter (the real bolt
app, over HTTP, against the fake Web API) for a while. Reports throughput, p50/p99 for the
acknowledgement and end to end, errors (expected 0) and memory growth.

    python bench/soak.py --reps 10 --seconds 180
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.interview import ANSWERS  # noqa: E402
from dialogs.coach import Coach  # noqa: E402
from dialogs.dimensions import DIMENSIONS  # noqa: E402
from storage.db import open_database  # noqa: E402
from tests.bot.slack.conftest import Harness  # noqa: E402
from tests.bot.slack.fake_slack import FakeSlack  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=180)
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{Path(tmp) / 'soak.db'}")
        fake = FakeSlack()
        harness = Harness(Coach(engine), fake)
        acks, ends, errors = [], [], []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        start_rss = rss_mb()

        def rep(i: int) -> None:
            user, n = f"U{i}", 0
            while time.monotonic() < stop:
                n += 1
                for text in [f"new deal Soak {i}-{n}", "/discover"] + [ANSWERS[d] for d in DIMENSIONS]:
                    with harness._cond:
                        target = harness.done[("message", user)] + 1
                    t0 = time.perf_counter()
                    status, _ = harness.dm(user, text)
                    t1 = time.perf_counter()
                    try:  # until this rep's own turn has posted all its replies
                        harness.wait_done(("message", user), target, timeout=10)
                    except AssertionError:
                        with lock:
                            errors.append(f"no reply to {text!r}")
                    with lock:
                        acks.append(t1 - t0)
                        ends.append(time.perf_counter() - t0)
                        if status != 200:
                            errors.append(f"HTTP {status}")

        threads = [threading.Thread(target=rep, args=(i,)) for i in range(args.reps)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - began
        time.sleep(3.0)  # let in-flight listeners finish before the fake and database go away
        texts = [b["text"]["text"] for m in fake.calls("chat.postMessage") for b in m.get("blocks", [])
                 if b["type"] == "section"]
        errors += [t for t in texts if "went wrong" in t or "locked" in t.lower()]
        harness.close()
        fake.close()
        engine.dispose()

    def pct(xs, q):
        return sorted(xs)[min(len(xs) - 1, int(len(xs) * q))] * 1000

    print(f"  {args.reps} reps for {took:.0f} s: {len(acks)} turns, {len(acks) / took:.1f} turns/s")
    print(f"  ack p50 {statistics.median(acks) * 1000:.1f} ms p99 {pct(acks, 0.99):.1f} ms · "
          f"end-to-end p50 {statistics.median(ends) * 1000:.1f} ms p99 {pct(ends, 0.99):.1f} ms")
    print(f"  errors {len(errors)} · memory {start_rss:.0f} MB -> {rss_mb():.0f} MB")
    for e in sorted(set(errors))[:5]:
        print(f"    {e}")


if __name__ == "__main__":
    main()
