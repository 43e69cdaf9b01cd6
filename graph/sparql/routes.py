"""What the endpoint answers to a request: the query page, the SPARQL 1.1 Protocol at `/sparql`
(and its service description), or a refusal, with the headers that keep browsers safe.

Requests from web pages are refused where they could do harm: a Host that is not a loopback name
when the endpoint listens on loopback (DNS rebinding), a POST or a script's request from another
site (Origin, Sec-Fetch-Site), unless `--cors` names that site. Links from elsewhere still open.
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pyoxigraph

from graph.sparql import guard, page
from graph.sparql.examples import examples
from graph.sparql.formats import GRAPH_FORMATS, negotiate
from graph.sparql.http11 import HttpError, Request
from graph.sparql.pool import Pool, Unanswered

PLAIN = "text/plain; charset=utf-8"
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"}
BASE_HEADERS = {"X-Content-Type-Options": "nosniff"}
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


@dataclass
class Reply:
    """A response: status, header fields and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def text(status: int, message: str, **headers: str) -> Reply:
    """A one-line text/plain reply."""
    return Reply(status, {"Content-Type": PLAIN, **headers}, f"{message}\n".encode())


def is_loopback(host: str) -> bool:
    """Whether a host name or address (IPv6 in brackets or not) is this machine's loopback."""
    return _loopback(host) if len(host) <= 255 else _loopback.__wrapped__(host)


@functools.lru_cache(maxsize=256)  # every request asks, about the same few names
def _loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class Application:
    """The endpoint's answers, for a store of `triples` triples served by `pool`."""

    def __init__(
        self, pool: Pool, triples: int, loopback: bool, cors: tuple[str, ...], services: frozenset[str]
    ):
        self.pool, self.triples, self.loopback = pool, triples, loopback
        self.cors, self.services = cors, services
        self.examples = {example.file: example.text for example in examples()}

    @functools.cached_property
    def _editor(self) -> bytes:
        return page.editor(self.triples, examples())

    async def handle(self, request: Request) -> Reply:
        try:
            self._check_host(request)
            self._check_site(request)
            reply = await self._route(request)
        except HttpError as error:
            reply = text(error.status, str(error), **error.headers)
        except guard.Refused as error:
            reply = text(400, f"refused: {error}")
        except Unanswered as error:
            reply = text(error.status, str(error), **({"Retry-After": "1"} if error.status == 503 else {}))
        for name, value in self._cors_headers(request).items():
            reply.headers[name] = f"{reply.headers[name]}, {value}" if name in reply.headers else value
        return reply

    def decorate(self, reply: Reply) -> Reply:
        """Add the header fields every answer carries."""
        reply.headers = {**BASE_HEADERS, **reply.headers}
        reply.headers.setdefault("Content-Security-Policy", DATA_POLICY)
        return reply

    def _check_host(self, request: Request) -> None:
        """On loopback, refuse other Host names (a browser always sends one; HTTP/1.0 may not)."""
        if self.loopback and "host" in request.headers and not is_loopback(request.host):
            raise HttpError(
                421,
                f"the Host {request.host[:60]!r} is not a loopback name: this endpoint listens on loopback only",
            )

    def _allowed(self, origin: str | None) -> bool:
        return origin is not None and ("*" in self.cors or origin in self.cors)

    def _check_site(self, request: Request) -> None:
        """Refuse what a page on another site sends: a POST, or a request a script or an <img>
        makes. A link the user follows (a top-level navigation by GET) is served."""
        headers = request.headers
        origin = headers.get("origin")
        if self._allowed(origin):
            return
        own = {f"{scheme}://{headers.get('host', '').lower()}" for scheme in ("http", "https")}
        foreign_origin = origin is not None and origin.lower() not in own
        foreign_site = headers.get("sec-fetch-site", "").lower() in ("cross-site", "same-site")
        navigation = (
            headers.get("sec-fetch-mode", "navigate").lower() == "navigate"
            and headers.get("sec-fetch-dest", "document").lower() == "document"
        )
        if request.method == "POST":
            refused = foreign_origin or foreign_site
        else:
            refused = foreign_origin or (foreign_site and not navigation)
        if refused:
            raise HttpError(
                403,
                "cross-site request refused: pages of other sites may not query this endpoint (serve --cors ORIGIN allows one)",
            )

    def _cors_headers(self, request: Request) -> dict[str, str]:
        origin = request.headers.get("origin")
        if not self._allowed(origin):
            return {}
        return {"Access-Control-Allow-Origin": "*" if "*" in self.cors else origin, "Vary": "Origin"}

    async def _route(self, request: Request) -> Reply:
        path, method = request.path, request.method
        if method not in KNOWN_METHODS:
            raise HttpError(501, f"the method {method[:20]} is not implemented")
        if path.startswith(page.ASSETS):
            if method not in ("GET", "HEAD"):
                raise HttpError(
                    405, "the query page's files are read-only: use GET, HEAD", headers={"Allow": "GET, HEAD"}
                )
            return self._asset(path.removeprefix(page.ASSETS))
        if path not in ("/", "/sparql"):
            raise HttpError(404, "not found: the SPARQL endpoint is /sparql, the query page /")
        allowed = "GET, HEAD" if path == "/" else "GET, HEAD, POST"
        if method == "OPTIONS":
            return self._options(request, allowed)
        if method not in allowed.split(", "):
            raise HttpError(405, f"this endpoint is read-only: use {allowed}", headers={"Allow": allowed})
        if path == "/":
            return await self._page(_parameters(request.query_string))
        return await self._protocol(request)

    def _options(self, request: Request, allowed: str) -> Reply:
        headers = {"Allow": allowed}
        if self._allowed(request.headers.get("origin")):
            headers |= {
                "Access-Control-Allow-Methods": allowed,
                "Access-Control-Allow-Headers": "Accept, Content-Type",
                "Access-Control-Max-Age": "600",
            }
        return Reply(204, headers)

    async def _protocol(self, request: Request) -> Reply:
        parameters = _parameters(request.query_string)
        if request.method == "POST":
            parameters = _posted(request, parameters)
        elif not parameters:
            return self._service_description(request)
        if "update" in parameters:
            raise HttpError(403, READ_ONLY)
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in parameters:
                raise HttpError(400, f"{name} is not supported: the endpoint has one default graph")
        queries = parameters.get("query", [])
        if len(queries) != 1:
            raise HttpError(400, "give exactly one query (the query page is at /)")
        guard.check(queries[0], self.services)
        header, body = await self.pool.ask(
            {"kind": "query", "query": queries[0], "accept": request.headers.get("accept")}
        )
        headers = {"Content-Type": header["media"]}
        if header["status"] == 200:
            headers["Vary"] = "Accept"
        return Reply(header["status"], headers, body)

    def _asset(self, name: str) -> Reply:
        found = page.asset(name)
        if found is None:
            raise HttpError(404, f"not found: the query page has no file {name[:60]!r}")
        headers = {"Content-Type": found.media, "Cache-Control": "public, max-age=31536000, immutable"}
        return Reply(200, headers, found.body)

    async def _page(self, parameters: dict[str, list[str]]) -> Reply:
        """The editor, or with `?query=` (the form of a browser without JavaScript) the plain page
        with the answer as a table."""
        headers = {"Content-Type": "text/html; charset=utf-8", "Referrer-Policy": "no-referrer"}
        if "query" not in parameters:
            return Reply(200, {**headers, "Content-Security-Policy": page.POLICY}, self._editor)
        query = parameters["query"][-1]
        try:
            guard.check(query, self.services)
            header, body = await self.pool.ask({"kind": "table", "query": query})
            status, answer = header["status"], body.decode()
        except guard.Refused as error:
            status, answer = 400, page.error_html(f"refused: {error}")
        except Unanswered as error:
            status, answer = error.status, page.error_html(str(error))
        headers["Content-Security-Policy"] = page.PLAIN_POLICY
        return Reply(status, headers, page.render(query, self.triples, self.examples, answer))

    def _service_description(self, request: Request) -> Reply:
        """The SPARQL 1.1 Service Description of the endpoint, in the format Accept asks for."""
        media = negotiate(request.headers.get("accept"), GRAPH_FORMATS)
        if media is None:
            raise HttpError(406, "acceptable here: " + ", ".join(GRAPH_FORMATS))
        url = f"http://{request.headers.get('host', 'localhost')}/sparql"
        formats = " , ".join(
            f"<http://www.w3.org/ns/formats/{name}>"
            for name in (
                "SPARQL_Results_JSON SPARQL_Results_XML SPARQL_Results_CSV SPARQL_Results_TSV "
                "Turtle N-Triples RDF_XML JSON-LD"
            ).split()
        )
        federation = " ; sd:feature sd:BasicFederatedQuery" if self.services else ""
        description = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{url}> a sd:Service ; sd:endpoint <{url}> ; sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat {formats}{federation} ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ; void:triples {self.triples} ] ] .
"""
        if media != "text/turtle":
            triples = pyoxigraph.parse(description.encode(), format=pyoxigraph.RdfFormat.TURTLE)
            body = pyoxigraph.serialize(triples, format=GRAPH_FORMATS[media])
        else:
            body = description.encode()
        return Reply(200, {"Content-Type": GRAPH_FORMATS[media].media_type, "Vary": "Accept"}, body)


def _parameters(query_string: str) -> dict[str, list[str]]:
    try:
        return parse_qs(query_string, keep_blank_values=True, errors="strict", max_num_fields=64)
    except UnicodeDecodeError:
        raise HttpError(400, "the parameters are not UTF-8") from None
    except ValueError:
        raise HttpError(400, "too many parameters") from None


def _posted(request: Request, parameters: dict[str, list[str]]) -> dict[str, list[str]]:
    """The parameters of the URL and of a POST body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-update":
        raise HttpError(403, READ_ONLY)
    if kind not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise HttpError(
            415, "POST a form (application/x-www-form-urlencoded) or an application/sparql-query body"
        )
    if "content-length" not in request.headers and "transfer-encoding" not in request.headers:
        raise HttpError(411, "a POST needs a Content-Length")
    try:
        body = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8") from None
    if kind == "application/sparql-query":
        return {**parameters, "query": [*parameters.get("query", []), body]}
    merged = {name: list(values) for name, values in parameters.items()}
    for name, values in _parameters(body).items():
        merged.setdefault(name, []).extend(values)
    return merged
