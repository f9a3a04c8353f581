"""Numerics: how the simulation computes, as opposed to what it models.

The mission file says what the world is like (``game.mission.coefficients``); these
settings say how finely the program draws it. They trade a bounded bias for speed, so a
benchmark or a test may change them, a mission may not: the defaults are the game. The
world holds them (``World.numerics``), and they are part of its state hash, since two
runs with different numerics draw different games.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Numerics:
    """Speed settings of the simulation, with the defaults every game plays with."""

    min_hazard: float = 1e-7
    """Per-person daily hazard below which a cell is treated as safe, so that the death
    draws (and flight, which starts at the far higher ``flee_threshold``) run only where
    violence is possible. The bias is at most this hazard times the people of the skipped
    cells: at the default, under one death a day in ten million people."""
    exact_expected_deaths: float = 0.05
    """Cells whose expected deaths today are below this are drawn together: a Poisson total
    over them (the binomial's rare-event limit) placed cell by cell in proportion to each
    cell's expected deaths; at or above it a cell gets exact binomial draws. Most threatened
    cells are thinly peopled countryside, where one draw replaces thousands. 0: every cell
    exact."""

    def __post_init__(self) -> None:
        """Refuse settings outside the range the draws are written for."""
        if not 0.0 < self.min_hazard <= 1e-3:
            raise ValueError("min_hazard must lie in (0, 0.001]")
        if not 0.0 <= self.exact_expected_deaths <= 1.0:
            raise ValueError("exact_expected_deaths must lie in [0, 1]")
