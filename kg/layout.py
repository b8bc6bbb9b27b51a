"""Node positions for the viewer, computed in Python so the page draws at once.

A Fruchterman–Reingold layout in NumPy: edges pull their ends together, every node
pushes the others away, a weak gravity keeps components together. Repulsion is exact
for small graphs. For large ones it is computed on a mesh (the particle–mesh method of
N-body simulations): the nodes are spread bilinearly over a square grid, the grid is
convolved with the repulsion kernel by FFT, and each node reads its force back from the
four cells around it. The mesh smooths short distances, so nodes that share a small
square (shifted by half a square every other iteration) also push each other exactly.
One iteration costs O(nodes + cells × log cells): 11,000 nodes lay out in 1.5 s, where
the grid of cell centroids used before took 4–7 s.
The start is seeded, so the same graph always gets the same positions (rounded to whole
units).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

SEED = 0
ITERATIONS = 100
# Exact repulsion up to this many nodes; above, the mesh.
EXACT_NODES = 600
# Mesh side: 4·sqrt(nodes) cells along each axis, rounded up to a power of two within this range
# (the FFTs of a 256 mesh take about 7 ms an iteration, of a 512 mesh five times as long).
MESH_MIN, MESH_MAX = 64, 256
# Nodes closer than about NEAR_CELL also repel each other exactly (the mesh smooths short distances):
# those in one square of that side, each with the next NEAR_NODES - 1 of its square.
NEAR_CELL, NEAR_NODES = 2.0, 16
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


def mesh_side(count: int) -> int:
    """Return the number of mesh cells along each axis for ``count`` nodes."""
    return int(min(MESH_MAX, max(MESH_MIN, 2 ** math.ceil(math.log2(max(1.0, 4 * math.sqrt(count)))))))


@cache
def _kernel(side: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the Fourier transforms of the repulsion kernel ``d / |d|²`` (x and y) on a 2·side mesh.

    The mesh is twice the grid so that the circular convolution of the FFT does not wrap
    around: offsets run from -side to side - 1 in cells; the zero offset pushes nothing.
    """
    offsets = np.fft.fftfreq(2 * side, 1.0 / (2 * side))
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    dist2 = dx * dx + dy * dy
    dist2[0, 0] = 1.0
    kx, ky = dx / dist2, dy / dist2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _repulsion_mesh(pos: np.ndarray, side: int) -> np.ndarray:
    """Return the repulsion of every node computed on a ``side`` × ``side`` mesh."""
    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()) / (side - 1), 1e-9)
    grid = (pos - low) / cell
    base = np.minimum(grid.astype(int), side - 2)
    frac = grid - base
    # Bilinear (cloud-in-cell) weights of the four cells around each node, and their flat indices.
    wx, wy = (1 - frac[:, 0], frac[:, 0]), (1 - frac[:, 1], frac[:, 1])
    corners = [(i, j) for i in (0, 1) for j in (0, 1)]
    index = np.stack([(base[:, 0] + i) * (2 * side) + base[:, 1] + j for i, j in corners])
    weight = np.stack([wx[i] * wy[j] for i, j in corners])
    density = np.bincount(index.ravel(), weight.ravel(), minlength=4 * side * side).reshape(2 * side, 2 * side)
    spectrum = np.fft.rfft2(density)
    field = [np.fft.irfft2(spectrum * kernel, s=density.shape).ravel() for kernel in _kernel(side)]
    return np.stack([(f[index] * weight).sum(axis=0) for f in field], axis=1) / cell


def _repulsion_near(pos: np.ndarray, shift: float) -> np.ndarray:
    """Return the exact repulsion between nodes that share a square of side NEAR_CELL.

    The squares are shifted by ``shift`` (in squares), so that alternating iterations also
    separate close pairs that straddle a boundary; a square's nodes are sorted together and
    each repels the next NEAR_NODES - 1 of them (all of them in all but crowded squares).
    """
    squares = np.floor(pos / NEAR_CELL + shift).astype(np.int64)
    squares -= squares.min(axis=0)
    key = squares[:, 0] * (int(squares[:, 1].max()) + 1) + squares[:, 1]
    order = np.argsort(key, kind="stable")
    keys, points = key[order], pos[order]
    # How many nodes after each one (in sorted order) share its square.
    ends = np.r_[np.flatnonzero(keys[1:] != keys[:-1]) + 1, len(keys)]
    after = np.repeat(ends, np.diff(np.r_[0, ends])) - np.arange(len(keys)) - 1
    force = np.zeros_like(pos)
    same = np.flatnonzero(after)
    for offset in range(1, NEAR_NODES):
        same = same[after[same] >= offset]
        if not len(same):
            break
        other = same + offset
        delta = points[other] - points[same]
        push = delta / np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-4)[:, None]
        force[other] += push
        force[same] -= push
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
    side = mesh_side(count)
    temperature = spread / 2
    for step in range(iterations):
        if count <= EXACT_NODES:
            repulsion = _repulsion_exact(pos)
        else:
            repulsion = _repulsion_mesh(pos, side) + _repulsion_near(pos, 0.5 * (step % 2))
        force = repulsion + _attraction(pos, pairs, weights) - GRAVITY * pos * np.sqrt((pos**2).sum(axis=1))[:, None] / spread
        length = np.maximum(np.sqrt((force**2).sum(axis=1)), 1e-9)
        pos += force * (np.minimum(length, temperature) / length)[:, None]
        temperature = spread / 2 * (1 - (step + 1) / iterations) + 0.01
    pos -= pos.mean(axis=0)
    return [(int(round(x)), int(round(y))) for x, y in pos * SPACING]
