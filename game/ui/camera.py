"""The map camera: which part of the grid is on screen, and at what zoom.

Pure arithmetic, no pygame: the viewport is a rectangle in window pixels, the zoom is
pixels per cell from a fixed ladder (so scaled map pictures can be cached per rung),
and the offset is where cell (0, 0)'s corner lands. Panning changes only the offset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ZOOMS: tuple[float, ...] = (0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32)
"""Pixels per cell, smallest first."""


@dataclass
class Camera:
    """Viewport over a ``map_w`` × ``map_h`` grid."""

    map_w: int
    map_h: int
    view: tuple[int, int, int, int]
    zoom_index: int = 4
    ox: float = 0.0
    oy: float = 0.0

    @property
    def zoom(self) -> float:
        """Pixels per cell at the current rung."""
        return ZOOMS[self.zoom_index]

    def fit(self) -> None:
        """Largest rung at which the whole map fits the viewport, centred."""
        _, _, vw, vh = self.view
        best = 0
        for i, z in enumerate(ZOOMS):
            if self.map_w * z <= vw and self.map_h * z <= vh:
                best = i
        self.zoom_index = best
        self.centre_on(self.map_w / 2, self.map_h / 2)

    def centre_on(self, cx: float, cy: float) -> None:
        """Put map point (cx, cy) (in cells) at the centre of the viewport."""
        vx, vy, vw, vh = self.view
        self.ox = vx + vw / 2 - cx * self.zoom
        self.oy = vy + vh / 2 - cy * self.zoom
        self.clamp()

    def clamp(self) -> None:
        """Keep at least a quarter of the viewport covered by the map, and keep the
        whole map centred on an axis where it fits."""
        vx, vy, vw, vh = self.view
        mw, mh = self.map_w * self.zoom, self.map_h * self.zoom
        for axis, (v0, vs, ms) in enumerate(((vx, vw, mw), (vy, vh, mh))):
            o = self.ox if axis == 0 else self.oy
            if ms <= vs:
                lo = hi = v0 + (vs - ms) / 2
            else:
                margin = vs * 0.25
                lo, hi = v0 + vs - margin - ms, v0 + margin
            o = min(max(o, lo), hi)
            if axis == 0:
                self.ox = o
            else:
                self.oy = o

    def pan(self, dx: float, dy: float) -> None:
        """Move the map by (dx, dy) window pixels."""
        self.ox += dx
        self.oy += dy
        self.clamp()

    def zoom_by(self, steps: int, anchor: tuple[float, float] | None = None) -> bool:
        """Zoom ``steps`` rungs in (positive) or out, keeping ``anchor`` (window pixels,
        default the viewport centre) over the same map point. True if the zoom changed."""
        new = min(max(self.zoom_index + steps, 0), len(ZOOMS) - 1)
        if new == self.zoom_index:
            return False
        vx, vy, vw, vh = self.view
        ax, ay = anchor if anchor is not None else (vx + vw / 2, vy + vh / 2)
        mx, my = (ax - self.ox) / self.zoom, (ay - self.oy) / self.zoom
        self.zoom_index = new
        self.ox = ax - mx * self.zoom
        self.oy = ay - my * self.zoom
        self.clamp()
        return True

    def cell_at(self, px: float, py: float) -> tuple[int, int] | None:
        """The cell under window pixel (px, py), or None off the map or the viewport."""
        vx, vy, vw, vh = self.view
        if not (vx <= px < vx + vw and vy <= py < vy + vh):
            return None
        x = math.floor((px - self.ox) / self.zoom)
        y = math.floor((py - self.oy) / self.zoom)
        if 0 <= x < self.map_w and 0 <= y < self.map_h:
            return (x, y)
        return None

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        """Window pixel of map point (x, y) in cells; cell centres are at +0.5."""
        return (self.ox + x * self.zoom, self.oy + y * self.zoom)

    def visible_cells(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1): the cells at least partly in the viewport (x1, y1 exclusive)."""
        vx, vy, vw, vh = self.view
        z = self.zoom
        x0 = max(0, math.floor((vx - self.ox) / z))
        y0 = max(0, math.floor((vy - self.oy) / z))
        x1 = min(self.map_w, math.ceil((vx + vw - self.ox) / z))
        y1 = min(self.map_h, math.ceil((vy + vh - self.oy) / z))
        return (x0, y0, max(x0, x1), max(y0, y1))
