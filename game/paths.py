"""Where Blue Helm finds its shipped files (missions, assets) and keeps the user's.

A source checkout (an editable install) uses the repository's ``missions/`` and
``assets/`` folders; ``BLUEHELM_MISSIONS`` points elsewhere when set.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def missions_dir() -> Path:
    """The folder of shipped missions (``missions/`` in the repository)."""
    override = os.environ.get("BLUEHELM_MISSIONS")
    return Path(override) if override else _REPO / "missions"


def shipped_missions() -> list[Path]:
    """Every shipped mission file, sorted by name."""
    return sorted(missions_dir().glob("*.yaml"))


def resolve_mission(text: str | os.PathLike[str]) -> Path:
    """A mission argument as a path: an existing file, or the id of a shipped mission
    (``tutorial`` -> ``missions/tutorial.yaml``); anything else is returned as given, for
    the loader to report."""
    p = Path(text)
    if p.exists() or p.suffix in {".yaml", ".yml"}:
        return p
    shipped = missions_dir() / f"{p.name}.yaml"
    return shipped if str(p) == p.name and shipped.exists() else p
