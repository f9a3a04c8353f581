"""What every player policy is: a ``decide(session) -> orders`` with its own seeded stream.

Policies are seeded from the run's seed through ``SeedSequence`` with the policy's name and
the turn mixed in, so a run is reproducible, two policies never share a stream, the game's
own random stream (built from the bare seed) is never touched, and a policy holds no state
between turns: everything it decides follows from the session it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from game.engine.session import Session
    from game.rules.orders import Order

__all__ = ["Policy", "policy_rng"]


class Policy(Protocol):
    """Decides the mission's orders for the turn about to be played."""

    name: str

    def decide(self, session: Session) -> list[Order]:
        """The orders to submit this turn (may be empty)."""
        ...


def policy_rng(seed: int, name: str, turn: int = 0) -> np.random.Generator:
    """A generator for policy ``name`` on ``turn`` of a run with ``seed``.

    Derived afresh each turn, so a policy carries no random state of its own: a game saved
    and loaded (or a replay branched) continues with exactly the draws it would have had.
    """
    key = [int(b) for b in name.encode("utf-8")]
    ss = np.random.SeedSequence([int(seed), 0xB1E, int(turn), *key])
    return np.random.Generator(np.random.PCG64(ss))
