"""Mission-level orders: redeploying a unit, requesting the reserve, acting on misconduct.
The mission's own decisions rather than a tier of protection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.mission.order_coefficients import OrderCoefficients
from game.mission.schema import Mission
from game.rules import council
from game.rules.events import MisconductActedOn, ReinforcementsRequested
from game.rules.orders.base import Order, Verdict, refuse
from game.rules.orders.rule import (
    DayContext,
    Effects,
    OrderRule,
    moving_effects,
    place_words,
    register,
)
from game.rules.orders.situation import Situation
from game.rules.state import Reinforcement
from game.sim import directives as sd
from game.sim.world import UnitState


@dataclass(frozen=True)
class Redeploy(Order):
    """Move a unit to (x, y) and set its posture there."""

    kind: ClassVar[str] = "redeploy"
    tier: ClassVar[str] = "mission"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int
    posture: str = "static"


@dataclass(frozen=True)
class RequestReinforcements(Order):
    """Ask the Council for the reserve; granted if its support suffices."""

    kind: ClassVar[str] = "request_reinforcements"
    tier: ClassVar[str] = "mission"


@dataclass(frozen=True)
class ActOnMisconduct(Order):
    """Investigate and act on an open misconduct case (repatriation, discipline, redress)."""

    kind: ClassVar[str] = "act_on_misconduct"
    tier: ClassVar[str] = "mission"
    case: str


@register
class RedeployRule(OrderRule[Redeploy]):
    """A redeployment: the unit moves and takes the posture the order names."""

    order = Redeploy
    report = "placed"

    def effects(self, order: Redeploy, sit: Situation, c: OrderCoefficients) -> Effects:
        return moving_effects(order, order.posture, sit, c)

    def describe(self, order: Redeploy, mission: Mission) -> str:
        return f"Redeploy to {place_words(mission, order.x, order.y)}"


@register
class RequestReinforcementsRule(OrderRule[RequestReinforcements]):
    """A request for the reserve: the Council weighs its support and the mission's record."""

    order = RequestReinforcements

    def binding(
        self, order: RequestReinforcements, sit: Situation, u: UnitState | None
    ) -> Verdict | None:
        left = [r for r in sit.mission.forces.reserve if r.id not in sit.state.reserve_sent]
        return None if left else refuse("forces.reserve", "No reserve units are left to request.")

    def politics(self, order: RequestReinforcements, ctx: DayContext) -> None:
        st = ctx.state
        ok, units, arrives, why = council.request_reinforcements(
            ctx.mission, st, ctx.day, ctx.mission_score()
        )
        ctx.events.append(ReinforcementsRequested(ctx.day, ok, tuple(units), arrives, why))
        if ok:
            st.reserve_sent.extend(units)
            st.reinforcements.extend(Reinforcement(u, arrives) for u in units)

    def describe(self, order: RequestReinforcements, mission: Mission) -> str:
        return "Request reinforcements"


@register
class ActOnMisconductRule(OrderRule[ActOnMisconduct]):
    """Acting on a misconduct case closes it; accountability seen to be done earns a
    little legitimacy in every community."""

    order = ActOnMisconduct

    def binding(
        self, order: ActOnMisconduct, sit: Situation, u: UnitState | None
    ) -> Verdict | None:
        if any(c.id == order.case and c.acted is None for c in sit.state.cases):
            return None
        return refuse("", f"There is no open misconduct case '{order.case}'.")

    def politics(self, order: ActOnMisconduct, ctx: DayContext) -> None:
        gain = ctx.mission.dynamics.orders.misconduct_redress_gain
        for case in ctx.state.cases:
            if case.id == order.case and case.acted is None:
                case.acted = ctx.day
                ctx.events.append(MisconductActedOn(ctx.day, case.id))
                ctx.directives.extend(
                    sd.LegitimacyDelta(cid, gain) for cid in ctx.world.community_ids
                )

    def describe(self, order: ActOnMisconduct, mission: Mission) -> str:
        return f"Act on misconduct case {order.case}"
