"""The mission's units in action: movement, engagements, attacks on them, and precaution.

Per unit (a loop over units; each touches only a small window):

- Movement: straight toward its destination at ``speed_km`` divided by the move cost of
  its cell (helicopters ignore terrain).
- Engagement (``Engage`` directive): the unit's firepower times the rung's attrition puts
  fighters of the target faction within its reach out of action (attacking groups first,
  as they are the imminent threat), at most half of those present in a day. Acting against
  a faction actually present raises the mission's credibility.
- Attacks on units: factions with low consent (hostility = 2 * (0.5 - consent)) or under
  engagement fire on units within reach; losses are binomial in the unit's personnel and
  scale with the posture's vulnerability (Santos Cruz 2017) and lack of readiness. Units
  fire back in self-defence.
- Precaution: high rungs near civilians risk civilian harm caused by the mission, drawn
  binomially over the engagement window and recorded with perpetrator "mission".
"""

from __future__ import annotations

import math

import numpy as np

from game.mission.coefficients import RungProfile
from game.mission.schema import RUNGS
from game.sim.fields import box_sum, rows_of, window
from game.sim.picture import Picture
from game.sim.protection import posture_profile, reach_cells, type_profile
from game.sim.report import CiviliansAttacked, Clash, DayReport, PeacekeepersAttacked
from game.sim.world import UNIT_TYPES, World, snap

HELICOPTERS = UNIT_TYPES.index("helicopters")


def move_units(w: World) -> None:
    """Advance every deployed unit toward its destination by one day's travel."""
    h, wd = w.shape
    for u in w.units:
        if not u.alive or (u.x == u.dest_x and u.y == u.dest_y):
            continue
        speed = w.cells(type_profile(w, u).speed_km)
        if u.type != HELICOPTERS:
            speed /= max(float(w.terrain["move_cost"][u.y, u.x]), 0.1)
        dx, dy = u.dest_x - u.x, u.dest_y - u.y
        dist = math.hypot(dx, dy)
        if dist <= speed:
            u.x, u.y = u.dest_x, u.dest_y
        else:
            f = speed / dist
            u.x = min(wd - 1, max(0, u.x + round(dx * f)))
            u.y = min(h - 1, max(0, u.y + round(dy * f)))


def _take(pic: Picture, f: int, ys: slice, xs: slice, amount: float) -> float:
    """Remove ``amount`` fighters of faction ``f`` from a block window, in proportion."""
    win = pic.armed[f, ys, xs]
    # ``win.sum()`` without its Python-level wrapper: the same reduction
    total = float(np.add.reduce(win, axis=None))
    if total <= 0 or amount <= 0:
        return 0.0
    frac = min(1.0, amount / total)
    win *= 1.0 - frac
    return total * frac


def fight(w: World, pic: Picture, rep: DayReport) -> float:
    """Engagements and attacks on units for one day. Returns the credibility gained."""
    g = w.grid
    fc = w.dyn.factions
    nf = w.n_factions
    sw = w.dyn.violence.supply_weight
    # Python floats throughout: the same doubles as the (F,) arrays' element by element
    # arithmetic (hostility = clip(2 * (0.5 - consent), 0, 1); capability = (1 - sw) + sw *
    # supply), without numpy's per-call and per-scalar overhead
    hostility = [min(max(2.0 * (0.5 - c), 0.0), 1.0) for c in w.consent.tolist()]
    capability = [(1.0 - sw) + sw * s for s in w.supply.tolist()]
    gained = 0.0
    strike = w.cells(w.dyn.violence.strike_radius_km)
    hostile_f = [f for f in range(nf) if hostility[f] > 0]
    b, wc = g.b, g.wc
    attacked = bool(w.attacks)  # attacking groups: take the full path for every unit
    # the danger where each unit stands (the box sum of hostile fighters within strike
    # range), looked up for all units at once as Python floats: 0 with no hostile faction,
    # and not needed while attacking groups keep every unit from resting
    at = [0.0] * len(w.units)
    if hostile_f and not attacked:
        danger = box_sum(np.add.reduce(rows_of(pic.armed, hostile_f), axis=0), pic.strike_r)
        at = danger.reshape(-1)[[u.y // b * wc + u.x // b for u in w.units]].tolist()
    recovery, fatigue = fc.readiness_recovery, fc.engagement_fatigue
    for u, danger_here in zip(w.units, at, strict=True):
        if not u.alive:
            continue
        if u.engaged < 0 and not attacked and danger_here < 1.0:
            # nothing hostile in reach and no order to engage: the unit rests
            u.readiness = snap(min(1.0, u.readiness + recovery))
            continue
        by, bx = u.y // b, u.x // b
        # who can strike the unit: fighters within their strike range, whatever its posture
        # (``sum(axis=(1, 2))`` without its Python-level wrapper: the same reduction)
        sy, sx = window(g.hc, wc, by, bx, pic.strike_r)
        threatening: list[float] = np.add.reduce(pic.armed[:, sy, sx], axis=(1, 2)).tolist()
        for a in w.attacks:
            if a.forming <= 0 and math.hypot(a.x - u.x, a.y - u.y) <= max(strike, b):
                threatening[a.faction] += a.strength
        power = type_profile(w, u).firepower * u.strength / 100.0 * u.readiness
        # engagement (what is present in the unit's reach is needed only here)
        if 0 <= u.engaged < nf and u.rung >= 0:
            f = u.engaged
            radius = reach_cells(w, u)
            ys, xs = window(g.hc, wc, by, bx, g.radius_blocks(radius))
            present: list[float] = np.add.reduce(pic.armed[:, ys, xs], axis=(1, 2)).tolist()
            near_attacks = [
                a for a in w.attacks if math.hypot(a.x - u.x, a.y - u.y) <= max(radius, b)
            ]
            for a in near_attacks:
                present[a.faction] += a.strength
            rung: RungProfile = getattr(w.dyn.protection.rungs, RUNGS[u.rung])
            if present[f] >= 1.0:
                gained += w.dyn.legitimacy.credibility_gain
            loss = min(power * rung.attrition, 0.5 * present[f])
            inflicted = 0.0
            for a in near_attacks:
                if a.faction == f and loss - inflicted > 0:
                    d = min(a.strength, loss - inflicted)
                    a.strength -= d
                    inflicted += d
            inflicted += _take(pic, f, ys, xs, loss - inflicted)
            if inflicted > 0:
                rep.mission_inflicted[f] += inflicted
                rep.incidents.append(Clash((u.x, u.y), w.faction_ids[f], "mission", inflicted))
            if rung.civilian_harm > 0 and present[f] >= 1.0:
                _precaution(w, u.x, u.y, max(1.0, radius / 2.0), rung.civilian_harm, rep)
            u.readiness = snap(max(0.0, u.readiness - fatigue))
        else:
            u.readiness = snap(min(1.0, u.readiness + recovery))
        # attacks on the unit
        vulnerability = posture_profile(w, u).vulnerability
        for f in range(nf):
            hostile = hostility[f]
            if u.engaged == f:
                hostile = max(hostile, 0.5)
            if hostile <= 0 or threatening[f] < 1.0:
                continue
            expected = (
                fc.attack_on_mission_rate
                * hostile
                * threatening[f]
                * capability[f]
                * vulnerability
                * (1.0 - 0.5 * u.readiness)
            )
            p = min(1.0, expected / u.strength)
            killed = int(w.rng.binomial(u.strength, p)) if p > 0 else 0
            if killed:
                u.strength -= killed
                u.killed += killed
                rep.peacekeepers_killed[u.id] = rep.peacekeepers_killed.get(u.id, 0) + killed
                rep.incidents.append(PeacekeepersAttacked(u.id, w.faction_ids[f], killed))
            if u.engaged != f:  # self-defence when not already engaging this faction
                contact = min(1.0, threatening[f] / fc.contact_strength)
                sd = power * fc.self_defence_share * contact * hostile
                took = _take(pic, f, sy, sx, min(sd, 0.25 * threatening[f]))
                if took:  # the total is never -0.0 (it starts at +0.0): adding 0.0 keeps it
                    rep.mission_inflicted[f] += took
            if u.strength <= 0:
                break
    return gained


def _precaution(w: World, x: int, y: int, radius: float, hazard: float, rep: DayReport) -> None:
    """Civilians near an engagement at a high rung may be harmed by the mission's own fire."""
    h, wd = w.shape
    ys, xs = window(h, wd, y, x, math.ceil(radius))
    nf = w.n_factions
    for c in range(w.n_communities):
        total = 0
        for layer in (w.civilians[c, ys, xs], w.displaced[c, ys, xs]):
            iy, ix = np.nonzero(layer > 0)
            if iy.size == 0:
                continue
            k = w.rng.binomial(layer[iy, ix], hazard).astype(np.int32)
            layer[iy, ix] -= k
            w.deaths_map[c, ys, xs][iy, ix] += k
            total += int(k.sum())
        if total:
            w.deaths[c, nf] += total
            rep.killed[c, nf] += total
            rep.incidents.append(CiviliansAttacked((x, y), "mission", w.community_ids[c], total))
