"""The interactive HTML explorer: one self-contained page of the knowledge graph, made with vis-network.

`explorer_html(graph)` returns the whole document. pyvis builds the vis-network nodes, edges and
options; the page is rendered with our own Jinja2 template (`graph/templates/explorer.html`), with
vis-network's JavaScript and CSS read from the installed pyvis package and inlined, so that the file
works offline and makes no request at all (pyvis's own `in_line` mode still loads Bootstrap from a
CDN, and its `local` mode writes a `lib/` folder).

The graph's data goes into the page as JSON in a `<script type="application/json">` block with `<`,
`>` and `&` escaped, and the page's script inserts document text only as text nodes. Positions are
computed here by a force-directed layout with a fixed seed and physics is off in the browser, so the
page is interactive at once; the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx

from graph.export.layout import layout
from graph.resources import read_text
from graph.vocabulary import DOCUMENT_GROUPS, DOCUMENT_KIND, NODE_TYPE, ORG_KINDS, RELATIONS, ROLE_KEYS, ROLES

LABEL_LIMIT = 32
TEMPLATES = "templates"
FILE, MEDIA_TYPE = "graph.html", "text/html"


def _style(term) -> dict:
    return {"key": term.key, "label": term.en, "colour": term.colour, "shape": term.shape}


# Node categories, in legend order: node types, organisations by kind, documents by group.
CATEGORIES = (
    *(_style(NODE_TYPE[key]) for key in ("plan", "chapter", "measure")),
    *(_style(kind) for kind in ORG_KINDS),
    _style(NODE_TYPE["report"]),
    *(_style(group) for group in DOCUMENT_GROUPS),
    *(_style(NODE_TYPE[key]) for key in ("external-measure", "amount")),
)
# Edge kinds (a relation, or involved:ROLE), in legend order.
EDGE_KINDS = (
    *(
        {"key": f"involved:{role.key}", "label": role.en, "colour": role.colour,
         "dashed": role.key == "mentioned"}
        for role in ROLES
    ),
    *({"key": rel.key, "label": rel.en, "colour": rel.colour, "dashed": rel.dashed} for rel in RELATIONS),
)  # fmt: skip


def render(contents) -> bytes:
    return explorer_html(contents.network).encode()


def category(attrs: dict) -> str:
    """The legend category of a node: its type, organisations by kind, documents by group."""
    match attrs["type"]:
        case "organisation":
            return attrs["kind"]
        case "document":
            return DOCUMENT_KIND[attrs["kind"]].group
        case other:
            return other


def edge_kind(attrs: dict) -> str:
    """The legend kind of an edge: `involved:ROLE` for involvement, else the relation."""
    return f"involved:{attrs['role']}" if attrs["relation"] == "involved" else attrs["relation"]


def _short(text: str, limit: int = LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _jsonable(value):
    """Node attributes as JSON values (sets and tuples as sorted or plain lists)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def explorer_data(graph: nx.MultiDiGraph) -> dict:
    """Everything the page needs: vis-network nodes, edges and options (made with pyvis), and the
    graph's attributes and evidence for search, filters and the details panel."""
    from pyvis.network import Network

    styles = {item["key"]: (item["colour"], item["shape"]) for item in CATEGORIES}
    edge_styles = {item["key"]: (item["colour"], item["dashed"]) for item in EDGE_KINDS}
    positions = layout(graph)
    neighbours = {node: set(graph.predecessors(node)) | set(graph.successors(node)) for node in graph}
    network = Network(directed=True, height="100%", width="100%")
    nodes = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        cat = category(attrs)
        colour, shape = styles[cat]
        degree = len(neighbours[node] - {node})
        x, y = positions[node]
        network.add_node(
            node,
            label=_short(str(attrs.get("label") or node)),
            shape=shape,
            color={
                "background": colour,
                "border": colour,
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            size=round(9 + 3.2 * math.sqrt(degree), 1),
            font={"size": round(13 + 1.6 * math.sqrt(degree), 1)},
            title=str(attrs.get("title") or attrs.get("label") or node),
            x=x,
            y=y,
        )
        info = {key: _jsonable(value) for key, value in sorted(attrs.items())}
        nodes.append({"id": node, "category": cat, "degree": degree, "attrs": info})
    edges = []
    siblings: dict[tuple[str, str], int] = {}
    for number, (source, target, key, attrs) in enumerate(sorted(graph.edges(keys=True, data=True))):
        kind = edge_kind(attrs)
        colour, dashed = edge_styles.get(kind, ("#999999", False))
        pair = (min(source, target), max(source, target))
        rank = siblings.get(pair, 0)
        siblings[pair] = rank + 1
        edge_id = f"e{number}"
        options = {
            "id": edge_id,
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.85},
            "dashes": dashed,
            "width": 2 if kind.startswith("involved:") and kind != "involved:mentioned" else 1,
            "title": f"{graph.nodes[source].get('label')} — {_kind_label(kind)} — {graph.nodes[target].get('label')}",
        }
        if rank:
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.18 * rank, 2)}
        network.add_edge(source, target, **options)
        evidence = [{"line": item["line"], "text": item["text"]} for item in attrs.get("evidence", [])]
        edges.append(
            {"id": edge_id, "from": source, "to": target, "key": key, "kind": kind, "evidence": evidence}
        )
    network.set_options(json.dumps(VIS_OPTIONS))
    chapters = sorted(
        (
            {"number": attrs["number"], "title": attrs.get("title", ""), "id": node, "plan": attrs["plan"]}
            for node, attrs in graph.nodes(data=True)
            if attrs["type"] == "chapter"
        ),
        key=lambda item: (item["plan"], item["number"], item["id"]),
    )
    plans = [  # with several plans, the chapter list is grouped by plan, each plan a choice too
        {"id": node, "plan": attrs["plan"], "title": _plan_title(attrs)}
        for node, attrs in sorted(graph.nodes(data=True))
        if attrs["type"] == "plan"
    ]
    return {
        "vis": {"nodes": network.nodes, "edges": network.edges, "options": network.options},
        "nodes": nodes,
        "edges": edges,
        "categories": list(CATEGORIES),
        "edgeKinds": list(EDGE_KINDS),
        "roles": list(ROLE_KEYS),
        "chapters": chapters,
        "plans": plans,
    }


def _plan_title(attrs: dict) -> str:
    start, end = attrs.get("period_start"), attrs.get("period_end")
    return f"{attrs['title']} ({start}-{end})" if start and end else attrs["title"]


def _kind_label(kind: str) -> str:
    return next((item["label"] for item in EDGE_KINDS if item["key"] == kind), kind)


VIS_OPTIONS = {
    "autoResize": True,
    "layout": {"improvedLayout": False, "randomSeed": 0},
    "physics": {"enabled": False},
    "interaction": {
        "hover": True,
        "tooltipDelay": 250,
        "hideEdgesOnDrag": False,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
    },
    "nodes": {
        "borderWidth": 1,
        "borderWidthSelected": 4,
        "font": {"face": "sans-serif", "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
        "smooth": False,
        "selectionWidth": 2,
        "hoverWidth": 1,
    },
}


def script_json(data) -> str:
    """JSON for a <script type="application/json"> block: sorted keys, and `<`, `>` and `&` escaped
    as \\u003c, \\u003e and \\u0026 so that no text can close the block or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the installed pyvis package."""
    import pyvis

    folders = sorted((Path(pyvis.__file__).resolve().parent / "templates" / "lib").glob("vis-*"))
    folder = folders[-1]  # the vis-network that pyvis ships (9.1.2 with pyvis 0.3.2)
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    return _inline_safe(script, "script"), _inline_safe(style, "style")


def _inline_safe(text: str, tag: str) -> str:
    """Code that cannot end its own <script> or <style> element early."""
    return text.replace(f"</{tag}", f"<\\/{tag}").replace(f"</{tag.upper()}", f"<\\/{tag.upper()}")


def _asset(name: str) -> str:
    return read_text(TEMPLATES, name)


def explorer_html(graph: nx.MultiDiGraph, title: str = "tiltaksgraf") -> str:
    """The complete, self-contained HTML document of the explorer of `graph`."""
    from jinja2 import Environment, FunctionLoader
    from markupsafe import Markup

    environment = Environment(loader=FunctionLoader(_asset), autoescape=True, keep_trailing_newline=True)
    vis_js, vis_css = _vis_assets()
    data = explorer_data(graph)
    return environment.get_template("explorer.html").render(
        title=title,
        node_count=graph.number_of_nodes(),
        edge_count=graph.number_of_edges(),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        explorer_js=Markup(_inline_safe(_asset("explorer.js"), "script")),
        explorer_css=Markup(_inline_safe(_asset("explorer.css"), "style")),
        data=Markup(script_json(data)),
    )


def write_explorer(graph: nx.MultiDiGraph, path: Path, title: str = "tiltaksgraf") -> int:
    """Write the explorer of `graph` to `path` atomically; the number of bytes written."""
    from graph.files import write_atomic

    content = explorer_html(graph, title).encode("utf-8")
    write_atomic(Path(path), content)
    return len(content)
