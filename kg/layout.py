"""Node positions for the viewer, computed in Python so the page draws at once.

A Fruchterman–Reingold layout in NumPy: edges pull their ends together, every node
pushes the others away, a weak gravity keeps components together. Repulsion is exact
for small graphs and, for large ones, approximated by the centroids of a grid of cells
(a node's own cell pushes it exactly, node by node), so one iteration costs
O(nodes × cells) and 5,000 nodes lay out in a few seconds. The start is seeded, so
the same graph always gets the same positions (rounded to whole units).
"""

from __future__ import annotations

import math

import numpy as np

SEED = 0
ITERATIONS = 100
# Exact repulsion up to this many nodes; above, a grid of about CELL_NODES nodes per cell.
EXACT_NODES, CELL_NODES = 600, 12
# Nodes of one cell that repel each other exactly (the rest only through the cell's centroid).
NEAR_NODES = 64
# Rows of the node × cell matrices computed at once (they stay in the CPU cache).
CHUNK = 256
GRAVITY = 0.05
# Distance between linked nodes in page units (vis-network pixels at zoom 1).
SPACING = 90.0


def _pull(dx: np.ndarray, dy: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Return the summed displacements ``weight * (dx, dy) / d²`` of each row."""
    dist2 = np.maximum(dx * dx + dy * dy, 1e-4)
    scale = weight / dist2
    return np.stack([(dx * scale).sum(axis=1), (dy * scale).sum(axis=1)], axis=1)


def _repulsion_exact(pos: np.ndarray) -> np.ndarray:
    """Return the repulsive displacement of every node from every other node (k = 1)."""
    dx, dy = pos[:, 0, None] - pos[None, :, 0], pos[:, 1, None] - pos[None, :, 1]
    weight = np.ones_like(dx)
    np.fill_diagonal(weight, 0.0)
    return _pull(dx, dy, weight)


def _repulsion_grid(pos: np.ndarray, side: int) -> np.ndarray:
    """Return the repulsion approximated by the centroids of a ``side`` × ``side`` grid."""
    low, high = pos.min(axis=0), pos.max(axis=0)
    cells2d = np.minimum(((pos - low) / np.maximum(high - low, 1e-9) * side).astype(int), side - 1)
    cell = cells2d[:, 0] * side + cells2d[:, 1]
    count = np.bincount(cell, minlength=side * side).astype(float)
    sums = np.stack([np.bincount(cell, pos[:, d], minlength=side * side) for d in range(2)], axis=1)
    used = np.flatnonzero(count)
    centroid = sums[used] / count[used, None]
    own = np.searchsorted(used, cell)
    force = np.zeros_like(pos)
    for start in range(0, len(pos), CHUNK):
        rows = slice(start, start + CHUNK)
        dx, dy = pos[rows, 0, None] - centroid[None, :, 0], pos[rows, 1, None] - centroid[None, :, 1]
        weight = np.broadcast_to(count[used], dx.shape).copy()
        weight[np.arange(len(dx)), own[rows]] = 0.0
        force[rows] = _pull(dx, dy, weight)
    return force + _repulsion_within(pos, cell)


def _repulsion_within(pos: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Return the exact repulsion between nodes of the same cell (up to NEAR_NODES of them)."""
    order = np.argsort(cell, kind="stable")
    cells, points = cell[order], pos[order]
    force = np.zeros_like(pos)
    for offset in range(1, min(len(pos), NEAR_NODES)):
        same = cells[offset:] == cells[:-offset]
        if not same.any():
            break
        delta = points[offset:] - points[:-offset]
        push = delta * (same / np.maximum((delta**2).sum(axis=1), 1e-4))[:, None]
        force[offset:] += push
        force[:-offset] -= push
    result = np.empty_like(pos)
    result[order] = force
    return result


def _attraction(pos: np.ndarray, edges: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return the displacement by which every edge pulls its two ends together (d² / k)."""
    delta = pos[edges[:, 0]] - pos[edges[:, 1]]
    pull = delta * (np.sqrt((delta**2).sum(axis=1)) * weights)[:, None]
    force = np.zeros_like(pos)
    for d in range(2):
        force[:, d] -= np.bincount(edges[:, 0], pull[:, d], minlength=len(pos))
        force[:, d] += np.bincount(edges[:, 1], pull[:, d], minlength=len(pos))
    return force


def layout(count: int, edges: list[tuple[int, int, float]], iterations: int = ITERATIONS) -> list[tuple[int, int]]:
    """Return integer (x, y) positions of ``count`` nodes linked by weighted ``edges`` (i, j, weight)."""
    if count == 0:
        return []
    rng = np.random.default_rng(SEED)
    spread = math.sqrt(count)
    pos = rng.uniform(-spread, spread, size=(count, 2))
    pairs = np.array([(i, j) for i, j, _ in edges], dtype=int).reshape(-1, 2)
    weights = np.array([w for _, _, w in edges], dtype=float)
    side = max(1, round(math.sqrt(count / CELL_NODES)))
    temperature = spread / 2
    for step in range(iterations):
        repulsion = _repulsion_exact(pos) if count <= EXACT_NODES else _repulsion_grid(pos, side)
        force = repulsion + _attraction(pos, pairs, weights) - GRAVITY * pos * np.sqrt((pos**2).sum(axis=1))[:, None] / spread
        length = np.maximum(np.sqrt((force**2).sum(axis=1)), 1e-9)
        pos += force * (np.minimum(length, temperature) / length)[:, None]
        temperature = spread / 2 * (1 - (step + 1) / iterations) + 0.01
    pos -= pos.mean(axis=0)
    return [(int(round(x)), int(round(y))) for x, y in pos * SPACING]
