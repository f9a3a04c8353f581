"""Settings persist atomically, reload, and never crash the game when the file is bad."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pygame
import pytest
from ui_events import click_button, key

from game.ui.app import App
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.settings_screen import SettingsScreen


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    s = Settings(resolution=(1600, 900), fullscreen=True, colourblind=True, ui_scale=1.25)
    save_settings(s, path)
    assert load_settings(path) == s
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp files left


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.json") == Settings()


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "\x00\xff", ""])
def test_corrupt_file_is_ignored_with_a_warning(
    tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(text.encode("latin-1"))
    with caplog.at_level(logging.WARNING):
        assert load_settings(path) == Settings()
    assert "settings" in caplog.text


def test_bad_fields_fall_back_one_by_one(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "resolution": [10, 10],
                "fullscreen": "yes",
                "colourblind": True,
                "ui_scale": 9,
                "volume": 3,
            }
        )
    )
    with caplog.at_level(logging.WARNING):
        s = load_settings(path)
    assert s == Settings(colourblind=True)
    for word in ("resolution", "fullscreen", "ui_scale", "volume"):
        assert word in caplog.text


def test_corrupt_file_does_not_crash_the_app(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("{{{{")
    a = App(settings_path=settings_path)
    a.step()
    a.render()
    assert a.settings == Settings()
    pygame.display.quit()


def test_settings_screen_saves_and_reloads(app: App, settings_path: Path) -> None:
    app.step([key(pygame.K_s)])
    screen = app.top
    assert isinstance(screen, SettingsScreen)

    def control(name: str, step: int = 1) -> object:
        return next(
            b
            for b, (n, s) in screen.controls.items()
            if n == name and s == step and b.text not in ("‹", "›")
        )

    click_button(app, control("colourblind"))
    assert app.settings.colourblind
    assert json.loads(settings_path.read_text())["colourblind"] is True
    app.render()

    click_button(app, control("ui_scale"))
    assert app.settings.ui_scale == 1.25
    assert app.top is screen and screen._elements  # rebuilt at the new scale
    app.render()

    click_button(app, control("resolution"))
    assert app.settings.resolution == (1366, 768)
    assert app.surface.get_size() == (1366, 768)
    app.render()

    pygame.display.quit()
    again = App(settings_path=settings_path)
    assert again.settings == Settings(resolution=(1366, 768), colourblind=True, ui_scale=1.25)
    assert again.surface.get_size() == (1366, 768)
    again.step([key(pygame.K_n)])
    again.step([key(pygame.K_RETURN)])
    again.render()


def test_f11_toggles_fullscreen_and_saves(app: App, settings_path: Path) -> None:
    app.step([key(pygame.K_F11)])
    assert app.settings.fullscreen
    assert load_settings(settings_path).fullscreen
    app.step([key(pygame.K_F11)])
    assert not load_settings(settings_path).fullscreen


def test_config_folder_is_bluehelm_and_an_earlier_one_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings live in <data home>/bluehelm; a player whose settings or saves are in the
    earlier bluehelm/bluehelm folder keeps them."""
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_DATA_HOME decides SDL's folder on Linux only")
    from game.ui.settings import config_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "bluehelm"
    (tmp_path / "bluehelm" / "bluehelm" / "saves").mkdir(parents=True)
    assert config_dir() == tmp_path / "bluehelm" / "bluehelm"
