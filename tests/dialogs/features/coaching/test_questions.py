"""Scores the coach's answers to questions on labelled sets (questions/<lang>.jsonl): 40 rep
and 20 manager questions per language, written and labelled by an author who never saw the
rules. While the rules were written only the even-numbered lines were read; the odd-numbered
lines are held out and reported on their own.

Each question is asked end to end, as a rep (Dana Lee, on Acme Corp, sometimes with a
discovery question open) or as her manager, in the world of world.py. It counts as right when
the coach's answer (meta.answer) is the label, and for a deal, a rep or a period, the right one.
Every question must also store nothing, and every answer must state only facts the asker may
see. Run with -s, or `python -m tests.dialogs.features.coaching.test_questions`, for the misses.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from dialogs.domain.knowledge import entries
from tests.dialogs.features.coaching import world as w

HERE = Path(__file__).parent / "questions"
LANGS = ("en", "zh-Hant", "zh-Hans")
# (all lines, held-out half, dev sets) per language, a few points under the figures of
# 2026-11-30 (en 0.883/0.800/0.991, zh-Hant 0.950/0.900/1.000, zh-Hans 0.917/0.867/1.000;
# README): one or two held-out lines of 30 may change as rules get more general, a
# regression beyond that fails. The held-out floors sit well above the fresh estimate of an
# unseen set (0.711), so a rule that breaks general phrasings shows here first.
FLOORS = {"en": (0.85, 0.73, 0.96), "zh-Hant": (0.9, 0.83, 0.96), "zh-Hans": (0.88, 0.8, 0.96)}


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def load(lang: str) -> list[dict]:
    return _lines(HERE / f"{lang}.jsonl")


def load_dev(lang: str) -> list[dict]:
    """More blind sets, written later and read in full while the rules were written (dev3,
    English only, scored 0.711 before any rule was tuned to it: a fresh estimate)."""
    rows = _lines(HERE / "dev" / f"{lang}.jsonl")
    if lang == "en":
        return rows + _lines(HERE / "dev2" / "en.jsonl") + _lines(HERE / "dev3" / "en.jsonl")
    return rows + [r for r in _lines(HERE / "dev2" / "zh.jsonl") if r["lang"] == lang]


def answer_of(replies) -> dict:
    """The answer's meta. A question that names a view as a command ("status on initech",
    "pipeline") gets that view: its meta says which."""
    for r in replies:
        if "answer" in r.meta:
            return r.meta
    for r in replies:
        if "dimensions" in r.meta and "risks" in r.meta:
            return {**r.meta, "answer": "deal_status"}
        if "pipeline" in r.meta:
            return {**r.meta, "answer": "pipeline"}
    return {}


def right(world: w.World, row: dict, meta: dict) -> bool:
    if meta.get("answer") != row["label"]:
        return False
    if row["label"] in ("deal_status",) and row.get("deal"):
        name = next((d for d in w.DEALS if d.lower().startswith(row["deal"].lower()[:4])), None)
        return name is None or meta.get("opportunity") == world.ids[name]
    if row["label"] == "rep_status" and row.get("rep"):
        scope = meta.get("pipeline", {}).get("scope", "")
        return scope.lower().startswith(row["rep"].lower()[:3])
    if row["label"] == "forecast" and row.get("period"):
        return meta.get("period") == row["period"]
    return True


def ask(world: w.World, row: dict, lang: str):
    who = "Dana Lee" if row["who"] == "rep" else "Mia"
    return world.ask(who, row["text"], row.get("open"), lang)


def score(world: w.World, lang: str, rows: list[dict]) -> tuple[float, list[str]]:
    misses = []
    for row in rows:
        meta = answer_of(ask(world, row, lang))
        if not right(world, row, meta):
            misses.append(f"{row['label']:>18} got {meta.get('answer')!s:<18} {row['text']}")
    return 1 - len(misses) / len(rows), misses


def tuning_half(rows: list[dict]) -> list[dict]:
    return [r for i, r in enumerate(rows, 1) if not i % 2]


def held_out(rows: list[dict]) -> list[dict]:
    return [r for i, r in enumerate(rows, 1) if i % 2]


def report(world: w.World) -> dict[str, tuple[float, float, float]]:
    """Accuracy on all lines, on the held-out half and on the dev sets; only the tuning half's
    and the dev sets' misses are printed, so nobody tunes a rule to a held-out line."""
    out = {}
    for lang in LANGS:
        rows = load(lang)
        tuning_acc, misses = score(world, lang, tuning_half(rows))
        held_acc, _ = score(world, lang, held_out(rows))
        dev_acc, dev_misses = score(world, lang, load_dev(lang))
        all_acc = (tuning_acc * len(tuning_half(rows)) + held_acc * len(held_out(rows))) / len(rows)
        out[lang] = (all_acc, held_acc, dev_acc)
        print(f"\n{lang}: all {all_acc:.3f} ({len(rows)}) · held-out {held_acc:.3f} ({len(held_out(rows))})"
              f" · dev {dev_acc:.3f} ({len(load_dev(lang))})")
        print("\n".join(misses + dev_misses))
    return out


@pytest.fixture(scope="module")
def figures(world):
    return report(world)


@pytest.mark.parametrize("lang", LANGS)
def test_questions_get_the_right_answer_above_the_floors(figures, lang):
    got = figures[lang]
    assert all(g >= f for g, f in zip(got, FLOORS[lang])), f"{lang}: {got} below {FLOORS[lang]}"


def test_the_labelled_sets_are_big_enough_and_well_formed():
    known = {"next_action", "deal_health", "fallback", "at_risk", "forecast", "deal_status", "rep_status",
             "coaching_gaps", "pipeline"} | set(entries())
    for lang in LANGS:
        rows = load(lang)
        counts = Counter(r["who"] for r in rows)
        assert counts["rep"] >= 40 and counts["manager"] >= 20, (lang, counts)
        assert {r["label"] for r in rows + load_dev(lang)} <= known


if __name__ == "__main__":
    import tempfile

    report(w.on_sqlite(tempfile.mkdtemp()))
