"""Blue Helm: a peacekeeping-mission wargame.

The public API lives here so that scripts, notebooks and bots need one import:
``from game import load_mission``. Later layers (session, run, replay) join it as
they land.
"""

from __future__ import annotations

__version__ = "0.1.0"

from game.mission import Mission, MissionError, load_mission, load_mission_text

__all__ = ["Mission", "MissionError", "__version__", "load_mission", "load_mission_text"]
