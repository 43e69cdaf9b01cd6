"""The endpoint's query page: an HTML form that runs a query and shows its answer as a table. It
loads nothing from elsewhere, shows all text escaped, and its Content-Security-Policy allows only
its own inline style and forms sent to itself."""

from __future__ import annotations

import base64
import hashlib
import html
from urllib.parse import quote

from graph.namespaces import PREFIXES
from graph.sparql import engine

STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; }
textarea { width: 100%; font: 13px monospace; }
table { border-collapse: collapse; margin-top: .5em; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.error { color: #a00; }
"""
POLICY = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tiltaksgraf SPARQL endpoint</title>
<style>{style}</style>
</head>
<body>
<h1>tiltaksgraf SPARQL endpoint</h1>
<p>A read-only SPARQL 1.1 endpoint over the knowledge graph ({triples} triples, the ontology
included) is at <code>/sparql</code>. The prefixes <code>{prefixes}</code> are predeclared.</p>
<form method="get" action="/">
<textarea name="query" rows="16">{query}</textarea>
<p><button type="submit">Run query</button></p>
</form>
<p>Examples: {examples}</p>
{answer}
</body>
</html>
"""


def render(query: str, triples: int, examples: dict[str, str], answer: str) -> bytes:
    """The page with `query` in the form, links to the `examples` (name: text) and an `answer`
    fragment (answer_html or error_html)."""
    links = " ".join(
        f'<a href="/?query={quote(text)}">{html.escape(name)}</a>' for name, text in examples.items()
    )
    return PAGE.format(
        style=STYLE,
        triples=triples,
        prefixes=" ".join(f"{prefix}:" for prefix in PREFIXES),
        query=html.escape(query),
        examples=links,
        answer=answer,
    ).encode()


def answer_html(result: engine.Result) -> str:
    """A query's answer as an HTML table (N-Triples of CONSTRUCT and DESCRIBE as text), escaped."""
    if result.triples is not None:
        return f"<pre>{html.escape(result.triples)}</pre>"
    head = "".join(f"<th>{html.escape(column)}</th>" for column in result.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row[column] or '')}</td>" for column in result.columns) + "</tr>"
        for row in result.rows
    )
    return f"<p>{len(result.rows)} rows</p><table><tr>{head}</tr>{rows}</table>"


def error_html(message: str) -> str:
    return f'<p class="error">{html.escape(message)}</p>'
