"""The map overlays (the window's keys 1-7, the agent frames, the harm map), and how each
tints the map.

Each overlay reads one numpy layer of the world (by its simulation name) and turns it into an RGBA
array in one vectorised pass. Counts (people, deaths) use a log scale so a town of
20,000 and a hamlet of 50 both show; fields in [0, 1] (protection, warning, access)
are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from game.view.palette import RGB, OverlayPalette, RGBAArray

Scale = Literal["log", "unit", "relative", "community", "access"]


@dataclass(frozen=True)
class Overlay:
    """One toggleable overlay: its key, the layer it reads, and how it is shown."""

    id: str
    key: str
    label: str
    layer: str
    scale: Scale
    tooltip: str
    reduce: Literal["sum", "max", "none"] = "none"


OVERLAYS: tuple[Overlay, ...] = (
    Overlay(
        "population",
        "1",
        "Population",
        "civilians",
        "community",
        "Civilians by community: the colour is the largest community in a cell, "
        "the strength how many live there.",
    ),
    Overlay(
        "threat",
        "2",
        "Threat",
        "threat",
        "relative",
        "Threat to civilians: the highest threat to any community in each cell.",
        reduce="max",
    ),
    Overlay(
        "deaths",
        "3",
        "Deaths",
        "deaths_map",
        "log",
        "Civilians killed so far, all communities and perpetrators.",
        reduce="sum",
    ),
    Overlay(
        "displaced",
        "4",
        "Displaced",
        "displaced",
        "log",
        "Civilians who have fled their homes, by where they are now.",
        reduce="sum",
    ),
    Overlay(
        "protection",
        "5",
        "Protection",
        "protection",
        "unit",
        "Protection coverage: how strongly peacekeepers deter attacks in each cell.",
    ),
    Overlay(
        "warning",
        "6",
        "Early warning",
        "warning",
        "unit",
        "Early-warning coverage: where communities and observers would raise the alarm.",
    ),
    Overlay(
        "access",
        "7",
        "Consent & access",
        "access",
        "access",
        "Where the parties' consent lets the mission go (access), with the ROE's "
        "consent zones outlined.",
    ),
)
"""Every overlay, in key order."""

BY_ID = {o.id: o for o in OVERLAYS}


@dataclass(frozen=True)
class Legend:
    """What the side panel shows under an active overlay."""

    overlay: Overlay
    vmax: float
    swatches: tuple[tuple[str, RGB], ...] = ()


def _reduce(o: Overlay, data: NDArray[np.generic]) -> NDArray[np.float32]:
    arr = np.asarray(data, dtype=np.float32)
    if arr.ndim == 3:
        arr = arr.max(axis=0) if o.reduce == "max" else arr.sum(axis=0)
    return arr


def overlay_rgba(
    o: Overlay,
    data: NDArray[np.generic],
    colours: OverlayPalette,
    names: tuple[str, ...] = (),
) -> tuple[RGBAArray, Legend]:
    """The overlay as an (H, W, 4) RGBA array plus its legend; ``names`` are community names."""
    if o.scale == "community":
        return _population(o, np.asarray(data, dtype=np.float32), colours, names)
    value = _reduce(o, data)
    h, w = value.shape
    out = np.zeros((h, w, 4), dtype=np.uint8)
    if o.scale == "access":
        v = np.clip(value, 0.0, 1.0)[..., None]
        rgb = np.asarray(colours.access_open, np.float32) * v + np.asarray(
            colours.access_closed, np.float32
        ) * (1 - v)
        out[..., :3] = np.rint(rgb).astype(np.uint8)
        out[..., 3] = np.rint(50 + 110 * (1 - v[..., 0])).astype(np.uint8)
        sw = (("open", colours.access_open), ("closed", colours.access_closed))
        return out, Legend(o, 1.0, sw)
    vmax = float(value.max()) if value.size else 0.0
    if o.scale == "log":
        norm = np.log1p(np.maximum(value, 0)) / np.log1p(max(vmax, 1.0))
    elif o.scale == "relative":
        norm = np.clip(value / vmax, 0.0, 1.0) if vmax > 0 else np.zeros_like(value)
    else:
        norm = np.clip(value / max(vmax, 1.0) if vmax > 1.0 else value, 0.0, 1.0)
    lut = colours.ramps[o.id]
    idx = np.clip(np.rint(norm * 255), 0, 255).astype(np.intp)
    out[..., :3] = lut[idx]
    alpha = np.where(value > 1e-9, 40 + 180 * norm, 0.0)
    out[..., 3] = np.clip(np.rint(alpha), 0, 255).astype(np.uint8)
    return out, Legend(o, vmax)


def _population(
    o: Overlay, counts: NDArray[np.float32], colours: OverlayPalette, names: tuple[str, ...]
) -> tuple[RGBAArray, Legend]:
    c, h, w = counts.shape
    hues = np.asarray(
        [colours.communities[i % len(colours.communities)] for i in range(c)], dtype=np.uint8
    )
    total = counts.sum(axis=0)
    top = counts.argmax(axis=0)
    vmax = float(total.max()) if total.size else 0.0
    norm = np.log1p(total) / np.log1p(max(vmax, 1.0))
    out = np.zeros((h, w, 4), dtype=np.uint8)
    out[..., :3] = hues[top]
    out[..., 3] = np.where(total > 0, np.rint(235 * norm**1.8), 0).astype(np.uint8)
    labels = names if len(names) == c else tuple(f"community {i + 1}" for i in range(c))
    sw = tuple((labels[i], (int(r), int(g), int(b))) for i, (r, g, b) in enumerate(hues))
    return out, Legend(o, vmax, sw)
