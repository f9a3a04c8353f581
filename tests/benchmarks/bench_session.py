"""Benchmark: wall time of the 90-turn tutorial played headless through the Session API.

Run ``python tests/benchmarks/bench_session.py [repeats]``; prints one JSON line per run
(no orders, and the doctrine policy when ``game.ai`` is available) and a summary line.
The figure to meet: <= 2 s wall per 90-turn run, scoring included.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from game.engine.session import Session
from game.mission import load_mission
from game.paths import missions_dir


def _policy(name: str, seed: int):  # type: ignore[no-untyped-def]
    try:
        from game.ai.policies import make_policy
    except ImportError:  # the policies are optional for this benchmark
        return None
    return make_policy(name, seed)


def run_once(seed: int, policy: str) -> dict[str, object]:
    """Play the whole tutorial once; return its timings and outcome."""
    m = load_mission(missions_dir() / "tutorial.yaml")
    pol = _policy(policy, seed) if policy != "none" else None
    t0 = time.perf_counter()
    s = Session.new(m, seed)
    while not s.is_over():
        if pol is not None:
            s.submit(pol.decide(s))
        s.end_turn()
    wall = time.perf_counter() - t0
    return {
        "bench": "session_tutorial_90",
        "policy": policy,
        "seed": seed,
        "turns": s.turn,
        "wall_s": round(wall, 4),
        "per_turn_ms": round(1000 * wall / max(1, s.turn), 2),
        "civilians_killed": int(s.world.deaths.sum()),
        "overall": round(s.scores()["overall"], 2),
    }


def main(argv: list[str]) -> None:
    """Print JSON lines: each run, then the median per policy."""
    repeats = int(argv[1]) if len(argv) > 1 else 3
    Session.new(load_mission(missions_dir() / "tutorial.yaml"), 0)  # warm imports and caches
    for policy in ("none", "doctrine"):
        walls = []
        for seed in range(repeats):
            rec = run_once(seed, policy)
            walls.append(float(rec["wall_s"]))  # type: ignore[arg-type]
            print(json.dumps(rec), flush=True)
        print(
            json.dumps(
                {
                    "bench": "session_tutorial_90",
                    "policy": policy,
                    "median_wall_s": round(statistics.median(walls), 4),
                    "target_s": 2.0,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv)
