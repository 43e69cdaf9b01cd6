"""Commands on the knowledge graph: build the exports, query with SPARQL, validate with SHACL."""

from __future__ import annotations
