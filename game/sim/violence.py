"""Violence against civilians: binomial deaths where the threat field says people are at risk.

For each community, only the cells whose hazard exceeds ``min_hazard`` (a speed setting,
``game.sim.numerics``) and that hold people are gathered (flat indices of a thresholded
mask); there each person at home and each displaced person dies with probability
``1 - exp(-threat)`` (binomial draws on the gathered cells only: drawing over every cell
of a large map would be far too slow).
Sheltered people in unguarded POC sites are exposed the same way. Each cell's deaths are
split among the factions in proportion to their share of its hazard (conditional
binomials, i.e. a multinomial), removed from the counts exactly and recorded in
``deaths_map`` and ``deaths[c, perpetrator]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from game.sim.fields import is_whole_map, stack_flat_indices
from game.sim.picture import Picture
from game.sim.report import CiviliansAttacked, DayReport
from game.sim.world import World

I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
PLANES = np.zeros((3, 3, 3), dtype=bool)
PLANES[1] = True
"""8-connectivity inside each plane of a stack, none across planes."""


@dataclass
class Deaths:
    """Where one community's people died today: flat cell indices and counts."""

    cells: I64
    killed: I64
    at_risk: I64
    """Flat cells where the hazard exceeds ``min_hazard`` and people live (after deaths)."""


def _split(
    w: World,
    comm: I64,
    cells: I64,
    killed: I64,
    pic: Picture,
) -> npt.NDArray[np.int64]:
    """(F, n) deaths per faction on each cell (of community ``comm``, flat index ``cells``
    in its layer), a multinomial split by hazard share."""
    g = w.grid
    wd = w.shape[1]
    iy, ix = np.divmod(cells, wd)
    by, bx = iy // g.b, ix // g.b
    nf = w.n_factions
    prot = w.protection.reshape(-1)[cells].astype(np.float64)
    m = w.dyn.protection.max_deterrence
    # every faction at once: the same product per element as one row at a time
    deter = 1.0 - (m * pic.deterrence_factor)[:, None] * prot[None, :]
    weight = pic.hazard[:, comm, by, bx] * deter
    np.maximum(weight, 0.0, out=weight)
    out = np.zeros((nf, cells.size), dtype=np.int64)
    left = killed.copy()
    rest = weight.sum(axis=0)
    for f in range(nf):
        if not left.any():
            break
        if f == nf - 1:  # the last faction takes what is left where it has a share
            k = np.where(weight[f] > 0, left, 0)
        else:
            # weight / rest where rest > 0, else 0 (no division there: no warnings)
            pos = rest > 0
            p = np.zeros(cells.size)
            np.divide(weight[f], rest, out=p, where=pos)
            p = np.minimum(np.maximum(p, 0.0), 1.0)  # a clip; only feeds the binomial draw
            k = w.rng.binomial(left, p)
        out[f] = k
        left -= k
        rest = rest - weight[f]
    if left.any():  # rounding left people unattributed: give them to the largest share
        out[np.argmax(weight, axis=0), np.arange(cells.size)] += left
    return out


def _incidents(
    w: World, found: list[tuple[int, I64, npt.NDArray[np.int64]]], rep: DayReport
) -> None:
    """Report clusters (adjacent operational blocks) with enough deaths per perpetrator.

    ``found`` lists today's (community, cells, deaths by faction) in community order. The
    blocks of every community are labelled in one call, each in its own plane of a stack
    (``PLANES``: no cluster spans two planes); the labeller numbers clusters in raster
    order, so a plane's numbers are those it would get alone plus an offset, and the
    reports come plane by plane, faction by faction, cluster by cluster.
    """
    least = w.dyn.violence.incident_min_deaths
    # a cluster holds part of a faction's deaths: none can reach ``least`` when no total does
    todo = [x for x in found if least <= 0 or (x[2].sum(axis=1) >= least).any()]
    if not todo:
        return
    g = w.grid
    wd = w.shape[1]
    where = []
    for _, cells, _ in todo:
        iy, ix = np.divmod(cells, wd)
        where.append((iy, ix, iy // g.b, ix // g.b))
    # Only the bounding rectangle of the blocks hit is labelled (a few blocks of the grid):
    # the cut loses no neighbour of a hit block, and keeps the raster order of the rest,
    # so each plane's clusters are numbered as on the whole grid, up to an offset.
    all_by = np.concatenate([x[2] for x in where]) if len(where) > 1 else where[0][2]
    all_bx = np.concatenate([x[3] for x in where]) if len(where) > 1 else where[0][3]
    y0, x0 = int(all_by.min()), int(all_bx.min())
    masks = np.zeros((len(todo), int(all_by.max()) - y0 + 1, int(all_bx.max()) - x0 + 1), bool)
    for i, (_, _, by, bx) in enumerate(where):
        masks[i, by - y0, bx - x0] = True
    labels, n = ndimage.label(masks, structure=PLANES)
    # Every plane's cells with their cluster (numbered across the stack, in plane order)
    # and deaths by faction side by side; then one binning of deaths by (faction,
    # cluster). Totals of whole people are exact in any order.
    lab = (
        np.concatenate(
            [plane[by - y0, bx - x0] for plane, (_, _, by, bx) in zip(labels, where, strict=True)]
        )
        - 1
    )
    deaths = np.concatenate([x[2] for x in todo], axis=1)  # (F, cells)
    nf = w.n_factions
    bins = lab[None, :] + (np.arange(nf) * n)[:, None]
    sums = np.bincount(bins.reshape(-1), weights=deaths.reshape(-1), minlength=nf * n)
    sums = sums.reshape(nf, n)
    plane = np.zeros(n, dtype=np.int64)  # each cluster's plane (all its cells share it)
    plane[lab] = np.repeat(np.arange(len(todo)), [x[1].size for x in todo])
    iy = np.concatenate([x[0] for x in where])
    ix = np.concatenate([x[1] for x in where])
    # reported plane by plane (community order), then faction, then cluster number
    hits = sorted((int(plane[k]), f, k) for f, k in np.argwhere(sums >= least).tolist())
    for i, f, k in hits:
        d = deaths[f]
        sel = np.flatnonzero((lab == k) & (d > 0))
        j = sel[np.argmax(d[sel])]
        rep.incidents.append(
            CiviliansAttacked(
                (int(ix[j]), int(iy[j])),
                w.faction_ids[f],
                w.community_ids[todo[i][0]],
                int(sums[f, k]),
            )
        )


def _draw(
    w: World,
    threat: F32,
    n_home: npt.NDArray[np.int32],
    n_disp: npt.NDArray[np.int32],
) -> tuple[I64, I64, I64]:
    """Deaths at home and among the displaced on the gathered cells (every one holds
    people): returns the positions (into the gathered cells, increasing) where someone
    died, and the deaths at home and among the displaced there.

    Exact binomials where a cell's expected deaths reach ``exact_expected_deaths``; below,
    the rare-event limit: a Poisson total over those cells, each death placed on a cell in
    proportion to its expected deaths (with replacement, never more than its people), and
    split between residents and displaced by a hypergeometric draw.
    """
    rng = w.rng
    # p = -expm1(-threat) in float64, in one buffer (the same values, fewer temporaries)
    p = threat.astype(np.float64)
    np.negative(p, out=p)
    np.expm1(p, out=p)
    np.negative(p, out=p)
    n_tot = n_home.astype(np.int64) + n_disp
    mu = n_tot * p
    exact = mu >= w.numerics.exact_expected_deaths
    e = np.flatnonzero(exact)
    pos: list[I64] = []
    homes: list[I64] = []
    disps: list[I64] = []
    if e.size:
        eh = rng.binomial(n_home[e], p[e]).astype(np.int64)
        ed = rng.binomial(n_disp[e], p[e]).astype(np.int64)
        hit = (eh > 0) | (ed > 0)
        pos.append(e[hit])
        homes.append(eh[hit])
        disps.append(ed[hit])
        t = np.flatnonzero(~exact)
    else:  # no exact cell (the usual case): every cell is a rare-event cell
        t = np.arange(p.size)
    if t.size:
        cm = np.cumsum(mu[t] if e.size else mu)
        total = float(cm[-1])
        k = int(rng.poisson(total)) if total > 0 else 0
        if k:
            picks = np.searchsorted(cm, rng.random(k) * total, side="right")
            np.minimum(picks, t.size - 1, out=picks)
            # np.unique(picks, return_counts=True) without the sort: picks index ``t``
            counts = np.bincount(picks, minlength=t.size)
            where = np.flatnonzero(counts != 0)  # a boolean mask: nonzero's fast path
            count = counts[where]
            cells = t[where]
            kk = np.minimum(count, n_tot[cells])
            disp = rng.hypergeometric(n_disp[cells], n_home[cells], np.maximum(kk, 1))
            hit = kk > 0  # a picked cell holds people, so someone died there
            pos.append(cells[hit])
            homes.append((kk - disp)[hit])
            disps.append(disp[hit])
    if not pos:
        none = np.zeros(0, dtype=np.int64)
        return none, none, none
    if len(pos) == 1:
        return pos[0], homes[0], disps[0]
    at = np.concatenate(pos)
    order = np.argsort(at, kind="stable")  # exact and rare cells never coincide
    return at[order], np.concatenate(homes)[order], np.concatenate(disps)[order]


def _threatened(w: World, pic: Picture, threshold: float) -> I64:
    """Flat indices into the (C, H, W) threat of the cells above ``threshold``, community
    by community, row-major in each: one scan of the stack when the threat was computed
    over the whole map (``pic.boxes``), else inside each community's boxes."""
    g = w.grid
    if all(not b or is_whole_map(b, g) for b in pic.boxes):
        return stack_flat_indices(w.threat, None, threshold)
    return stack_flat_indices(w.threat, pic.boxes, threshold, g)


def strike(w: World, pic: Picture, rep: DayReport) -> list[Deaths]:
    """Draw and record today's deaths by faction violence. Returns where people died, per
    community.

    Every community's threatened cells are drawn in one go, as flat indices into the
    (C, H, W) layers in community order (the draws are per cell, so stacking changes no
    probability), then the sheltered people of unguarded sites, then the split of each
    cell's deaths among the factions.
    """
    rng = w.rng
    nc = w.n_communities
    h, wd = w.shape
    hw = h * wd
    civ = w.civilians.reshape(-1)
    dis = w.displaced.reshape(-1)
    thr = w.threat.reshape(-1)
    idx = _threatened(w, pic, float(np.float32(w.numerics.min_hazard)))
    if idx.size:
        n_home, n_disp = civ[idx], dis[idx]
        keep = (n_home > 0) | (n_disp > 0)
        idx, n_home, n_disp = idx[keep], n_home[keep], n_disp[keep]
    bounds = np.arange(1, nc) * hw  # where each community's layer starts in the stack
    at_risk = [a - c * hw for c, a in enumerate(np.split(idx, np.searchsorted(idx, bounds)))]
    cells_parts: list[list[I64]] = [[] for _ in range(nc)]
    killed_parts: list[list[I64]] = [[] for _ in range(nc)]
    if idx.size:
        at, kh, kd = _draw(w, thr[idx], n_home, n_disp)
        if at.size:
            cells = idx[at]
            civ[cells] -= kh.astype(np.int32)
            dis[cells] -= kd.astype(np.int32)
            cuts = np.searchsorted(cells, bounds)
            for c, (cc, kk) in enumerate(
                zip(np.split(cells, cuts), np.split(kh + kd, cuts), strict=True)
            ):
                if cc.size:
                    cells_parts[c].append(cc)
                    killed_parts[c].append(kk)
    for c in range(nc):
        for x, y in pic.unguarded:
            n = int(w.sheltered[c, y, x])
            p_site = float(-np.expm1(-float(w.threat[c, y, x])))
            if n <= 0 or p_site <= 0:
                continue
            k = int(rng.binomial(n, p_site))
            if k:
                w.sheltered[c, y, x] -= k
                cells_parts[c].append(np.array([c * hw + y * wd + x], dtype=np.int64))
                killed_parts[c].append(np.array([k], dtype=np.int64))
    # community by community (each one's cells together): stacked flat cells and counts
    sizes = [sum(p.size for p in parts) for parts in cells_parts]
    if not any(sizes):
        return [Deaths(np.zeros(0, np.int64), np.zeros(0, np.int64), a) for a in at_risk]
    flat = np.concatenate([p for parts in cells_parts for p in parts])
    killed = np.concatenate([p for parts in killed_parts for p in parts]).astype(np.int64)
    comm = np.repeat(np.arange(nc), sizes)
    np.add.at(w.deaths_map.reshape(-1), flat, killed.astype(np.int32))
    layer_cells = flat - comm * hw
    by_faction = _split(w, comm, layer_cells, killed, pic)
    nf = w.n_factions
    # deaths by (community, faction): whole people, exact in float64
    keys = (comm * nf)[None, :] + np.arange(nf)[:, None]
    totals = np.bincount(keys.reshape(-1), weights=by_faction.reshape(-1), minlength=nc * nf)
    totals_i = totals.astype(np.int64).reshape(nc, nf)
    w.deaths[:, :nf] += totals_i
    rep.killed[:, :nf] += totals_i
    out: list[Deaths] = []
    found: list[tuple[int, I64, npt.NDArray[np.int64]]] = []
    start = 0
    for c in range(nc):
        end = start + sizes[c]
        cells_c, killed_c = layer_cells[start:end], killed[start:end]
        if sizes[c]:
            found.append((c, cells_c, by_faction[:, start:end]))
        out.append(Deaths(cells_c, killed_c, at_risk[c]))
        start = end
    # reported after every community's draws: the reports draw nothing
    _incidents(w, found, rep)
    return out
