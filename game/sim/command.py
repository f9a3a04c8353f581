"""Carry out the day's directives on the world, in order, before anything else moves.

Every directive is validated against the world (ids, map bounds, values); a bad one raises
``DirectiveError`` before it changes anything, so a refused directive leaves no trace.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from game.mission.maps import allocate
from game.mission.schema import RUNGS
from game.sim import directives as d
from game.sim import factions
from game.sim.directives import DirectiveError
from game.sim.report import DayReport
from game.sim.world import POSTURES, UNIT_TYPES, AlertNet, UnitState, World, new_unit, snap


def _unit(w: World, uid: str) -> UnitState:
    for u in w.units:
        if u.id == uid:
            return u
    raise DirectiveError(f"unknown unit '{uid}'")


def _faction(w: World, fid: str) -> int:
    if fid not in w.faction_ids:
        raise DirectiveError(f"unknown faction '{fid}'")
    return w.faction_ids.index(fid)


def _community(w: World, cid: str) -> int:
    if cid not in w.community_ids:
        raise DirectiveError(f"unknown community '{cid}'")
    return w.community_ids.index(cid)


def _cell(w: World, x: int, y: int) -> None:
    h, wd = w.shape
    if not (0 <= x < wd and 0 <= y < h):
        raise DirectiveError(f"cell [{x}, {y}] is outside the {wd}x{h} map")


def _finite(value: float, what: str) -> float:
    if not np.isfinite(value):
        raise DirectiveError(f"{what} must be finite, not {value}")
    return float(value)


def _clip01(v: float) -> float:
    return snap(min(1.0, max(0.0, v)))


def cut_force(w: World, to_strength: int) -> None:
    """Scale every deployed unit's personnel so the total is ``to_strength`` (exactly)."""
    active = [u for u in w.units if u.alive]
    if not active:
        return
    strengths = np.array([u.strength for u in active], dtype=np.float64)
    new = allocate(to_strength, strengths)
    for u, s in zip(active, new.tolist(), strict=True):
        u.strength = int(s)


def apply(w: World, directives: Iterable[d.Directive], rep: DayReport) -> None:
    """Apply directives in order. Engagements last for the day they are given."""
    for u in w.units:
        u.engaged, u.rung = -1, -1
    for x in directives:
        _apply_one(w, x, rep)


def _apply_one(w: World, x: d.Directive, rep: DayReport) -> None:
    if isinstance(x, d.Move):
        u = _unit(w, x.unit)
        _cell(w, x.x, x.y)
        u.dest_x, u.dest_y = x.x, x.y
    elif isinstance(x, d.SetPosture):
        u = _unit(w, x.unit)
        if x.posture not in POSTURES:
            raise DirectiveError(f"unknown posture '{x.posture}' (one of {', '.join(POSTURES)})")
        u.posture = POSTURES.index(x.posture)
    elif isinstance(x, d.Engage):
        u = _unit(w, x.unit)
        u.engaged = _faction(w, x.faction)
        u.rung = RUNGS.index(x.rung)  # type: ignore[arg-type,unused-ignore]
    elif isinstance(x, d.EstablishPocSite):
        _cell(w, x.x, x.y)
        if x.capacity < 0:
            raise DirectiveError("POC site capacity must be >= 0")
        w.poc_capacity[x.y, x.x] += x.capacity
        if (x.x, x.y) not in w.poc_sites:
            w.poc_sites.append((x.x, x.y))
    elif isinstance(x, d.AlertNetwork):
        _cell(w, x.x, x.y)
        if x.radius < 0:
            raise DirectiveError("alert network radius must be >= 0")
        w.alert_networks.append(AlertNet(x.x, x.y, x.radius))
    elif isinstance(x, d.ConsentDelta):
        f = _faction(w, x.faction)
        w.consent[f] = _clip01(w.consent[f] + _finite(x.delta, "consent delta"))
    elif isinstance(x, d.LegitimacyDelta):
        c = _community(w, x.community)
        w.legitimacy[c] = _clip01(w.legitimacy[c] + _finite(x.delta, "legitimacy delta"))
    elif isinstance(x, d.CredibilityDelta):
        w.credibility = _clip01(w.credibility + _finite(x.delta, "credibility delta"))
    elif isinstance(x, d.StrengthDelta):
        _strength(w, x)
    elif isinstance(x, d.AttackOrder):
        f = _faction(w, x.faction)
        _cell(w, x.x, x.y)
        if x.strength < 1 or x.days < 1:
            raise DirectiveError("an attack needs strength >= 1 and days >= 1")
        factions.start_attack(w, f, x.x, x.y, float(x.strength), x.days)
    elif isinstance(x, d.Disarm):
        f = _faction(w, x.faction)
        _cell(w, x.x, x.y)
        if x.count < 0:
            raise DirectiveError("disarm count must be >= 0")
        r = w.cells(w.dyn.factions.disarm_radius_km)
        avail = _available(w, f, x.x, x.y, r)
        n = min(x.count, int(np.floor(avail)))
        if n > 0:
            factions.remove_near(w, f, x.x, x.y, r, float(n))
            w.disarmed[f] += n
            rep.disarmed[f] += n
    elif isinstance(x, d.WithdrawUnits):
        hit = [u for u in w.units if u.country == x.country]
        if not hit:
            raise DirectiveError(f"no unit of country '{x.country}'")
        for u in hit:
            u.withdrawn = True
    elif isinstance(x, d.AddUnit):
        if any(u.id == x.id for u in w.units):
            raise DirectiveError(f"unit id '{x.id}' already exists")
        if x.type not in UNIT_TYPES:
            raise DirectiveError(f"unknown unit type '{x.type}'")
        if x.posture not in POSTURES:
            raise DirectiveError(f"unknown posture '{x.posture}'")
        _cell(w, x.x, x.y)
        if x.strength < 1 or not 0 <= x.readiness <= 1:
            raise DirectiveError("a unit needs strength >= 1 and readiness in 0..1")
        w.units.append(
            new_unit(x.id, x.type, x.strength, (x.x, x.y), x.posture, x.readiness, x.country)
        )
    elif isinstance(x, d.CutForce):
        if x.to_strength < 0:
            raise DirectiveError("force strength must be >= 0")
        cut_force(w, x.to_strength)
    elif isinstance(x, d.SetIntent):
        f, c = _faction(w, x.faction), _community(w, x.community)
        w.intent[f, c] = _clip01(_finite(x.value, "intent"))
    else:
        raise DirectiveError(f"not a directive: {x!r}")


def _available(w: World, f: int, x: int, y: int, r: float) -> float:
    from game.sim.fields import disc, window

    h, wd = w.shape
    ys, xs = window(h, wd, y, x, int(np.ceil(r)))
    m = disc(ys, xs, y, x, r)
    return float(w.armed[f, ys, xs][m].sum(dtype=np.float64))


def _strength(w: World, x: d.StrengthDelta) -> None:
    f = _faction(w, x.faction)
    delta = _finite(x.delta, "strength delta")
    if (x.x is None) != (x.y is None):
        raise DirectiveError("give both x and y, or neither")
    if x.x is not None and x.y is not None:
        _cell(w, x.x, x.y)
        if delta >= 0:
            factions.place(w, f, x.x, x.y, float(max(x.radius, 0)), delta)
        else:
            factions.remove_near(w, f, x.x, x.y, float(max(x.radius, 0)), -delta)
        return
    layer = w.armed[f]
    total = float(layer.sum(dtype=np.float64))
    if total <= 0:
        if delta > 0:
            raise DirectiveError(f"faction '{x.faction}' has no fighters left: give x and y")
        return
    layer *= np.float32(max(0.0, (total + delta) / total))
