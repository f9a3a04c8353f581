"""The event log: a game's typed events (``game.rules.events``) as JSON lines.

``write_jsonl`` / ``read_jsonl`` write and read a log, one event per line, keys sorted;
reading restores each event's class. The event types are re-exported here so that
callers holding the log (``ev.OrderIssued``, ``ev.EVENT_TYPES``) need one import.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from game.rules.events import (
    EVENT_TYPES,
    CiviliansKilled,
    Clash,
    ContributorWithdrew,
    CouncilStep,
    DayScored,
    Event,
    FindingRecorded,
    InjectFired,
    MisconductActedOn,
    MisconductReported,
    MissionEnded,
    OrderIssued,
    OrderRefused,
    PeacekeepersKilled,
    ReinforcementsArrived,
    ReinforcementsRequested,
    ThreatDetected,
    WarningReceived,
    event_from_dict,
)

__all__ = [
    "EVENT_TYPES",
    "CiviliansKilled",
    "Clash",
    "ContributorWithdrew",
    "CouncilStep",
    "DayScored",
    "Event",
    "FindingRecorded",
    "InjectFired",
    "MisconductActedOn",
    "MisconductReported",
    "MissionEnded",
    "OrderIssued",
    "OrderRefused",
    "PeacekeepersKilled",
    "ReinforcementsArrived",
    "ReinforcementsRequested",
    "ThreatDetected",
    "WarningReceived",
    "event_from_dict",
    "read_jsonl",
    "write_jsonl",
]


def write_jsonl(events: Iterable[Event], path: str | os.PathLike[str]) -> None:
    """Write events as JSON lines (one event per line, keys sorted)."""
    with open(path, "w", encoding="utf-8") as fh:
        for e in events:
            fh.write(json.dumps(e.to_dict(), sort_keys=True) + "\n")


def read_jsonl(path: str | os.PathLike[str]) -> list[Event]:
    """Read an events log written by ``write_jsonl``."""
    with open(path, encoding="utf-8") as fh:
        return [event_from_dict(json.loads(line)) for line in fh if line.strip()]
