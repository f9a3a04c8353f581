"""Colours: the UN-blue interface, the terrain, and the overlay ramps.

Two overlay palettes: the standard one, and a colour-blind-safe one built from the
Okabe–Ito categorical set (communities) and viridis/cividis-like ramps (scalar fields),
which stay distinguishable under the common colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

RGB = tuple[int, int, int]

# --------------------------------------------------------------------------- interface
UN_BLUE: RGB = (91, 146, 229)
BG: RGB = (10, 18, 30)
BG_DEEP: RGB = (6, 11, 19)
PANEL: RGB = (16, 29, 47)
PANEL_HI: RGB = (24, 42, 66)
BORDER: RGB = (44, 74, 112)
TEXT: RGB = (228, 236, 245)
MUTED: RGB = (150, 170, 194)
ACCENT: RGB = (122, 176, 255)
GOLD: RGB = (224, 176, 72)
DANGER: RGB = (226, 92, 80)
OK: RGB = (104, 196, 132)
FRIEND_FILL: RGB = (128, 224, 255)
"""APP-6 'friend' fill (crystal blue)."""

# --------------------------------------------------------------------------- terrain
GRASS: RGB = (118, 140, 86)
GRASS_DRY: RGB = (150, 152, 98)
FOREST: RGB = (52, 88, 52)
HILLS: RGB = (138, 116, 84)
WATER: RGB = (46, 92, 140)
WATER_DEEP: RGB = (30, 66, 112)
URBAN: RGB = (156, 150, 140)
ROAD: RGB = (214, 196, 150)


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
