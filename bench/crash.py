"""Crash safety: SIGKILL `dealcoach chat --jsonl` at random points during scripted answers,
restart it, and go on. Invariant: every answer whose reply reached the user is stored exactly
once, no answer is stored twice, and the conversation can always go on.

    python bench/crash.py --kills 300 [--pg URL]
The test suite runs a bounded version, 20 kills (tests/bot/test_crash.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DEALCOACH = str(Path(sys.executable).with_name("dealcoach"))


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "LLM_"))}
    return {**env, "DATABASE_URL": db_url}


def run(db_url: str, kills: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    acknowledged: list[str] = []
    sent = 0
    n = 0
    proc = None

    def start() -> subprocess.Popen:
        return subprocess.Popen([DEALCOACH, "chat", "--jsonl", "--user", "crash"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                encoding="utf-8", bufsize=1, env=_env(db_url))

    def ask(p: subprocess.Popen, text: str) -> bool:
        p.stdin.write(json.dumps({"text": text}) + "\n")
        p.stdin.flush()
        line = p.stdout.readline()
        return bool(line) and "replies" in json.loads(line)

    proc = start()
    ask(proc, "new deal Crash Test")
    killed = 0
    while killed < kills:
        lines_before_kill = rng.randint(1, 6)
        for _ in range(lines_before_kill):
            n += 1
            answer = f"answer {n}: cut errors {n % 50 + 1}%"
            ask(proc, "/discover goals")
            proc.stdin.write(json.dumps({"text": answer}) + "\n")
            proc.stdin.flush()
            sent += 1
            if _ == lines_before_kill - 1 and rng.random() < 0.5:
                time.sleep(rng.random() * 0.02)  # kill while the answer may be mid-transaction
                break
            line = proc.stdout.readline()
            if line and "replies" in json.loads(line):
                acknowledged.append(answer)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed += 1
        proc = start()
    still_talking = ask(proc, "review")
    proc.stdin.close()
    proc.wait(timeout=30)
    export = json.loads(subprocess.run([DEALCOACH, "export"], capture_output=True, text=True,
                                       env=_env(db_url), check=True).stdout)
    stored = Counter(a["text"] for o in export["opportunities"] for a in o["answers"])
    return {"kills": killed, "answers_sent": sent, "acknowledged": len(acknowledged),
            "lost": sum(1 for a in acknowledged if stored[a] == 0),
            "duplicated": sum(1 for c in stored.values() if c > 1),
            "conversation_goes_on": int(still_talking)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--pg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.pg or f"sqlite:///{Path(tmp) / 'crash.db'}"
        print(run(url, args.kills))


if __name__ == "__main__":
    main()
