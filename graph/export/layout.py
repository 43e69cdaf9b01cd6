"""Positions of the explorer's nodes: a structured layout, computed when the page is written.

The measures of each chapter form a cluster: a grid in document order with the chapter's node above
it and, around it, the nodes linked to that chapter's measures only (a body that works in that
chapter alone, a report or a sum of money of one measure). The clusters stand around a middle kept
free for the plan and the ministries, who sit apart at the centre, and for the bodies that work
across chapters, each as near as it can to the weighted centre of the measures it works on. Every
node goes to the free place nearest to where it is wanted, so that no two boxes (a node's shape
with its label, graph.export.labels) overlap; numpy checks the candidate places against the boxes
placed so far.

Deterministic: nodes in sorted order, no randomness. Layouts are cached by the graph's content
(`layout_cached`), in memory and in the cache folder of graph.cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from pathlib import Path

import networkx as nx
import numpy as np

Box = tuple[float, float, float, float]  # left, top, right, bottom, relative to the node's centre

DENSITY = 0.6  # the share of the middle's area that its boxes are expected to cover
GAP = 24.0  # pixels between clusters
ROLE_WEIGHT = {"responsible": 1.0, "mentioned": 0.3}  # other roles weigh 3
SPIRAL = 70  # rings of candidate places searched around a node's wanted place, before farther out


def layout(graph: nx.MultiDiGraph, boxes: dict[str, Box]) -> dict[str, tuple[int, int]]:
    """Positions {node: (x, y)} in whole pixels such that no two nodes' boxes overlap."""
    if not graph:
        return {}
    weights = _weights(graph)
    clusters = _clusters(graph)
    hub = sorted(n for n, a in graph.nodes(data=True) if a.get("type") == "plan" or _is_ministry(a))
    hub.sort(key=lambda n: (graph.nodes[n].get("type") != "plan", -len(weights[n]), n))
    home: dict[str, set] = {}
    for key, members in clusters.items():
        for member in members:
            for node in weights[member]:
                home.setdefault(node, set()).add(key)
    cluster_of = {m: key for key, members in clusters.items() for m in members}
    own = {key: [] for key in clusters}
    for node in sorted(home, key=lambda n: (-sum(weights[n].values()), n)):
        chapter = graph.nodes[node].get("type") == "chapter"  # placed with its cluster's grid
        if node not in cluster_of and node not in hub and len(home[node]) == 1 and not chapter:
            own[next(iter(home[node]))].append(node)
    local = {key: _cluster(graph, members, own[key], boxes, weights) for key, members in clusters.items()}
    shared = [n for n in graph if n not in hub and n not in cluster_of and len(home.get(n, ())) > 1]
    middle = math.sqrt(sum(_area(n, boxes) for n in [*hub, *shared]) / DENSITY / math.pi)
    placer = _Placer(len(graph))
    for key, offset in _around(local, boxes, middle).items():
        for node, (x, y) in local[key].items():
            placer.place(node, boxes[node], (x + offset[0], y + offset[1]))
    placed = placer.positions
    for node in hub:  # the middle: plans, then ministries towards their measures
        bx, by = _centre_of(weights[node], placed) or (0.0, 0.0)
        norm = math.hypot(bx, by) or 1.0
        reach = min(norm, middle * 0.25)
        placer.place(node, boxes[node], (bx / norm * reach, by / norm * reach))
    pending = sorted((n for n in graph if n not in placed), key=lambda n: (-sum(weights[n].values()), n))
    while pending:
        later = []
        for node in pending:
            centre = _centre_of(weights[node], placed)
            if centre is None:
                later.append(node)
            else:
                placer.place(node, boxes[node], centre)
        if len(later) == len(pending):  # linked to nothing placed: below everything
            bottom = max(y for _, y in placed.values()) + 2 * GAP
            for node in later:
                placer.place(node, boxes[node], (0.0, bottom))
            break
        pending = later
    xs = [x for x, _ in placed.values()]
    ys = [y for _, y in placed.values()]
    ox, oy = round((min(xs) + max(xs)) / 2), round((min(ys) + max(ys)) / 2)
    return {node: (round(x - ox), round(y - oy)) for node, (x, y) in sorted(placed.items())}


def _cluster(graph, members: list[str], own: list[str], boxes: dict[str, Box], weights) -> dict:
    """A cluster laid out on its own around (0, 0): the grid of measures, the chapter's node above
    it, and the nodes linked to these measures only around it."""
    placer = _Placer(len(members) + len(own) + 1)
    for node, point in _grid(members, boxes).items():
        placer.place(node, boxes[node], point)
    top = min(y + boxes[n][1] for n, (x, y) in placer.positions.items())
    for node in _chapter_nodes(graph, graph.nodes[members[0]]):
        placer.place(node, boxes[node], (0.0, top - boxes[node][3] - GAP / 2))
    pending = list(own)
    while pending:  # a node linked through another of these nodes waits for it
        later = [n for n in pending if _centre_of(weights[n], placer.positions) is None]
        for node in pending:
            if node not in later:
                placer.place(node, boxes[node], _centre_of(weights[node], placer.positions))
        if len(later) == len(pending):
            for node in later:
                placer.place(node, boxes[node], (0.0, 0.0))
            break
        pending = later
    return placer.positions


def _around(local: dict, boxes: dict[str, Box], middle: float) -> dict:
    """Offsets of the clusters: around the middle, in the order of plans and chapters, each at the
    free place nearest to its place on a ring."""
    extents = {}
    for key, positions in local.items():
        extents[key] = _extent(positions, boxes, GAP / 2)
    placer = _Placer(len(local) + 1)
    if len(local) > 1:
        half = middle * math.sqrt(math.pi) / 2  # a square of the middle's area
        placer.place("", (-half, -half, half, half), (0.0, 0.0))
    sizes = {key: math.hypot(e[2] - e[0], e[3] - e[1]) / 2 for key, e in extents.items()}
    around = sum(2 * size for size in sizes.values())
    angle, offsets = -math.pi / 2, {}
    for key, extent in extents.items():
        share = 2 * sizes[key] / around * 2 * math.pi
        reach = (middle + sizes[key] / 2) if len(local) > 1 else 0.0
        wanted = (reach * math.cos(angle + share / 2), reach * math.sin(angle + share / 2))
        placer.place(key, extent, wanted)
        offsets[key] = placer.positions[key]
        angle += share
    return offsets


def _extent(positions: dict, boxes: dict[str, Box], margin: float) -> Box:
    """The box around the boxes of the nodes at `positions`, with a margin."""
    return (
        min(x + boxes[n][0] for n, (x, y) in positions.items()) - margin,
        min(y + boxes[n][1] for n, (x, y) in positions.items()) - margin,
        max(x + boxes[n][2] for n, (x, y) in positions.items()) + margin,
        max(y + boxes[n][3] for n, (x, y) in positions.items()) + margin,
    )


def _is_ministry(attrs: dict) -> bool:
    return attrs.get("type") == "organisation" and attrs.get("kind") == "ministry"


def _weights(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """{node: {neighbour: weight}}: involvement by role, other relations 1."""
    weights: dict[str, dict[str, float]] = {node: {} for node in graph}
    for source, target, attrs in graph.edges(data=True):
        if source == target:
            continue
        weight = ROLE_WEIGHT.get(attrs.get("role"), 3.0) if attrs.get("relation") == "involved" else 1.0
        for a, b in ((source, target), (target, source)):
            weights[a][b] = weights[a].get(b, 0.0) + weight
    return weights


def _measure_order(attrs: dict, node: str) -> tuple:
    """Document order: 2 before 11, 18 before 18a before 18b."""
    text = str(attrs.get("measure") or "")
    digits = len(text) - len(text.lstrip("0123456789"))
    return (int(text[:digits]) if digits else math.inf, text[digits:], node)


def _clusters(graph: nx.MultiDiGraph) -> dict[tuple, list[str]]:
    """{(plan, chapter): measures in document order}, in the order of plans and chapters."""
    clusters: dict[tuple, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("type") == "measure":
            chapter = attrs.get("chapter")
            key = (
                str(attrs.get("plan") or ""),
                (0, chapter) if isinstance(chapter, int) else (1, str(chapter)),
            )
            clusters.setdefault(key, []).append(node)
    for members in clusters.values():
        members.sort(key=lambda node: _measure_order(graph.nodes[node], node))
    return dict(sorted(clusters.items()))


def _chapter_nodes(graph: nx.MultiDiGraph, measure: dict) -> list[str]:
    """The chapter of a measure's attributes."""
    return sorted(
        node
        for node, attrs in graph.nodes(data=True)
        if attrs.get("type") == "chapter"
        and attrs.get("plan") == measure.get("plan")
        and attrs.get("number") == measure.get("chapter")
    )


def _area(node: str, boxes: dict[str, Box]) -> float:
    left, top, right, bottom = boxes[node]
    return (right - left) * (bottom - top)


def _grid_shape(members: list[str], boxes: dict[str, Box]) -> tuple[int, int, float, float]:
    """Columns, rows and the steps between them of a cluster's grid of measures: about square."""
    step_x = max(boxes[m][2] - boxes[m][0] for m in members) * 1.05
    step_y = max(boxes[m][3] - boxes[m][1] for m in members) * 1.25
    columns = max(1, min(len(members), round(math.sqrt(len(members) * step_y / step_x))))
    return columns, math.ceil(len(members) / columns), step_x, step_y


def _grid(members: list[str], boxes: dict[str, Box]) -> dict:
    """The measures of a cluster in rows, in document order, around (0, 0)."""
    columns, rows, step_x, step_y = _grid_shape(members, boxes)
    points = {}
    for index, node in enumerate(members):
        row, column = divmod(index, columns)
        points[node] = (
            (column - (columns - 1) / 2) * step_x,
            (row - (rows - 1) / 2) * step_y - boxes[node][1] / 2 - boxes[node][3] / 2,
        )
    return points


def _centre_of(neighbours: dict[str, float], placed: dict[str, tuple[float, float]]):
    """The weighted centre of the placed neighbours, or None when none is placed."""
    known = [(placed[n], w) for n, w in sorted(neighbours.items()) if n in placed]
    if not known:
        return None
    total = sum(w for _, w in known)
    return (sum(p[0] * w for p, w in known) / total, sum(p[1] * w for p, w in known) / total)


class _Placer:
    """Boxes placed one by one, each at the free place nearest to where it is wanted."""

    def __init__(self, capacity: int):
        self.rects = np.zeros((capacity, 4))
        self.count = 0
        self.positions: dict[str, tuple[float, float]] = {}
        span = np.arange(-SPIRAL, SPIRAL + 1)
        grid = np.array(np.meshgrid(span, span)).reshape(2, -1).T
        order = np.lexsort((grid[:, 1], grid[:, 0], np.hypot(grid[:, 0], grid[:, 1])))
        self.offsets = grid[order].astype(float)  # nearest first, ties in a fixed order

    def place(self, node: str, box: Box, wanted) -> None:
        left, top, right, bottom = box
        x, y = self._free(box, wanted)
        self.rects[self.count] = (x + left, y + top, x + right, y + bottom)
        self.count += 1
        self.positions[node] = (float(x), float(y))

    def _free(self, box: Box, wanted) -> tuple[float, float]:
        left, top, right, bottom = box
        step = max(6.0, min(right - left, bottom - top) / 3)
        scale = 1.0
        while True:
            points = np.round(np.asarray(wanted) + self.offsets * step * scale)
            placed = self.rects[: self.count]
            reach = (SPIRAL + 1) * step * scale + (right - left) + (bottom - top)
            near = placed[
                (placed[:, 2] > wanted[0] - reach)
                & (placed[:, 0] < wanted[0] + reach)
                & (placed[:, 3] > wanted[1] - reach)
                & (placed[:, 1] < wanted[1] + reach)
            ]
            for start in range(0, len(points), 512):
                chunk = points[start : start + 512]
                if not len(near):
                    return tuple(chunk[0])
                hit = (  # boxes that touch count as overlapping: no rounding can make them overlap
                    (chunk[:, None, 0] + left <= near[None, :, 2])
                    & (chunk[:, None, 0] + right >= near[None, :, 0])
                    & (chunk[:, None, 1] + top <= near[None, :, 3])
                    & (chunk[:, None, 1] + bottom >= near[None, :, 1])
                ).any(axis=1)
                free = np.flatnonzero(~hit)
                if len(free):
                    return tuple(chunk[free[0]])
            scale *= 3  # nothing free nearby: search farther out with a coarser step


# ---------- the cache ----------

_MEMORY: dict[str, dict[str, tuple[int, int]]] = {}


def _digest(graph: nx.MultiDiGraph, boxes: dict[str, Box]) -> str:
    """A digest of all the layout depends on: the nodes' kinds, chapters and boxes, the edges, the code."""
    digest = hashlib.sha256()
    for module in ("layout.py", "labels.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    keys = ("type", "kind", "plan", "chapter", "number", "measure")
    nodes = [
        [n, [str(graph.nodes[n].get(k)) for k in keys], [round(v, 2) for v in boxes[n]]]
        for n in sorted(graph)
    ]
    edges = sorted([s, t, str(a.get("relation")), str(a.get("role"))] for s, t, a in graph.edges(data=True))
    digest.update(json.dumps([nodes, edges], ensure_ascii=False).encode())
    return digest.hexdigest()[:32]


def layout_cached(graph: nx.MultiDiGraph, boxes: dict[str, Box]) -> dict[str, tuple[int, int]]:
    """`layout(graph, boxes)`, from memory or the cache folder when the same graph was laid out before."""
    from graph.cache import cache_dir
    from graph.errors import TiltaksgrafError
    from graph.files import write_atomic

    key = _digest(graph, boxes)
    if key in _MEMORY:
        return dict(_MEMORY[key])
    path = cache_dir() / f"{key}-layout.json"
    positions = _read(path, graph)
    if positions is None:
        positions = layout(graph, boxes)
        with contextlib.suppress(OSError, TiltaksgrafError):  # a read-only home: no cache
            write_atomic(path, json.dumps(positions, sort_keys=True, separators=(",", ":")))
    _MEMORY[key] = positions
    return dict(positions)


def _read(path: Path, graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]] | None:
    """The positions of a cache entry, if it holds whole-pixel positions of exactly the graph's nodes."""
    try:
        entry = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if type(entry) is not dict or set(entry) != set(graph):
        return None
    if not all(type(p) is list and len(p) == 2 and all(type(v) is int for v in p) for p in entry.values()):
        return None
    return {node: (x, y) for node, (x, y) in sorted(entry.items())}
