"""Side by side with Mesa 3.3.1's shipped Epstein example: speed and regime.

Mesa is not a dependency of Blue Helm. It is imported lazily; without it this module
prints how to install it (``pip install mesa==3.3.1 networkx``). Both models run in the
same process, one after the other, at the same sizes and with the same parameters
(Mesa's defaults: density 0.7, cops 0.074, vision 7, legitimacy 0.8, max jail 1000).
"""

from __future__ import annotations

import copy
import gc
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from game.bench.harness import emit
from game.reference import epstein_civil as civil

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
    repeat: int = 10,
    mesa_max_size: int = 200,
    seed: int = 1,
    mesa_warmup: int = 10,
) -> list[dict[str, Any]]:
    """ms per step of Mesa and of ours at each size, and the ratio, one JSON line each.

    Side by side means the same steps under the same conditions: both models are warmed
    up to the same step (``mesa_warmup``; 3 above 100 x 100), then timed over the same
    window, interleaved step by step (Mesa's step k, then ours), so a slow spell on a
    shared machine lands on both. A step's cost depends on the model's phase (an
    outburst moves and arrests more agents), which is why the windows are the same.

    Our step k is timed twice on identical states: first on a copy taken before Mesa's
    step, right after Mesa has run (``ours_cold_*``: Mesa's millions of objects have
    pushed our arrays, tables and code out of the caches), then on the model itself
    (``ours_*``: warm, as when the model runs alone, which is how it is used). The ratio
    is given both ways.
    Mesa caches each cell's neighbourhood on first use, so its first step is several
    times slower than later ones: it is reported separately. Sizes above
    ``mesa_max_size`` are not run for Mesa (1000 x 1000 would take hours and tens of
    GB) and say so; ours is then timed alone.
    """
    model_cls = _mesa_model()
    if model_cls is None:
        print(MESA_HINT, file=sys.stderr)
    reports = []
    for n in sizes:
        params = civil.CivilViolenceParams(width=n, height=n)
        state = civil.init_state(params, seed)

        def ours_step(s: Any = state, p: Any = params) -> None:
            civil.step(s, p)

        side = model_cls is not None and n <= mesa_max_size
        warm = mesa_warmup if n <= 100 else 3
        timed = repeat if n <= 100 else 2
        report: dict[str, Any] = {"case": "epstein_vs_mesa", "size": n}
        ours: list[float] = []
        if side:
            t0 = time.perf_counter()
            model = model_cls(width=n, height=n, seed=seed)
            init_s = time.perf_counter() - t0
            cold = _time_steps(model.step, 1)[0]
            _time_steps(model.step, warm - 1)
            _time_steps(ours_step, warm)
            mesa: list[float] = []
            ours_cold: list[float] = []
            for _ in range(timed):
                twin = copy.deepcopy(state)  # before Mesa's step: copying warms the caches
                mesa += _time_steps(model.step, 1)
                ours_cold += _time_steps(lambda t=twin, p=params: civil.step(t, p), 1)
                ours += _time_steps(ours_step, 1)
            mesa_med = statistics.median(mesa)
            report.update(
                ours_ms_median=round(statistics.median(ours) * 1e3, 3),
                ours_ms_min=round(min(ours) * 1e3, 3),
                ours_cold_ms_median=round(statistics.median(ours_cold) * 1e3, 3),
                mesa_ms_median=round(mesa_med * 1e3, 1),
                mesa_ms_min=round(min(mesa) * 1e3, 1),
                steps_timed=timed,
                from_step=warm + 1,
                mesa_first_step_ms=round(cold * 1e3, 1),
                mesa_init_s=round(init_s, 2),
                ratio_median=round(mesa_med / statistics.median(ours), 1),
                ratio_min=round(min(mesa) / min(ours), 1),
                ratio_per_step_median=round(
                    statistics.median(m / o for m, o in zip(mesa, ours, strict=True)), 1
                ),
                ratio_cold_median=round(mesa_med / statistics.median(ours_cold), 1),
            )
            # Mesa's millions of objects would slow the next size's timings (cyclic GC)
            del model
            gc.collect()
        else:
            _time_steps(ours_step, 3)
            ours = _time_steps(ours_step, max(repeat, 5) if n < 1000 else 3)
            report.update(
                ours_ms_median=round(statistics.median(ours) * 1e3, 3),
                ours_ms_min=round(min(ours) * 1e3, 3),
                mesa=f"skipped above {mesa_max_size}x{mesa_max_size} (--mesa-max-size)"
                if model_cls is not None
                else "not installed",
            )
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
        params = civil.CivilViolenceParams(width=size, height=size, arrest_rounding=rounding)  # type: ignore[arg-type]
        act, jail = [], []
        for seed in range(seeds):
            h = civil.run(params, steps, seed)
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
