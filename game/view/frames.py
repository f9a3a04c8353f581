"""Pictures of a session for the agent environments: an RGB frame and ANSI text.

``rgb_array`` is :func:`game.view.pictures.frame` of the session's world (the window's
colours, no fog); ``ansi`` is a text picture for terminals: civilians as a density ramp,
fighters, units and water.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from game.view import pictures
from game.view.palette import RGBArray

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = ["ansi", "rgb_array"]


_GROUNDS: dict[bytes, RGBArray] = {}
"""Coloured terrain by the digest of the terrain's bytes: the ground never changes during a
game, and colouring it is half a frame's cost. Keyed by content, so it cannot go stale."""
_MAX_GROUNDS = 4


def _ground(terrain: NDArray[np.void]) -> RGBArray:
    h = hashlib.blake2b(digest_size=16)
    h.update(str((terrain.shape, terrain.dtype.descr)).encode())
    h.update(np.ascontiguousarray(terrain).tobytes())
    key = h.digest()
    hit = _GROUNDS.get(key)
    if hit is None:
        if len(_GROUNDS) >= _MAX_GROUNDS:
            _GROUNDS.pop(next(iter(_GROUNDS)))
        hit = _GROUNDS[key] = pictures.terrain_rgb(terrain)
    return hit


def rgb_array(session: Session) -> RGBArray:
    """An (H', W', 3) uint8 picture of the map now (H' >= 256 for small maps)."""
    w = session.world
    return pictures.frame(w, base=_ground(w.terrain))


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
