"""Chooses the clause model's per-dimension thresholds (dialogs/domain/clause_model.py VETO and
ADD) on writers the model was not trained on: for each of the four training writers' sets, a
model is trained without it (bench/train_clauses.py) and the reader scores it (dimension F1 on
its notes plus the share of its non-discovery texts left unfiled). Each threshold in turn takes
the grid value with the best total over the four left-out sets (coordinate ascent, one pass).
The unseen set is never read here.

    python bench/choose_thresholds.py        # ~20 minutes on 2 cores; prints VETO and ADD
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.train_clauses import LANGS, NOTES, _load, train  # noqa: E402
from dialogs.domain import clause_model, reading  # noqa: E402
from dialogs.domain.dimensions import DIMENSIONS  # noqa: E402

TODAY = date(2026, 11, 22)
WRITERS = ("spans", "dev", "fresh", "train3")
VETO_GRID = (0.05, 0.1, 0.15, 0.25, 0.35, 0.5)
ADD_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: never add


def writer_rows(writer: str, lang: str) -> tuple[list[dict], list[dict]]:
    """A writer's notes and non-discovery texts (of the first set, only the even half)."""
    if writer == "spans":
        notes = [r for i, r in enumerate(_load(NOTES / "spans" / f"{lang}.jsonl"), 1) if not i % 2]
        other = [r for i, r in enumerate(_load(NOTES / "nondiscovery" / f"{lang}.jsonl"), 1) if not i % 2]
        return notes, other
    return _load(NOTES / writer / f"{lang}.jsonl"), _load(NOTES / "nondiscovery" / writer / f"{lang}.jsonl")


def without(writer: str) -> list[tuple[str, list[dict]]]:
    rows = []
    for lang in LANGS:
        for other_writer in WRITERS:
            if other_writer != writer:
                notes, other = writer_rows(other_writer, lang)
                rows += [(r["note"], r["segments"]) for r in notes] + [(r["text"], []) for r in other]
    return rows


def use(model: dict) -> None:
    """Reads with ``model`` from now on, each clause scored once."""
    scores: dict[str, dict] = {}

    def probabilities(text: str, _model=None):
        if text not in scores:
            scores[text] = score_with(text, model)
        return scores[text]

    clause_model.probabilities = probabilities
    reading._read.cache_clear()


score_with = clause_model.probabilities


def score(writer: str, lang: str) -> float:
    notes, other = writer_rows(writer, lang)
    tp = fp = fn = 0
    for r in notes:
        got = set(reading.read_note(r["note"], TODAY).dimensions)
        want = set(r["dimensions"]) if "dimensions" in r else {s["dimension"] for s in r["segments"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    left = sum(not reading.read_note(r["text"], TODAY).dimensions for r in other) / len(other)
    return 2 * tp / (2 * tp + fp + fn) + left


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        models = {}
        for writer in WRITERS:
            path = Path(tmp) / f"{writer}.json"
            train(without(writer), path)
            models[writer] = json.loads(path.read_text(encoding="utf-8"))

    def total() -> float:
        out = 0.0
        for writer in WRITERS:
            use(models[writer])
            out += sum(score(writer, lang) for lang in LANGS)
        return out

    # From one threshold for all (the first model's), vetoes first, then additions.
    thresholds = {"VETO": {d: 0.15 for d in DIMENSIONS}, "ADD": {d: 0.8 for d in DIMENSIONS}}
    clause_model.VETO, clause_model.ADD = thresholds["VETO"], thresholds["ADD"]
    for kind, grid in (("VETO", VETO_GRID), ("ADD", ADD_GRID)):
        for dim in DIMENSIONS:
            best, best_value = total(), thresholds[kind][dim]
            for value in grid:
                thresholds[kind][dim] = value
                got = total()
                if got > best + 0.005:  # a real gain over 12 left-out scores, not noise
                    best, best_value = got, value
            thresholds[kind][dim] = best_value
            print(f"{kind} {dim} {best_value} ({best:.3f})", flush=True)
    print(json.dumps(thresholds))


if __name__ == "__main__":
    main()
