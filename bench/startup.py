"""Start-up cost of the `dealcoach` commands, against a floor measured in the same run.

Floor: `python -c "import sqlalchemy, sqlmodel"`, the least any database command must load.
Each command runs in a fresh process, paired with a floor run, N times; medians are compared.
`chat --jsonl` answers one line on a database that is already at the newest schema (a
returning rep), and once on a fresh database (a first start, which migrates).

    python bench/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str], *, stdin: str = "", env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, text=True, capture_output=True, check=True, cwd=ROOT,
                   env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    # Bytecode for the project's own modules, as every install has it (pip compiles what it
    # installs; without PYTHONDONTWRITEBYTECODE, a first start writes it). This sandbox sets
    # that variable, which would otherwise time compiling our sources on every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "bot", "dialogs", "prompts", "storage"],
                   cwd=ROOT, check=True)
    data = Path(tempfile.mkdtemp())
    env = {**os.environ, "DEALCOACH_DATA_DIR": str(data)}
    dealcoach = str(BIN / "dealcoach")
    line = '{"text": "hi"}\n'
    subprocess.run([dealcoach, "chat", "--jsonl", "--user", "bench"], input=line, text=True,
                   capture_output=True, check=True, env=env)  # the schema, and warm caches

    def fresh_env() -> dict:
        return {**os.environ, "DEALCOACH_DATA_DIR": tempfile.mkdtemp()}

    cases = {
        "dealcoach --help": lambda: timed([dealcoach, "--help"], env=env),
        "dealcoach extract TEXT": lambda: timed([dealcoach, "extract", "budget 80k from ops"], env=env),
        "dealcoach chat --jsonl, one line": lambda: timed(
            [dealcoach, "chat", "--jsonl", "--user", "bench"], stdin=line, env=env),
        "  same, first start (migrates)": lambda: timed(
            [dealcoach, "chat", "--jsonl", "--user", "bench"], stdin=line, env=fresh_env()),
    }
    floor_cmd = [sys.executable, "-c", "import sqlalchemy, sqlmodel"]
    print(f"{platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d')} · {args.runs} paired runs")
    print(f"{'command':38} {'median s':>9} {'floor s':>8} {'ratio':>6}")
    for name, run in cases.items():
        own, floor = [], []
        for _ in range(args.runs):
            floor.append(timed(floor_cmd))
            own.append(run())
        m, f = statistics.median(own), statistics.median(floor)
        print(f"{name:38} {m:9.3f} {f:8.3f} {m / f:5.2f}x")


if __name__ == "__main__":
    main()
