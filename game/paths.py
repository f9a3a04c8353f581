"""Where Blue Helm finds its shipped files (missions, assets) and keeps the user's.

A source checkout (an editable install) uses the repository's ``missions/`` and
``assets/`` folders; an installed wheel carries copies in ``game/_data/`` (see
``setup.py``). ``BLUEHELM_MISSIONS`` and ``BLUEHELM_ASSETS`` point elsewhere when set.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
_PACKAGED = Path(__file__).resolve().parent / "_data"


def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` ('missions' or 'assets'): the checkout's own if this
    package sits in one, else the copy packed into the wheel."""
    checkout = _REPO / name
    return checkout if checkout.is_dir() else _PACKAGED / name


def missions_dir() -> Path:
    """The folder of shipped missions (``missions/`` in the repository)."""
    override = os.environ.get("BLUEHELM_MISSIONS")
    return Path(override) if override else shipped_dir("missions")


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
