"""Fixtures for the desktop UI tests: an App on SDL's dummy driver (no window).

pygame-ce and pygame_gui are required dependencies, so these tests always run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """A settings file in a temporary folder (never the player's own)."""
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def app(settings_path: Path) -> Iterator[Any]:
    """A fresh App at the main menu, no window shown."""
    import pygame

    from game.ui.app import App

    a = App(settings_path=settings_path)
    a.step()
    yield a
    pygame.display.quit()
