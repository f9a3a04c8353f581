"""Surfaces from the view's pictures: the one place numpy map pictures become pygame.

The pictures themselves (terrain, overlays, fog, the composed map) are numpy arrays
from :mod:`game.view.pictures`, the same ones the agent environments and the
after-action review draw; this module only hands them to pygame. Arrays are (H, W, 3)
with row = y, as the simulation stores them; pygame surfaces are (W, H), so the one
transpose happens in :func:`to_surface`.
"""

from __future__ import annotations

import numpy as np
import pygame
from numpy.typing import NDArray

from game.view import pictures
from game.view.palette import RGBArray


def to_surface(rgb: RGBArray) -> pygame.Surface:
    """An opaque Surface of the (H, W, 3) picture, one pixel per cell."""
    surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
    return surf.convert() if pygame.display.get_surface() is not None else surf


def terrain_surface(terrain: NDArray[np.void]) -> pygame.Surface:
    """The coloured terrain as a Surface, one pixel per cell (the mission list's thumbnail)."""
    return to_surface(pictures.terrain_rgb(terrain))
