"""Turn cost through the Telegram adapter (the real python-telegram-bot Application fed with
process_update), against an echo bot on the same adapter and the same fake Bot API, in one run.
A turn is timed from process_update until its replies have reached the fake Bot API.

    python bench/telegram_bot.py [--interviews 30]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.interview import ANSWERS  # noqa: E402
from bench.slack_http import Echo, stats  # noqa: E402
from dialogs.coach import Coach  # noqa: E402
from dialogs.domain.dimensions import DIMENSIONS  # noqa: E402
from dialogs.features.invites import create_invite  # noqa: E402
from storage.db import new_session, open_database  # noqa: E402
from tests.bot.telegram.conftest import Bot, message_update  # noqa: E402
from tests.bot.telegram.fake_telegram import FakeTelegram  # noqa: E402


def run(coach, interviews: int, codes: dict[int, str], rate_limit: bool) -> list[float]:
    fake = FakeTelegram()
    bot = Bot(coach, fake, rate_limit=rate_limit)
    samples = []
    try:
        for uid, code in codes.items():
            bot.say(uid, f"/start {code}")
        for n in range(interviews):
            uid = 100 + n % 10
            for text in [f"new deal Bench {n}", "/discover"] + [ANSWERS[d] for d in DIMENSIONS]:
                update = message_update(uid, text)
                start = time.perf_counter()
                bot.feed(update)
                samples.append(time.perf_counter() - start)
    finally:
        bot.close()
        fake.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=30)
    args = parser.parse_args()
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    # PTB's rate limiter spaces sends (30 a second overall), which dominates a fast turn; so
    # the adapter is measured both as deployed and without the limiter.
    for rate_limit in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            engine = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
            with new_session(engine) as s, s.begin():
                now = datetime.now(timezone.utc)
                codes = {100 + i: create_invite(session=s, role="rep", now=now).code for i in range(10)}
            echo = run(Echo(), args.interviews, {}, rate_limit)
            coach = run(Coach(engine), args.interviews, codes, rate_limit)
            engine.dispose()
        print(f"rate limiter {'on (as deployed)' if rate_limit else 'off'}:")
        for name, samples in (("echo", echo), ("coach", coach)):
            p50, p99 = stats(samples)
            print(f"  {name:<6} p50 {p50:6.2f} ms · p99 {p99:6.2f} ms · {len(samples)} turns")
        print(f"  coach / echo: {stats(coach)[0] / stats(echo)[0]:.2f}x at p50, "
              f"{stats(coach)[1] / stats(echo)[1]:.2f}x at p99")


if __name__ == "__main__":
    main()
