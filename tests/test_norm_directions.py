"""The norms reward doctrine: the figures of the issue, checked on every shipped mission.

Doctrine must score higher than reckless on every norm, and protect more civilians than a
passive mission. The policies are ``game.ai``'s; nothing in the rules knows their names:
the differences must come from what they do. Deaths are compared on the same day (the
earlier of the two endings), so a mission that ends early gains nothing from it.
Seeds: ``BLUEHELM_DIRECTION_SEEDS`` (default 2; the issue's figure uses 20).
"""

from __future__ import annotations

import os
from functools import cache

import pytest

from game.engine.session import Session
from game.mission import load_mission
from game.norms import NORMS
from game.paths import shipped_missions

policies = pytest.importorskip("game.ai.policies")

SEEDS = range(int(os.environ.get("BLUEHELM_DIRECTION_SEEDS", "2")))
MISSIONS = [p.stem for p in shipped_missions()]


@cache
def _play(mission: str, policy: str, seed: int) -> Session:
    m = load_mission(next(p for p in shipped_missions() if p.stem == mission))
    s = Session.new(m, seed)
    pol = policies.make_policy(policy, seed)
    while not s.is_over():
        s.submit(pol.decide(s))
        s.end_turn()
    return s


def _mean(mission: str, policy: str) -> dict[str, float]:
    runs = [_play(mission, policy, seed).scores() for seed in SEEDS]
    return {n: sum(r[n] for r in runs) / len(runs) for n in NORMS}


@pytest.mark.slow
@pytest.mark.parametrize("mission", MISSIONS)
def test_doctrine_beats_reckless_on_every_norm(mission: str) -> None:
    doctrine, reckless = _mean(mission, "doctrine"), _mean(mission, "reckless")
    print(f"\n{mission}: doctrine {doctrine}\n{mission}: reckless {reckless}")
    for n in NORMS:
        assert doctrine[n] > reckless[n], (n, doctrine[n], reckless[n])


@pytest.mark.slow
@pytest.mark.parametrize("mission", MISSIONS)
def test_doctrine_protects_more_civilians_than_passive(mission: str) -> None:
    saved = 0.0
    for seed in SEEDS:
        d, p = _play(mission, "doctrine", seed), _play(mission, "passive", seed)
        day = min(d.turn, p.turn)
        kd = d.history[day - 1].metrics["civilians_killed"]
        kp = p.history[day - 1].metrics["civilians_killed"]
        print(f"\n{mission} seed {seed} day {day}: doctrine {kd:.0f} killed, passive {kp:.0f}")
        saved += kp - kd
    assert saved > 0
