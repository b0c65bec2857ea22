"""The large fuzz run: the suite's property-based conversation fuzzing at 5x its budget,
10,000 steps a backend (100 examples x 100 steps), on SQLite and, with --pg, PostgreSQL.

    python bench/fuzz.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="also fuzz on this PostgreSQL URL")
    parser.add_argument("--scale", type=int, default=5, help="multiple of the suite's 2,000 steps")
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_STEPS_SCALE": str(args.scale)}
    env.pop("TEST_DATABASE_URL", None)
    if args.pg:
        env["TEST_DATABASE_URL"] = args.pg
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-s", "tests/dialogs/test_fuzz.py"],
                           cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
