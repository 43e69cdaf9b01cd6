"""Extraction quality against hand-checked annotations of measure records (tests/data/gold_*.json)."""

import json
from pathlib import Path

import pytest

from graph.evaluation import evaluate

DATA = Path(__file__).parent / "data"

# Lowest acceptable (precision, recall) per kind of fact, on two independent annotations of 16
# records each: the sample the rules were developed against, and a held-out set annotated afterwards.
FLOORS = {
    "gold_sample.json": {
        "actors": (0.95, 0.95),
        "roles": (0.92, 0.92),
        "role evidence": (0.85, 0.82),
        "references": (1.0, 1.0),
        "external references": (1.0, 1.0),
        "plans": (0.9, 0.9),
        "urls": (1.0, 1.0),
        "amounts": (1.0, 1.0),
        "reports": (0.95, 0.85),
    },
    "gold_heldout.json": {
        "actors": (0.95, 0.95),
        "roles": (0.9, 0.88),
        "role evidence": (0.85, 0.8),
        "references": (1.0, 1.0),
        "external references": (1.0, 1.0),
        "plans": (0.95, 0.8),
        "urls": (1.0, 1.0),
        "amounts": (1.0, 1.0),
        "reports": (0.95, 0.7),
    },
}


def scores(extraction, name):
    gold = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert len(gold["measures"]) == 16
    return evaluate(extraction, gold)


@pytest.fixture(scope="module")
def sample_scores(extraction):
    return scores(extraction, "gold_sample.json")


@pytest.mark.parametrize(("name", "kind"), [(name, kind) for name in FLOORS for kind in FLOORS[name]])
def test_precision_and_recall_floors(extraction, name, kind):
    score = scores(extraction, name)[kind]
    precision, recall = FLOORS[name][kind]
    assert score.expected > 0
    assert score.precision >= precision, (name, kind, score)
    assert score.recall >= recall, (name, kind, score)


def test_scores_are_counted_on_the_annotated_measures(sample_scores):
    assert sample_scores["references"].expected == 12
    assert sample_scores["urls"].expected == 51
    assert sample_scores["amounts"].expected == 15
