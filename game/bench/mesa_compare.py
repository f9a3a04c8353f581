"""Side by side with Mesa 3.3.1's shipped Epstein example: speed and regime.

Mesa is not a dependency of Blue Helm. It is imported lazily; without it this module
prints how to install it (``pip install mesa==3.3.1 networkx``). Both models run in the
same process, one after the other, at the same sizes and with the same parameters
(Mesa's defaults: density 0.7, cops 0.074, vision 7, legitimacy 0.8, max jail 1000).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from game.bench.harness import emit
from game.sim import epstein

MESA_HINT = (
    "Mesa is not installed. For the side-by-side comparison install it next to Blue Helm "
    "(a separate venv is best):\n    pip install mesa==3.3.1 networkx"
)


def _mesa_model() -> Any:
    """Mesa's example model class, or None when Mesa is missing."""
    try:
        from mesa.examples.advanced.epstein_civil_violence.model import (  # type: ignore[import-not-found, unused-ignore]
            EpsteinCivilViolence,
        )
    except ImportError:
        return None
    return EpsteinCivilViolence


def _time_steps(step: Any, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        step()
        out.append(time.perf_counter() - t0)
    return out


def compare_speed(
    sizes: Sequence[int],
    repeat: int = 5,
    mesa_max_size: int = 200,
    seed: int = 1,
    mesa_warmup: int = 10,
) -> list[dict[str, Any]]:
    """ms per step of Mesa and of ours at each size, and the ratio, one JSON line each.

    Mesa caches each cell's neighbourhood on first use, so its first steps are several
    times slower than later ones; it is warmed up (``mesa_warmup`` steps, fewer above
    100 x 100) before ``repeat`` steps are timed (two above 100 x 100), and the cold first
    step is reported separately. Sizes above ``mesa_max_size`` are not run for Mesa
    (1000 x 1000 would take hours and tens of GB) and say so.
    """
    model_cls = _mesa_model()
    if model_cls is None:
        print(MESA_HINT, file=sys.stderr)
    reports = []
    for n in sizes:
        params = epstein.CivilViolenceParams(width=n, height=n)
        state = epstein.init_state(params, seed)
        for _ in range(3):
            epstein.step(state, params)
        ours = _time_steps(
            lambda s=state, p=params: epstein.step(s, p), max(repeat, 5) if n < 1000 else 3
        )
        report: dict[str, Any] = {
            "case": "epstein_vs_mesa",
            "size": n,
            "ours_ms_median": round(statistics.median(ours) * 1e3, 3),
            "ours_ms_min": round(min(ours) * 1e3, 3),
        }
        if model_cls is not None and n <= mesa_max_size:
            t0 = time.perf_counter()
            model = model_cls(width=n, height=n, seed=seed)
            init_s = time.perf_counter() - t0
            cold = _time_steps(model.step, 1)[0]
            _time_steps(model.step, max(mesa_warmup - 1, 0) if n <= 100 else 2)
            mesa = _time_steps(model.step, repeat if n <= 100 else 2)
            mesa_med = statistics.median(mesa)
            report.update(
                mesa_ms_median=round(mesa_med * 1e3, 1),
                mesa_ms_min=round(min(mesa) * 1e3, 1),
                mesa_steps_timed=len(mesa),
                mesa_first_step_ms=round(cold * 1e3, 1),
                mesa_init_s=round(init_s, 2),
                ratio_median=round(mesa_med / statistics.median(ours), 1),
                ratio_min=round(min(mesa) / min(ours), 1),
            )
            # Mesa's millions of objects would slow the next size's timings (cyclic GC)
            del model
            gc.collect()
        elif model_cls is not None:
            report["mesa"] = f"skipped above {mesa_max_size}x{mesa_max_size} (--mesa-max-size)"
        else:
            report["mesa"] = "not installed"
        emit(report)
        reports.append(report)
    return reports


def compare_regime(
    seeds: int = 10,
    steps: int = 200,
    size: int = 40,
    roundings: Sequence[str] = ("round", "floor"),
) -> list[dict[str, Any]]:
    """Mean active and mean jailed over ``steps`` steps for several seeds, Mesa and ours.

    Means include the initial state, as Mesa's DataCollector rows do. Prints Mesa's
    per-seed range so one can say whether ours lies inside what Mesa's own seeds give.
    ``round`` is Mesa's rule for C/A; ``floor`` is DOCTRINE.md's and NetLogo's.
    """
    reports: list[dict[str, Any]] = []
    model_cls = _mesa_model()
    mesa_active: list[float] = []
    mesa_jailed: list[float] = []
    if model_cls is None:
        print(MESA_HINT, file=sys.stderr)
    else:
        for seed in range(seeds):
            model = model_cls(width=size, height=size, seed=seed)
            for _ in range(steps):
                model.step()
            frame = model.datacollector.get_model_vars_dataframe()
            mesa_active.append(float(frame["active"].mean()))
            mesa_jailed.append(float(frame["arrested"].mean()))
        mesa_report: dict[str, Any] = {
            "case": "regime_mesa",
            "size": size,
            "steps": steps,
            "seeds": seeds,
            "mean_active": round(statistics.mean(mesa_active), 3),
            "mean_jailed": round(statistics.mean(mesa_jailed), 2),
            "active_range": [round(min(mesa_active), 3), round(max(mesa_active), 3)],
            "jailed_range": [round(min(mesa_jailed), 2), round(max(mesa_jailed), 2)],
        }
        emit(mesa_report)
        reports.append(mesa_report)
    for rounding in roundings:
        params = epstein.CivilViolenceParams(width=size, height=size, arrest_rounding=rounding)  # type: ignore[arg-type]
        act, jail = [], []
        for seed in range(seeds):
            h = epstein.run(params, steps, seed)
            act.append(float(np.mean(h.active)))
            jail.append(float(np.mean(h.jailed)))
        report: dict[str, Any] = {
            "case": f"regime_ours_{rounding}",
            "size": size,
            "steps": steps,
            "seeds": seeds,
            "mean_active": round(statistics.mean(act), 3),
            "mean_jailed": round(statistics.mean(jail), 2),
            "active_range": [round(min(act), 3), round(max(act), 3)],
            "jailed_range": [round(min(jail), 2), round(max(jail), 2)],
        }
        if mesa_jailed:
            report["mean_jailed_inside_mesa_seed_range"] = bool(
                min(mesa_jailed) <= report["mean_jailed"] <= max(mesa_jailed)
            )
            report["mean_active_inside_mesa_seed_range"] = bool(
                min(mesa_active) <= report["mean_active"] <= max(mesa_active)
            )
        emit(report)
        reports.append(report)
    return reports
