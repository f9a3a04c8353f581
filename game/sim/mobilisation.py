"""Epstein-style mobilisation: aggrieved civilians near a faction join it.

Grievance of a community = hardship * (1 - legitimacy) (Epstein 2002). In each operational
block where the faction has fighters within strike reach, the net grievance is
``G - risk_aversion * protection`` (protection stands for Epstein's arrest risk); where it
exceeds the threshold T, each exposed civilian of the faction's ``recruits_from``
communities joins with probability ``rate * (net - T) * supply`` (binomial draws, only on
blocks where that is positive).

Simplification, stated: recruits add armed strength without being removed from the
civilian counts (recruits are drawn from the population in the model's story, but the
conserved civilian totals are not touched, so the conservation identity stays exact).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from game.sim.fields import box_sum, rows_of
from game.sim.picture import Picture
from game.sim.report import DayReport
from game.sim.world import World


def mobilise(w: World, pic: Picture, rep: DayReport) -> None:
    """Draw today's recruits for every recruiting faction and add them where they join."""
    mc = w.dyn.mobilisation
    grievance = w.hardship * (1.0 - w.legitimacy)
    recruiting = [
        f for f in range(w.n_factions) if w.recruits_from[f].any() and not w.supply[f] <= 0
    ]
    if not recruiting:
        return
    # Presence of every recruiting faction in one box sum (line by line, so the same sums
    # as one call per faction). A faction's recruits change only its own layer, after its
    # presence is taken, so computing them all first changes nothing.
    presence = box_sum(rows_of(pic.armed, recruiting), pic.strike_r)
    # per community, what every faction recruiting there shares: the rate before supply
    # (p = rate * max(net - T, 0) * supply, evaluated left to right) and where people are
    risk = mc.risk_aversion * pic.protection
    shared: dict[int, tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]] = {}
    for i, f in enumerate(recruiting):
        comms = np.flatnonzero(w.recruits_from[f]).tolist()
        near = presence[i] >= max(mc.min_presence, 1e-9)
        if not near.any():
            continue
        total = 0
        for c in comms:
            if c not in shared:
                net = grievance[c] - risk
                shared[c] = (
                    mc.recruitment_rate * np.maximum(net - mc.threshold, 0.0),
                    pic.exposed[c] >= 1.0,
                )
            rate, people = shared[c]
            p = rate * w.supply[f]
            ok = near & (p > 0) & people
            if not ok.any():
                continue
            n = np.floor(pic.exposed[c][ok]).astype(np.int64)
            k = w.rng.binomial(n, np.minimum(p[ok], 1.0))
            pic.armed[f][ok] += k
            total += int(k.sum())
        rep.recruits[f] += total
        w.recruited[f] += total
