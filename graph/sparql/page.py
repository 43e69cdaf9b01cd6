"""The endpoint's query page: YASGUI, the SPARQL editor and result viewer of Fuseki and GraphDB,
set up for this endpoint by `graph/templates/query.js`; and for browsers without JavaScript a plain
form whose answer is a table made here (`?query=`).

YASGUI is the built bundle of its npm package, committed in `graph/templates/vendor/yasgui/` with
its licences and a manifest of SHA-256 sums (MANIFEST.json). Everything the page loads is served from
`/assets/` of the endpoint itself, with its hash in the URL and in the tag (subresource integrity);
the Content-Security-Policy allows scripts, styles and requests to this origin only: no inline
script, no eval. All text is escaped.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
from dataclasses import dataclass
from urllib.parse import quote

from graph.namespaces import PREFIXES
from graph.resources import read_bytes, read_text
from graph.sparql import engine
from graph.sparql.examples import Example

# The ontology's prefixes, and rdf: for the IRIs that `a` stands for (completing a prefix adds its
# PREFIX line, so the page may name more prefixes than the endpoint predeclares).
PAGE_PREFIXES = {**PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
ASSETS = "/assets/"
VENDOR = ("templates", "vendor", "yasgui")
JS, CSS, TEXT = "text/javascript; charset=utf-8", "text/css; charset=utf-8", "text/plain; charset=utf-8"
FILES = {  # name under /assets/: (file the package ships, media type)
    "yasgui.min.js": ((*VENDOR, "yasgui.min.js"), JS),
    "yasgui.min.css": ((*VENDOR, "yasgui.min.css"), CSS),
    "query.js": (("templates", "query.js"), JS),
    "query.css": (("templates", "query.css"), CSS),
    "yasgui-LICENSE.txt": ((*VENDOR, "LICENSE"), TEXT),
    "yasgui-THIRD-PARTY-LICENSES.txt": ((*VENDOR, "THIRD-PARTY-LICENSES.txt"), TEXT),
}
# The style attribute YASQE's tooltip gives each token it expected at a syntax error.
INJECTED_ATTRIBUTES = ("text-decoration:underline",)
# The style sheets YASGUI's column resizer (column-resizer 1.4.0) puts into <head>: its rules, and
# the cursor while a column is dragged. The policy allows these two texts by their hashes.
INJECTED_STYLES = (
    " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th"
    "{overflow:hidden} .grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important;"
    " padding-right:0!important;} .grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px;"
    " position:absolute; z-index:5; } .grip-handle .grip-resizable{position:absolute;background-color:red;"
    "filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px} .grip-lastgrip"
    "{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted black;\t} .grip-flex{width:auto!important;}"
    " .grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}",
    "*{cursor:col-resize!important}",
)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' "
    + " ".join(_hash(style) for style in INJECTED_STYLES)
    + "; style-src-attr 'unsafe-hashes' "
    + " ".join(_hash(style) for style in INJECTED_ATTRIBUTES)
    + "; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass(frozen=True)
class Asset:
    """A file of the page: its bytes, media type and the URL and integrity the page names it by."""

    name: str
    body: bytes
    media: str

    @property
    def url(self) -> str:
        return f"{ASSETS}{self.name}?v={hashlib.sha256(self.body).hexdigest()[:16]}"

    @property
    def integrity(self) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(self.body).digest()).decode()


@functools.cache
def manifest() -> dict:
    """What the vendored YASGUI is: package, version, tarball, and the SHA-256 of each file."""
    return json.loads(read_text(*VENDOR, "MANIFEST.json"))


@functools.cache
def assets() -> dict[str, Asset]:
    return {name: Asset(name, read_bytes(*parts), media) for name, (parts, media) in FILES.items()}


def asset(name: str) -> Asset | None:
    """The file /assets/NAME (the ?v= of its URL aside), or None."""
    return assets().get(name)


@functools.cache
def _template():
    from jinja2 import Environment

    environment = Environment(autoescape=True, keep_trailing_newline=True)
    return environment.from_string(read_text("templates", "query.html"))


def editor(triples: int, examples: list[Example]) -> bytes:
    """The page with YASGUI, the endpoint's prefixes and the `examples`, and the plain form inside
    <noscript>."""
    config = {
        "prefixes": PAGE_PREFIXES,
        "predeclared": PREFIXES,
        "examples": [
            {"file": e.file, "number": e.number, "name": e.name, "purpose": e.purpose, "text": e.text}
            for e in examples
        ],
    }
    return (
        _template()
        .render(
            triples=triples,
            prefixes=" ".join(f"{prefix}:" for prefix in PREFIXES),
            examples=examples,
            query=examples[0].text if examples else "",
            config=config,
            assets=assets(),
            version=manifest()["version"],
        )
        .encode()
    )


# The plain page of an answer, for browsers without JavaScript: a form and the answer as a table.
STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; }
textarea { width: 100%; font: 13px monospace; }
table { border-collapse: collapse; margin-top: .5em; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.error { color: #a00; }
"""
PLAIN_POLICY = f"default-src 'none'; style-src {_hash(STYLE)}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

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
included) is at <code>/sparql</code>. The prefixes <code>{prefixes}</code> are predeclared.
<a href="/#query={link}">Open this query in the editor</a>.</p>
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
    """The plain page with `query` in the form, links to the `examples` (name: text) and an
    `answer` fragment (answer_html or error_html)."""
    links = " ".join(
        f'<a href="/?query={quote(text)}">{html.escape(name)}</a>' for name, text in examples.items()
    )
    return PAGE.format(
        style=STYLE,
        triples=triples,
        prefixes=" ".join(f"{prefix}:" for prefix in PREFIXES),
        link=quote(query, safe=""),
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
