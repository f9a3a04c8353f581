"""Tier II orders, physical protection: patrols, guards, escorts, interposition, POC sites,
shows of force and force itself. They send units to places and, for the rungs of the
escalation ladder, engage a faction; the ROE's checks on force live in ``legality``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.mission.order_coefficients import OrderCoefficients
from game.mission.schema import Mission
from game.rules.names import JUSTIFICATION_LABELS, rung_words
from game.rules.orders.base import Order
from game.rules.orders.rule import (
    PROTECTING_TYPES,
    SITE_HOLDING_TYPES,
    Effects,
    OrderRule,
    moving_effects,
    name,
    place_words,
    register,
)
from game.rules.orders.situation import Situation
from game.sim import directives as sd


@dataclass(frozen=True)
class Patrol(Order):
    """A unit patrols around (x, y): wide, thinner presence."""

    kind: ClassVar[str] = "patrol"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class Guard(Order):
    """A unit guards a site at (x, y): dense local presence."""

    kind: ClassVar[str] = "guard"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class Escort(Order):
    """A unit escorts civilians or a convoy to (x, y), ready to respond on the way."""

    kind: ClassVar[str] = "escort"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class Interpose(Order):
    """A unit places itself between a faction and civilians at (x, y)."""

    kind: ClassVar[str] = "interpose"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    faction: str
    x: int
    y: int
    justification: str = "protection_of_civilians"


@dataclass(frozen=True)
class EstablishPocSite(Order):
    """Open (or enlarge) a protection-of-civilians site at (x, y), held by the unit."""

    kind: ClassVar[str] = "poc_site"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int
    capacity: int = 2000


@dataclass(frozen=True)
class ShowOfForce(Order):
    """A unit makes its strength visible to a faction in its reach."""

    kind: ClassVar[str] = "show_of_force"
    tier: ClassVar[str] = "II"
    unit: str
    faction: str
    justification: str = "defence_of_mandate"


@dataclass(frozen=True)
class UseForce(Order):
    """A unit uses force against a faction at one rung of the escalation ladder."""

    kind: ClassVar[str] = "use_force"
    tier: ClassVar[str] = "II"
    unit: str
    faction: str
    rung: str
    justification: str


@register
class PatrolRule(OrderRule[Patrol]):
    """A patrol: presence spread wide; a day's patrol runs into the night."""

    order = Patrol
    report = "placed"
    posture = "patrol"
    night_bound = True

    def effects(self, order: Patrol, sit: Situation, c: OrderCoefficients) -> Effects:
        return moving_effects(order, self.posture, sit, c)

    def describe(self, order: Patrol, mission: Mission) -> str:
        return f"Patrol at {place_words(mission, order.x, order.y)}"


@register
class GuardRule(OrderRule[Guard]):
    """A guard post: dense presence at one site, by a unit that can hold it alone."""

    order = Guard
    report = "placed"
    posture = "guard"
    unit_types = SITE_HOLDING_TYPES
    unit_type_refusal = "{Type} cannot hold a site alone."

    def effects(self, order: Guard, sit: Situation, c: OrderCoefficients) -> Effects:
        return moving_effects(order, self.posture, sit, c)

    def describe(self, order: Guard, mission: Mission) -> str:
        return f"Guard at {place_words(mission, order.x, order.y)}"


@register
class EscortRule(OrderRule[Escort]):
    """An escort: armed units on alert along the way; needs an access or protection task."""

    order = Escort
    report = "placed"
    posture = "alert"
    night_bound = True
    unit_types = PROTECTING_TYPES
    unit_type_refusal = "{Type} cannot escort."
    tasks = ("humanitarian_access", "protect_civilians")
    task_refusal = "Escorts need a humanitarian-access or protection task."

    def effects(self, order: Escort, sit: Situation, c: OrderCoefficients) -> Effects:
        return moving_effects(order, self.posture, sit, c)

    def describe(self, order: Escort, mission: Mission) -> str:
        return f"Escort to {place_words(mission, order.x, order.y)}"


@register
class InterposeRule(OrderRule[Interpose]):
    """Interposition: an armed unit goes between a faction and civilians, on alert, and
    engages the faction at the interposition rung (told, like other placed orders, by
    where the unit got to and the harm there)."""

    order = Interpose
    report = "placed"
    response_weight = 1.0
    posture = "alert"
    unit_types = PROTECTING_TYPES
    unit_type_refusal = "Only infantry, police or a reaction force can interpose, not {type}."

    def rung(self, order: Interpose) -> str | None:
        return "interposition"

    def effects(self, order: Interpose, sit: Situation, c: OrderCoefficients) -> Effects:
        engage = sd.Engage(order.unit, order.faction, "interposition")
        return moving_effects(order, self.posture, sit, c) + Effects((engage,))

    def describe(self, order: Interpose, mission: Mission) -> str:
        where = place_words(mission, order.x, order.y)
        return f"Interpose against {name(mission, order.faction)} at {where}"


@register
class EstablishPocSiteRule(OrderRule[EstablishPocSite]):
    """A POC site: shelter for civilians at a place the unit holds."""

    order = EstablishPocSite
    report = "placed"
    posture = "guard"
    unit_types = SITE_HOLDING_TYPES
    unit_type_refusal = "{Type} cannot hold a site alone."

    def check_values(self, order: EstablishPocSite) -> str | None:
        return None if order.capacity >= 1 else "a POC site needs a capacity of at least 1"

    def effects(self, order: EstablishPocSite, sit: Situation, c: OrderCoefficients) -> Effects:
        site = sd.EstablishPocSite(order.x, order.y, order.capacity)
        return moving_effects(order, self.posture, sit, c) + Effects((site,))

    def describe(self, order: EstablishPocSite, mission: Mission) -> str:
        return f"Open a POC site at {place_words(mission, order.x, order.y)}"


@register
class ShowOfForceRule(OrderRule[ShowOfForce]):
    """A show of force: strength made visible to a faction in reach (the ladder's second rung)."""

    order = ShowOfForce
    report = "force"
    response_weight = 1.0

    def rung(self, order: ShowOfForce) -> str | None:
        return "show_of_force"

    def effects(self, order: ShowOfForce, sit: Situation, c: OrderCoefficients) -> Effects:
        return Effects((sd.Engage(order.unit, order.faction, "show_of_force"),))

    def describe(self, order: ShowOfForce, mission: Mission) -> str:
        return f"Show of force to {name(mission, order.faction)}"


@register
class UseForceRule(OrderRule[UseForce]):
    """Force at one rung of the ladder, with the justification it claims."""

    order = UseForce
    report = "force"
    response_weight = 1.0

    def rung(self, order: UseForce) -> str | None:
        return order.rung

    def effects(self, order: UseForce, sit: Situation, c: OrderCoefficients) -> Effects:
        return Effects((sd.Engage(order.unit, order.faction, order.rung),))

    def describe(self, order: UseForce, mission: Mission) -> str:
        why = JUSTIFICATION_LABELS.get(order.justification, order.justification)
        whom = name(mission, order.faction)
        return f"{rung_words(order.rung).capitalize()} against {whom} ({why})"
