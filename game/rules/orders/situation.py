"""What the rules know when they judge an order: the mission, the world, the rules' state.

``Situation`` answers the questions every order's rule asks (where is the unit, how far
can it act today, which factions and threats are within that reach, which consent zone a
cell lies in) and caches per-unit answers for one turn: build a new one after each day.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from game.mission.schema import Mission, Unit
from game.rules.state import KnownThreat, RulesState
from game.sim.fields import disc, window
from game.sim.protection import reach_cells, type_profile
from game.sim.world import UnitState, World


def unit_spec(mission: Mission, uid: str) -> tuple[str, Unit] | None:
    """The mission-file path and description of a unit (deployed, reserve or injected)."""
    for i, u in enumerate(mission.forces.units):
        if u.id == uid:
            return f"forces.units[{i}]", u
    for i, u in enumerate(mission.forces.reserve):
        if u.id == uid:
            return f"forces.reserve[{i}]", u
    for i, inj in enumerate(mission.injects):
        for j, e in enumerate(inj.effects):
            for k, u in enumerate(getattr(e, "units", None) or []):
                if u.id == uid:
                    return f"injects[{i}].effects[{j}].units[{k}]", u
    return None


class Situation:
    """What the rules know when judging orders: the mission, the world and the rules' state.

    Caches per-unit look-ups for one turn (build a new one after each step). ``reach`` of a
    unit is its protective reach plus one day's travel: how far it can act today.
    """

    def __init__(self, mission: Mission, world: World, state: RulesState) -> None:
        self.mission = mission
        self.world = world
        self.state = state
        self._presence: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
        self._civilians: dict[str, float] = {}

    @property
    def turn(self) -> int:
        """The day being ordered (days completed + 1)."""
        return self.world.turn + 1

    def unit(self, uid: str) -> UnitState | None:
        """The unit's live record, or None if it is not (or no longer) in the world."""
        for u in self.world.units:
            if u.id == uid:
                return u
        return None

    def reach(self, u: UnitState) -> float:
        """Cells within which the unit can act today (protective reach + a day's move)."""
        return reach_cells(self.world, u) + self.world.cells(type_profile(self.world, u).speed_km)

    def in_reach(self, u: UnitState, x: int, y: int, extra: float = 0.0) -> bool:
        """Whether (x, y) lies within the unit's reach today."""
        return math.hypot(x - u.x, y - u.y) <= self.reach(u) + extra

    def presence(self, u: UnitState) -> np.ndarray[Any, np.dtype[np.float64]]:
        """(F,) fighters of each faction within the unit's reach (attacking groups included)."""
        got = self._presence.get(u.id)
        if got is not None:
            return got
        w = self.world
        r = self.reach(u)
        h, wd = w.shape
        ys, xs = window(h, wd, u.y, u.x, math.ceil(r))
        m = disc(ys, xs, u.y, u.x, r)
        out: np.ndarray[Any, np.dtype[np.float64]] = w.armed[:, ys, xs][:, m].sum(
            axis=1, dtype=np.float64
        )
        for a in w.attacks:
            if math.hypot(a.x - u.x, a.y - u.y) <= r:
                out[a.faction] += a.strength
        self._presence[u.id] = out
        return out

    def civilians_near(self, u: UnitState) -> float:
        """Civilians (at home or displaced) within the unit's protective reach."""
        got = self._civilians.get(u.id)
        if got is not None:
            return got
        w = self.world
        r = max(1.0, reach_cells(w, u))
        h, wd = w.shape
        ys, xs = window(h, wd, u.y, u.x, math.ceil(r))
        m = disc(ys, xs, u.y, u.x, r)
        n = float(w.civilians[:, ys, xs][:, m].sum()) + float(w.displaced[:, ys, xs][:, m].sum())
        self._civilians[u.id] = n
        return n

    def threats_in_reach(self, u: UnitState, faction: str | None = None) -> list[KnownThreat]:
        """Known threats within the unit's reach (all, or one faction's)."""
        return [
            t
            for t in self.state.known_threats
            if (faction is None or t.faction == faction) and self.in_reach(u, t.x, t.y)
        ]

    def attacked_recently(self, faction: str, days: int = 2) -> bool:
        """Whether the faction killed peacekeepers in the last ``days`` days."""
        last = self.state.attacked_by.get(faction)
        return last is not None and self.turn - last <= days

    def hostile(self, faction: str) -> bool:
        """Whether the faction is hostile to the mission (consent below one half, or attacking)."""
        f = self.world.faction_ids.index(faction)
        return float(self.world.consent[f]) < 0.5 or self.attacked_recently(faction)

    def zone_breach(self, x: int, y: int) -> tuple[int, str] | None:
        """The first consent zone containing (x, y) whose faction's consent is too low."""
        for i, z in enumerate(self.mission.roe.consent_zones):
            zx, zy = self.mission.locate(z.at)
            f = self.world.faction_ids.index(z.faction)
            if math.hypot(x - zx, y - zy) <= z.radius and self.world.consent[f] < z.min_consent:
                return i, z.faction
        return None
