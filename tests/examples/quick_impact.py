"""A worked example of adding an order kind: a quick-impact project (a well, a school roof,
a market stall) for one community. The README's development section walks through it;
``tests/test_order_kind_example.py`` shows the game, the AAR, the orders log and the UI
picking it up. It is registered only inside those tests (``registered``), so the shipped
game is unchanged.

A shipped kind would live in its family's module (this one in
``game/rules/orders/environment.py``) and put its coefficient in ``dynamics.orders``
(``game/mission/order_coefficients.py``) so mission files can set it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar

from game.mission.order_coefficients import OrderCoefficients
from game.mission.schema import Mission
from game.rules.orders.base import Order
from game.rules.orders.rule import RULES, Effects, OrderRule, name
from game.rules.orders.situation import Situation
from game.sim import directives as sd
from game.sim.world import UnitState


@dataclass(frozen=True)
class QuickImpactProject(Order):
    """A small, visible project for one community: trust in the mission, quickly."""

    kind: ClassVar[str] = "quick_impact_project"
    tier: ClassVar[str] = "III"
    community: str


class QuickImpactProjectRule(OrderRule[QuickImpactProject]):
    """Legitimacy for the community, shrinking as its trust nears 1. (A kind that needs a
    mandated task says so with ``tasks`` and ``task_refusal``; one only some unit types
    can carry out, with ``unit_types``; ``binding`` adds checks of its own.)"""

    order = QuickImpactProject
    report = "outreach"
    gain: ClassVar[float] = 0.01
    """Legitimacy a project adds to a community with no trust in the mission. Assumption."""

    def effects(self, order: QuickImpactProject, sit: Situation, c: OrderCoefficients) -> Effects:
        w = sit.world
        trust = float(w.legitimacy[w.community_ids.index(order.community)])
        return Effects((sd.LegitimacyDelta(order.community, self.gain * (1.0 - trust)),))

    def suggest(self, sit: Situation, u: UnitState | None) -> list[QuickImpactProject]:
        return [] if u is not None else [QuickImpactProject(c) for c in sit.world.community_ids]

    def describe(self, order: QuickImpactProject, mission: Mission) -> str:
        return f"Quick-impact project for the {name(mission, order.community)} community"


@contextmanager
def registered() -> Iterator[None]:
    """The example kind in the registry for the duration of a test."""
    RULES[QuickImpactProject.kind] = QuickImpactProjectRule()
    try:
        yield
    finally:
        del RULES[QuickImpactProject.kind]
