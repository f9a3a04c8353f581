"""Mission files: the YAML contract (schema), its hardened loader, and format upgrades."""

from __future__ import annotations

from game.mission.errors import MissionError, Problem
from game.mission.load import (
    load_document,
    load_file,
    load_mission,
    load_mission_text,
    load_text,
)
from game.mission.schema import FORMAT_VERSION, Mission

__all__ = [
    "FORMAT_VERSION",
    "Mission",
    "MissionError",
    "Problem",
    "load_document",
    "load_file",
    "load_mission",
    "load_mission_text",
    "load_text",
]
