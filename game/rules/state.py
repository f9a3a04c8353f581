"""The rules' own state: plain data the norms need to remember from one day to the next.

Everything here is dataclasses of ints, floats, strings, lists and dicts (no numpy, no
callables), so a save can snapshot it with ``dataclasses.asdict`` and restore it with
``RulesState.from_dict``, and ``digest`` can hash it. The world (``game.sim.world.World``)
holds the physical state; this holds what the mission's judges and political masters
remember: open misconduct cases, warnings received, the Council's ladder, contributors
who left, decayed penalty tallies per norm, and the daily scores.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from game.norms import NORMS
from game.rules.carryover import NextDirective, from_record, to_record


@dataclass
class MisconductCase:
    """An allegation (inject) or an incident of mission-caused harm the mission must act on."""

    id: str
    unit: str
    country: str
    kind: str
    opened: int
    source: str
    """'inject' (an allegation) or 'civilian_harm' (a board of inquiry into own fire)."""
    acted: int | None = None
    clause: str = ""
    """Mission-file path of what raised it (the inject effect, or the ROE for own fire)."""


@dataclass
class KnownThreat:
    """A threat to civilians the mission knows of when it gives its orders."""

    x: int
    y: int
    faction: str
    community: str
    severity: float
    """Expected civilians killed per day if nothing changes."""
    lead_days: int
    source: str
    """'detected' (the mission's early warning) or 'intelligence' (an inject)."""
    seen: int
    """Turn on which the mission learnt of it."""


@dataclass
class CouncilState:
    """The Security Council as the mission experiences it."""

    support: float
    steps: dict[str, int] = field(default_factory=dict)
    """Faction id -> rungs of the enforcement ladder taken so far (0..5)."""
    evidence: dict[str, float] = field(default_factory=dict)
    """Faction id -> documented violations (investigations, reports), decaying slowly."""
    last_attempt: dict[str, int] = field(default_factory=dict)
    """Faction id -> turn of the last report to the Council about it."""


@dataclass
class Reinforcement:
    """A reserve unit granted by the Council and on its way."""

    unit: str
    arrives: int


@dataclass
class RulesState:
    """What the rules remember across days. Built by ``new_state``; plain data throughout."""

    turn: int = 0
    initial_consent: list[float] = field(default_factory=list)
    penalties: dict[str, float] = field(default_factory=lambda: dict.fromkeys(NORMS, 0.0))
    """Decayed penalty tally per norm: today's day score is 100 minus it (floored at 0)."""
    day_scores: list[dict[str, float]] = field(default_factory=list)
    violations: list[float] = field(default_factory=list)
    """Per faction: decayed weight of its violations (civilians killed, threats seen)."""
    responses: list[float] = field(default_factory=list)
    """Per faction: decayed weight of the mission's responses to it."""
    force_log: list[tuple[int, str, str, int]] = field(default_factory=list)
    """Recent uses of force: (turn, unit, faction, ladder level); pruned to a week."""
    last_negotiation: dict[str, int] = field(default_factory=dict)
    last_information: dict[str, int] = field(default_factory=dict)
    cases: list[MisconductCase] = field(default_factory=list)
    known_threats: list[KnownThreat] = field(default_factory=list)
    council: CouncilState = field(default_factory=lambda: CouncilState(support=0.5))
    withdrawn: list[str] = field(default_factory=list)
    """Contributing countries that have left, in the order they left."""
    reinforcements: list[Reinforcement] = field(default_factory=list)
    reserve_sent: list[str] = field(default_factory=list)
    """Reserve unit ids granted so far (on their way or arrived)."""
    last_request: int = -1000
    fired_injects: list[str] = field(default_factory=list)
    next_directives: list[NextDirective] = field(default_factory=list)
    """Directives to apply at the start of the next step (see ``carryover``)."""
    delayed_orders: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """(turn due, order dict): orders waiting for national or headquarters approval."""
    zone_breaches: list[tuple[str, int]] = field(default_factory=list)
    """(unit, consent zone index) pairs currently inside a zone without consent."""
    attacked_by: dict[str, int] = field(default_factory=dict)
    """Faction id -> last turn it killed peacekeepers."""
    reported: dict[str, int] = field(default_factory=dict)
    """Faction id -> last turn the mission reported or investigated it (duty to report)."""
    unreported: dict[str, int] = field(default_factory=dict)
    """Faction id -> first day of its killings the mission has not reported since."""
    kills_today: list[int] = field(default_factory=list)
    """Per faction: civilians it killed on the last simulated day."""
    objectives_met: dict[str, bool] = field(default_factory=dict)
    """Objectives already judged at their deadline."""
    outcome: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-able nested dicts and lists."""
        d = dataclasses.asdict(self)
        d["next_directives"] = [to_record(x) for x in self.next_directives]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RulesState:
        """Rebuild a state written by ``to_dict`` (tuples restored where the fields hold them)."""
        d = dict(d)
        d["cases"] = [MisconductCase(**c) for c in d.get("cases", [])]
        d["known_threats"] = [KnownThreat(**t) for t in d.get("known_threats", [])]
        d["council"] = CouncilState(**d["council"])
        d["reinforcements"] = [Reinforcement(**r) for r in d.get("reinforcements", [])]
        d["force_log"] = [tuple(x) for x in d.get("force_log", [])]
        d["delayed_orders"] = [(int(t), dict(o)) for t, o in d.get("delayed_orders", [])]
        d["zone_breaches"] = [(str(u), int(z)) for u, z in d.get("zone_breaches", [])]
        d["next_directives"] = [from_record(x) for x in d.get("next_directives", [])]
        return cls(**d)

    def digest(self) -> str:
        """blake2b of the state's canonical JSON (sorted keys): part of the turn's state hash."""
        body = dict(self.__dict__)
        body["next_directives"] = [to_record(x) for x in self.next_directives]
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=_plain)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _plain(o: Any) -> Any:
    """JSON fallback for the digest: nested dataclasses as their field dicts."""
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return o.__dict__
    return str(o)


CASE_GRACE: dict[str, int] = {"inject": 3, "civilian_harm": 1}
"""Days a case may stay open before it weighs on accountability: an allegation needs a
few days' investigation; civilians killed by the mission need a board of inquiry at once."""


def open_cases(state: RulesState) -> list[MisconductCase]:
    """Misconduct cases not yet acted on, oldest first."""
    return [c for c in state.cases if c.acted is None]


def overdue(case: MisconductCase, turn: int) -> int:
    """Days a case is past its grace period on ``turn`` (0 if acted on or within grace)."""
    if case.acted is not None:
        return 0
    return max(0, turn - case.opened - CASE_GRACE.get(case.source, 3))
