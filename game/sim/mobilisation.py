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

import math

import numpy as np
import numpy.typing as npt

from game.sim.fields import box_sum, rows_of
from game.sim.picture import Picture
from game.sim.report import DayReport
from game.sim.world import World

ROUNDING = 2.0**-40
"""A bound on the relative rounding of a box sum, per unit of its worst case (u = 2**-53
per operation, taken with a wide margin)."""


def _present(planes: npt.NDArray[np.float64], r: int, least: float) -> npt.NDArray[np.bool_]:
    """``box_sum(planes, r) >= least`` for a (P, hc, wc) stack, mostly without the box filter.

    The window sums are added from shifted slices (rows, then columns), a fraction of the
    cost of ``box_sum``'s filter. Both lie within ``margin`` of the exact sums (X the
    largest |value|, k = 2r + 1, L the longest line): the filter's running means along a
    line err by about 6 L u X before the window area k^2 scales them, the slices' sums of
    k terms of k terms by about 2 k^3 u X. Where every sum is farther than ``margin`` from
    ``least`` the two agree on the comparison; otherwise (or if a value is not finite) the
    box sum is computed and compared instead.
    """
    rows = np.add(planes, 0.0)
    for d in range(1, r + 1):
        rows[:, d:] += planes[:, :-d]
        rows[:, :-d] += planes[:, d:]
    sums = np.add(rows, 0.0)
    for d in range(1, r + 1):
        sums[:, :, d:] += rows[:, :, :-d]
        sums[:, :, :-d] += rows[:, :, d:]
    largest = max(float(planes.max()), -float(planes.min()))
    k = 2 * r + 1
    margin = ROUNDING * largest * (8 * k * k * (max(planes.shape[1:]) + 1) + 2 * k**3)
    if margin < math.inf:
        sure: npt.NDArray[np.bool_] = sums >= least + margin
        unsure = sums > least - margin
        unsure ^= sure  # within the margin of ``least``
        if not unsure.any():
            return sure
    out: npt.NDArray[np.bool_] = box_sum(planes, r) >= least
    return out


def mobilise(w: World, pic: Picture, rep: DayReport) -> None:
    """Draw today's recruits for every recruiting faction and add them where they join."""
    mc = w.dyn.mobilisation
    # the (F,) and (F, C) inputs as Python values: the same doubles and booleans
    supply: list[float] = w.supply.tolist()
    recruits_from: list[list[bool]] = w.recruits_from.tolist()
    recruiting = [f for f in range(w.n_factions) if any(recruits_from[f]) and not supply[f] <= 0]
    if not recruiting:
        return
    grievance = [
        h * (1.0 - g) for h, g in zip(w.hardship.tolist(), w.legitimacy.tolist(), strict=True)
    ]
    # Where every recruiting faction is present (its box sum of fighters within strike
    # range reaches ``min_presence``), all at once (the box sum runs line by line, so the
    # same sums as one call per faction). A faction's recruits change only its own layer,
    # after its presence is taken, so computing them all first changes nothing.
    least = max(mc.min_presence, 1e-9)
    present = _present(rows_of(pic.armed, recruiting), pic.strike_r, least)
    # per community, what every faction recruiting there shares: the rate before supply
    # (p = rate * max(net - T, 0) * supply, evaluated left to right) and where people are
    risk = mc.risk_aversion * pic.protection
    shared: dict[int, tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]] = {}
    for i, f in enumerate(recruiting):
        near = present[i]
        if not near.any():
            continue
        total = 0
        for c in (c for c, yes in enumerate(recruits_from[f]) if yes):
            if c not in shared:
                rate = grievance[c] - risk
                rate -= mc.threshold
                np.maximum(rate, 0.0, out=rate)
                rate *= mc.recruitment_rate
                shared[c] = (rate, pic.exposed[c] >= 1.0)
            rate, people = shared[c]
            p = rate * supply[f]
            ok = p > 0
            ok &= near
            ok &= people
            # the blocks by flat index, in the boolean mask's order
            idx = ok.reshape(-1).nonzero()[0]
            if idx.size == 0:
                continue
            # exposed >= 1 there, so the conversion (truncation) is the floor
            n = pic.exposed[c].take(idx).astype(np.int64)
            k = w.rng.binomial(n, np.minimum(p.take(idx), 1.0))
            armed = pic.armed[f].reshape(-1, copy=False)  # a view (the planes are contiguous)
            armed[idx] += k
            total += int(k.sum())
        rep.recruits[f] += total
        w.recruited[f] += total
