"""Upload a graph to a triple store with the SPARQL 1.1 Graph Store Protocol (HTTP PUT ?graph=IRI).

PUT replaces the named graph: pushing again never doubles it. With the store's SPARQL Update URL,
the graph goes first into a temporary graph, which one `MOVE` then puts in place, so that a failed
upload leaves the graph as it was whatever the store's PUT does. The whole push has a deadline, and
each connection a connect timeout. Redirects are never followed.

Credentials come from an environment variable holding `user:password`; they are sent as HTTP Basic
authentication, or as Digest authentication when the store asks for it (Virtuoso does). They never
appear in messages: the store's words are shown only from a text/plain answer, without control
characters and with anything like a credential blanked out.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import os
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph

from graph.errors import StoreError
from graph.namespaces import DEFAULT_BASE, PREFIXES

DEFAULT_GRAPH = f"{DEFAULT_BASE}graph"
AUTH_VARIABLE = "TILTAKSGRAF_AUTH"
DEFAULT_TIMEOUT = 60.0  # seconds for the whole push
CONNECT_TIMEOUT = 10.0
CLEANUP_TIMEOUT = 3.0  # seconds to drop the temporary graph after a refusal
CREDENTIAL_WORDS = re.compile(r"\b(Basic|Digest|Bearer)\s+\S+", re.I)


def turtle(store: pyoxigraph.Store) -> bytes:
    """The default graph of a store as Turtle."""
    return store.dump(
        format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph(), prefixes=PREFIXES
    )


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph: the endpoint with ?graph=IRI."""
    return endpoint + ("&" if urlsplit(endpoint).query else "?") + urlencode({"graph": graph})


def credentials(variable: str, required: bool = False) -> tuple[str, str] | None:
    """(user, password) from an environment variable holding `user:password`; None when it is unset
    and not `required`."""
    value = os.environ.get(variable)
    if not value:
        if required:
            raise StoreError(f"the environment variable {variable} is not set (it should hold user:password)")
        return None
    user, colon, password = value.partition(":")
    if not colon or not user:
        raise StoreError(f"the environment variable {variable} should hold user:password")
    return user, password


def push_graph(
    endpoint: str,
    graph: str,
    body: bytes,
    login: tuple[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    update: str | None = None,
) -> None:
    """Replace the named graph `graph` of a Graph Store Protocol endpoint by Turtle `body`, within
    `timeout` seconds; with `update` (the store's SPARQL Update URL) through a temporary graph."""
    session = Session(login, time.monotonic() + timeout, timeout)
    if update is None:
        session.send("PUT", graph_url(endpoint, graph), body, "text/turtle; charset=utf-8")
        return
    temporary = f"urn:tiltaksgraf:upload:{uuid.uuid4()}"
    kept = f"; the graph <{graph}> is unchanged"
    try:
        session.send("PUT", graph_url(endpoint, temporary), body, "text/turtle; charset=utf-8")
    except Refused as refusal:
        session.drop(graph_url(endpoint, temporary))
        raise StoreError(f"{refusal}{kept}") from None
    except StoreError as error:
        raise StoreError(f"{error}{kept} (<{temporary}> may hold a partial upload)") from None
    try:
        session.send(
            "POST",
            update,
            f"MOVE GRAPH <{temporary}> TO GRAPH <{graph}>".encode(),
            "application/sparql-update",
        )
    except Refused as refusal:
        session.drop(graph_url(endpoint, temporary))
        raise StoreError(f"{refusal}{kept}") from None
    except StoreError as error:
        raise StoreError(f"{error}; the store may yet move <{temporary}> to <{graph}>") from None


class Refused(StoreError):
    """The store answered, and not with success."""


@dataclass
class Session:
    """Requests to one store with one login, all before one deadline (time.monotonic())."""

    login: tuple[str, str] | None
    deadline: float
    timeout: float

    def send(self, method: str, url: str, body: bytes, media: str, deadline: float | None = None) -> None:
        """Send a request; StoreError (Refused when the store said no) unless it succeeds."""
        deadline = deadline or self.deadline
        outcome: dict = {}
        current: dict = {}
        thread = threading.Thread(
            target=self._run, args=(method, url, body, media, deadline, current, outcome), daemon=True
        )
        thread.start()
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():  # the store is slow or silent: hang up on it
            _hang_up(current.get("connection"))
            raise StoreError(f"{url}: no answer within {self.timeout:g} s (push --timeout)")
        if "error" in outcome:
            raise outcome["error"]

    def drop(self, url: str) -> None:
        """Delete a temporary graph, if the store answers quickly; never raises."""
        with contextlib.suppress(StoreError):
            self.send("DELETE", url, b"", "text/plain", time.monotonic() + CLEANUP_TIMEOUT)

    def _run(self, method, url, body, media, deadline, current: dict, outcome: dict) -> None:
        try:
            self._exchange(method, url, body, media, deadline, current)
        except StoreError as error:
            outcome["error"] = error
        except http.client.HTTPException as error:
            outcome["error"] = StoreError(f"{url}: the store's answer is not HTTP ({type(error).__name__})")
        except ConnectionRefusedError:
            outcome["error"] = StoreError(f"{url}: cannot connect (Connection refused)")
        except TimeoutError:
            outcome["error"] = StoreError(f"{url}: no answer within {self.timeout:g} s (push --timeout)")
        except OSError as error:
            outcome["error"] = StoreError(f"{url}: {error.strerror or type(error).__name__}")

    def _exchange(self, method, url, body, media, deadline, current: dict) -> None:
        """The request, repeated once with Digest authentication when the store asks for it."""
        authorization = self._basic()
        for attempt in (1, 2):
            status, headers, text = _request(method, url, body, media, authorization, deadline, current)
            challenge = _digest_challenge(headers.get_all("WWW-Authenticate") or [])
            if status == 401 and attempt == 1 and self.login and challenge:
                authorization = _digest(self.login, challenge, method, url)
                continue
            if 200 <= status < 300:
                return
            raise Refused(self._refusal(url, status, headers, text))

    def _basic(self) -> str | None:
        if not self.login:
            return None
        return "Basic " + base64.b64encode(":".join(self.login).encode()).decode("ascii")

    def _refusal(self, url: str, status: int, headers, text: bytes) -> str:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "(an unknown status)"
        message = f"{url}: HTTP {status} {phrase}"
        if 300 <= status < 400:
            target = self._clean(headers.get("Location", ""))
            return f"{message} to {target or 'nowhere'}: push follows no redirect (give that URL if you trust it)"
        if (headers.get("Content-Type") or "").startswith("text/plain"):
            lines = [line for line in text.decode("utf-8", "replace").splitlines() if line.strip()]
            if lines:
                message += f": {self._clean(lines[0])[:200]}"
        return message

    def _clean(self, text: str) -> str:
        """Text from the store with control characters dropped and credentials blanked out."""
        text = "".join(character for character in text if character.isprintable())
        if self.login:
            user, password = self.login
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            for secret in sorted(
                {token, f"{user}:{password}", password, quote(password, safe="")} - {""},
                key=len,
                reverse=True,
            ):
                text = text.replace(secret, "[credential]")
        return CREDENTIAL_WORDS.sub(r"\1 [credential]", text)


def _request(method, url, body, media, authorization, deadline, current: dict):
    """(status, headers, the first 64 KiB of the body) of one request on a new connection."""
    parts = urlsplit(url)
    remaining = max(0.1, deadline - time.monotonic())
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=min(CONNECT_TIMEOUT, remaining))
    current["connection"] = connection
    try:
        connection.connect()
        connection.sock.settimeout(max(0.1, deadline - time.monotonic()))
        headers = {"Content-Type": media, "Content-Length": str(len(body)), "Connection": "close"}
        if authorization:
            headers["Authorization"] = authorization
        target = parts.path or "/"
        connection.request(
            method, f"{target}?{parts.query}" if parts.query else target, body=body, headers=headers
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read(65536)
    finally:
        connection.close()


def _hang_up(connection: http.client.HTTPConnection | None) -> None:
    """Wake a thread blocked on the connection's socket (it then ends)."""
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


DIGEST_FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,\s]+)')


def _digest_challenge(values: list[str]) -> dict[str, str] | None:
    """The fields of a Digest challenge among WWW-Authenticate values, or None."""
    for value in values:
        match = re.search(r"\bDigest\s+(.*)", value, re.I | re.S)
        if match:
            return {key.lower(): raw.strip('"') for key, raw in DIGEST_FIELD.findall(match[1])}
    return None


def _digest(login: tuple[str, str], challenge: dict[str, str], method: str, url: str) -> str:
    """The Authorization value answering a Digest challenge (RFC 7616: MD5, SHA-256, -sess, qop=auth)."""
    user, password = login
    algorithm = challenge.get("algorithm", "MD5")
    name = algorithm.upper().removesuffix("-SESS")
    hashing = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}.get(name)
    if hashing is None:
        raise StoreError(f"{url}: the store asks for Digest {algorithm[:20]}, which push does not speak")

    def digest(text: str) -> str:
        return hashing(text.encode()).hexdigest()

    parts = urlsplit(url)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    realm, nonce, cnonce, count = (
        challenge.get("realm", ""),
        challenge.get("nonce", ""),
        uuid.uuid4().hex,
        "00000001",
    )
    secret = digest(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        secret = digest(f"{secret}:{nonce}:{cnonce}")
    request = digest(f"{method}:{uri}")
    qop = "auth" if "auth" in [item.strip() for item in challenge.get("qop", "").split(",")] else None
    if qop:
        answer = digest(f"{secret}:{nonce}:{count}:{cnonce}:{qop}:{request}")
    else:
        answer = digest(f"{secret}:{nonce}:{request}")
    fields = [
        f'username="{user}"',
        f'realm="{realm}"',
        f'nonce="{nonce}"',
        f'uri="{uri}"',
        f'response="{answer}"',
        f"algorithm={algorithm}",
    ]
    if qop:
        fields += [f"qop={qop}", f"nc={count}", f'cnonce="{cnonce}"']
    if "opaque" in challenge:
        fields.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(fields)
