"""Positions of the explorer's nodes: a seeded force-directed layout (Fruchterman-Reingold), in pure
Python, deterministic across machines."""

from __future__ import annotations

import math
import random

import networkx as nx

LAYOUT_SEED = 20180801
LAYOUT_ITERATIONS = 60
LAYOUT_SCALE = 110.0  # pixels per ideal edge length
LAYOUT_GRAVITY = 1.0
LAYOUT_HUB_REPULSION = 0.5
EXACT_LAYOUT_LIMIT = 1500  # nodes; larger graphs (a corpus of reports) get the grid variant
LARGE_LAYOUT_ITERATIONS = 20  # the fewest rounds of a large graph's layout


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
