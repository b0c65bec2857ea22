"""Crash safety of `dealcoach serve` (2 uvicorn workers): bench/crash_slack.py's harness, with
the whole process group killed. Every acknowledged event stored once and its reply sent;
replies sent twice after a kill are counted, not errors.

    python bench/crash_serve.py --kills 100 [--pg URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.crash_slack import run as run_crash  # noqa: E402


def run(db_url: str, kills: int, seed: int = 17, workers: int = 2) -> dict[str, int]:
    return run_crash(db_url, kills, seed=seed, workers=workers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--pg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run(args.pg or f"sqlite:///{Path(tmp) / 'crash.db'}", args.kills))


if __name__ == "__main__":
    main()
