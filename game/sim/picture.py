"""The operational picture of one day: block totals the factions act on.

Built once a day from the world's fine layers (one pass over each), then modified by the
day's fights, clashes, recruitment and movement, and finally written back to the fine
``armed`` layer. Transient: it is not part of the world's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from game.sim.fields import Box, OpGrid, block_sum, block_sum_sparse, box_sum
from game.sim.world import GOVERNMENT, World

F64 = npt.NDArray[np.float64]


@dataclass
class Picture:
    """Operational-grid aggregates for one day (float64, shape (..., hc, wc))."""

    armed_start: F64
    """(F, hc, wc) fighters per block at the start of the day (from ``world.armed``)."""
    armed: F64
    """(F, hc, wc) fighters per block, updated through the day."""
    exposed: F64
    """(C, hc, wc) civilians exposed to violence: at home, displaced, and in unguarded sites."""
    protection: F64
    """(hc, wc) mean protection."""
    strike_r: int
    """Strike radius in blocks."""
    exposed_reach: F64 = field(default_factory=lambda: np.zeros(0))
    """(C, hc, wc) exposed civilians within strike reach (box sum)."""
    hazard: F64 = field(default_factory=lambda: np.zeros(0))
    """(F, C, hc, wc) per-person hazard before deterrence and cover, by faction."""
    active: list[tuple[int, int]] = field(default_factory=list)
    """(faction, community) pairs with a nonzero hazard today."""
    deterrence_factor: F64 = field(default_factory=lambda: np.zeros(0))
    """(F,) how much protection deters each faction (host discount for the government)."""
    boxes: list[list[Box]] = field(default_factory=list)
    """Per community: boxes outside which today's threat is 0 (set by the threat field)."""
    displaced_blocks: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    """(C, hc, wc) blocks holding displaced people at the start of the day."""
    unguarded: list[tuple[int, int]] = field(default_factory=list)
    """POC sites (x, y) whose sheltered people are exposed today."""


def deterrence_factors(w: World) -> F64:
    """(F,) share of protection that deters each faction.

    1 for rebels, militias and spoilers; ``1 - host_leverage * consent`` for host-government
    forces while the mission depends on their consent (Fjelde, Hultman & Nilsson 2019).
    """
    lev = w.dyn.protection.host_leverage
    # Python floats: the same float64 products as array arithmetic, without its calls
    return np.array(
        [
            1.0 - lev * c if k == GOVERNMENT else 1.0
            for k, c in zip(w.faction_kind.tolist(), w.consent.tolist(), strict=True)
        ],
        dtype=np.float64,
    )


def unguarded_sites(w: World) -> list[tuple[int, int]]:
    """POC sites with people inside but too little protection to keep attackers out."""
    if not w.poc_sites:
        return []
    # float32 values compared as Python floats (exact conversions: the same order)
    thr = float(np.float32(w.dyn.protection.guarded_site_protection))
    return [
        (x, y)
        for x, y in w.poc_sites
        if float(w.protection[y, x]) < thr and int(w.sheltered[:, y, x].sum()) > 0
    ]


def _packed_block_sums(x: npt.NDArray[np.int32], g: OpGrid) -> npt.NDArray[np.int64]:
    """Block sums of a non-negative int32 layer (P, H, W), two half-sums packed per int64.

    The layer is read as int64 (each one holds the cells of two neighbouring columns, the
    one in the low 32 bits, the other in the high), so one int64 add sums two columns at
    once: half the adds, all on contiguous rows. The b rows of each block are added first,
    then the b / 2 int64 columns of a block. While every half-sum fits in 31 bits (no
    negatives, block totals below 2**31) no carry crosses between the halves, and each
    int32 half of the result is the sum of its own columns: the block total is the sum of
    the two halves (``_unpacked``). Needs whole blocks of an even side ``b``.
    """
    v = x.view(np.int64).reshape(x.shape[0], g.hc, g.b, g.w // 2)
    rows = v[:, :, 0] + v[:, :, 1]
    for k in range(2, g.b):
        rows += v[:, :, k]
    half = g.b // 2
    if half == 1:
        return rows
    sums = rows[..., 0::half] + rows[..., 1::half]
    for k in range(2, half):
        sums += rows[..., k::half]
    return sums


def _unpacked(sums: npt.NDArray[np.int64]) -> F64:
    """Block totals (float64) from ``_packed_block_sums``: the two int32 halves added."""
    halves = sums.view(np.int32).reshape(*sums.shape, 2)
    out: F64 = np.add(halves[..., 0], halves[..., 1], dtype=np.float64)
    return out


def _exposed_sums(w: World) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Block totals of ``civilians + displaced`` (float64), and the blocks with displaced.

    Integer totals are exact in any order, so the packed sums give the bits of
    ``block_sum(civilians) + block_sum_sparse(displaced)``. Both layers are never negative
    (an invariant of the world) and a block holds at most a community's population, so
    the packing is carry-free when every community has fewer than 2**31 people. The
    displaced sums are only tested for > 0, which their packed sums are exactly where
    they are non-zero: they need no unpacking.
    """
    g = w.grid
    civ, dis = w.civilians, w.displaced
    if (
        g.b % 2 == 0
        and g.h == g.hc * g.b
        and g.w == g.wc * g.b
        and civ.dtype == np.int32
        and dis.dtype == np.int32
        and civ.flags.c_contiguous
        and dis.flags.c_contiguous
        and int(w.initial_totals.max()) < 2**31
    ):
        packed = _packed_block_sums(civ, g)
        dis_packed = _packed_block_sums(dis, g)
        packed += dis_packed
        return _unpacked(packed), dis_packed != 0
    exposed = block_sum(civ, g)
    displaced = block_sum_sparse(dis, g)  # few cells hold displaced people
    exposed += displaced
    return exposed, displaced > 0


def build_picture(w: World) -> Picture:
    """Aggregate the fine layers into today's operational picture."""
    g = w.grid
    armed = block_sum(w.armed, g)
    exposed, displaced_blocks = _exposed_sums(w)
    unguarded = unguarded_sites(w)
    for x, y in unguarded:
        by, bx = g.block_of(y, x)
        exposed[:, by, bx] += w.sheltered[:, y, x]
    prot = block_sum(w.protection, g) / g.cells()
    strike_r = g.radius_blocks(w.cells(w.dyn.violence.strike_radius_km))
    return Picture(
        armed_start=armed.copy(),
        armed=armed,
        exposed=exposed,
        protection=prot,
        strike_r=strike_r,
        exposed_reach=box_sum(exposed, strike_r),
        deterrence_factor=deterrence_factors(w),
        unguarded=unguarded,
        displaced_blocks=displaced_blocks,
    )
