"""Who gives the mission's orders when no human does: player policies and scripts.

- ``policies``: the registry ``POLICIES`` / ``make_policy(name, seed)`` of ``doctrine``,
  ``passive``, ``reckless`` and ``random`` (``base.Policy``: ``decide(session) -> orders``).
- ``orders_file``: scripted orders (YAML: turn -> orders), read with the mission loader.
- ``compare``: play policies over many seeds and check that the norms are scored honestly.

Faction behaviour itself is simulated in ``game.sim.factions``; the agent environments
(``game.env``) let learning agents play the factions too.
"""

from __future__ import annotations

from game.ai.base import Policy, policy_rng
from game.ai.policies import POLICIES, make_policy

__all__ = ["POLICIES", "Policy", "make_policy", "policy_rng"]
