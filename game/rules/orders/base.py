"""What every order shares: the ``Order`` base, its ``Verdict`` and ``Finding``, the one error.

Orders are small frozen dataclasses (data, not behaviour): each has a ``kind`` (its name
in replay and script files), a ``tier`` (I dialogue, II physical protection, III a
protective environment, or 'mission' level) and ``moves`` (whether it sends a unit to
``(x, y)``). What an order *does* and whether it is lawful is its rule's business (see
``rule.py``); this module holds only the vocabulary the rules and their callers share.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, get_args

from game.mission.schema import Justification
from game.norms import NORMS

JUSTIFICATIONS: tuple[str, ...] = get_args(Justification)
Status = Literal["allowed", "finding", "refused"]


class OrderError(ValueError):
    """An order that cannot exist: unknown kind or id, a missing field, a cell off the map."""


@dataclass(frozen=True)
class Verdict:
    """Legality of one order: allowed, allowed with a finding, or refused, and why.

    ``delay_days`` is how long an allowed order waits for approval (national or
    headquarters) before it is carried out; 0 for an order carried out today.
    """

    status: Status
    clause: str
    """Mission-file path of the clause that decides, e.g. 'roe.force[5]' ('' if none)."""
    reason: str
    delay_days: int = 0

    @property
    def ok(self) -> bool:
        """Whether the order will be carried out."""
        return self.status != "refused"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "status": self.status,
            "clause": self.clause,
            "reason": self.reason,
            "delay_days": self.delay_days,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Verdict:
        """Rebuild a verdict written by ``to_dict``. Saves written before ``delay_days``
        existed marked a delayed order only by the words of its reason; that one phrase is
        read here, for those old saves only."""
        delay = d.get("delay_days")
        if delay is None:
            delay = 1 if d["status"] == "allowed" and LEGACY_APPROVAL_WORDS in d["reason"] else 0
        return cls(d["status"], d["clause"], d["reason"], int(delay))


LEGACY_APPROVAL_WORDS = "it waits a day"
"""How a verdict's reason marked an approval delay in saves written before ``delay_days``."""

ALLOWED = Verdict("allowed", "", "Within the mandate and the rules of engagement.")


def refuse(clause: str, reason: str) -> Verdict:
    """A refusal naming its clause."""
    return Verdict("refused", clause, reason)


@dataclass(frozen=True)
class Judgement:
    """A verdict and whether a refusal binds in every mode (the unit cannot) or only in strict."""

    verdict: Verdict
    binding: bool = False


@dataclass(frozen=True)
class Finding:
    """A judgement on the mission's conduct: which norm, how grave (1..3), and why."""

    turn: int
    norm: str
    severity: int
    what: str
    clause: str
    why: str

    def __post_init__(self) -> None:
        if self.norm not in NORMS:
            raise ValueError(f"unknown norm '{self.norm}'")
        if not 1 <= self.severity <= 3:
            raise ValueError("severity is 1..3")

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Order:
    """Base of every order. Subclasses set ``kind`` and ``tier`` and declare their fields."""

    kind: ClassVar[str] = ""
    tier: ClassVar[str] = ""
    moves: ClassVar[bool] = False
    """Whether the order sends a unit to (x, y)."""

    def to_dict(self) -> dict[str, Any]:
        """``{"order": kind, ...fields}``: the replay and script-file form."""
        return {"order": self.kind, **dataclasses.asdict(self)}

    @property
    def unit_id(self) -> str | None:
        """The unit the order is given to, or None for mission-level orders."""
        u = getattr(self, "unit", None)
        return u if isinstance(u, str) else None

    @property
    def faction_id(self) -> str | None:
        """The faction the order is about, or None."""
        f = getattr(self, "faction", None)
        return f if isinstance(f, str) else None

    @property
    def cell(self) -> tuple[int, int] | None:
        """The map cell the order is about (where a unit goes, a network is set up), or None."""
        x, y = getattr(self, "x", None), getattr(self, "y", None)
        return (x, y) if isinstance(x, int) and isinstance(y, int) else None
