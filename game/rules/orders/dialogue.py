"""Tier I orders, dialogue and engagement: talks, civil affairs, public information, alert
networks. They move consent and legitimacy a little each day, less when repeated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.mission.order_coefficients import OrderCoefficients
from game.mission.schema import Mission
from game.rules.orders.base import Order
from game.rules.orders.rule import (
    Effects,
    OrderRule,
    Stamp,
    name,
    place_words,
    register,
)
from game.rules.orders.situation import Situation
from game.rules.state import RulesState
from game.sim import directives as sd


@dataclass(frozen=True)
class Negotiate(Order):
    """Talks with a faction's leaders to build (or rebuild) its consent."""

    kind: ClassVar[str] = "negotiate"
    tier: ClassVar[str] = "I"
    faction: str


@dataclass(frozen=True)
class EngageCommunity(Order):
    """Civil affairs meets a community: raises its view of the mission's legitimacy."""

    kind: ClassVar[str] = "engage_community"
    tier: ClassVar[str] = "I"
    community: str


@dataclass(frozen=True)
class PublicInformation(Order):
    """Radio and leaflets explaining the mandate (to one community, or to all if None)."""

    kind: ClassVar[str] = "public_information"
    tier: ClassVar[str] = "I"
    community: str | None = None


@dataclass(frozen=True)
class SetUpAlertNetwork(Order):
    """A community alert network (MONUSCO's CANs): early warning in a disc of cells."""

    kind: ClassVar[str] = "alert_network"
    tier: ClassVar[str] = "I"
    x: int
    y: int
    radius: int = 8


def recent_force(state: RulesState, faction: str, turn: int, c: OrderCoefficients) -> float:
    """0..1: how much force the mission used on the faction lately (it weighs on talks)."""
    lv = sum(
        1 + lvl
        for t, _, f, lvl in state.force_log
        if f == faction and turn - t <= c.recent_force_days
    )
    return min(1.0, lv / c.recent_force_saturation)


@register
class NegotiateRule(OrderRule[Negotiate]):
    """Talks: consent grows with credibility and shrinks as it nears 1; force used on the
    faction lately, no signed agreement and talks repeated within the cooldown all cut it."""

    order = Negotiate
    report = "talks"

    def effects(self, order: Negotiate, sit: Situation, c: OrderCoefficients) -> Effects:
        w, st, turn = sit.world, sit.state, sit.turn
        f = w.faction_ids.index(order.faction)
        consent = float(w.consent[f])
        gain = c.negotiation_gain * (0.5 + w.credibility) * (1.0 - consent)
        gain *= 1.0 - c.negotiation_force_damping * recent_force(st, order.faction, turn, c)
        if not w.signatory[f]:
            gain *= c.non_signatory_factor
        last = st.last_negotiation.get(order.faction)
        if last is not None and turn - last < c.negotiation_cooldown_days:
            gain *= c.repeat_factor
        return Effects(
            (sd.ConsentDelta(order.faction, gain),),
            (Stamp("negotiation", order.faction, turn),),
        )

    def describe(self, order: Negotiate, mission: Mission) -> str:
        return f"Negotiate with {name(mission, order.faction)}"


def outreach(
    order: EngageCommunity | PublicInformation, base: float, sit: Situation, c: OrderCoefficients
) -> Effects:
    """Legitimacy for each community reached, shrinking as its trust nears 1, a quarter
    when the same outreach is repeated within the cooldown."""
    w, st, turn = sit.world, sit.state, sit.turn
    targets = [order.community] if order.community is not None else list(w.community_ids)
    directives: list[sd.Directive] = []
    stamps: list[Stamp] = []
    for cid in targets:
        key = f"{order.kind}:{cid}"
        last = st.last_information.get(key)
        gain = base * (1.0 - float(w.legitimacy[w.community_ids.index(cid)]))
        if last is not None and turn - last < c.information_cooldown_days:
            gain *= c.repeat_factor
        stamps.append(Stamp("information", key, turn))
        directives.append(sd.LegitimacyDelta(cid, gain))
    return Effects(tuple(directives), tuple(stamps))


@register
class EngageCommunityRule(OrderRule[EngageCommunity]):
    """Civil affairs: face-to-face, the stronger outreach."""

    order = EngageCommunity
    report = "outreach"

    def effects(self, order: EngageCommunity, sit: Situation, c: OrderCoefficients) -> Effects:
        return outreach(order, c.engagement_gain, sit, c)

    def describe(self, order: EngageCommunity, mission: Mission) -> str:
        return f"Engage the {name(mission, order.community)} community"


@register
class PublicInformationRule(OrderRule[PublicInformation]):
    """Radio and leaflets: broad, thinner outreach; needs a public-information mandate."""

    order = PublicInformation
    report = "outreach"
    tasks = ("public_information",)
    task_refusal = "The mission has no public-information mandate."

    def effects(self, order: PublicInformation, sit: Situation, c: OrderCoefficients) -> Effects:
        return outreach(order, c.public_information_gain, sit, c)

    def describe(self, order: PublicInformation, mission: Mission) -> str:
        whom = f" ({name(mission, order.community)})" if order.community else ""
        return "Public information campaign" + whom


@register
class SetUpAlertNetworkRule(OrderRule[SetUpAlertNetwork]):
    """An alert network: early warning around a place; setting one up in a consent zone
    without consent costs consent like entering it."""

    order = SetUpAlertNetwork
    report = "placed"

    def place(self, order: SetUpAlertNetwork) -> tuple[int, int] | None:
        return order.x, order.y

    def check_values(self, order: SetUpAlertNetwork) -> str | None:
        return None if 1 <= order.radius <= 64 else "an alert network's radius is 1..64 cells"

    def effects(self, order: SetUpAlertNetwork, sit: Situation, c: OrderCoefficients) -> Effects:
        out: list[sd.Directive] = [sd.AlertNetwork(order.x, order.y, order.radius)]
        hit = sit.zone_breach(order.x, order.y)
        if hit is not None:
            out.append(sd.ConsentDelta(hit[1], -c.zone_entry_consent_cost))
        return Effects(tuple(out))

    def describe(self, order: SetUpAlertNetwork, mission: Mission) -> str:
        return f"Community alert network at {place_words(mission, order.x, order.y)}"
