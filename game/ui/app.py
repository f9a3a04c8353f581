"""The desktop game: a window, a stack of screens, and an event loop that sleeps when idle.

``run`` is what ``bluehelm play`` calls. :class:`App` can also be driven without a real
window (SDL's dummy video driver) through ``step(events)`` and ``render()``, which is how
the tests and the benchmark use it: no wall clock, no real input.

Idling: after the last input the loop keeps drawing for ``ACTIVE_SECONDS`` (hover
effects and tooltips need a few frames), then blocks in ``pygame.event.wait`` until the
next event, so an untouched window uses no CPU and redraws nothing.
"""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

import pygame
import pygame_gui

from game.ui import palette as pal
from game.ui.help import HelpScreen
from game.ui.menu import MainMenu, helmet
from game.ui.screen import Action, Context, Home, Pop, Push, Quit, Replace, Screen
from game.ui.settings import (
    Settings,
    default_settings_path,
    load_settings,
    replace,
    save_settings,
)
from game.ui.theme import theme_dict

log = logging.getLogger(__name__)

FPS = 60
ACTIVE_SECONDS = 1.5
"""How long the loop keeps drawing after the last event before it sleeps."""
MAX_DT = 0.1
"""Longest time step fed to widgets (after a long sleep)."""


def make_manager(size: tuple[int, int], scale: float) -> pygame_gui.UIManager:
    """A UI manager with the themed fonts preloaded (the briefing uses bold and italic)."""
    manager = pygame_gui.UIManager(size, theme_dict(scale))
    sizes = sorted({round(v * scale) for v in (11, 12, 13, 14, 15, 16, 22, 26)})
    with warnings.catch_warnings():  # "already loaded" for sizes the theme has
        warnings.simplefilter("ignore", UserWarning)
        manager.preload_fonts(
            [
                {"name": "noto_sans", "point_size": s, "style": style}
                for s in sizes
                for style in ("regular", "bold", "italic")
            ]
        )
    return manager


class App:
    """The window, the UI manager and the screen stack."""

    def __init__(
        self,
        mission_path: Path | None = None,
        *,
        settings_path: Path | None = None,
        strict: bool = False,
    ) -> None:
        pygame.display.init()
        pygame.font.init()
        self.settings_path = settings_path or default_settings_path()
        self.settings = load_settings(self.settings_path)
        self.surface = self._open_window(self.settings)
        self.manager = make_manager(self.surface.get_size(), self.settings.ui_scale)
        self.ctx = Context(
            self.manager,
            self.settings,
            self.settings_path,
            self.surface.get_size(),
            self.apply_settings,
        )
        self.stack: list[Screen] = []
        self.running = True
        self.dirty = True
        self.frames = 0
        """Frames drawn so far (the idle check counts these)."""
        self.clock_s = 0.0
        """Game-loop time: the sum of the ``dt`` given to ``step`` (not the wall clock)."""
        self._active_until = ACTIVE_SECONDS
        self._clock = pygame.time.Clock()
        self._apply(Push(MainMenu(self.ctx)))
        if mission_path is not None:
            from game.ui.adapter import GameModel
            from game.ui.mapview import MapView

            model = GameModel.load(mission_path, mode="strict" if strict else "free")
            self._apply(Push(MapView(self.ctx, model)))

    # ----------------------------------------------------------------- window and settings
    @staticmethod
    def _open_window(s: Settings) -> pygame.Surface:
        flags = pygame.FULLSCREEN if s.fullscreen else 0
        surface = pygame.display.set_mode(s.resolution, flags)
        pygame.display.set_caption("Blue Helm")
        icon = pygame.Surface((64, 64), pygame.SRCALPHA)
        helmet(icon, (32, 36), 22)
        pygame.display.set_icon(icon)
        return surface

    def apply_settings(self, new: Settings) -> None:
        """Save ``new`` and apply it now: window, UI scale and palette."""
        old = self.settings
        if new == old:
            return
        try:
            save_settings(new, self.settings_path)
        except OSError as e:
            log.warning(
                "%s: cannot save settings (%s); applying them for this session",
                self.settings_path,
                e,
            )
        self.settings = self.ctx.settings = new
        if (new.resolution, new.fullscreen) != (old.resolution, old.fullscreen):
            self.surface = self._open_window(new)
        if (new.resolution, new.fullscreen, new.ui_scale) != (
            old.resolution,
            old.fullscreen,
            old.ui_scale,
        ):
            top = self.top
            if top is not None:
                top.teardown()
            self.manager = make_manager(self.surface.get_size(), new.ui_scale)
            self.ctx.manager = self.manager
            self.ctx.size = self.surface.get_size()
            self.ctx._fonts.clear()
            self.ctx._texts.clear()
            if top is not None:
                top.build()
        elif top := self.top:
            top.teardown()
            top.build()
        self.dirty = True

    # ----------------------------------------------------------------- the stack
    @property
    def top(self) -> Screen | None:
        """The screen receiving input."""
        return self.stack[-1] if self.stack else None

    def _apply(self, action: Action) -> None:
        if isinstance(action, Quit):
            self.running = False
            return
        if isinstance(action, Push | Replace):
            if self.top is not None:
                if isinstance(action, Replace):
                    self.stack.pop().close()
                else:
                    self.top.teardown()
            self.stack.append(action.screen)
            action.screen.build()
        elif isinstance(action, Home):
            while len(self.stack) > 1:
                self.stack.pop().close()
            if self.top is not None:
                self.top.build()
        elif isinstance(action, Pop):
            for _ in range(action.count):
                if self.stack:
                    self.stack.pop().close()
            if self.top is None:
                self.running = False
            else:
                self.top.build()
        self.dirty = True

    # ----------------------------------------------------------------- events
    def _handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        self.dirty = True
        self._active_until = self.clock_s + ACTIVE_SECONDS
        top = self.top
        if top is None:
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F1:
            self._apply(
                Pop() if isinstance(top, HelpScreen) else Push(HelpScreen(self.ctx, top.help_group))
            )
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.apply_settings(replace(self.settings, fullscreen=not self.settings.fullscreen))
            return
        consumed = self.manager.process_events(event)
        if consumed and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL):
            return
        action = top.on_event(event)
        if action is not None:
            self._apply(action)

    def step(
        self,
        events: list[pygame.event.Event] | tuple[pygame.event.Event, ...] = (),
        dt: float = 1 / FPS,
    ) -> None:
        """Handle ``events`` (and any the widgets post in reply), then advance ``dt`` seconds."""
        for e in events:
            self._handle(e)
        for _ in range(8):
            posted = pygame.event.get()
            if not posted:
                break
            for e in posted:
                self._handle(e)
        self.clock_s += dt
        dt = min(dt, MAX_DT)
        self.manager.update(dt)
        top = self.top
        if top is not None and top.update(dt):
            self.dirty = True

    @property
    def busy(self) -> bool:
        """True while the loop must keep drawing without input."""
        top = self.top
        return self.clock_s < self._active_until or (top is not None and top.animating)

    # ----------------------------------------------------------------- drawing
    def render(self) -> pygame.Surface:
        """Draw every visible screen and the widgets; return the window surface."""
        surface = self.surface
        start = len(self.stack) - 1
        while start > 0 and self.stack[start].transparent:
            start -= 1
        if not self.stack:
            surface.fill(pal.BG)
        for screen in self.stack[max(start, 0) :]:
            screen.draw(surface)
        self.manager.draw_ui(surface)
        if self.stack:  # hover tooltips above the buttons they would otherwise hide under
            self.stack[-1].draw_over(surface)
        self.frames += 1
        self.dirty = False
        return surface

    def pump(self, timeout_ms: int | None = None) -> None:
        """One turn of the loop: gather events (sleeping if idle), step, draw if needed.

        ``timeout_ms`` bounds the idle sleep (None: until the next event)."""
        if self.busy or self.dirty:
            events = pygame.event.get()
            dt = self._clock.tick(FPS) / 1000
        else:
            first = pygame.event.wait() if timeout_ms is None else pygame.event.wait(timeout_ms)
            events = [first] if first.type != pygame.NOEVENT else []
            events += pygame.event.get()
            dt = self._clock.tick() / 1000
        self.step(events, dt)
        if self.dirty or self.busy:
            self.render()
            pygame.display.flip()

    def run(self) -> int:
        """Play until the player quits."""
        while self.running:
            self.pump()
        return 0


def run(
    mission_path: Path | None = None, *, settings_path: Path | None = None, strict: bool = False
) -> int:
    """Open the game window: the main menu, or straight into ``mission_path``.

    Returns the exit status (1 if the mission file does not load)."""
    if mission_path is not None:
        from game.mission import MissionError, load_mission

        try:
            load_mission(mission_path)
        except (MissionError, OSError) as e:
            print(e, file=sys.stderr)
            return 1
    app = App(mission_path, settings_path=settings_path, strict=strict)
    try:
        return app.run()
    finally:
        pygame.quit()
