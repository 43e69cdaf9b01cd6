"""Shared fixtures: the bundled report and the synthetic report of the same family."""

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from graph.extract import extract
from graph.parse import parse_report
from graph.records import measure_records

# Tests keep their cache of extracted facts to themselves.
if "TILTAKSGRAF_TEST_CACHE" not in os.environ:  # set once; subprocesses of the tests inherit it
    os.environ["TILTAKSGRAF_TEST_CACHE"] = tempfile.mkdtemp(prefix="tiltaksgraf-test-cache-")
    atexit.register(shutil.rmtree, os.environ["TILTAKSGRAF_TEST_CACHE"], ignore_errors=True)
os.environ["TILTAKSGRAF_CACHE"] = os.environ["TILTAKSGRAF_TEST_CACHE"]

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "sources" / "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"
SYNTHETIC = ROOT / "tests" / "data" / "synthetic_report.txt"


def supports(line: str, sentence: str) -> bool:
    """Whether a source line holds part of an evidence sentence (single-spaced, words broken over
    lines repaired): the line is inside the sentence, or it ends one sentence and starts the next
    and the sentence is one of those two. A footnote marker at the line's end is not text."""
    line = re.sub(r"(?<=[^\d\s])\d{1,2}$", "", " ".join(line.split()))
    sentence = " ".join(sentence.split())
    clauses = re.split(r"(?<=[.!?:»])\s+", line)
    return bool(line) and (
        any(clause in sentence for clause in clauses if len(clause) > 3)
        or sentence.startswith(clauses[-1])
        or sentence.endswith(clauses[0])
    )


def read_from(records: list[dict], name: str) -> list[dict]:
    """The records as a copy of the report under another file name gives them (every fact names
    the report it comes from: `report` keys, and `reports` lists of an actor or an amount)."""

    def renamed(value):
        if isinstance(value, dict):
            return {
                key: name
                if key == "report"
                else [name] * len(item)
                if key == "reports" and _names(item)
                else renamed(item)
                for key, item in value.items()
            }
        return [renamed(item) for item in value] if isinstance(value, list) else value

    return renamed(records)


def _names(value) -> bool:
    """Whether a value is a list of report file names (not of publications)."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@pytest.fixture(scope="session")
def report():
    return parse_report(SOURCE)


@pytest.fixture(scope="session")
def synthetic():
    return parse_report(SYNTHETIC)


@pytest.fixture(scope="session")
def raw_lines():
    return SOURCE.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def extraction(report):
    return extract(report)


@pytest.fixture(scope="session")
def records(extraction):
    """Measure records by id."""
    return {record["id"]: record for record in measure_records(extraction)}


@pytest.fixture(scope="session")
def synthetic_extraction(synthetic):
    return extract(synthetic)


@pytest.fixture(scope="session")
def network(extraction):
    from graph.build import build_graph

    return build_graph([extraction])


@pytest.fixture(scope="session")
def rdf(extraction):
    from graph.export.rdf import rdf_graph

    return rdf_graph([extraction])


PLAN = "handlingsplan-mot-vold-i-naere-relasjoner-2014-2017"
