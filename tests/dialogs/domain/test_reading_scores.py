"""Scores the note reader on our labelled notes (tests/dialogs/domain/notes/<lang>.jsonl).

The notes were written and labelled by a separate author, without sight of the rules, and are
frozen. The half held out is the odd-numbered lines counted from 1, as everywhere else: the
clause model trains on the even ones. (Until 2026-11-30 this file held out the other half, the
clause model's training half, which made its held-out figure read high; both halves have been
read while writing rules at some point, so the unseen sets of test_evidence_scores.py are the
honest estimate.) Floors sit a few points under the measured figures, so a regression fails.
Run with -s to see the table; `python -m tests.dialogs.domain.test_reading_scores` prints it too.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.reading import read_note

NOTES = Path(__file__).with_name("notes")
TODAY = date(2026, 11, 22)
# Floors per language: (dimension micro-F1 on all notes, on the held-out half, fact F1). The
# zh-Hant held-out floor went from 0.80 to 0.76 on 2026-12-01, when the clause model learned from
# five later writers: this half read 0.818 -> 0.784 while two writers it never saw gained (README).
FLOORS = {"en": (0.86, 0.75, 0.87), "zh-Hant": (0.85, 0.76, 0.92), "zh-Hans": (0.88, 0.88, 0.89)}


def load(lang: str) -> list[dict]:
    lines = (NOTES / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def held_out_half(lang: str) -> list[dict]:
    return [r for i, r in enumerate(load(lang), 1) if i % 2]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else (1.0 if not fp and not fn else 0.0)


def _norm(s) -> str:
    return re.sub(r"\s+", "", to_simplified(s or "")).lower()


def _same_person(pred: dict, gold: dict) -> bool:
    """Loose: any overlap of name or title (labels split "王经理" differently)."""
    ps = [_norm(pred["name"]), _norm(pred["title"])]
    gs = [_norm(gold["name"]), _norm(gold["title"])]
    return any(p and g and (p in g or g in p) for p in ps for g in gs)


def _match(pred: list, gold: list, same) -> tuple[int, int, int]:
    left = list(gold)
    tp = 0
    for p in pred:
        hit = next((g for g in left if same(p, g)), None)
        if hit is not None:
            left.remove(hit)
            tp += 1
    return tp, len(pred) - tp, len(left)


def evaluate(lang: str, rows: list[dict] | None = None) -> dict:
    rows = load(lang) if rows is None else rows
    dim = [0, 0, 0]
    facts = {k: [0, 0, 0] for k in ("amounts", "dates", "percentages", "people")}
    roles = [0, 0]
    misses = []
    for row in rows:
        reading = read_note(row["note"], TODAY)
        got, want = set(reading.dimensions), set(row["dimensions"])
        dim[0] += len(got & want)
        dim[1] += len(got - want)
        dim[2] += len(want - got)
        if got != want:
            misses.append((row["note"], sorted(want), sorted(got)))
        pred = reading.facts_json()
        for kind, same in (
            ("amounts", lambda p, g: Decimal(str(p["value"])) == Decimal(str(g["value"]))
             and p["currency"] == g["currency"]),
            ("dates", lambda p, g: p["date"] == g),
            ("percentages", lambda p, g: Decimal(str(p["value"])) == Decimal(str(g))),
        ):
            for i, n in enumerate(_match(pred[kind], row[kind], same)):
                facts[kind][i] += n
        for i, n in enumerate(_match(pred["people"], row["people"], _same_person)):
            facts["people"][i] += n
        for g in row["people"]:
            if g["role"]:
                roles[1] += 1
                roles[0] += any(_same_person(p, g) and p["role"] == g["role"] for p in pred["people"])
    total = [sum(f[i] for f in facts.values()) for i in range(3)]
    return {"notes": len(rows), "dimension_f1": _f1(*dim),
            "fact_f1": _f1(*total), **{f"{k}_f1": _f1(*v) for k, v in facts.items()},
            "role_recall": roles[0] / roles[1] if roles[1] else 1.0, "misses": misses}


@pytest.mark.parametrize("lang", list(FLOORS))
def test_reader_meets_its_floors(lang):
    result = evaluate(lang)
    held_out = evaluate(lang, held_out_half(lang))
    print(f"\n{lang}: {result['notes']} notes · dimension F1 {result['dimension_f1']:.3f} "
          f"(held-out half {held_out['dimension_f1']:.3f}) · "
          f"fact F1 {result['fact_f1']:.3f} (amounts {result['amounts_f1']:.2f}, dates "
          f"{result['dates_f1']:.2f}, percentages {result['percentages_f1']:.2f}, people "
          f"{result['people_f1']:.2f}) · role recall {result['role_recall']:.2f}")
    assert result["notes"] >= 60
    dim_floor, held_out_floor, fact_floor = FLOORS[lang]
    assert result["dimension_f1"] >= dim_floor
    assert held_out["dimension_f1"] >= held_out_floor
    assert result["fact_f1"] >= fact_floor


def test_chit_chat_files_nothing():
    for note in ("thanks, talk soon", "left voicemail, will try again tomorrow", "電話沒人接",
                 "谢谢,下周再聊", "已寄簡報"):
        assert read_note(note, TODAY).dimensions == [], note


if __name__ == "__main__":  # python -m tests.dialogs.domain.test_reading_scores: per-note misses
    import sys

    for lang in sys.argv[1:] or list(FLOORS):
        r, h = evaluate(lang), evaluate(lang, held_out_half(lang))
        print(lang, {k: round(v, 3) for k, v in r.items() if isinstance(v, float)},
              "held-out dimension F1", round(h["dimension_f1"], 3))
