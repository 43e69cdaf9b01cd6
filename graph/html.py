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
import random
from importlib import resources
from pathlib import Path

import networkx as nx

from graph.model import ROLES

# Node categories, in legend order: key, legend label, colour, vis-network shape.
CATEGORIES = (
    ("plan", "Action plan", "#3b3b3b", "star"),
    ("chapter", "Chapter", "#8c8c8c", "hexagon"),
    ("measure", "Measure", "#2f6fb3", "dot"),
    ("ministry", "Ministry", "#c62828", "diamond"),
    ("agency", "Directorate / agency", "#ef8a17", "square"),
    ("knowledge-centre", "Knowledge centre", "#8e44ad", "triangle"),
    ("police", "Police", "#1b2f6b", "triangleDown"),
    ("research", "Research", "#8d5a3b", "triangle"),
    ("ngo", "NGO", "#2e9e44", "dot"),
    ("organisation", "Other organisation", "#b8a31f", "dot"),
    ("report", "Report", "#d6589c", "square"),
    ("plan-document", "Other plan / white paper", "#1aa7b8", "diamond"),
    ("law", "Law / regulation", "#4d4d9e", "hexagon"),
    ("external-measure", "Measure of another plan", "#7fc8d3", "dot"),
    ("amount", "Money", "#d9a400", "star"),
)
ORGANISATION_CATEGORIES = {"ministry", "agency", "knowledge-centre", "police", "research", "ngo"}
LAW_KINDS = {"law", "law-section", "law-decision", "regulation", "convention"}

# Edge kinds (a relation, or involved:ROLE), in legend order: key, legend label, colour, dashed.
EDGE_KINDS = (
    ("involved:responsible", "responsible for", "#c62828", False),
    ("involved:commissions", "commissions", "#8e44ad", False),
    ("involved:executes", "carries out", "#2f6fb3", False),
    ("involved:funds", "funds", "#2e9e44", False),
    ("involved:evaluates", "evaluates", "#ef8a17", False),
    ("involved:partner", "partner in", "#1aa7b8", False),
    ("involved:mentioned", "mentioned in", "#a8a8a8", True),
    ("part_of", "part of (chapter, plan)", "#c8c8c8", False),
    ("sub_measure_of", "sub-measure of", "#7a7a7a", False),
    ("refers_to", "refers to", "#8d5a3b", False),
    ("names", "names (plan, law)", "#4d4d9e", True),
    ("measure_of", "measure of (other plan)", "#7fc8d3", False),
    ("section_of", "section of (law)", "#4d4d9e", False),
    ("reported_in", "reported in", "#d6589c", False),
    ("publishes", "publishes", "#e89cc4", True),
    ("sub_organisation_of", "sub-organisation of", "#5f5f5f", True),
    ("has_amount", "has amount", "#d9a400", False),
    ("funds_amount", "pays amount", "#2e9e44", True),
    ("receives_amount", "amount received by", "#d9a400", True),
)

LAYOUT_SEED = 20180801
LAYOUT_ITERATIONS = 60
LAYOUT_SCALE = 110.0  # pixels per ideal edge length
LAYOUT_GRAVITY = 1.0
LAYOUT_HUB_REPULSION = 0.5
EXACT_LAYOUT_LIMIT = 1500  # nodes; larger graphs (a corpus of reports) get the grid variant
LARGE_LAYOUT_ITERATIONS = 20  # the fewest rounds of a large graph's layout
LABEL_LIMIT = 32
TEMPLATES = "templates"


def category(attrs: dict) -> str:
    """The legend category of a node: its type, split by kind for organisations and documents."""
    kind = attrs.get("kind")
    match attrs["type"]:
        case "organisation":
            return kind if kind in ORGANISATION_CATEGORIES else "organisation"
        case "document":
            return "law" if kind in LAW_KINDS else "plan-document"
        case other:
            return other


def edge_kind(attrs: dict) -> str:
    """The legend kind of an edge: `involved:ROLE` for involvement, else the relation."""
    return f"involved:{attrs['role']}" if attrs["relation"] == "involved" else attrs["relation"]


def layout(
    graph: nx.MultiDiGraph,
    seed: int = LAYOUT_SEED,
    iterations: int = LAYOUT_ITERATIONS,
    gravity: float = LAYOUT_GRAVITY,
    hub_repulsion: float = LAYOUT_HUB_REPULSION,
) -> dict[str, tuple[int, int]]:
    """Positions {node: (x, y)} in whole pixels, by Fruchterman-Reingold with a fixed seed.

    Two additions make the picture even: a gravity towards the centre keeps leaves (reports, sums,
    municipalities) from drifting far out, which would squeeze the core when the view is fitted, and
    nodes with many neighbours repel more (weight 1 + hub_repulsion * sqrt(degree)) so that the
    ministries and busy measures spread apart. Pure Python (networkx's layouts need numpy, which the
    project does not depend on) and deterministic: nodes in sorted order, the start from a seeded
    generator.
    """
    nodes = sorted(graph.nodes)
    count = len(nodes)
    if count == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    degree = [0] * count
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    weight = [1 + hub_repulsion * math.sqrt(d) for d in degree]
    rng = random.Random(seed)
    xs = [rng.random() for _ in range(count)]
    ys = [rng.random() for _ in range(count)]
    k = math.sqrt(1.0 / count)  # the ideal edge length in a unit square
    repel = _repulsion
    if count > EXACT_LAYOUT_LIMIT:  # a corpus: the grid variant, and fewer rounds as it grows
        repel = _repulsion_by_grid
        iterations = max(LARGE_LAYOUT_ITERATIONS, round(iterations * EXACT_LAYOUT_LIMIT / count))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx, dy = repel(xs, ys, weight, k)
        for a, b in pairs:
            ddx, ddy = xs[a] - xs[b], ys[a] - ys[b]
            force = math.sqrt(ddx * ddx + ddy * ddy) / k
            ddx *= force
            ddy *= force
            dx[a] -= ddx
            dy[a] -= ddy
            dx[b] += ddx
            dy[b] += ddy
        cx, cy = sum(xs) / count, sum(ys) / count
        for i in range(count):
            fx = dx[i] - gravity * (xs[i] - cx) / k
            fy = dy[i] - gravity * (ys[i] - cy) / k
            length = math.sqrt(fx * fx + fy * fy)
            if length > 0:
                step = min(length, temperature) / length
                xs[i] += fx * step
                ys[i] += fy * step
        temperature -= cooling
    cx, cy = sum(xs) / count, sum(ys) / count
    scale = LAYOUT_SCALE / k
    return {node: (round((xs[i] - cx) * scale), round((ys[i] - cy) * scale)) for i, node in enumerate(nodes)}


def _repulsion(xs: list[float], ys: list[float], weight: list[float], k: float):
    """The repulsive displacement of every node from every other node, each pair once."""
    count = len(xs)
    k2 = k * k
    dx = [0.0] * count
    dy = [0.0] * count
    for i in range(count):
        xi, yi, wi = xs[i], ys[i], weight[i] * k2
        fx = fy = 0.0
        j = i + 1
        for xj, yj, wj in zip(xs[j:], ys[j:], weight[j:], strict=True):
            ddx, ddy = xi - xj, yi - yj
            d2 = ddx * ddx + ddy * ddy
            force = wi * wj / (d2 if d2 > 1e-9 else 1e-9)
            ddx *= force
            ddy *= force
            fx += ddx
            fy += ddy
            dx[j] -= ddx
            dy[j] -= ddy
            j += 1
        dx[i] += fx
        dy[i] += fy
    return dx, dy


def _repulsion_by_grid(xs: list[float], ys: list[float], weight: list[float], k: float):
    """The grid variant of Fruchterman and Reingold for large graphs: only nodes closer than 2k
    repel, found through a grid of cells 2k wide, so that an iteration takes linear time."""
    size = 2 * k
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        cells.setdefault((math.floor(x / size), math.floor(y / size)), []).append(i)
    limit, k2 = size * size, k * k
    dx = [0.0] * len(xs)
    dy = [0.0] * len(xs)
    for (cx, cy), members in cells.items():
        near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in cells.get((cx + ox, cy + oy), ())]
        for i in members:
            xi, yi, wi = xs[i], ys[i], weight[i] * k2
            fx = fy = 0.0
            for j in near:
                ddx, ddy = xi - xs[j], yi - ys[j]
                d2 = ddx * ddx + ddy * ddy
                if j != i and d2 < limit:
                    force = wi * weight[j] / (d2 if d2 > 1e-9 else 1e-9)
                    fx += ddx * force
                    fy += ddy * force
            dx[i] = fx
            dy[i] = fy
    return dx, dy


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

    styles = {key: (colour, shape) for key, _, colour, shape in CATEGORIES}
    edge_styles = {key: (colour, dashed) for key, _, colour, dashed in EDGE_KINDS}
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
        "categories": [
            {"key": key, "label": label, "colour": colour, "shape": shape}
            for key, label, colour, shape in CATEGORIES
        ],
        "edgeKinds": [
            {"key": key, "label": label, "colour": colour, "dashed": dashed}
            for key, label, colour, dashed in EDGE_KINDS
        ],
        "roles": list(ROLES),
        "chapters": chapters,
        "plans": plans,
    }


def _plan_title(attrs: dict) -> str:
    start, end = attrs.get("period_start"), attrs.get("period_end")
    return f"{attrs['title']} ({start}-{end})" if start and end else attrs["title"]


def _kind_label(kind: str) -> str:
    return next((label for key, label, _, _ in EDGE_KINDS if key == kind), kind)


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
    return (resources.files("graph") / TEMPLATES / name).read_text(encoding="utf-8")


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
