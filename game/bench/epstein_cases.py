"""Benchmark cases for Epstein's Model I: one step on an n x n torus with Mesa's defaults."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from game.bench.harness import CaseSpec
from game.reference import epstein_civil as civil

DEFAULT_SIZES = (40, 100, 200, 1000)


def model_one_step(
    size: int, seed: int = 1, burn_in: int = 3
) -> tuple[Callable[[], object], dict[str, Any]]:
    """Factory: a Model I world of ``size`` x ``size`` (Mesa defaults: density 0.7, cops
    0.074, vision 7) after ``burn_in`` steps; the timed call is one :func:`civil.step`."""
    params = civil.CivilViolenceParams(width=size, height=size)
    state = civil.init_state(params, seed)
    for _ in range(burn_in):
        civil.step(state, params)

    def one_step() -> object:
        return civil.step(state, params)

    cells = size * size
    extra: dict[str, Any] = {
        "cells": cells,
        "citizens": state.n_citizens,
        "cops": state.n_cops,
        "move_rounds": params.move_rounds,
        "moved_fraction": round(state.moved_fraction, 3),
        "state_mb": round(
            sum(
                a.nbytes
                for a in (
                    state.grid,
                    state.pos,
                    state.hardship,
                    state.risk_aversion,
                    state.condition,
                    state.jail,
                )
            )
            / 2**20,
            1,
        ),
    }
    return one_step, extra


def specs(sizes: Sequence[int] = DEFAULT_SIZES, repeat: int = 10) -> list[CaseSpec]:
    """One case per size; fewer repeats at 1000 x 1000 keep the run short."""
    return [
        CaseSpec(
            case="epstein_model1_step",
            size=n,
            factory="game.bench.epstein_cases:model_one_step",
            kwargs={"size": n},
            repeat=repeat if n < 1000 else max(3, min(repeat, 7)),
            warmup=2 if n < 1000 else 1,
        )
        for n in sizes
    ]
