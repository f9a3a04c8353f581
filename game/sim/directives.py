"""Low-level unit and world directives: the only way the outside changes the simulation.

The rules module turns the player's orders (and inject effects) into these plain, frozen
records; ``dynamics.step`` applies them at the start of the day, in the order given. Ids are
the mission file's ids (units, factions, communities, countries); an unknown id or an
impossible value raises ``DirectiveError``. ``sim`` never imports ``rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.mission.schema import RUNGS


class DirectiveError(ValueError):
    """A directive the simulation cannot carry out (unknown id, off the map, bad value)."""


@dataclass(frozen=True)
class Move:
    """Send a unit toward cell (x, y); it advances at its speed each day until there."""

    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class SetPosture:
    """Change a unit's posture: static, patrol, guard or alert."""

    unit: str
    posture: str


@dataclass(frozen=True)
class Engage:
    """A unit engages a faction within its reach today at one rung of the escalation ladder.

    deadly and non_lethal attrit the faction; lower rungs deter more locally; high rungs near
    civilians risk civilian harm caused by the mission (recorded with perpetrator 'mission').
    """

    unit: str
    faction: str
    rung: str

    def __post_init__(self) -> None:
        if self.rung not in RUNGS:
            raise DirectiveError(f"unknown rung '{self.rung}' (one of {', '.join(RUNGS)})")


@dataclass(frozen=True)
class EstablishPocSite:
    """Open (or enlarge) a protection-of-civilians site at cell (x, y)."""

    x: int
    y: int
    capacity: int


@dataclass(frozen=True)
class AlertNetwork:
    """Set up a community alert network raising early-warning coverage in a disc (cells)."""

    x: int
    y: int
    radius: int


@dataclass(frozen=True)
class ConsentDelta:
    """Shift a faction's consent (clipped to 0..1)."""

    faction: str
    delta: float


@dataclass(frozen=True)
class LegitimacyDelta:
    """Shift a community's view of the mission's legitimacy (clipped to 0..1)."""

    community: str
    delta: float


@dataclass(frozen=True)
class CredibilityDelta:
    """Shift the mission's credibility (clipped to 0..1)."""

    delta: float


@dataclass(frozen=True)
class StrengthDelta:
    """Arm (delta > 0) or disarm (< 0) a faction in a disc, or everywhere if x is None."""

    faction: str
    delta: float
    x: int | None = None
    y: int | None = None
    radius: int = 2


@dataclass(frozen=True)
class AttackOrder:
    """A faction attacks a place: it forms for the warning lead time, then strikes for days."""

    faction: str
    x: int
    y: int
    strength: int
    days: int


@dataclass(frozen=True)
class Disarm:
    """DDR: up to ``count`` fighters of a faction near (x, y) hand in their weapons."""

    faction: str
    count: int
    x: int
    y: int


@dataclass(frozen=True)
class WithdrawUnits:
    """A contributing country pulls all its units out."""

    country: str


@dataclass(frozen=True)
class AddUnit:
    """A new unit arrives (reinforcement)."""

    id: str
    type: str
    strength: int
    x: int
    y: int
    country: str
    posture: str = "static"
    readiness: float = 1.0


@dataclass(frozen=True)
class CutForce:
    """The mission's force is cut (or raised) to a total strength, every unit in proportion."""

    to_strength: int


@dataclass(frozen=True)
class SetIntent:
    """Change a faction's hostility toward a community (0..1)."""

    faction: str
    community: str
    value: float


Directive = (
    Move
    | SetPosture
    | Engage
    | EstablishPocSite
    | AlertNetwork
    | ConsentDelta
    | LegitimacyDelta
    | CredibilityDelta
    | StrengthDelta
    | AttackOrder
    | Disarm
    | WithdrawUnits
    | AddUnit
    | CutForce
    | SetIntent
)
"""Any directive the simulation accepts."""
