"""What the map view's parts share with the screen, below all of them: where each part of
the window sits (:class:`Layout`, :class:`CommandLayout`) and the view state they read and
set (:class:`MapState`).

The map view (:mod:`game.ui.mapview`) imports its parts (dashboard, command panel, order
menus, map layers); the parts see the screen only through the :class:`MapState` protocol
here, so no part imports the screen and the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pygame

if TYPE_CHECKING:
    from game.ui.adapter import GameModel, UnitView
    from game.ui.camera import Camera
    from game.ui.mapcanvas import MapCanvas
    from game.ui.screen import Context


@dataclass
class Layout:
    """Where each part of the map view sits, in window pixels."""

    top: pygame.Rect
    left: pygame.Rect
    viewport: pygame.Rect
    side: pygame.Rect
    status: pygame.Rect
    toolbar: pygame.Rect


def layout(ctx: Context) -> Layout:
    """Top bar, dashboard, map viewport, command panel and status bar for the window."""
    w, h = ctx.size
    top_h, status_h, side_w, left_w = ctx.px(48), ctx.px(26), ctx.px(300), ctx.px(270)
    body_h = h - top_h - status_h
    view = pygame.Rect(left_w, top_h, w - side_w - left_w, body_h)
    bar_h = ctx.px(36)
    return Layout(
        top=pygame.Rect(0, 0, w, top_h),
        left=pygame.Rect(0, top_h, left_w, body_h),
        viewport=view,
        side=pygame.Rect(w - side_w, top_h, side_w, body_h),
        status=pygame.Rect(0, h - status_h, w, status_h),
        toolbar=pygame.Rect(view.left, view.bottom - bar_h - ctx.px(6), view.width, bar_h),
    )


@dataclass
class CommandLayout:
    """Where the command panel's parts sit (shared by ``build`` and ``draw``)."""

    card: pygame.Rect
    unit_head: int
    unit_slots: list[pygame.Rect]
    mission_head: int
    mission_slots: list[pygame.Rect]
    pending_head: int
    pending: pygame.Rect
    undo: pygame.Rect
    end_turn: pygame.Rect


class MapState(Protocol):
    """The map view as its parts see it: the model, the camera and canvas, the selection
    and the armed order, the dashboard's tab and scroll, and the few helpers they call.

    The parts read these and set ``target_kind`` and ``note`` (an order menu arming a
    right-click order); the screen owns them."""

    ctx: Context
    model: GameModel
    camera: Camera
    canvas: MapCanvas
    instructor: bool
    selected: str | None
    target_kind: str | None
    note: str
    mouse: tuple[int, int]
    left_tab: str
    list_scroll: int
    command: CommandLayout | None
    _minimap: tuple[tuple[object, ...], pygame.Surface] | None
    """The minimap picture, cached by the command panel with its key."""

    def selected_unit(self) -> UnitView | None:
        """The selected unit, if it is still in the field."""
        ...

    def unit_rects(self) -> list[tuple[UnitView, pygame.Rect]]:
        """Each unit with its symbol's screen rect, bottom of the stack first."""
        ...

    def symbol(self, unit_type: str, width: int) -> pygame.Surface:
        """The unit symbol scaled to ``width``."""
        ...

    def toast_rect(self) -> pygame.Rect | None:
        """Where the current notification sits (None if there is none)."""
        ...


__all__ = ["CommandLayout", "Layout", "MapState", "layout"]
