"""Grid helpers: the boxes that restrict work to the active part of the map."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.sim.fields import OpGrid, active_boxes, active_boxes_many

masks = st.integers(1, 24).flatmap(
    lambda h: st.integers(1, 24).flatmap(
        lambda w: arrays(np.bool_, (h, w), elements=st.booleans() | st.just(False))
    )
)


def _check_cover(mask: np.ndarray, boxes: list) -> None:
    covered = np.zeros(mask.shape, dtype=np.int64)
    for b in boxes:
        covered[b.bys, b.bxs] += 1
        part = mask[b.bys, b.bxs]
        # tight: every edge of every box holds an active block
        assert part[0].any() and part[-1].any() and part[:, 0].any() and part[:, -1].any()
    assert covered.max(initial=0) <= 1  # disjoint
    assert np.all(covered[mask] == 1)  # every active block inside one box
    rects = [(b.bys.start, b.bys.stop, b.bxs.start, b.bxs.stop) for b in boxes]
    assert rects == sorted(rects)


@settings(max_examples=300, deadline=None)
@given(masks)
def test_active_boxes_are_a_tight_disjoint_cover(mask: np.ndarray) -> None:
    g = OpGrid(mask.shape[0] * 4, mask.shape[1] * 4, 4)
    boxes = active_boxes(mask, g)
    _check_cover(mask, boxes)
    for b in boxes:  # cells are the blocks' cells
        assert b.ys == slice(b.bys.start * g.b, b.bys.stop * g.b)
        assert b.xs == slice(b.bxs.start * g.b, b.bxs.stop * g.b)


@settings(max_examples=100, deadline=None)
@given(st.lists(masks, min_size=1, max_size=3).filter(lambda ms: len({m.shape for m in ms}) == 1))
def test_stacked_boxes_match_plane_by_plane_with_and_without_cache(ms: list[np.ndarray]) -> None:
    stack = np.stack(ms)
    g = OpGrid(stack.shape[1] * 4, stack.shape[2] * 4, 4)
    cache: dict[bytes, list] = {}
    alone = [active_boxes(m, g) for m in ms]
    assert active_boxes_many(stack, g) == alone
    assert active_boxes_many(stack, g, cache) == alone
    assert active_boxes_many(stack, g, cache) == alone  # from the cache
