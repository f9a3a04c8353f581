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
