"""A read-only SPARQL 1.1 Protocol endpoint over a pyoxigraph Store, with a query page.

`/sparql` answers queries by GET (`?query=`) and POST (form-encoded `query=`, or an
`application/sparql-query` body) in the format the Accept header asks for: SPARQL results JSON
(the default), XML, CSV or TSV for SELECT and ASK; Turtle (the default), N-Triples or RDF/XML for
CONSTRUCT and DESCRIBE. The project's prefixes are predeclared, as in `tiltaksgraf query`.

Nothing changes the store: SPARQL Update (`update=`, `application/sparql-update`) gets 403, other
methods 405. The store has one default graph, so `default-graph-uri` and `named-graph-uri` get 400.
Errors are one line of text/plain. `/` is an HTML form that runs a query and shows its answer as a
table; it loads nothing from elsewhere and shows all text escaped.
"""

from __future__ import annotations

import html
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pyoxigraph

from graph.errors import QueryError
from graph.namespaces import PREFIXES
from graph.sparql import engine
from graph.sparql.examples import examples

MAX_BODY = 1 << 20  # bytes of a POSTed query
RESULT_FORMATS = {  # SELECT and ASK; the first is the default
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {  # CONSTRUCT and DESCRIBE; the first is the default
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}


class ProtocolError(Exception):
    """A request the endpoint refuses: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Endpoint(ThreadingHTTPServer):
    """The HTTP server, bound to host:port (port 0: any free port) once made; serve_forever() serves.
    Every request thread reads the same store."""

    daemon_threads = True

    def __init__(self, store: pyoxigraph.Store, host: str = "127.0.0.1", port: int = 0):
        self.store = store
        super().__init__((host, port), Handler)


def negotiate(accept: str | None, offers: dict):
    """The offer the Accept header likes best (the first offer on a tie), or None if none is
    acceptable."""
    ranges = []
    for item in (accept or "*/*").split(","):
        media, *parameters = (part.strip().lower() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media:
            ranges.append((media, weight))
    best, best_weight = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        specificity, weight = -1, 0.0
        for media, q in ranges:
            level = {offer: 2, f"{kind}/*": 1, "*/*": 0}.get(media, -1)
            if level > specificity:
                specificity, weight = level, q
        if weight > best_weight:
            best, best_weight = offer, weight
    return best


class Handler(BaseHTTPRequestHandler):
    """One request: the query page, a query, or a refusal."""

    server: Endpoint
    server_version = "tiltaksgraf"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        parameters = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/":
            self._page(parameters)
        elif url.path == "/sparql":
            self._respond(lambda: self._protocol(parameters))
        else:
            self._send_text(404, "not found: the SPARQL endpoint is /sparql, the query page /")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send_text(404, "not found: the SPARQL endpoint is /sparql")
            return
        self._respond(lambda: self._protocol(self._posted(parse_qs(url.query, keep_blank_values=True))))

    def _refuse_method(self) -> None:
        self._send_text(405, "this endpoint is read-only: use GET or POST to query", Allow="GET, POST")

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _posted(self, parameters: dict[str, list[str]]) -> dict[str, list[str]]:
        """The parameters of the URL and of a POST body."""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        if kind not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise ProtocolError(
                415, "POST a form (application/x-www-form-urlencoded) or an application/sparql-query body"
            )
        length = self.headers.get("Content-Length")
        if length is None:
            raise ProtocolError(411, "a POST needs a Content-Length")
        if not length.isdigit():
            raise ProtocolError(400, f"Content-Length {length!r} is not a number")
        if int(length) > MAX_BODY:
            raise ProtocolError(413, f"the request body is larger than {MAX_BODY} bytes")
        try:
            body = self.rfile.read(int(length)).decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None
        if kind == "application/sparql-query":
            return {**parameters, "query": [*parameters.get("query", []), body]}
        merged = {name: list(values) for name, values in parameters.items()}
        for name, values in parse_qs(body, keep_blank_values=True).items():
            merged.setdefault(name, []).extend(values)
        return merged

    def _protocol(self, parameters: dict[str, list[str]]) -> tuple[str, bytes]:
        """Content type and body of the answer to a SPARQL Protocol request."""
        if "update" in parameters:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in parameters:
                raise ProtocolError(400, f"{name} is not supported: the endpoint has one default graph")
        queries = parameters.get("query", [])
        if len(queries) != 1:
            raise ProtocolError(400, "give exactly one query (the query page is at /)")
        try:
            answer = engine.execute(self.server.store, queries[0])
        except QueryError as error:
            raise ProtocolError(400, f"malformed query: {str(error).splitlines()[0]}") from None
        formats = GRAPH_FORMATS if isinstance(answer, pyoxigraph.QueryTriples) else RESULT_FORMATS
        media = negotiate(self.headers.get("Accept"), formats)
        if media is None:
            raise ProtocolError(406, "acceptable here: " + ", ".join(formats))
        return formats[media].media_type, answer.serialize(format=formats[media])

    def _respond(self, make) -> None:
        try:
            media, body = make()
        except ProtocolError as error:
            self._send_text(error.status, str(error))
            return
        self._send(200, media, body, Vary="Accept")

    def _page(self, parameters: dict[str, list[str]]) -> None:
        bundled = {example.file: example.text for example in examples()}
        query = parameters.get("query", [next(iter(bundled.values()), "")])[-1]
        status, answer = 200, ""
        if "query" in parameters:
            try:
                answer = _answer_html(engine.run(self.server.store, query))
            except QueryError as error:
                status, answer = 400, f'<p class="error">{html.escape(str(error))}</p>'
        links = " ".join(
            f'<a href="/?query={quote(text)}">{html.escape(name)}</a>' for name, text in bundled.items()
        )
        page = PAGE.format(
            triples=len(self.server.store),
            prefixes=" ".join(f"{prefix}:" for prefix in PREFIXES),
            query=html.escape(query),
            examples=links,
            answer=answer,
        )
        self._send(status, "text/html; charset=utf-8", page.encode())

    def _send_text(self, status: int, message: str, **headers: str) -> None:
        self._send(status, "text/plain; charset=utf-8", f"{message}\n".encode(), **headers)

    def _send(self, status: int, media: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _answer_html(result: engine.Result) -> str:
    """A query's answer as an HTML table (N-Triples of CONSTRUCT and DESCRIBE as text), escaped."""
    if result.triples is not None:
        return f"<pre>{html.escape(result.triples)}</pre>"
    head = "".join(f"<th>{html.escape(column)}</th>" for column in result.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row[column] or '')}</td>" for column in result.columns) + "</tr>"
        for row in result.rows
    )
    return f"<p>{len(result.rows)} rows</p><table><tr>{head}</tr>{rows}</table>"


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tiltaksgraf SPARQL endpoint</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; }}
textarea {{ width: 100%; font: 13px monospace; }}
table {{ border-collapse: collapse; margin-top: .5em; }}
th, td {{ border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }}
th {{ background: #eee; }}
.error {{ color: #a00; }}
</style>
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
