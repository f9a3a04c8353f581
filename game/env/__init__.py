"""Agent environments around the turn session: Gymnasium and PettingZoo.

- ``BlueHelm-v0`` (``gymnasium.make("BlueHelm-v0", mission="tutorial")``): the agent
  commands the mission (``game.env.gym_env.BlueHelmEnv``).
- ``game.env.parallel_env(mission=...)``: a PettingZoo parallel env whose agents are the
  mission and the factions (``game.env.parallel_env.BlueHelmParallelEnv``).

Importing this package registers ``BlueHelm-v0``; gymnasium and pettingzoo are needed
only here (the ``env`` extra), never by the game itself.
"""

from __future__ import annotations

import gymnasium

# The function shadows its module's name on the package on purpose: the API is
# ``game.env.parallel_env(...)``; the module stays importable as ``game.env.parallel_env``
# through ``sys.modules`` (``from game.env.parallel_env import BlueHelmParallelEnv``).
from game.env.parallel_env import BlueHelmParallelEnv, parallel_env

ENV_ID = "BlueHelm-v0"

if ENV_ID not in gymnasium.registry:
    gymnasium.register(id=ENV_ID, entry_point="game.env.gym_env:BlueHelmEnv")

__all__ = ["ENV_ID", "BlueHelmParallelEnv", "parallel_env"]
