"""Scripted peacekeeper losses: deaths an inject states rather than an attack the sim plays.

Applied to the unit's record before the day is simulated, exactly as the sim records
deaths from attacks (strength down, killed up); a unit already gone loses no one.
"""

from __future__ import annotations

from game.sim.world import World


def scripted_losses(w: World, unit: str, count: int) -> int | None:
    """Kill up to ``count`` of ``unit``'s personnel: how many died (None if it is gone)."""
    for u in w.units:
        if u.id == unit and u.alive:
            k = min(count, u.strength)
            u.strength -= k
            u.killed += k
            return k
    return None
