"""Golden playthroughs: mission + seed + orders -> the state hash and scores of every turn.

Each ``tests/golden/*.json`` file records a short game: the shipped mission it plays (with
its digest), the seed and mode, and per turn the orders given, the state hash, the layer
hashes and the five norm scores. Replaying the orders must reproduce every turn exactly;
a mismatch names the turn, the first differing layer and the scores that moved.

The orders were drawn once from a policy and are stored, so tuning a policy never breaks
a golden file; changing the simulation or the rules does, on purpose. After an intended
change, regenerate with ``BLUEHELM_REGEN_GOLDEN=1 pytest tests/test_golden.py`` (the
stored orders are kept; new files draw theirs from the policy in ``SPECS``) and review
the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from game.ai.policies import make_policy
from game.engine.save import mission_digest
from game.engine.session import Session
from game.mission import load_mission
from game.rules.orders import order_from_dict

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
MISSIONS = HERE.parent / "missions"
REGEN = os.environ.get("BLUEHELM_REGEN_GOLDEN") == "1"

SPECS: list[tuple[str, int, str, int]] = [
    ("tutorial", 7, "doctrine", 30),
    ("tutorial", 3, "reckless", 20),
    ("tutorial", 11, "random", 15),
    ("unamir_1994", 1, "doctrine", 12),
    ("unamir_1994", 2, "random", 8),
]
"""(mission, seed, policy that drew the orders, turns) of each golden file."""


def _name(mission: str, seed: int, policy: str) -> str:
    return f"{mission}_seed{seed}_{policy}.json"


def _generate(mission: str, seed: int, policy: str, turns: int, path: Path) -> dict[str, Any]:
    m = load_mission(MISSIONS / f"{mission}.yaml")
    old = json.loads(path.read_text()) if path.exists() else None
    s = Session.new(m, seed)
    pol = make_policy(policy, seed)
    records = []
    for i in range(turns):
        if s.is_over():
            break
        if old is not None and i < len(old["turns"]):
            orders = [order_from_dict(o) for o in old["turns"][i]["orders"]]
        else:
            orders = pol.decide(s)
        if orders:
            s.submit(orders)
        r = s.end_turn()
        records.append(
            {
                "turn": r.turn,
                "orders": [o.to_dict() for o in orders],
                "state_hash": r.state_hash,
                "layer_hashes": r.layer_hashes,
                "scores": r.scores,
            }
        )
    return {
        "mission": mission,
        "mission_digest": mission_digest(m),
        "seed": seed,
        "mode": "free",
        "orders_from": policy,
        "turns": records,
    }


def _diff(want: dict[str, Any], got: Any) -> str:
    lines = [f"turn {want['turn']}: state hash {got.state_hash} != golden {want['state_hash']}"]
    for layer, h in want["layer_hashes"].items():
        if got.layer_hashes.get(layer) != h:
            lines.append(f"  first differing layer: '{layer}'")
            break
    for k, v in want["scores"].items():
        if got.scores.get(k) != v:
            lines.append(f"  score {k}: {got.scores.get(k)!r} (golden {v!r})")
    lines.append("  intended? regenerate: BLUEHELM_REGEN_GOLDEN=1 pytest tests/test_golden.py")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("mission", "seed", "policy", "turns"), SPECS, ids=[_name(*s[:3])[:-5] for s in SPECS]
)
def test_golden_playthrough(mission: str, seed: int, policy: str, turns: int) -> None:
    path = GOLDEN / _name(mission, seed, policy)
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        doc = _generate(mission, seed, policy, turns, path)
        path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    assert path.exists(), f"{path.name} missing: run with BLUEHELM_REGEN_GOLDEN=1"
    doc = json.loads(path.read_text())
    m = load_mission(MISSIONS / f"{doc['mission']}.yaml")
    assert mission_digest(m) == doc["mission_digest"], (
        f"missions/{doc['mission']}.yaml changed since {path.name} was recorded; "
        "regenerate with BLUEHELM_REGEN_GOLDEN=1"
    )
    s = Session.new(m, doc["seed"], mode=doc["mode"])
    for want in doc["turns"]:
        orders = [order_from_dict(o) for o in want["orders"]]
        if orders:
            s.submit(orders)
        got = s.end_turn()
        assert got.turn == want["turn"]
        assert got.state_hash == want["state_hash"] and got.scores == want["scores"], _diff(
            want, got
        )
    assert len(doc["turns"]) == turns or s.is_over()
