"""Build the grid layers of a mission from its map spec: terrain and where civilians live.

The simulation needs numpy layers, the mission file gives features (towns, roads, rivers,
forests, hills). This module turns one into the other, deterministically from
``map.seed``: the same mission always gives the same layers, bit for bit.

- Terrain is a structured array (``TERRAIN_DTYPE``): move cost, cover, road, water, urban.
- Civilians are integer counts per community and cell that sum *exactly* to the populations
  the file gives (largest-remainder allocation; no random rounding).

It lives in ``mission/`` because it may read files (``map.layers``); ``sim/`` may not.
"""

from __future__ import annotations

import itertools
from pathlib import Path as FilePath

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from game.mission.schema import Area, MapSpec, Mission, Path

TERRAIN_DTYPE = np.dtype(
    [
        ("move_cost", np.float32),
        ("cover", np.float32),
        ("road", np.uint8),
        ("water", np.uint8),
        ("urban", np.uint8),
    ]
)
"""One cell of terrain: movement cost (1 = open ground), cover (0..1), and three flags."""

# Terrain effects of each feature. Assumptions chosen for play, documented here once.
OPEN_COVER = 0.05
FOREST_COVER, FOREST_COST = 0.7, 2.0
HILL_COVER, HILL_COST = 0.5, 2.5
RIVER_COST = 8.0  # crossed slowly (fords, boats)
ROAD_COST = 0.3
URBAN_COVER, URBAN_COST = 0.3, 0.8
MOVE_NOISE = 0.2  # +-10% seeded noise in move cost
RURAL_CLUSTERING = 3.0  # how strongly rural people cluster in villages (weight contrast)


class MapError(ValueError):
    """The map spec cannot be turned into layers (e.g. an unreadable layer file)."""


Terrain = npt.NDArray[np.void]
Counts = npt.NDArray[np.int32]


def disc_mask(
    h: int, w: int, x: int, y: int, r: float
) -> tuple[slice, slice, npt.NDArray[np.bool_]]:
    """Window slices around (x, y) and the boolean disc of radius ``r`` inside them."""
    ri = int(np.ceil(r))
    y0, y1 = max(0, y - ri), min(h, y + ri + 1)
    x0, x1 = max(0, x - ri), min(w, x + ri + 1)
    yy = np.arange(y0, y1)[:, None] - y
    xx = np.arange(x0, x1)[None, :] - x
    return slice(y0, y1), slice(x0, x1), (yy * yy + xx * xx) <= r * r + 1e-9


def path_mask(h: int, w: int, path: Path) -> npt.NDArray[np.bool_]:
    """Cells within half the path's width of its polyline (at least the line itself)."""
    out = np.zeros((h, w), dtype=bool)
    half = max(0.5, path.width / 2.0)
    pts = [(float(p[0]), float(p[1])) for p in path.points]
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        pad = int(np.ceil(half)) + 1
        x0, x1 = max(0, int(min(ax, bx)) - pad), min(w, int(max(ax, bx)) + pad + 1)
        y0, y1 = max(0, int(min(ay, by)) - pad), min(h, int(max(ay, by)) + pad + 1)
        if x0 >= x1 or y0 >= y1:
            continue
        px = np.arange(x0, x1, dtype=np.float64)[None, :]
        py = np.arange(y0, y1, dtype=np.float64)[:, None]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        t = np.zeros((y1 - y0, x1 - x0)) if seg2 == 0 else ((px - ax) * dx + (py - ay) * dy) / seg2
        t = np.clip(t, 0.0, 1.0)
        ex, ey = px - (ax + t * dx), py - (ay + t * dy)
        out[y0:y1, x0:x1] |= (ex * ex + ey * ey) <= half * half
    return out


def _areas(terrain: Terrain, areas: list[Area], cover: float, cost: float) -> None:
    h, w = terrain.shape
    for a in areas:
        ys, xs, m = disc_mask(h, w, a.at[0], a.at[1], a.radius)
        win = terrain[ys, xs]
        win["cover"][m] = np.maximum(win["cover"][m], cover)
        win["move_cost"][m] *= cost
        terrain[ys, xs] = win


def _smooth_noise(rng: np.random.Generator, h: int, w: int, scale: int) -> npt.NDArray[np.float32]:
    """Low-frequency noise in [0, 1): random values on a coarse lattice, bilinearly zoomed."""
    ch, cw = h // scale + 2, w // scale + 2
    coarse = rng.random((ch, cw))
    fine = ndimage.zoom(coarse, (h / (ch - 1), w / (cw - 1)), order=1, mode="nearest")
    return np.asarray(fine[:h, :w], dtype=np.float32)


def build_terrain(spec: MapSpec) -> Terrain:
    """Terrain layers generated from the map's features and ``spec.seed``.

    Order of stamping: noise, forests, hills, rivers (water), roads (bridges clear water),
    towns (urban). Deterministic: the same spec gives the same bytes.
    """
    if spec.layers is not None:
        raise MapError(
            f"map.layers ({spec.layers}) must be loaded by the caller with "
            "game.mission.maps.load_layers and passed to World.from_mission(terrain=...)"
        )
    h, w = spec.height, spec.width
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, 1]))
    t = np.zeros((h, w), dtype=TERRAIN_DTYPE)
    noise = rng.random((h, w), dtype=np.float32)
    t["move_cost"] = np.float32(1.0 - MOVE_NOISE / 2) + np.float32(MOVE_NOISE) * noise
    t["cover"] = OPEN_COVER
    _areas(t, spec.forests, FOREST_COVER, FOREST_COST)
    _areas(t, spec.hills, HILL_COVER, HILL_COST)
    for river in spec.rivers:
        m = path_mask(h, w, river)
        t["water"][m] = 1
        t["move_cost"][m] = RIVER_COST
        t["cover"][m] = 0.0
    for road in spec.roads:
        m = path_mask(h, w, road)
        t["road"][m] = 1
        t["water"][m] = 0  # bridges and fords
        t["move_cost"][m] = ROAD_COST
    for town in spec.towns:
        ys, xs, m = disc_mask(h, w, town.at[0], town.at[1], town.radius)
        win = t[ys, xs]
        dry = m & (win["water"] == 0)
        win["urban"][dry] = 1
        win["cover"][dry] = URBAN_COVER
        win["move_cost"][dry & (win["road"] == 0)] = URBAN_COST
        t[ys, xs] = win
    return t


def load_layers(path: FilePath, spec: MapSpec) -> Terrain:
    """Read explicit terrain layers from an .npz (keys: the fields of ``TERRAIN_DTYPE``).

    File I/O lives here, in the mission layer; the simulation only receives the array.
    """
    try:
        with np.load(path, allow_pickle=False) as z:
            t = np.zeros((spec.height, spec.width), dtype=TERRAIN_DTYPE)
            for name in TERRAIN_DTYPE.names or ():
                if name not in z:
                    raise MapError(f"{path}: missing layer '{name}'")
                a = z[name]
                if a.shape != t.shape:
                    raise MapError(f"{path}: layer '{name}' is {a.shape}, map is {t.shape}")
                t[name] = a
    except (OSError, ValueError) as e:
        if isinstance(e, MapError):
            raise
        raise MapError(f"{path}: cannot read map layers: {e}") from e
    if not np.all(np.isfinite(t["move_cost"])) or np.any(t["move_cost"] <= 0):
        raise MapError(f"{path}: move_cost must be finite and positive")
    return t


def allocate(total: int, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Split ``total`` into integer counts proportional to ``weights``, summing exactly.

    Largest-remainder method, ties broken by position (stable sort): deterministic and
    exact, which the conservation invariant needs.
    """
    n = weights.size
    out = np.zeros(n, dtype=np.int64)
    s = float(weights.sum())
    if total <= 0 or n == 0:
        return out
    if s <= 0:
        weights = np.ones(n)
        s = float(n)
    share = weights * (total / s)
    out[:] = np.floor(share).astype(np.int64)
    left = total - int(out.sum())
    if left > 0:
        frac = share - out
        order = np.argsort(-frac, kind="stable")
        out[order[:left]] += 1
    elif left < 0:  # floating error made floors overshoot: take back from the largest
        order = np.argsort(-out, kind="stable")
        out[order[:-left]] -= 1
    return out


def build_population(mission: Mission, terrain: Terrain) -> Counts:
    """Civilians per community and cell, (C, H, W) int32, summing exactly to the file's totals.

    Town people fill the town's dry disc, denser toward the centre; rural people spread over
    dry, non-urban land, clustered by seeded low-frequency noise (villages).
    """
    spec = mission.map
    h, w = spec.height, spec.width
    ids = mission.community_ids
    out = np.zeros((len(ids), h, w), dtype=np.int32)
    water = terrain["water"] != 0
    for town in spec.towns:
        x, y = town.at
        ys, xs, m = disc_mask(h, w, x, y, max(town.radius, 0))
        dry = m & ~water[ys, xs]
        if not dry.any():
            dry = np.zeros_like(m)
            dry[y - ys.start, x - xs.start] = True
        yy = np.arange(ys.start, ys.stop)[:, None] - y
        xx = np.arange(xs.start, xs.stop)[None, :] - x
        dist = np.sqrt(yy * yy + xx * xx)
        weight = np.where(dry, (town.radius + 1.0) - dist, 0.0).astype(np.float64)
        weight = np.maximum(weight, 0.0) + np.where(dry, 0.25, 0.0)
        flat_w = weight[dry]
        for cid, pop in town.population.items():
            counts = allocate(pop, flat_w)
            win = out[ids.index(cid), ys, xs]
            win[dry] += counts.astype(np.int32)
    if spec.rural_population:
        rng = np.random.default_rng(np.random.SeedSequence([spec.seed, 2]))
        land = ~water & (terrain["urban"] == 0)
        if not land.any():
            land = ~water if (~water).any() else np.ones((h, w), dtype=bool)
        noise = _smooth_noise(rng, h, w, max(4, min(h, w) // 16))
        weight = np.exp(RURAL_CLUSTERING * (noise - 0.5)).astype(np.float64)
        flat_idx = np.flatnonzero(land)
        wflat = weight.reshape(-1)[flat_idx]
        for cid, pop in spec.rural_population.items():
            counts = allocate(pop, wflat)
            layer = out[ids.index(cid)].reshape(-1)
            layer[flat_idx] += counts.astype(np.int32)
    return out
