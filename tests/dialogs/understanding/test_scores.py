"""Scores the understanding step on labelled utterances (this folder's <lang>.jsonl).

The utterances were written and labelled by a separate author who never saw the rules, as
reps really type: typos, mixed English in Chinese, questions to the coach, commands in plain
words, fillers, "don't know", corrections, answers and notes. While the rules were written only
the even-numbered lines were read, plus a second blind set (dev/) written later for tuning;
the odd-numbered lines are held out and reported on their own.

A message counts as right when its kind matches and, for a command or a control, its intent.
The floors sit a few points under the figures measured on 2026-11-30, so a regression fails
while the rules can still be made more general. Run with -s, or
`python -m tests.dialogs.understanding.test_scores`, to see the confusion matrices.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from dialogs.understanding import KINDS, Context, Understander

HERE = Path(__file__).parent
TODAY = date(2026, 11, 30)
LANGS = ("en", "zh-Hant", "zh-Hans")
# (all lines, held-out half, dev set) per language.
FLOORS = {"en": (0.88, 0.8, 0.93), "zh-Hant": (0.88, 0.82, 0.93), "zh-Hans": (0.86, 0.75, 0.93)}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _right(row: dict, got) -> bool:
    if got.kind != row["kind"]:
        return False
    return row["kind"] not in ("command", "control") or got.intent == row["intent"]


def score(rows: list[dict]) -> tuple[float, Counter]:
    understander = Understander()
    confusion: Counter = Counter()
    right = 0
    for row in rows:
        ctx = Context(open_dimension=row["open"], open_flow="discovery" if row["open"] else None)
        got = understander.understand(row["text"], ctx, today=TODAY)
        confusion[(row["kind"], got.kind)] += 1
        right += _right(row, got)
    return right / len(rows), confusion


def matrix(confusion: Counter) -> str:
    kinds = [k for k in KINDS if any(k in pair for pair in confusion)]
    head = "gold \\ got".ljust(12) + "".join(k[:7].rjust(8) for k in kinds)
    rows = [k.ljust(12) + "".join(str(confusion[(k, g)] or ".").rjust(8) for g in kinds) for k in kinds]
    return "\n".join([head, *rows])


def report() -> dict[str, tuple[float, float, float]]:
    out = {}
    for lang in LANGS:
        rows = load(HERE / f"{lang}.jsonl")
        held = [r for i, r in enumerate(rows, 1) if i % 2]
        all_acc, all_conf = score(rows)
        held_acc, held_conf = score(held)
        dev_acc, _ = score(load(HERE / "dev" / f"{lang}.jsonl"))
        out[lang] = (all_acc, held_acc, dev_acc)
        print(f"\n{lang}: all {all_acc:.3f} ({len(rows)}) · held-out {held_acc:.3f} ({len(held)}) · dev {dev_acc:.3f}")
        print("held-out half:\n" + matrix(held_conf))
        print("all:\n" + matrix(all_conf))
    return out


@pytest.fixture(scope="module")
def figures():
    return report()


@pytest.mark.parametrize("lang", LANGS)
def test_understanding_stays_above_its_floors(figures, lang):
    got = figures[lang]
    assert all(g >= f for g, f in zip(got, FLOORS[lang])), f"{lang}: {got} below {FLOORS[lang]}"


def test_the_labelled_sets_are_big_enough_and_well_formed():
    for lang in LANGS:
        rows = load(HERE / f"{lang}.jsonl")
        assert len(rows) >= 80
        assert {r["kind"] for r in rows} <= set(KINDS)
        assert {"question", "command", "chitchat", "unknown", "correction", "answer", "note"} <= {r["kind"] for r in rows}


if __name__ == "__main__":
    report()
