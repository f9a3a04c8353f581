"""Directives carried over to the next day: typed records the rules' state holds overnight.

Injects, the Council's pressure, contributors' withdrawals and the harm the mission did
queue their effects for the start of the next day. They are typed (``NextDirective``):
the simulation's directives, plus ``PeacekeeperCasualties`` for scripted peacekeeper
deaths, which are applied to the unit before the day is simulated. In saves and in the
state hash they are written as plain records ``{"directive": name, ...fields}``
(``to_record`` / ``from_record``); the casualty record keeps the name ``_Casualties`` it
has had in every save format, so saved games and hashes stay as they were.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from game.sim import directives as sd


@dataclass(frozen=True)
class PeacekeeperCasualties:
    """Scripted peacekeeper deaths (inject ``peacekeepers_killed``): ``count`` of ``unit``."""

    unit: str
    count: int
    record_name: ClassVar[str] = "_Casualties"


NextDirective = sd.Directive | PeacekeeperCasualties
"""Anything queued for the start of the next day."""

DIRECTIVE_TYPES: dict[str, type[Any]] = {
    t.__name__: t
    for t in (
        sd.Move,
        sd.SetPosture,
        sd.Engage,
        sd.EstablishPocSite,
        sd.AlertNetwork,
        sd.ConsentDelta,
        sd.LegitimacyDelta,
        sd.CredibilityDelta,
        sd.StrengthDelta,
        sd.AttackOrder,
        sd.Disarm,
        sd.WithdrawUnits,
        sd.AddUnit,
        sd.CutForce,
        sd.SetIntent,
    )
}
"""Every simulation directive by its class name (its record name)."""
RECORD_TYPES: dict[str, type[Any]] = {
    **DIRECTIVE_TYPES,
    PeacekeeperCasualties.record_name: PeacekeeperCasualties,
}


def to_record(d: NextDirective) -> dict[str, Any]:
    """A directive as a plain record with its name under 'directive'."""
    name = getattr(type(d), "record_name", type(d).__name__)
    return {"directive": name, **dataclasses.asdict(d)}


def from_record(d: dict[str, Any]) -> NextDirective:
    """The directive a ``to_record`` record describes (KeyError/TypeError if none)."""
    kw = {k: v for k, v in d.items() if k != "directive"}
    out: NextDirective = RECORD_TYPES[d["directive"]](**kw)
    return out


def split(queued: list[NextDirective]) -> tuple[list[PeacekeeperCasualties], list[sd.Directive]]:
    """Queued directives as (scripted casualties, simulation directives), each in order."""
    losses = [d for d in queued if isinstance(d, PeacekeeperCasualties)]
    rest = [d for d in queued if not isinstance(d, PeacekeeperCasualties)]
    return losses, rest
