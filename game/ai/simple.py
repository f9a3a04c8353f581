"""The three baseline player policies: passive, reckless and random.

They exist to be compared with ``doctrine``: a mission that does nothing (the bystander
of Kiwanja), a mission that reaches for force first and takes a side, and a mission that
acts at random within what the rules list as legal.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from game.ai.base import policy_rng
from game.rules.orders import Order, Patrol, UseForce
from game.sim.world import UNIT_TYPES

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = ["ARMED", "PassivePolicy", "RandomPolicy", "RecklessPolicy"]

ARMED = ("infantry", "formed_police", "quick_reaction_force", "helicopters")
"""Unit types that can carry force to a faction."""


class PassivePolicy:
    """Stays in base and gives no orders at all."""

    name = "passive"

    def __init__(self, seed: int = 0) -> None:
        """Nothing to seed; the signature matches every policy factory."""
        self.seed = seed

    def decide(self, session: Session) -> list[Order]:
        """No orders, ever."""
        return []


class RecklessPolicy:
    """Force first, and for one side only.

    Picks one "enemy" (the strongest faction that is not the host government), then every
    armed unit uses deadly force on it whenever any of its fighters are in reach, skipping
    every rung; otherwise the unit drives toward the enemy's biggest concentration, consent
    zones or not. It never negotiates, reports, warns, or acts on misconduct, and ignores
    whatever the other factions do to civilians.
    """

    name = "reckless"

    def __init__(self, seed: int = 0) -> None:
        """No randomness: the enemy follows from the mission file."""
        self.seed = seed

    @staticmethod
    def enemy(session: Session) -> str:
        """The side it fights: the strongest non-government faction at turn 1."""
        factions = session.mission.factions
        others = [f for f in factions if f.kind != "government"] or list(factions)
        return max(others, key=lambda f: sum(d.strength for d in f.deployments)).id

    def decide(self, session: Session) -> list[Order]:
        """Deadly force at the enemy in reach; otherwise close in on it."""
        enemy = self.enemy(session)
        w = session.world
        f = w.faction_ids.index(enemy)
        layer = w.armed[f]
        target: tuple[int, int] | None = None
        if float(layer.max(initial=0.0)) > 0:
            iy, ix = np.unravel_index(int(np.argmax(layer)), layer.shape)
            target = (int(ix), int(iy))
        orders: list[Order] = []
        for u in w.units:
            if not u.alive or UNIT_TYPES[u.type] not in ARMED:
                continue
            around = session.around(u.id)
            if around is not None and float(around.fighters[f]) >= 1.0:
                orders.append(UseForce(u.id, enemy, "deadly", "defence_of_mandate"))
            elif target is not None and math.hypot(target[0] - u.x, target[1] - u.y) > 1:
                orders.append(Patrol(u.id, target[0], target[1]))
        return orders


class RandomPolicy:
    """Each turn, a random number of orders drawn uniformly from the rules' legal orders."""

    name = "random"

    def __init__(self, seed: int = 0) -> None:
        """Seeded from the run's seed (never the game's own stream)."""
        self.seed = seed

    def decide(self, session: Session) -> list[Order]:
        """Up to one order per live unit, drawn without replacement from ``legal_orders``
        (the mission-level ones and every live unit's)."""
        rng = policy_rng(self.seed, self.name, session.turn)
        live = [u.id for u in session.world.units if u.alive]
        candidates = list(session.legal_orders())
        for uid in live:
            candidates.extend(session.legal_orders(uid))
        options = [o.order for o in candidates if o.verdict.status != "refused"]
        if not options:
            return []
        units = len(live)
        n = int(rng.integers(0, min(len(options), max(1, units)) + 1))
        picks: list[int] = rng.choice(len(options), size=n, replace=False).tolist() if n else []
        return [options[i] for i in sorted(picks)]
