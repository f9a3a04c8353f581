"""The one object the game screen talks to: what the map shows and what the player may do.

Today ``GameModel`` wraps the simulation directly (``game.sim.world.World`` and
``game.sim.dynamics.step``): a right-click becomes a ``Move`` directive and *End turn*
advances one day. When the turn engine (``game.engine.session``) lands, only this module
changes: the screens keep calling the same methods. No rule or dynamic lives here, and
each part of the core that is not there yet is reported as an :class:`Availability` with
the reason, so the UI can disable a control and say why instead of faking it.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from game.mission.schema import Mission

log = logging.getLogger(__name__)

LAYERS = ("civilians", "displaced", "deaths_map", "threat", "protection", "warning", "access")
"""Layers the map view may ask for, named as the simulation names them."""


@dataclass(frozen=True)
class Availability:
    """Whether an action or a view is possible now, and if not, why (shown as a tooltip)."""

    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class UnitView:
    """What the UI shows of one peacekeeping unit."""

    id: str
    name: str
    type: str
    strength: int
    x: int
    y: int
    posture: str
    readiness: float
    country: str
    caveats: tuple[str, ...]
    destination: tuple[int, int] | None


@dataclass(frozen=True)
class TownView:
    """A town label on the map."""

    name: str
    x: int
    y: int
    radius: int
    poc_site: int


@dataclass(frozen=True)
class ZoneView:
    """An ROE consent zone outline."""

    name: str
    x: int
    y: int
    radius: int
    faction: str
    min_consent: float


def _load_sim() -> tuple[Any, Any, Any, str]:
    """The simulation's World class, step function and directives module, or a reason."""
    try:
        from game.sim import directives
        from game.sim.world import World
    except ImportError as e:
        return None, None, None, f"the simulation is not available yet ({e.name})"
    try:
        from game.sim.dynamics import step
    except ImportError:
        return World, None, directives, "the simulation cannot advance a day yet (no dynamics)"
    return World, step, directives, ""


class GameModel:
    """A mission in play, as the screens see it; wraps the world (later: the session)."""

    def __init__(self, mission: Mission, *, seed: int = 0, mission_dir: Path | None = None):
        self.mission = mission
        self.seed = seed
        self.version = 0
        """Bumped whenever anything the map shows changes (cache key for pictures)."""
        self.messages: list[str] = []
        self._moves: dict[str, tuple[int, int]] = {}
        self._turn = 0
        self._units: tuple[tuple[int, int], list[UnitView]] | None = None
        world_cls, self._step, self._directives, self._why_not = _load_sim()
        self._world: Any = None
        terrain = self._explicit_terrain(mission, mission_dir)
        if world_cls is not None:
            try:
                self._world = world_cls.from_mission(mission, seed, terrain=terrain)
            except ImportError as e:
                self._why_not = f"the simulation is not complete yet ({e.name})"
            except Exception as e:  # a half-built core must not take the UI down with it
                log.warning("building the world failed; showing the map only", exc_info=True)
                self._why_not = f"the simulation failed to start: {e}"
        if self._world is None:
            from game.mission import maps

            self._terrain = terrain if terrain is not None else maps.build_terrain(mission.map)
            civ = maps.build_population(mission, self._terrain)
            self._static: dict[str, NDArray[Any]] = {
                "civilians": civ,
                "displaced": np.zeros_like(civ),
                "deaths_map": np.zeros_like(civ),
            }

    @staticmethod
    def _explicit_terrain(mission: Mission, mission_dir: Path | None) -> NDArray[np.void] | None:
        if mission.map.layers is None:
            return None
        from game.mission import maps
        from game.paths import missions_dir

        base = mission_dir or missions_dir()
        return maps.load_layers(base / mission.map.layers, mission.map)

    @classmethod
    def load(cls, path: Path, *, seed: int = 0) -> GameModel:
        """Load and validate a mission file, then build its world."""
        from game.mission import load_mission

        return cls(load_mission(path), seed=seed, mission_dir=path.parent)

    # ----------------------------------------------------------------- what is shown
    @property
    def live(self) -> bool:
        """True when a simulated world backs the map (not just the mission's geography)."""
        return self._world is not None

    @property
    def source_note(self) -> str:
        """One line saying what the map shows."""
        if self.live:
            return "Live simulation"
        return f"Map preview: {self._why_not}"

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the grid in cells."""
        return (self.mission.map.width, self.mission.map.height)

    @property
    def day(self) -> int:
        """The day being planned, starting at 1."""
        turn = int(self._world.turn) if self.live else self._turn
        return turn + 1

    @property
    def date(self) -> date | None:
        """Calendar date of the current day, if the mission has a start date."""
        start = self.mission.meta.start_date
        return start + timedelta(days=self.day - 1) if start else None

    @property
    def terrain(self) -> NDArray[np.void]:
        """The (H, W) structured terrain layer."""
        terrain: NDArray[np.void] = self._world.terrain if self.live else self._terrain
        return terrain

    def layer(self, name: str) -> NDArray[Any] | None:
        """A numpy layer by its simulation name, or None if nothing provides it yet."""
        if self.live:
            value = getattr(self._world, name, None)
            return value if isinstance(value, np.ndarray) else None
        return self._static.get(name)

    def layer_availability(self, name: str) -> Availability:
        """Whether the layer ``name`` can be shown, and why not."""
        if self.layer(name) is not None:
            return Availability(True)
        return Availability(False, f"Not available: {self._why_not}.")

    @property
    def community_names(self) -> tuple[str, ...]:
        """Community names in layer order."""
        return tuple(c.name for c in self.mission.communities)

    def units(self) -> list[UnitView]:
        """The mission's units where they stand now, with any move ordered this turn."""
        key = (self.version, self.day)
        if self._units is None or self._units[0] != key:
            self._units = (key, self._unit_views())
        return list(self._units[1])

    def _unit_views(self) -> list[UnitView]:
        spec = {u.id: u for u in (*self.mission.forces.units, *self.mission.forces.reserve)}
        out = []
        if self.live:
            from game.sim.world import POSTURES, UNIT_TYPES

            for s in self._world.units:
                if not s.alive:
                    continue
                u = spec.get(s.id)
                kind = UNIT_TYPES[s.type] if isinstance(s.type, int) else str(s.type)
                posture = POSTURES[s.posture] if isinstance(s.posture, int) else str(s.posture)
                dest = self._moves.get(s.id)
                if dest is None and (s.dest_x, s.dest_y) != (s.x, s.y):
                    dest = (s.dest_x, s.dest_y)
                out.append(
                    UnitView(
                        s.id,
                        u.name if u else s.id,
                        kind,
                        int(s.strength),
                        int(s.x),
                        int(s.y),
                        posture,
                        float(s.readiness),
                        s.country,
                        tuple(u.caveats) if u else (),
                        dest,
                    )
                )
            return out
        for u in self.mission.forces.units:
            x, y = self.mission.locate(u.at)
            out.append(
                UnitView(
                    u.id,
                    u.name,
                    u.type,
                    u.strength,
                    x,
                    y,
                    u.posture,
                    u.readiness,
                    u.country,
                    tuple(u.caveats),
                    self._moves.get(u.id),
                )
            )
        return out

    def towns(self) -> list[TownView]:
        """Towns to label."""
        return [
            TownView(t.name, t.at[0], t.at[1], t.radius, t.poc_site) for t in self.mission.map.towns
        ]

    def consent_zones(self) -> list[ZoneView]:
        """The ROE's consent zones, to outline on the access overlay."""
        names = {f.id: f.name for f in self.mission.factions}
        out = []
        for z in self.mission.roe.consent_zones:
            x, y = self.mission.locate(z.at)
            out.append(ZoneView(z.name, x, y, z.radius, names[z.faction], z.min_consent))
        return out

    def knowledge(self) -> tuple[NDArray[np.bool_] | None, str]:
        """Cells the mission knows about (None: everything shown), and how that is decided."""
        known = getattr(self._world, "known", None) if self.live else None
        if isinstance(known, np.ndarray):
            return known.astype(bool), "Fog: cells the mission's intelligence covers."
        warning, protection = self.layer("warning"), self.layer("protection")
        if warning is not None and protection is not None:
            mask = (warning > 0.05) | (protection > 0.05)
            return mask, (
                "Fog: cells outside early-warning and protection coverage are dimmed "
                "(until the simulation provides a knowledge layer)."
            )
        return None, "Ground truth only: no early-warning or protection coverage yet."

    def cell_info(self, x: int, y: int) -> str:
        """A one-line description of cell (x, y) for the status bar."""
        t = self.terrain[y, x]
        kind = (
            "water"
            if t["water"]
            else "town"
            if t["urban"]
            else "road"
            if t["road"]
            else "forest"
            if t["cover"] >= 0.6
            else "hills"
            if t["move_cost"] >= 2.0
            else "open ground"
        )
        parts = [f"({x}, {y}) {kind}", f"move cost {float(t['move_cost']):.1f}"]
        civ = self.layer("civilians")
        if civ is not None:
            people = ", ".join(
                f"{n} {int(civ[i, y, x]):,}"
                for i, n in enumerate(self.community_names)
                if civ[i, y, x] > 0
            )
            parts.append(people or "no civilians")
        for name, label in (
            ("threat", "threat"),
            ("protection", "protection"),
            ("access", "access"),
        ):
            arr = self.layer(name)
            if arr is not None:
                v = float(arr[:, y, x].max()) if arr.ndim == 3 else float(arr[y, x])
                parts.append(f"{label} {v:.2g}")
        return "  ·  ".join(parts)

    # ----------------------------------------------------------------- what the player does
    def unit_at(self, x: int, y: int, radius: float = 0.0) -> UnitView | None:
        """The unit nearest to cell (x, y) within ``radius`` cells, if any."""
        best, best_d = None, radius + 0.5
        for u in self.units():
            d = float(np.hypot(u.x - x, u.y - y))
            if d <= best_d:
                best, best_d = u, d
        return best

    def order_move(self, unit_id: str, x: int, y: int) -> Availability:
        """Order a unit toward cell (x, y); it moves when the day is played."""
        w, h = self.size
        if not (0 <= x < w and 0 <= y < h):
            return Availability(False, "That cell is off the map.")
        if self._directives is None:
            self._moves[unit_id] = (x, y)
            self.version += 1
            return Availability(True, f"Move planned; {self._why_not}.")
        self._moves[unit_id] = (x, y)
        self.version += 1
        return Availability(True, f"{unit_id} ordered to ({x}, {y}).")

    def cancel_move(self, unit_id: str) -> None:
        """Drop the move ordered for a unit this turn."""
        if self._moves.pop(unit_id, None) is not None:
            self.version += 1

    def end_turn_availability(self) -> Availability:
        """Whether *End turn* can play the day now."""
        if not self.live or self._step is None:
            return Availability(False, f"End turn is disabled: {self._why_not}.")
        if self.day > self.mission.end.turn_limit:
            return Availability(False, "The mission has reached its last day.")
        return Availability(True, f"Play day {self.day}: units carry out their orders.")

    def end_turn(self) -> list[str]:
        """Play one day with this turn's orders; return what to tell the player."""
        can = self.end_turn_availability()
        if not can.ok:
            return [can.reason]
        moves = [self._directives.Move(uid, x, y) for uid, (x, y) in self._moves.items()]
        report = self._step(self._world, moves)
        self._moves.clear()
        self.version += 1
        lines = self._summarise(report)
        self.messages = lines + self.messages
        return lines

    def _name(self, ident: str) -> str:
        """A faction, community or unit id as the player reads it."""
        m = self.mission
        for group in (m.factions, m.communities, m.forces.units, m.forces.reserve):
            for item in group:
                if item.id == ident:
                    return item.name
        return "the mission" if ident == "mission" else ident

    def _incident(self, inc: Any) -> str:
        """One incident of the day as a sentence for the log."""
        kind = type(inc).__name__
        f = (
            dataclasses.asdict(inc)
            if dataclasses.is_dataclass(inc) and not isinstance(inc, type)
            else {}
        )
        n = self._name
        if kind == "CiviliansAttacked":
            return (
                f"{f['killed']:,} {n(f['community'])} civilians killed by "
                f"{n(f['perpetrator'])} at {tuple(f['cell'])}."
            )
        if kind == "ThreatDetected":
            return (
                f"Early warning: {n(f['faction'])} forming against {n(f['community'])} "
                f"at {tuple(f['cell'])}, {f['lead_days']} days out."
            )
        if kind == "Clash":
            return (
                f"Clash: {n(f['faction'])} against {n(f['other'])}, "
                f"{f['losses']:,.0f} fighters lost."
            )
        if kind == "PeacekeepersAttacked":
            return f"{n(f['unit'])} attacked by {n(f['faction'])}: {f['killed']} killed."
        return f"{kind}: " + ", ".join(f"{k} {v}" for k, v in f.items())

    def _summarise(self, report: Any) -> list[str]:
        day = getattr(report, "turn", self.day - 1)
        killed = int(getattr(report, "civilians_killed", 0))
        fled = int(np.asarray(getattr(report, "fled", 0)).sum())
        lines = [f"Day {day}: {killed:,} civilians killed, {fled:,} fled their homes."]
        lines += [self._incident(inc) for inc in list(getattr(report, "incidents", []))[:6]]
        return lines
