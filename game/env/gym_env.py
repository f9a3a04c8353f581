"""``BlueHelm-v0``: a Gymnasium environment in which the agent commands the mission.

One step is one day. The action gives each unit slot one choice from ``UNIT_ACTIONS``
and the mission one from ``MISSION_ACTIONS`` (``game.env.observe``); the choices become
ordinary orders, checked by the rules like a human's (refused ones are dropped before
they are submitted). The reward is the change in the mission's overall score (/100) minus
the civilians killed that day as a share of the population (x100), so protecting people
and keeping the norms both pay. ``terminated`` when the mission ends (turn limit or an
early ending); ``truncated`` at ``max_turns`` if given.

``reset(seed=, options=)``: the seed seeds the game (same seed, same game); ``options``
may give ``{"mode": "strict"}``. ``render_modes``: ``rgb_array`` (numpy, no pygame) and
``ansi``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, SupportsFloat

import gymnasium as gym
import numpy as np
import numpy.typing as npt
from gymnasium import spaces

from game.env import observe as ob
from game.mission.schema import Mission
from game.norms import NORMS
from game.view import frames as rd

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = ["BlueHelmEnv", "load", "reward"]

Obs = dict[str, Any]
"""An observation: ``maps``, ``scalars`` and ``units`` float32 arrays (``observe``)."""


def load(mission: Mission | str | os.PathLike[str]) -> Mission:
    """A mission given as a model, a file path, or a shipped mission's id."""
    if isinstance(mission, Mission):
        return mission
    from game.mission import load_mission
    from game.paths import resolve_mission

    return load_mission(resolve_mission(os.fspath(mission)))


def overall(session: Session) -> float:
    """The mission's overall score now (the 'mission' score, else the mean of the norms)."""
    s = session.scores()
    if "mission" in s:
        return float(s["mission"])
    if "overall" in s:
        return float(s["overall"])
    norms = [float(s[k]) for k in NORMS if k in s]
    return sum(norms) / len(norms) if norms else 0.0


def reward(before_score: float, session: Session, killed_before: int) -> float:
    """Score change /100 minus the day's civilian deaths as a share of the population x100."""
    w = session.world
    killed = int(w.deaths.sum()) - killed_before
    pop = max(1.0, float(w.initial_totals.sum()))
    return (overall(session) - before_score) / 100.0 - 100.0 * killed / pop


class BlueHelmEnv(gym.Env[Obs, npt.NDArray[np.int64]]):
    """The mission commander's seat, as a Gymnasium environment (see the module doc)."""

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4}  # noqa: RUF012

    def __init__(
        self,
        mission: Mission | str | os.PathLike[str] = "tutorial",
        *,
        render_mode: str | None = None,
        max_turns: int | None = None,
        mode: str = "free",
    ) -> None:
        """Build the spaces of ``mission`` (a model, a path or a shipped id)."""
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}")
        self.mission = load(mission)
        self.layout = ob.layout(self.mission)
        self.render_mode = render_mode
        self.max_turns = max_turns
        self.mode = mode
        lay = self.layout
        self.observation_space = spaces.Dict(
            {
                "maps": spaces.Box(0.0, 1.0, (lay.channels, ob.OBS_SIDE, ob.OBS_SIDE), np.float32),
                "scalars": spaces.Box(0.0, 1.0, (lay.n_scalars,), np.float32),
                "units": spaces.Box(0.0, 1.0, (lay.n_units, 4), np.float32),
            }
        )
        self.action_space = spaces.MultiDiscrete(lay.action_nvec())
        self.session: Session | None = None

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("call reset() before step()")
        return self.session

    def _info(self, orders: list[Any] | None = None) -> dict[str, Any]:
        s = self._session()
        info: dict[str, Any] = {
            "turn": s.turn,
            "scores": dict(s.scores()),
            "civilians_killed": int(s.world.deaths.sum()),
            "state_hash": s.state_hash(),
        }
        if orders is not None:
            info["orders"] = [o.to_dict() for o in orders]
        return info

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Obs, dict[str, Any]]:
        """Start a new game; the same ``seed`` always starts the same game."""
        from game.engine.session import Session

        super().reset(seed=seed)
        game_seed = int(seed) if seed is not None else int(self.np_random.integers(0, 2**31 - 1))
        mode = (options or {}).get("mode", self.mode)
        self.session = Session.new(self.mission, game_seed, mode=mode)
        return ob.observe(self.session, self.layout), self._info()

    def step(
        self, action: npt.NDArray[np.int64]
    ) -> tuple[Obs, SupportsFloat, bool, bool, dict[str, Any]]:
        """Play one day under the orders the action stands for."""
        s = self._session()
        before, killed = overall(s), int(s.world.deaths.sum())
        orders = ob.mission_orders(s, self.layout, action)
        if orders:
            s.submit(orders)
        s.end_turn()
        r = reward(before, s, killed)
        terminated = bool(s.is_over())
        truncated = bool(self.max_turns is not None and s.turn >= self.max_turns and not terminated)
        return ob.observe(s, self.layout), float(r), terminated, truncated, self._info(orders)

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
