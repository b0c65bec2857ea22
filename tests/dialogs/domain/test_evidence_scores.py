"""Scores the note reader's evidence on labelled sets written blind to the rules:

- evidence spans (notes/spans/<lang>.jsonl, the same 349 notes as test_reading_scores.py with
  each dimension's clause marked): a dimension's evidence is right when one of its segments
  overlaps the labelled clause by at least half (character Jaccard);
- a later blind set of notes with their evidence (notes/dev/<lang>.jsonl, 60 a language),
  written for tuning: all of it was read, so it shows fit, not generalisation;
- non-discovery texts (notes/nondiscovery/<lang>.jsonl: hedges, negations, the rep's own
  actions, small talk): right when nothing is filed as evidence. A second blind set of them
  (notes/nondiscovery/dev/, with logistics too) was written later for tuning: all of it read.

A third blind set (notes/fresh/, nondiscovery/fresh/, 40 notes and 30 other texts a language) was
first scored unseen, then joined the clause model's training data (bench/train_clauses.py). A
fourth (notes/unseen/, nondiscovery/unseen/, the same sizes) has never been read or trained on:
it is the honest estimate for a new writer's notes, and nothing may be tuned to it.
As before, only the even-numbered lines were read while writing the rules, and only they train
the clause model; the odd half is held out and reported apart. Floors sit a few points under the figures measured on 2026-11-30.
`python -m tests.dialogs.domain.test_evidence_scores` prints the table.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dialogs.domain.reading import read_note

NOTES = Path(__file__).with_name("notes")
TODAY = date(2026, 11, 22)
LANGS = ("en", "zh-Hant", "zh-Hans")
# (span accuracy all / held-out, non-discovery unfiled all / held-out / dev set,
# dev notes' dimension F1 / span accuracy, the unseen set's dimension F1 / spans / non-discovery unfiled)
FLOORS = {"en": (0.81, 0.78, 0.97, 0.95, 0.98, 0.91, 0.72, 0.79, 0.70, 0.90),
          "zh-Hant": (0.85, 0.88, 0.91, 0.85, 0.98, 0.88, 0.79, 0.83, 0.76, 0.83),
          "zh-Hans": (0.87, 0.89, 0.91, 0.85, 0.98, 0.92, 0.79, 0.80, 0.77, 0.83)}


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def span_accuracy(rows: list[dict]) -> tuple[float, int]:
    right = total = 0
    for row in rows:
        reading = read_note(row["note"], TODAY)
        for gold in row["segments"]:
            if gold["dimension"] not in reading.dimensions:
                continue  # a missed dimension is dimension F1's business, not the span's
            start = row["note"].find(gold["text"])
            g = (start, start + len(gold["text"]))
            total += 1
            right += any(_jaccard((s.start, s.end), g) >= 0.5 for s in reading.segments
                         if s.dimension == gold["dimension"])
    return (right / total if total else 1.0), total


def dev_notes(rows: list[dict]) -> tuple[float, float]:
    """Dimension F1 and span accuracy on notes/dev/<lang>.jsonl (a later blind set, for tuning)."""
    tp = fp = fn = 0
    for row in rows:
        got, want = set(read_note(row["note"], TODAY).dimensions), set(row["dimensions"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    return 2 * tp / (2 * tp + fp + fn), span_accuracy(rows)[0]


def unfiled(rows: list[dict]) -> float:
    return sum(not read_note(r["text"], TODAY).dimensions for r in rows) / len(rows)


def report() -> dict[str, tuple[float, ...]]:
    out = {}
    for lang in LANGS:
        spans = _load(NOTES / "spans" / f"{lang}.jsonl")
        other = _load(NOTES / "nondiscovery" / f"{lang}.jsonl")
        held_spans = [r for i, r in enumerate(spans, 1) if i % 2]
        held_other = [r for i, r in enumerate(other, 1) if i % 2]
        dev = _load(NOTES / "nondiscovery" / "dev" / f"{lang}.jsonl")
        dev_f1, dev_spans = dev_notes(_load(NOTES / "dev" / f"{lang}.jsonl"))
        (s_all, n), (s_held, _) = span_accuracy(spans), span_accuracy(held_spans)
        unseen_f1, unseen_spans = dev_notes(_load(NOTES / "unseen" / f"{lang}.jsonl"))
        unseen_other = unfiled(_load(NOTES / "nondiscovery" / "unseen" / f"{lang}.jsonl"))
        out[lang] = (s_all, s_held, unfiled(other), unfiled(held_other), unfiled(dev), dev_f1, dev_spans,
                     unseen_f1, unseen_spans, unseen_other)
        print(f"{lang}: span accuracy {s_all:.3f} (all, {n} dimensions) {s_held:.3f} (held-out) · "
              f"non-discovery unfiled {out[lang][2]:.3f} (all, {len(other)}) {out[lang][3]:.3f} (held-out) "
              f"{out[lang][4]:.3f} (dev, {len(dev)}) · dev notes: dimension F1 {dev_f1:.3f}, spans {dev_spans:.3f} · "
              f"unseen: dimension F1 {unseen_f1:.3f}, spans {unseen_spans:.3f}, non-discovery unfiled {unseen_other:.3f} · "
              "sixth writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang)) +
              " · seventh writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train6")) +
              " · eighth writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train7")) +
              " · ninth writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train8")) +
              " · tenth writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train9")) +
              " · eleventh writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train10")) +
              " · twelfth writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train11")) +
              " · thirteenth writer: dimension F1 {:.3f}, spans {:.3f}, unfiled {:.3f}".format(*train5(lang, "train12")))
    return out


@pytest.fixture(scope="module")
def figures():
    return report()


@pytest.mark.parametrize("lang", LANGS)
def test_evidence_stays_above_its_floors(figures, lang):
    assert all(g >= f for g, f in zip(figures[lang], FLOORS[lang])), f"{lang}: {figures[lang]}"


# A fifth writer's non-discovery texts (notes/nondiscovery/train4/, 60 a language: small talk,
# logistics, the rep's own actions, hedges, our own side, acknowledgements), first scored unseen
# at 0.917 / 0.883 / 0.883 on 2026-11-30, then read to write the "internal" and wider small-talk
# cues: a tuning set now, not trained on.
TRAIN4_FLOORS = {"en": 0.95, "zh-Hant": 0.95, "zh-Hans": 0.95}


@pytest.mark.parametrize("lang", LANGS)
def test_a_fifth_writers_non_discovery_texts_file_nothing(lang):
    rows = _load(NOTES / "nondiscovery" / "train4" / f"{lang}.jsonl")
    assert len(rows) == 60 and unfiled(rows) >= TRAIN4_FLOORS[lang]


# A sixth writer's notes with spans and non-discovery texts (notes/train5/, nondiscovery/train5/,
# 40 and 30 a language), first scored unseen on 2026-11-30: dimension F1 0.827 / 0.729 / 0.835,
# spans 0.773 / 0.583 / 0.607, non-discovery unfiled 0.967 / 0.833 / 0.833. Then read to cut
# phone notes at spaces between Chinese words and at " / ", drop field names ("Pain:"), judge
# long run-on sentences a few pieces at a time, and add cues for losses and by-hand processes:
# a tuning set now, not trained on. (dimension F1, spans, unfiled)
TRAIN5_FLOORS = {"en": (0.80, 0.77, 0.95), "zh-Hant": (0.77, 0.68, 0.93), "zh-Hans": (0.85, 0.69, 0.93)}


def train5(lang: str, folder: str = "train5") -> tuple[float, float, float]:
    f1, spans = dev_notes(_load(NOTES / folder / f"{lang}.jsonl"))
    return f1, spans, unfiled(_load(NOTES / "nondiscovery" / folder / f"{lang}.jsonl"))


# A seventh writer's (notes/train6/, nondiscovery/train6/, the same sizes), first scored unseen on
# 2026-11-30 at commit 35d592d: dimension F1 0.832 / 0.824 / 0.898, spans 0.764 / 0.697 / 0.670,
# unfiled 0.833 / 0.833 / 0.733. Then read to cut long unpunctuated Chinese at a new thought, keep
# one reading a clause where the model is sure, judge logistics by its own clause and small talk by
# its neighbours, and add our own pricing, "再约" and seasons: a tuning set now, not trained on.
TRAIN6_FLOORS = {"en": (0.85, 0.74, 0.97), "zh-Hant": (0.86, 0.69, 0.97), "zh-Hans": (0.90, 0.69, 0.97)}


# An eighth writer's (notes/train7/, nondiscovery/train7/, the same sizes), first scored unseen on
# 2026-12-01 at commit 646f589: dimension F1 0.833 / 0.867 / 0.884, spans 0.688 / 0.688 / 0.736,
# unfiled 0.967 / 0.933 / 0.867. Then read to keep a deadline's event with its date, trim bullets,
# cut Chinese phone notes at conditions and before a quarter, take past dates as history, and add
# cues for our own side, meeting links, plans under way and strain said plainly: a tuning set now,
# not trained on.
TRAIN7_FLOORS = {"en": (0.84, 0.71, 0.97), "zh-Hant": (0.87, 0.72, 0.97), "zh-Hans": (0.87, 0.73, 0.97)}


# A ninth writer's (notes/train8/, nondiscovery/train8/, the same sizes), first scored unseen on
# 2026-12-01 on this session's reader before its commit: dimension F1 0.908 / 0.922 / 0.911, spans
# 0.741 / 0.678 / 0.619, unfiled 1.000 / 0.933 / 0.933 (at 8b52ec4: the same but spans 0.653 and
# 0.624 in Chinese). This writer marks a whole run of Chinese clauses as one span where the others
# mark each clause; joining same-topic neighbours was tried for it and lost more on every other set.
TRAIN8_FLOORS = {"en": (0.88, 0.72, 0.97), "zh-Hant": (0.90, 0.65, 0.90), "zh-Hans": (0.89, 0.60, 0.90)}


# A tenth writer's (notes/train9/, nondiscovery/train9/, the same sizes), first scored unseen on
# 2026-12-01 (the same at 49c224d, the session's start, and before any reader change of this
# session touched it): dimension F1 0.846 / 0.828 / 0.839, spans 0.664 / 0.793 / 0.707, unfiled
# 0.967 / 0.933 / 0.933. Then read to take a field's name as its dimension, their way today
# ("现在每家店长凭经验订货") as their plan, a duration or a month-end routine as no deadline, time
# spent as no budget, and "先报个价再说" as a hedge: a tuning set now, not trained on.
TRAIN9_FLOORS = {"en": (0.83, 0.63, 0.93), "zh-Hant": (0.82, 0.76, 0.90), "zh-Hans": (0.84, 0.67, 0.90)}


# An eleventh writer's (notes/train10/, nondiscovery/train10/, the same sizes), first scored unseen
# on 2026-12-01 at a4b5945: dimension F1 0.815 / 0.816 / 0.875, spans 0.800 / 0.748 / 0.730,
# unfiled 1.000 / 0.933 / 0.867 (at 49c224d, the session's start: F1 0.811 / 0.818 / 0.862). Then
# the clause model learned from the sixth to tenth writers (train5/ to train9/, C chosen on train9/
# with the others only): 0.844 / 0.839 / 0.897, spans 0.815 / 0.769 / 0.722, unfiled 1.000 / 0.900
# / 0.900. This set is kept out of the model's training, so it stays a writer it never saw; its
# notes have been read (its English errors), so it is no longer unseen by the rules.
TRAIN10_FLOORS = {"en": (0.81, 0.78, 0.97), "zh-Hant": (0.81, 0.74, 0.87), "zh-Hans": (0.87, 0.69, 0.87)}
# Its Chinese errors were read in the next session (signing limits, pasted contact lines, hedges
# like "要问财务"): 0.858 / 0.913 F1, unfiled 1.000 in both. The floors stay as first set.


# A twelfth writer's (notes/train11/, nondiscovery/train11/, the same sizes), first scored unseen on
# 2026-12-01 at 3b8341e: dimension F1 0.818 / 0.893 / 0.872, spans 0.713 / 0.629 / 0.674, unfiled
# 1.000 / 0.967 / 0.967 (0.818 / 0.898 / 0.872 after the first reader changes of that session, made
# on the eleventh writer). Then its English errors alone were read (a field named "Signer", "hasn't
# come up", "I owe them…", "or they're auto-renewed", a clause cut at "and the board wants"):
# English 0.843, spans 0.756. At the session's end its Chinese errors were read too (our own
# promise "我答應禮拜五前給報價", a condition after who said it, "熱到爆", "摸不准"): 0.902 / 0.865, unfiled
# 1.000 in both. No writer after the tenth trains the model.
TRAIN11_FLOORS = {"en": (0.83, 0.74, 0.97), "zh-Hant": (0.88, 0.61, 0.93), "zh-Hans": (0.85, 0.65, 0.93)}


# A thirteenth writer's (notes/train12/, nondiscovery/train12/, the same sizes), first scored unseen
# on 2026-12-01 at 6c0c8e8 (the reader of the session's start): dimension F1 0.905 / 0.893 / 0.912,
# spans 0.790 / 0.727 / 0.683, unfiled 0.867 / 0.967 / 0.967. Then read, all three languages
# (plain words for who decides and for lost time, a want only about timing, our own delivery
# side, a colleague tagged, school calendars, a budget guessed then doubted): 0.934 / 0.919 /
# 0.930, spans 0.806 / 0.723 / 0.689, unfiled 1.000 in all. In the model's training since 2026-12-02.
TRAIN12_FLOORS = {"en": (0.91, 0.78, 0.97), "zh-Hant": (0.89, 0.69, 0.97), "zh-Hans": (0.90, 0.66, 0.97)}


# A fifteenth writer's (notes/train14/, nondiscovery/train14/, 40 and 30 a language; its texts also
# hold thanks, logistics and questions to the coach), first scored unseen on 2026-12-01 at 1a39604:
# dimension F1 0.867 / 0.845 / 0.857, spans 0.747 / 0.782 / 0.698, unfiled 0.933 / 0.967 / 0.933.
# Then read to take a guess the rep asks about ("maybe they have budget left over from Q3?") and
# "说不好" as hedges, a how-to question to the coach as no note, a target said with its figure as a
# goal, and to cut inline lists ("1) … 2) …") and an emoji before a new sentence. Not in the model's
# training. (dimension F1, spans, unfiled)
TRAIN14_FLOORS = {"en": (0.86, 0.79, 0.97), "zh-Hant": (0.83, 0.77, 0.97), "zh-Hans": (0.85, 0.71, 0.97)}


# A sixteenth writer's (notes/train15/, nondiscovery/train15/, the same sizes; personas from phone
# fragments to pasted meeting summaries with headings), first scored unseen on 2026-12-01 at c47e11e:
# dimension F1 0.898 / 0.910 / 0.896, spans 0.741 / 0.629 / 0.673, unfiled 0.967 / 0.933 / 0.900 (the
# session's start, 1a39604, gave 0.901 / 0.907 / 0.893, the same spans and unfiled). Then read to
# take a heading on its own line as the field of the bullets under it, strip "- 決策:" field names,
# keep "預算 200萬 內" and "Amy 拍板" whole, drop a "TODO:" line, and add hedges ("nothing firm",
# "未讨论", "还得再看", "下半年也许"). In the model's training since 2026-12-02. (dimension F1, spans, unfiled)
TRAIN15_FLOORS = {"en": (0.88, 0.73, 0.97), "zh-Hant": (0.90, 0.66, 0.97), "zh-Hans": (0.88, 0.68, 0.97)}


# A seventeenth writer's (notes/train16/, nondiscovery/train16/, the same sizes; email recaps, CRM
# field dumps, dictated run-ons), first scored unseen on 2026-12-01 at e5db6e4: dimension F1 0.877 /
# 0.848 / 0.889, spans 0.746 / 0.821 / 0.763, unfiled 0.933 / 0.933 / 0.967. Then read to cut at a
# pipe with no space before it and a long English run-on before a new subject ("… and the money
# would be …"), take "如果…還沒通過…就會失去…的生意" as a consequence, and more hedges, logistics and
# "3Q~" (thanks). In the model's training since 2026-12-02. (dimension F1, spans, unfiled)
TRAIN16_FLOORS = {"en": (0.86, 0.76, 0.97), "zh-Hant": (0.85, 0.78, 0.97), "zh-Hans": (0.87, 0.74, 0.97)}


# An eighteenth writer's (notes/train17/, nondiscovery/train17/, the same sizes), first scored unseen
# on 2026-12-02 at 5f0cb46: dimension F1 0.851 / 0.854 / 0.897, spans 0.768 / 0.784 / 0.727, unfiled
# 0.967 / 1.000 / 0.900. The clause model retrained on the eleventh to seventeenth writers alone,
# before this set was read: F1 0.874 / 0.870 / 0.902. Then read: a goal's field value is no other
# topic's evidence ("goal: cut claims rework 40%"), and a bare verb under it is no rep's move ("goals:
# ship same-day…"); who was met or greeted ("Head of HR @ …", "見了研發處陳處長跟採購Vicky", "參會:")
# is no authority; a month told in the past tense ("lost their lead in may") or in thanks ("感谢今天
# 抽时间") is no deadline; "they want a b2b portal" is a goal, "he wants 3 quotes" isn't; "其他還沒聊到"
# hedges the rest, not the clause before it; more own moves and hedges. Not in the model's training.
TRAIN17_FLOORS = {"en": (0.89, 0.76, 0.97), "zh-Hant": (0.86, 0.76, 0.97), "zh-Hans": (0.89, 0.71, 0.97)}


# The sixth to thirteenth writers, the fifteenth to eighteenth, each above its floors. Since 2026-12-01 the
# sixth to tenth are the clause model's training data too (bench/train_clauses.py), and since 2026-12-02 the
# eleventh to seventeenth: their scores show fit, not generalisation. The eighteenth (train17/) is not.
WRITERS = {"train5": TRAIN5_FLOORS, "train6": TRAIN6_FLOORS, "train7": TRAIN7_FLOORS, "train8": TRAIN8_FLOORS,
           "train9": TRAIN9_FLOORS, "train10": TRAIN10_FLOORS, "train11": TRAIN11_FLOORS,
           "train12": TRAIN12_FLOORS, "train14": TRAIN14_FLOORS, "train15": TRAIN15_FLOORS,
           "train16": TRAIN16_FLOORS, "train17": TRAIN17_FLOORS}


@pytest.mark.parametrize("folder", WRITERS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_later_writers_notes(folder, lang):
    got = train5(lang, folder)
    assert all(g >= f for g, f in zip(got, WRITERS[folder][lang])), f"{folder} {lang}: {got}"


# A fourteenth writer, English notes only (notes/train13/en.jsonl, 40) and non-discovery texts in
# English and Traditional Chinese (30 each), first scored unseen on 2026-12-01 at 6c5046e: English
# dimension F1 0.931, spans 0.808, unfiled 1.000; zh-Hant unfiled 0.933. Then read: 0.939, 0.816,
# 1.000; zh-Hant unfiled 0.967. In the model's training since 2026-12-02.
TRAIN13_FLOORS = {"en": (0.92, 0.79, 0.97), "zh-Hant": (None, None, 0.93)}


@pytest.mark.parametrize("lang", TRAIN13_FLOORS)
def test_the_fourteenth_writers_notes(lang):
    f1_floor, spans_floor, unfiled_floor = TRAIN13_FLOORS[lang]
    assert unfiled(_load(NOTES / "nondiscovery" / "train13" / f"{lang}.jsonl")) >= unfiled_floor
    if f1_floor is not None:
        f1, spans = dev_notes(_load(NOTES / "train13" / f"{lang}.jsonl"))
        assert f1 >= f1_floor and spans >= spans_floor, (f1, spans)


# A nineteenth writer, English only (notes/train18/en.jsonl, 40 notes: long recaps and emails,
# Slack-style notes, field dumps; nondiscovery/train18/en.jsonl, 30 texts), first scored unseen on
# 2026-12-02 at 47c92ba: dimension F1 0.905, spans 0.784, unfiled 1.000 (at the session's start,
# 5f0cb46, it would have read 0.883 / 0.772 / 1.000). Then read: "X is a blocker", "head of infra
# hates saas" are a person's side; "EB"; "Who was there:" lines. Not in the model's training.


# A twentieth writer, English only (notes/train19/en.jsonl, 40 notes by junior reps: first-person
# run-ons mixing the buyer's words with their own guesses and plans; nondiscovery/train19/, 30),
# first scored unseen on 2026-12-02 at a3741e4: dimension F1 0.863, spans 0.845, unfiled 1.000
# (0.820 / 0.855 / 0.967 at the session's start, 5f0cb46). Then read: "prob has budget", "seems like
# they have money" are the rep's guesses; "didnt confirm"; an extra $3M a year is no budget; "if …
# they'll lose the … badge" is a consequence, a seller badge no visitor's. Not in the model's training.


# Nine more writers, English only (40 notes and 30 non-discovery texts each), written on
# 2026-12-02 in the fifteenth session and first scored unseen as named, then read:
# - train20/, the 21st: phone notes with typos and run-ons, quoting the buyer; at dcaf222,
#   the session's start, 0.905 / 0.724 / 1.000 (F1 / spans / unfiled). Read for: one clause with two topics
#   joined by "because", "or there's", "which"; a bare condition's result; "they plan to…";
#   ₹ and lakh; "paying subs"; "main issue:"; "members vote"; "occupancy fine".
# - train21/, the 22nd: pasted recaps, forwarded emails, CRM fields; at dcaf222 0.876 / 0.781 /
#   0.967. Read for: "wasn't discussed", "n/a", "depends on", "not evaluating anyone", approval
#   time as a metric, a question to the coach, "fine" as a penalty.
# - train22/, the 23rd: reps writing English as a second language; at fab0dcd 0.855 / 0.797 /
#   0.967 (0.855 / 0.784 / 0.933 at dcaf222). Read for: "take decision", "have plan to", "not
#   having any budget", "next financial year", a cost that is a share.
# - train23/, the 24th: Slack threads and transcripts with arrows and time stamps; at 3692fe4
#   0.900 / 0.774 / 0.967 (0.900 / 0.764 / 0.967 at dcaf222). Read for: an arrow before a new
#   sentence, "[10:02] Kofi:" and "me:" lines, "by next FY", "not sure if Q3…".
# - train24/, the 25th: enterprise AEs in MEDDIC terms (Metrics:, EB:, DP:, Champ:); at 14f1075
#   0.887 / 0.853 / 1.000 (the same at dcaf222 but spans 0.833). Read for: MEDDIC field names,
#   R$ and CA$, "by FY26", money allocated with its amount, "not real yet".
# - train25/, the 26th: small-business reps, chatty; at 14f1075 0.771 / 0.835 / 0.967 (the same
#   F1 at dcaf222). Read for: a spouse who signs off, co-owners who must both agree, "$99/mo tops",
#   "wants 20 bookings a month", money made.
# - train26/, the 27th: a plain spread, written at the session's end; at 168b255 0.911 / 0.830 /
#   0.967 (0.906 / 0.771 / 0.967 at dcaf222, the session's start). Read for: "if the new WMS goes
#   in … they can", "in line for COO", "or they can't …", "or face fines", "+€6m".
# - train28/, the 29th: dictated voice notes, run-on with fillers; at 30f1fe4 0.883 / 0.644 / 1.000
#   (spans 0.600 at dcaf222). Read for: a pause ("um", "uh") or "and basically" starts a new
#   thought in a long run-on; amounts in words ("a hundred and twenty thousand dollars");
#   "has final say" without "the".
# - train29/, the 30th: crisp notes by experienced reps; at 30f1fe4 0.847 / 0.837 / 1.000 (spans
#   0.815 at dcaf222). Not read yet.
# The clause model was retrained with them (and train17/ to train19/) and left each of four out in
# turn: F1 rose on one and fell on three, so the shipped model stays as it was (not trained on them).
# A twenty-eighth writer, Chinese only (notes/train27/, nondiscovery/train27/, 40 notes and 30 texts in
# zh-Hant and in zh-Hans), first scored unseen at 07f51a4 (the same at dcaf222): dimension F1 0.932
# / 0.902, spans 0.846 / 0.793, unfiled 0.933 / 0.900. Read for its non-discovery texts: a
# discount's internal sign-off, "要怎麼跟進比較好？" asked of us, "暂时没在看别家" (1.000 in both now).
# Like the ninth, it marks a run of space-cut Chinese thoughts as one span.
TRAIN27_FLOORS = {"zh-Hant": (0.91, 0.82, 0.97), "zh-Hans": (0.88, 0.77, 0.97)}
LATER_ENGLISH_FLOORS = {"train18": (0.90, 0.77, 0.97), "train19": (0.86, 0.83, 0.97), "train20": (0.90, 0.79, 0.97),
                        "train21": (0.87, 0.79, 0.97), "train22": (0.86, 0.80, 0.97), "train23": (0.88, 0.78, 0.97),
                        "train24": (0.89, 0.84, 0.97), "train25": (0.80, 0.82, 0.93), "train26": (0.89, 0.81, 0.93),
                        "train28": (0.88, 0.74, 0.97), "train29": (0.82, 0.81, 0.97)}
LATER_FLOORS = {**{(folder, "en"): f for folder, f in LATER_ENGLISH_FLOORS.items()},
                **{("train27", lang): f for lang, f in TRAIN27_FLOORS.items()}}


@pytest.mark.parametrize("folder, lang", sorted(LATER_FLOORS))
def test_the_later_writers_notes(folder, lang):
    figures = train5(lang, folder)  # dimension F1, spans, non-discovery unfiled
    assert all(g >= f for g, f in zip(figures, LATER_FLOORS[(folder, lang)])), figures


def test_the_labelled_spans_are_verbatim():
    for lang in LANGS:
        for row in [r for folder in ("spans", *WRITERS, "train13", *sorted({f for f, _ in LATER_FLOORS})) if (NOTES / folder / f"{lang}.jsonl").exists()
                    for r in _load(NOTES / folder / f"{lang}.jsonl")]:
            assert all(s["text"] in row["note"] for s in row["segments"])


if __name__ == "__main__":
    report()
