"""The grid and agent machinery Epstein's two models share, vectorised with numpy.

A torus with a halo (``Torus``), von Neumann diamonds and their sums, uniform picks among
marked cells, the synchronous proposal movement (deviation 3 of
``game.reference.epstein_civil``), conflict resolution between takers (deviation 2), the
arrest-probability tables and Mesa's per-cell placement. Agents are rows of arrays; a cell
of the padded grid holds an agent id or ``EMPTY``.

No global RNG, no clock, no I/O: every function draws from the generator it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

QUIESCENT = 0
ACTIVE = 1
JAILED = 2

EMPTY = -1
_KEY_NONE = np.uint64(np.iinfo(np.uint64).max)

IntArray = NDArray[np.intp]
Rounding = Literal["floor", "round"]


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Torus:
    """A height x width torus stored with a halo of ``pad`` cells copied from the far side.

    Neighbours of a cell are then plain offsets in the padded flat index, with no modulo.
    """

    height: int
    width: int
    pad: int

    @property
    def padded_shape(self) -> tuple[int, int]:
        """Shape of a padded layer."""
        return self.height + 2 * self.pad, self.width + 2 * self.pad

    @property
    def row_stride(self) -> int:
        """Padded width: the flat-index step of one row."""
        return self.width + 2 * self.pad

    def interior(self, layer: NDArray[Any]) -> NDArray[Any]:
        """View of the real cells of a padded layer."""
        p = self.pad
        return layer[p : p + self.height, p : p + self.width]

    def refresh_halo(self, layer: NDArray[Any]) -> None:
        """Copy the wrapped borders into the halo after the interior changed."""
        p, h, w = self.pad, self.height, self.width
        layer[p : p + h, :p] = layer[p : p + h, w : w + p]
        layer[p : p + h, p + w :] = layer[p : p + h, p : 2 * p]
        layer[:p, :] = layer[h : h + p, :]
        layer[p + h :, :] = layer[p : 2 * p, :]

    def interior_flat(self) -> IntArray:
        """Padded flat index of every real cell, row-major."""
        p, stride = self.pad, self.row_stride
        rows = (np.arange(self.height, dtype=np.intp) + p) * stride
        return (rows[:, None] + (np.arange(self.width, dtype=np.intp) + p)[None, :]).ravel()

    def wrap(self, flat: IntArray) -> IntArray:
        """Map padded flat indices (possibly in the halo) to the interior cell they mirror."""
        stride, p = self.row_stride, self.pad
        y = (flat // stride - p) % self.height + p
        x = (flat % stride - p) % self.width + p
        result: IntArray = y * stride + x
        return result

    def yx(self, flat: IntArray) -> tuple[IntArray, IntArray]:
        """Interior (row, column) of padded flat indices."""
        stride, p = self.row_stride, self.pad
        return flat // stride - p, flat % stride - p


def diamond_offsets(radius: int) -> tuple[IntArray, IntArray]:
    """(dy, dx) of the von Neumann diamond ``|dy| + |dx| <= radius``, centre excluded."""
    dy, dx = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    keep = (np.abs(dy) + np.abs(dx) <= radius) & ((dy != 0) | (dx != 0))
    return dy[keep].astype(np.intp), dx[keep].astype(np.intp)


def diamond_size(radius: int) -> int:
    """Cells in the diamond of ``radius``, centre included (2r(r+1) + 1)."""
    return 2 * radius * (radius + 1) + 1


_Block = tuple[NDArray[Any], int, int]  # array, row and column of its [0, 0] in padded coords


def _add_shifted(a: _Block, b: _Block, dy: int, dx: int) -> _Block:
    """S(p) = a(p) + b(p + (dy, dx)) on the common domain."""
    arr_a, ay, ax = a
    arr_b, by, bx = b
    y0 = max(ay, by - dy)
    y1 = min(ay + arr_a.shape[0], by - dy + arr_b.shape[0])
    x0 = max(ax, bx - dx)
    x1 = min(ax + arr_a.shape[1], bx - dx + arr_b.shape[1])
    total = (
        arr_a[y0 - ay : y1 - ay, x0 - ax : x1 - ax]
        + arr_b[y0 + dy - by : y1 + dy - by, x0 + dx - bx : x1 + dx - bx]
    )
    return total, y0, x0


def _segment_sum(a: _Block, dy: int, dx: int, length: int, memo: dict[int, _Block]) -> _Block:
    """S(p) = sum of a(p + t*(dy, dx)) for t in [0, length), by doubling (O(log length))."""
    if length == 1:
        return a
    if length in memo:
        return memo[length]
    half = length // 2
    h = _segment_sum(a, dy, dx, half, memo)
    s = _add_shifted(h, h, half * dy, half * dx)
    if length % 2:
        s = _add_shifted(s, a, (length - 1) * dy, (length - 1) * dx)
    memo[length] = s
    return s


def diamond_sum(layer: NDArray[Any], radius: int, torus: Torus, out: NDArray[Any]) -> None:
    """Write into ``torus.interior(out)`` the sum of ``layer`` over each cell's diamond.

    The diamond (centre included) is the disjoint union of two boxes in the 45-degree
    rotated lattice (even and odd ``dx + dy``); a rotated box is two successive segment
    sums along the diagonals, each done by doubling. About 15 whole-array additions for
    radius 7 instead of 113 shifted copies, and no loop over cells or agents. ``layer``
    must be a padded layer with a fresh halo and a dtype wide enough for the sums.
    """
    if radius > torus.pad:
        raise ValueError("radius exceeds the torus halo")
    base: _Block = (layer, 0, 0)
    h_even = radius // 2
    h_odd = (radius + 1) // 2
    memo: dict[int, _Block] = {}
    even = _segment_sum(_segment_sum(base, 1, 1, 2 * h_even + 1, memo), 1, -1, 2 * h_even + 1, {})
    odd = _segment_sum(_segment_sum(base, 1, 1, 2 * h_odd, memo), 1, -1, 2 * h_odd, {})
    p, h, w = torus.pad, torus.height, torus.width
    ev, ey, ex = even
    od, oy, ox = odd
    # even(p) = E(p - (2 h_even, 0)); odd(p) = O(p + (1 - 2 h_odd, 0))
    e_view = ev[p - 2 * h_even - ey : p - 2 * h_even - ey + h, p - ex : p - ex + w]
    o_view = od[p + 1 - 2 * h_odd - oy : p + 1 - 2 * h_odd - oy + h, p - ox : p - ox + w]
    if e_view.shape != (h, w) or o_view.shape != (h, w):  # pragma: no cover - geometry bug
        raise AssertionError("diamond sum lost coverage")
    np.add(e_view, o_view, out=torus.interior(out))


def _row_prefix(mark: NDArray[Any]) -> NDArray[Any]:
    """Row prefix sums with a leading zero column: P[i, j] = mark[i, :j].sum().

    uint16 while a row is shorter than 65536 (half the memory traffic of int32).
    """
    dtype = np.uint16 if mark.shape[1] < 2**16 else np.int64
    prefix = np.zeros((mark.shape[0], mark.shape[1] + 1), dtype=dtype)
    np.cumsum(mark, axis=1, dtype=dtype, out=prefix[:, 1:])
    return prefix


def pick_marked(
    prefix: NDArray[Any],
    centres: IntArray,
    radius: int,
    torus: Torus,
    rng: np.random.Generator,
) -> IntArray:
    """For each centre, a uniformly random marked cell of its diamond, or -1 if none.

    ``prefix`` is :func:`_row_prefix` of a padded 0/1 layer with a fresh halo. The diamond
    is 2r+1 row segments; their counts come from the prefix sums, a uniform rank j picks
    the segment, and a vectorised bisection on the prefix finds the j-th mark in it.
    Returned cells are interior padded flat indices. Exact, with no rejection sampling.
    """
    n = centres.size
    chosen = np.full(n, -1, dtype=np.intp)
    if n == 0:
        return chosen
    stride = torus.row_stride
    pstride = stride + 1
    flat = prefix.ravel()
    y = centres // stride
    x = centres % stride
    dys = np.arange(-radius, radius + 1, dtype=np.intp)
    ws = radius - np.abs(dys)
    # the 2r+1 row segments of every centre's diamond at once: (rows, centres)
    lo = (y[None, :] + dys[:, None]) * pstride + (x[None, :] - ws[:, None])
    counts = flat[lo + (2 * ws + 1)[:, None]].astype(np.int32) - flat[lo]
    cum = np.cumsum(counts, axis=0)
    total = cum[-1]
    has = np.flatnonzero(total > 0)
    if has.size == 0:
        return chosen
    cum = cum[:, has]
    y, x = y[has], x[has]
    rank = (rng.random(has.size) * total[has]).astype(np.int32)
    row = (cum <= rank).sum(axis=0)
    before = np.where(row > 0, cum[np.maximum(row - 1, 0), np.arange(has.size)], 0)
    rank = rank - before
    w = ws[row]
    row_base = (y + dys[row]) * pstride
    lo = x - w
    start = flat[row_base + lo]
    hi = x + w
    for _ in range(int(2 * radius + 1).bit_length()):
        mid = (lo + hi) // 2
        ok = flat[row_base + mid + 1] - start > rank
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid + 1)
    cell = (y + dys[row]) * stride + lo
    chosen[has] = torus.wrap(cell)
    return chosen


def _random_words(rng: np.random.Generator, n: int) -> NDArray[np.uint64]:
    """``n`` raw 64-bit words from the generator's bit generator."""
    return np.asarray(rng.bit_generator.random_raw(n), dtype=np.uint64)


def random_u16(rng: np.random.Generator, n: int) -> NDArray[np.uint16]:
    """``n`` uniform 16-bit words (a quarter of the raw draws of ``integers``)."""
    return _random_words(rng, (n + 3) // 4).view(np.uint16)[:n]


@lru_cache(maxsize=16)
def offset_sampler(
    radius: int, row_stride: int
) -> tuple[NDArray[np.signedinteger[Any]], NDArray[np.uint8]]:
    """Tables mapping a uniform 16-bit word to a uniform diamond offset, exactly.

    Word w < m * n (the largest multiple of the n offsets) maps to offset w // m; the few
    words above map to offset 0 with norm 255, a proposal to the proposing empty cell
    itself, which never counts (it is empty, and no vision reaches 255). So each offset
    has probability exactly m / 2**16, and one gather from a 65536-entry table replaces
    scaling arithmetic in the movement rounds.
    Returns (padded flat offset, L1 norm) per word.
    """
    dy, dx = diamond_offsets(radius)
    n = dy.size
    m = 2**16 // n
    word = np.arange(2**16, dtype=np.intp)
    k = word // m
    valid = k < n
    kk = np.where(valid, k, 0)
    flat = np.where(valid, dy[kk] * row_stride + dx[kk], 0)
    # the narrowest signed type: the table is gathered at random every round, and a
    # quarter of the bytes stays in cache when another program has run in between
    flat = flat.astype(np.int16 if radius * (row_stride + 1) < 2**15 else np.intp)
    norm = np.where(valid, np.abs(dy[kk]) + np.abs(dx[kk]), 255).astype(np.uint8)
    flat.setflags(write=False)
    norm.setflags(write=False)
    return flat, norm


def _round_keys(rng: np.random.Generator, n: int, rank: int) -> NDArray[np.uint64]:
    """Unique random claim keys that are smaller than those of any lower ``rank``.

    Layout: rank in the top 5 bits (rounds count down), 35 random bits, then the claim's
    index in the low 24 bits; so a scratch minimum left over from an earlier round never
    beats a key of this round, and no reset is needed between rounds.
    """
    if n >= 2**24 or not 0 <= rank < 32:
        raise ValueError("too many claims or rounds for the key layout")
    keys = _random_words(rng, n) & np.uint64(((1 << 35) - 1) << 24)
    keys |= np.uint64(rank << 59)
    keys |= np.arange(n, dtype=np.uint64)
    return keys


def resolve_sorted(target: IntArray, rng: np.random.Generator) -> NDArray[np.bool_]:
    """One uniformly random claim per target, by a stable sort of (target, random) keys.

    For small claim sets (arrests, kills) where a scratch array of all targets would cost
    more than the sort.
    """
    won = np.zeros(target.size, dtype=np.bool_)
    if target.size == 0:
        return won
    words = _random_words(rng, target.size) >> np.uint64(32)
    order = np.lexsort((words, target))
    first = np.ones(target.size, dtype=np.bool_)
    st = target[order]
    first[1:] = st[1:] != st[:-1]
    won[order[first]] = True
    return won


def move(
    grid: NDArray[np.int32],
    pos: NDArray[np.int32],
    reach: NDArray[np.uint8],
    radius: int,
    rounds: int,
    torus: Torus,
    rng: np.random.Generator,
    best: NDArray[np.uint64] | None = None,
) -> int:
    """Move agents to random empty cells of their diamonds; returns how many moved.

    ``reach[i]`` is agent i's vision, 0 if it may not move. Empty cells propose to one
    random cell of the diamond of ``radius`` each round (module docstring, deviation 3);
    a proposal counts if the agent there may move and the offset is within its vision;
    an agent with several proposals takes the one with the smallest random key. ``best``
    is optional per-agent scratch (reused to spare the allocation). Mutates ``grid`` and
    ``pos``.
    """
    if rounds >= 32:
        raise ValueError("at most 31 movement rounds")
    off_flat, off_norm = offset_sampler(radius, torus.row_stride)
    stuck = reach == 0
    same_reach = bool(np.all(stuck | (reach >= radius)))
    gflat = grid.ravel()
    empty = gflat == EMPTY  # halo included: it mirrors the interior
    empties = _interior_flat(torus)[np.flatnonzero(torus.interior(empty.reshape(grid.shape)))]
    # per-cell vision of the agent that may still move there (0 elsewhere), halo kept fresh
    if same_reach:  # occupied cells minus the stuck agents' cells: cheaper than a scatter
        movable = np.logical_not(empty).view(np.uint8).reshape(grid.shape)
        mflat = movable.ravel()
        mflat[pos[stuck]] = 0
    else:
        movable = np.zeros(torus.padded_shape, dtype=np.uint8)
        mflat = movable.ravel()
        mflat[pos] = reach
    torus.refresh_halo(movable)
    mbool = mflat.view(np.bool_) if same_reach else None  # 0/1 bytes: a valid bool view
    if best is None or best.size != pos.size:
        best = np.empty(pos.size, dtype=np.uint64)
    best.fill(_KEY_NONE)
    moved = 0
    for r in range(rounds):
        if empties.size == 0:
            break
        word = random_u16(rng, empties.size)
        src = empties + off_flat[word]
        if mbool is not None:
            idx = np.flatnonzero(mbool[src])
        else:
            idx = np.flatnonzero(mflat[src] >= off_norm[word])
        if idx.size == 0:
            continue
        agent = gflat[src[idx]].astype(np.intp)
        keys = _round_keys(rng, idx.size, rounds - 1 - r)
        np.minimum.at(best, agent, keys)
        won = best[agent] == keys
        idx, agent = idx[won], agent[won]
        dest = empties[idx]
        origin = pos[agent].astype(np.intp)
        gflat[origin] = EMPTY
        gflat[dest] = agent
        mflat[origin] = 0
        mflat[dest] = 0
        pos[agent] = dest
        empties[idx] = origin
        torus.refresh_halo(grid)
        torus.refresh_halo(movable)
        moved += agent.size
    return moved


@lru_cache(maxsize=8)
def _interior_flat(torus: Torus) -> IntArray:
    """Cached :meth:`Torus.interior_flat` (read-only)."""
    cells = torus.interior_flat()
    cells.setflags(write=False)
    return cells


@lru_cache(maxsize=32)
def _risk_table(n_cells: int, base: int, k: float, rounding: Rounding) -> NDArray[np.float32]:
    """Arrest probability indexed by ``packed * 2 + self_active``.

    ``packed = cops * base + actives`` counts the diamond with the centre included, so the
    citizen's own active flag is taken off before adding the 1 Epstein counts for itself:
    ``A = 1 + actives - self_active``. The quotient is exact integer arithmetic.
    """
    packed = np.arange((n_cells + 1) * base, dtype=np.int64)
    cops = packed // base
    actives = packed % base
    table = np.empty(packed.size * 2, dtype=np.float32)
    for self_active in (0, 1):
        a = np.maximum(1 + actives - self_active, 1)
        q = cops // a
        if rounding == "round":  # Python's round(): half to even
            rem2 = 2 * (cops - q * a)
            q = q + ((rem2 > a) | ((rem2 == a) & (q % 2 == 1)))
        table[self_active::2] = (1.0 - np.exp(-k * q)).astype(np.float32)
    table.setflags(write=False)
    return table


def _pack_base(n_cells: int) -> int:
    """Smallest power of two above the diamond size: counts of two kinds share one integer."""
    return 1 << int(n_cells).bit_length()


def _count_dtype(max_value: int) -> type[np.unsignedinteger[Any]]:
    """Narrowest unsigned dtype that holds ``max_value`` (sums never exceed it)."""
    if max_value < 2**8:
        return np.uint8
    if max_value < 2**16:
        return np.uint16
    return np.uint32


def make_rng(seed: int | Sequence[int]) -> np.random.Generator:
    """The project's generator for a seed: ``default_rng(SeedSequence(seed))``."""
    return np.random.default_rng(np.random.SeedSequence(seed))


def place(
    torus: Torus, densities: Sequence[float], rng: np.random.Generator
) -> list[NDArray[np.int32]]:
    """Mesa's placement: each cell draws one uniform number against cumulative densities.

    Returns, per kind, the padded flat cells of that kind in row-major order.
    """
    u = rng.random(torus.height * torus.width)
    cells = torus.interior_flat()
    out: list[NDArray[np.int32]] = []
    lo = 0.0
    for d in densities:
        hi = lo + d
        out.append(cells[(u >= lo) & (u < hi)].astype(np.int32))
        lo = hi
    return out


def count_layer(torus: Torus, cells: NDArray[Any], radius: int) -> NDArray[Any]:
    """Per cell, how many of ``cells`` lie in its diamond of ``radius`` (centre included).

    Only the interior is valid. Dense sets go through :func:`diamond_sum`, in uint8 while
    the diamond has fewer than 256 cells (radius <= 10): the whole-array sums then stay
    in cache and run five times faster than uint16. Sparse sets (a few hundred actives
    on a big map) scatter their diamonds instead, which costs per marked cell, not per
    map cell; both give the same counts.
    """
    dtype = _count_dtype(diamond_size(radius))
    size = torus.padded_shape[0] * torus.padded_shape[1]
    if cells.size * diamond_size(radius) * 8 < size:
        summed = np.zeros(torus.padded_shape, dtype=dtype)
        if cells.size:
            offsets = _diamond_flat(radius, torus.row_stride)
            targets = torus.wrap((cells.astype(np.intp)[:, None] + offsets[None, :]).ravel())
            np.add.at(summed.ravel(), targets, 1)
        return summed
    mark = np.zeros(torus.padded_shape, dtype=dtype)
    mark.ravel()[cells] = 1
    torus.refresh_halo(mark)
    summed = np.zeros_like(mark)
    diamond_sum(mark, radius, torus, summed)
    return summed


@lru_cache(maxsize=16)
def _diamond_flat(radius: int, row_stride: int) -> IntArray:
    """Padded flat offsets of the whole diamond, centre included (read-only)."""
    dy, dx = diamond_offsets(radius)
    flat = np.concatenate([[0], dy * row_stride + dx]).astype(np.intp)
    flat.setflags(write=False)
    return flat


def arrest_probability(
    cops: NDArray[Any],
    actives: NDArray[Any],
    self_active: NDArray[np.bool_],
    radius: int,
    params_k: float,
    rounding: Rounding,
) -> NDArray[np.float32]:
    """P = 1 - exp(-k q), q = floor or round of C / (1 + actives - self), via a table."""
    n_cells = diamond_size(radius)
    base = _pack_base(n_cells)
    table = _risk_table(n_cells, base, params_k, rounding)
    index: NDArray[Any]
    if table.size < 2**16:
        index = cops.astype(np.uint16) * np.uint16(2 * base)
        index += actives.astype(np.uint16) * np.uint16(2)
        index += self_active
    else:
        index = cops.astype(np.intp) * (2 * base) + actives.astype(np.intp) * 2 + self_active
    p: NDArray[np.float32] = table[index]
    return p


def police(
    cells: NDArray[Any],
    cop_pos: IntArray,
    vision: int,
    rounds: int,
    grid: NDArray[np.int32],
    torus: Torus,
    rng: np.random.Generator,
) -> IntArray:
    """Agents taken by takers at ``cop_pos``: each takes one random agent of ``cells`` in view.

    Used for arrests (cops take actives) and for killings (killers take victims). Takers
    whose pick was taken by another pick again, ``rounds`` times in all (deviation 2).
    Returns the agent ids taken, each once.
    """
    seen = count_layer(torus, cells, vision)
    looking = np.flatnonzero(seen.ravel()[cop_pos] > 0)
    if looking.size == 0:
        return np.zeros(0, dtype=np.intp)
    mark = np.zeros(torus.padded_shape, dtype=np.uint8)
    mark.ravel()[cells] = 1
    torus.refresh_halo(mark)
    gflat = grid.ravel()
    mflat = mark.ravel()
    prefix = _row_prefix(mark)
    taken: list[IntArray] = []
    for r in range(rounds):
        cells = pick_marked(prefix, cop_pos[looking], vision, torus, rng)
        found = cells >= 0
        looking, cells = looking[found], cells[found]
        if looking.size == 0:
            break
        won = resolve_sorted(cells, rng)
        got = cells[won]
        taken.append(gflat[got].astype(np.intp))
        looking = looking[~won]
        if looking.size == 0 or r == rounds - 1:
            break
        mflat[got] = 0
        torus.refresh_halo(mark)
        rows = np.unique(torus.yx(got)[0])
        rows = np.concatenate(
            [rows + torus.pad, rows + torus.pad + torus.height, rows + torus.pad - torus.height]
        )
        rows = rows[(rows >= 0) & (rows < mark.shape[0])]
        prefix[rows, 1:] = np.cumsum(mark[rows], axis=1, dtype=prefix.dtype)
    return np.concatenate(taken) if taken else np.zeros(0, dtype=np.intp)
