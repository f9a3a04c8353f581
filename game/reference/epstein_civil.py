"""Epstein (2002) civil violence, Model I (citizens and cops), vectorised with numpy on a torus.

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

Model II (inter-group violence) is in ``game.reference.epstein_ethnic``; the torus, the
neighbourhood counts, the arrests and the movement both models share are in
``game.reference.epstein_grid``.

No global RNG, no ``random`` module, no clock, no I/O: all randomness comes from the state's
``numpy.random.Generator`` created from ``SeedSequence(seed)``, so a seed fixes the run bit
for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
    place,
    police,
)

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


def init_state(params: CivilViolenceParams, seed: int | Sequence[int]) -> CivilViolenceState:
    """A fresh Model I world for ``seed`` (placement as Mesa: per-cell draw)."""
    rng = make_rng(seed)
    pad = max(params.citizen_vision, params.cop_vision)
    torus = Torus(params.height, params.width, pad)
    citizens, cops = place(torus, (params.citizen_density, params.cop_density), rng)
    pos = np.concatenate([citizens, cops]).astype(np.int32)
    grid = np.full(torus.padded_shape, EMPTY, dtype=np.int32)
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
    cops = count_layer(t, state.pos[nc:], v).ravel()[cpos]
    actives = count_layer(t, cpos[active], v).ravel()[cpos]
    p_arrest = arrest_probability(
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
    arrested = police(
        cpos[active], cop_pos, params.cop_vision, params.arrest_rounds, state.grid, t, state.rng
    )
    state.condition[arrested] = JAILED
    state.jail[arrested] = state.rng.integers(
        0, params.max_jail_term + 1, arrested.size, dtype=np.int32
    )


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
        moved = move(
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
