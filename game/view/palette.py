"""Every colour drawn on the map, once: terrain, markers, and the overlay ramps.

The window (``game.ui``), the agent environments' ``rgb_array`` frames (``game.env``) and
the after-action review's harm map (``game.exercise.aar``) all take their map colours
from here, so a threat, a death or a peacekeeper looks the same in each. The interface's
own chrome (panels, text, buttons) is ``game.ui.palette``; it reuses the few colours
below that the interface shares with the map (the friend fill, the threat red, the
background that fog fades into).

Two overlay palettes: the standard one, and a colour-blind-safe one built from the
Okabe–Ito categorical set (communities) and viridis/cividis-like ramps (scalar fields),
which stay distinguishable under the common colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
RGBArray = NDArray[np.uint8]
"""(H, W, 3) uint8 colours: a picture, row = y as the simulation stores its layers."""
RGBAArray = NDArray[np.uint8]
"""(H, W, 4) uint8 colours with alpha: an overlay to blend over a picture."""

# --------------------------------------------------------------------------- terrain
GRASS: RGB = (118, 140, 86)
GRASS_DRY: RGB = (150, 152, 98)
FOREST: RGB = (52, 88, 52)
HILLS: RGB = (138, 116, 84)
WATER: RGB = (46, 92, 140)
WATER_DEEP: RGB = (30, 66, 112)
URBAN: RGB = (156, 150, 140)
ROAD: RGB = (214, 196, 150)
BRIDGE: RGB = (150, 140, 120)
"""A road over water: bridges and fords."""
GRID: RGBA = (0, 0, 0, 34)
"""The faint lines between cells at high zoom."""
FOG: RGB = (10, 18, 30)
"""What cells the mission does not see fade towards: the window's background, so unknown
ground recedes into the frame (``game.ui.palette.BG`` is this colour)."""

PAPER: RGB = (238, 236, 230)
"""The ground of a printed map (the review's harm map) fades towards this."""

# --------------------------------------------------------------------------- markers
FRIEND_FILL: RGB = (128, 224, 255)
"""APP-6 'friend' fill (crystal blue): the mission's units, their moves, POC sites."""
HOSTILE: RGB = (226, 92, 80)
"""Known threats on the map (and the interface's 'danger' tone, ``game.ui.palette.DANGER``,
so a warning reads as the threat it is about)."""
HOSTILE_EDGE: RGB = (20, 8, 8)
"""The outline of a known-threat marker."""
ARMED: RGB = (255, 64, 64)
"""Armed groups on the move and fighters (ground truth: instructor view, agent frames)."""
ARMED_LABEL: RGB = (255, 140, 130)
"""The label under an armed group's marker."""
TOWN: RGB = (240, 236, 226)
"""Town circles and their dots."""
TOWN_EDGE: RGB = (20, 20, 24)
"""The dark ring round a town dot, so it shows on any ground."""
TOWN_LABEL: RGB = (250, 246, 236)
"""Town names on the map."""
LABEL_HALO: RGB = (8, 12, 18)
"""The dark outline round map labels, so they read on any ground."""
MARKER_EDGE: RGB = (0, 0, 0)
"""Outlines and drop shadows of unit and armed-group markers."""
MARKER_TEXT: RGB = (255, 255, 255)
"""Text on a marker (the '!' of a threat)."""


@dataclass(frozen=True)
class OverlayPalette:
    """Colours for one palette choice: per-community hues and scalar ramps (256×3 LUTs)."""

    name: str
    communities: tuple[RGB, ...]
    ramps: dict[str, NDArray[np.uint8]]
    access_open: RGB
    access_closed: RGB


def ramp(*stops: RGB) -> NDArray[np.uint8]:
    """A 256-entry colour lookup table interpolating evenly between ``stops``."""
    pts = np.asarray(stops, dtype=np.float64)
    xs = np.linspace(0.0, 1.0, len(stops))
    t = np.linspace(0.0, 1.0, 256)
    out = np.stack([np.interp(t, xs, pts[:, k]) for k in range(3)], axis=1)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


_VIRIDIS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
_CIVIDIS = ((0, 34, 78), (62, 77, 107), (124, 123, 120), (188, 175, 111), (254, 232, 56))
_INFERNO = ((20, 11, 53), (120, 28, 109), (204, 66, 72), (248, 149, 64), (252, 255, 164))

STANDARD = OverlayPalette(
    name="standard",
    communities=(
        (230, 120, 60),
        (80, 170, 230),
        (200, 90, 200),
        (240, 210, 70),
        (90, 200, 140),
        (240, 90, 120),
        (150, 120, 240),
        (200, 200, 200),
    ),
    ramps={
        "threat": ramp((250, 220, 90), (240, 130, 40), (200, 30, 30)),
        "deaths": ramp((120, 20, 20), (200, 20, 40), (255, 90, 90)),
        "displaced": ramp((190, 150, 230), (140, 70, 200), (90, 30, 150)),
        "protection": ramp((110, 170, 250), (50, 120, 235), (20, 60, 190)),
        "warning": ramp((150, 240, 220), (40, 190, 170), (10, 120, 110)),
        "population": ramp((255, 255, 255), (255, 255, 255)),
    },
    access_open=(70, 190, 110),
    access_closed=(220, 60, 50),
)

COLOURBLIND = OverlayPalette(
    name="colour-blind safe",
    # Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish green,
    # yellow, blue, vermillion, reddish purple, grey.
    communities=(
        (230, 159, 0),
        (86, 180, 233),
        (0, 158, 115),
        (240, 228, 66),
        (0, 114, 178),
        (213, 94, 0),
        (204, 121, 167),
        (153, 153, 153),
    ),
    ramps={
        "threat": ramp(*_INFERNO[1:]),
        "deaths": ramp(*_INFERNO[:4]),
        "displaced": ramp(*_VIRIDIS),
        "protection": ramp(*_CIVIDIS),
        "warning": ramp(*_VIRIDIS[1:]),
        "population": ramp((255, 255, 255), (255, 255, 255)),
    },
    access_open=(0, 114, 178),
    access_closed=(230, 159, 0),
)


def overlay_palette(colourblind: bool) -> OverlayPalette:
    """The overlay palette for the player's setting."""
    return COLOURBLIND if colourblind else STANDARD
