"""Epstein (2002) Model II: inter-group violence between two groups, with peacekeepers.

Two groups (``BLUE``, ``GREEN``) share a torus; an active agent kills one agent of the
other group in its view, peacekeepers arrest actives evenhandedly, agents age, die and are
born. The rules and every unpublished number (marked ASSUMPTION) are on
:class:`InterGroupParams`; the synchronous phases and their deviations from one-at-a-time
activation are those of Model I (``game.reference.epstein_civil``), on the machinery of
``game.reference.epstein_grid``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from game.reference.epstein_grid import (
    ACTIVE,
    EMPTY,
    JAILED,
    QUIESCENT,
    IntArray,
    Rounding,
    Torus,
    arrest_probability,
    count_layer,
    make_rng,
    move,
    offset_sampler,
    place,
    police,
    random_u16,
    resolve_sorted,
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
    people, cops = place(torus, (params.density, params.cop_density), rng)
    cap = torus.height * torus.width
    n = people.size
    pos = np.zeros(cap + cops.size, dtype=np.int32)
    pos[:n] = people
    pos[cap:] = cops
    alive = np.zeros(cap, dtype=np.bool_)
    alive[:n] = True
    grid = np.full(torus.padded_shape, EMPTY, dtype=np.int32)
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
    gflat[state.pos[who]] = EMPTY
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
        got = police(
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
    off_flat, _ = offset_sampler(params.vision, t.row_stride)
    word = random_u16(state.rng, parents.size)
    cell = t.wrap(state.pos[parents].astype(np.intp) + off_flat[word])
    gflat = state.grid.ravel()
    ok = gflat[cell] == EMPTY
    parents, cell = parents[ok], cell[ok]
    won = resolve_sorted(cell, state.rng)
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
    cops = count_layer(t, state.pos[cap:], v).ravel()[ppos]
    actives = count_layer(t, ppos[active], v).ravel()[ppos]
    guarded = np.zeros(cap, dtype=np.bool_)
    guarded[people] = cops > 0
    n_guarded = int(np.count_nonzero(cops))
    state.exposure += (n_guarded, people.size - n_guarded)
    grp = state.group[people]
    others = np.zeros(people.size, dtype=np.int32)
    for g in (BLUE, GREEN):
        seen = count_layer(t, ppos[unjailed & (grp == g)], v).ravel()[ppos]
        np.copyto(others, seen, where=grp != g)
    p_arrest = arrest_probability(
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
        arrested = police(
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
        move(
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
    seen = count_layer(t, state.pos[cap:], params.vision).ravel()[state.pos[who]]
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
    state.grid.ravel()[gone] = EMPTY
    state.pos = state.pos[: state.capacity + keep].copy()
    state.scratch.pop("best", None)
    state.torus.refresh_halo(state.grid)
