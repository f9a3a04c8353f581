"""A PettingZoo parallel environment: the mission and every armed faction act each day.

Agents: ``"mission"`` and each faction id of the mission file. All agents see the same
observation (``game.env.observe``). The mission acts as in ``BlueHelm-v0`` (rule-checked
orders). A faction chooses one of ``FACTION_ACTIONS`` a day, which the env turns into
simulation directives queued for the day (through the rules' ``next_directives``, the
same path inject effects take) on top of the faction's own simulated behaviour:

- ``hold``: nothing beyond what the simulation's faction model does anyway;
- ``attack``: a fifth of its fighters attack the most populous town of a community it is
  hostile to (nearest to its forces), for two days;
- ``de_escalate``: hostility toward every community down by 0.1, consent up by 0.02;
- ``escalate``: hostility toward its targets up by 0.1, consent down by 0.02.

Rewards: the mission gets the ``BlueHelm-v0`` reward; a faction gets the day's change in
its fighters as a share of its starting strength. Every agent terminates when the
mission ends; all truncate at ``max_turns`` if given.
"""

from __future__ import annotations

import functools
import math
import os
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from gymnasium import spaces
from pettingzoo import ParallelEnv  # type: ignore[import-untyped]

from game.env import observe as ob
from game.env.gym_env import load, overall, reward
from game.mission.schema import Mission
from game.sim import directives as sd
from game.view import frames as rd

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = ["FACTION_ACTIONS", "BlueHelmParallelEnv", "faction_directives", "parallel_env"]

FACTION_ACTIONS: tuple[str, ...] = ("hold", "attack", "de_escalate", "escalate")
"""A faction's action catalogue (index = action value)."""
MISSION = "mission"


def faction_directives(session: Session, faction: str, action: int) -> list[sd.Directive]:
    """The simulation directives one faction's action stands for today."""
    name = FACTION_ACTIONS[int(action)]
    w, m = session.world, session.mission
    f = w.faction_ids.index(faction)
    if name == "hold":
        return []
    if name in {"de_escalate", "escalate"}:
        sign = -1.0 if name == "de_escalate" else 1.0
        out: list[sd.Directive] = [
            sd.SetIntent(faction, cid, float(np.clip(w.intent[f, c] + 0.1 * sign, 0.0, 1.0)))
            for c, cid in enumerate(w.community_ids)
            if sign < 0 or w.intent[f, c] > 0
        ]
        out.append(sd.ConsentDelta(faction, -0.02 * sign))
        return out
    strength = float(w.faction_strength()[f])
    force = int(strength // 5)
    hostile = {w.community_ids[c] for c in range(w.n_communities) if w.intent[f, c] > 0}
    if force < 1 or not hostile:
        return []
    layer = w.armed[f]
    iy, ix = np.unravel_index(int(np.argmax(layer)), layer.shape)
    towns = [t for t in m.map.towns if hostile & {k for k, v in t.population.items() if v > 0}]
    if not towns:
        return []
    t = min(
        towns,
        key=lambda t: (
            math.hypot(m.locate(t.name)[0] - ix, m.locate(t.name)[1] - iy),
            -sum(t.population.values()),
            t.name,
        ),
    )
    x, y = m.locate(t.name)
    return [sd.AttackOrder(faction, x, y, force, 2)]


class BlueHelmParallelEnv(ParallelEnv):  # type: ignore[misc]  # pettingzoo is untyped
    """The mission and the factions as simultaneous agents (see the module docstring)."""

    metadata: dict[str, Any] = {  # noqa: RUF012 - PettingZoo reads it per instance
        "name": "bluehelm_v0",
        "render_modes": ["rgb_array", "ansi"],
        "is_parallelizable": True,
        "render_fps": 4,
    }

    def __init__(
        self,
        mission: Mission | str | os.PathLike[str] = "tutorial",
        *,
        render_mode: str | None = None,
        max_turns: int | None = None,
        mode: str = "free",
    ) -> None:
        """Agents and spaces of ``mission`` (a model, a path or a shipped id)."""
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}")
        self.mission = load(mission)
        self.layout = ob.layout(self.mission)
        self.render_mode = render_mode
        self.max_turns = max_turns
        self.mode = mode
        self.possible_agents = [MISSION, *self.mission.faction_ids]
        self.agents: list[str] = []
        self.session: Session | None = None
        self._strength0: dict[str, float] = {}

    @functools.cache  # noqa: B019 - spaces are fixed per env
    def observation_space(self, agent: str) -> spaces.Space[Any]:
        """The shared observation space (same for every agent)."""
        lay = self.layout
        return spaces.Dict(
            {
                "maps": spaces.Box(0.0, 1.0, (lay.channels, ob.OBS_SIDE, ob.OBS_SIDE), np.float32),
                "scalars": spaces.Box(0.0, 1.0, (lay.n_scalars,), np.float32),
                "units": spaces.Box(0.0, 1.0, (lay.n_units, 4), np.float32),
            }
        )

    @functools.cache  # noqa: B019 - spaces are fixed per env
    def action_space(self, agent: str) -> spaces.Space[Any]:
        """The mission's MultiDiscrete orders, or a faction's Discrete(4) choice."""
        if agent == MISSION:
            return spaces.MultiDiscrete(self.layout.action_nvec())
        return spaces.Discrete(len(FACTION_ACTIONS))

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("call reset() before step()")
        return self.session

    def _observe(self) -> dict[str, dict[str, npt.NDArray[np.float32]]]:
        obs = ob.observe(self._session(), self.layout)
        return {a: {k: v.copy() for k, v in obs.items()} for a in self.agents}

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, dict[str, npt.NDArray[np.float32]]], dict[str, dict[str, Any]]]:
        """Start a new game; the same ``seed`` always starts the same game."""
        from game.engine.session import Session

        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0] >> 1)
        mode = (options or {}).get("mode", self.mode)
        self.session = Session.new(self.mission, int(seed), mode=mode)
        self.agents = list(self.possible_agents)
        st = self.session.world.faction_strength()
        self._strength0 = {
            fid: max(1.0, float(st[i])) for i, fid in enumerate(self.session.world.faction_ids)
        }
        return self._observe(), {a: {"turn": 0} for a in self.agents}

    def step(
        self, actions: dict[str, Any]
    ) -> tuple[
        dict[str, dict[str, npt.NDArray[np.float32]]],
        dict[str, float],
        dict[str, bool],
        dict[str, bool],
        dict[str, dict[str, Any]],
    ]:
        """One day: queue the factions' directives, submit the mission's orders, end the day."""
        s = self._session()
        before, killed = overall(s), int(s.world.deaths.sum())
        strength = s.world.faction_strength().copy()
        for fid in s.mission.faction_ids:
            if fid in actions:
                for d in faction_directives(s, fid, int(np.asarray(actions[fid]).reshape(-1)[0])):
                    s.rules.next_directives.append(d)
        orders = ob.mission_orders(s, self.layout, actions[MISSION]) if MISSION in actions else []
        if orders:
            s.submit(orders)
        s.end_turn()
        after = s.world.faction_strength()
        rewards: dict[str, float] = {MISSION: float(reward(before, s, killed))}
        for i, fid in enumerate(s.world.faction_ids):
            rewards[fid] = float((after[i] - strength[i]) / self._strength0[fid])
        over = bool(s.is_over())
        cut = bool(self.max_turns is not None and s.turn >= self.max_turns and not over)
        agents = list(self.agents)
        obs = self._observe()
        info = {"turn": s.turn, "civilians_killed": int(s.world.deaths.sum())}
        result = (
            obs,
            {a: rewards[a] for a in agents},
            dict.fromkeys(agents, over),
            dict.fromkeys(agents, cut),
            {a: dict(info) for a in agents},
        )
        if over or cut:
            self.agents = []
        return result

    def render(self) -> Any:
        """An RGB frame (``rgb_array``) or a text picture (``ansi``); None without a mode."""
        if self.render_mode is None or self.session is None:
            return None
        if self.render_mode == "rgb_array":
            return rd.rgb_array(self.session)
        return rd.ansi(self.session)

    def close(self) -> None:
        """Drop the session."""
        self.session = None

    def state(self) -> npt.NDArray[np.float32]:
        """The global state as one flat vector (the shared observation, flattened)."""
        obs = ob.observe(self._session(), self.layout)
        return np.concatenate([v.reshape(-1) for v in obs.values()])


def parallel_env(
    mission: Mission | str | os.PathLike[str] = "tutorial", **kwargs: Any
) -> BlueHelmParallelEnv:
    """``game.env.parallel_env(mission=..., render_mode=..., max_turns=...)``."""
    return BlueHelmParallelEnv(mission, **kwargs)
