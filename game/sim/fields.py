"""Vectorised neighbourhood tools: block sums, upsampling, box sums, reach kernels.

The day works on two grids. The *fine* grid is the map itself (civilians, terrain,
violence, displacement). The *operational* grid aggregates blocks of ``b x b`` cells
(``b = max(1, side // operational_cells)``), and is where factions move, clash and recruit
and where reach is smoothed: a box sum over a 128 x 128 grid costs microseconds, over a
1024 x 1024 grid tens of milliseconds. Edges are not wrapped: the map is not a torus
(sums treat the outside as empty).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import ndimage

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class OpGrid:
    """Geometry of the operational grid: block size and how many fine cells each block has.

    The last block row/column may be shorter when the map side is not a multiple of ``b``.
    """

    h: int
    w: int
    b: int

    @property
    def hc(self) -> int:
        """Operational rows."""
        return -(-self.h // self.b)

    @property
    def wc(self) -> int:
        """Operational columns."""
        return -(-self.w // self.b)

    def row_counts(self) -> npt.NDArray[np.int64]:
        """Fine rows in each block row."""
        c = np.full(self.hc, self.b, dtype=np.int64)
        c[-1] = self.h - self.b * (self.hc - 1)
        return c

    def col_counts(self) -> npt.NDArray[np.int64]:
        """Fine columns in each block column."""
        c = np.full(self.wc, self.b, dtype=np.int64)
        c[-1] = self.w - self.b * (self.wc - 1)
        return c

    def cells(self) -> F64:
        """Fine cells per block, (hc, wc)."""
        return np.outer(self.row_counts(), self.col_counts()).astype(np.float64)

    def block_of(self, y: int, x: int) -> tuple[int, int]:
        """Block (row, column) holding fine cell (y, x)."""
        return y // self.b, x // self.b

    def radius_blocks(self, radius_cells: float) -> int:
        """A fine-cell radius expressed in whole blocks (rounded, at least 0)."""
        return max(0, round(radius_cells / self.b))


def op_grid(h: int, w: int, target: int, min_block: int = 4) -> OpGrid:
    """The operational grid for an ``h x w`` map.

    Blocks of ``b = max(1, min(side // 64, max(min_block, side // target)))`` cells: at most
    about ``target`` blocks a side on large maps, blocks of at least ``min_block`` cells
    from 256 cells up (so the block work stays small next to the cell work), and never
    fewer than 64 blocks a side (so the smallest maps keep full detail: b = 1 at 64).
    """
    side = max(h, w)
    return OpGrid(h, w, max(1, min(side // 64, max(min_block, side // target))))


def block_sum(x: npt.NDArray[np.generic], g: OpGrid) -> F64:
    """Sum of ``x`` (..., H, W) over each block: (..., hc, wc) float64.

    Rows first, in the layer's own dtype (contiguous row adds, the fast path; int32 block
    totals cannot overflow as they are at most a community's population), then strided
    column adds in float64 on the b-times smaller result.
    """
    b = g.b
    lead = x.shape[:-2]
    if b == 1:
        return np.asarray(x, dtype=np.float64).copy()
    hm = (g.h // b) * b
    acc = x.dtype if x.dtype in (np.float32, np.float64, np.int32, np.int64) else np.float64
    wm = (g.w // b) * b
    nfull = g.w // b
    if hm == g.h:
        # Whole block rows: the row sums stay in the layer's dtype (no float64 copy of
        # the layer). No zero-filled output: every block is written below.
        rows_acc = x.reshape(*lead, g.hc, b, g.w).sum(axis=-2, dtype=acc)
        out = np.empty((*lead, g.hc, g.wc), dtype=np.float64)
        if acc in (np.int32, np.int64):
            # integer totals are exact in any order: the b columns are added in the
            # integer dtype (the block totals fit, as the row sums do) and converted once
            cols = rows_acc[..., 0:wm:b] + rows_acc[..., 1:wm:b]
            for k in range(2, b):
                cols += rows_acc[..., k:wm:b]
            out[..., :nfull] = cols
        else:
            # float64 column sums 0 + c0 + c1 + ... in that order, as from a zeroed output
            # (x + 0 is 0 + x, bit for bit); the row sums are converted to float64 once
            # (exactly) rather than by each strided add
            rows64 = rows_acc.astype(np.float64, copy=False)
            first = out[..., :nfull]
            np.add(rows64[..., 0:wm:b], 0.0, out=first)
            for k in range(1, b):
                first += rows64[..., k:wm:b]
        if wm < g.w:
            tail = rows_acc[..., wm:].astype(np.float64).sum(axis=-1)
            np.add(tail, 0.0, out=out[..., -1])
        return out
    out = np.zeros((*lead, g.hc, g.wc), dtype=np.float64)
    rows = np.empty((*lead, g.hc, g.w), dtype=np.float64)
    if hm:
        rows[..., : g.h // b, :] = (
            x[..., :hm, :].reshape(*lead, g.h // b, b, g.w).sum(axis=-2, dtype=acc)
        )
    if hm < g.h:
        rows[..., -1, :] = x[..., hm:, :].sum(axis=-2, dtype=np.float64)
    for k in range(b):
        out[..., :nfull] += rows[..., k:wm:b]
    if wm < g.w:
        out[..., -1] += rows[..., wm:].sum(axis=-1)
    return out


def block_sum_sparse(x: npt.NDArray[np.int32], g: OpGrid) -> F64:
    """``block_sum`` of an integer layer (..., H, W) that is mostly 0 (displaced people).

    The nonzero cells are found with one scan and added into their blocks by ``bincount``:
    integer totals are exact in float64 whatever the order they are added in, so the bits
    are those of ``block_sum``. A layer with more than an eighth of its cells nonzero is
    summed by ``block_sum`` instead.
    """
    flat = x.reshape(-1)
    nz = np.flatnonzero(flat != 0)
    if 8 * nz.size > flat.size:
        return block_sum(x, g)
    lead = x.shape[:-2]
    planes = flat.size // (g.h * g.w)
    plane, rest = np.divmod(nz, g.h * g.w)
    iy, ix = np.divmod(rest, g.w)
    key = (plane * g.hc + iy // g.b) * g.wc + ix // g.b
    sums = np.bincount(key, weights=flat[nz], minlength=planes * g.hc * g.wc)
    out: F64 = sums.astype(np.float64, copy=False)  # float64 already (weights): no copy
    return out.reshape(*lead, g.hc, g.wc)


def rows_of(a: npt.NDArray[np.float64], rows: list[int]) -> npt.NDArray[np.float64]:
    """``a[rows]``, as a view (no copy) when ``rows`` is a run of consecutive indices."""
    if rows and rows[-1] - rows[0] == len(rows) - 1:
        return a[rows[0] : rows[-1] + 1]
    return a[rows]


def upsample(xc: npt.NDArray[np.generic], g: OpGrid, dtype: type = np.float32) -> F32:
    """Blocks (..., hc, wc) repeated onto the fine grid (..., H, W) (nearest, no blending)."""
    a: F32 = np.asarray(xc, dtype=dtype)
    if g.b == 1:
        return a.copy() if a is xc else a
    a = np.repeat(a, g.col_counts(), axis=-1)
    out: F32 = np.repeat(a, g.row_counts(), axis=-2)
    return out


def box_sum(a: F64, r: int) -> F64:
    """Sum over the (2r+1)^2 square around each cell (zero outside the map), float64.

    ``scipy.ndimage.uniform_filter`` (mode "constant": the map is not a torus) times the
    window area; meant for the operational grid. Float rounding (~1e-12 relative) can leave
    tiny negatives, which are clipped to 0.
    """
    a = np.asarray(a, dtype=np.float64)
    if r <= 0:
        return a.copy()
    k = 2 * r + 1
    # What uniform_filter(a, size=(1, ..., k, k)) runs, without its generic argument
    # handling (a fifth of the call on the operational grid): the 1-D filter along rows,
    # then along columns in place, as it does.
    out: F64 = np.empty_like(a)
    ndimage.uniform_filter1d(a, k, axis=-2, output=out, mode="constant", cval=0.0)
    ndimage.uniform_filter1d(out, k, axis=-1, output=out, mode="constant", cval=0.0)
    out *= float(k * k)
    np.maximum(out, 0.0, out=out)
    return out


def window(h: int, w: int, y: int, x: int, r: int) -> tuple[slice, slice]:
    """Slices of the square of radius ``r`` around (y, x), clipped to the map."""
    return slice(max(0, y - r), min(h, y + r + 1)), slice(max(0, x - r), min(w, x + r + 1))


@functools.lru_cache(maxsize=256)
def _cone_kernel(radius: float) -> F32:
    """The full (2R+1)^2 cone for ``radius`` cells (R = ceil(radius)); cached, read-only."""
    r = int(np.ceil(radius))
    d = np.arange(-r, r + 1, dtype=np.float32)
    dist = np.sqrt(d[:, None] ** 2 + d[None, :] ** 2)
    k: F32 = np.float32(1.0) - dist / np.float32(max(radius, 0.5))
    np.maximum(k, np.float32(0.0), out=k)
    k.flags.writeable = False
    return k


def cone(ys: slice, xs: slice, y: int, x: int, radius: float) -> F32:
    """Reach kernel over a window: 1 at (y, x), falling linearly to 0 at ``radius`` cells.

    The window must come from ``window(h, w, y, x, ceil(radius))``. Returns a fresh array
    (a slice of the cached full kernel, copied) that the caller may scale in place.
    """
    r = int(np.ceil(radius))
    k = _cone_kernel(float(radius))
    return k[ys.start - y + r : ys.stop - y + r, xs.start - x + r : xs.stop - x + r].copy()


def disc(ys: slice, xs: slice, y: int, x: int, radius: float) -> npt.NDArray[np.bool_]:
    """Boolean disc of ``radius`` cells around (y, x) over a window."""
    yy = np.arange(ys.start, ys.stop)[:, None] - y
    xx = np.arange(xs.start, xs.stop)[None, :] - x
    inside: npt.NDArray[np.bool_] = (yy * yy + xx * xx) <= radius * radius + 1e-9
    return inside


def km_to_cells(km: float, cell_km: float) -> float:
    """A distance in km as a (fractional) number of cells."""
    return km / cell_km


class Box(NamedTuple):
    """A rectangle of whole blocks: its operational slices and the fine cells it covers.

    An immutable named tuple: built a few dozen times a day, several times cheaper to
    create than a frozen dataclass."""

    bys: slice
    bxs: slice
    ys: slice
    xs: slice


def _runs(idx: npt.NDArray[np.intp]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive values in sorted ``idx``, as (start, stop) pairs."""
    cut = np.flatnonzero(idx[1:] != idx[:-1] + 1)
    starts = [int(idx[0]), *(idx[cut + 1].tolist())]
    stops = [*(idx[cut] + 1).tolist(), int(idx[-1]) + 1]
    return list(zip(starts, stops, strict=True))


def _cover(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int, int, int]]:
    """Disjoint block rectangles (y0, y1, x0, x1) covering every ``True`` of a 2-D mask.

    Bands of consecutive rows holding some ``True``; in each band, runs of consecutive
    columns holding some; each piece shrunk to the rows it uses. Every piece holds a
    ``True`` on each of its edges, pieces never overlap, and none is needed beyond them.
    A dozen small reductions: far cheaper than labelling clusters (scipy's ``label`` and
    ``find_objects`` cost a tenth of a millisecond a call whatever the mask), and the
    callers only need a tight disjoint cover, not the clusters.
    """
    rects: list[tuple[int, int, int, int]] = []
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return rects
    for y0, y1 in _runs(rows):
        band = mask[y0:y1]
        for x0, x1 in _runs(np.flatnonzero(band.any(axis=0))):
            used = np.flatnonzero(band[:, x0:x1].any(axis=1))
            rects.append((y0 + int(used[0]), y0 + int(used[-1]) + 1, x0, x1))
    return rects


def _boxes(rects: list[tuple[int, int, int, int]], g: OpGrid) -> list[Box]:
    """Block rectangles (y0, y1, x0, x1) as ``Box``es (blocks and cells), sorted."""
    return [
        Box(
            slice(y0, y1),
            slice(x0, x1),
            slice(y0 * g.b, min(g.h, y1 * g.b)),
            slice(x0 * g.b, min(g.w, x1 * g.b)),
        )
        for y0, y1, x0, x1 in sorted(rects)
    ]


def active_boxes(mask: npt.NDArray[np.bool_], g: OpGrid) -> list[Box]:
    """Disjoint boxes of blocks covering every ``True`` block of ``mask`` (operational grid).

    Work restricted to them touches only the active part of the map, and never a cell
    twice (``_cover``). Results never depend on how the boxes cut the map: cells found in
    them are taken in row-major order, and every cell gets the same value in any box.
    """
    return _boxes(_cover(mask), g)


def active_boxes_many(
    masks: npt.NDArray[np.bool_], g: OpGrid, cache: dict[bytes, list[Box]] | None = None
) -> list[list[Box]]:
    """``[active_boxes(m, g) for m in masks]``; with a ``cache``, through ``cached_boxes``
    (planes seen on recent days are not covered again)."""
    if cache is None:
        return [active_boxes(m, g) for m in masks]
    return [cached_boxes(m, g, cache) for m in masks]


BOX_CACHE_SIZE = 64
"""Masks remembered by ``cached_boxes`` (a few days' worth; cleared when full)."""


def cached_boxes(
    mask: npt.NDArray[np.bool_], g: OpGrid, cache: dict[bytes, list[Box]]
) -> list[Box]:
    """``active_boxes(mask, g)``, remembered by the mask's bytes: masks that recur from day
    to day (where displaced people are, where units stand) are not covered again."""
    key = np.packbits(mask).tobytes()  # the shape is the grid's, fixed for a world
    hit = cache.get(key)
    if hit is None:
        hit = active_boxes(mask, g)
        _remember(cache, key, hit)
    return list(hit)


def _remember(cache: dict[bytes, list[Box]], key: bytes, boxes: list[Box]) -> None:
    """Keep ``boxes`` under ``key``; a full cache (``BOX_CACHE_SIZE``) starts afresh, so
    memory stays bounded over a long game."""
    if len(cache) >= BOX_CACHE_SIZE:
        cache.clear()
    cache[key] = list(boxes)


def upsample_box(xc: F64, g: OpGrid, box: Box) -> F32:
    """The blocks of ``box`` (taken from a full (..., hc, wc) array) repeated onto its cells."""
    sub = np.asarray(xc[..., box.bys, box.bxs], dtype=np.float32)
    if g.b == 1:
        return sub.copy()
    sub = np.repeat(sub, g.col_counts()[box.bxs], axis=-1)
    return np.repeat(sub, g.row_counts()[box.bys], axis=-2)


def upsample_mul(xc: F64, g: OpGrid, box: Box, fine: F32, out: F32) -> None:
    """``out = upsample_box(xc, g, box) * fine`` (``fine`` (h, w) and ``out`` (..., h, w):
    the cells of ``box``; ``xc`` may have leading axes, e.g. one plane per community).

    The same float32 values as upsampling then multiplying (the blocks are cast to float32
    first, then one float32 product per cell), but when the box holds whole blocks (always,
    when the map side is a multiple of ``b``) the blocks, repeated along columns only, are
    broadcast over a (block rows, b, cells) view of the box instead of being repeated into
    a temporary the size of the box: one pass over the cells instead of three.
    """
    b = g.b
    sub = np.asarray(xc[..., box.bys, box.bxs], dtype=np.float32)
    *lead, nby, nbx = sub.shape
    if b == 1:
        np.multiply(sub, fine, out=out)
    elif out.shape[-2:] == (nby * b, nbx * b):
        # repeat along columns only (b times smaller than the box), then broadcast over the
        # b rows of each block row: long contiguous inner loops. Splitting the row axis of
        # a view is always a view, so ``out`` is written in place.
        cols = np.repeat(sub, b, axis=-1)[..., None, :]
        shape3 = (nby, b, nbx * b)
        np.multiply(cols, fine.reshape(shape3), out=out.reshape(*lead, *shape3))
    else:
        np.multiply(upsample_box(xc, g, box), fine, out=out)


@functools.lru_cache(maxsize=16)
def _block_offsets(g: OpGrid) -> npt.NDArray[np.int64]:
    """Flat offsets (b * b,) of a block's cells from its top-left cell, row-major; cached."""
    offs = (np.arange(g.b)[:, None] * g.w + np.arange(g.b)[None, :]).reshape(-1)
    offs.flags.writeable = False
    return offs


def _nonzero_blocks(xc: F64) -> npt.NDArray[np.int64]:
    """Flat indices of the blocks of ``xc`` whose bits are not all 0 (not +0.0)."""
    bits = np.ascontiguousarray(xc, dtype=np.float64).view(np.uint64)
    return np.flatnonzero(bits != 0)


def _block_cells(blocks: npt.NDArray[np.int64], g: OpGrid) -> npt.NDArray[np.int64]:
    """Flat indices of the fine cells of whole blocks, block after block (b * b each)."""
    by, bx = np.divmod(blocks, g.wc)
    cells: npt.NDArray[np.int64] = (
        (by * (g.b * g.w) + bx * g.b)[:, None] + _block_offsets(g)[None, :]
    ).reshape(-1)
    return cells


def upsample_mul_sparse(xc: F64, g: OpGrid, fine: F32, out: F32, was: F64) -> bool:
    """``out = upsample(xc, g) * fine`` over the whole map, computed on nonzero blocks only.

    ``fine`` must be finite and >= 0 (a weight pattern such as the habitat): then every
    cell of a block whose value is +0 gets +0, so only the cells of the other blocks (a few
    dozen for a faction's fighters) are multiplied, gathered by flat index: the same
    float32 product per cell as ``upsample_mul``. ``was`` holds the block sums of ``out``
    as it is (its values >= 0, as fighters are): blocks summing to +0 hold only zeros, so
    only the others need clearing. ``out`` must be C-contiguous (a world layer).

    ``was`` is then updated to ``block_sum(out, g)`` as written, bit for bit, from the
    products (every other block holds only zeros, which sum to +0), and True returned.
    Maps whose side is not a multiple of ``b`` take ``upsample_mul`` over the whole map
    and return False (``was`` is then left as it was).
    """
    b = g.b
    if g.h % b or g.w % b:
        upsample_mul(xc, g, full_box(g), fine, out)
        return False
    flat = out.reshape(-1)
    sums = was.reshape(-1)
    cleared = _nonzero_blocks(was)
    flat[_block_cells(cleared, g)] = 0.0
    sums[cleared] = 0.0
    # -0.0 blocks are computed too (0 * weight keeps their sign), as is anything not +0
    blocks = _nonzero_blocks(xc)
    if blocks.size == 0:
        return True
    cells = _block_cells(blocks, g)
    vals = np.asarray(xc.reshape(-1)[blocks], dtype=np.float32)
    prod = np.multiply(vals[:, None], fine.reshape(-1)[cells].reshape(blocks.size, b * b))
    flat[cells] = prod.reshape(-1)
    sums[blocks] = _block_totals(prod.reshape(blocks.size, b, b))
    return True


def _block_totals(cells: F32) -> F64:
    """Totals of blocks given as (n, b, b) float32 cells, summed as ``block_sum`` sums them:
    the b rows in float32 (in row order), then 0.0 plus the b column sums in float64 (in
    column order). The same additions in the same order: the same bits."""
    rows = cells[:, 0, :].copy()
    for k in range(1, cells.shape[1]):
        rows += cells[:, k, :]
    cols = rows.astype(np.float64)
    tot: F64 = np.add(cols[:, 0], 0.0)
    for k in range(1, cols.shape[1]):
        tot += cols[:, k]
    return tot


def full_box(g: OpGrid) -> Box:
    """The box of the whole map."""
    return Box(slice(0, g.hc), slice(0, g.wc), slice(0, g.h), slice(0, g.w))


def box_flat_indices(
    a: npt.NDArray[np.float32] | npt.NDArray[np.int32],
    boxes: list[Box],
    threshold: float | None = None,
    g: OpGrid | None = None,
) -> npt.NDArray[np.int64]:
    """Flat indices (into ``a`` (H, W)) of cells inside disjoint ``boxes`` where ``a`` >
    threshold (or != 0 when ``threshold`` is None), in row-major order.

    Row-major whatever the boxes: the boxes only say where to look, so what is drawn on the
    cells found (in this order) does not depend on how the active part of the map was cut
    into boxes. Given the grid ``g``, several boxes covering half the map or more are done
    with one scan of the whole layer (``_scan_in_boxes``); otherwise box by box, then
    sorted when there are several boxes.
    """
    h, w = a.shape
    if g is not None and len(boxes) > 1:
        area = sum((b.ys.stop - b.ys.start) * (b.xs.stop - b.xs.start) for b in boxes)
        if 2 * area >= h * w:
            return _scan_in_boxes(a, boxes, threshold, g)
    parts = []
    for b in boxes:
        sub = a[b.ys, b.xs]
        width = b.xs.stop - b.xs.start
        if threshold is not None and 2 * width >= w:
            # a wide box and a threshold (which, on the threat, holds on many cells): the
            # test written into full-width rows (False outside the box), whose flat
            # indices are the layer's up to an offset: no divisions per cell found
            # uninitialised, with only the columns outside the box cleared: a box as wide
            # as the map (the usual case) needs no zero-fill at all
            band = np.empty((b.ys.stop - b.ys.start, w), dtype=bool)
            band[:, : b.xs.start] = False
            band[:, b.xs.stop :] = False
            np.greater(sub, threshold, out=band[:, b.xs])
            local = np.flatnonzero(band)
            if local.size:
                local += b.ys.start * w
                parts.append(local)
            continue
        local = np.flatnonzero(sub > threshold if threshold is not None else sub != 0)
        if local.size:
            parts.append((local // width + b.ys.start) * w + (local % width + b.xs.start))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    if len(parts) == 1:
        return parts[0].astype(np.int64, copy=False)
    out: npt.NDArray[np.int64] = np.sort(np.concatenate(parts)).astype(np.int64, copy=False)
    return out


def _scan_in_boxes(
    a: npt.NDArray[np.float32] | npt.NDArray[np.int32],
    boxes: list[Box],
    threshold: float | None,
    g: OpGrid,
) -> npt.NDArray[np.int64]:
    """``box_flat_indices`` by one scan of the whole layer (row-major), dropping the cells
    outside the boxes."""
    w = a.shape[1]
    cells = np.flatnonzero(a > threshold if threshold is not None else a != 0)
    inside = np.zeros((g.hc, g.wc), dtype=bool)
    for bx in boxes:
        inside[bx.bys, bx.bxs] = True
    iy, ix = np.divmod(cells, w)
    out: npt.NDArray[np.int64] = cells[inside[iy // g.b, ix // g.b]].astype(np.int64, copy=False)
    return out


def stack_flat_indices(
    a: npt.NDArray[np.float32] | npt.NDArray[np.int32],
    boxes: list[list[Box]] | None,
    threshold: float | None = None,
    g: OpGrid | None = None,
) -> npt.NDArray[np.int64]:
    """Flat indices into a (C, H, W) stack of layers of the cells > ``threshold`` (or != 0
    when it is None): plane by plane, row-major in each, so the result is sorted.

    ``boxes`` lists, per plane, where to look (``box_flat_indices``); None: the whole
    stack in one scan (when most of it is active, cheaper than any cutting).
    """
    if boxes is None:
        found: npt.NDArray[np.int64] = np.flatnonzero(
            a > threshold if threshold is not None else a != 0
        ).astype(np.int64, copy=False)
        return found
    hw = a.shape[-2] * a.shape[-1]
    parts = []
    for c, where in enumerate(boxes):
        if where:
            idx = box_flat_indices(a[c], where, threshold, g)
            if idx.size:
                parts.append(idx + c * hw if c else idx)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def is_whole_map(boxes: list[Box], g: OpGrid) -> bool:
    """Whether ``boxes`` is the one box of the whole map."""
    return len(boxes) == 1 and boxes[0] == full_box(g)
