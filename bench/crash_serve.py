"""Crash safety of `dealcoach serve` (2 uvicorn workers): SIGKILL the whole process group at
random points while Slack events are in flight, restart it, and resend what wasn't
acknowledged (as Slack retries). Slack never resends what was acknowledged: the inbox and the
outbox of the next process carry those. Invariants: every acknowledged event is stored once,
and every acknowledged event's reply reaches Slack (maybe twice: counted, not an error).

    python bench/crash_serve.py --kills 100 [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.crash_slack import SECRET, post_dm  # noqa: E402
from tests.bot.slack.fake_slack import FakeSlack  # noqa: E402

DEALCOACH = str(Path(sys.executable).with_name("dealcoach"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(db_url: str, kills: int, seed: int = 17, workers: int = 2) -> dict[str, int]:
    rng = random.Random(seed)
    fake = FakeSlack()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_"))},
           "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-crash", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_BASE_URL": fake.url, "REMINDER_EVERY_S": "0.2", "INBOX_RETRY_AFTER_S": "1"}
    pending: list[tuple[str, str, int]] = []
    acked: set[str] = set()
    statuses: list[int] = []
    n = 0

    def replies() -> Counter:
        return Counter(m["text"].split("Created the deal ")[1].split(" (stage")[0]
                       for m in fake.calls("chat.postMessage") if "Created the deal" in m.get("text", ""))

    def start() -> tuple[subprocess.Popen, str]:
        port = _free_port()
        proc = subprocess.Popen([DEALCOACH, "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        return proc, base + "/slack/events"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("serve did not start")

    def kill(proc: subprocess.Popen) -> None:
        try:  # the uvicorn supervisor and its workers: the whole group, as a host crash would
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    try:
        proc, url = start()
        for _ in range(kills):
            queue, pending = pending, []
            for _ in range(rng.randint(1, 4)):
                n += 1
                queue.append((f"EvS{n}", f"new deal Crash {n}", 0))
            kill_at = rng.randrange(len(queue) + 1)
            for i, (event_id, text, retry) in enumerate(queue):
                if i == kill_at:
                    threading.Timer(rng.random() * 0.02, kill, [proc]).start()
                status = post_dm(url, event_id, text, retry)
                statuses.append(status)
                if status == 200:
                    acked.add(text.removeprefix("new deal "))
                else:
                    pending.append((event_id, text, retry + 1))
            deadline = time.monotonic() + 2.0
            while proc.poll() is None and time.monotonic() < deadline and not acked <= set(replies()):
                time.sleep(0.02)
            kill(proc)
            proc.wait()
            proc, url = start()
        for event_id, text, retry in pending:
            status = post_dm(url, event_id, text, retry)
            statuses.append(status)
            if status == 200:
                acked.add(text.removeprefix("new deal "))
        deadline = time.monotonic() + 20.0  # the last process's sweeps: inbox, then outbox
        while time.monotonic() < deadline and not acked <= set(replies()):
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        export = json.loads(subprocess.run([DEALCOACH, "export"], capture_output=True, text=True, env=env,
                                           check=True).stdout)
    finally:
        fake.close()
    stored = [o["name"] for o in export["opportunities"]]
    sent = replies()
    return {"kills": kills, "events": n, "acknowledged": len(acked), "lost": sum(1 for d in acked if d not in stored),
            "duplicated": len(stored) - len(set(stored)),
            "replies_lost": sum(1 for d in acked if d not in sent),
            "replies_duplicated": sum(c - 1 for c in sent.values() if c > 1),
            "server_errors": sum(1 for s in statuses if s >= 500)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--pg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run(args.pg or f"sqlite:///{Path(tmp) / 'crash.db'}", args.kills))


if __name__ == "__main__":
    main()
