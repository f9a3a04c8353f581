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
from game.sim.protection import reach_cells
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
    reach = w.static().reach  # what ``reach_cells`` reads, looked up once
    alive = [u for u in w.units if u.alive]
    idle = [u for u in alive if u.engaged < 0 and u.strength >= lc.capable_strength]
    # the idle units as arrays: one broadcast test per community instead of one per unit
    if idle and any(d.cells.size for d in deaths):
        idle_xy = np.array([(u.x, u.y) for u in idle], dtype=np.int64)
        r = [float(reach[u.type, u.posture]) for u in idle]
        idle_r2 = np.array([x * x for x in r], dtype=np.float64)
    legit = w.legitimacy
    for c in range(w.n_communities):
        legit[c] -= lc.mission_harm_loss * float(rep.killed[c, nf])
        dc = deaths[c] if c < len(deaths) else None
        if dc is not None and dc.cells.size and idle:
            near = _near_any(dc.cells, wd, idle_xy, idle_r2)
            legit[c] -= lc.idle_harm_loss * float(dc.killed[near].sum()) / 100.0
        if rep.killed[c].sum() == 0:
            people = float(pic.exposed[c].sum())
            if people > 0:
                share = float((pic.exposed[c] * pic.protection).sum()) / people
                legit[c] += lc.protection_gain * share
    np.minimum(np.maximum(legit, 0.0, out=legit), 1.0, out=legit)  # np.clip, cheaper
    legit[legit < TINY] = 0.0

    loss = 0.0
    engaged = {u.engaged for u in alive if u.engaged >= 0}
    in_reach: list[tuple[int, int, float]] | None = None  # built when a threat needs it
    for t in threats:
        if not t.detected_by_mission or w.faction_ids.index(t.faction) in engaged:
            continue
        if in_reach is None:
            in_reach = [(u.x, u.y, reach_cells(w, u)) for u in alive]
        x, y = t.cell
        if any(math.hypot(x - ux, y - uy) <= r for ux, uy, r in in_reach):
            loss += lc.credibility_loss
    change = max(-lc.credibility_daily_cap, min(lc.credibility_daily_cap, gained - loss))
    w.credibility = snap(min(1.0, max(0.0, w.credibility + change)))
