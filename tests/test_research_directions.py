"""The research directions of DOCTRINE.md hold on the purpose-built validation mission.

Statistical and seeded: each arm runs the same seeds for 30 days and compares the mean
civilians killed. The mechanisms are not hard-coded outcomes: remove deterrence, the police
urban factor, the host discount or credibility and the matching test fails.
"""

from __future__ import annotations

import numpy as np
import pytest
from data.validation_mission import TOWN, validation_mission

from game.mission.schema import Mission
from game.sim import directives as d
from game.sim.dynamics import step
from game.sim.setup import new_world

SEEDS = range(6)
DAYS = 30


def killed(
    mission: Mission,
    seed: int,
    *,
    days: int = DAYS,
    script: dict[int, list[d.Directive]] | None = None,
) -> int:
    """Civilians killed in ``days`` days of a passive mission (plus scripted directives)."""
    w = new_world(mission, seed)
    with np.errstate(all="raise"):
        for t in range(1, days + 1):
            step(w, (script or {}).get(t, ()), check=True)
    return int(w.deaths.sum())


def mean_killed(mission: Mission, **kw: object) -> float:
    return float(np.mean([killed(mission, s, **kw) for s in SEEDS]))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def baseline() -> float:
    return mean_killed(validation_mission())


def test_baseline_kills_enough_to_compare(baseline: float) -> None:
    assert baseline >= 30


def test_more_troops_fewer_civilians_killed(baseline: float) -> None:
    some = mean_killed(validation_mission(troops=800))
    more = mean_killed(validation_mission(troops=1600))
    assert some < 0.7 * baseline
    assert more < some


def test_police_in_towns_fewer_killed(baseline: float) -> None:
    in_town = mean_killed(validation_mission(police=280))
    outside = mean_killed(validation_mission(police=280, police_at=(TOWN[0], TOWN[1] + 18)))
    assert in_town < 0.7 * baseline
    assert in_town < 0.7 * outside


def test_observers_alone_no_reduction(baseline: float) -> None:
    watched = mean_killed(validation_mission(observers=40))
    assert 0.85 * baseline <= watched <= 1.15 * baseline
    # ... but they do watch and report
    w = new_world(validation_mission(observers=40), 0)
    blind = new_world(validation_mission(), 0)
    assert w.warning[TOWN[1], TOWN[0]] > 0.5 > blind.warning[TOWN[1], TOWN[0]]


def test_presence_cuts_rebel_violence_more_than_host_violence() -> None:
    def reduction(kind: str) -> float:
        without = mean_killed(validation_mission(perpetrator=kind))
        with_troops = mean_killed(validation_mission(perpetrator=kind, troops=1600))
        return 1.0 - with_troops / without

    rebel, host = reduction("rebel"), reduction("government")
    assert rebel > 0.5
    assert rebel > host + 0.2


def test_host_discount_fades_when_consent_is_not_at_stake() -> None:
    """With the host's consent gone, the mission deters its forces like any other's."""
    at_stake = mean_killed(validation_mission(perpetrator="government", troops=1600))
    lost = mean_killed(validation_mission(perpetrator="government", troops=1600, consent=0.0))
    assert lost < 0.8 * at_stake


def test_force_cut_at_the_moment_of_crisis() -> None:
    attack = {10: [d.AttackOrder("armed", TOWN[0], TOWN[1], 400, 5)]}
    cut = {10: [*attack[10], d.CutForce(160)]}
    kept = mean_killed(validation_mission(troops=1600), script=attack)
    slashed = mean_killed(validation_mission(troops=1600), script=cut)
    assert slashed >= 2.0 * kept


def test_credibility_scales_protection() -> None:
    low = validation_mission(troops=800, dynamics={"initial_credibility": 0.0})
    high = validation_mission(troops=800, dynamics={"initial_credibility": 1.0})
    assert mean_killed(high) < 0.8 * mean_killed(low)
