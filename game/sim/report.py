"""What one simulated day returns: numbers for metrics, and the significant incidents.

Plain data only. Perpetrators are faction ids, or ``"mission"`` for civilian harm caused
by the mission itself (which the rules treat as the gravest finding). Cells are (x, y).
Incidents are listed only above documented thresholds (``dynamics.violence.
incident_min_deaths`` per cluster; every clash loss of at least one fighter; every attack
on a unit that kills someone), so the event feed stays readable; totals count everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class CiviliansAttacked:
    """Civilians of one community killed by one perpetrator in one cluster of cells."""

    cell: tuple[int, int]
    perpetrator: str
    community: str
    killed: int


@dataclass(frozen=True)
class ThreatDetected:
    """The mission's early warning picked up a threat; ``lead_days`` before it strikes."""

    cell: tuple[int, int]
    faction: str
    community: str
    lead_days: int


@dataclass(frozen=True)
class Clash:
    """Fighting between two factions, or a faction and the mission (``other='mission'``)."""

    cell: tuple[int, int]
    faction: str
    other: str
    losses: float
    """Fighters of ``faction`` put out of action."""


@dataclass(frozen=True)
class PeacekeepersAttacked:
    """A unit attacked by a faction; ``killed`` of its personnel died."""

    unit: str
    faction: str
    killed: int


Incident = CiviliansAttacked | ThreatDetected | Clash | PeacekeepersAttacked


@dataclass(frozen=True)
class ImminentThreat:
    """A cluster where civilians are under imminent threat (for the duty-to-protect check).

    ``severity`` is the expected civilians killed per day there if nothing changes;
    ``lead_days`` is 0 for violence under way, >0 for an attack still forming.
    """

    cell: tuple[int, int]
    faction: str
    community: str
    severity: float
    detected_by_mission: bool
    lead_days: int


@dataclass
class DayReport:
    """The numbers of one day (arrays indexed like the world's community/faction ids)."""

    turn: int
    killed: npt.NDArray[np.int64]
    """(C, P) civilians killed today by community and perpetrator (factions, then mission)."""
    fled: npt.NDArray[np.int64]
    """(C,) civilians who left home today."""
    returned: npt.NDArray[np.int64]
    """(C,) displaced or sheltered people who settled back today."""
    admitted: npt.NDArray[np.int64]
    """(C,) people admitted into POC sites today."""
    displaced: npt.NDArray[np.int64]
    """(C,) displaced at the end of the day (outside POC sites)."""
    sheltered: npt.NDArray[np.int64]
    """(C,) sheltered in POC sites at the end of the day."""
    clash_losses: npt.NDArray[np.float64]
    """(F,) fighters lost in clashes between factions."""
    mission_inflicted: npt.NDArray[np.float64]
    """(F,) fighters put out of action by the mission (engagements and self-defence)."""
    peacekeepers_killed: dict[str, int]
    """Unit id -> personnel killed today (units with losses only)."""
    recruits: npt.NDArray[np.int64]
    """(F,) fighters recruited today."""
    disarmed: npt.NDArray[np.int64]
    """(F,) fighters disarmed today."""
    incidents: list[Incident] = field(default_factory=list)
    imminent_threats: list[ImminentThreat] = field(default_factory=list)

    @property
    def civilians_killed(self) -> int:
        """All civilians killed today."""
        return int(self.killed.sum())
