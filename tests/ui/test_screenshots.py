"""Reference screenshots: menu, mission list, map view and after-action review, compared
with a tolerance.

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
    """The map with the norm dashboard, the orders panel and a day's findings."""
    app.step([key(pygame.K_n)])
    app.step([key(pygame.K_RETURN)])
    view = app.top
    view.model.toasts.clear()
    app.step([key(pygame.K_TAB)])
    for _ in range(3):
        view.model.end_turn()
    view._refresh()
    app.step([key(pygame.K_i), key(pygame.K_1)])
    compare(app.render(), "map_view")


def test_after_action_review(app: App) -> None:
    """The after-action review of a short game (charts drawn by matplotlib, Agg)."""
    from game.ui.aar_screen import AARScreen
    from game.ui.screen import Push

    app.step([key(pygame.K_n)])
    app.step([key(pygame.K_RETURN)])
    model = app.top.model
    for _ in range(12):
        model.end_turn()
    app._apply(Push(AARScreen(app.ctx, model)))
    app.step()
    app.step()  # the Export button redraws enabled once the report is built
    compare(app.render(), "after_action_review")
