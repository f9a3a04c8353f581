"""Determinism: the same seed gives bit-identical layers, in two separate processes too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.mission.load import load_mission
from game.mission.schema import Mission
from game.sim import directives as d
from game.sim.dynamics import step
from game.sim.hashing import layer_hashes, state_hash
from game.sim.setup import new_world

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "missions" / "tutorial.yaml"

SCRIPT = """
import json, sys
from game.mission.load import load_mission
from game.sim import directives as d
from game.sim.dynamics import step
from game.sim.hashing import layer_hashes, state_hash
from game.sim.setup import new_world
from game.sim.world import World
w = new_world(load_mission(sys.argv[1]), int(sys.argv[2]))
for t in range(1, 21):
    orders = []
    if t == 3:
        orders = [d.Move("inf_1", 40, 44), d.SetPosture("fpu_1", "patrol")]
    if t == 6:
        orders = [d.AttackOrder("hdy", 44, 46, 200, 3), d.AlertNetwork(44, 46, 6)]
    if t == 8:
        orders = [d.Engage("qrf_1", "hdy", "deadly"), d.EstablishPocSite(20, 30, 500)]
    step(w, orders)
print(json.dumps({"state": state_hash(w), "layers": layer_hashes(w)}))
"""


def _in_process(seed: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(TUTORIAL), str(seed)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "random", "PATH": "", "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_two_processes_bit_identical() -> None:
    a, b = _in_process(5), _in_process(5)
    assert a["layers"] == b["layers"]
    assert a["state"] == b["state"]


def test_other_seed_differs() -> None:
    assert _in_process(5)["state"] != _in_process(6)["state"]


def test_copy_branches_identically() -> None:
    w = new_world(load_mission(TUTORIAL), 9)
    for _ in range(3):
        step(w)
    twin = w.copy()
    assert state_hash(twin) == state_hash(w)
    for _ in range(5):
        step(w, [d.SetPosture("inf_1", "patrol")])
        step(twin, [d.SetPosture("inf_1", "patrol")])
    assert layer_hashes(twin) == layer_hashes(w)
    step(twin, [d.CutForce(100)])
    step(w)
    diff = [k for k, v in layer_hashes(w).items() if layer_hashes(twin)[k] != v]
    assert "units" in diff


def test_layer_hashes_name_the_layer() -> None:
    w = new_world(load_mission(TUTORIAL), 1)
    before = layer_hashes(w)
    w.displaced[0, 0, 0] += 1
    after = layer_hashes(w)
    assert [k for k in before if before[k] != after[k]] == ["displaced"]


def _per_day_hashes(
    mission: Mission, days: int, monkeypatch: pytest.MonkeyPatch, **consts: float
) -> list[str]:
    from game.sim import threat

    for name, value in consts.items():
        monkeypatch.setattr(threat, name, value)
    w = new_world(mission, 7)
    out = []
    for t in range(1, days + 1):
        h, wd = w.shape
        orders = [d.AttackOrder(w.faction_ids[0], wd // 2, h // 2, 300, 2)] if t == 4 else []
        step(w, orders, check=True)
        out.append(state_hash(w))
    return out


def test_whole_map_and_box_paths_give_the_same_game(monkeypatch: pytest.MonkeyPatch) -> None:
    """The threat, strike and flight may work over the whole map or inside boxes around the
    active blocks, for speed only: forcing either path gives the same game, day by day."""
    from game.bench.day_cases import synthetic_mission

    for mission in (load_mission(TUTORIAL), synthetic_mission(96)):
        days = 12
        whole = _per_day_hashes(mission, days, monkeypatch, WHOLE_MAP_CELLS=1e18)
        boxes = _per_day_hashes(mission, days, monkeypatch, WHOLE_MAP_CELLS=0, WHOLE_MAP_SHARE=2.0)
        assert whole == boxes
