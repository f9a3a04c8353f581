"""The screen stack's parts: actions, the shared context, and the Screen base class.

As in tcod and pgzero, a screen reacts to an event by returning an action (push a new
screen, pop itself, replace itself, quit) instead of switching screens itself, and its
``draw`` only draws. The app owns the stack, the window and the pygame_gui manager.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIElement
from pygame_gui.elements import UIButton

from game.ui import palette as pal
from game.ui.resources import font_path
from game.ui.settings import Settings


@dataclass(frozen=True)
class Push:
    """Put ``screen`` on top of the stack."""

    screen: Screen


@dataclass(frozen=True)
class Pop:
    """Remove the top ``count`` screens, revealing the one below."""

    count: int = 1


@dataclass(frozen=True)
class Replace:
    """Swap the top screen for ``screen``."""

    screen: Screen


@dataclass(frozen=True)
class Home:
    """Pop every screen above the first one (back to the main menu)."""


@dataclass(frozen=True)
class Quit:
    """Close the game."""


Action = Push | Pop | Replace | Home | Quit


class TipButton(UIButton):
    """A button that shows its tooltip even when disabled or toggled on, so a disabled
    control can always say why (pygame_gui only hovers enabled, unselected buttons)."""

    def can_hover(self) -> bool:
        return bool(self.alive() and self.visible and not self.held)

    def on_hovered(self) -> None:
        if self.is_enabled and not self.is_selected:
            super().on_hovered()
        else:
            UIElement.on_hovered(self)

    def on_unhovered(self) -> None:
        if self.is_enabled and not self.is_selected:
            super().on_unhovered()
        else:
            UIElement.on_unhovered(self)


class Context:
    """What every screen shares: the UI manager, the settings, fonts and the window size."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        settings: Settings,
        settings_path: Path,
        size: tuple[int, int],
        apply_settings: Callable[[Settings], None],
    ) -> None:
        self.manager = manager
        self.settings = settings
        self.settings_path = settings_path
        self.size = size
        self.apply_settings = apply_settings
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._texts: dict[tuple[str, int, bool, tuple[int, ...]], pygame.Surface] = {}

    @property
    def scale(self) -> float:
        """The UI scale factor from the settings."""
        return self.settings.ui_scale

    def px(self, v: float) -> int:
        """A length in design pixels scaled by the UI scale."""
        return round(v * self.scale)

    def font(self, size: float, bold: bool = False) -> pygame.font.Font:
        """Noto Sans at ``size`` design pixels (scaled), cached."""
        key = (self.px(size), bold)
        f = self._fonts.get(key)
        if f is None:
            f = pygame.font.Font(font_path(bold), key[0])
            self._fonts[key] = f
        return f

    def text(
        self, s: str, size: float, colour: tuple[int, ...] = pal.TEXT, bold: bool = False
    ) -> pygame.Surface:
        """Rendered text, cached (labels are drawn every frame while panning)."""
        key = (s, self.px(size), bold, tuple(colour))
        img = self._texts.get(key)
        if img is None:
            if len(self._texts) > 2000:
                self._texts.clear()
            img = self.font(size, bold).render(s, True, colour)
            self._texts[key] = img
        return img


S = TypeVar("S", bound=UIElement)


class Screen:
    """One screen of the game. Subclasses build their widgets in ``build`` and react in
    ``on_event``; ``draw`` paints everything that is not a pygame_gui widget."""

    help_group = "Menus"
    """Which group of key bindings the help overlay highlights."""
    transparent = False
    """True for overlays: the screen below is drawn first."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._elements: list[UIElement] = []

    # widgets live only while the screen is on top; state lives in attributes
    def build(self) -> None:
        """Create this screen's widgets (called when it becomes the top screen)."""

    def teardown(self) -> None:
        """Destroy this screen's widgets (called when covered or popped)."""
        for e in self._elements:
            e.kill()
        self._elements.clear()

    def close(self) -> None:
        """Destroy this screen's widgets for good (called when it leaves the stack)."""
        self.teardown()

    def add(self, element: S) -> S:
        """Register a widget so ``teardown`` removes it."""
        self._elements.append(element)
        return element

    def button(
        self,
        rect: pygame.Rect,
        text: str,
        tooltip: str,
        *,
        object_id: str | ObjectID | None = None,
        enabled: bool = True,
    ) -> TipButton:
        """A button with a tooltip (every control has one)."""
        b = self.add(
            TipButton(rect, text, self.ctx.manager, tool_tip_text=tooltip, object_id=object_id)
        )
        b.set_tooltip(tooltip, wrap_width=self.ctx.px(340))
        if not enabled:
            b.disable()
        return b

    def on_event(self, event: pygame.event.Event) -> Action | None:
        """React to one event; return what the stack should do, if anything."""
        return None

    def update(self, dt: float) -> bool:
        """Advance animations by ``dt`` seconds; True if the screen must be redrawn."""
        return False

    @property
    def animating(self) -> bool:
        """True while the screen needs frames without input (e.g. a held pan key)."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the screen (no state changes here)."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Paint what must sit above the widgets (hover tooltips); top screen only."""


def pressed(event: pygame.event.Event, element: Any) -> bool:
    """True if ``event`` is a click on ``element`` (a pygame_gui button press)."""
    return bool(
        event.type == pygame_gui.UI_BUTTON_PRESSED
        and element is not None
        and event.ui_element is element
    )
