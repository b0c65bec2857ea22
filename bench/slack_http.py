"""Turn cost through the Slack HTTP adapter, against an echo app on the same adapter and the
same fake Web API, measured in one run.

Each turn is a signed Events API request to the real slack-bolt app served over HTTP. We time
the acknowledgement (the HTTP round trip), end to end (until the turn's last reply reaches the
fake Web API: what the rep waits for) and the listener's end (after the outbox row is marked
sent, bookkeeping the rep does not wait for). The echo app posts the text back; the coach runs a discovery interview on SQLite.

    python bench/slack_http.py [--interviews 30]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.interview import ANSWERS  # noqa: E402
from dialogs.coach import Coach  # noqa: E402
from dialogs.domain.dimensions import DIMENSIONS  # noqa: E402
from dialogs.messages import Reply  # noqa: E402
from storage.db import open_database  # noqa: E402
from tests.bot.slack.conftest import Harness  # noqa: E402
from tests.bot.slack.fake_slack import FakeSlack  # noqa: E402


class Echo:
    """The floor: the same adapter, with a handler that only says the text back."""

    def handle(self, msg):
        return [Reply(text=msg.text or "")]

    def home(self, msg):
        return [Reply(text="home")]


def run(label: str, coach, interviews: int) -> tuple[list[float], list[float], list[float]]:
    """Per turn: the ack, the reply's arrival at the Web API (its last message, as the rep sees
    it) and the listener's end (after the outbox row is marked sent)."""
    fake = FakeSlack()
    harness = Harness(coach, fake)
    acks, seen, ends = [], [], []
    try:
        for n in range(interviews):
            user = f"U{n % 10}"
            for text in [f"new deal Bench {n}", "/discover"] + [ANSWERS[d] for d in DIMENSIONS]:
                start = time.perf_counter()
                with harness._cond:
                    target = harness.done["message"] + 1
                harness.dm(user, text)
                acks.append(time.perf_counter() - start)
                harness.wait_done("message", target)
                ends.append(time.perf_counter() - start)
                seen.append(fake.last_post_at - start)
    finally:
        harness.close()
        fake.close()
    return acks, seen, ends


def stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(samples) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=30)
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        results = {"echo": run("echo", Echo(), args.interviews),
                   "coach": run("coach", Coach(engine), args.interviews)}
        engine.dispose()
    for name, (acks, seen, ends) in results.items():
        (a50, a99), (s50, s99), (e50, e99) = stats(acks), stats(seen), stats(ends)
        print(f"  {name:<6} ack p50 {a50:6.2f} ms p99 {a99:6.2f} ms · reply at the Web API p50 {s50:6.2f} ms "
              f"p99 {s99:6.2f} ms · listener done p50 {e50:6.2f} ms p99 {e99:6.2f} ms · {len(ends)} turns")
    (_, echo_seen, echo_end), (_, coach_seen, coach_end) = results["echo"], results["coach"]
    print(f"  coach / echo, reply at the Web API: {stats(coach_seen)[0] / stats(echo_seen)[0]:.2f}x at p50, "
          f"{stats(coach_seen)[1] / stats(echo_seen)[1]:.2f}x at p99; listener done: "
          f"{stats(coach_end)[0] / stats(echo_end)[0]:.2f}x at p50")


if __name__ == "__main__":
    main()
