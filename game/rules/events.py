"""Typed events of a game: what the rules and the day report, for every reader.

Every event is a frozen dataclass with ``turn`` (the day it belongs to; 0 before the
first day) and ``to_dict()`` -> a JSON-able dict with ``"event": ClassName``;
``event_from_dict`` restores one (lists become tuples where the field is a cell). They
live in ``rules`` because the rules decide most of them (orders, findings, Council
steps, misconduct); ``game.engine.events`` writes and reads them as a JSON-lines log.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """Base of every event."""

    turn: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, with the event's class name under 'event'."""
        return {"event": type(self).__name__, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class OrderIssued(Event):
    """An order was accepted for the day (status 'allowed' or 'finding')."""

    order: dict[str, Any] = field(default_factory=dict)
    status: str = "allowed"
    clause: str = ""
    reason: str = ""


@dataclass(frozen=True)
class OrderRefused(Event):
    """An order was refused, with the clause that forbids it."""

    order: dict[str, Any] = field(default_factory=dict)
    clause: str = ""
    reason: str = ""


@dataclass(frozen=True)
class FindingRecorded(Event):
    """A finding on the mission's conduct."""

    norm: str = ""
    severity: int = 1
    what: str = ""
    clause: str = ""
    why: str = ""


@dataclass(frozen=True)
class CiviliansKilled(Event):
    """Civilians of one community killed by one perpetrator ('mission' for own fire)."""

    cell: tuple[int, int] = (0, 0)
    perpetrator: str = ""
    community: str = ""
    killed: int = 0


@dataclass(frozen=True)
class ThreatDetected(Event):
    """The mission's early warning picked up a forming attack."""

    cell: tuple[int, int] = (0, 0)
    faction: str = ""
    community: str = ""
    lead_days: int = 0


@dataclass(frozen=True)
class WarningReceived(Event):
    """Intelligence (an inject) warned of a threat: the duty-to-protect clock starts."""

    cell: tuple[int, int] = (0, 0)
    faction: str = ""
    community: str = ""


@dataclass(frozen=True)
class Clash(Event):
    """Fighting between factions, or a faction and the mission (other='mission')."""

    cell: tuple[int, int] = (0, 0)
    faction: str = ""
    other: str = ""
    losses: float = 0.0


@dataclass(frozen=True)
class PeacekeepersKilled(Event):
    """Peacekeepers of a unit killed (by a faction, or by a scripted inject)."""

    unit: str = ""
    country: str = ""
    faction: str = ""
    killed: int = 0


@dataclass(frozen=True)
class InjectFired(Event):
    """A scripted inject fired; its effects apply on day ``turn``."""

    inject: str = ""
    title: str = ""
    message: str = ""


@dataclass(frozen=True)
class CouncilStep(Event):
    """A report to the Council: a step of the ladder against a faction, adopted or not."""

    faction: str = ""
    step: str = ""
    granted: bool = False
    reason: str = ""


@dataclass(frozen=True)
class ReinforcementsRequested(Event):
    """A request for reinforcements, granted or not."""

    granted: bool = False
    units: tuple[str, ...] = ()
    arrives: int = 0
    reason: str = ""


@dataclass(frozen=True)
class ReinforcementsArrived(Event):
    """A reserve unit arrived."""

    unit: str = ""


@dataclass(frozen=True)
class ContributorWithdrew(Event):
    """A troop-contributing country pulled its units out."""

    country: str = ""
    reason: str = ""


@dataclass(frozen=True)
class MisconductReported(Event):
    """A misconduct case was opened (an allegation, or a board of inquiry into own fire)."""

    case: str = ""
    unit: str = ""
    kind: str = ""


@dataclass(frozen=True)
class MisconductActedOn(Event):
    """The mission acted on a misconduct case."""

    case: str = ""


@dataclass(frozen=True)
class DayScored(Event):
    """The day's norm scores and the civilians killed that day."""

    scores: dict[str, float] = field(default_factory=dict)
    civilians_killed: int = 0


@dataclass(frozen=True)
class MissionEnded(Event):
    """The mission is over."""

    result: str = ""
    reason: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    t.__name__: t
    for t in (
        OrderIssued,
        OrderRefused,
        FindingRecorded,
        CiviliansKilled,
        ThreatDetected,
        WarningReceived,
        Clash,
        PeacekeepersKilled,
        InjectFired,
        CouncilStep,
        ReinforcementsRequested,
        ReinforcementsArrived,
        ContributorWithdrew,
        MisconductReported,
        MisconductActedOn,
        DayScored,
        MissionEnded,
    )
}
"""Every event class by name."""


def event_from_dict(d: dict[str, Any]) -> Event:
    """Rebuild an event from its ``to_dict`` form (KeyError/TypeError if it is not one)."""
    cls = EVENT_TYPES[d["event"]]
    kw: dict[str, Any] = {
        k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items() if k != "event"
    }
    return cls(**kw)
