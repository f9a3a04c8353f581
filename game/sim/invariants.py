"""Invariants of the world: conservation of people, no negatives, every float finite.

``check`` raises ``InvariantError(turn, layer, detail)`` at the first violation. Tests run
it every turn under ``np.errstate(all="raise")``; in play a violation stops the game and
the caller writes ``dump(world)`` (plain numbers) to disk: the simulation does no file I/O.

Conservation, per community c, exactly (integers):
    civilians[c] + displaced[c] + sheltered[c] + deaths_map[c]  (summed over cells)
        == initial_totals[c]
and deaths[c].sum() == deaths_map[c].sum() (every death has a perpetrator).
Recruits do not leave the civilian counts (see mobilisation), so they do not enter here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from game.sim.world import World


class InvariantError(AssertionError):
    """The world broke an invariant: which turn, which layer, and what was wrong."""

    def __init__(self, turn: int, layer: str, detail: str) -> None:
        super().__init__(f"turn {turn}: {layer}: {detail}")
        self.turn = turn
        self.layer = layer
        self.detail = detail


COUNT_LAYERS = ("civilians", "displaced", "sheltered", "deaths_map", "deaths", "poc_capacity")
FLOAT_LAYERS = ("armed", "threat", "protection", "warning", "access")
UNIT_RANGE = ("protection", "warning", "access")
SCALARS = ("consent", "supply", "cohesion", "intent", "legitimacy", "hardship")


def check(w: World, initial_totals: npt.NDArray[np.int64] | None = None) -> None:
    """Raise ``InvariantError`` unless every invariant holds."""
    t = w.turn
    for name in COUNT_LAYERS:
        a = getattr(w, name)
        if a.size and int(a.min()) < 0:
            raise InvariantError(t, name, f"negative count {int(a.min())}")
    for name in FLOAT_LAYERS:
        a = getattr(w, name)
        if not np.all(np.isfinite(a)):
            raise InvariantError(t, name, "non-finite value")
        if a.size and float(a.min()) < 0:
            raise InvariantError(t, name, f"negative value {float(a.min())}")
    for name in UNIT_RANGE:
        a = getattr(w, name)
        if a.size and float(a.max()) > 1.0 + 1e-6:
            raise InvariantError(t, name, f"value {float(a.max())} above 1")
    for name in SCALARS:
        a = getattr(w, name)
        if not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a > 1):
            raise InvariantError(t, name, f"outside 0..1: {a.tolist()}")
    if not 0.0 <= w.credibility <= 1.0:
        raise InvariantError(t, "credibility", f"outside 0..1: {w.credibility}")
    expected = w.initial_totals if initial_totals is None else initial_totals
    total = np.zeros(w.n_communities, dtype=np.int64)
    for name in ("civilians", "displaced", "sheltered", "deaths_map"):
        total += getattr(w, name).sum(axis=(1, 2), dtype=np.int64)
    for c in range(w.n_communities):
        if int(total[c]) != int(expected[c]):
            raise InvariantError(
                t,
                "civilians",
                f"community '{w.community_ids[c]}': alive+displaced+sheltered+dead = "
                f"{int(total[c])}, expected {int(expected[c])}",
            )
    by_cell = w.deaths_map.sum(axis=(1, 2), dtype=np.int64)
    if not np.array_equal(by_cell, w.deaths.sum(axis=1)):
        raise InvariantError(
            t, "deaths", f"by perpetrator {w.deaths.sum(axis=1).tolist()} != map {by_cell.tolist()}"
        )
    outside = w.sheltered.sum(dtype=np.int64) - sum(
        int(w.sheltered[:, y, x].sum()) for x, y in w.poc_sites
    )
    if outside != 0:
        raise InvariantError(t, "sheltered", "people sheltered outside any POC site")
    for u in w.units:
        if u.strength < 0 or not 0.0 <= u.readiness <= 1.0 or u.killed < 0:
            raise InvariantError(t, "units", f"unit '{u.id}' out of range")
    for a in w.attacks:
        if not np.isfinite(a.strength) or a.strength < 0:
            raise InvariantError(t, "attacks", f"attack strength {a.strength}")


def dump(w: World) -> dict[str, Any]:
    """A plain-number summary of the world for a crash report (the caller writes it)."""
    return {
        "turn": w.turn,
        "communities": list(w.community_ids),
        "factions": list(w.faction_ids),
        "initial_totals": w.initial_totals.tolist(),
        "civilians": w.civilians.sum(axis=(1, 2), dtype=np.int64).tolist(),
        "displaced": w.displaced.sum(axis=(1, 2), dtype=np.int64).tolist(),
        "sheltered": w.sheltered.sum(axis=(1, 2), dtype=np.int64).tolist(),
        "deaths_map": w.deaths_map.sum(axis=(1, 2), dtype=np.int64).tolist(),
        "deaths": w.deaths.tolist(),
        "min": {
            n: float(getattr(w, n).min()) for n in COUNT_LAYERS + FLOAT_LAYERS if getattr(w, n).size
        },
        "nonfinite": {n: int((~np.isfinite(getattr(w, n))).sum()) for n in FLOAT_LAYERS},
        "armed": w.armed.sum(axis=(1, 2), dtype=np.float64).tolist(),
        "consent": w.consent.tolist(),
        "legitimacy": w.legitimacy.tolist(),
        "credibility": w.credibility,
        "units": [
            {"id": u.id, "strength": u.strength, "x": u.x, "y": u.y, "withdrawn": u.withdrawn}
            for u in w.units
        ],
        "attacks": [
            {"faction": a.faction, "x": a.x, "y": a.y, "strength": a.strength, "days": a.days}
            for a in w.attacks
        ],
    }
