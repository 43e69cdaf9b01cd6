"""Extraction quality against hand-checked annotations of measure records (tests/data/gold_*.json)."""

import json
from pathlib import Path

import pytest

from graph.evaluation import evaluate

DATA = Path(__file__).parent / "data"

# Lowest acceptable F1 per kind of fact on the annotated sample.
FLOORS = {
    "actors": 0.95,
    "roles": 0.92,
    "references": 1.0,
    "external references": 1.0,
    "plans": 0.9,
    "urls": 1.0,
    "amounts": 1.0,
    "reports": 0.9,
}


@pytest.fixture(scope="module")
def sample_scores(extraction):
    gold = json.loads((DATA / "gold_sample.json").read_text(encoding="utf-8"))
    assert len(gold["measures"]) == 16
    return evaluate(extraction, gold)


@pytest.mark.parametrize("kind", FLOORS)
def test_sample_f1(sample_scores, kind):
    score = sample_scores[kind]
    assert score.expected > 0
    assert score.f1 >= FLOORS[kind], (kind, score)


def test_scores_are_counted_on_the_annotated_measures(sample_scores):
    assert sample_scores["references"].expected == 12
    assert sample_scores["urls"].expected == 51
    assert sample_scores["amounts"].expected == 15
