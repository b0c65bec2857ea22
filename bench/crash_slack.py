"""Crash safety of the Slack HTTP process: SIGKILL `dealcoach slack --http` (or, with
``workers``, `dealcoach serve` and all its workers: the whole process group) at random points
while events are in flight, restart it, and resend what wasn't acknowledged (as Slack retries).
Slack never resends what was acknowledged: the inbox (recorded before the ack) and the outbox
of the next process must carry those. Invariants: every acknowledged event is stored exactly
once and its reply reaches Slack (maybe twice after a kill: counted, not an error), nothing is
stored twice, no 5xx.

    python bench/crash_slack.py --kills 200 [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

from tests.bot.slack.fake_slack import FakeSlack  # noqa: E402

DEALCOACH = str(Path(sys.executable).with_name("dealcoach"))
SECRET = "crash-secret"


def post_dm(url: str, event_id: str, text: str, retry: int = 0, *, user: str = "U1",
            secret: str = SECRET) -> int:
    """A signed Events API direct message, as Slack sends it; 0 when the connection failed."""
    body = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": event_id,
                       "event": {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user,
                                 "text": text, "ts": "1.0"}}).encode()
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0  # the process died under us: not acknowledged


def run(db_url: str, kills: int, seed: int = 11, workers: Optional[int] = None) -> dict[str, int]:
    """``workers``: run `dealcoach serve --workers N` instead of `dealcoach slack --http`."""
    rng = random.Random(seed)
    fake = FakeSlack()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_"))},
           "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-crash", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_BASE_URL": fake.url,
           # Sweep often and take over a dead process's events after a second, to keep runs short.
           "REMINDER_EVERY_S": "0.2", "INBOX_RETRY_AFTER_S": "1"}
    command = ["serve", "--workers", str(workers)] if workers else ["slack", "--http"]
    pending: list[tuple[str, str, int]] = []  # (event id, text, retries so far)
    acked: set[str] = set()  # deal names whose event got a 200
    statuses: list[int] = []
    n = 0

    def replies() -> Counter:
        """Deal name -> how many "Created the deal" replies reached Slack."""
        return Counter(m["text"].split("Created the deal ")[1].split(" (stage")[0]
                       for m in fake.calls("chat.postMessage") if "Created the deal" in m.get("text", ""))

    def start() -> tuple[subprocess.Popen, str]:
        # Its own process group: a kill takes the supervisor and its workers, as a host crash would.
        proc = subprocess.Popen([DEALCOACH, *command, "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True)
        port = re.search(r"http://[\d.]+:(\d+)", proc.stdout.readline()).group(1)
        return proc, f"http://127.0.0.1:{port}/slack/events"

    def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass

    try:
        proc, url = start()
        for _ in range(kills):
            # Retry what the last process never acknowledged, then send a few new events.
            queue, pending = pending, []
            for _ in range(rng.randint(1, 4)):
                n += 1
                queue.append((f"EvC{n}", f"new deal Crash {n}", 0))
            kill_at = rng.randrange(len(queue) + 1)
            for i, (event_id, text, retry) in enumerate(queue):
                if i == kill_at:
                    threading.Timer(rng.random() * 0.01, kill, [proc]).start()
                status = post_dm(url, event_id, text, retry)
                statuses.append(status)
                if status == 200:
                    acked.add(text.removeprefix("new deal "))
                else:
                    pending.append((event_id, text, retry + 1))
            # Give acknowledged events a moment to answer, unless the process was killed already.
            deadline = time.monotonic() + 2.0
            while proc.poll() is None and time.monotonic() < deadline and not acked <= set(replies()):
                time.sleep(0.02)
            kill(proc)
            proc.wait()
            proc, url = start()
        for event_id, text, retry in pending:  # the last retries
            status = post_dm(url, event_id, text, retry)
            statuses.append(status)
            if status == 200:
                acked.add(text.removeprefix("new deal "))
        deadline = time.monotonic() + 20.0  # the last process's sweeps take over what is left
        while time.monotonic() < deadline and not acked <= set(replies()):
            time.sleep(0.1)
        # The rep's conversation goes on: the deal list answers, with the deals made so far.
        before = len(fake.calls("chat.postMessage"))
        goes_on = post_dm(url, "EvAfter", "my deals") == 200
        deadline = time.monotonic() + 10.0
        while goes_on and time.monotonic() < deadline and len(fake.calls("chat.postMessage")) == before:
            time.sleep(0.05)
        goes_on = goes_on and any("Crash" in (m.get("text") or "") for m in fake.calls("chat.postMessage")[before:])
        time.sleep(0.5)
        kill(proc, signal.SIGTERM)
        proc.wait(timeout=60)
        export = json.loads(subprocess.run([DEALCOACH, "export"], capture_output=True, text=True, env=env,
                                           check=True).stdout)
    finally:
        fake.close()
    stored = [o["name"] for o in export["opportunities"]]
    sent = replies()
    return {"kills": kills, "events": n, "acknowledged": len(acked), "replied": len(sent),
            "lost": sum(1 for name in acked | set(sent) if name not in stored),
            "duplicated": len(stored) - len(set(stored)),
            "replies_lost": sum(1 for name in acked if name not in sent),
            "replies_duplicated": sum(c - 1 for c in sent.values() if c > 1),
            "server_errors": sum(1 for s in statuses if s >= 500), "conversation_goes_on": int(goes_on)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--workers", type=int, help="kill `dealcoach serve --workers N` instead")
    parser.add_argument("--pg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run(args.pg or f"sqlite:///{Path(tmp) / 'crash.db'}", args.kills, workers=args.workers))


if __name__ == "__main__":
    main()
