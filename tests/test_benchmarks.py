"""The benchmark runner's Markdown: figures beside their anchors, ratios and targets (the timings
themselves are never asserted)."""

from benchmarks.results import Comparison, Table, markdown, number, summary_table, table_markdown


def test_numbers_are_written_to_three_significant_digits_with_thousands_grouped():
    assert [number(value) for value in (13596.4, 407.2, 26.83, 1.234, 0.07051, 12, "x")] == [
        "13,596",
        "407",
        "26.8",
        "1.23",
        "0.0705",
        "12",
        "x",
    ]
    assert number(float("nan")) == "–"


def test_the_summary_gives_each_figure_its_anchor_ratio_and_whether_it_meets_its_target():
    rows = [
        Comparison("`stats` (warm cache)", 48.0, "`python -c pass`", 16.0, "ms", 3),
        Comparison("`serve`, 20 clients: throughput", 2134.0, "`oxigraph`", 13596.0, "req/s", 0.5, True),
        Comparison("rdflib: SELECT", 2.64, "pyoxigraph", 0.0705, "ms"),
    ]
    assert summary_table(rows).splitlines() == [
        "| what | measured | anchor | anchor measured | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
        "| `stats` (warm cache) | 48 ms | `python -c pass` | 16 ms | 3.00× | ≤ 3× | yes |",
        "| `serve`, 20 clients: throughput | 2,134 req/s | `oxigraph` | 13,596 req/s | 0.16× | ≥ 0.5× | no |",
        "| rdflib: SELECT | 2.64 ms | pyoxigraph | 0.0705 ms | 37.45× |  |  |",
    ]


def test_a_detail_table_and_the_whole_file():
    table = Table("Corpora", ("reports", "build s"), ((10, 8.42), (20, 15.05)), "Median of 3 runs.")
    assert table_markdown(table) == (
        "### Corpora\n\n| reports | build s |\n|---|---|\n| 10 | 8.42 |\n| 20 | 15.1 |\n\nMedian of 3 runs."
    )
    text = markdown(
        {"CPU": "AMD EPYC", "cores": "2"},
        [Comparison("peak", 512.0, "1 GiB", 1024.0, "MiB", 1.0)],
        [table],
        "python -m benchmarks",
    )
    assert text.startswith("# Benchmark results\n\nWritten by `python -m benchmarks`;")
    assert "## Machine\n\n- CPU: AMD EPYC\n- cores: 2\n\n## Summary\n" in text
    assert "| peak | 512 MiB | 1 GiB | 1,024 MiB | 0.50× | ≤ 1× | yes |" in text
    assert text.endswith("| 20 | 15.1 |\n\nMedian of 3 runs.\n")
