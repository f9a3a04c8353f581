"""Map pictures from numpy layers: terrain colours, overlay tints, fog, and Surfaces.

Everything here is vectorised over the whole grid: one numpy expression per layer and
one ``surfarray`` copy per picture, never a draw call per cell. Arrays are (H, W) with
row = y, as the simulation stores them; pygame surfaces are (W, H), so the one
transpose happens in :func:`to_surface`.
"""

from __future__ import annotations

import numpy as np
import pygame
from numpy.typing import NDArray
from scipy import ndimage

from game.ui import palette as pal

RGBArray = NDArray[np.uint8]
"""(H, W, 3) uint8 colours."""
RGBAArray = NDArray[np.uint8]
"""(H, W, 4) uint8 colours with alpha."""


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
    img[road & water] = (150, 140, 120)  # bridges and fords
    return np.clip(img, 0, 255).astype(np.uint8)


def blend(rgb: RGBArray, rgba: RGBAArray) -> RGBArray:
    """Alpha-blend an RGBA overlay over an RGB picture (both (H, W, ...))."""
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    out = rgb.astype(np.float32) * (1.0 - a) + rgba[..., :3].astype(np.float32) * a
    result: RGBArray = np.clip(np.rint(out), 0, 255).astype(np.uint8)
    return result


def dim(rgb: RGBArray, known: NDArray[np.bool_], factor: float = 0.6) -> RGBArray:
    """Darken and desaturate the cells the mission does not know about (fog of war)."""
    out = rgb.astype(np.float32)
    grey = out.mean(axis=2, keepdims=True)
    fog = (0.5 * out + 0.5 * grey) * factor + np.asarray(pal.BG, np.float32) * (1 - factor)
    out = np.where(known[..., None], out, fog)
    return np.clip(out, 0, 255).astype(np.uint8)


def to_surface(rgb: RGBArray) -> pygame.Surface:
    """An opaque Surface of the (H, W, 3) picture, one pixel per cell."""
    surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
    return surf.convert() if pygame.display.get_surface() is not None else surf
