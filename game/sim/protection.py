"""The mission's fields: access (consent), protection (deterrence) and early-warning coverage.

All three are stamped unit by unit (or zone by zone) into small windows around each
source, so their cost grows with the number of units, not the map; one pass over the map
then saturates protection to 0..1.

- Access: 1 where the mission may go. The host government's consent bounds freedom of
  movement everywhere (``consent / host_access_threshold``); inside a consent zone, the
  zone's faction must consent at least ``min_consent`` (below it, access falls in
  proportion).
- Protection: each unit adds ``deterrence(type) * posture * readiness * strength / 100``
  (times the rung's factor if it engages today, the type's ``urban_factor`` on urban cells,
  and less where it lacks access), falling linearly to 0 at its reach. The sum ``s`` is
  scaled by credibility and saturated: ``protection = 1 - exp(-s * credibility_factor)``.
- Warning: sources combine as independent chances, ``1 - prod(1 - coverage_i)``: alert
  networks (flat discs) and units (detection * posture, falling with distance).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from game.mission.coefficients import PostureProfile, UnitTypeProfile
from game.mission.schema import RUNGS
from game.sim.fields import Box, cached_boxes, cone, disc, window
from game.sim.world import GOVERNMENT, POSTURES, UNIT_TYPES, UnitState, World


def type_profile(w: World, u: UnitState) -> UnitTypeProfile:
    """The coefficients of the unit's type."""
    prof: UnitTypeProfile = getattr(w.dyn.protection.unit_types, UNIT_TYPES[u.type])
    return prof


def posture_profile(w: World, u: UnitState) -> PostureProfile:
    """The coefficients of the unit's posture."""
    prof: PostureProfile = getattr(w.dyn.protection.postures, POSTURES[u.posture])
    return prof


def reach_cells(w: World, u: UnitState) -> float:
    """Radius of the unit's protective presence in cells (type reach times posture)."""
    return float(w.static().reach[u.type, u.posture])


def _clear(layer: npt.NDArray[np.float32], boxes: list[Box] | None) -> None:
    """Zero a field where it was last stamped (everywhere if that is unknown)."""
    if boxes is None:
        layer.fill(0.0)
        return
    for b in boxes:
        layer[b.ys, b.xs] = 0.0


def _touch(touched: npt.NDArray[np.bool_], b: int, ys: slice, xs: slice) -> None:
    """Mark the blocks a window of cells overlaps."""
    touched[ys.start // b : (ys.stop - 1) // b + 1, xs.start // b : (xs.stop - 1) // b + 1] = True


def refresh_access(w: World) -> None:
    """Recompute ``w.access`` from the host's consent and the consent zones."""
    p = w.dyn.protection
    base = 1.0
    gov = np.flatnonzero(w.faction_kind == GOVERNMENT)
    if gov.size:
        base = float(min(1.0, w.consent[gov].min() / p.host_access_threshold))
    st = w.static()
    inputs = (
        base,
        tuple(
            (z.x, z.y, z.radius, z.min_consent, float(w.consent[z.faction]))
            for z in w.consent_zones
        ),
    )
    if inputs == st.access_inputs:
        return  # same inputs, same field: nothing to do
    st.access_inputs = inputs
    w.access.fill(np.float32(base))
    h, wd = w.shape
    for z in w.consent_zones:
        c = float(w.consent[z.faction])
        if z.min_consent <= 0 or c >= z.min_consent:
            continue
        level = np.float32(c / z.min_consent)
        r = int(np.ceil(z.radius))
        ys, xs = window(h, wd, z.y, z.x, r)
        m = disc(ys, xs, z.y, z.x, z.radius)
        win = w.access[ys, xs]
        win[m] = np.minimum(win[m], level)


def refresh_protection(w: World) -> None:
    """Recompute ``w.protection`` (0..1) from the units' presence and the mission's credibility."""
    p = w.dyn.protection
    prot = w.protection
    st = w.static()
    alive = [u for u in w.units if u.alive]
    inputs = (
        w.credibility,
        tuple(
            (u.type, u.posture, u.readiness, u.strength, u.x, u.y, u.engaged, u.rung) for u in alive
        ),
        # the access under every unit in one gather (float32 values as Python floats)
        tuple(w.access[[u.y for u in alive], [u.x for u in alive]].tolist()),
    )
    if inputs == st.protection_inputs:
        return  # same inputs, same field: nothing to do
    st.protection_inputs = inputs
    st.protection_c = None  # the field changes: its block mean too
    _clear(prot, st.protection_boxes)
    h, wd = w.shape
    g = w.grid
    touched = np.zeros((g.hc, g.wc), dtype=bool)
    urban = w.terrain["urban"]
    for u in w.units:
        if not u.alive:
            continue
        tp, pp = type_profile(w, u), posture_profile(w, u)
        level = tp.deterrence * pp.deterrence * u.readiness * u.strength / 100.0
        if u.engaged >= 0 and u.rung >= 0:
            level *= getattr(p.rungs, RUNGS[u.rung]).deterrence
        acc = float(w.access[u.y, u.x])
        level *= p.no_access_presence + (1.0 - p.no_access_presence) * acc
        if level <= 0:
            continue
        radius = reach_cells(w, u)
        ys, xs = window(h, wd, u.y, u.x, int(np.ceil(radius)))
        k = cone(ys, xs, u.y, u.x, radius)
        k *= np.float32(level)
        if tp.urban_factor != 1.0:
            k *= np.where(urban[ys, xs] != 0, np.float32(tp.urban_factor), np.float32(1.0))
        prot[ys, xs] += k
        _touch(touched, g.b, ys, xs)
    cred = np.float32(-(p.credibility_floor + (1.0 - p.credibility_floor) * w.credibility))
    boxes = cached_boxes(touched, g, st.box_cache)
    for b in boxes:  # disjoint: each cell saturated once
        view = prot[b.ys, b.xs]
        np.multiply(view, cred, out=view)
        np.expm1(view, out=view)
        np.negative(view, out=view)
    st.protection_boxes = boxes


def refresh_warning(w: World) -> None:
    """Recompute ``w.warning`` (0..1) from alert networks and the units' watch."""
    warn = w.warning
    st = w.static()
    inputs = (
        tuple((a.x, a.y, a.radius) for a in w.alert_networks),
        tuple((u.type, u.posture, u.readiness, u.x, u.y) for u in w.units if u.alive),
    )
    if inputs == st.warning_inputs:
        return  # same inputs, same field: nothing to do
    st.warning_inputs = inputs
    _clear(warn, st.warning_boxes)
    g = w.grid
    touched = np.zeros((g.hc, g.wc), dtype=bool)
    h, wd = w.shape
    net = np.float32(w.dyn.warning.alert_network_coverage)
    one = np.float32(1.0)
    for a in w.alert_networks:
        ys, xs = window(h, wd, a.y, a.x, a.radius)
        m = disc(ys, xs, a.y, a.x, a.radius)
        win = warn[ys, xs]
        win[m] = one - (one - win[m]) * (one - net)
        _touch(touched, g.b, ys, xs)
    for u in w.units:
        if not u.alive:
            continue
        tp, pp = type_profile(w, u), posture_profile(w, u)
        cov = min(1.0, tp.detection * pp.detection * u.readiness)
        if cov <= 0:
            continue
        radius = w.cells(tp.detection_reach_km)
        ys, xs = window(h, wd, u.y, u.x, int(np.ceil(radius)))
        k = cone(ys, xs, u.y, u.x, radius)
        k *= np.float32(cov)
        win = warn[ys, xs]
        win[...] = one - (one - win) * (one - k)
        _touch(touched, g.b, ys, xs)
    st.warning_boxes = cached_boxes(touched, g, st.box_cache)


def refresh_fields(w: World) -> None:
    """Recompute access, protection and warning, in that order (protection needs access)."""
    refresh_access(w)
    refresh_protection(w)
    refresh_warning(w)


def detection_chance(w: World, x: int, y: int, community: int) -> float:
    """Chance the mission learns of a threat at (x, y) against ``community`` today.

    Coverage there, scaled by how far the community cooperates (its legitimacy view).
    """
    floor = w.dyn.warning.legitimacy_floor
    coop = floor + (1.0 - floor) * float(w.legitimacy[community])
    return float(w.warning[y, x]) * coop
