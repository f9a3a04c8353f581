"""The threat field: each civilian's daily hazard of being killed, by community.

Per faction f and community c, on the operational grid (a Holling type II response:
fighters kill up to their capacity, fewer when victims are scarce):

    hazard[f, c] = lethality * capability_f * intent[f, c] * fighters_f in strike reach
                   / (exposed civilians in strike reach + half_saturation)

Attacking groups add their own term with intent raised to ``attack_intent``. On the fine
grid the hazard is deterred by protection and hidden by cover:

    threat[c] = sum_f hazard[f, c] (upsampled) * (1 - max_deterrence * det_f * protection)
                * (1 - cover_hides * cover)

where det_f is 1, or ``1 - host_leverage * consent`` for host-government forces. Factions
sharing det_f are summed before upsampling, so the fine cost is one multiply-add per
(community, distinct det_f), not per faction.

Private caches (``World.cache``): the cover's share of exposure (remade with the terrain),
where ``threat`` was last computed (so a day clears only those boxes; remade whenever the
layer is written elsewhere), and the day's hazard buffer, reused from day to day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from game.sim.factions import attack_presence, capability
from game.sim.fields import (
    Box,
    OpGrid,
    active_boxes_many,
    block_sum,
    box_sum,
    full_box,
    rows_of,
    upsample_mul,
)
from game.sim.picture import Picture
from game.sim.protection import protection_boxes
from game.sim.world import World

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
NEGLIGIBLE_INTENT = 1e-9
"""Intent below this is no intent (keeps tiny products from underflowing)."""
FLUSH = 1e-30
"""Hazards below this are flushed to 0 (far below ``min_hazard``; float32 cannot hold them)."""


@dataclass
class Cover:
    """How much of the hazard civilians cannot hide from, by cell and by block."""

    exposure: F32
    """1 - cover_hides * cover: share of the hazard civilians on this cell cannot hide from
    (read-only)."""
    exposure_c: F64
    """Block mean of ``exposure`` (read-only)."""


def _cover(w: World) -> Cover:
    cover = w.terrain["cover"]
    expo = (np.float32(1.0) - np.float32(w.dyn.violence.cover_hides) * cover).astype(np.float32)
    mean = block_sum(expo, w.grid) / w.grid.cells()
    expo.flags.writeable = False
    mean.flags.writeable = False
    return Cover(expo, mean)


def cover(w: World) -> Cover:
    """The world's ``Cover`` (computed once per terrain)."""
    return w.cache(Cover, "terrain", "dyn", make=_cover)


@dataclass
class _Hazard:
    """The day's (F, C, hc, wc) hazard buffer, reused from day to day (a picture lives one
    day), and which of its (faction, community) planes were written last (all others +0)."""

    buf: F64 | None = None
    written: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Drawn:
    """Where the ``threat`` layer may be nonzero, per community (valid until the layer is
    written elsewhere; None: unknown, clear everything)."""

    boxes: list[list[Box]] | None = None


def hazard(w: World, pic: Picture) -> None:
    """Fill ``pic.hazard`` (F, C, hc, wc) and ``pic.active`` (the nonzero (f, c) pairs).

    The array is a scratch buffer reused from day to day (a picture lives one day): only
    the planes written yesterday and not overwritten today are cleared, and only the
    (faction, community) planes with a nonzero scale are computed; the others are 0, what
    ``reach * 0`` flushed gave.
    """
    v = w.dyn.violence
    cap = v.lethality * capability(w)
    nf, nc = w.n_factions, w.n_communities
    st = w.cache(_Hazard)
    out = st.buf
    if out is None or out.shape != (nf, nc, w.grid.hc, w.grid.wc):
        out = st.buf = np.zeros((nf, nc, w.grid.hc, w.grid.wc), dtype=np.float64)
        st.written = []
    written: list[tuple[int, int]] = []
    intent = np.where(w.intent < NEGLIGIBLE_INTENT, 0.0, w.intent)
    if any(a.forming <= 0 and a.strength > 0 for a in w.attacks):
        striking = attack_presence(w, pic)
        attacking = [f for f in range(nf) if striking[f].any()]
    else:  # no attack strikes today: attack_presence would be all zeros
        striking = pic.armed[:0]
        attacking = []
    # factions with some intent and some fighters (two reductions for all factions)
    has = intent.any(axis=1) & (pic.armed != 0).reshape(nf, -1).any(axis=1)
    hostile = np.flatnonzero(has).tolist()
    if hostile or attacking:
        denom = 1.0 / (pic.exposed_reach.sum(axis=0) + v.half_saturation_civilians)
    if hostile:
        # All hostile factions at once: one box sum over the stacked factions (the filter
        # runs line by line: the same sums as one call each), then reach_f * (cap_f *
        # intent_fc) per pair with a nonzero scale, the same double per element as one
        # broadcast product. A zero scale gives reach * 0 = +-0, flushed to +0 below: the
        # buffer's +0 already.
        reach = box_sum(rows_of(pic.armed, hostile), pic.strike_r) * denom
        scale = cap[hostile, None] * intent[hostile]
        pairs = [(hostile[j], c, j) for j, c in np.argwhere(scale != 0).tolist()]
    else:
        pairs = []
    # yesterday's planes are cleared, but for those the products below overwrite whole
    computed = {(f, c) for f, c, _ in pairs}
    for f, c in st.written:
        if (f, c) not in computed:
            out[f, c].fill(0.0)
    if hostile:
        for f, c, j in pairs:
            np.multiply(reach[j], scale[j, c], out=out[f, c])
            written.append((f, c))
    if attacking:
        attackers = box_sum(striking[attacking], pic.strike_r) * denom
        for j, f in enumerate(attacking):
            for c in range(nc):
                i = float(intent[f, c])
                out[f, c] += (cap[f] * max(i, v.attack_intent)) * attackers[j]
                if (f, c) not in written:
                    written.append((f, c))
    written.sort()
    st.written = written
    # the pairs with a nonzero hazard, (f, c) in row-major order; then tiny values flushed
    # (zero pairs have nothing to flush)
    active = [(f, c) for f, c in written if out[f, c].any()]
    if active:  # as a flush of the whole array: the planes never written hold +0 already
        for f, c in written:
            plane = out[f, c]
            np.copyto(plane, 0.0, where=plane < FLUSH)  # plane[plane < FLUSH] = 0
    pic.hazard = out
    pic.active = active


def _bounding_part(b: Box, nonzero: npt.NDArray[np.bool_], g: OpGrid) -> Box:
    """The part of box ``b`` bounding its blocks where ``nonzero`` (over ``b``'s blocks) is
    True (it has at least one)."""
    rows = np.flatnonzero(nonzero.any(axis=1))
    cols = np.flatnonzero(nonzero.any(axis=0))
    y0, y1 = b.bys.start + int(rows[0]), b.bys.start + int(rows[-1]) + 1
    x0, x1 = b.bxs.start + int(cols[0]), b.bxs.start + int(cols[-1]) + 1
    return Box(
        slice(y0, y1),
        slice(x0, x1),
        slice(y0 * g.b, min(g.h, y1 * g.b)),
        slice(x0 * g.b, min(g.w, x1 * g.b)),
    )


def _pieces(part: Box, where: list[Box] | None, g: OpGrid) -> list[Box]:
    """``part`` cut down to the disjoint boxes ``where`` protection may be nonzero (None:
    unknown), if that leaves at most half of its cells; else ``[part]`` (fewer calls)."""
    if where is None:
        return [part]
    out: list[Box] = []
    area = 0
    for p in where:
        y0, y1 = max(part.bys.start, p.bys.start), min(part.bys.stop, p.bys.stop)
        x0, x1 = max(part.bxs.start, p.bxs.start), min(part.bxs.stop, p.bxs.stop)
        if y0 < y1 and x0 < x1:
            ys = slice(y0 * g.b, min(g.h, y1 * g.b))
            xs = slice(x0 * g.b, min(g.w, x1 * g.b))
            out.append(Box(slice(y0, y1), slice(x0, x1), ys, xs))
            area += (ys.stop - ys.start) * (xs.stop - xs.start)
    whole = (part.ys.stop - part.ys.start) * (part.xs.stop - part.xs.start)
    return out if 2 * area <= whole else [part]


def _inside(a: Box, b: Box) -> bool:
    """Whether box ``a`` lies within box ``b``."""
    return bool(
        b.bys.start <= a.bys.start
        and a.bys.stop <= b.bys.stop
        and b.bxs.start <= a.bxs.start
        and a.bxs.stop <= b.bxs.stop
    )


WHOLE_MAP_SHARE = 0.25
"""When at least this share of the operational blocks carries some hazard, the threat is
computed over the whole map in passes stacked over the communities: finding boxes and
working box by box would cost more than the cells it skips."""
WHOLE_MAP_CELLS = 2**20
"""Layers of at most this many cells (communities x map cells) are always computed whole:
a pass over them costs less than the fixed cost of working box by box (at 256 x 256 with
3 communities, 8% fewer instructions a day; about even at 1024 x 1024, where the share
decides; at 2048 x 2048 the boxes save 40% of the day)."""


def compute_threat(w: World, pic: Picture) -> None:
    """Fill ``w.threat`` (C, H, W) from the operational hazard, protection and cover.

    Written as ``threat = exposure * (up(S1) - max_deterrence * protection * up(S2))`` with
    ``S1 = sum_f hazard_f`` and ``S2 = sum_f det_f * hazard_f`` (both on the operational
    grid), which equals the per-faction formula but costs two upsamples per community
    whatever the number of factions. Where S1 is 0 the threat is 0; ``pic.boxes`` says, per
    community, where it may not be: the whole map when the layers are small
    (``WHOLE_MAP_CELLS``) or much of them is active (``WHOLE_MAP_SHARE``), else disjoint
    boxes covering the blocks where S1 > 0, which are all that is computed (the rest of
    the layer is 0, and only yesterday's boxes need clearing). Either way every cell gets
    the same value.
    """
    hazard(w, pic)
    g = w.grid
    nc = w.n_communities
    fac = pic.deterrence_factor
    s1_all = np.empty((nc, g.hc, g.wc))
    s2_all = np.empty((nc, g.hc, g.wc))
    by_c: list[list[int]] = [[] for _ in range(nc)]
    for f, c in pic.active:
        by_c[c].append(f)
    for c in range(nc):
        members = by_c[c]
        if members:
            # a run of factions is a view (no gather); the sums run over the faction axis
            # in the same order either way
            hz = rows_of(pic.hazard[:, c], members)
            hz.sum(axis=0, out=s1_all[c])
            (fac[members, None, None] * hz).sum(axis=0, out=s2_all[c])
        else:
            s1_all[c].fill(0.0)
            s2_all[c].fill(0.0)
    active = s1_all > 0
    whole = (
        w.threat.size <= WHOLE_MAP_CELLS
        or np.count_nonzero(active) >= WHOLE_MAP_SHARE * active.size
    )
    if whole:
        boxes = [[full_box(g)] if by_c[c] else [] for c in range(nc)]
    else:  # a cover per community (one without members has an empty mask)
        boxes = active_boxes_many(active, g)
    pic.boxes = boxes
    clip = _can_clip(w, pic)
    prev = w.cache(_Drawn, "threat").boxes
    with w.edit("threat") as out:
        _clear_stale(out, prev, boxes)
        if whole:
            _whole_map(w, out, [c for c in range(nc) if by_c[c]], s1_all, s2_all, clip)
        else:
            for c in range(nc):
                if by_c[c]:
                    _in_boxes(w, out[c], pic, s1_all[c], s2_all[c], boxes[c], clip)
    w.cache(_Drawn, "threat").boxes = boxes  # a new record: the layer was just written


def _clear_stale(threat: F32, prev: list[list[Box]] | None, boxes: list[list[Box]]) -> None:
    """Zero what yesterday's threat boxes (``prev``; None: unknown) hold outside today's
    (today's are overwritten)."""
    for c, today in enumerate(boxes):
        out = threat[c]
        if prev is None:
            out.fill(0.0)
            continue
        for b in prev[c]:
            if not any(_inside(b, nb) for nb in today):
                out[b.ys, b.xs] = 0.0


def _correct(w: World, s2: F64, part: Box, out: F32, clip: bool) -> None:
    """``out -= up(s2) * protection * max_deterrence * exposure`` on the cells of ``part``
    (``s2`` (..., hc, wc) and ``out`` (..., h, w) may hold several communities), in that
    order of float32 products, then clipped at 0 if deterrence can exceed the hazard."""
    g = w.grid
    expo = cover(w).exposure
    corr = np.empty(out.shape, np.float32)
    upsample_mul(s2, g, part, w.protection[part.ys, part.xs], corr)
    corr *= np.float32(w.dyn.protection.max_deterrence)
    corr *= expo[part.ys, part.xs]
    out -= corr
    if clip:  # only corrected cells can be negative (else s1 * exposure >= 0)
        np.maximum(out, np.float32(0.0), out=out)


def _can_clip(w: World, pic: Picture) -> bool:
    """Whether the deterrence of some faction can cancel all of its hazard (then the
    corrected threat may dip below 0 and is clipped)."""
    fac = pic.deterrence_factor
    return w.dyn.protection.max_deterrence * float(fac.max(initial=0.0)) >= 1.0 - 1e-6


def _whole_map(
    w: World, threat: F32, comms: list[int], s1_all: F64, s2_all: F64, clip: bool
) -> None:
    """The threat of the communities ``comms`` over the whole map, stacked: one upsample
    for them all, then the protection correction inside the boxes where protection may be
    nonzero (elsewhere it subtracts 0, which changes nothing)."""
    if not comms:
        return
    g = w.grid
    whole = full_box(g)
    run = comms[-1] - comms[0] == len(comms) - 1
    # a run of communities is one view of the layer; otherwise one community at a time
    groups = [comms] if run else [[c] for c in comms]
    guarded = protection_boxes(w)
    where = guarded if guarded is not None else [whole]
    expo = cover(w).exposure
    for grp in groups:
        lo, hi = grp[0], grp[-1] + 1
        out = threat[lo:hi]
        upsample_mul(s1_all[lo:hi], g, whole, expo, out)
        s2 = s2_all[lo:hi]
        for p in where:
            # the correction is exactly 0 on blocks where s2 is 0 (all terms are >= 0)
            if s2[:, p.bys, p.bxs].any():
                _correct(w, s2, p, out[:, p.ys, p.xs], clip)


def _in_boxes(
    w: World, out: F32, pic: Picture, s1: F64, s2: F64, boxes: list[Box], clip: bool
) -> None:
    """The threat of one community (its layer ``out``) box by box (a small part of the map
    is active)."""
    g = w.grid
    expo = cover(w).exposure
    guarded = s2 * pic.protection
    where = protection_boxes(w)
    for b in boxes:
        upsample_mul(s1, g, b, expo[b.ys, b.xs], out[b.ys, b.xs])
        gb = guarded[b.bys, b.bxs] != 0  # a boolean mask: cheaper reductions
        if not gb.any():
            continue
        # The correction up(s2) * protection * max_deterrence * exposure is exactly 0 on
        # blocks where s2 * mean protection is 0 (all terms are >= 0), and subtracting 0
        # changes nothing: compute it on their bounding box only, and there only inside the
        # boxes where protection may be nonzero when they cover a small part of it.
        for part in _pieces(_bounding_part(b, gb, g), where, g):
            _correct(w, s2, part, out[part.ys, part.xs], clip)
