"""Epstein (2002) civil violence: geometry, invariants, determinism and the paper's results.

Every test is seeded; statistical ones run a handful of seeds and assert a clear margin,
so they stay deterministic yet would fail if the mechanism broke.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from game.reference import epstein_civil as civil
from game.reference import epstein_ethnic as ethnic
from game.reference import epstein_grid as grid

# NetLogo Rebellion's defaults, the runs in which the paper shows punctuated equilibrium.
REBELLION = civil.CivilViolenceParams(legitimacy=0.82, cop_density=0.04, max_jail_term=30)


def _brute_diamond(field: np.ndarray, radius: int) -> np.ndarray:
    total = np.zeros(field.shape, dtype=np.int64)
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if abs(dy) + abs(dx) <= radius:
                total += np.roll(field, (-dy, -dx), axis=(0, 1))
    return total


@pytest.mark.parametrize(
    ("h", "w", "radius", "pad"), [(20, 23, 7, 7), (15, 17, 3, 7), (9, 11, 1, 4), (16, 16, 4, 5)]
)
def test_diamond_sum_matches_brute_force(h: int, w: int, radius: int, pad: int) -> None:
    rng = np.random.default_rng(7)
    torus = grid.Torus(h, w, pad)
    field = rng.integers(0, 3, (h, w)).astype(np.uint16)
    layer = np.zeros(torus.padded_shape, dtype=np.uint16)
    torus.interior(layer)[:] = field
    torus.refresh_halo(layer)
    out = np.zeros_like(layer)
    grid.diamond_sum(layer, radius, torus, out)
    assert np.array_equal(torus.interior(out), _brute_diamond(field, radius))


def test_sparse_and_dense_counts_agree() -> None:
    rng = np.random.default_rng(5)
    torus = grid.Torus(60, 50, 7)
    for n in (3, 40, 2500):  # the first two take the sparse path, the last the dense one
        cells = torus.interior_flat()[rng.choice(60 * 50, n, replace=False)]
        counts = torus.interior(grid.count_layer(torus, cells, 7))
        field = np.zeros((60, 50), dtype=np.int64)
        y, x = torus.yx(cells)
        field[y, x] = 1
        assert np.array_equal(counts, _brute_diamond(field, 7)), n


def test_diamond_is_von_neumann_like_mesa() -> None:
    dy, dx = grid.diamond_offsets(7)
    assert dy.size == grid.diamond_size(7) - 1 == 112
    assert int((np.abs(dy) + np.abs(dx)).max()) == 7


def test_pick_marked_is_uniform_and_in_view() -> None:
    rng = np.random.default_rng(3)
    torus = grid.Torus(20, 20, 3)
    mark = np.zeros(torus.padded_shape, dtype=np.uint8)
    for y, x in [(10, 10), (11, 10), (10, 12), (8, 10), (0, 0), (19, 10)]:
        torus.interior(mark)[y, x] = 1
    torus.refresh_halo(mark)
    centre = torus.interior_flat()[10 * 20 + 10]
    cells = grid.pick_marked(grid._row_prefix(mark), np.full(40000, centre), 3, torus, rng)
    ys, xs = torus.yx(cells)
    picked, counts = np.unique(ys * 20 + xs, return_counts=True)
    assert sorted(picked.tolist()) == [8 * 20 + 10, 10 * 20 + 10, 10 * 20 + 12, 11 * 20 + 10]
    assert counts.min() > 0.9 * 10000 and counts.max() < 1.1 * 10000
    lonely = torus.interior_flat()[5 * 20 + 3]
    assert grid.pick_marked(grid._row_prefix(mark), np.array([lonely]), 3, torus, rng)[0] == -1


def _assert_consistent(state: civil.CivilViolenceState) -> None:
    t = state.torus
    interior = t.interior(state.grid)
    occupied = interior[interior >= 0]
    assert occupied.size == state.pos.size  # every agent on exactly one cell
    assert np.array_equal(np.sort(occupied), np.arange(state.pos.size))
    assert np.array_equal(state.grid.ravel()[state.pos], np.arange(state.pos.size))
    y, x = state.positions()
    assert y.min() >= 0 and y.max() < t.height and x.min() >= 0 and x.max() < t.width
    halo_copy = state.grid.copy()
    t.refresh_halo(halo_copy)
    assert np.array_equal(halo_copy, state.grid)
    assert np.all(state.jail >= 0)
    assert np.all(state.jail[state.condition != grid.JAILED] == 0)


def test_conservation_and_occupancy_over_a_run() -> None:
    params = dataclasses.replace(REBELLION, width=30, height=34, cop_vision=5)
    state = civil.init_state(params, 11)
    n = state.n_citizens
    for _ in range(60):
        civil.step(state, params)
        q, a, j = state.counts()
        assert q + a + j == n
        _assert_consistent(state)
    assert state.moved_fraction > 0.5


def test_run_is_deterministic_and_seed_dependent() -> None:
    params = REBELLION
    a = civil.run(params, 80, 5)
    b = civil.run(params, 80, 5)
    for name in ("quiescent", "active", "jailed"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    s1, s2 = civil.init_state(params, 5), civil.init_state(params, 5)
    for _ in range(30):
        civil.step(s1, params)
        civil.step(s2, params)
    for name in ("grid", "pos", "hardship", "risk_aversion", "condition", "jail"):
        assert np.array_equal(getattr(s1, name), getattr(s2, name))
    assert s1.rng.bit_generator.state == s2.rng.bit_generator.state
    c = civil.run(params, 80, 6)
    assert not np.array_equal(a.active, c.active)


def test_history_counts_add_up() -> None:
    h = civil.run(civil.CivilViolenceParams(), 20, 1)
    total = h.quiescent + h.active + h.jailed
    assert np.all(total == total[0])
    assert h.active.dtype.kind == "i" and h.active.size == 21


def test_mesa_rounding_is_half_to_even() -> None:
    table = grid._risk_table(113, 128, 2.3, "round")
    # 1 cop, 1 other active and the citizen itself: C/A = 1/2 rounds to 0 (Python round)
    assert table[(1 * 128 + 1) * 2] == 0.0
    # 3 cops, A = 2: 1.5 rounds to 2
    assert table[(3 * 128 + 1) * 2] == pytest.approx(1 - np.exp(-2.3 * 2), rel=1e-6)
    floor = grid._risk_table(113, 128, 2.3, "floor")
    assert floor[(3 * 128 + 1) * 2] == pytest.approx(1 - np.exp(-2.3), rel=1e-6)
    # an active citizen does not count itself twice: 2 cops, it alone active -> A = 1
    assert floor[(2 * 128 + 1) * 2 + 1] == pytest.approx(1 - np.exp(-2.3 * 2), rel=1e-6)


def test_validation_refuses_bad_params() -> None:
    with pytest.raises(ValueError):
        civil.CivilViolenceParams(width=10)
    with pytest.raises(ValueError):
        civil.CivilViolenceParams(citizen_density=0.95, cop_density=0.1)


def test_long_calm_broken_by_sudden_outbursts() -> None:
    """Punctuated equilibrium (Epstein's Figs. 3-4, NetLogo Rebellion's defaults): most
    steps under 2 % of citizens active, yet outbursts above 6 % that climb from calm by
    more than 4 points within 8 steps."""
    for seed in range(3):
        h = civil.run(REBELLION, 300, seed)
        citizens = int(h.quiescent[0] + h.active[0] + h.jailed[0])
        a = h.active[20:] / citizens
        assert np.mean(a < 0.02) > 0.45, seed
        assert a.max() > 0.06, seed
        rise = max(a[i : i + 9].max() - a[i] for i in range(a.size - 8) if a[i] < 0.02)
        assert rise > 0.04, seed


def test_sudden_legitimacy_drop_is_more_explosive_than_gradual() -> None:
    """Same total drop 0.9 -> 0.7 over the same horizon: one jump at t=20 gives a larger
    peak of actives than the same drop spread over 100 steps (Epstein's Figs. 9-10)."""
    params = dataclasses.replace(REBELLION, legitimacy=0.9)
    sudden = civil.legitimacy_schedule(120, 0.9, 0.7, at=20, over=1)
    gradual = civil.legitimacy_schedule(120, 0.9, 0.7, at=20, over=100)
    assert sudden[19] == 0.9 and sudden[20] == pytest.approx(0.7)
    assert gradual[-1] == pytest.approx(0.7) and gradual[80] > 0.7
    peaks = [
        (
            civil.run(params, 120, seed, sudden).active.max(),
            civil.run(params, 120, seed, gradual).active.max(),
        )
        for seed in range(3)
    ]
    assert all(s > g for s, g in peaks), peaks
    assert np.mean([s for s, _ in peaks]) > 1.5 * np.mean([g for _, g in peaks]), peaks


def test_inter_group_fewer_peacekeepers_more_killed() -> None:
    """Model II: killing falls as peacekeepers rise (over the first 15 steps, before a
    completed genocide runs out of victims); with none, cleansing spreads."""
    killed = {}
    for density in (0.0, 0.02, 0.074):
        params = ethnic.InterGroupParams(cop_density=density)
        killed[density] = [
            int(ethnic.run_inter_group(params, 15, seed).killed[-1]) for seed in (1, 2)
        ]
    assert min(killed[0.0]) > max(killed[0.02]) > 3 * max(killed[0.074]), killed
    none = ethnic.run_inter_group(ethnic.InterGroupParams(cop_density=0.0), 60, 3)
    assert none.cleansed[0] < 0.1 and none.cleansed[-1] > 0.9
    assert min(none.blue[-1], none.green[-1]) < 0.05 * (none.blue[0] + none.green[0])


def test_inter_group_peacekeepers_delay_cleansing_and_protect() -> None:
    """Enough peacekeepers keep both groups alive past the point where none or too few
    fail, and people with a peacekeeper in view are killed less (safe havens)."""
    few = ethnic.run_inter_group(ethnic.InterGroupParams(cop_density=0.01), 80, 4)
    many = ethnic.run_inter_group(ethnic.InterGroupParams(cop_density=0.074), 80, 4)
    assert min(few.blue[-1], few.green[-1]) < 0.1 * min(few.blue[0], few.green[0])
    assert min(many.blue[-1], many.green[-1]) > 0.7 * min(many.blue[0], many.green[0])
    assert many.cleansed[-1] < 0.1
    mid = ethnic.run_inter_group(ethnic.InterGroupParams(cop_density=0.04), 80, 4)
    assert mid.kill_rate_in_view < 0.5 * mid.kill_rate_out_of_view


def test_inter_group_peaceful_coexistence_and_invariants() -> None:
    params = ethnic.InterGroupParams(legitimacy=(0.95, 0.95), width=40, height=40)
    state = ethnic.init_inter_group(params, 9)
    for _ in range(40):
        ethnic.inter_group_step(state, params)
        interior = state.torus.interior(state.grid)
        ids = interior[interior >= 0]
        people = ids[ids < state.capacity]
        assert np.array_equal(np.sort(people), np.flatnonzero(state.alive))
        assert ids.size == np.unique(ids).size
    assert int(state.killed.sum()) == 0
    a = ethnic.run_inter_group(params, 15, 9)
    b = ethnic.run_inter_group(params, 15, 9)
    assert np.array_equal(a.blue, b.blue) and np.array_equal(a.green, b.green)


def test_inter_group_force_cut_mid_crisis() -> None:
    """Cutting the peacekeepers by 90 % at step 20 (UNAMIR: 2,548 -> 270) lets the killing
    that the full force held down break out."""
    params = ethnic.InterGroupParams(cop_density=0.074)
    n = ethnic.init_inter_group(params, 1).pos.size - (params.width * params.height)
    kept = ethnic.run_inter_group(params, 50, 1)
    cut = ethnic.run_inter_group(params, 50, 1, cop_schedule=[n] * 20 + [n // 10] * 30)
    assert cut.killed[20] == kept.killed[20]
    assert cut.killed[-1] > 10 * max(kept.killed[-1], 1)
