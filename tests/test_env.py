"""Agent environments: BlueHelm-v0 passes Gymnasium's checker; the PettingZoo parallel env
passes the API and seed tests; renders are numpy arrays and text."""

from __future__ import annotations

import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from pettingzoo.test import parallel_api_test, parallel_seed_test

import game.env
from game.env.gym_env import BlueHelmEnv
from game.env.observe import MISSION_ACTIONS, UNIT_ACTIONS
from game.env.parallel_env import FACTION_ACTIONS, faction_directives


def test_registered_and_passes_the_checker() -> None:
    env = gym.make("BlueHelm-v0", mission="tutorial", render_mode="rgb_array")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the checker's warnings are failures here
        check_env(env.unwrapped)
    env.close()


def test_spaces_are_fixed_and_observations_fit() -> None:
    env = BlueHelmEnv("tutorial", max_turns=3)
    obs, info = env.reset(seed=4)
    assert env.observation_space.contains(obs) and info["turn"] == 0
    assert env.action_space.nvec.tolist() == [len(UNIT_ACTIONS)] * env.layout.n_units + [
        len(MISSION_ACTIONS)
    ]
    done = False
    steps = 0
    while not done:
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert env.observation_space.contains(obs) and np.isfinite(reward)
        done = terminated or truncated
        steps += 1
    assert steps == 3 and truncated and not terminated and info["turn"] == 3


def test_same_seed_same_game_and_actions_become_rule_checked_orders() -> None:
    a, b = BlueHelmEnv("tutorial"), BlueHelmEnv("tutorial")
    a.reset(seed=9)
    b.reset(seed=9)
    act = np.array([2] * a.layout.n_units + [2])  # guard nearest town; alert network
    ra = a.step(act)
    rb = b.step(act)
    assert ra[4]["state_hash"] == rb[4]["state_hash"] and ra[1] == rb[1]
    kinds = {o["order"] for o in ra[4]["orders"]}
    assert kinds == {"guard", "alert_network"}
    c = BlueHelmEnv("tutorial")
    c.reset(seed=10)
    assert c.step(act)[4]["state_hash"] != ra[4]["state_hash"]


def test_renders() -> None:
    env = BlueHelmEnv("tutorial", render_mode="rgb_array")
    env.reset(seed=1)
    frame = env.render()
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
    assert min(frame.shape[:2]) >= 256 and frame.std() > 0
    text_env = BlueHelmEnv("tutorial", render_mode="ansi")
    text_env.reset(seed=1)
    text = text_env.render()
    assert text.startswith("turn 0/") and "U" in text
    with pytest.raises(ValueError, match="render_mode"):
        BlueHelmEnv("tutorial", render_mode="human")


def test_parallel_env_api() -> None:
    env = game.env.parallel_env(mission="tutorial", max_turns=25)
    assert env.possible_agents == ["mission", "vna", "mlf", "hdy"]
    parallel_api_test(env, num_cycles=30)


def test_parallel_env_seed() -> None:
    parallel_seed_test(lambda: game.env.parallel_env(mission="tutorial", max_turns=10))


def test_faction_actions_reach_the_simulation() -> None:
    env = game.env.parallel_env(mission="tutorial")
    env.reset(seed=3)
    s = env.session
    assert s is not None
    attacker = next(
        f.id
        for f in s.mission.factions
        if faction_directives(s, f.id, FACTION_ACTIONS.index("attack"))
    )
    hold = dict.fromkeys(env.agents, 0)
    hold["mission"] = np.zeros(env.layout.n_units + 1, dtype=np.int64)
    quiet = game.env.parallel_env(mission="tutorial")
    quiet.reset(seed=3)
    quiet.step(hold)
    attack = dict(hold)
    attack[attacker] = FACTION_ACTIONS.index("attack")
    env.step(attack)
    assert env.session is not None and quiet.session is not None
    assert len(env.session.world.attacks) > len(quiet.session.world.attacks)
