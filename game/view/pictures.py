"""Map pictures as numpy arrays: the ground, overlay tints, fog, markers, whole frames.

One picture of the map serves three readers: the window (``game.ui`` turns these arrays
into surfaces), the agent environments (``rgb_array`` is :func:`frame`) and the
after-action review (its harm map is :func:`harm_picture`). So a cell looks the same in
each: the same terrain colours, the same overlay ramps, from :mod:`game.view.palette`.

Everything is vectorised over the whole grid: one numpy expression per layer, never a
loop per cell. Arrays are (H, W[, 3|4]) uint8 with row = y, as the simulation stores
its layers; one pixel per cell unless :func:`upscale` says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from game.view import palette as pal
from game.view.overlays import BY_ID, Legend, overlay_rgba
from game.view.palette import RGBAArray, RGBArray

if TYPE_CHECKING:
    from game.sim.world import World

__all__ = [
    "FRAME_OVERLAYS",
    "MIN_SIDE",
    "armed_rgba",
    "blend",
    "compose",
    "dim",
    "fade",
    "frame",
    "harm_picture",
    "hillshade",
    "map_picture",
    "mark_units",
    "relief",
    "terrain_rgb",
    "upscale",
    "upscale_factor",
]

FRAME_OVERLAYS: tuple[str, ...] = ("population", "displaced", "deaths", "protection")
"""The overlays an agent frame shows, in drawing order: who lives where, who fled, who was
killed, where peacekeepers protect (the ground truth, no fog)."""
MIN_SIDE = 256
"""Agent frames are upscaled (whole pixels per cell) to at least this many pixels a side."""
ARMED_SCALE = 20.0
"""Fighters in a cell at which the armed tint is 63% strong (1 - 1/e)."""
ARMED_ALPHA = 210
"""The armed tint's opacity (0-255) where fighters are many."""
HARM_GROUND_KEEP = 0.35
"""How much of the ground the harm map keeps, the rest faded to paper: towns, roads and
rivers stay legible, every cell where someone was killed stands out."""


# --------------------------------------------------------------------------- the ground
def _field(terrain: NDArray[np.void], name: str, default: float = 0.0) -> NDArray[np.float32]:
    names = terrain.dtype.names or ()
    if name not in names:
        return np.full(terrain.shape, default, dtype=np.float32)
    return np.asarray(terrain[name], dtype=np.float32)


def _mix(base: NDArray[np.float32], colour: pal.RGB, weight: NDArray[np.float32]) -> None:
    """Blend ``colour`` into ``base`` (H, W, 3 float) in place with per-cell ``weight``."""
    w = weight[..., None]
    base *= 1.0 - w
    base += w * np.asarray(colour, dtype=np.float32)


def _texture(shape: tuple[int, int], seed: int = 7) -> NDArray[np.float32]:
    """Smooth value noise in [-1, 1]: a few coarse random cells, upsampled (cosmetic)."""
    h, w = shape
    rng = np.random.default_rng(seed)
    coarse = rng.uniform(-1.0, 1.0, size=(max(2, h // 6 + 2), max(2, w // 6 + 2)))
    zy = h / (coarse.shape[0] - 1)
    zx = w / (coarse.shape[1] - 1)
    fine = ndimage.zoom(coarse, (zy, zx), order=1)[:h, :w]
    return np.asarray(fine, dtype=np.float32)


def relief(terrain: NDArray[np.void]) -> NDArray[np.float32]:
    """A smooth height proxy from movement cost and cover, used only for shading."""
    cost = _field(terrain, "move_cost", 1.0)
    water = _field(terrain, "water") > 0
    height = np.clip(cost - 1.0, 0.0, 4.0) + 0.25 * _field(terrain, "cover")
    height[water] = -0.5
    return np.asarray(ndimage.uniform_filter(height, size=5, mode="nearest"), dtype=np.float32)


def hillshade(height: NDArray[np.float32], strength: float = 0.9) -> NDArray[np.float32]:
    """Lambert shading of ``height`` lit from the north-west, 1.0 = flat."""
    gy, gx = np.gradient(height)
    shade = 1.0 + strength * (-gx - gy) / np.sqrt(1.0 + gx * gx + gy * gy)
    return np.asarray(np.clip(shade, 0.55, 1.45), dtype=np.float32)


def terrain_rgb(terrain: NDArray[np.void]) -> RGBArray:
    """Colour the terrain layer: grass, forest (cover), hills (movement cost), water,
    towns and roads, shaded by relief. Accepts any structured array with some of the
    fields ``move_cost, cover, road, water, urban`` (missing ones count as absent)."""
    h, w = terrain.shape
    cost = _field(terrain, "move_cost", 1.0)
    cover = np.clip(_field(terrain, "cover"), 0.0, 1.0)
    water = _field(terrain, "water") > 0
    urban = _field(terrain, "urban") > 0
    road = _field(terrain, "road") > 0

    tex = _texture((h, w))
    img = np.empty((h, w, 3), dtype=np.float32)
    img[:] = np.asarray(pal.GRASS, dtype=np.float32)
    _mix(img, pal.GRASS_DRY, np.clip(0.5 + 0.5 * tex, 0.0, 1.0) * 0.55)
    hills = np.clip((cost - 1.2) / 1.0, 0.0, 1.0) * (cover < 0.6) * ~urban
    _mix(img, pal.HILLS, (hills * 0.85).astype(np.float32))
    forest = np.clip((cover - 0.55) / 0.15, 0.0, 1.0) * ~urban
    _mix(img, pal.FOREST, (forest * 0.92).astype(np.float32))
    img *= hillshade(relief(terrain))[..., None]
    img *= (1.0 + 0.05 * tex)[..., None]

    # water: deeper colour away from the shore
    if water.any():
        depth = ndimage.distance_transform_edt(water)
        deep = np.clip(np.asarray(depth, dtype=np.float32) / 6.0, 0.0, 1.0)
        wat = (
            np.asarray(pal.WATER, np.float32) * (1 - deep[..., None])
            + np.asarray(pal.WATER_DEEP, np.float32) * deep[..., None]
        )
        img[water] = wat[water]
    img[urban] = np.asarray(pal.URBAN, np.float32) * (0.92 + 0.08 * tex[urban])[..., None]
    img[road & ~water] = pal.ROAD
    img[road & water] = pal.BRIDGE
    return np.clip(img, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- combining
def blend(rgb: RGBArray, rgba: RGBAArray) -> RGBArray:
    """Alpha-blend an RGBA overlay over an RGB picture (both (H, W, ...))."""
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    out = rgb.astype(np.float32) * (1.0 - a) + rgba[..., :3].astype(np.float32) * a
    result: RGBArray = np.clip(np.rint(out), 0, 255).astype(np.uint8)
    return result


def _faded(rgb: RGBArray, towards: pal.RGB, keep: float) -> NDArray[np.float32]:
    out = rgb.astype(np.float32)
    grey = out.mean(axis=2, keepdims=True)
    faded: NDArray[np.float32] = (0.5 * out + 0.5 * grey) * keep + np.asarray(
        towards, np.float32
    ) * (1 - keep)
    return faded


def fade(rgb: RGBArray, towards: pal.RGB, keep: float) -> RGBArray:
    """Half-desaturate the picture and mix it towards ``towards``, keeping ``keep`` of it:
    the ground recedes, what is drawn over it stands out."""
    return np.clip(_faded(rgb, towards, keep), 0, 255).astype(np.uint8)


def dim(rgb: RGBArray, known: NDArray[np.bool_], factor: float = 0.6) -> RGBArray:
    """Darken and desaturate the cells the mission does not know about (fog of war)."""
    out = np.where(known[..., None], rgb.astype(np.float32), _faded(rgb, pal.FOG, factor))
    return np.clip(out, 0, 255).astype(np.uint8)


def compose(
    base: RGBArray, tints: Iterable[RGBAArray], known: NDArray[np.bool_] | None = None
) -> RGBArray:
    """``base`` with each tint blended over it in order, then the fog where not ``known``
    (None: everything is known, the ground truth)."""
    rgb = base
    for rgba in tints:
        rgb = blend(rgb, rgba)
    return dim(rgb, known) if known is not None else rgb


def map_picture(
    world: World,
    overlays: Sequence[str],
    colours: pal.OverlayPalette = pal.STANDARD,
    names: tuple[str, ...] = (),
    known: NDArray[np.bool_] | None = None,
    base: RGBArray | None = None,
) -> tuple[RGBArray, list[Legend]]:
    """The map as the window composes it: the ground (``base``, or the world's terrain
    coloured), the named overlays read from the world's layers, the fog outside
    ``known``; with the legend of each overlay shown."""
    rgb = terrain_rgb(world.terrain) if base is None else base
    tints, legends = [], []
    for oid in overlays:
        o = BY_ID[oid]
        data = getattr(world, o.layer, None)
        if not isinstance(data, np.ndarray):
            continue
        rgba, legend = overlay_rgba(o, data, colours, names)
        tints.append(rgba)
        legends.append(legend)
    return compose(rgb, tints, known), legends


# --------------------------------------------------------------------------- markers
def armed_rgba(armed: NDArray[np.generic]) -> RGBAArray:
    """Fighters as a tint in the armed colour: (F, H, W) or (H, W) counts, summed over
    factions; the opacity rises with the count and saturates (``ARMED_SCALE``)."""
    a = np.asarray(armed, dtype=np.float64)
    if a.ndim == 3:
        a = a.sum(axis=0)
    out = np.zeros((*a.shape, 4), dtype=np.uint8)
    out[..., :3] = pal.ARMED
    strength = 1.0 - np.exp(-np.maximum(a, 0.0) / ARMED_SCALE)
    out[..., 3] = np.rint(ARMED_ALPHA * strength).astype(np.uint8)
    return out


def mark_units(rgb: RGBArray, cells: Iterable[tuple[int, int]]) -> RGBArray:
    """A copy of ``rgb`` with a 3×3 friend-fill square on each unit cell (x, y)."""
    out = rgb.copy()
    h, w = out.shape[:2]
    for x, y in cells:
        if 0 <= x < w and 0 <= y < h:
            out[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2] = pal.FRIEND_FILL
    return out


def upscale_factor(shape: tuple[int, int], min_side: int = MIN_SIDE) -> int:
    """Whole pixels per cell so the shorter side has at least ``min_side`` pixels."""
    return max(1, -(-min_side // max(1, min(shape))))


def upscale(rgb: RGBArray, k: int) -> RGBArray:
    """Each cell as a k×k block of pixels (nearest neighbour: cells stay crisp)."""
    if k <= 1:
        return rgb
    return np.repeat(np.repeat(rgb, k, axis=0), k, axis=1)


# --------------------------------------------------------------------------- whole pictures
def frame(
    world: World,
    colours: pal.OverlayPalette = pal.STANDARD,
    min_side: int = MIN_SIDE,
    base: RGBArray | None = None,
) -> RGBArray:
    """An agent's frame of the world now: the window's map with ``FRAME_OVERLAYS`` on and
    no fog, fighters in the armed colour, the mission's living units as friend-fill
    squares; upscaled so a side has at least ``min_side`` pixels. ``base`` is the coloured
    terrain if the caller keeps it (it does not change during a game)."""
    rgb, _ = map_picture(world, FRAME_OVERLAYS, colours, base=base)
    rgb = blend(rgb, armed_rgba(world.armed))
    rgb = mark_units(rgb, [(u.x, u.y) for u in world.units if u.alive])
    return upscale(rgb, upscale_factor(world.shape, min_side))


def harm_picture(
    killed: NDArray[np.generic],
    terrain: NDArray[np.void] | None = None,
    colours: pal.OverlayPalette = pal.STANDARD,
) -> tuple[RGBArray, Legend]:
    """Where civilians were killed, for a report: the window's deaths overlay (its ramp,
    its log scale) drawn opaque over the ground faded to paper; ``killed`` is (H, W) or
    (C, H, W). Opaque, because on a page the faint tint of a cell with one death would
    vanish, and a colour bar must read the colours as they are. Without ``terrain`` the
    ground is plain paper. Returns the picture and the overlay's legend (its ``vmax`` is
    the most killed in one cell)."""
    k = np.asarray(killed)
    shape = k.shape[-2:]
    if terrain is None:
        ground: RGBArray = np.empty((*shape, 3), dtype=np.uint8)
        ground[...] = pal.PAPER
    else:
        ground = fade(terrain_rgb(terrain), pal.PAPER, HARM_GROUND_KEEP)
    rgba, legend = overlay_rgba(BY_ID["deaths"], k, colours)
    rgba[..., 3] = np.where(rgba[..., 3] > 0, 255, 0).astype(np.uint8)
    return blend(ground, rgba), legend
