"""Upload a graph to a triple store with the SPARQL 1.1 Graph Store Protocol (HTTP PUT ?graph=IRI).

PUT replaces the named graph: pushing again never doubles it. Credentials come from an environment
variable holding `user:password`; they are sent as HTTP Basic authentication, or as Digest
authentication when the store asks for it (Virtuoso does), and never appear in messages.
"""

from __future__ import annotations

import base64
import os
import urllib.request
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit

import pyoxigraph

from graph.errors import StoreError
from graph.namespaces import DEFAULT_BASE, PREFIXES

DEFAULT_GRAPH = f"{DEFAULT_BASE}graph"
AUTH_VARIABLE = "TILTAKSGRAF_AUTH"


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


def put_graph(
    endpoint: str, graph: str, body: bytes, login: tuple[str, str] | None = None, timeout: float = 60
) -> None:
    """PUT Turtle into the named graph `graph` of a Graph Store Protocol endpoint, replacing it."""
    url = graph_url(endpoint, graph)
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
    )
    handlers = []
    if login:
        user, password = login
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        # Unredirected, so that the Digest handler can replace it when the store asks for Digest.
        request.add_unredirected_header("Authorization", f"Basic {token}")
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            response.read()
    except HTTPError as error:
        raise StoreError(f"{url}: HTTP {error.code} {error.reason}{_detail(error)}") from None
    except URLError as error:
        reason = getattr(error.reason, "strerror", None) or error.reason
        raise StoreError(f"{url}: cannot connect ({reason})") from None
    except OSError as error:  # e.g. a timeout while sending or reading
        raise StoreError(f"{url}: {error.strerror or error}") from None


def _detail(error: HTTPError) -> str:
    """The first line of a plain-text error body, e.g. the store's reason for refusing."""
    if not (error.headers.get("Content-Type") or "").startswith("text/plain"):
        return ""
    lines = error.read(2000).decode("utf-8", "replace").strip().splitlines()
    return f": {lines[0][:200]}" if lines else ""
