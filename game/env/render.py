"""Pictures of a session for agent environments: an RGB array (numpy only) and ANSI text.

No pygame here: ``rgb_array`` frames are built from the world's layers with numpy, so a
headless training machine renders without a display. Colours: terrain (water blue, urban
grey, land dark green-grey), civilians at home (green), displaced (amber), fighters (red),
protection (a blue wash), units (white squares). Deaths so far tint cells magenta.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = ["ansi", "rgb_array"]

MIN_SIDE = 256
"""Frames are upscaled (whole pixels per cell) to at least this many pixels a side."""


def _norm(a: npt.NDArray[np.float64], scale: float) -> npt.NDArray[np.float64]:
    return 1.0 - np.exp(-np.maximum(a, 0.0) / scale)


def rgb_array(session: Session) -> npt.NDArray[np.uint8]:
    """An (H', W', 3) uint8 picture of the map now (H' >= 256 for small maps)."""
    w = session.world
    t = w.terrain
    img = np.empty((*w.shape, 3), dtype=np.float64)
    img[...] = (0.16, 0.19, 0.17)
    img[t["urban"] != 0] = (0.35, 0.35, 0.38)
    img[t["water"] != 0] = (0.10, 0.22, 0.45)
    civ = _norm(w.civilians.sum(axis=0, dtype=np.float64), 50.0)[..., None]
    img = img * (1 - civ) + civ * np.array([0.20, 0.75, 0.30])
    disp = _norm(w.displaced.sum(axis=0, dtype=np.float64), 50.0)[..., None]
    img = img * (1 - disp) + disp * np.array([0.95, 0.70, 0.15])
    armed = _norm(w.armed.sum(axis=0, dtype=np.float64), 20.0)[..., None]
    img = img * (1 - armed) + armed * np.array([0.90, 0.15, 0.12])
    dead = _norm(w.deaths_map.sum(axis=0, dtype=np.float64), 5.0)[..., None]
    img = img * (1 - 0.7 * dead) + 0.7 * dead * np.array([0.85, 0.10, 0.75])
    prot = np.asarray(w.protection, dtype=np.float64)[..., None] * 0.35
    img = img * (1 - prot) + prot * np.array([0.30, 0.55, 1.0])
    h, wd = w.shape
    for u in w.units:
        if u.alive:
            img[max(0, u.y - 1) : u.y + 2, max(0, u.x - 1) : u.x + 2] = (1.0, 1.0, 1.0)
    k = max(1, -(-MIN_SIDE // max(1, min(h, wd))))
    out: npt.NDArray[np.uint8] = (np.clip(img, 0, 1) * 255).astype(np.uint8)
    if k > 1:
        out = np.repeat(np.repeat(out, k, axis=0), k, axis=1)
    return out


_RAMP = " .:-=+*#%@"


def ansi(session: Session, cols: int = 48, rows: int = 20) -> str:
    """A text picture: a header line, then civilians (digits of density) with fighters
    (``x``), units (``U``) and water (``~``)."""
    w = session.world
    h, wd = w.shape
    ys = np.linspace(0, h, rows + 1).astype(int)
    xs = np.linspace(0, wd, cols + 1).astype(int)
    civ = w.civilians.sum(axis=0, dtype=np.float64)
    armed = w.armed.sum(axis=0, dtype=np.float64)
    water = w.terrain["water"] != 0
    top = max(1.0, float(civ.max()))
    grid = [[" "] * cols for _ in range(rows)]
    for i in range(rows):
        for j in range(cols):
            ys_ = slice(ys[i], max(ys[i + 1], ys[i] + 1))
            xs_ = slice(xs[j], max(xs[j + 1], xs[j] + 1))
            c = float(civ[ys_, xs_].max(initial=0.0))
            ch = _RAMP[min(len(_RAMP) - 1, int(len(_RAMP) * (c / top) ** 0.5))] if c > 0 else " "
            if water[ys_, xs_].mean() > 0.5:
                ch = "~"
            if float(armed[ys_, xs_].sum()) >= 5:
                ch = "x"
            grid[i][j] = ch
    for u in w.units:
        if u.alive:
            i = min(rows - 1, u.y * rows // h)
            j = min(cols - 1, u.x * cols // wd)
            grid[i][j] = "U"
    s = session.scores()
    head = (
        f"turn {w.turn}/{session.mission.end.turn_limit}  killed {int(w.deaths.sum()):,}  "
        f"displaced {int(w.displaced.sum()):,}  "
        + "  ".join(f"{k[:4]} {v:.0f}" for k, v in s.items())
    )
    return head + "\n" + "\n".join("".join(r) for r in grid) + "\n"
