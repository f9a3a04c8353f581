"""A world ready to play: built from the mission, then its derived fields computed.

``World.from_mission`` is plain construction (the layers the mission file states);
``new_world`` adds the first refresh of access, protection and early warning, so the
turn-0 world shows what the mission's deployment covers before any day is played. Every
game, replay, benchmark and test starts here.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from game.mission.schema import Mission
from game.sim.numerics import Numerics
from game.sim.protection import refresh_fields
from game.sim.world import World


def new_world(
    mission: Mission,
    seed: int | np.random.SeedSequence,
    *,
    terrain: npt.NDArray[np.void] | None = None,
    numerics: Numerics | None = None,
) -> World:
    """The turn-0 world of ``mission`` for ``seed`` (see ``World.from_mission`` for
    ``terrain``), its fields refreshed; ``numerics`` (default: the game's) for benchmarks
    and tests that trade accuracy for speed."""
    world = World.from_mission(mission, seed, terrain=terrain, numerics=numerics)
    refresh_fields(world)
    return world
