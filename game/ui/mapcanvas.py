"""The map picture: terrain + overlays + fog composed once, scaled once per zoom, blitted.

The picture is :func:`game.view.pictures.compose` of the view's terrain and overlay
arrays (the agent frames and the review's harm map use the same functions); this module
caches it as a surface and scales it for the camera.

Panning only moves a blit offset; a zoom change scales the composed picture once and
caches it (up to ``MAX_CACHED_PIXELS``; beyond that only the visible cells are scaled
each frame, which stays fast because it is one ``transform.scale`` of screen size).
The composed picture is rebuilt only when the game state, the overlays, the palette or
the instructor view change.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pygame
from numpy.typing import NDArray

from game.ui import render
from game.ui.camera import Camera
from game.view import palette as vpal
from game.view import pictures
from game.view.overlays import BY_ID, Legend, overlay_rgba
from game.view.palette import OverlayPalette, RGBAArray

MAX_CACHED_PIXELS = 4096 * 4096
"""Largest scaled map kept whole in memory (64 MB at 32 bits per pixel)."""
GRID_ZOOM = 12
"""From this many pixels per cell up, faint cell lines are drawn into the picture."""


def draw_grid(pic: pygame.Surface, zoom: float) -> None:
    """Faint lines between cells, drawn once into a scaled picture (not per frame)."""
    w, h = pic.get_size()
    z = round(zoom)
    lines = pygame.Surface((w, h), pygame.SRCALPHA)
    for x in range(0, w, z):
        pygame.draw.line(lines, vpal.GRID, (x, 0), (x, h))
    for y in range(0, h, z):
        pygame.draw.line(lines, vpal.GRID, (0, y), (w, y))
    pic.blit(lines, (0, 0))


class MapCanvas:
    """Caches of one map's pictures; ``draw`` paints the camera's view of it."""

    def __init__(self, terrain: NDArray[np.void]) -> None:
        self.terrain_rgb = pictures.terrain_rgb(terrain)
        self.height, self.width = terrain.shape
        self._overlays: dict[tuple[str, int, str], tuple[RGBAArray, Legend]] = {}
        self._key: tuple[object, ...] | None = None
        self.native: pygame.Surface = render.to_surface(self.terrain_rgb)
        self.legends: list[Legend] = []
        self._scaled: tuple[float, pygame.Surface | None] | None = None
        self.rebuilds = 0

    def overlay(
        self,
        overlay_id: str,
        data: NDArray[np.generic],
        version: int,
        colours: OverlayPalette,
        names: tuple[str, ...],
    ) -> tuple[RGBAArray, Legend]:
        """The RGBA tint of one overlay, cached per (overlay, game version, palette)."""
        key = (overlay_id, version, colours.name)
        hit = self._overlays.get(key)
        if hit is None:
            self._overlays = {k: v for k, v in self._overlays.items() if k[1] == version}
            hit = overlay_rgba(BY_ID[overlay_id], data, colours, names)
            self._overlays[key] = hit
        return hit

    def is_current(self, key: tuple[object, ...]) -> bool:
        """True if the native picture was composed for ``key`` (nothing to do)."""
        return key == self._key

    def compose(
        self,
        key: tuple[object, ...],
        layers: Iterable[tuple[str, NDArray[np.generic]]],
        version: int,
        colours: OverlayPalette,
        names: tuple[str, ...],
        known: NDArray[np.bool_] | None,
    ) -> bool:
        """Rebuild the native picture if ``key`` changed; True if it was rebuilt."""
        if key == self._key:
            return False
        tints, legends = [], []
        for overlay_id, data in layers:
            rgba, legend = self.overlay(overlay_id, data, version, colours, names)
            tints.append(rgba)
            legends.append(legend)
        self.native = render.to_surface(pictures.compose(self.terrain_rgb, tints, known))
        self.legends = legends
        self._key = key
        self._scaled = None
        self.rebuilds += 1
        return True

    def scaled(self, zoom: float) -> pygame.Surface | None:
        """The whole picture at ``zoom`` pixels per cell, cached; None if too large."""
        if self._scaled is not None and self._scaled[0] == zoom:
            return self._scaled[1]
        size = (max(1, round(self.width * zoom)), max(1, round(self.height * zoom)))
        surf: pygame.Surface | None = None
        if size[0] * size[1] <= MAX_CACHED_PIXELS:
            scale = pygame.transform.smoothscale if zoom < 1 else pygame.transform.scale
            surf = scale(self.native, size)
            if zoom >= GRID_ZOOM:
                draw_grid(surf, zoom)
        self._scaled = (zoom, surf)
        return surf

    def draw(self, surface: pygame.Surface, cam: Camera) -> None:
        """Paint the camera's view of the map into its viewport on ``surface``."""
        vx, vy, vw, vh = cam.view
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(vx, vy, vw, vh))
        pic = self.scaled(cam.zoom)
        if pic is not None:
            surface.blit(pic, (round(cam.ox), round(cam.oy)))
        else:
            x0, y0, x1, y1 = cam.visible_cells()
            if x1 > x0 and y1 > y0:
                part = self.native.subsurface(pygame.Rect(x0, y0, x1 - x0, y1 - y0))
                z = cam.zoom
                size = (round((x1 - x0) * z), round((y1 - y0) * z))
                pic = pygame.transform.scale(part, size)
                if z >= GRID_ZOOM:
                    draw_grid(pic, z)
                surface.blit(pic, (round(cam.ox + x0 * z), round(cam.oy + y0 * z)))
        surface.set_clip(clip)
