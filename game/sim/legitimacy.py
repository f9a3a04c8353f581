"""The simulation's own effects on legitimacy and credibility (the rules feed the rest).

Inputs from outside arrive only as ``LegitimacyDelta``, ``ConsentDelta`` and
``CredibilityDelta`` directives. On top of them, each day:

- Civilians killed by the mission cost their community ``mission_harm_loss`` each.
- Civilians killed within reach of a capable unit (>= ``capable_strength``) that did not
  engage anyone that day cost ``idle_harm_loss`` per 100 (Kiwanja 2008).
- A community that lost nobody gains ``protection_gain`` times its share under protection.
- Credibility rises by ``credibility_gain`` per unit engaging a faction actually present
  (counted in the fight) and falls by ``credibility_loss`` per detected imminent threat in
  a unit's reach that nobody engaged; the day's change is capped at
  ``credibility_daily_cap``.

Faction consent changes only through directives: how the mission's conduct (force,
partiality, negotiation) moves consent is the rules module's judgement.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from game.sim.picture import Picture
from game.sim.protection import reach_table
from game.sim.report import DayReport, ImminentThreat
from game.sim.violence import Deaths
from game.sim.world import TINY, World, snap


def _near_any(
    cells: npt.NDArray[np.int64],
    wd: int,
    xy: npt.NDArray[np.int64],
    r2: npt.NDArray[np.float64],
) -> npt.NDArray[np.bool_]:
    """Which flat ``cells`` lie within reach of any unit (``xy`` (U, 2) cells, ``r2`` (U,)
    squared reach): ``(ix - x)^2 + (iy - y)^2 <= r^2``, in integers then compared as float64,
    exactly as a loop over the units would."""
    iy, ix = np.divmod(cells, wd)
    dx = ix[:, None] - xy[None, :, 0]
    dy = iy[:, None] - xy[None, :, 1]
    near: npt.NDArray[np.bool_] = np.any(dx * dx + dy * dy <= r2[None, :], axis=1)
    return near


def update(
    w: World,
    pic: Picture,
    deaths: list[Deaths],
    threats: list[ImminentThreat],
    gained: float,
    rep: DayReport,
) -> None:
    """Apply today's legitimacy and credibility changes."""
    lc = w.dyn.legitimacy
    nf = w.n_factions
    wd = w.shape[1]
    reach: list[list[float]] = reach_table(w).tolist()  # what ``reach_cells`` reads
    alive = [u for u in w.units if u.alive]
    idle = [u for u in alive if u.engaged < 0 and u.strength >= lc.capable_strength]
    # Deaths within reach of an idle unit, per community: the cells of every community
    # tested in one broadcast against the idle units (as arrays), then summed community by
    # community (integer counts: the same totals in any order).
    idle_killed: dict[int, int] = {}
    hit = [c for c, d in enumerate(deaths[: w.n_communities]) if d.cells.size] if idle else []
    if hit:
        idle_xy = np.array([(u.x, u.y) for u in idle], dtype=np.int64)
        r = [reach[u.type][u.posture] for u in idle]
        idle_r2 = np.array([x * x for x in r], dtype=np.float64)
        cells = np.concatenate([deaths[c].cells for c in hit])
        near = _near_any(cells, wd, idle_xy, idle_r2)
        counts = np.where(near, np.concatenate([deaths[c].killed for c in hit]), 0)
        starts = np.cumsum([0] + [deaths[c].cells.size for c in hit[:-1]])
        idle_killed = dict(zip(hit, np.add.reduceat(counts, starts).tolist(), strict=True))
    # the communities' legitimacy as Python floats: the same double arithmetic, element by
    # element, as on the (C,) array (clipped to [0, 1], then shares below TINY set to 0)
    killed: list[list[int]] = rep.killed.tolist()
    legit: list[float] = w.legitimacy.tolist()
    for c in range(w.n_communities):
        v = legit[c] - lc.mission_harm_loss * float(killed[c][nf])
        if c in idle_killed:
            v -= lc.idle_harm_loss * float(idle_killed[c]) / 100.0
        if sum(killed[c]) == 0:
            people = float(pic.exposed[c].sum())
            if people > 0:
                share = float((pic.exposed[c] * pic.protection).sum()) / people
                v += lc.protection_gain * share
        v = min(max(v, 0.0), 1.0)
        legit[c] = 0.0 if v < TINY else v
    w.legitimacy[:] = legit

    loss = 0.0
    engaged = {u.engaged for u in alive if u.engaged >= 0}
    in_reach: list[tuple[int, int, float]] | None = None  # built when a threat needs it
    for t in threats:
        if not t.detected_by_mission or w.faction_ids.index(t.faction) in engaged:
            continue
        if in_reach is None:
            in_reach = [(u.x, u.y, reach[u.type][u.posture]) for u in alive]
        x, y = t.cell
        if any(math.hypot(x - ux, y - uy) <= r for ux, uy, r in in_reach):
            loss += lc.credibility_loss
    change = max(-lc.credibility_daily_cap, min(lc.credibility_daily_cap, gained - loss))
    w.credibility = snap(min(1.0, max(0.0, w.credibility + change)))
