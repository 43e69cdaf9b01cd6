"""`diff` and `timeline`: changes between reports of one plan, scored against the annotated series
(tests/data/series/changes.json) field by field, and held to the changes built into the constructed
series tests/data/diff-nb/ and diff-nn/ (see their READMEs); the merge phrases run on their examples."""

import itertools
import json
import tomllib
from collections import defaultdict

import pytest
from click.testing import CliRunner

from graph.analyse.diff import diff, read_snapshot
from graph.analyse.merges import merge_pattern, merges_stated
from graph.analyse.timeline import timeline
from graph.cli import main
from graph.errors import SourceError, UnknownName
from graph.pipeline import build_exports, extract_report
from graph.resources import read_text
from tests.conftest import ROOT

SERIES = ROOT / "tests" / "data" / "series"
NB = ROOT / "tests" / "data" / "diff-nb"
NN = ROOT / "tests" / "data" / "diff-nn"
NB_OLD = NB / "digital-trygghet-2019-2021-statusrapport-2020-06.txt"
NB_NEW = NB / "digital-trygghet-2019-2021-sluttrapport-2022-03.txt"
NN_OLD = NN / "laereplassar-2020-2022-statusrapport-2021-06.txt"
NN_NEW = NN / "laereplassar-2020-2022-sluttrapport-2023-03.txt"
GOLD = json.loads((SERIES / "changes.json").read_text(encoding="utf-8"))

# The constructed final reports leave out the measure they drop, as such reports do: the warning
# about the missing number is expected there.
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(digital-trygghet|laereplassar)-.*measure numbers are missing"
)


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def series_pairs():
    snapshots = [read_snapshot(SERIES / name) for name in GOLD["reports"]]
    return [diff(old, new) for old, new in itertools.pairwise(snapshots)]


# --- merge phrases ---------------------------------------------------------------------------------


def merge_examples() -> list:
    return [
        pytest.param(example, id=f"{code}:{index}")
        for code in ("nb", "nn")
        for index, example in enumerate(
            tomllib.loads(read_text("data", "profiles", f"{code}.toml"))["merge"]["examples"]
        )
    ]


@pytest.mark.parametrize("example", merge_examples())
def test_merge_phrases_read_their_examples(example):
    assert merges_stated(example["measure"], example["text"]) == [(example["merged"], example["into"])]


@pytest.mark.parametrize("code", ["nb", "nn"])
def test_every_merge_phrase_has_an_example(code):
    merge = tomllib.loads(read_text("data", "profiles", f"{code}.toml"))["merge"]
    for pattern in merge["patterns"]:
        assert any(merge_pattern(pattern).search(example["text"]) for example in merge["examples"]), pattern


@pytest.mark.parametrize(
    "sentence",
    [
        "Tiltaket er gjennomført, jf. tiltak 8.",
        "Arbeidet videreføres i tiltak 12.",
        "Tiltaket er en del av oppfølgingen av tiltak 5.",
        "Arbeidet må sees i sammenheng med tiltak 5.",
        "Veilederen omfatter også materiellet om deling av bilder.",
        "Kampanjetiltaket er slått sammen med en annen kampanje.",
    ],
)
def test_other_sentences_state_no_merge(sentence):
    assert merges_stated("3", sentence) == []


# --- scored against the annotated series ---------------------------------------------------------


def facts(pair: dict) -> dict[str, set]:
    """The facts of a "pairs" entry by kind, each a tuple starting with the measure: scored one by one,
    so that an organisation's name and its roles, or an amount and its funder, count apart."""
    found = defaultdict(set)
    found["added"] |= {(m,) for m in pair["measures_added"]}
    found["dropped"] |= {(m,) for m in pair["measures_dropped"]}
    found["merged"] |= {(item["id"], item["into"]) for item in pair["measures_merged"]}
    found["unchanged"] |= {(m,) for m in pair["unchanged"]}
    for m, change in pair["measures"].items():
        if change["status"]:
            found["status"].add((m, *change["status"]))
        if change["title"]:
            found["title"].add((m, *change["title"]))
        for key in ("responsible_added", "responsible_removed"):
            found[key] |= {(m, code) for code in change[key]}
        for key in ("organisations_added", "organisations_removed"):
            for item in change[key]:
                found[key].add((m, item["name"]))
                found[f"{key} roles"] |= {(m, item["name"], role) for role in item["roles"]}
        for item in change["roles_changed"]:
            found["roles_changed"] |= {(m, item["name"], "+" + role) for role in item["added"]}
            found["roles_changed"] |= {(m, item["name"], "-" + role) for role in item["removed"]}
        for amount in change["amounts_added"]:
            found["amounts_added"].add((m, amount["nok"]))
            found["amounts_added fields"].add(
                (m, amount["nok"], amount["year"], amount["funder"], amount["recipient"])
            )
    return found


def scores(predicted: list[dict], expected: list[dict]) -> dict[str, tuple[int, int, int]]:
    """(correct, predicted, expected) per kind of fact over all pairs."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for ours, theirs in zip(predicted, expected, strict=True):
        mine, gold = facts(ours), facts(theirs)
        for kind in set(mine) | set(gold):
            totals[kind][0] += len(mine[kind] & gold[kind])
            totals[kind][1] += len(mine[kind])
            totals[kind][2] += len(gold[kind])
    return {kind: tuple(value) for kind, value in totals.items()}


def test_the_series_diff_has_the_shape_of_changes_json(series_pairs):
    for ours, theirs in zip(series_pairs, GOLD["pairs"], strict=True):
        assert list(ours) == list(theirs)
        assert (ours["old"], ours["new"]) == (theirs["old"], theirs["new"])
        for change in ours["measures"].values():
            assert list(change) == list(next(iter(theirs["measures"].values())))
            for amount in change["amounts_added"]:
                assert list(amount) == ["nok", "year", "funder", "recipient"]


def test_the_series_diff_agrees_with_the_annotated_changes(series_pairs):
    found = scores(series_pairs, GOLD["pairs"])
    correct, predicted, expected = (sum(value[i] for value in found.values()) for i in range(3))
    # measured: 64 of 71 facts correct, 68 annotated (P 0.90, R 0.94)
    assert correct / predicted >= 0.88 and correct / expected >= 0.92, found
    # what the diff itself decides is exact; the misses are the extraction's (see below)
    for kind in ("added", "dropped", "merged", "unchanged", "status", "title", "responsible_added",
                 "organisations_removed", "amounts_added"):  # fmt: skip
        assert found[kind][0] == found[kind][1] == found[kind][2], (kind, found[kind])
    assert found["organisations_added"] == (11, 12, 11)  # extra: 'Kors på halsen', a service of Røde Kors
    assert found["roles_changed"] == (6, 7, 6)  # extra: Bufdir +executes in 2 (missed in the December text)
    same = sum(
        ours["measures"].get(m) == change for ours, theirs in zip(series_pairs, GOLD["pairs"], strict=True)
        for m, change in theirs["measures"].items()
    )  # fmt: skip
    assert same == 11  # of 15 measure entries equal as a whole: not 4 and 6 (June), 2 and 4 (December)


def test_the_series_diff_finds_the_built_in_changes(series_pairs):
    june, december = series_pairs
    assert june["measures_dropped"] == ["10"] and june["measures_added"] == []
    assert june["unchanged"] == ["7"]
    assert june["measures"]["2"]["status"] == ["ongoing", "delayed"]
    assert june["measures"]["1"]["status"] == ["not_started", "ongoing"]
    assert june["measures"]["3"]["responsible_added"] == ["BLD"]
    assert june["measures"]["3"]["title"] == [
        "Undervisningsopplegg om kjærestevold i videregående skole",
        "Undervisningsopplegg om sunne kjæresteforhold i videregående opplæring",
    ]
    assert june["measures"]["2"]["organisations_removed"] == [{"name": "Dinamo", "roles": ["executes"]}]
    assert {"name": "Reform – ressurssenter for menn", "roles": ["partner"]} in june["measures"]["6"][
        "organisations_added"
    ]
    assert june["measures"]["8"]["roles_changed"] == [{"name": "HOD", "added": ["funds"], "removed": []}]
    assert [a["nok"] for a in june["measures"]["6"]["amounts_added"]] == [1_500_000]  # 800 000 restated
    assert december["measures_added"] == ["3a"]
    assert december["measures_merged"] == [{"id": "8", "into": "5"}]
    assert december["measures_dropped"] == []
    assert december["unchanged"] == ["3", "7"]
    assert december["measures"]["8"]["status"] == ["ongoing", None]
    assert december["measures"]["4"]["status"] == ["not_started", "cancelled"]
    assert december["measures"]["5"]["amounts_added"] == [
        {"nok": 1_000_000, "year": 2016, "funder": "HOD", "recipient": None}
    ]
    assert december["measures"]["6"]["amounts_added"] == [
        {"nok": 2_300_000, "year": None, "funder": "Bufdir", "recipient": None}
    ]


# --- the constructed series -----------------------------------------------------------------------


def test_the_bokmal_series_gives_its_built_in_changes():
    changes = diff(read_snapshot(NB_OLD), read_snapshot(NB_NEW))
    assert changes["measures_added"] == ["8"]
    assert changes["measures_dropped"] == ["6"]
    assert changes["measures_merged"] == [{"id": "4", "into": "2"}]
    assert changes["unchanged"] == []
    measures = changes["measures"]
    assert sorted(measures, key=int) == ["1", "2", "3", "4", "5", "7"]
    assert {m: c["status"] for m, c in measures.items()} == {
        "1": ["ongoing", "done"],
        "2": ["not_started", "done"],
        "3": ["delayed", "done"],
        "4": ["not_started", None],
        "5": ["ongoing", "done"],
        "7": ["ongoing", "delayed"],
    }
    assert measures["1"]["organisations_added"] == [{"name": "NOVA", "roles": ["partner"]}]
    assert measures["2"]["title"] == [
        "Veileder for skoler om digital mobbing",
        "Veileder for skoler om digital mobbing og deling av bilder",
    ]
    assert measures["2"]["responsible_added"] == ["BLD"] and measures["2"]["responsible_removed"] == []
    assert measures["2"]["organisations_added"] == [{"name": "Medietilsynet", "roles": ["partner"]}]
    assert measures["3"]["amounts_added"] == [
        {"nok": 500_000, "year": 2021, "funder": "BLD", "recipient": None}
    ]
    assert measures["4"]["organisations_removed"] == [{"name": "Medietilsynet", "roles": ["executes"]}]
    assert measures["7"]["organisations_added"] == [{"name": "PHS", "roles": ["partner"]}]
    assert all(not c["roles_changed"] for c in measures.values())


def test_the_nynorsk_series_gives_its_built_in_changes():
    changes = diff(read_snapshot(NN_OLD), read_snapshot(NN_NEW))
    assert (changes["measures_added"], changes["measures_dropped"]) == (["5"], ["4"])
    assert changes["measures_merged"] == [{"id": "2", "into": "1"}]
    measures = changes["measures"]
    assert measures["1"] == {
        "status": ["ongoing", "done"],
        "responsible_added": [],
        "responsible_removed": [],
        "organisations_added": [{"name": "NIFU", "roles": ["partner"]}],
        "organisations_removed": [],
        "roles_changed": [],
        "amounts_added": [],
        "title": [
            "Kartlegging av læreplassar i kommunane",
            "Kartlegging av læreplassar i kommunar og fylkeskommunar",
        ],
    }
    assert measures["2"]["status"] == ["not_started", None]
    assert measures["2"]["organisations_removed"] == [{"name": "Udir", "roles": ["executes"]}]
    assert measures["3"]["responsible_added"] == [
        "AD"
    ]  # "AID" as written: the gazetteer writes the ministry AD
    assert measures["3"]["amounts_added"] == [
        {"nok": 1_500_000, "year": 2022, "funder": "KD", "recipient": None}
    ]


def test_reports_of_two_plans_are_refused():
    with pytest.raises(
        SourceError, match=r"laereplassar-2020-2022-sluttrapport-2023-03.txt: a report of plan "
    ):
        diff(read_snapshot(NB_OLD), read_snapshot(NN_NEW))


# --- build folders --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folders = []
    for name in ("interim-2016-12.txt", "final-2018.txt"):
        folder = tmp_path_factory.mktemp("build")
        build_exports([SERIES / name], folder)
        folders.append(folder)
    return folders


def test_two_build_folders_give_the_diff_of_their_reports(builds, series_pairs):
    changes = diff(*(read_snapshot(folder) for folder in builds))
    assert (changes["old"], changes["new"]) == tuple(map(str, builds))
    assert {**changes, "old": "", "new": ""} == {**series_pairs[1], "old": "", "new": ""}
    assert changes["measures_merged"] == [{"id": "8", "into": "5"}]  # read from graph.nt's evidence


def test_a_build_folder_without_graph_nt_reads_no_merges(builds, tmp_path):
    (tmp_path / "measures.json").write_bytes((builds[1] / "measures.json").read_bytes())
    with pytest.warns(UserWarning, match="no graph.nt beside measures.json"):
        snapshot = read_snapshot(tmp_path)
    assert snapshot.merges == {} and len(snapshot.records) == 10 and snapshot.date == "2018-03"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "a folder without measures.json; expected a report or a build folder"),
        ("{not json", "measures.json: not JSON"),
        ('{"id": "1"}', "measures.json: expected a list of measure records"),
        ('[{"id": "1", "title": "T"}]', "measures.json: record 1 has no 'plan', 'responsible', 'status'"),
        ("[1]", "measures.json: record 1 is not an object"),
        (
            '[{"id": "1", "title": "T", "plan": "p", "responsible": [], "status": "done", "actors": [], "amounts": []}]',
            "measures.json: record 1 has 'status' that is not a list",
        ),
        (
            '[{"id": "1", "title": "T", "plan": "p", "responsible": [], "status": [], "actors": [{"name": "X"}],'
            ' "amounts": []}]',
            "measures.json: record 1 has 'actors' whose items lack one of 'name', 'abbreviation', 'roles'",
        ),
    ],
)
def test_a_bad_build_folder_is_a_one_line_error(runner, tmp_path, content, message):
    if content is not None:
        (tmp_path / "measures.json").write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["diff", str(tmp_path), str(SERIES / "final-2018.txt")])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path}") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


# --- the command line -----------------------------------------------------------------------------


def test_diff_json_is_the_pair(runner, series_pairs):
    result = runner.invoke(
        main,
        [
            "diff",
            str(SERIES / "interim-2016-06.txt"),
            str(SERIES / "interim-2016-12.txt"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == series_pairs[0]


def test_diff_table_and_markdown(runner):
    old, new = str(SERIES / "interim-2016-12.txt"), str(SERIES / "final-2018.txt")
    table = runner.invoke(main, ["diff", old, new], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "measures: 1 added, 0 dropped, 1 merged, 7 changed, 2 unchanged" in table.output
    assert "into 5: Tiltaket er slått sammen med tiltak 5, se omtale der. (line 112)" in table.output
    markdown = runner.invoke(main, ["diff", old, new, "--format", "md"])
    assert markdown.exit_code == 0, markdown.output
    lines = markdown.stdout.splitlines()
    assert lines[0] == "## Changes from interim-2016-12.txt to final-2018.txt"
    assert "| 4 | status | not_started | cancelled |" in lines
    assert "| 5 | amount added |  | 1 000 000 kr (HOD, 2016) |" in lines
    assert "| 3a | added |  | Det skal utarbeides en lærerveiledning til undervisningsopplegget |" in lines


def test_diff_of_two_plans_is_a_one_line_error(runner):
    result = runner.invoke(main, ["diff", str(SERIES / "final-2018.txt"), str(NB_NEW)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (  # after the report's warning: measure 6 is missing
        f"Error: {NB_NEW.name}: a report of plan 'handlingsplan-for-digital-trygghet-for-barn-2019-2021', "
        "but final-2018.txt is of plan 'handlingsplan-mot-vold-i-unge-kjaeresteforhold-2015-2017'; "
        "expected reports of one plan"
    )


def test_diff_the_wrong_way_round_warns(runner):
    result = runner.invoke(main, ["diff", str(NN_NEW), str(NN_OLD), "--format", "json"])
    assert result.exit_code == 0
    assert f"Warning: {NN_OLD.name}: dated 2021-06, before {NN_NEW.name} (2023-03)" in result.stderr
    changes = json.loads(result.stdout)
    assert (changes["measures_added"], changes["measures_dropped"]) == (["4"], ["5"])


# --- timeline -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def series_extractions():
    return [
        extract_report(SERIES / name)
        for name in ("final-2018.txt", "interim-2016-06.txt", "interim-2016-12.txt")
    ]


def test_timeline_is_oldest_first_with_evidence(series_extractions):
    history = timeline("tiltak 8", series_extractions)
    assert history["measure"] == "8"
    assert [e["report"] for e in history["reports"]] == [
        "interim-2016-06.txt",
        "interim-2016-12.txt",
        "final-2018.txt",
    ]
    june, december, final = history["reports"]
    assert (june["status"]["label"], june["status"]["value"], june["status"]["line"]) == (
        "Ikke påbegynt",
        "not_started",
        87,
    )
    assert december["status"]["value"] == "ongoing" and december["status"]["file"] == "interim-2016-12.txt"
    assert final["status"] is None
    assert final["merged_into"] == {
        "measure": "5",
        "file": "final-2018.txt",
        "line": 112,
        "page": 3,
        "sentence": "Tiltaket er slått sammen med tiltak 5, se omtale der.",
    }
    rvts = next(o for o in december["organisations"] if o["name"] == "RVTS")
    assert rvts["roles"][0]["role"] == "executes" and rvts["roles"][0]["line"] == 107
    assert rvts["roles"][0]["sentence"].startswith("De regionale ressurssentrene om vold")
    assert december["amounts"][0]["nok"] == 1_000_000 and december["amounts"][0]["funder"] == "HOD"
    assert december["amounts"][0]["sentence"] == (
        "Helse- og omsorgsdepartementet har bevilget 1 million kroner til arbeidet i 2016."
    )
    assert final["title"] == {
        "text": "Nettverk for helsesøstre",
        "file": "final-2018.txt",
        "line": 105,
        "page": 3,
        "sentence": "8. Nettverk for helsesøstre",
    }
    assert final["responsible"]["codes"] == ["HOD"] and final["responsible"]["sentence"] == "Ansvarlig: HOD"


def test_timeline_shows_where_a_measure_is_absent(series_extractions):
    history = timeline("3 a", series_extractions)
    assert [e["present"] for e in history["reports"]] == [False, False, True]
    assert history["reports"][2]["title"]["text"].startswith("Det skal utarbeides en lærerveiledning")


def test_timeline_of_an_unknown_measure_suggests_the_closest(series_extractions):
    with pytest.raises(UnknownName, match=r"no measure '11' in final-2018.txt, .*; did you mean 10\?$"):
        timeline("11", series_extractions)


def test_timeline_command(runner):
    reports = [str(NB_NEW), str(NB_OLD)]
    table = runner.invoke(main, ["timeline", "2", *reports], env={"COLUMNS": "240"})
    assert table.exit_code == 0, table.output
    assert "Measure 2 in 2 reports" in table.output
    assert table.output.index("Ikke påbegynt (not_started)") < table.output.index(
        "Tiltaket er gjennomført (done)"
    )
    result = runner.invoke(main, ["timeline", "2", *reports, "--format", "json"])
    history = json.loads(result.stdout)
    assert [e["date"] for e in history["reports"]] == ["2020-06", "2022-03"]
    assert [e["title"]["text"] for e in history["reports"]] == [
        "Veileder for skoler om digital mobbing",
        "Veileder for skoler om digital mobbing og deling av bilder",
    ]
    assert [e["responsible"]["codes"] for e in history["reports"]] == [["KD"], ["KD", "BLD"]]
    unknown = runner.invoke(main, ["timeline", "9", *reports])
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert unknown.stderr.splitlines()[-1] == (
        f"Error: no measure '9' in {NB_NEW.name}, {NB_OLD.name}; did you mean 8?"
    )


def test_reports_as_pdf_give_the_same_changes(tmp_path):
    from tests.make_pdf import pdf_from_text

    pdfs = []
    for source in (NB_OLD, NB_NEW):
        pdfs.append(tmp_path / source.with_suffix(".pdf").name)
        pdf_from_text(source.read_text(encoding="utf-8"), pdfs[-1])
    from_text = diff(read_snapshot(NB_OLD), read_snapshot(NB_NEW))
    from_pdf = diff(*(read_snapshot(pdf) for pdf in pdfs))
    assert (from_pdf["old"], from_pdf["new"]) == (pdfs[0].name, pdfs[1].name)
    assert {**from_pdf, "old": "", "new": ""} == {**from_text, "old": "", "new": ""}
    assert from_pdf["measures_merged"] == [{"id": "4", "into": "2"}]


def test_a_merge_stated_outside_every_measure_is_read(tmp_path):
    """An introduction that says "Tiltak 10 om … ble i 2017 slått sammen med tiltak 9": measure 10
    is merged, not dropped."""
    old = SERIES / "interim-2016-06.txt"
    lines = old.read_text(encoding="utf-8").split("\n")
    ten = next(i for i, line in enumerate(lines) if line.startswith("Tiltak 10 "))
    intro = "Tiltak 10 om en nordisk konferanse ble i 2017 slått sammen med tiltak 9, og omtales der."
    new = tmp_path / "interim-2017.txt"
    new.write_text("\n".join([*lines[:6], intro, "", *lines[6:ten]]) + "\n", encoding="utf-8")
    changes = diff(read_snapshot(old), read_snapshot(new))
    assert changes["measures_merged"] == [{"id": "10", "into": "9"}]
    assert changes["measures_dropped"] == []
