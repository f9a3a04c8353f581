"""Player settings: resolution, fullscreen, colour-blind-safe palette and UI scale.

Stored as JSON in the user's config folder (``pygame.system.get_pref_path``) and
written atomically, so a crash never leaves half a file. A missing, corrupt or partly
invalid file is never fatal: the bad parts fall back to defaults with a logged warning.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from game.files import atomic_write_text

log = logging.getLogger(__name__)

RESOLUTIONS: tuple[tuple[int, int], ...] = (
    (1280, 720),
    (1366, 768),
    (1600, 900),
    (1920, 1080),
    (2560, 1440),
)
"""Window sizes offered in the settings screen (any sane size in the file is kept)."""

UI_SCALES: tuple[float, ...] = (0.75, 1.0, 1.25, 1.5)
"""UI scale factors offered: text and widgets grow; the map keeps its own zoom."""

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    """What the player chose; immutable, replaced as a whole when something changes."""

    resolution: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    colourblind: bool = False
    ui_scale: float = 1.0

    def to_json(self) -> str:
        """The settings as the JSON text written to disk."""
        data = asdict(self)
        data["resolution"] = list(self.resolution)
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def config_dir() -> Path:
    """The user's Blue Helm config folder, created by SDL if missing (on Linux
    ``~/.local/share/bluehelm``). Earlier versions used ``bluehelm/bluehelm`` inside it:
    a folder that still holds settings or saves there keeps being used, so nothing is lost."""
    import pygame

    base = Path(pygame.system.get_pref_path("", "bluehelm"))
    legacy = base / "bluehelm"
    if (legacy / SETTINGS_FILE).exists() or (legacy / "saves").is_dir():
        return legacy
    return base


def default_settings_path() -> Path:
    """Where settings are kept unless a caller gives another path."""
    return config_dir() / SETTINGS_FILE


def saves_dir(settings_path: Path | None = None) -> Path:
    """Where saved games are kept: a ``saves`` folder beside the settings file."""
    base = settings_path.parent if settings_path is not None else config_dir()
    return base / "saves"


def save_files(settings_path: Path | None = None) -> list[str]:
    """Names of the saved games in the saves folder (empty if there is none).

    Here beside :func:`saves_dir` so the main menu (the Load button) and the saves list
    both read it from below, without one screen importing the other."""
    folder = saves_dir(settings_path)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _field(data: dict[str, Any], name: str, default: Any, ok: bool, path: Path) -> Any:
    if name not in data:
        return default
    if ok:
        return data[name]
    log.warning("%s: ignoring invalid %s=%r; using %r", path, name, data[name], default)
    return default


def from_dict(data: dict[str, Any], path: Path = Path("<settings>")) -> Settings:
    """Settings from parsed JSON; invalid fields fall back to defaults with a warning."""
    d = Settings()
    res = data.get("resolution")
    res_ok = (
        isinstance(res, list | tuple)
        and len(res) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in res)
        and 640 <= res[0] <= 7680
        and 480 <= res[1] <= 4320
    )
    scale = data.get("ui_scale")
    scale_ok = isinstance(scale, int | float) and not isinstance(scale, bool) and 0.5 <= scale <= 2
    for key in sorted(set(data) - {"resolution", "fullscreen", "colourblind", "ui_scale"}):
        log.warning("%s: ignoring unknown setting %r", path, key)
    resolution = _field(data, "resolution", d.resolution, res_ok, path)
    return Settings(
        resolution=(int(resolution[0]), int(resolution[1])),
        fullscreen=_field(
            data, "fullscreen", d.fullscreen, isinstance(data.get("fullscreen"), bool), path
        ),
        colourblind=_field(
            data, "colourblind", d.colourblind, isinstance(data.get("colourblind"), bool), path
        ),
        ui_scale=float(_field(data, "ui_scale", d.ui_scale, scale_ok, path)),
    )


def load_settings(path: Path) -> Settings:
    """Read settings from ``path``; defaults if it is missing, unreadable or corrupt."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as e:
        log.warning("%s: cannot read settings (%s); using defaults", path, e)
        return Settings()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        log.warning("%s: corrupt settings file (%s); using defaults", path, e)
        return Settings()
    if not isinstance(data, dict):
        log.warning("%s: settings file is not a JSON object; using defaults", path)
        return Settings()
    return from_dict(data, path)


def save_settings(settings: Settings, path: Path) -> None:
    """Write settings atomically: a crash leaves the old file or the new one, never half."""
    atomic_write_text(path, settings.to_json())


def cycle(options: tuple[Any, ...], current: Any, step: int = 1) -> Any:
    """The option after (or before, with ``step=-1``) ``current``, wrapping around."""
    try:
        i = options.index(current)
    except ValueError:
        i = -1 if step > 0 else 0
    return options[(i + step) % len(options)]


__all__ = [
    "RESOLUTIONS",
    "UI_SCALES",
    "Settings",
    "cycle",
    "default_settings_path",
    "load_settings",
    "replace",
    "save_files",
    "save_settings",
    "saves_dir",
]
