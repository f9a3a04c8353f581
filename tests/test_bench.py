"""The benchmark harness reports what it measured (timings themselves are not asserted)."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest

from game.bench import mesa_compare
from game.reference import epstein_civil as civil


class _FakeMesa:
    """Stands in for Mesa's model: a step of a known, fixed cost."""

    def __init__(self, width: int, height: int, seed: int) -> None:
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        time.sleep(0.02)


def test_side_by_side_reports_warm_and_cold_ratios_without_touching_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mesa_compare, "_mesa_model", lambda: _FakeMesa)
    seen: list[Any] = []  # every state stepped, kept alive so no id is reused
    calls: Counter[int] = Counter()
    real_step = civil.step

    def counting_step(state: Any, params: Any) -> Any:
        seen.append(state)
        calls[id(state)] += 1
        return real_step(state, params)

    monkeypatch.setattr(civil, "step", counting_step)
    (report,) = mesa_compare.compare_speed([20], repeat=4, mesa_warmup=3)
    assert report["case"] == "epstein_vs_mesa"
    assert report["steps_timed"] == 4 and report["from_step"] == 4
    for key in ("ours_ms_median", "ours_cold_ms_median", "mesa_ms_median"):
        assert report[key] > 0
    assert report["mesa_ms_median"] >= 20.0  # the fake's sleep
    ratio = report["mesa_ms_median"] / report["ours_ms_median"]
    assert report["ratio_median"] == pytest.approx(ratio, rel=0.02)
    cold = report["mesa_ms_median"] / report["ours_cold_ms_median"]
    assert report["ratio_cold_median"] == pytest.approx(cold, rel=0.02)
    # the model itself ran warm-up plus timed steps; each cold twin ran exactly one
    counts = sorted(calls.values())
    assert counts[-1] == 3 + 4
    assert counts[:-1] == [1] * 4


def test_each_case_carries_the_host_reference() -> None:
    from game.bench.harness import CaseSpec, measure

    spec = CaseSpec("peace_day", 64, "game.bench.day_cases:peace_day", {"size": 64}, 3, 1)
    report = measure(spec)
    assert report["case"] == "peace_day" and report["cells"] == 64 * 64
    assert report["ref_ms"] > 0
    assert report["per_ref"] == pytest.approx(report["ms_median"] / report["ref_ms"], rel=0.01)
