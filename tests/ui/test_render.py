"""The map pictures: vectorised terrain and overlays, the camera, and the picture caches."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.mission.maps import TERRAIN_DTYPE
from game.ui import palette as pal
from game.ui import render
from game.ui.camera import ZOOMS, Camera
from game.ui.overlays import OVERLAYS, overlay_rgba


def terrain(h: int = 40, w: int = 60) -> np.ndarray:
    t = np.zeros((h, w), dtype=TERRAIN_DTYPE)
    t["move_cost"] = 1.0
    t["water"][10, :] = 1
    t["urban"][20:23, 30:33] = 1
    t["road"][:, 5] = 1
    t["cover"][30:, :10] = 0.7
    return t


def test_terrain_colours() -> None:
    rgb = render.terrain_rgb(terrain())
    assert rgb.shape == (40, 60, 3) and rgb.dtype == np.uint8
    water, grass = rgb[10, 40].astype(int), rgb[5, 40].astype(int)
    assert water[2] > water[1] and grass[1] > grass[2]  # blue water, green land
    assert tuple(rgb[0, 5]) == pal.ROAD
    assert rgb[35, 2, 1] < grass[1]  # forest is darker


def test_terrain_tolerates_missing_fields() -> None:
    t = np.zeros((8, 8), dtype=[("move_cost", np.float32)])
    t["move_cost"] = 1
    assert render.terrain_rgb(t).shape == (8, 8, 3)


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda o: o.id)
@pytest.mark.parametrize("colourblind", [False, True])
def test_overlays(overlay: object, colourblind: bool) -> None:
    rng = np.random.default_rng(0)
    colours = pal.overlay_palette(colourblind)
    shape = (
        (3, 20, 30)
        if overlay.layer in ("civilians", "deaths_map", "displaced", "threat")
        else (20, 30)
    )
    data = rng.random(shape).astype(np.float32) * (1000 if overlay.scale == "log" else 1)
    data[..., 0, 0] = 0
    rgba, legend = overlay_rgba(overlay, data, colours, ("A", "B", "C"))
    assert rgba.shape == (20, 30, 4) and rgba.dtype == np.uint8
    assert legend.overlay is overlay
    if overlay.scale != "access":
        assert rgba[0, 0, 3] == 0  # nothing there, nothing drawn
        zero, _ = overlay_rgba(overlay, np.zeros(shape, np.float32), colours, ("A", "B", "C"))
        assert not zero[..., 3].any()


def test_blend_and_dim() -> None:
    rgb = np.full((2, 2, 3), 100, np.uint8)
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[0, 0] = (200, 0, 0, 255)
    out = render.blend(rgb, rgba)
    assert tuple(out[0, 0]) == (200, 0, 0) and tuple(out[1, 1]) == (100, 100, 100)
    known = np.array([[True, False], [True, True]])
    dimmed = render.dim(rgb, known)
    assert tuple(dimmed[0, 0]) == (100, 100, 100) and dimmed[0, 1].sum() < 300


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
