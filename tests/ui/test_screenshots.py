"""Reference screenshots: the main menu and the map view, compared with a tolerance.

Set BLUEHELM_REGEN_SCREENSHOTS=1 to rewrite the PNGs in tests/ui/reference/ after an
intended visual change (and look at them before committing).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pygame
import pytest
from ui_events import key

from game.ui.app import App

REFERENCE = Path(__file__).parent / "reference"
TOLERANCE = 6.0
"""Largest mean absolute difference per channel (0-255) that still counts as the same."""


def compare(surface: pygame.Surface, name: str) -> None:
    path = REFERENCE / f"{name}.png"
    if os.environ.get("BLUEHELM_REGEN_SCREENSHOTS") == "1" or not path.exists():
        if not path.exists() and os.environ.get("BLUEHELM_REGEN_SCREENSHOTS") != "1":
            pytest.fail(f"{path} is missing; run with BLUEHELM_REGEN_SCREENSHOTS=1")
        REFERENCE.mkdir(exist_ok=True)
        pygame.image.save(surface, str(path))
        return
    got = pygame.surfarray.array3d(surface).astype(np.int16)
    want = pygame.surfarray.array3d(pygame.image.load(str(path))).astype(np.int16)
    assert got.shape == want.shape, f"{name}: size {got.shape} != reference {want.shape}"
    diff = np.abs(got - want).mean(axis=(0, 1))
    assert diff.max() <= TOLERANCE, (
        f"{name} differs from {path} by {diff.round(2).tolist()} per channel "
        f"(tolerance {TOLERANCE}); if intended, regenerate with BLUEHELM_REGEN_SCREENSHOTS=1"
    )


def test_main_menu(app: App) -> None:
    compare(app.render(), "main_menu")


def test_mission_select(app: App) -> None:
    app.step([key(pygame.K_n)])
    app.step()
    compare(app.render(), "mission_select")


def test_map_view(app: App) -> None:
    app.step([key(pygame.K_n)])
    app.step([key(pygame.K_RETURN)])
    app.step([key(pygame.K_i), key(pygame.K_1), key(pygame.K_TAB)])
    compare(app.render(), "map_view")
