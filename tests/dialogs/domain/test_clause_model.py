"""The clause model: its run-time dot product gives what scikit-learn's fitted model gives, and
with it the reader stops filing what a rep's note only mentions (hedges, the rep's own moves)
while still filing what the buyer said."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bench.train_clauses import labelled_clauses, train
from dialogs.domain import clause_model
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.reading import clauses, read_note

TODAY = date(2026, 11, 22)


def test_the_shipped_model_covers_every_dimension():
    model = clause_model.load()
    assert model is not None and model["dimensions"] == list(DIMENSIONS)
    assert len(model["features"]) > 1000 and all(len(v) == len(DIMENSIONS) + 1 for v in model["features"].values())


def test_run_time_scores_equal_the_fitted_models(tmp_path):
    pytest.importorskip("sklearn")
    rows = [("budget is 80k from the ops fund", [{"dimension": "budget", "text": "budget is 80k from the ops fund"}]),
            ("CFO signs off on anything over 50k", [{"dimension": "authority", "text": "CFO signs off on anything over 50k"}]),
            ("they want churn under 5%", [{"dimension": "goals", "text": "they want churn under 5%"}]),
            ("預算大概150萬台幣", [{"dimension": "budget", "text": "預算大概150萬台幣"}]),
            ("they tried an in-house tool last year", [{"dimension": "plans", "text": "they tried an in-house tool last year"}]),
            ("dispatch still on whiteboards", [{"dimension": "challenges", "text": "dispatch still on whiteboards"}]),
            ("need it live before black friday", [{"dimension": "timeline", "text": "need it live before black friday"}]),
            ("miss it and they lose the contract", [{"dimension": "consequences", "text": "miss it and they lose the contract"}]),
            ("she gets promoted if it works", [{"dimension": "implications", "text": "she gets promoted if it works"}]),
            ("thanks, talk soon", []), ("i'll send the deck tmrw", [])] * 2
    fitted = train(rows, tmp_path / "model.json", min_df=1)
    model = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    x, weights, intercepts = fitted["model"]
    pieces = [text[a:b] for text, _ in rows for a, b in clauses(text)]  # the rows the model saw, in order
    assert len(pieces) == x.shape[0] == len(labelled_clauses(rows)[0])
    for r, piece in enumerate(pieces[:14]):
        got = clause_model.probabilities(piece, model)
        z = x[r].toarray()[0] @ weights.T + intercepts
        for j, dim in enumerate(DIMENSIONS):
            assert got[dim] == pytest.approx(1 / (1 + 2.718281828459045 ** -z[j]), abs=1e-3)


@pytest.mark.parametrize("text", [
    "no budget talk yet, i'll send the deck by fri", "Budget: TBD. Decision maker: ??", "問了預算，對方說「有，但不多」",
    "謝謝，很有幫助！", "周四前我整理一份ROI测算给他", "not sure who signs off yet"])
def test_what_a_note_only_mentions_files_nothing(text):
    assert read_note(text, TODAY).dimensions == []


@pytest.mark.parametrize("text, dims", [
    ("Linda the CFO signs off on anything over 50k", {"authority"}),
    ("they want churn under 5% by Q3, budget is 80k from the ops fund", {"goals", "timeline", "budget"}),
    ("王經理說ERP要在Q3上線，預算大概150萬台幣", {"timeline", "budget"}),
    ("如果不处理，稽核明年会开缺失，陈协理自己也会被检讨", {"consequences"}),
])
def test_what_the_buyer_said_is_still_filed(text, dims):
    assert dims <= set(read_note(text, TODAY).dimensions)


@pytest.mark.parametrize("text", ["希望明年把出貨錯誤率降到1%以下，一年大概省300萬",
                                  "they want to cut freight spend, would save ~$250k a year"])
def test_an_amount_saved_is_a_goal_not_a_budget(text):
    dims = read_note(text, TODAY).dimensions
    assert "goals" in dims and "budget" not in dims
