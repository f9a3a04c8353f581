"""Benchmark cases: one day of the peace-operation dynamics on synthetic country maps.

``synthetic_mission(side)`` builds (in code, no files) a square map of ``side`` cells with
3 communities, 4 factions (government, rebels, a militia, spoilers) and 40 units, a dozen
towns joined by roads, two rivers, forests and hills, and rural people everywhere (about
8 per cell). ``day_case(side)`` warms a world up for a few days, then times ``step`` per
day. Run on one core (``OMP_NUM_THREADS=1``...; scipy.ndimage is single-threaded anyway).

``bytes_per_cell_day`` is a documented estimate of the memory traffic of one day: the fine
layers each phase reads and writes, counted from the code (see ``FINE_PASSES``), so it can
be compared with the machine's measured memory bandwidth.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from typing import Any

import numpy as np

from game.mission.schema import Mission

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

SIZES = (256, 512, 1024, 2048)
COMMUNITIES = ("north", "centre", "south")
UNIT_MIX = (
    ["infantry"] * 16
    + ["formed_police"] * 8
    + ["military_observers"] * 6
    + ["engineers"] * 4
    + ["helicopters"] * 3
    + ["quick_reaction_force"] * 3
)


def synthetic_mission(side: int, seed: int = 11) -> Mission:
    """A country of ``side`` x ``side`` cells with 3 communities, 4 factions and 40 units."""
    rng = np.random.default_rng(seed)
    n_towns = 12
    towns = []
    for i in range(n_towns):
        x = int(rng.integers(side // 10, side - side // 10))
        y = int(rng.integers(side // 10, side - side // 10))
        pop = int(rng.integers(5, 40)) * side * 10
        c = COMMUNITIES[i % 3]
        other = COMMUNITIES[(i + 1) % 3]
        towns.append(
            {
                "name": f"town_{i}",
                "at": [x, y],
                "radius": max(2, side // 100),
                "population": {c: pop, other: pop // 3},
                "poc_site": pop // 20 if i % 4 == 0 else 0,
            }
        )
    roads = [
        {"name": f"road_{i}", "points": [towns[i]["at"], towns[i + 1]["at"]], "width": 1}
        for i in range(n_towns - 1)
    ]
    rivers = [
        {"name": "west", "points": [[0, side // 3], [side // 2, side // 2], [side - 1, side // 3]]},
        {"name": "east", "points": [[side // 4, 0], [side // 3, side - 1]], "width": 2},
    ]
    forests = [
        {"at": [int(rng.integers(side)), int(rng.integers(side))], "radius": max(2, side // 20)}
        for _ in range(6)
    ]
    hills = [
        {"at": [int(rng.integers(side)), int(rng.integers(side))], "radius": max(2, side // 16)}
        for _ in range(4)
    ]
    scale = side / 256

    def dep(i: int, strength: float) -> dict[str, Any]:
        return {"at": towns[i]["name"], "strength": int(strength * scale), "radius": 4}

    factions = [
        {
            "id": "army",
            "name": "Army",
            "kind": "government",
            "deployments": [dep(0, 1500), dep(3, 800), dep(6, 800)],
            "intent": {"south": 0.1},
            "consent": 0.8,
        },
        {
            "id": "front",
            "name": "Front",
            "kind": "rebel",
            "deployments": [dep(1, 900), dep(4, 600)],
            "intent": {"north": 0.3},
            "consent": 0.5,
            "recruits_from": ["south"],
        },
        {
            "id": "militia",
            "name": "Militia",
            "kind": "militia",
            "signatory": False,
            "deployments": [dep(2, 500), dep(5, 400)],
            "intent": {"centre": 0.5},
            "consent": 0.2,
            "recruits_from": ["north"],
        },
        {
            "id": "spoilers",
            "name": "Spoilers",
            "kind": "spoiler",
            "signatory": False,
            "deployments": [dep(7, 300), dep(8, 300)],
            "intent": {"north": 0.2, "centre": 0.2},
            "consent": 0.1,
        },
    ]
    units = []
    for i, kind in enumerate(UNIT_MIX):
        t = towns[i % n_towns]
        strength = {"infantry": 800, "formed_police": 140, "military_observers": 20}.get(kind, 150)
        units.append(
            {
                "id": f"u{i}",
                "name": f"Unit {i}",
                "type": kind,
                "strength": strength,
                "at": [min(side - 1, t["at"][0] + i % 3), t["at"][1]],
                "country": f"country_{i % 5}",
                "posture": ("static", "patrol", "guard", "alert")[i % 4],
            }
        )
    doc = {
        "format": 1,
        "meta": {"id": f"bench_{side}", "name": f"Benchmark {side}"},
        "briefing": {"summary": "Synthetic benchmark country."},
        "map": {
            "width": side,
            "height": side,
            "seed": seed,
            "towns": towns,
            "rural_population": {c: side * side * 8 // 3 for c in COMMUNITIES},
            "roads": roads,
            "rivers": rivers,
            "forests": forests,
            "hills": hills,
        },
        "communities": [{"id": c, "name": c.title()} for c in COMMUNITIES],
        "factions": factions,
        "forces": {"units": units},
        "mandate": {"chapter": "VII", "tasks": ["protect_civilians"],
                    "protection_of_civilians": {"mandated": True}},
        "roe": {"force": [{"rung": "deadly", "justifications": ["protection_of_civilians"]}]},
        "end": {"turn_limit": 365},
    }
    return Mission.model_validate(doc)


# Fine-grid passes of one day, in bytes per cell, per community (C), faction (F) or once.
# Counted from the code: a read or write of a float32/int32 layer is 4 bytes per cell.
FINE_PASSES: dict[str, tuple[str, int]] = {
    "protection fill + saturate (3 passes r/w)": ("1", 4 * 7),
    "warning fill": ("1", 4),
    "access fill": ("1", 4),
    "picture: block sums of civilians, displaced": ("C", 8),
    "picture: block sums of armed, protection": ("F", 4),
    "picture: protection block sum": ("1", 4),
    "write-back armed (upsample + multiply r/w)": ("F", 16),
    "deterrence field per class (~2 classes: 4 passes r/w)": ("1", 2 * 20),
    "threat: upsample + multiply (+ add) per class": ("C", 2 * 16),
    "violence: threshold + flatnonzero of threat": ("C", 5),
    "flight: threshold + flatnonzero of threat": ("C", 5),
    "displacement: flatnonzero of displaced": ("C", 5),
}


def bytes_per_cell_day(c: int, f: int) -> int:
    """Estimated bytes read + written per fine cell in one day (see ``FINE_PASSES``)."""
    mult = {"1": 1, "C": c, "F": f}
    return sum(mult[k] * b for k, b in FINE_PASSES.values())


def day_case(side: int, days: int | None = None, warmup: int = 3) -> dict[str, Any]:
    """Time one day of the dynamics on the ``side`` map; median and min over ``days`` days."""
    from game.sim.dynamics import step
    from game.sim.world import World

    if days is None:
        days = 5 if side >= 2048 else 10
    mission = synthetic_mission(side)
    tracemalloc.start()
    world = World.from_mission(mission, 2024)
    for _ in range(warmup):
        step(world)
    tracemalloc.reset_peak()
    times = []
    for _ in range(days):
        t0 = time.perf_counter()
        step(world)
        times.append(time.perf_counter() - t0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ms = np.array(times) * 1e3
    c, f = world.n_communities, world.n_factions
    return {
        "case": "peace_day",
        "size": side,
        "ms_median": round(float(np.median(ms)), 2),
        "ms_min": round(float(ms.min()), 2),
        "peak_mb": round(peak / 2**20, 1),
        "bytes_per_cell_day": bytes_per_cell_day(c, f),
        "communities": c,
        "factions": f,
        "units": len(world.units),
        "days": days,
    }
