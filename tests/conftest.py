"""Shared fixtures: the bundled report and the synthetic report of the same family."""

from pathlib import Path

import pytest

from graph.parse import parse_report

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "sources" / "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"
SYNTHETIC = ROOT / "tests" / "data" / "synthetic_report.txt"


@pytest.fixture(scope="session")
def report():
    return parse_report(SOURCE)


@pytest.fixture(scope="session")
def synthetic():
    return parse_report(SYNTHETIC)


@pytest.fixture(scope="session")
def raw_lines():
    return SOURCE.read_text(encoding="utf-8").split("\n")
