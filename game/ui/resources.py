"""Where the desktop finds its shipped assets (symbols, theme) and its fonts.

Assets live in the repository's ``assets/`` folder (``BLUEHELM_ASSETS`` overrides it).
The fonts are Noto Sans (SIL Open Font License 1.1) as shipped inside the ``pygame_gui``
package, a runtime dependency, so nothing depends on system fonts.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

import game.paths


def assets_dir() -> Path:
    """The folder of shipped assets (``assets/`` in the repository)."""
    override = os.environ.get("BLUEHELM_ASSETS")
    if override:
        return Path(override)
    return game.paths.shipped_dir("assets")


def symbols_dir() -> Path:
    """The folder of NATO-style unit symbols (PNG), made by ``python -m game.ui.symbols``."""
    return assets_dir() / "symbols"


def theme_path() -> Path:
    """The pygame_gui theme (colours and shapes); font sizes are scaled in code."""
    return assets_dir() / "ui" / "theme.json"


@cache
def font_path(bold: bool = False) -> str | None:
    """Path of the Noto Sans file bundled with pygame_gui, or None to use pygame's default."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    try:
        path = resources.files("pygame_gui.data") / name
    except ModuleNotFoundError:
        return None
    return str(path) if path.is_file() else None
