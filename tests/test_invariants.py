"""Invariants hold every turn (conservation, no negatives, finite), and violations are named."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from data.validation_mission import TOWN, validation_mission
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.mission.load import load_mission
from game.mission.schema import Mission
from game.sim import directives as d
from game.sim.dynamics import step
from game.sim.invariants import InvariantError, check, dump
from game.sim.setup import new_world
from game.sim.world import World

ROOT = Path(__file__).resolve().parents[1]
MAX_EXAMPLES = int(os.environ.get("BH_EXAMPLES", "30"))
"""Random missions tried by the property test (raise it locally to search harder)."""


def _run(w: World, days: int, script: dict[int, list[d.Directive]] | None = None) -> None:
    with np.errstate(all="raise"):
        for t in range(1, days + 1):
            step(w, (script or {}).get(t, ()), check=True)


def test_tutorial_invariants_every_turn() -> None:
    w = new_world(load_mission(ROOT / "missions" / "tutorial.yaml"), 3)
    script: dict[int, list[d.Directive]] = {
        6: [d.AttackOrder("vna", 44, 46, 80, 2)],
        13: [d.AttackOrder("hdy", 44, 46, 200, 3), d.Move("qrf_1", 44, 46)],
        15: [d.Engage("qrf_1", "hdy", "deadly"), d.SetPosture("inf_1", "patrol")],
        21: [d.AttackOrder("hdy", 12, 52, 120, 2), d.AlertNetwork(12, 52, 6)],
        30: [d.Disarm("mlf", 50, 50, 14), d.EstablishPocSite(20, 30, 3000)],
        40: [d.CutForce(300), d.LegitimacyDelta("kessi", -0.2)],
        50: [d.WithdrawUnits("Kavaria"), d.StrengthDelta("hdy", 200, 40, 52)],
    }
    _run(w, 90, script)
    assert w.turn == 90


def test_validation_mission_invariants_every_turn() -> None:
    m = validation_mission(troops=800, police=140, observers=20)
    w = new_world(m, 8)
    script: dict[int, list[d.Directive]] = {
        5: [d.AttackOrder("armed", TOWN[0], TOWN[1], 300, 4)],
        6: [d.Engage("inf", "armed", "deadly"), d.EstablishPocSite(TOWN[0], TOWN[1], 800)],
        20: [d.CutForce(100)],
    }
    _run(w, 60, script)


def test_violation_is_named_with_turn_and_layer() -> None:
    w = new_world(validation_mission(), 0)
    step(w)
    w.civilians[0, 5, 5] += 1
    with pytest.raises(InvariantError) as e:
        check(w)
    assert e.value.turn == 1 and e.value.layer == "civilians"
    w.civilians[0, 5, 5] -= 1
    with w.edit("threat") as threat:
        threat[0, 1, 1] = np.nan
    with pytest.raises(InvariantError, match="threat"):
        check(w)


def test_dump_is_plain_numbers() -> None:
    import json

    w = new_world(validation_mission(troops=100), 0)
    step(w)
    text = json.dumps(dump(w))
    assert '"turn": 1' in text


@st.composite
def small_missions(draw: st.DrawFn) -> tuple[Mission, int, list[tuple[int, Any]]]:
    side = draw(st.sampled_from([64, 72, 80]))
    n_comm = draw(st.integers(1, 3))
    comms = [f"c{i}" for i in range(n_comm)]
    towns = []
    for i in range(draw(st.integers(1, 3))):
        towns.append(  # noqa: PERF401 - draws in a readable order
            {
                "name": f"t{i}",
                "at": [draw(st.integers(0, side - 1)), draw(st.integers(0, side - 1))],
                "radius": draw(st.integers(0, 5)),
                "population": {c: draw(st.integers(0, 5000)) for c in comms},
                "poc_site": draw(st.sampled_from([0, 0, 300])),
            }
        )
    kinds = ["government", "rebel", "militia", "spoiler"]
    factions = []
    for i in range(draw(st.integers(1, 4))):
        factions.append(  # noqa: PERF401 - draws in a readable order
            {
                "id": f"f{i}",
                "name": f"F{i}",
                "kind": kinds[i],
                "deployments": [
                    {
                        "at": [draw(st.integers(0, side - 1)), draw(st.integers(0, side - 1))],
                        "strength": draw(st.integers(1, 2000)),
                        "radius": draw(st.integers(0, 4)),
                    }
                ],
                "intent": {c: draw(st.floats(0, 1)) for c in comms},
                "consent": draw(st.floats(0, 1)),
                "recruits_from": draw(st.lists(st.sampled_from(comms), max_size=2, unique=True)),
            }
        )
    types = ["infantry", "formed_police", "military_observers", "helicopters"]
    units = [
        {
            "id": f"u{i}",
            "name": f"U{i}",
            "type": draw(st.sampled_from(types)),
            "strength": draw(st.integers(1, 900)),
            "at": [draw(st.integers(0, side - 1)), draw(st.integers(0, side - 1))],
            "country": draw(st.sampled_from(["a", "b"])),
            "posture": draw(st.sampled_from(["static", "patrol", "guard", "alert"])),
        }
        for i in range(draw(st.integers(1, 4)))
    ]
    doc = {
        "format": 1,
        "meta": {"id": "prop", "name": "Property"},
        "briefing": {"summary": "x"},
        "map": {
            "width": side,
            "height": side,
            "seed": draw(st.integers(0, 100)),
            "towns": towns,
            "rural_population": {comms[0]: draw(st.integers(1, 8000))},
            "rivers": [{"points": [[0, side // 2], [side - 1, side // 3]], "width": 2}],
            "hills": [{"at": [side // 2, side // 2], "radius": 6}],
        },
        "communities": [
            {
                "id": c,
                "name": c,
                "legitimacy": draw(st.floats(0, 1)),
                "hardship": draw(st.floats(0, 1)),
            }
            for c in comms
        ],
        "factions": factions,
        "forces": {"units": units},
        "mandate": {"chapter": "VII", "tasks": ["protect_civilians"]},
        "roe": {"force": [{"rung": "deadly", "justifications": ["self_defence"]}]},
        "end": {"turn_limit": 50},
    }
    mission = Mission.model_validate(doc)
    seed = draw(st.integers(0, 2**32 - 1))
    orders: list[tuple[int, Any]] = []
    for _ in range(draw(st.integers(0, 4))):
        day = draw(st.integers(1, 12))
        f = draw(st.sampled_from([str(f["id"]) for f in factions]))
        x, y = draw(st.integers(0, side - 1)), draw(st.integers(0, side - 1))
        kind = draw(st.sampled_from(["attack", "engage", "cut", "poc", "disarm"]))
        if kind == "attack":
            orders.append((day, d.AttackOrder(f, x, y, draw(st.integers(1, 500)), 2)))
        elif kind == "engage":
            rung = draw(st.sampled_from(["show_of_force", "non_lethal", "deadly"]))
            orders.append((day, d.Engage(str(units[0]["id"]), f, rung)))
        elif kind == "cut":
            orders.append((day, d.CutForce(draw(st.integers(0, 500)))))
        elif kind == "poc":
            orders.append((day, d.EstablishPocSite(x, y, draw(st.integers(0, 2000)))))
        else:
            orders.append((day, d.Disarm(f, draw(st.integers(0, 300)), x, y)))
    return mission, seed, orders


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(small_missions())
def test_invariants_hold_on_random_missions(
    case: tuple[Mission, int, list[tuple[int, Any]]],
) -> None:
    mission, seed, orders = case
    w = new_world(mission, seed)
    check(w)
    script: dict[int, list[d.Directive]] = {}
    for day, order in orders:
        script.setdefault(day, []).append(order)
    _run(w, 12, script)
