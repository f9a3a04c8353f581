"""Player policies: seeded, stateless, honest; doctrine beats reckless on every norm and
saves more lives than passive, because of what the orders do, not who gives them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.ai.base import policy_rng
from game.ai.compare import Outcome, compare, dominance, table
from game.ai.policies import POLICIES, make_policy
from game.ai.run import run
from game.engine.record import play
from game.engine.session import Session
from game.mission import load_mission
from game.norms import NORMS
from game.paths import shipped_missions
from game.rules.orders import Interpose, Investigate, ReportToCouncil, UseForce

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = load_mission(ROOT / "missions" / "tutorial.yaml")


def test_registry() -> None:
    assert set(POLICIES) == {"doctrine", "passive", "reckless", "random"}
    for name in POLICIES:
        assert make_policy(name, 1).name == name
    with pytest.raises(KeyError, match="unknown policy 'bold'"):
        make_policy("bold")


def test_policy_streams_are_separate_and_reproducible() -> None:
    a = policy_rng(3, "random", 5).integers(1 << 30, size=4).tolist()
    assert a == policy_rng(3, "random", 5).integers(1 << 30, size=4).tolist()
    assert a != policy_rng(3, "random", 6).integers(1 << 30, size=4).tolist()
    assert a != policy_rng(4, "random", 5).integers(1 << 30, size=4).tolist()
    assert a != policy_rng(3, "doctrine", 5).integers(1 << 30, size=4).tolist()


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_deciding_changes_nothing_and_repeats(name: str) -> None:
    s = Session.new(TUTORIAL, 2)
    for _ in range(4):
        s.end_turn()
    before = s.state_hash()
    first = make_policy(name, 2).decide(s)
    assert s.state_hash() == before  # no draw from the game's stream, no state touched
    assert make_policy(name, 2).decide(s) == first  # a fresh policy decides the same


def test_passive_never_orders() -> None:
    s = Session.new(TUTORIAL, 1)
    results = play(s, make_policy("passive").decide, turns=10)
    assert all(not r.orders for r in results)


def test_random_draws_from_legal_orders() -> None:
    s = Session.new(TUTORIAL, 9)
    seen: Counter[str] = Counter()
    for _ in range(8):
        orders = make_policy("random", 9).decide(s)
        options = [*s.legal_orders()]
        for u in s.world.units:
            if u.alive:
                options.extend(s.legal_orders(u.id))
        legal = [o.order for o in options if o.verdict.status != "refused"]
        assert all(o in legal for o in orders)
        seen.update(o.kind for o in orders)
        if orders:
            s.submit(orders)
        s.end_turn()
    assert len(seen) >= 3
    assert any(o in seen for o in ("patrol", "guard", "redeploy"))  # units are ordered too


def test_doctrine_gives_only_lawful_orders_and_answers_every_violator() -> None:
    r = run(TUTORIAL, 4, policy="doctrine", turns=40, counterfactual=False)
    statuses = Counter(v.status for t in r.turns for v in t.verdicts)
    assert statuses and set(statuses) == {"allowed"}
    answered = {
        o.faction
        for t in r.turns
        for o in t.orders  # type: ignore[attr-defined]
        if isinstance(o, Interpose | UseForce | Investigate | ReportToCouncil)
    }
    assert r.session is not None
    violators = {
        fid
        for fid, v in zip(r.session.world.faction_ids, r.session.rules.violations, strict=True)
        if v > 0.5
    }
    assert violators <= answered, (violators, answered)
    assert not any(f["norm"] == "use_of_force" for f in r.findings)


def test_reckless_skips_rungs_and_takes_one_side() -> None:
    r = run(TUTORIAL, 4, policy="reckless", turns=40, counterfactual=False)
    force = [o for t in r.turns for o in t.orders if isinstance(o, UseForce)]
    assert force and {o.rung for o in force} == {"deadly"}
    assert len({o.faction for o in force}) == 1
    assert any(f["norm"] == "use_of_force" for f in r.findings)
    assert not any(isinstance(o, ReportToCouncil) for t in r.turns for o in t.orders)


def test_dominance_check_catches_a_failure() -> None:
    def row(policy: str, score: float, saved: int) -> Outcome:
        return Outcome("m", 0, policy, 5, dict.fromkeys(NORMS, score), 100, 100 + saved, "x")

    rows = [row("doctrine", 80, 50), row("reckless", 90, 0), row("passive", 70, 60)]
    problems = dominance(rows)
    assert len(problems) == len(NORMS) + 1
    assert "| m | doctrine | 1 |" in table(rows)


@pytest.mark.slow
def test_doctrine_beats_reckless_on_every_norm_and_saves_more_lives_than_passive() -> None:
    """The issue's figure on 3 seeds and the first 40 days of every shipped mission.

    The full figure (20 seeds, whole missions) is ``tests/benchmarks/bench_run.py
    --compare 20``; this keeps CI fast while still playing every mission past its crisis.
    """
    rows = compare(shipped_missions(), range(3), turns=40, workers=2)
    assert dominance(rows) == [], table(rows)
