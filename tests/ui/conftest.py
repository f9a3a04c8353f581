"""Fixtures for the desktop UI tests: an App on SDL's dummy driver and synthetic input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """A settings file in a temporary folder (never the player's own)."""
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def app(settings_path: Path) -> Iterator[object]:
    """A fresh App at the main menu, no window shown."""
    from game.ui.app import App

    a = App(settings_path=settings_path)
    a.step()
    yield a
    pygame.display.quit()
