"""Checks of a query's text before it reaches the SPARQL parser: nesting that would overflow the
parser's stack (it crashes the process), and federation (SERVICE) to endpoints not allowed.

pyoxigraph evaluates `SERVICE <iri>` by sending the query to that address, with no way to turn it
off, so SERVICE is refused here unless its IRI is one of those allowed. The scan errs on the side of
refusing: it hides only string literals and IRIs, and takes any other word containing "service"
(`SERVICE:x`, `trueSERVICE`, a comment) for the keyword, because the parser splits such words where
the SPARQL grammar lets it (`1SERVICE <x> {}` is `1` and a SERVICE clause).
"""

from __future__ import annotations

import re

MAX_NESTING = 64  # brackets { ( [ open at once
MAX_UNARY = 64  # unary operators (! + - ^) in a row

TOKENS = re.compile(
    r"""
    (?P<string>'''(?:'{0,2}(?:[^'\\]|\\.))*'''|\"\"\"(?:"{0,2}(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>{}"\x00-\x20]*>)
    |(?P<comment>\#[^\n\r]*)
    |(?P<variable>[?$]\w*)
    |(?P<word>(?:[\w\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])+)
    |(?P<space>[\x20\t\r\n]+)
    |(?P<other>.)
    """,
    re.X | re.S,
)


class Refused(Exception):
    """A query the endpoint does not run; the message says why, in one line."""


def check(query: str, allowed_services: frozenset[str] = frozenset()) -> None:
    """Refuse (Refused) a query nested deeper than MAX_NESTING, with a long run of unary operators,
    or with SERVICE to an endpoint other than `allowed_services` (full IRIs)."""
    if not _plainly_harmless(query):
        _scan(query, allowed_services)


def _scan(query: str, allowed_services: frozenset[str]) -> None:
    """The check, token by token."""
    depth, unary, after_service = 0, 0, None
    for match in TOKENS.finditer(query):
        kind, text = match.lastgroup, match[0]
        if kind == "space":
            continue
        other = kind == "other"
        unary = unary + 1 if other and text in "!+-^" else 0
        if unary > MAX_UNARY:
            raise Refused(f"more than {MAX_UNARY} unary operators in a row")
        if other and text in "{([":
            depth += 1
            if depth > MAX_NESTING:
                raise Refused(f"the query nests brackets deeper than {MAX_NESTING} levels")
        elif other and text in "})]":
            depth -= 1
        if after_service is not None:
            after_service = _service_target(after_service, kind, text, allowed_services)
        elif kind in ("word", "comment") and "service" in text.lower():
            if kind == "word" and ":" in text and "service" not in text.split(":", 1)[0].lower():
                continue  # a prefixed name whose local part says service (ex:serviceType)
            if kind != "word" or text.lower() != "service":
                raise Refused(f"{text[:40]!r} reads as SERVICE, and federated queries are off")
            after_service = "keyword"
    if after_service is not None:
        raise Refused("SERVICE without an endpoint")


def _plainly_harmless(query: str) -> bool:
    """Whether a query passes without a scan: it has too few brackets and unary operators in all
    to break a limit (those in literals and IRIs counted too) and no "service" anywhere."""
    brackets = query.count("{") + query.count("(") + query.count("[")
    unary = query.count("!") + query.count("+") + query.count("-") + query.count("^")
    return brackets <= MAX_NESTING and unary <= MAX_UNARY and "service" not in query.lower()


def _service_target(state: str, kind: str, text: str, allowed: frozenset[str]) -> str | None:
    """The next state after a token that follows SERVICE: SILENT may come once, then the IRI."""
    if state == "keyword" and kind == "word" and text.lower() == "silent":
        return "silent"
    if kind == "iri" and text[1:-1] in allowed:
        return None
    shown = ", ".join(f"<{iri}>" for iri in sorted(allowed))
    if not allowed:
        raise Refused("SERVICE is refused: federated queries are off (serve --allow-service IRI allows one)")
    raise Refused(f"SERVICE {text[:80]} is refused: the endpoint allows SERVICE to {shown} only")
