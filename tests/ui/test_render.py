"""The map on screen: the camera and the picture caches (the pictures themselves are
game.view's, tested in tests/test_view.py)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.mission.maps import TERRAIN_DTYPE
from game.ui import palette as pal
from game.ui.camera import ZOOMS, Camera


def terrain(h: int = 40, w: int = 60) -> np.ndarray:
    t = np.zeros((h, w), dtype=TERRAIN_DTYPE)
    t["move_cost"] = 1.0
    t["water"][10, :] = 1
    t["urban"][20:23, 30:33] = 1
    t["road"][:, 5] = 1
    t["cover"][30:, :10] = 0.7
    return t


def test_camera_zoom_keeps_the_anchor() -> None:
    cam = Camera(256, 256, (0, 0, 1000, 700))
    cam.fit()
    assert 256 * cam.zoom <= 700
    anchor = (400.0, 300.0)
    before = ((anchor[0] - cam.ox) / cam.zoom, (anchor[1] - cam.oy) / cam.zoom)
    assert cam.zoom_by(2, anchor)
    after = ((anchor[0] - cam.ox) / cam.zoom, (anchor[1] - cam.oy) / cam.zoom)
    assert before == pytest.approx(after)
    assert not cam.zoom_by(100) or cam.zoom == ZOOMS[-1]
    cam.centre_on(100, 50)
    assert cam.cell_at(*cam.to_screen(100.5, 50.5)) == (100, 50)
    assert cam.cell_at(-5, -5) is None


def test_camera_clamps_pan() -> None:
    cam = Camera(64, 64, (0, 0, 800, 600), zoom_index=ZOOMS.index(32))
    cam.pan(1e6, 1e6)
    assert cam.ox <= 200 and cam.oy <= 150  # at least 3/4 of the viewport stays map


def test_canvas_caches() -> None:
    pygame.display.init()
    from game.ui.mapcanvas import MAX_CACHED_PIXELS, MapCanvas

    canvas = MapCanvas(terrain())
    colours = pal.overlay_palette(False)
    data = np.ones((1, 40, 60), np.int32)
    layers = [("population", data)]
    assert canvas.compose(("a",), layers, 0, colours, ("A",), None)
    assert not canvas.compose(("a",), layers, 0, colours, ("A",), None)
    assert canvas.rebuilds == 1
    pic = canvas.scaled(4)
    assert pic is not None and pic.get_size() == (240, 160)
    assert canvas.scaled(4) is pic
    assert 60 * 40 * 32 * 32 < MAX_CACHED_PIXELS < 60 * 40 * 1024 * 1024
    assert canvas.scaled(1024) is None
    surf = pygame.Surface((300, 200))
    cam = Camera(60, 40, (0, 0, 300, 200), zoom_index=ZOOMS.index(24))
    canvas.draw(surf, cam)  # the uncached path: only the visible cells are scaled
    canvas.draw(surf, Camera(60, 40, (0, 0, 300, 200)))
