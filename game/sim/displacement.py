"""Displacement: civilians flee threat, walk toward safety and POC sites, and come back.

One day, per community, all in whole people (conserved exactly):

1. Flight: where the hazard exceeds ``flee_threshold``, each person at home leaves with
   probability ``flee_max * (1 - exp(-hazard / flee_scale))`` and becomes displaced on the
   same cell.
2. Return: displaced people on cells whose hazard is below ``return_threshold`` settle
   back with probability ``return_rate`` a day. Simplification, stated: they settle *where
   they are* (they become residents of that cell), not at their cell of origin, which the
   layers do not track.
3. Walking: every remaining displaced group moves ``walk_km`` a day: toward the nearest POC
   site with room within ``poc_reach_km`` if there is one, else to the least threatened of
   the 8 cells one day's walk away (or stays, if none is safer; water is avoided).
4. POC sites admit the people at their gate up to capacity (a multivariate hypergeometric
   draw over communities, so no community is served first); the rest wait at the gate,
   displaced and exposed. Sheltered people leave a site whose surroundings are safe at
   ``shelter_return_rate`` a day and settle in that town.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from game.sim.fields import Box, active_boxes_many, is_whole_map, stack_flat_indices
from game.sim.picture import Picture
from game.sim.report import DayReport
from game.sim.world import World


@dataclass
class _Water:
    """(H * W,) water cells, flat (gathered by flat index: cheaper than the terrain field)."""

    wet_flat: npt.NDArray[np.bool_]


def _water(w: World) -> _Water:
    return _Water((w.terrain["water"] != 0).reshape(-1))


@dataclass
class _Memo:
    """Boxes of recent masks of where displaced people may be (``fields.cached_boxes``)."""

    boxes: dict[bytes, list[Box]] = field(default_factory=dict)


I64 = npt.NDArray[np.int64]


def _flee(w: World, at_risk: list[I64], rep: DayReport) -> None:
    """Flight of every community at once, on the cells where violence drew.

    The cells of all communities are stacked as flat indices into the (C, H, W) layers, in
    community order, so the one binomial draw gives the same numbers as one draw per
    community in turn (nothing else draws in between).
    """
    d = w.dyn.displacement
    hw = w.shape[0] * w.shape[1]
    thr = w.threat.reshape(-1)
    civ = w.civilians.reshape(-1)
    parts = [a + c * hw for c, a in enumerate(at_risk) if a.size]
    if not parts:
        return
    idx = np.concatenate(parts) if len(parts) > 1 else parts[0]
    idx = idx[thr[idx] > np.float32(d.flee_threshold)]
    n = civ[idx]
    keep = n > 0
    idx, n = idx[keep], n[keep]
    if idx.size == 0:
        return
    p = d.flee_max * -np.expm1(-thr[idx].astype(np.float64) / d.flee_scale)
    k = w.rng.binomial(n, p).astype(np.int32)
    civ[idx] -= k
    w.displaced.reshape(-1)[idx] += k
    rep.fled += _by_community(idx // hw, k, w.n_communities)


def _by_community(comm: I64, counts: npt.NDArray[np.integer], nc: int) -> I64:
    """Per-community totals of whole-people ``counts`` (exact: far below 2**53)."""
    out: I64 = np.bincount(comm, weights=counts, minlength=nc).astype(np.int64)
    return out


def _destinations(
    w: World,
    comm: I64,
    idx: I64,
    sites: list[tuple[int, int]],
) -> I64:
    """Flat index (in its community's layer) each displaced group, of community ``comm`` at
    flat cell ``idx`` of that layer, walks to today (every group's own, so all communities
    are done in one go)."""
    d = w.dyn.displacement
    h, wd = w.shape
    step = max(1, round(w.cells(d.walk_km)))
    iy, ix = np.divmod(idx, wd)
    thr = w.threat.reshape(-1)
    base = comm * (h * wd)  # where each group's community layer starts in ``thr``
    here = thr[base + idx]
    dest = idx.copy()
    heading = np.zeros(idx.size, dtype=bool)
    if sites:
        sx = np.array([s[0] for s in sites], dtype=np.float64)
        sy = np.array([s[1] for s in sites], dtype=np.float64)
        dx = sx[None, :] - ix[:, None]
        dy = sy[None, :] - iy[:, None]
        dist = np.hypot(dx, dy)
        j = np.argmin(dist, axis=1)
        rows = np.arange(idx.size)
        dmin = dist[rows, j]
        heading = (dmin > 0) & (dmin <= w.cells(d.poc_reach_km))
        if heading.any():
            f = np.minimum(1.0, step / np.where(dmin > 0, dmin, 1.0))
            ny = np.rint(iy + dy[rows, j] * f).astype(np.int64)
            nx = np.rint(ix + dx[rows, j] * f).astype(np.int64)
            # integer clamps (np.clip costs several times a ufunc call on small arrays)
            np.minimum(np.maximum(ny, 0, out=ny), h - 1, out=ny)
            np.minimum(np.maximum(nx, 0, out=nx), wd - 1, out=nx)
            dest[heading] = (ny * wd + nx)[heading]
    flee = ~heading & (here >= np.float32(d.return_threshold))
    if flee.any():
        fy, fx = iy[flee], ix[flee]
        diag = max(1, round(step / np.sqrt(2.0)))
        oy = np.array([0, -step, step, 0, 0, -diag, -diag, diag, diag])
        ox = np.array([0, 0, 0, -step, step, -diag, diag, -diag, diag])
        cy = np.minimum(np.maximum(fy[:, None] + oy, 0), h - 1)
        cx = np.minimum(np.maximum(fx[:, None] + ox, 0), wd - 1)
        cand = cy * wd + cx
        # float32 threat as is: converting to float64 keeps every order, so the argmin too
        score = thr[base[flee][:, None] + cand]
        wet = w.cache(_Water, "terrain", make=_water).wet_flat[cand]
        wet[:, 0] = False  # staying put is always possible
        score[wet] = np.inf
        best = np.argmin(score, axis=1)
        dest[flee] = cand[np.arange(fy.size), best]
    return dest


def flow(w: World, pic: Picture, rep: DayReport, at_risk: list[I64]) -> None:
    """Flight, return, walking and POC admission for one day.

    ``at_risk`` holds, per community, the flat cells where violence drew (hazard above
    ``min_hazard``, people present): flight can only happen there, as flee_threshold >=
    min_hazard, so the map need not be scanned again. Displaced people can only be in
    blocks that held some at dawn or in today's threat boxes, so only those are scanned.

    Every community's groups are handled in one go, as flat indices into the (C, H, W)
    layers in community order: the return draws come out as one draw per community in
    turn would give them (walking draws nothing), and communities never share a layer.
    """
    d = w.dyn.displacement
    rng = w.rng
    nc = w.n_communities
    hw = w.shape[0] * w.shape[1]
    _flee(w, at_risk, rep)
    # room in each site before today's arrivals
    spare = [int(w.poc_capacity[y, x]) - int(w.sheltered[:, y, x].sum()) for x, y in w.poc_sites]
    open_sites = [s for s, room in zip(w.poc_sites, spare, strict=True) if room > 0]
    ret_thr = np.float32(d.return_threshold)
    g = w.grid
    if any(is_whole_map(b, g) for b in pic.boxes):
        # much of the map is under threat today: one scan of the whole stack
        idx = stack_flat_indices(w.displaced, None)
    else:
        where = pic.displaced_blocks.copy()
        for c in range(nc):
            for b in pic.boxes[c]:
                where[c, b.bys, b.bxs] = True
        # one cover per community; planes seen on recent days are remembered
        idx = stack_flat_indices(
            w.displaced, active_boxes_many(where, g, w.cache(_Memo).boxes), g=g
        )
    if idx.size:
        thr = w.threat.reshape(-1)
        dis = w.displaced.reshape(-1)
        civ = w.civilians.reshape(-1)
        n = dis[idx].astype(np.int64)
        safe = thr[idx] < ret_thr
        if safe.any() and d.return_rate > 0:
            back = rng.binomial(n[safe], d.return_rate)
            cells = idx[safe]
            dis[cells] -= back.astype(np.int32)
            civ[cells] += back.astype(np.int32)
            n[safe] -= back
            rep.returned += _by_community(cells // hw, back, nc)
        moving = n > 0
        idx, n = idx[moving], n[moving]
        if idx.size:
            comm = idx // hw
            base = comm * hw
            dest = base + _destinations(w, comm, idx - base, open_sites)
            go = dest != idx
            if go.any():
                dis[idx[go]] -= n[go].astype(np.int32)
                np.add.at(dis, dest[go], n[go].astype(np.int32))
            rep.displaced += _by_community(comm, n, nc)
    # POC admission and departures
    for x, y in w.poc_sites:
        room = int(w.poc_capacity[y, x]) - int(w.sheltered[:, y, x].sum())
        gate = w.displaced[:, y, x].astype(np.int64)
        if room > 0 and gate.sum() > 0:
            take = min(room, int(gate.sum()))
            adm = rng.multivariate_hypergeometric(gate, take)
            w.displaced[:, y, x] -= adm.astype(np.int32)
            w.sheltered[:, y, x] += adm.astype(np.int32)
            rep.admitted += adm
            rep.displaced -= adm
        for c in range(nc):
            n_in = int(w.sheltered[c, y, x])
            if n_in > 0 and w.threat[c, y, x] < ret_thr and d.shelter_return_rate > 0:
                k = int(rng.binomial(n_in, d.shelter_return_rate))
                w.sheltered[c, y, x] -= k
                w.civilians[c, y, x] += k
                rep.returned[c] += k
        rep.sheltered += w.sheltered[:, y, x]
