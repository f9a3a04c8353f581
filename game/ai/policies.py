"""Player policies for headless runs: who gives the mission's orders when no human does.

- ``doctrine``: UN doctrine (Capstone, DPO POC policy, Kigali Principles): consent first,
  early warning, presence where threats are detected, an impartial response to every
  violator, graduated escalation, deadly force only for an imminent threat to life where
  the ROE allow, report violations, ask for reinforcements when outmatched, act on
  misconduct at once.
- ``passive``: stays in base and does nothing.
- ``reckless``: force first: the highest rung at whatever is near, rungs skipped, consent
  zones ignored, and it only answers one side's violence.
- ``random``: uniformly over the orders the rules list as legal this turn.

No policy is special-cased by the rules: they score what the orders do.
"""

from __future__ import annotations

from collections.abc import Callable

from game.ai.base import Policy, policy_rng
from game.ai.doctrine import DoctrinePolicy
from game.ai.simple import PassivePolicy, RandomPolicy, RecklessPolicy

__all__ = ["POLICIES", "Policy", "make_policy", "policy_rng"]

POLICIES: dict[str, Callable[[int], Policy]] = {
    "doctrine": DoctrinePolicy,
    "passive": PassivePolicy,
    "reckless": RecklessPolicy,
    "random": RandomPolicy,
}
"""Policy name -> factory ``(seed) -> Policy``."""


def make_policy(name: str, seed: int = 0) -> Policy:
    """The policy called ``name``, seeded for a run with ``seed``; KeyError if unknown."""
    try:
        factory = POLICIES[name]
    except KeyError:
        raise KeyError(f"unknown policy '{name}' (one of {', '.join(POLICIES)})") from None
    return factory(seed)
