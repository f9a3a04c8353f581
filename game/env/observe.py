"""What an agent sees and can do: fixed observation arrays and a fixed action catalogue.

Shared by the Gymnasium env (the mission as one agent) and the PettingZoo env (the
mission and the factions). Every space is fixed per mission, so one mission's env always
has the same shapes.

Observation (a dict of float32 arrays, every value in 0..1):

- ``maps`` (K, 32, 32): coarse layers of the grid (block sums squashed with
  ``1 - exp(-x / scale)``): civilians at home, displaced, sheltered, the worst threat to
  any community, protection, early warning, access, then each faction's fighters, then
  the mission's units.
- ``scalars``: progress through the turn limit, each faction's consent, each community's
  view of the mission's legitimacy, credibility, Council support, the five norm scores
  and the mission score (/100), and the share of civilians killed so far.
- ``units`` (U, 4): for every unit the mission can ever field (deployed, reserve and
  inject reinforcements): x, y (as a share of the map), strength (share of its starting
  strength, capped at 1) and whether it is deployed and alive.

Mission action: ``MultiDiscrete([len(UNIT_ACTIONS)] * U + [len(MISSION_ACTIONS)])``, one
choice per unit slot and one mission-level choice, each turned into rule-checked orders
by ``mission_orders`` (a choice that names no sensible target gives no order).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from game.mission.schema import Mission, Reinforce
from game.norms import NORMS
from game.rules.orders import (
    ActOnMisconduct,
    EngageCommunity,
    Guard,
    Interpose,
    Negotiate,
    Order,
    Patrol,
    Redeploy,
    ReportToCouncil,
    RequestReinforcements,
    SetUpAlertNetwork,
    ShowOfForce,
)
from game.rules.state import open_cases

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = [
    "MISSION_ACTIONS",
    "OBS_SIDE",
    "UNIT_ACTIONS",
    "Layout",
    "layout",
    "mission_orders",
    "observe",
]

OBS_SIDE = 32
"""Side of the coarse observation maps."""

UNIT_ACTIONS: tuple[str, ...] = (
    "hold",
    "patrol_toward_threat",
    "guard_nearest_town",
    "interpose_threat",
    "show_of_force",
    "return_to_base",
)
"""Per-unit action catalogue (index = action value)."""

MISSION_ACTIONS: tuple[str, ...] = (
    "none",
    "negotiate_lowest_consent",
    "alert_network",
    "report_worst_violator",
    "engage_least_trusting",
    "request_reinforcements",
    "act_on_misconduct",
)
"""Mission-level action catalogue (index = action value)."""

_SCALES = {"people": 500.0, "armed": 100.0, "units": 500.0}


class Layout:
    """The fixed shapes of one mission's observation and action spaces."""

    def __init__(self, mission: Mission) -> None:
        """Count channels, scalars and unit slots from the mission file."""
        self.mission = mission
        self.factions = mission.faction_ids
        self.communities = mission.community_ids
        ids: list[str] = [u.id for u in (*mission.forces.units, *mission.forces.reserve)]
        for inj in mission.injects:
            for e in inj.effects:
                if isinstance(e, Reinforce):
                    ids.extend(u.id for u in e.units if u.id not in ids)
        self.unit_ids: tuple[str, ...] = tuple(dict.fromkeys(ids))
        self.start: dict[str, tuple[int, int]] = {
            u.id: mission.locate(u.at) for u in mission.forces.units
        }
        self.strength0: dict[str, int] = {}
        for u in (*mission.forces.units, *mission.forces.reserve):
            self.strength0.setdefault(u.id, u.strength)
        self.channels = 7 + len(self.factions) + 1
        self.n_scalars = 5 + len(self.factions) + len(self.communities) + len(NORMS)

    @property
    def n_units(self) -> int:
        """Unit slots."""
        return len(self.unit_ids)

    def action_nvec(self) -> list[int]:
        """The MultiDiscrete sizes of the mission's action."""
        return [len(UNIT_ACTIONS)] * self.n_units + [len(MISSION_ACTIONS)]


def layout(mission: Mission) -> Layout:
    """The fixed observation and action layout of ``mission``."""
    return Layout(mission)


# --------------------------------------------------------------------------- observing


def _coarse(layer: npt.NDArray[Any], side: int = OBS_SIDE) -> npt.NDArray[np.float64]:
    """Block sums of a (H, W) layer onto a side x side grid (edges split evenly)."""
    h, w = layer.shape
    ys = np.linspace(0, h, side + 1).astype(np.int64)
    xs = np.linspace(0, w, side + 1).astype(np.int64)
    a = np.asarray(layer, dtype=np.float64)
    rows = np.add.reduceat(a, ys[:-1], axis=0) if h >= side else _stretch(a, ys, 0)
    return np.add.reduceat(rows, xs[:-1], axis=1) if w >= side else _stretch(rows, xs, 1)


def _stretch(a: npt.NDArray[np.float64], edges: npt.NDArray[np.int64], axis: int) -> Any:
    idx = np.minimum(edges[:-1], a.shape[axis] - 1)
    return np.take(a, idx, axis=axis)


def _squash(x: npt.NDArray[np.float64], scale: float) -> npt.NDArray[np.float32]:
    return (1.0 - np.exp(-np.maximum(x, 0.0) / scale)).astype(np.float32)


def _block_max(layer: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    h, w = layer.shape
    ys = np.linspace(0, h, OBS_SIDE + 1).astype(np.int64)
    xs = np.linspace(0, w, OBS_SIDE + 1).astype(np.int64)
    out = np.zeros((OBS_SIDE, OBS_SIDE), dtype=np.float32)
    for i in range(OBS_SIDE):
        y0, y1 = ys[i], max(ys[i + 1], ys[i] + 1)
        for j in range(OBS_SIDE):
            x0, x1 = xs[j], max(xs[j + 1], xs[j] + 1)
            out[i, j] = layer[y0:y1, x0:x1].max(initial=0.0)
    return out


def observe(session: Session, lay: Layout) -> dict[str, npt.NDArray[np.float32]]:
    """The observation of the current state (see the module docstring)."""
    w = session.world
    people = _SCALES["people"]
    chans = [
        _squash(_coarse(w.civilians.sum(axis=0)), people),
        _squash(_coarse(w.displaced.sum(axis=0)), people),
        _squash(_coarse(w.sheltered.sum(axis=0)), people),
        np.clip(_block_max(w.threat.max(axis=0) * 50.0), 0, 1).astype(np.float32)
        if w.n_communities
        else np.zeros((OBS_SIDE, OBS_SIDE), np.float32),
        np.clip(_block_max(w.protection), 0, 1),
        np.clip(_block_max(w.warning), 0, 1),
        np.clip(_block_max(w.access), 0, 1),
    ]
    chans.extend(_squash(_coarse(w.armed[f]), _SCALES["armed"]) for f in range(w.n_factions))
    units = np.zeros(w.shape, dtype=np.float64)
    for u in w.units:
        if u.alive:
            units[u.y, u.x] += u.strength
    chans.append(_squash(_coarse(units), _SCALES["units"]))
    maps = np.stack(chans).astype(np.float32)

    scores = session.scores()
    total0 = float(w.initial_totals.sum()) or 1.0
    limit = session.mission.end.turn_limit
    scalars = [
        min(1.0, w.turn / limit),
        *(float(c) for c in w.consent),
        *(float(v) for v in w.legitimacy),
        float(w.credibility),
        float(session.rules.council.support),
        *(float(scores.get(n, 0.0)) / 100.0 for n in NORMS),
        float(scores.get("mission", scores.get("overall", 0.0))) / 100.0,
        min(1.0, float(w.deaths.sum()) / total0),
    ]
    units_obs = np.zeros((lay.n_units, 4), dtype=np.float32)
    h, wd = w.shape
    live = {u.id: u for u in w.units}
    for i, uid in enumerate(lay.unit_ids):
        st = live.get(uid)
        if st is None:
            continue
        units_obs[i] = (
            st.x / max(1, wd - 1),
            st.y / max(1, h - 1),
            min(1.0, st.strength / max(1, lay.strength0.get(uid, st.strength or 1))),
            1.0 if st.alive else 0.0,
        )
    return {
        "maps": np.clip(maps, 0.0, 1.0),
        "scalars": np.clip(np.array(scalars, dtype=np.float32), 0.0, 1.0),
        "units": np.clip(units_obs, 0.0, 1.0),
    }


# --------------------------------------------------------------------------- acting


def _nearest(points: list[tuple[int, int]], x: int, y: int) -> tuple[int, int] | None:
    if not points:
        return None
    return min(points, key=lambda p: (math.hypot(p[0] - x, p[1] - y), p))


def unit_order(session: Session, lay: Layout, uid: str, action: int) -> Order | None:
    """The order one unit's action means now, or None (hold, dead unit, nothing to target)."""
    u = next((x for x in session.world.units if x.id == uid), None)
    name = UNIT_ACTIONS[int(action)]
    if u is None or not u.alive or name == "hold":
        return None
    threats = session.rules.known_threats
    near = min(threats, key=lambda t: (math.hypot(t.x - u.x, t.y - u.y), t.x, t.y), default=None)
    if name == "patrol_toward_threat":
        return Patrol(uid, near.x, near.y) if near is not None else None
    if name == "interpose_threat":
        return Interpose(uid, near.faction, near.x, near.y) if near is not None else None
    if name == "guard_nearest_town":
        m = session.mission
        town = _nearest([m.locate(t.name) for t in m.map.towns], u.x, u.y)
        return Guard(uid, *town) if town is not None else None
    if name == "show_of_force":
        around = session.around(uid)
        pres = around.fighters if around is not None else np.zeros(0)
        if pres.size == 0 or float(pres.max()) < 1.0:
            return None
        return ShowOfForce(uid, session.world.faction_ids[int(np.argmax(pres))])
    if name == "return_to_base":
        home = lay.start.get(uid)
        return Redeploy(uid, *home) if home is not None else None
    return None


def mission_level_order(session: Session, action: int) -> Order | None:
    """The order a mission-level action means now, or None."""
    name = MISSION_ACTIONS[int(action)]
    w, m, rules = session.world, session.mission, session.rules
    if name == "negotiate_lowest_consent" and w.n_factions:
        return Negotiate(w.faction_ids[int(np.argmin(w.consent))])
    if name == "alert_network":
        covered = [(n.x, n.y, n.radius) for n in w.alert_networks]
        towns = [m.locate(t.name) for t in m.map.towns]
        free = [
            p for p in towns if not any(math.hypot(p[0] - x, p[1] - y) <= r for x, y, r in covered)
        ]
        return SetUpAlertNetwork(free[0][0], free[0][1]) if free else None
    if name == "report_worst_violator" and rules.kills_today:
        f = int(np.argmax(rules.kills_today))
        return ReportToCouncil(w.faction_ids[f]) if rules.kills_today[f] > 0 else None
    if name == "engage_least_trusting" and w.n_communities:
        return EngageCommunity(w.community_ids[int(np.argmin(w.legitimacy))])
    if name == "request_reinforcements":
        return RequestReinforcements()
    if name == "act_on_misconduct":
        cases = open_cases(rules)
        return ActOnMisconduct(cases[0].id) if cases else None
    return None


def mission_orders(session: Session, lay: Layout, action: Any) -> list[Order]:
    """The orders a MultiDiscrete mission action stands for (refused ones left out)."""
    a = np.asarray(action, dtype=np.int64).reshape(-1)
    out: list[Order] = []
    for i, uid in enumerate(lay.unit_ids):
        o = unit_order(session, lay, uid, int(a[i]))
        if o is not None:
            out.append(o)
    o = mission_level_order(session, int(a[lay.n_units]))
    if o is not None:
        out.append(o)
    return [o for o in out if session.check(o).status != "refused"]
