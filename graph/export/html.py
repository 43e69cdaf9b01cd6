"""The interactive HTML explorer: one self-contained page of the knowledge graph, drawn by vis-network.

`explorer_html(graph)` returns the whole document. The nodes and edges (with labels, sizes and the
positions of graph.export.layout), the graph's attributes and evidence, and the vocabulary in bokmål
and English go into the page as JSON in a `<script type="application/json">` block with `<`, `>` and
`&` escaped; the page's script (graph/templates/explorer.*.js) inserts document text only as text.
vis-network's JavaScript and CSS are read from the files of the installed pyvis package (found
through its distribution's file list, without importing pyvis) and inlined, so that the page works
offline and makes no request at all. The same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from pathlib import Path

import networkx as nx

from graph.export import labels
from graph.export.layout import layout_cached
from graph.resources import read_text
from graph.vocabulary import (
    DOCUMENT_GROUPS,
    DOCUMENT_KIND,
    NODE_TYPE,
    NODE_TYPES,
    ORG_KINDS,
    RELATIONS,
    ROLES,
    STATUSES,
)

TEMPLATES = "templates"
SCRIPTS = ("core", "details", "search", "filters", "arrange", "views", "state", "exports", "edges", "main")
FILE, MEDIA_TYPE = "graph.html", "text/html"
LANGUAGES = ("en", "nb")
# Dash patterns of edges, so that a role is told by its line as well as its colour.
ROLE_DASHES = {
    "responsible": False,
    "commissions": [12, 4],
    "executes": False,
    "funds": [3, 4],
    "evaluates": [12, 3, 3, 3],
    "partner": [7, 7],
    "mentioned": [1, 5],
}
HIDDEN_BY_DEFAULT = ("involved:mentioned",)


def _term(term, **extra) -> dict:
    return {"key": term.key, "en": term.en, "nb": term.nb, "colour": term.colour, **extra}


# Node categories, in legend order: node types, organisations by kind, documents by group.
CATEGORIES = (
    *(_term(NODE_TYPE[key], shape=NODE_TYPE[key].shape) for key in ("plan", "chapter", "measure")),
    *(_term(kind, shape=kind.shape) for kind in ORG_KINDS),
    _term(NODE_TYPE["report"], shape=NODE_TYPE["report"].shape),
    *(_term(group, shape=group.shape) for group in DOCUMENT_GROUPS),
    *(_term(NODE_TYPE[key], shape=NODE_TYPE[key].shape) for key in ("external-measure", "amount")),
)
# Edge kinds (a relation, or involved:ROLE), in legend order.
EDGE_KINDS = (
    *(_term(role, key=f"involved:{role.key}", dashes=ROLE_DASHES[role.key]) for role in ROLES),
    *(_term(rel, dashes=[6, 5] if rel.dashed else False) for rel in RELATIONS),
)


def render(contents) -> bytes:
    return explorer_html(contents.network).encode()


def category(attrs: dict) -> str:
    """The legend category of a node: its type, organisations by kind, documents by group."""
    match attrs.get("type"):
        case "organisation":
            return attrs.get("kind") or "unknown"
        case "document":
            kind = DOCUMENT_KIND.get(attrs.get("kind"))
            return kind.group if kind else "plan-document"
        case other:
            return other


def edge_kind(attrs: dict) -> str:
    """The legend kind of an edge: `involved:ROLE` for involvement, else the relation."""
    return (
        f"involved:{attrs.get('role')}" if attrs.get("relation") == "involved" else str(attrs.get("relation"))
    )


def _jsonable(value):
    """Node attributes as JSON values (sets and tuples as sorted or plain lists)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@cache
def _aliases() -> dict[str, list[str]]:
    """Other names of organisations and documents from the gazetteers, by node id, for search."""
    from graph.gazetteer import load_documents, load_organisations

    found = {f"org:{o.id}": list(o.aliases) for o in load_organisations().values() if o.aliases}
    found.update({f"document:{d.id}": list(d.aliases) for d in load_documents().values() if d.aliases})
    return found


def statuses(attrs: dict) -> list[dict]:
    """A measure's statuses as [{report, date, value, label}], oldest first: the node's `status`
    (a list of a report's statements, one statement, or a bare value) where the graph has one."""
    value = attrs.get("status")
    items = value if isinstance(value, list) else [value] if value else []
    found = []
    for item in items:
        entry = item if isinstance(item, dict) else {"value": item}
        if not entry.get("value"):
            continue
        found.append(
            {
                key: _jsonable(entry.get(key))
                for key in ("report", "date", "value", "label", "line")
                if entry.get(key)
            }
        )
    return sorted(found, key=lambda s: (str(s.get("date") or ""), str(s.get("report") or "")))


def _evidence(items) -> list[dict]:
    return [
        {key: item[key] for key in ("line", "page", "text") if item.get(key) is not None}
        for item in items or []
        if isinstance(item, dict)
    ]


def explorer_data(graph: nx.MultiDiGraph) -> dict:
    """Everything the page needs: nodes with labels and positions, edges with evidence, the
    vocabulary in both languages, and the choices of the filters."""
    neighbours = {node: set(graph.predecessors(node)) | set(graph.successors(node)) for node in graph}
    drawn, boxes = {}, {}
    for node, attrs in graph.nodes(data=True):
        degree = len(neighbours[node] - {node})
        text, size, font = (
            labels.label(attrs),
            labels.node_size(attrs, degree),
            labels.font_size(attrs, degree),
        )
        drawn[node] = (degree, text, size, font)
        boxes[node] = labels.footprint(text, size, font)
    positions = layout_cached(graph, boxes)
    aliases = _aliases()
    nodes = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        degree, text, size, font = drawn[node]
        info = {key: _jsonable(value) for key, value in sorted(attrs.items())}
        if node in aliases and "aliases" not in info:
            info["aliases"] = aliases[node]
        if attrs.get("type") == "measure":
            info["status"] = statuses(attrs)
        x, y = positions[node]
        item = {"id": node, "category": category(attrs), "degree": degree, "label": text, "x": x, "y": y}
        nodes.append({**item, "size": size, "font": font, "attrs": info})
    edges = []
    for number, (source, target, key, attrs) in enumerate(sorted(graph.edges(keys=True, data=True))):
        edges.append(
            {
                "id": f"e{number}",
                "from": source,
                "to": target,
                "key": key,
                "kind": edge_kind(attrs),
                "evidence": _evidence(attrs.get("evidence")),
            }
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "categories": list(CATEGORIES),
        "edgeKinds": list(EDGE_KINDS),
        "hiddenKinds": list(HIDDEN_BY_DEFAULT),
        "roles": [_term(role) for role in ROLES],
        "statuses": [_term(status) for status in STATUSES],
        "types": [_term(term) for term in NODE_TYPES],
        "kinds": {kind.key: {"en": kind.en, "nb": kind.nb} for kind in (*ORG_KINDS, *DOCUMENT_KIND.values())},
        "chapters": _chapters(graph),
        "plans": _plans(graph),
        "reports": _reports(graph, nodes),
        "font": labels.FONT_FACE,
        "i18n": json.loads(read_text(TEMPLATES, "explorer.i18n.json")),
    }


def _chapters(graph: nx.MultiDiGraph) -> list[dict]:
    return sorted(
        (
            {"number": a.get("number"), "title": a.get("title", ""), "id": node, "plan": a.get("plan")}
            for node, a in graph.nodes(data=True)
            if a.get("type") == "chapter"
        ),
        key=lambda item: (str(item["plan"]), str(item["number"]).zfill(6), item["id"]),
    )


def _plan_title(attrs: dict) -> str:
    start, end = attrs.get("period_start"), attrs.get("period_end")
    title = attrs.get("title") or attrs.get("label") or attrs.get("plan") or ""
    return f"{title} ({start}-{end})" if start and end else title


def _plans(graph: nx.MultiDiGraph) -> list[dict]:
    """With several plans, the chapter filter groups chapters by plan."""
    return [
        {"id": node, "plan": a.get("plan"), "title": _plan_title(a)}
        for node, a in sorted(graph.nodes(data=True))
        if a.get("type") == "plan"
    ]


def _reports(graph: nx.MultiDiGraph, nodes: list[dict]) -> list[dict]:
    """The status reports the graph holds: each plan's own, and those its measures' statuses name,
    as [{key, plan, date, year}] by date."""
    found = {}
    for node, a in graph.nodes(data=True):
        if a.get("type") == "plan" and a.get("source"):
            found[a["source"]] = {"key": a["source"], "plan": node, "date": str(a.get("report_date") or "")}
    for node in nodes:
        for status in node["attrs"].get("status") or []:
            report = status.get("report")
            if report and report not in found:
                plan = f"plan:{node['attrs'].get('plan')}"
                found[report] = {"key": report, "plan": plan, "date": str(status.get("date") or "")}
    for item in found.values():
        item["year"] = item["date"][:4]
    return sorted(found.values(), key=lambda item: (item["date"], item["key"]))


def script_json(data) -> str:
    """JSON for a <script type="application/json"> block: sorted keys, and `<`, `>` and `&` escaped
    as \\u003c, \\u003e and \\u0026 so that no text can close the block or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _vis_file(name: str) -> str:
    """A file of the vis-network that the installed pyvis ships (9.1.2 with pyvis 0.3.2), found in
    the distribution's list of files, so that pyvis itself is never imported."""
    distribution = metadata.distribution("pyvis")
    files = sorted(
        (str(item), item)
        for item in distribution.files or ()
        if item.name == name
        and item.parts[:2] == ("pyvis", "templates")
        and item.parent.name.startswith("vis-")
    )
    if not files:
        raise FileNotFoundError(f"pyvis {distribution.version} ships no {name}")
    return Path(distribution.locate_file(files[-1][1])).read_text(encoding="utf-8")


def _inline_safe(text: str, tag: str) -> str:
    """Code that cannot end its own <script> or <style> element early."""
    return text.replace(f"</{tag}", f"<\\/{tag}").replace(f"</{tag.upper()}", f"<\\/{tag.upper()}")


def _asset(name: str) -> str:
    return read_text(TEMPLATES, name)


def explorer_script() -> str:
    """The page's script: the parts of graph/templates/explorer.*.js in one function scope."""
    parts = [_asset(f"explorer.{part}.js") for part in SCRIPTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"


def explorer_html(graph: nx.MultiDiGraph, title: str = "tiltaksgraf") -> str:
    """The complete, self-contained HTML document of the explorer of `graph`."""
    from jinja2 import Environment, FunctionLoader
    from markupsafe import Markup

    environment = Environment(loader=FunctionLoader(_asset), autoescape=True, keep_trailing_newline=True)
    data = explorer_data(graph)
    return environment.get_template("explorer.html").render(
        title=title,
        node_count=graph.number_of_nodes(),
        edge_count=graph.number_of_edges(),
        vis_js=Markup(_inline_safe(_vis_file("vis-network.min.js"), "script")),
        vis_css=Markup(_inline_safe(_vis_file("vis-network.css"), "style")),
        explorer_js=Markup(_inline_safe(explorer_script(), "script")),
        explorer_css=Markup(_inline_safe(_asset("explorer.css"), "style")),
        data=Markup(script_json(data)),
    )


def write_explorer(graph: nx.MultiDiGraph, path: Path, title: str = "tiltaksgraf") -> int:
    """Write the explorer of `graph` to `path` atomically; the number of bytes written."""
    from graph.files import write_atomic

    content = explorer_html(graph, title).encode("utf-8")
    write_atomic(Path(path), content)
    return len(content)
