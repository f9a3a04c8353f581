"""Drive the whole desktop flow with synthetic events: menu, mission list, map, help."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from ui_events import click, click_button, key

from game.ui.app import ACTIVE_SECONDS, App
from game.ui.help import HelpScreen
from game.ui.mapview import ConfirmLeave, MapView
from game.ui.menu import MainMenu
from game.ui.mission_select import MissionSelect
from game.ui.orders import ConfirmOrder
from game.ui.resolution import ResolutionOverlay
from game.ui.screen import TipButton

TUTORIAL = Path(__file__).resolve().parents[2] / "missions" / "tutorial.yaml"


def open_map(app: App) -> MapView:
    app.step([key(pygame.K_n)])
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, MapView)
    return app.top


def test_menu_to_map_and_back(app: App) -> None:
    menu = app.top
    assert isinstance(menu, MainMenu)
    click_button(app, menu.new_game)
    select = app.top
    assert isinstance(select, MissionSelect)
    assert select.selected is not None and select.selected.path.stem == "tutorial"
    html = select.briefing.html_text
    assert "Lake Veldia" in html
    assert "RULES OF ENGAGEMENT" in html and "MANDATE" in html
    assert "BACKGROUND" in html and "SOURCES" in html  # "historical" for real missions
    assert "OBJECTIVES" in html and "Keep civilian deaths below 150" in html
    assert "deadly force" in html

    click_button(app, select.start)
    view = app.top
    assert isinstance(view, MapView)
    app.render()

    # overlays: key 1 and the toolbar button for threat
    app.step([key(pygame.K_1)])
    assert view.active == ["population"]
    click_button(app, view.overlay_buttons["protection"])
    assert view.active == ["population", "protection"]
    app.step([key(pygame.K_1)])
    assert view.active == ["protection"]
    app.step([key(pygame.K_0)])
    assert view.active == []

    # F1 shows help over the map; Esc goes back
    app.step([key(pygame.K_F1)])
    assert isinstance(app.top, HelpScreen) and app.top.current_group == "Map"
    app.render()
    app.step([key(pygame.K_ESCAPE)])
    assert app.top is view

    # Esc asks before leaving; Esc again stays; Enter leaves to the mission list
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, ConfirmLeave)
    app.render()
    app.step([key(pygame.K_ESCAPE)])
    assert app.top is view
    app.step([key(pygame.K_ESCAPE)])
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, MissionSelect)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, MainMenu)


def test_pan_and_zoom_change_the_view(app: App) -> None:
    view = open_map(app)
    cam = view.camera
    cam.zoom_by(3)  # bigger than the viewport, so it can pan
    ox, oy = cam.ox, cam.oy
    app.step([key(pygame.K_RIGHT)], dt=0.05)
    app.step([key(pygame.K_RIGHT, up=True)], dt=0.05)
    assert cam.ox < ox and cam.oy == oy
    ox = cam.ox
    app.step([key(pygame.K_w)], dt=0.05)
    app.step([key(pygame.K_w, up=True)])
    assert cam.oy > oy

    # drag with the left button pans by the mouse movement
    ox, oy = cam.ox, cam.oy
    start = view.camera.view[0] + 200, view.camera.view[1] + 200
    app.step(
        [
            pygame.event.Event(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1),
            pygame.event.Event(
                pygame.MOUSEMOTION,
                pos=(start[0] - 30, start[1] - 20),
                rel=(-30, -20),
                buttons=(1, 0, 0),
            ),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(start[0] - 30, start[1] - 20), button=1),
        ]
    )
    assert (cam.ox, cam.oy) == (ox - 30, oy - 20)

    # the wheel zooms at the cursor, + and - zoom at the centre, Home fits
    z = cam.zoom_index
    app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)])
    assert cam.zoom_index == z + 1
    app.step([key(pygame.K_MINUS)])
    app.step([key(pygame.K_MINUS)])
    assert cam.zoom_index == z - 1
    app.step([key(pygame.K_HOME)])
    mw, mh = view.model.size
    assert mw * cam.zoom <= cam.view[2] and mh * cam.zoom <= cam.view[3]
    app.render()


def test_select_move_and_end_turn(app: App) -> None:
    view = open_map(app)
    app.step([key(pygame.K_TAB)])
    assert view.selected is not None
    unit = next(u for u in view.model.units() if u.id == view.selected)
    target = view.camera.to_screen(unit.x + 5.5, unit.y + 3.5)
    app.step(click((round(target[0]), round(target[1])), button=3))
    assert isinstance(app.top, ConfirmOrder)  # the verdict shows before the order is given
    app.render()
    app.step([key(pygame.K_RETURN)])
    assert app.top is view
    moved = next(u for u in view.model.units() if u.id == view.selected)
    assert moved.destination == (unit.x + 5, unit.y + 3)
    app.render()

    # left click on a unit's symbol selects it
    u, r = view.unit_rects()[-1]
    app.step(click(r.center))
    assert view.selected == u.id

    assert view.end_turn_button is not None and view.end_turn_button.tool_tip_text
    day = view.model.day
    click_button(app, view.end_turn_button)
    assert isinstance(app.top, ResolutionOverlay)
    app.render()
    app.step([key(pygame.K_SPACE)])
    assert app.top is view
    assert view.model.day == day + 1
    assert view.model.messages
    app.render()


def test_instructor_toggle(app: App) -> None:
    view = open_map(app)
    assert not view.instructor
    app.step([key(pygame.K_i)])
    assert view.instructor and view.instructor_button.is_selected
    app.render()
    click_button(app, view.instructor_button)
    assert not view.instructor


def test_every_control_has_a_tooltip(app: App) -> None:
    def check() -> None:
        buttons = [e for e in app.top._elements if isinstance(e, TipButton)]
        assert buttons
        for b in buttons:
            assert b.tool_tip_text, f"{b.text!r} on {type(app.top).__name__} has no tooltip"

    check()
    app.step([key(pygame.K_s)])
    check()
    app.step([key(pygame.K_ESCAPE)])
    app.step([key(pygame.K_n)])
    check()
    app.step([key(pygame.K_RETURN)])
    check()


def test_load_game_needs_saves(app: App, settings_path: Path) -> None:
    menu = app.top
    assert not menu.load_game.is_enabled
    assert menu.load_game.tool_tip_text == "No saves yet."
    app.step([key(pygame.K_l)])
    assert app.top is menu
    saves = settings_path.parent / "saves"
    saves.mkdir(parents=True)
    (saves / "day12.bhsave").write_text("{}")
    app.step([key(pygame.K_s)])
    app.step([key(pygame.K_ESCAPE)])  # the menu rebuilds and sees the save
    assert app.top.load_game.is_enabled
    app.step([key(pygame.K_l)])
    from game.ui.saves import SavesScreen

    screen = app.top
    assert isinstance(screen, SavesScreen) and screen.files == ["day12.bhsave"]
    assert "unreadable" in screen.rows[0]
    # a corrupt save shows the engine's message and keeps the screen, never a crash
    app.step([key(pygame.K_RETURN)])
    assert app.top is screen
    assert "not a Blue Helm save file" in screen.error
    app.render()


def test_mission_list_keys(app: App) -> None:
    app.step([key(pygame.K_n)])
    select = app.top
    first = select.selected
    app.step([key(pygame.K_DOWN)])
    assert select.selected is not first or len(select.entries) == 1
    app.step([key(pygame.K_UP)])
    assert select.selected is first
    app.render()


def test_play_opens_the_mission_directly(settings_path: Path) -> None:
    a = App(TUTORIAL, settings_path=settings_path)
    assert isinstance(a.top, MapView)
    assert isinstance(a.stack[0], MainMenu)
    a.render()
    pygame.display.quit()


def test_idle_loop_draws_nothing(app: App) -> None:
    app.render()
    app.step([key(pygame.K_n)])
    assert app.busy and app.dirty
    app.render()
    steps = int(ACTIVE_SECONDS / 0.1) + 2
    for _ in range(steps):
        app.step(dt=0.1)
    assert not app.busy and not app.dirty  # pump() would now block in event.wait


def test_quit(app: App) -> None:
    app.step([key(pygame.K_q)])
    assert not app.running


def test_disabled_controls_still_explain_themselves(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hovering the disabled Load game button shows its tooltip ('No saves yet.')."""
    button = app.top.load_game
    assert not button.is_enabled
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: button.rect.center)
    for _ in range(15):
        app.step(dt=0.1)
    assert button.tool_tip is not None
    app.render()


def test_nothing_outside_the_ui_imports_pygame() -> None:
    """`bluehelm --help` and the core must not need pygame (imported lazily by play)."""
    import subprocess
    import sys

    code = "import sys, game, game.cli, game.ui; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
