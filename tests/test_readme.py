"""Every console example of README.md runs, and its shown output is the real output.

A console example is a fenced block tagged `console`: lines starting with `$ tiltaksgraf …` are
commands, the lines after one are its output (stdout and stderr as a terminal shows them). A line
`...` stands for any number of lines. A block tagged `console not-run` is not run (it needs an
outside store, or shows timings). Commands run in a scratch folder that links the repository's
`tests/`, `data/` and `queries/`, with a terminal 100 columns wide; `> FILE` writes the output to
that folder.
"""

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"^```console(?P<flags>[^\n]*)\n(?P<body>.*?)^```", re.M | re.S)
ANY = "..."
WIDTH = "100"


def examples() -> list[tuple[int, str, list[str]]]:
    """(README line, command, expected output lines) of every console example that is run."""
    text = README.read_text(encoding="utf-8")
    found = []
    for block in BLOCK.finditer(text):
        if "not-run" in block["flags"]:
            continue
        first = text[: block.start("body")].count("\n") + 1
        command, expected, line = None, [], first
        for offset, row in enumerate(block["body"].rstrip("\n").split("\n")):
            if row.startswith("$ "):
                if command:
                    found.append((line, command, expected))
                command, expected, line = row[2:], [], first + offset
            else:
                expected.append(row)
        if command:
            found.append((line, command, expected))
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the lines match, each `...` standing for any number of lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == ANY:
        return any(matches(rest, actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and head.rstrip() == actual[0].rstrip() and matches(rest, actual[1:])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    for name in ("tests", "data", "queries"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def test_the_readme_has_console_examples():
    assert len(examples()) >= 15


@pytest.mark.parametrize(("line", "command", "expected"), examples(), ids=lambda item: str(item)[:40])
def test_readme_example(scratch, monkeypatch, line, command, expected):
    words = shlex.split(command)
    assert words[0] == "tiltaksgraf", f"README.md:{line}: examples run tiltaksgraf"
    target = None
    if ">" in words:
        target = scratch / words[words.index(">") + 1]
        words = words[: words.index(">")]
    monkeypatch.chdir(scratch)
    monkeypatch.setenv("COLUMNS", WIDTH)
    monkeypatch.setenv("TERM", "dumb")
    result = CliRunner().invoke(main, words[1:], env={"COLUMNS": WIDTH})
    output = result.output
    if target:
        target.write_text(output, encoding="utf-8")
        output = ""
    actual = output.rstrip("\n").split("\n") if output else []
    assert matches(expected, actual), (
        f"README.md:{line}: `{command}` printed:\n" + "\n".join(actual[:60]) + f"\n(exit {result.exit_code})"
    )


PYTHON = re.compile(r"^```python\n(?P<body>.*?)^```", re.M | re.S)


def test_readme_python_examples_run():
    """The Python examples run as written (their asserts hold)."""
    blocks = [block["body"] for block in PYTHON.finditer(README.read_text(encoding="utf-8"))]
    assert blocks
    for body in blocks:
        exec(compile(body, "README.md", "exec"), {})
