"""Web addresses as links: the address as the report writes it (kept in the JSON) and its `href`, the
absolute IRI that RDF and links use."""

from __future__ import annotations

import re
from urllib.parse import quote

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`]')  # characters RFC 3987 leaves out of an IRI


def href(url: str) -> str:
    """The absolute IRI of a web address: "https://" before an address without a scheme
    ("www.udi.no/vold"), and the characters an IRI cannot hold percent-encoded."""
    address = url if SCHEME.match(url) else "https://" + url
    return NOT_IN_IRI.sub(lambda found: quote(found.group(), safe=""), address)
