"""CITATION.cff: the keys and values the Citation File Format 1.2.0 requires and allows, and the same
name, version, licence, abstract and keywords as the package."""

import importlib.metadata
import re
import tomllib

import pytest
import yaml

from tests.conftest import ROOT

# The keys of CFF 1.2.0 (https://github.com/citation-file-format/citation-file-format, schema.json).
REQUIRED = {"cff-version", "message", "title", "authors"}
KEYS = REQUIRED | {
    "abstract", "commit", "contact", "date-released", "doi", "identifiers", "keywords", "license",
    "license-url", "preferred-citation", "references", "repository", "repository-artifact",
    "repository-code", "type", "url", "version",
}  # fmt: skip
REFERENCE_REQUIRED = {"authors", "title", "type"}


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _authors_are_persons_or_entities(authors) -> bool:
    return (
        isinstance(authors, list)
        and len(authors) >= 1
        and all(
            isinstance(author, dict) and (author.get("family-names") or author.get("name"))
            for author in authors
        )
    )


def test_the_keys_are_those_of_cff_1_2_0(citation):
    assert REQUIRED <= set(citation) <= KEYS
    assert citation["cff-version"] == "1.2.0"
    assert isinstance(citation["message"], str) and citation["message"].strip()
    assert citation["type"] in ("software", "dataset")
    assert _authors_are_persons_or_entities(citation["authors"])


def test_the_software_is_cited_as_the_package_names_itself(citation, project):
    assert citation["title"] == project["name"] == "tiltaksgraf"
    assert citation["version"] == project["version"] == importlib.metadata.version("tiltaksgraf")
    assert citation["license"] == project["license"] == "MIT"
    assert citation["abstract"] == project["description"]
    assert citation["keywords"] == project["keywords"]
    assert [author["name"] for author in citation["authors"]] == [a["name"] for a in project["authors"]]


def test_the_bundled_report_is_a_reference_with_its_licence(citation, report):
    (reference,) = citation["references"]
    assert set(reference) >= REFERENCE_REQUIRED
    assert _authors_are_persons_or_entities(reference["authors"])
    assert reference["type"] == "government-document"
    assert reference["title"].endswith(report.title) and report.title == "Sluttrapportering august 2018"
    assert f"{reference['year']}-{reference['month']:02d}" == report.date == "2018-08"
    assert reference["license-url"] == "https://data.norge.no/nlod/en/2.0"
    assert all(re.fullmatch(r"[a-z]{2,3}", language) for language in reference["languages"])
