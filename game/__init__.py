"""Blue Helm: a peacekeeping-mission wargame.

The public API lives here so that scripts, notebooks and bots need one import::

    from game import load_mission, new_session
    session = new_session(load_mission("missions/tutorial.yaml"), seed=1)

Names are imported on first use, so ``import game`` (and ``bluehelm --help``) stays fast
and never pulls in numpy or pygame before they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from game._version import __version__

_API: dict[str, tuple[str, str]] = {
    "Mission": ("game.mission.schema", "Mission"),
    "MissionError": ("game.mission.errors", "MissionError"),
    "load_mission": ("game.mission.load", "load_mission"),
    "load_mission_text": ("game.mission.load", "load_mission_text"),
    "Session": ("game.engine.session", "Session"),
    "run": ("game.ai.run", "run"),
    "verify_replay": ("game.engine.replay", "verify"),
    "read_save": ("game.engine.save", "read_save"),
    "write_save": ("game.engine.save", "write_save"),
}

__all__ = [
    "Mission",
    "MissionError",
    "Session",
    "__version__",
    "load_mission",
    "load_mission_text",
    "new_session",
    "read_save",
    "run",
    "verify_replay",
    "write_save",
]

if TYPE_CHECKING:
    from game.ai.run import run
    from game.engine.replay import verify as verify_replay
    from game.engine.save import read_save, write_save
    from game.engine.session import Session
    from game.mission.errors import MissionError
    from game.mission.load import load_mission, load_mission_text
    from game.mission.schema import Mission


def new_session(mission: Any, seed: int = 0, **options: Any) -> Session:
    """Start a game: ``mission`` is a ``Mission`` or a path to a mission file.

    ``options`` go to ``Session.new`` (``mode="strict"`` for training, ``counterfactual``).
    """
    from game.engine.session import Session
    from game.mission.load import load_mission
    from game.mission.schema import Mission

    m = mission if isinstance(mission, Mission) else load_mission(mission)
    return Session.new(m, seed, **options)


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    try:
        module, attr = _API[name]
    except KeyError:
        raise AttributeError(f"module 'game' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Module attributes, lazy public names included."""
    return sorted(set(globals()) | set(__all__))
