"""An order kind's rule, declared in one place, and the registry of every kind.

Each order kind has one ``OrderRule`` (in the module of its family: ``dialogue``,
``physical``, ``environment``, ``mission``) that declares:

- ``order``: the order's dataclass (its fields, with types and defaults);
- legality: the unit types that can carry it out, the mandated tasks it needs, whether
  a night-bound contingent can, plus ``binding`` / ``normative`` hooks for checks of its
  own (``legality.judge`` runs the checks every order shares: a unit present, caveats,
  the ROE's rungs of force, consent zones, approval);
- effects: ``effects(order, sit, c) -> Effects``: the sim directives that carry it out
  and the records the rules keep (cooldowns, zone breaches), computed without changing
  anything; ``politics(order, ctx)`` for orders that act through the Council or the
  mission's records;
- words: ``describe`` (menus, the end-of-day card, the AAR, the orders log), ``short``
  (the "what" of a finding) and ``report`` (which after-the-day sentence the narrative
  tells);
- coefficients: named fields of ``dynamics.orders`` (``OrderCoefficients``), read as ``c``.

``register`` adds a rule to ``RULES`` (kind -> rule); ``rule_for(order)`` finds it.
Nothing outside this package branches on an order's class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, TypeVar

from game.mission.order_coefficients import OrderCoefficients
from game.mission.schema import Mission, Unit
from game.rules import names as naming
from game.rules.events import Event
from game.rules.orders.base import Order, Verdict
from game.rules.orders.situation import Situation
from game.rules.state import RulesState
from game.sim import directives as sd
from game.sim.world import UnitState, World

OrderT = TypeVar("OrderT", bound=Order)

Report = Literal["placed", "talks", "outreach", "council", "evidence", "force", "done"]
"""Which after-the-day sentence the narrative tells of a carried-out order: where the unit
got to and the harm there ('placed'), a party's consent ('talks'), communities' trust
('outreach'), the Council's step ('council'), the evidence documented ('evidence'),
clashes and harm ('force'), or just that it was done."""

PROTECTING_TYPES = ("infantry", "formed_police", "quick_reaction_force")
"""Unit types armed to protect civilians: interposition and escorts."""
SITE_HOLDING_TYPES = ("infantry", "engineers", "quick_reaction_force", "formed_police")
"""Unit types that can hold a site (a guard post, a POC site) alone."""


@dataclass(frozen=True)
class Stamp:
    """A cooldown record: ``key`` was acted on on ``day`` (talks, outreach, investigation)."""

    table: Literal["negotiation", "information"]
    key: str
    day: int


@dataclass(frozen=True)
class ZoneEntry:
    """A unit ordered into consent zone ``zone`` (its index in ``roe.consent_zones``)."""

    unit: str
    zone: int


@dataclass(frozen=True)
class Effects:
    """What carrying out one order does: sim directives, in order, and the rules' records."""

    directives: tuple[sd.Directive, ...] = ()
    stamps: tuple[Stamp, ...] = ()
    zone_entries: tuple[ZoneEntry, ...] = ()

    def __add__(self, other: Effects) -> Effects:
        return Effects(
            self.directives + other.directives,
            self.stamps + other.stamps,
            self.zone_entries + other.zone_entries,
        )


NO_EFFECTS = Effects()


class OrderRule(Generic[OrderT]):
    """The rule of one order kind (see the module docstring). Subclass per kind and set
    the class attributes that apply; override the hooks the kind needs."""

    order: ClassVar[type[Order]]
    """The order's dataclass: its kind, tier and fields."""
    report: ClassVar[Report] = "done"
    unit_types: ClassVar[tuple[str, ...] | None] = None
    """Unit types that can carry the order out (None: any)."""
    unit_type_refusal: ClassVar[str] = ""
    """Why another type cannot; '{type}' is replaced by the unit's type in words."""
    tasks: ClassVar[tuple[str, ...]] = ()
    """Mandated tasks of which the order needs one (empty: none needed)."""
    task_refusal: ClassVar[str] = ""
    night_bound: ClassVar[bool] = False
    """Whether a contingent with the no-night-operations caveat cannot do it (a day's
    patrol or escort runs into the night)."""
    posture: ClassVar[str] = "static"
    """The posture a moving order sets on arrival."""
    response_weight: ClassVar[float] = 0.0
    """How much the order answers a faction's violations, for impartiality (force,
    interposition and Council reports 1, an investigation 1/2, anything else 0)."""

    # ------------------------------------------------------------------ facts
    def rung(self, order: OrderT) -> str | None:
        """The rung of the escalation ladder the order uses, if any."""
        return None

    def justification(self, order: OrderT) -> str:
        """The justification a use of force claims ('self_defence' when it names none)."""
        return str(getattr(order, "justification", "self_defence"))

    def place(self, order: OrderT) -> tuple[int, int] | None:
        """The cell the order acts at, whose consent zone it may enter (None: nowhere)."""
        return order.cell if order.moves else None

    # ------------------------------------------------------------------ legality
    def check_values(self, order: OrderT) -> str | None:
        """What is wrong with the order's values on their own (no mission needed), or None."""
        return None

    def binding(self, order: OrderT, sit: Situation, u: UnitState | None) -> Verdict | None:
        """A refusal of this kind's own that binds in every mode (after the shared checks)."""
        return None

    def suggest(self, sit: Situation, u: UnitState | None) -> list[OrderT]:
        """Orders of this kind worth offering now (``Session.legal_orders``): to unit
        ``u``, or mission-level ones when ``u`` is None. The built-in kinds are offered by
        the session's menu in its fixed order; a new kind offers itself here."""
        return []

    # ------------------------------------------------------------------ effects
    def effects(self, order: OrderT, sit: Situation, c: OrderCoefficients) -> Effects:
        """The directives and records that carry the order out; changes nothing."""
        return NO_EFFECTS

    def politics(self, order: OrderT, ctx: DayContext) -> None:
        """What the order does through the Council or the mission's records (after its
        effects, the same day); records events and directives in ``ctx``."""

    # ------------------------------------------------------------------ words
    def describe(self, order: OrderT, mission: Mission) -> str:
        """The order in plain words: 'Patrol at Marra (47, 17)'."""
        return order.kind.replace("_", " ").capitalize()

    def short(self, order: OrderT) -> str:
        """The order as a finding's 'what' names it: 'qrf use force against hdy'."""
        parts = [order.kind.replace("_", " ")]
        if order.unit_id:
            parts.insert(0, order.unit_id)
        fid = order.faction_id
        if fid:
            parts.append(f"against {fid}" if self.rung(order) is not None else f"({fid})")
        return " ".join(parts)


@dataclass
class DayContext:
    """What an order's politics may touch on the day it is carried out: the rules' state,
    and the day's events and directives, to which it adds."""

    mission: Mission
    world: World
    state: RulesState
    day: int
    mission_score: Callable[[], float]
    """The mission's overall score so far (the Council weighs it on a request)."""
    events: list[Event] = field(default_factory=list)
    directives: list[sd.Directive] = field(default_factory=list)


RULES: dict[str, OrderRule[Any]] = {}
"""Every order kind's rule, by kind, in the order the families register them."""


R = TypeVar("R", bound=type[OrderRule[Any]])


def register(cls: R) -> R:
    """Class decorator: add the rule to ``RULES`` under its order's kind (one per kind)."""
    kind = cls.order.kind
    if not kind or kind in RULES:
        raise ValueError(f"order kind '{kind}' needs exactly one rule")
    RULES[kind] = cls()
    return cls


def rule_for(order: Order) -> OrderRule[Any]:
    """The rule of ``order``'s kind."""
    return RULES[order.kind]


def name(mission: Mission, ident: str) -> str:
    """An id in the words of the mission file (shared by the families' words)."""
    return naming.name(mission, ident)


def place_words(mission: Mission, x: int, y: int) -> str:
    """A cell in the words of the mission file: 'Marra (47, 17)'."""
    return naming.place(mission, x, y)


def unit_caveats(spec: Unit | None) -> list[str]:
    """The national caveats of a unit's contingent ([] if the unit is not in the file)."""
    return list(spec.caveats) if spec is not None else []


def moving_effects(order: Order, posture: str, sit: Situation, c: OrderCoefficients) -> Effects:
    """Send the unit to the order's cell in ``posture``; entering a consent zone without
    consent costs the zone's faction consent, and the breach is recorded (once per unit
    and zone) so that it costs every day the unit stays."""
    uid, cell = order.unit_id, order.cell
    assert uid is not None and cell is not None
    directives: list[sd.Directive] = [sd.Move(uid, *cell), sd.SetPosture(uid, posture)]
    entries: tuple[ZoneEntry, ...] = ()
    hit = sit.zone_breach(*cell)
    if hit is not None:
        directives.append(sd.ConsentDelta(hit[1], -c.zone_entry_consent_cost))
        if (uid, hit[0]) not in sit.state.zone_breaches:
            entries = (ZoneEntry(uid, hit[0]),)
    return Effects(tuple(directives), zone_entries=entries)
