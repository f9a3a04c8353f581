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

Private caches (``World.cache``, remade whenever the layer is written elsewhere): where
protection and warning were stamped (so a day clears only those boxes, and the threat
corrects only there), each living unit's protective stamp while its inputs stay the same,
and what warning was computed from (unchanged: nothing to do).
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from game.mission.coefficients import PostureProfile, UnitTypeProfile
from game.mission.schema import RUNGS
from game.sim.fields import Box, cached_boxes, cone, disc, window
from game.sim.world import GOVERNMENT, POSTURES, UNIT_TYPES, UnitState, World

F64 = npt.NDArray[np.float64]


def _reach(w: World) -> F64:
    p = w.dyn.protection
    table = np.array(
        [
            [
                getattr(p.unit_types, t).reach_km * getattr(p.postures, q).reach / w.cell_km
                for q in POSTURES
            ]
            for t in UNIT_TYPES
        ]
    )
    table.flags.writeable = False
    return table


@dataclass
class _Reach:
    """(unit type, posture) radius of a unit's protective presence, in cells."""

    table: F64


def reach_table(w: World) -> F64:
    """(unit type, posture) radius of a unit's protective presence in cells (read-only)."""
    return w.cache(_Reach, "dyn", "cell_km", make=lambda w: _Reach(_reach(w))).table


@dataclass
class _Memo:
    """Boxes of recent masks (``fields.cached_boxes``): where units stand recurs."""

    boxes: dict[bytes, list[Box]] = field(default_factory=dict)


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
    return float(reach_table(w)[u.type, u.posture])


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
    # Python floats: the same float64 minimum and quotient as array arithmetic
    kinds = w.faction_kind.tolist()
    gov = [c for k, c in zip(kinds, w.consent.tolist(), strict=True) if k == GOVERNMENT]
    if gov:
        base = min(1.0, min(gov) / p.host_access_threshold)
    with w.edit("access") as access:
        _draw_access(w, access, base)


def _draw_access(w: World, access: npt.NDArray[np.float32], base: float) -> None:
    """Fill ``access`` with ``base``, lowered in the zones whose faction withholds consent."""
    access.fill(np.float32(base))
    h, wd = w.shape
    for z in w.consent_zones:
        c = float(w.consent[z.faction])
        if z.min_consent <= 0 or c >= z.min_consent:
            continue
        level = np.float32(c / z.min_consent)
        r = int(np.ceil(z.radius))
        ys, xs = window(h, wd, z.y, z.x, r)
        m = disc(ys, xs, z.y, z.x, z.radius)
        win = access[ys, xs]
        win[m] = np.minimum(win[m], level)


_UNIT_KEY = operator.attrgetter(
    "type", "posture", "readiness", "strength", "x", "y", "engaged", "rung"
)
"""What a unit's protective presence depends on (with the access under it)."""
_ALIVE = operator.attrgetter("alive")
_WATCH_KEY = operator.attrgetter("type", "posture", "readiness", "x", "y")
"""What a unit's early-warning watch depends on."""


class _Stamp(NamedTuple):
    """One unit's protective presence: the window it covers and what it adds there."""

    ys: slice
    xs: slice
    k: npt.NDArray[np.float32]
    """Read-only: kept from day to day while the unit's inputs stay the same."""


@dataclass
class _Drawn:
    """What the ``protection`` layer holds (valid until it is written elsewhere)."""

    boxes: list[Box] | None = None
    """Where it may be nonzero (None: unknown, clear everything)."""
    made: _Made | None = None
    """What it was computed from, with each unit's stamp (None: recompute everything)."""


def protection_boxes(w: World) -> list[Box] | None:
    """Disjoint boxes outside which ``w.protection`` is 0 (None: unknown)."""
    return w.cache(_Drawn, "protection").boxes


@dataclass
class _Made:
    """What ``protection`` was last computed from, and the stamps that were added up."""

    credibility: float
    units: tuple[tuple[object, ...], ...]
    """``_UNIT_KEY`` of each living unit, in order."""
    access: tuple[float, ...]
    """The access under each living unit."""
    stamps: list[_Stamp | None]
    """Each living unit's stamp (None: it adds nothing)."""


def _stamp(w: World, u: UnitState, acc: float) -> _Stamp | None:
    """The unit's presence: ``level`` times its reach cone (and urban factor), or None if 0."""
    p = w.dyn.protection
    tp, pp = type_profile(w, u), posture_profile(w, u)
    level = tp.deterrence * pp.deterrence * u.readiness * u.strength / 100.0
    if u.engaged >= 0 and u.rung >= 0:
        level *= getattr(p.rungs, RUNGS[u.rung]).deterrence
    level *= p.no_access_presence + (1.0 - p.no_access_presence) * acc
    if level <= 0:
        return None
    radius = reach_cells(w, u)
    h, wd = w.shape
    ys, xs = window(h, wd, u.y, u.x, int(np.ceil(radius)))
    k = cone(ys, xs, u.y, u.x, radius)
    k *= np.float32(level)
    if tp.urban_factor != 1.0:
        k *= np.where(w.terrain["urban"][ys, xs] != 0, np.float32(tp.urban_factor), np.float32(1.0))
    k.flags.writeable = False
    return _Stamp(ys, xs, k)


def _same_geometry(a: list[_Stamp | None], b: list[_Stamp | None]) -> bool:
    """Whether two lists of stamps cover the same windows (and add nothing at the same places)."""
    if len(a) != len(b):
        return False
    for s, t in zip(a, b, strict=True):
        if s is None or t is None:
            if s is not t:
                return False
        elif s.ys != t.ys or s.xs != t.xs:
            return False
    return True


def refresh_protection(w: World, alive: list[UnitState] | None = None) -> None:
    """Recompute ``w.protection`` (0..1) from the units' presence and the mission's credibility.

    ``alive``: the living units, in order (found here if not given).
    """
    p = w.dyn.protection
    drawn = w.cache(_Drawn, "protection")
    if alive is None:
        alive = [u for u in w.units if u.alive]
    cred_now = w.credibility
    units = tuple(map(_UNIT_KEY, alive))
    prev = drawn.made
    same_units = prev is not None and prev.credibility == cred_now and prev.units == units
    # the access under every unit in one gather (float32 values as Python floats)
    access = tuple(w.access[[u.y for u in alive], [u.x for u in alive]].tolist())
    if same_units and prev is not None and prev.access == access:
        return  # same units, credibility and access under them: the same field
    # a unit whose inputs are those of yesterday keeps its stamp (the same values)
    stamps = [
        prev.stamps[i]
        if prev is not None
        and i < len(prev.units)
        and prev.units[i] == units[i]
        and prev.access[i] == access[i]
        else _stamp(w, u, access[i])
        for i, u in enumerate(alive)
    ]
    cred = np.float32(-(p.credibility_floor + (1.0 - p.credibility_floor) * cred_now))
    with w.edit("protection") as prot:
        if (
            prev is not None
            and prev.credibility == cred_now
            and drawn.boxes is not None
            and _same_geometry(prev.stamps, stamps)
        ):
            # Only some units' levels changed (a loss, a new readiness): the same windows,
            # so the same boxes. Each changed window is summed again from 0 with every stamp
            # over it, in the units' order, and saturated: per cell the same adds and the
            # same products as a recomputation of the whole field; the other cells keep
            # theirs.
            for s, old in zip(stamps, prev.stamps, strict=True):
                if s is old or s is None:
                    continue
                _resum(prot, s.ys, s.xs, stamps, cred)
            boxes = drawn.boxes
        else:
            boxes = _draw_protection(w, prot, drawn.boxes, stamps, cred)
    after = w.cache(_Drawn, "protection")  # a new record: the layer was just written
    after.boxes = boxes
    after.made = _Made(cred_now, units, access, stamps)


def _draw_protection(
    w: World,
    prot: npt.NDArray[np.float32],
    was: list[Box] | None,
    stamps: list[_Stamp | None],
    cred: np.float32,
) -> list[Box]:
    """The whole field from the stamps: cleared where it was (``was``), the stamps added in
    order, then saturated box by box. Returns the boxes where it may be nonzero."""
    _clear(prot, was)
    g = w.grid
    touched = np.zeros((g.hc, g.wc), dtype=bool)
    for s in stamps:
        if s is None:
            continue
        prot[s.ys, s.xs] += s.k
        _touch(touched, g.b, s.ys, s.xs)
    boxes = cached_boxes(touched, g, w.cache(_Memo).boxes)
    for b in boxes:  # disjoint: each cell saturated once
        view = prot[b.ys, b.xs]
        np.multiply(view, cred, out=view)
        np.expm1(view, out=view)
        np.negative(view, out=view)
    return boxes


def _resum(
    prot: npt.NDArray[np.float32],
    ys: slice,
    xs: slice,
    stamps: list[_Stamp | None],
    cred: np.float32,
) -> None:
    """Protection over one window, from 0: every stamp's part there added in order, saturated."""
    y0, y1, x0, x1 = ys.start, ys.stop, xs.start, xs.stop
    buf = np.zeros((y1 - y0, x1 - x0), dtype=np.float32)
    for t in stamps:
        if t is None:
            continue
        a0, a1 = max(y0, t.ys.start), min(y1, t.ys.stop)
        b0, b1 = max(x0, t.xs.start), min(x1, t.xs.stop)
        if a0 >= a1 or b0 >= b1:
            continue
        ky, kx = t.ys.start, t.xs.start
        buf[a0 - y0 : a1 - y0, b0 - x0 : b1 - x0] += t.k[a0 - ky : a1 - ky, b0 - kx : b1 - kx]
    np.multiply(buf, cred, out=buf)
    np.expm1(buf, out=buf)
    np.negative(buf, out=buf)
    prot[ys, xs] = buf


def refresh_warning(w: World, alive: list[UnitState] | None = None) -> None:
    """Recompute ``w.warning`` (0..1) from alert networks and the units' watch.

    ``alive``: the living units, in order (found here if not given).
    """
    watch = w.cache(_Watch, "warning")
    if alive is None:
        alive = [u for u in w.units if u.alive]
    inputs = (
        tuple((a.x, a.y, a.radius) for a in w.alert_networks),
        tuple(map(_WATCH_KEY, alive)),
    )
    if inputs == watch.inputs:
        return  # same inputs, same field: nothing to do
    with w.edit("warning") as warn:
        boxes = _draw_warning(w, warn, watch.boxes, alive)
    after = w.cache(_Watch, "warning")  # a new record: the layer was just written
    after.inputs, after.boxes = inputs, boxes


@dataclass
class _Watch:
    """What the ``warning`` layer holds (valid until it is written elsewhere)."""

    inputs: tuple[object, ...] | None = None
    """Everything it was computed from (the same: nothing to recompute)."""
    boxes: list[Box] | None = None
    """Where it may be nonzero (None: unknown, clear everything)."""


def _draw_warning(
    w: World, warn: npt.NDArray[np.float32], was: list[Box] | None, alive: list[UnitState]
) -> list[Box]:
    """The whole field: cleared where it was (``was``), then every network and unit
    combined in. Returns the boxes where it may be nonzero."""
    _clear(warn, was)
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
    for u in alive:
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
    return cached_boxes(touched, g, w.cache(_Memo).boxes)


def refresh_fields(w: World) -> None:
    """Recompute access, protection and warning, in that order (protection needs access)."""
    refresh_access(w)
    alive = list(itertools.compress(w.units, map(_ALIVE, w.units)))
    refresh_protection(w, alive)
    refresh_warning(w, alive)


def detection_chance(w: World, x: int, y: int, community: int) -> float:
    """Chance the mission learns of a threat at (x, y) against ``community`` today.

    Coverage there, scaled by how far the community cooperates (its legitimacy view).
    """
    floor = w.dyn.warning.legitimacy_floor
    coop = floor + (1.0 - floor) * float(w.legitimacy[community])
    return float(w.warning[y, x]) * coop
