"""Epstein (2002) civil violence, Models I and II, vectorised with numpy on a torus.

Reference dynamics for the game: "Modeling civil violence: an agent-based computational
approach", J. M. Epstein, PNAS 99 suppl. 3 (2002). Model I (citizens and cops) follows the
rules of Mesa 3.3.1's shipped example ``mesa.examples.advanced.epstein_civil_violence``;
Model II (two groups and peacekeepers) follows the paper's description as far as public
sources give it, with every unpublished number marked ASSUMPTION on its field.

Model I, per step (one call of :func:`step`):

* A jailed citizen serves one step of its sentence and does nothing else (Mesa: a citizen
  whose sentence is non-zero decrements it and returns; it stays on its cell and stays
  ``JAILED`` until the step after its sentence reaches zero).
* A free citizen sees the cops ``C`` and the actives in its von Neumann diamond of radius
  ``citizen_vision`` (centre excluded, as Mesa's ``get_neighborhood``), counts itself as
  active (``A = 1 + actives``), estimates ``P = 1 - exp(-k * q)`` with ``q = floor(C / A)``
  (the formula of DOCTRINE.md and NetLogo's Rebellion; ``arrest_rounding="round"`` gives
  Mesa's ``round`` instead, half to even like Python's) and turns active iff
  ``H * (1 - L) - R * P > T``, else quiescent.
* Each cop arrests one uniformly random active citizen in its diamond; the sentence is a
  uniform integer in ``[0, max_jail_term]`` (Mesa's ``randint``).
* Every free agent (cops and unjailed citizens) moves to a uniformly random empty cell of
  its diamond; a jailed citizen keeps its cell (Mesa: it is not removed from the grid).

Deviations from Mesa, all forced by vectorising (synchronous updates):

1. Activation. Mesa runs agents one at a time in a fresh random order (``shuffle_do``), so a
   later agent sees the moves and states of earlier ones. Here the step is three
   synchronous phases: all free citizens decide on the start-of-step picture, then cops
   arrest among the new actives, then everybody moves. A citizen arrested this step
   therefore does not move this step, and its sentence starts counting next step (in Mesa
   that is the case for the half of arrests that hit a citizen who has already acted).
2. Arrest conflicts. Two cops may pick the same active; the cop with the smaller random key
   gets it and the others pick again among the remaining actives, for ``arrest_rounds``
   rounds (Mesa's later cop would simply see the citizen as arrested and pick another).
   Each pick is exactly uniform over the actives left in the cop's diamond (row prefix
   sums locate the j-th active; no sampling bias).
3. Movement. Every empty cell proposes to one uniformly random cell of its diamond (radius
   the largest vision); an agent that may move and receives proposals accepts one of them
   at random and moves there. Each empty cell is thus filled at most once per round and
   the vacated cells become empty for the next round; after ``move_rounds`` rounds the
   agents that got no proposal stay put (about 17 % with the default 8 rounds, 11 % with
   10, 3 % with 16; see :attr:`CivilViolenceState.moved_fraction`). By symmetry of the
   diamond an agent's destination is uniform over the empty cells of its own diamond, as
   in Mesa; the approximation is that some agents skip a move, those with few empty cells
   nearby more often, where in Mesa every agent with an empty cell in view moves. Mean
   active and jailed counts at 40 x 40 stay inside the range Mesa's own seeds give (see
   ``python -m game.bench --regime``).
4. Numbers. Hardship and risk aversion are float32 (Mesa: Python floats); the arrest
   probability is looked up in a table of the exact integer quotient. The generator
   streams differ from Mesa's, so runs agree with Mesa in distribution, not draw by draw.
5. Rounding. The default ``arrest_rounding="floor"`` follows DOCTRINE.md, NetLogo and the
   brief; Mesa rounds (its comment says the round is not in the paper). ``"round"``
   reproduces Mesa exactly, including Python's half-to-even.

Model II (inter-group violence) is described on :class:`InterGroupParams`.

No global RNG, no ``random`` module, no clock, no I/O: all randomness comes from the state's
``numpy.random.Generator`` created from ``SeedSequence(seed)``, so a seed fixes the run bit
for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

QUIESCENT = 0
ACTIVE = 1
JAILED = 2

_EMPTY = -1
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


def _random_u16(rng: np.random.Generator, n: int) -> NDArray[np.uint16]:
    """``n`` uniform 16-bit words (a quarter of the raw draws of ``integers``)."""
    return _random_words(rng, (n + 3) // 4).view(np.uint16)[:n]


@lru_cache(maxsize=16)
def _offset_sampler(
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


def _resolve_sorted(target: IntArray, rng: np.random.Generator) -> NDArray[np.bool_]:
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


def _move(
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
    off_flat, off_norm = _offset_sampler(radius, torus.row_stride)
    stuck = reach == 0
    same_reach = bool(np.all(stuck | (reach >= radius)))
    gflat = grid.ravel()
    empty = gflat == _EMPTY  # halo included: it mirrors the interior
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
        word = _random_u16(rng, empties.size)
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
        gflat[origin] = _EMPTY
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


# --------------------------------------------------------------------------- Model I


@dataclass(frozen=True)
class CivilViolenceParams:
    """Model I parameters; defaults are Mesa 3.3.1's ``EpsteinCivilViolence`` defaults."""

    width: int = 40
    height: int = 40
    citizen_density: float = 0.7
    cop_density: float = 0.074
    citizen_vision: int = 7
    cop_vision: int = 7
    legitimacy: float = 0.8
    max_jail_term: int = 1000
    active_threshold: float = 0.1
    arrest_prob_constant: float = 2.3
    movement: bool = True
    arrest_rounding: Rounding = "floor"
    """"floor" as in DOCTRINE.md and NetLogo; "round" reproduces Mesa's ``round``."""
    move_rounds: int = 8
    """Proposal rounds of the vectorised movement (deviation 3)."""
    arrest_rounds: int = 3
    """Rounds in which cops that lost a contested arrest pick again (deviation 2)."""

    def __post_init__(self) -> None:
        """Refuse parameters the vectorised model cannot honour."""
        if (
            not 1
            <= min(self.citizen_vision, self.cop_vision)
            <= max(self.citizen_vision, self.cop_vision)
            <= 100
        ):
            raise ValueError("visions must lie in [1, 100]")
        reach = 2 * max(self.citizen_vision, self.cop_vision) + 1
        if min(self.width, self.height) < reach:
            raise ValueError(f"grid sides must be at least 2 * vision + 1 = {reach}")
        if self.citizen_density < 0 or self.cop_density < 0:
            raise ValueError("densities must be non-negative")
        if self.citizen_density + self.cop_density > 1:
            raise ValueError("cop density + citizen density must be at most 1")
        if not 0 <= self.max_jail_term < 2**31 - 1:
            raise ValueError("max_jail_term out of range")
        if self.arrest_rounding not in ("floor", "round"):
            raise ValueError("arrest_rounding must be 'floor' or 'round'")
        if not 0 <= self.move_rounds <= 31 or self.arrest_rounds < 1:
            raise ValueError("move_rounds in [0, 31] and arrest_rounds >= 1 required")


@dataclass
class CivilViolenceState:
    """Model I state: plain numpy arrays plus the generator; agents are array rows.

    Agents ``0 .. n_citizens-1`` are citizens, the rest cops. ``pos`` holds each agent's
    cell as a padded flat index of ``torus`` (see :meth:`positions` for (row, col)).
    """

    torus: Torus
    grid: NDArray[np.int32]
    pos: NDArray[np.int32]
    n_citizens: int
    hardship: NDArray[np.float32]
    risk_aversion: NDArray[np.float32]
    condition: NDArray[np.int8]
    jail: NDArray[np.int32]
    rng: np.random.Generator
    steps: int = 0
    moved_fraction: float = 1.0
    scratch: dict[str, NDArray[Any]] = field(default_factory=dict, repr=False, compare=False)
    """Reusable work buffers: not model state, never read before written; skip when hashing."""

    @property
    def n_cops(self) -> int:
        """Number of cops."""
        return int(self.pos.size - self.n_citizens)

    def positions(self) -> tuple[IntArray, IntArray]:
        """(row, column) of every agent, citizens first."""
        return self.torus.yx(self.pos.astype(np.intp))

    def counts(self) -> tuple[int, int, int]:
        """(quiescent, active, jailed) citizens now."""
        c = np.bincount(self.condition, minlength=3)
        return int(c[QUIESCENT]), int(c[ACTIVE]), int(c[JAILED])


def make_rng(seed: int | Sequence[int]) -> np.random.Generator:
    """The project's generator for a seed: ``default_rng(SeedSequence(seed))``."""
    return np.random.default_rng(np.random.SeedSequence(seed))


def _place(
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


def init_state(params: CivilViolenceParams, seed: int | Sequence[int]) -> CivilViolenceState:
    """A fresh Model I world for ``seed`` (placement as Mesa: per-cell draw)."""
    rng = make_rng(seed)
    pad = max(params.citizen_vision, params.cop_vision)
    torus = Torus(params.height, params.width, pad)
    citizens, cops = _place(torus, (params.citizen_density, params.cop_density), rng)
    pos = np.concatenate([citizens, cops]).astype(np.int32)
    grid = np.full(torus.padded_shape, _EMPTY, dtype=np.int32)
    grid.ravel()[pos] = np.arange(pos.size, dtype=np.int32)
    torus.refresh_halo(grid)
    n = citizens.size
    return CivilViolenceState(
        torus=torus,
        grid=grid,
        pos=pos,
        n_citizens=n,
        hardship=rng.random(n, dtype=np.float32),
        risk_aversion=rng.random(n, dtype=np.float32),
        condition=np.zeros(n, dtype=np.int8),
        jail=np.zeros(n, dtype=np.int32),
        rng=rng,
    )


def _count_layer(torus: Torus, cells: NDArray[Any], radius: int) -> NDArray[Any]:
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


def _arrest_probability(
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


def _decide(
    state: CivilViolenceState,
    params: CivilViolenceParams,
    free: NDArray[np.bool_],
    legitimacy: float,
) -> None:
    """Free citizens turn active iff H(1-L) - R*P > T (synchronous; deviation 1)."""
    t = state.torus
    v = params.citizen_vision
    nc = state.n_citizens
    cpos = state.pos[:nc]
    active = state.condition == ACTIVE
    cops = _count_layer(t, state.pos[nc:], v).ravel()[cpos]
    actives = _count_layer(t, cpos[active], v).ravel()[cpos]
    p_arrest = _arrest_probability(
        cops, actives, active, v, params.arrest_prob_constant, params.arrest_rounding
    )
    grievance = state.hardship * np.float32(1.0 - legitimacy)
    grievance -= state.risk_aversion * p_arrest
    goes_active = grievance > np.float32(params.active_threshold)
    np.copyto(state.condition, goes_active.view(np.int8), where=free)


def _arrest(state: CivilViolenceState, params: CivilViolenceParams) -> None:
    """Each cop arrests one uniformly random active in its diamond (deviation 2)."""
    t = state.torus
    nc = state.n_citizens
    cpos = state.pos[:nc]
    active = state.condition == ACTIVE
    if state.n_cops == 0 or not active.any():
        return
    cop_pos = state.pos[nc:].astype(np.intp)
    arrested = _police(
        cpos[active], cop_pos, params.cop_vision, params.arrest_rounds, state.grid, t, state.rng
    )
    state.condition[arrested] = JAILED
    state.jail[arrested] = state.rng.integers(
        0, params.max_jail_term + 1, arrested.size, dtype=np.int32
    )


def _police(
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
    seen = _count_layer(torus, cells, vision)
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
        won = _resolve_sorted(cells, rng)
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


def step(state: CivilViolenceState, params: CivilViolenceParams) -> CivilViolenceState:
    """Advance Model I by one step (mutates and returns ``state``).

    Order: jail countdown, decisions of free citizens, arrests, movement. Change
    ``params.legitimacy`` between calls (``dataclasses.replace``) to run a schedule.
    """
    nc = state.n_citizens
    serving = state.jail > 0
    free = ~serving
    state.jail[serving] -= 1
    _decide(state, params, free, params.legitimacy)
    _arrest(state, params)
    if params.movement and params.move_rounds > 0:
        reach = np.empty(state.pos.size, dtype=np.uint8)
        reach[:nc] = np.where(state.condition == JAILED, 0, params.citizen_vision)
        reach[nc:] = params.cop_vision
        movers = int(np.count_nonzero(reach))
        radius = max(params.citizen_vision, params.cop_vision)
        best = state.scratch.setdefault("best", np.empty(state.pos.size, dtype=np.uint64))
        moved = _move(
            state.grid, state.pos, reach, radius, params.move_rounds, state.torus, state.rng, best
        )
        state.moved_fraction = moved / movers if movers else 1.0
    state.steps += 1
    return state


@dataclass
class History:
    """Per-step citizen counts; index 0 is the initial state, index t after step t."""

    quiescent: NDArray[np.int64]
    active: NDArray[np.int64]
    jailed: NDArray[np.int64]
    legitimacy: NDArray[np.float64]
    moved_fraction: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def legitimacy_schedule(
    steps: int,
    start: float,
    end: float,
    at: int,
    over: int = 1,
) -> NDArray[np.float64]:
    """Legitimacy for each of ``steps`` steps: ``start`` until step ``at``, then a linear
    fall to ``end`` over ``over`` steps (``over=1``: a sudden drop), then ``end``."""
    t = np.arange(steps, dtype=np.float64)
    frac = np.clip((t - at + 1) / max(over, 1), 0.0, 1.0)
    return start + (end - start) * frac


def run(
    params: CivilViolenceParams,
    steps: int,
    seed: int | Sequence[int],
    legitimacy: Sequence[float] | NDArray[np.float64] | None = None,
) -> History:
    """Run Model I for ``steps`` steps from a fresh world; ``legitimacy[t]`` (optional)
    overrides ``params.legitimacy`` during step t (sudden or gradual drops)."""
    if legitimacy is not None and len(legitimacy) < steps:
        raise ValueError("legitimacy schedule shorter than the run")
    state = init_state(params, seed)
    counts = np.zeros((steps + 1, 3), dtype=np.int64)
    used = np.full(steps + 1, params.legitimacy, dtype=np.float64)
    moved = np.ones(steps + 1, dtype=np.float64)
    counts[0] = state.counts()
    current = params
    for t in range(steps):
        if legitimacy is not None and float(legitimacy[t]) != current.legitimacy:
            current = replace(current, legitimacy=float(legitimacy[t]))
        step(state, current)
        counts[t + 1] = state.counts()
        used[t + 1] = current.legitimacy
        moved[t + 1] = state.moved_fraction
    return History(
        quiescent=counts[:, QUIESCENT].copy(),
        active=counts[:, ACTIVE].copy(),
        jailed=counts[:, JAILED].copy(),
        legitimacy=used,
        moved_fraction=moved,
    )


# --------------------------------------------------------------------------- Model II

BLUE = 0
GREEN = 1


@dataclass(frozen=True)
class InterGroupParams:
    """Model II: two groups (Blue, Green) and peacekeepers ("cops").

    From the paper: agents as in Model I, but legitimacy is the legitimacy each group
    accords the other's existence, and "going active" means killing: an active agent
    kills one random member of the other group within its vision. Peacekeepers arrest
    actives of either group evenhandedly. Agents age, die at a random maximum age and
    reproduce, so the groups can grow back; the reported phenomena are peaceful
    coexistence at high legitimacy, local ethnic cleansing growing into genocide without
    peacekeepers, safe havens under peacekeeping, and extinction postponed by more
    peacekeepers (Epstein's Figs. 12-17).

    Fields marked ASSUMPTION are not given in the public sources and were chosen here so
    the phenomena show on a small grid; the rest carry over from Model I. Rules that are
    this implementation's reading, not the paper's text (ASSUMPTION too):

    * ``A`` in the arrest estimate counts the killers of both groups in view (the
      peacekeepers' attention is split among all of them), plus the agent itself.
    * An agent goes active only with a free member of the other group in view: with no
      one to kill it stays quiescent (and so cannot be arrested for nothing).
    * Within a step, killing happens before arrests (in the paper's random sequential
      order a killer mostly acts before a peacekeeper reaches it); killers act
      simultaneously, so a killer can kill and be killed in the same step.
    * Jailed agents keep their cell (as in Model I), age, may die of age, do not breed
      and are not targets.
    * A killer takes a uniformly random free other-group agent in view; two killers on
      one victim: one gets it, the other picks again (``kill_rounds``).

    Measured here with the defaults (60 x 60, seeds 1-4, 120 steps): with no
    peacekeepers one group is gone after 13-58 steps and the share of single-group
    10 x 10 blocks climbs from 0 to 1 (local cleansing spreading into genocide); at
    peacekeeper density 0.01 extinction comes after 44-84 steps, at 0.02 after 86-107 or
    later (too few delay it but fail); at 0.04 and 0.074 both groups are alive at 120,
    and at 0.074 killing almost stops. With density 0.04, people with a peacekeeper in
    view are killed about 8 times less often than the others (safe havens,
    :attr:`InterGroupHistory.kill_rate_in_view`); the havens are transient, because
    peacekeepers move at random like Model I's cops. Cutting the force by 90 % mid-run
    (``cop_schedule``) turns the calm into mass killing within 20 steps.
    """

    width: int = 60
    """ASSUMPTION: a grid big enough for local cleansing to be visible, small enough for tests."""
    height: int = 60
    density: float = 0.7
    """Both groups together, as Model I's citizen density."""
    blue_share: float = 0.5
    """ASSUMPTION: equal groups."""
    cop_density: float = 0.04
    """ASSUMPTION: peacekeeper density of the baseline run (the paper varies it)."""
    vision: int = 7
    cop_vision: int = 7
    legitimacy: tuple[float, float] = (0.88, 0.88)
    """ASSUMPTION: (legitimacy Blue accords Green, Green accords Blue). At 0.9 and above
    grievance never beats the 0.1 threshold: peaceful coexistence (the paper's Fig. 12)."""
    max_jail_term: int = 30
    """ASSUMPTION: NetLogo Rebellion's default; Mesa's 1000 outlasts the 200-step lifespans."""
    active_threshold: float = 0.1
    arrest_prob_constant: float = 2.3
    arrest_rounding: Rounding = "floor"
    max_age: int = 200
    """ASSUMPTION: lifespans are uniform in [1, max_age]; initial ages uniform below them."""
    birth_probability: float = 0.05
    """ASSUMPTION: per step, a free agent puts one child on a random cell of its vision
    diamond if that cell is empty (density-limited growth)."""
    move_rounds: int = 8
    arrest_rounds: int = 3
    kill_rounds: int = 2
    """Rounds in which killers whose victim was taken by another killer pick again."""

    def __post_init__(self) -> None:
        """Refuse parameters the vectorised model cannot honour."""
        if not 1 <= min(self.vision, self.cop_vision) <= max(self.vision, self.cop_vision) <= 100:
            raise ValueError("visions must lie in [1, 100]")
        if not 0 <= self.move_rounds <= 31 or min(self.arrest_rounds, self.kill_rounds) < 1:
            raise ValueError("move_rounds in [0, 31], arrest and kill rounds >= 1 required")
        reach = 2 * max(self.vision, self.cop_vision) + 1
        if min(self.width, self.height) < reach:
            raise ValueError(f"grid sides must be at least 2 * vision + 1 = {reach}")
        if self.density < 0 or self.cop_density < 0 or self.density + self.cop_density > 1:
            raise ValueError("densities must be non-negative and sum to at most 1")
        if not 0 <= self.blue_share <= 1 or not 0 <= self.birth_probability <= 1:
            raise ValueError("blue_share and birth_probability must lie in [0, 1]")
        if len(self.legitimacy) != 2:
            raise ValueError("legitimacy is a pair (Blue's view of Green, Green's of Blue)")
        if self.max_age < 1 or self.max_jail_term < 0:
            raise ValueError("max_age >= 1 and max_jail_term >= 0 required")
        if self.arrest_rounding not in ("floor", "round"):
            raise ValueError("arrest_rounding must be 'floor' or 'round'")


@dataclass
class InterGroupState:
    """Model II state. People occupy slots ``0 .. capacity-1`` (one per cell, reused after
    death: ``alive`` says which are in use); peacekeepers are the ids after them."""

    torus: Torus
    grid: NDArray[np.int32]
    pos: NDArray[np.int32]
    capacity: int
    alive: NDArray[np.bool_]
    group: NDArray[np.int8]
    hardship: NDArray[np.float32]
    risk_aversion: NDArray[np.float32]
    condition: NDArray[np.int8]
    jail: NDArray[np.int32]
    age: NDArray[np.int32]
    lifespan: NDArray[np.int32]
    rng: np.random.Generator
    steps: int = 0
    killed: NDArray[np.int64] = field(default_factory=lambda: np.zeros(2, dtype=np.int64))
    """Killed so far, per victim group (Blue, Green)."""
    killed_in_view: int = 0
    """Killed so far while a peacekeeper was in the victim's vision (protection measure)."""
    exposure: NDArray[np.int64] = field(default_factory=lambda: np.zeros(2, dtype=np.int64))
    """Person-steps so far (with a peacekeeper in view, without): victims / exposure is
    the kill rate near and away from peacekeepers; a lower rate near them is a safe haven."""
    scratch: dict[str, NDArray[Any]] = field(default_factory=dict, repr=False, compare=False)

    def population(self) -> tuple[int, int]:
        """Living (Blue, Green), jailed included."""
        g = np.bincount(self.group[self.alive], minlength=2)
        return int(g[BLUE]), int(g[GREEN])


def init_inter_group(params: InterGroupParams, seed: int | Sequence[int]) -> InterGroupState:
    """A fresh Model II world for ``seed``."""
    rng = make_rng(seed)
    pad = max(params.vision, params.cop_vision)
    torus = Torus(params.height, params.width, pad)
    people, cops = _place(torus, (params.density, params.cop_density), rng)
    cap = torus.height * torus.width
    n = people.size
    pos = np.zeros(cap + cops.size, dtype=np.int32)
    pos[:n] = people
    pos[cap:] = cops
    alive = np.zeros(cap, dtype=np.bool_)
    alive[:n] = True
    grid = np.full(torus.padded_shape, _EMPTY, dtype=np.int32)
    gflat = grid.ravel()
    gflat[people] = np.arange(n, dtype=np.int32)
    gflat[cops] = np.arange(cap, cap + cops.size, dtype=np.int32)
    torus.refresh_halo(grid)
    group = np.zeros(cap, dtype=np.int8)
    group[:n] = (rng.random(n) >= params.blue_share).astype(np.int8)
    lifespan = np.zeros(cap, dtype=np.int32)
    lifespan[:n] = rng.integers(1, params.max_age + 1, n, dtype=np.int32)
    age = np.zeros(cap, dtype=np.int32)
    age[:n] = (rng.random(n) * lifespan[:n]).astype(np.int32)
    hardship = np.zeros(cap, dtype=np.float32)
    hardship[:n] = rng.random(n, dtype=np.float32)
    risk = np.zeros(cap, dtype=np.float32)
    risk[:n] = rng.random(n, dtype=np.float32)
    return InterGroupState(
        torus=torus,
        grid=grid,
        pos=pos,
        capacity=cap,
        alive=alive,
        group=group,
        hardship=hardship,
        risk_aversion=risk,
        condition=np.zeros(cap, dtype=np.int8),
        jail=np.zeros(cap, dtype=np.int32),
        age=age,
        lifespan=lifespan,
        rng=rng,
    )


def _remove(state: InterGroupState, who: IntArray) -> None:
    """Take people off the map (death); their slots become free."""
    gflat = state.grid.ravel()
    gflat[state.pos[who]] = _EMPTY
    state.alive[who] = False
    state.condition[who] = QUIESCENT
    state.jail[who] = 0
    state.pos[who] = 0  # a halo cell: harmless, overwritten by every halo refresh
    state.torus.refresh_halo(state.grid)


def _kill(state: InterGroupState, params: InterGroupParams, killers: IntArray) -> IntArray:
    """Each killer takes one random free member of the other group in its vision.

    Victims are picked on the picture after the decisions (simultaneous: a killer can be
    killed in the same step and still kill). Returns the victims, each once.
    """
    t = state.torus
    free = state.alive & (state.condition != JAILED)
    victims: list[IntArray] = []
    for g in (BLUE, GREEN):
        mine = killers[state.group[killers] == g]
        if mine.size == 0:
            continue
        targets = np.flatnonzero(free & (state.group == 1 - g))
        got = _police(
            state.pos[targets],
            state.pos[mine].astype(np.intp),
            params.vision,
            params.kill_rounds,
            state.grid,
            t,
            state.rng,
        )
        victims.append(got)
    if not victims:
        return np.zeros(0, dtype=np.intp)
    return np.unique(np.concatenate(victims))


def _births(state: InterGroupState, params: InterGroupParams) -> None:
    """Free agents reproduce with ``birth_probability`` into an empty cell of their diamond."""
    t = state.torus
    parents = np.flatnonzero(state.alive & (state.condition != JAILED))
    parents = parents[state.rng.random(parents.size) < params.birth_probability]
    if parents.size == 0:
        return
    off_flat, _ = _offset_sampler(params.vision, t.row_stride)
    word = _random_u16(state.rng, parents.size)
    cell = t.wrap(state.pos[parents].astype(np.intp) + off_flat[word])
    gflat = state.grid.ravel()
    ok = gflat[cell] == _EMPTY
    parents, cell = parents[ok], cell[ok]
    won = _resolve_sorted(cell, state.rng)
    parents, cell = parents[won], cell[won]
    slots = np.flatnonzero(~state.alive)[: parents.size]
    parents, cell = parents[: slots.size], cell[: slots.size]
    n = slots.size
    state.alive[slots] = True
    state.group[slots] = state.group[parents]
    state.hardship[slots] = state.rng.random(n, dtype=np.float32)
    state.risk_aversion[slots] = state.rng.random(n, dtype=np.float32)
    state.condition[slots] = QUIESCENT
    state.jail[slots] = 0
    state.age[slots] = 0
    state.lifespan[slots] = state.rng.integers(1, params.max_age + 1, n, dtype=np.int32)
    state.pos[slots] = cell
    gflat[cell] = slots
    t.refresh_halo(state.grid)


def inter_group_step(state: InterGroupState, params: InterGroupParams) -> InterGroupState:
    """Advance Model II by one step (mutates and returns ``state``).

    Order: ageing and natural death, jail countdown, decisions, killing, arrests,
    movement, births. Synchronous phases as in Model I (same deviations).
    """
    t = state.torus
    cap = state.capacity
    v = params.vision
    # ageing
    state.age[state.alive] += 1
    old = np.flatnonzero(state.alive & (state.age >= state.lifespan))
    if old.size:
        _remove(state, old)
    # jail
    serving = state.alive & (state.jail > 0)
    state.jail[serving] -= 1
    free = state.alive & ~serving
    # decisions: grievance toward the other group, risk from peacekeepers and actives
    people = np.flatnonzero(state.alive)
    ppos = state.pos[people]
    active = state.condition[people] == ACTIVE
    unjailed = state.condition[people] != JAILED
    cops = _count_layer(t, state.pos[cap:], v).ravel()[ppos]
    actives = _count_layer(t, ppos[active], v).ravel()[ppos]
    guarded = np.zeros(cap, dtype=np.bool_)
    guarded[people] = cops > 0
    n_guarded = int(np.count_nonzero(cops))
    state.exposure += (n_guarded, people.size - n_guarded)
    grp = state.group[people]
    others = np.zeros(people.size, dtype=np.int32)
    for g in (BLUE, GREEN):
        seen = _count_layer(t, ppos[unjailed & (grp == g)], v).ravel()[ppos]
        np.copyto(others, seen, where=grp != g)
    p_arrest = _arrest_probability(
        cops, actives, active, v, params.arrest_prob_constant, params.arrest_rounding
    )
    legit = np.asarray(params.legitimacy, dtype=np.float32)[grp]
    net = (
        state.hardship[people] * (np.float32(1.0) - legit) - state.risk_aversion[people] * p_arrest
    )
    kills = (net > np.float32(params.active_threshold)) & (others > 0)
    decided = np.where(kills, ACTIVE, QUIESCENT).astype(np.int8)
    fp = free[people]
    state.condition[people[fp]] = decided[fp]
    # killing
    killers = np.flatnonzero(state.alive & (state.condition == ACTIVE))
    victims = _kill(state, params, killers)
    if victims.size:
        state.killed += np.bincount(state.group[victims], minlength=2)
        state.killed_in_view += int(np.count_nonzero(guarded[victims]))
        _remove(state, victims)
    # arrests by peacekeepers, evenhandedly
    actives_now = np.flatnonzero(state.alive & (state.condition == ACTIVE))
    if actives_now.size and state.pos.size > cap:
        arrested = _police(
            state.pos[actives_now],
            state.pos[cap:].astype(np.intp),
            params.cop_vision,
            params.arrest_rounds,
            state.grid,
            t,
            state.rng,
        )
        state.condition[arrested] = JAILED
        state.jail[arrested] = state.rng.integers(
            0, params.max_jail_term + 1, arrested.size, dtype=np.int32
        )
    # movement
    if params.move_rounds > 0:
        reach = np.zeros(state.pos.size, dtype=np.uint8)
        reach[:cap] = np.where(state.alive & (state.condition != JAILED), v, 0)
        reach[cap:] = params.cop_vision
        best = state.scratch.setdefault("best", np.empty(state.pos.size, dtype=np.uint64))
        _move(
            state.grid,
            state.pos,
            reach,
            max(v, params.cop_vision),
            params.move_rounds,
            t,
            state.rng,
            best,
        )
    # births
    if params.birth_probability > 0:
        _births(state, params)
    state.steps += 1
    return state


def cleansed_fraction(state: InterGroupState, block: int = 10) -> float:
    """Share of populated ``block`` x ``block`` squares holding only one group.

    Near 0 when the groups are mixed; grows as local cleansing spreads; 1 after genocide.
    """
    t = state.torus
    hb, wb = t.height // block, t.width // block
    y, x = t.yx(state.pos[: state.capacity][state.alive].astype(np.intp))
    g = state.group[state.alive]
    keep = (y < hb * block) & (x < wb * block)
    cell = (y[keep] // block) * wb + x[keep] // block
    blue = np.bincount(cell[g[keep] == BLUE], minlength=hb * wb)
    green = np.bincount(cell[g[keep] == GREEN], minlength=hb * wb)
    populated = (blue + green) > 0
    if not populated.any():
        return 0.0
    return float(((blue == 0) ^ (green == 0))[populated].mean())


def sheltered_fraction(state: InterGroupState, params: InterGroupParams) -> float:
    """Share of the smaller group's living members with a peacekeeper in vision.

    Compared with the same share for the larger group it shows safe havens: survivors of
    the losing side cluster where peacekeepers are.
    """
    t = state.torus
    cap = state.capacity
    blue, green = state.population()
    small = BLUE if blue <= green else GREEN
    who = np.flatnonzero(state.alive & (state.group == small))
    if who.size == 0 or state.pos.size == cap:
        return 0.0
    seen = _count_layer(t, state.pos[cap:], params.vision).ravel()[state.pos[who]]
    return float(np.mean(seen > 0))


@dataclass
class InterGroupHistory:
    """Per-step Model II record; index 0 is the initial state."""

    blue: NDArray[np.int64]
    green: NDArray[np.int64]
    active: NDArray[np.int64]
    jailed: NDArray[np.int64]
    killed: NDArray[np.int64]
    """Cumulative killed, both groups."""
    cleansed: NDArray[np.float64]
    sheltered: NDArray[np.float64]
    kill_rate_in_view: float = 0.0
    """Killed per person-step among people with a peacekeeper in view, over the run."""
    kill_rate_out_of_view: float = 0.0
    """The same among people with none in view; lower in view = safe havens."""


def run_inter_group(
    params: InterGroupParams,
    steps: int,
    seed: int | Sequence[int],
    cop_schedule: Sequence[int] | None = None,
) -> InterGroupHistory:
    """Run Model II for ``steps`` steps. ``cop_schedule[t]`` (optional) caps the number of
    peacekeepers during step t: extra ones are withdrawn (a force cut mid-crisis)."""
    state = init_inter_group(params, seed)
    rows = np.zeros((steps + 1, 5), dtype=np.int64)
    fracs = np.zeros((steps + 1, 2), dtype=np.float64)

    def record(i: int) -> None:
        b, g = state.population()
        c = np.bincount(state.condition[state.alive], minlength=3)
        rows[i] = (b, g, c[ACTIVE], c[JAILED], int(state.killed.sum()))
        fracs[i] = (cleansed_fraction(state), sheltered_fraction(state, params))

    record(0)
    for t in range(steps):
        if cop_schedule is not None:
            _withdraw(state, int(cop_schedule[t]))
        inter_group_step(state, params)
        record(t + 1)
    return InterGroupHistory(
        blue=rows[:, 0].copy(),
        green=rows[:, 1].copy(),
        active=rows[:, 2].copy(),
        jailed=rows[:, 3].copy(),
        killed=rows[:, 4].copy(),
        cleansed=fracs[:, 0].copy(),
        sheltered=fracs[:, 1].copy(),
        kill_rate_in_view=state.killed_in_view / max(int(state.exposure[0]), 1),
        kill_rate_out_of_view=(int(state.killed.sum()) - state.killed_in_view)
        / max(int(state.exposure[1]), 1),
    )


def _withdraw(state: InterGroupState, keep: int) -> None:
    """Withdraw peacekeepers beyond the first ``keep`` (they leave the map for good)."""
    n_cops = state.pos.size - state.capacity
    if keep >= n_cops:
        return
    gone = state.pos[state.capacity + keep :]
    state.grid.ravel()[gone] = _EMPTY
    state.pos = state.pos[: state.capacity + keep].copy()
    state.scratch.pop("best", None)
    state.torus.refresh_halo(state.grid)
