"""Colours of the UN-blue interface: panels, text, buttons and tones.

The map's colours (terrain, markers, the overlay ramps and the colour-blind-safe
palette) are :mod:`game.view.palette`, shared with the agent frames and the
after-action review. The interface re-exports the few it shares with the map (the
friend fill, the threat red as its danger tone, the background that fog fades into) and
the overlay palettes its widgets pick from, so ``pal.X`` reads the same in every screen.
"""

from __future__ import annotations

from game.view.palette import (
    FOG,
    FRIEND_FILL,
    HOSTILE,
    RGB,
    OverlayPalette,
    overlay_palette,
)

__all__ = [
    "ACCENT",
    "BG",
    "BG_DEEP",
    "BORDER",
    "DANGER",
    "FRIEND_FILL",
    "GOLD",
    "MUTED",
    "OK",
    "PANEL",
    "PANEL_HI",
    "RGB",
    "TEXT",
    "UN_BLUE",
    "OverlayPalette",
    "hex_colour",
    "overlay_palette",
]

# --------------------------------------------------------------------------- interface
UN_BLUE: RGB = (91, 146, 229)
BG: RGB = FOG
"""The window's background (the map's fog fades towards it)."""
BG_DEEP: RGB = (6, 11, 19)
PANEL: RGB = (16, 29, 47)
PANEL_HI: RGB = (24, 42, 66)
BORDER: RGB = (44, 74, 112)
TEXT: RGB = (228, 236, 245)
MUTED: RGB = (150, 170, 194)
ACCENT: RGB = (122, 176, 255)
GOLD: RGB = (224, 176, 72)
DANGER: RGB = HOSTILE
"""The danger tone: the red of a known threat on the map."""
OK: RGB = (104, 196, 132)


def hex_colour(rgb: RGB) -> str:
    """``#RRGGBB`` for pygame_gui's HTML text boxes."""
    return "#{:02X}{:02X}{:02X}".format(*rgb)
