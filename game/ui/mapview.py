"""The map view: the mission's ground, overlays, units, the norm dashboard on the left
and the command panel on the right.

All game state comes from one :class:`~game.ui.adapter.GameModel` (a turn-engine
session); this screen only shows it and turns clicks and keys into the model's calls:
select a unit, pick an order (its verdict shown before you confirm), undo, end the turn,
save. Orders that need a place use a right-click on the map, with the verdict previewed
under the cursor.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
from pygame_gui.core import UIElement

from game.engine.save import SUFFIX, SaveError
from game.ui import dashboard, draw, map_layers, order_menus, panels
from game.ui import palette as pal
from game.ui.adapter import Availability, GameModel, OptionView, UnitView
from game.ui.camera import Camera
from game.ui.map_state import CommandLayout, Layout, layout
from game.ui.mapcanvas import MapCanvas
from game.ui.orders import (
    VERDICT_COLOURS,
    ChoiceScreen,
    ConfirmOrder,
    InjectMenu,
)
from game.ui.screen import Action, Context, Pop, Push, Screen, TipButton, pressed
from game.ui.settings import saves_dir
from game.ui.symbols import load_symbol
from game.view.overlays import BY_ID, OVERLAYS

PAN_SPEED = 900.0
"""Keyboard pan speed in window pixels per second."""
DRAG_THRESHOLD = 4
"""Pixels the mouse must move with a button down before a click becomes a drag."""
TARGET_KINDS = ("patrol", "guard", "redeploy", "alert_network")
"""Orders whose place the player picks with a right-click on the map."""
_RANK = {"allowed": 0, "finding": 1, "against": 2, "refused": 3}

_PAN_KEYS = {
    pygame.K_LEFT: (1, 0),
    pygame.K_a: (1, 0),
    pygame.K_RIGHT: (-1, 0),
    pygame.K_d: (-1, 0),
    pygame.K_UP: (0, 1),
    pygame.K_w: (0, 1),
    pygame.K_DOWN: (0, -1),
    pygame.K_s: (0, -1),
}
_OVERLAY_KEYS = {getattr(pygame, f"K_{o.key}"): o.id for o in OVERLAYS}
_SHORT = {
    "population": "Pop.",
    "displaced": "Displ.",
    "protection": "Protect.",
    "warning": "Warning",
    "access": "Access",
}


class ConfirmLeave(Screen):
    """Asks before leaving a mission."""

    transparent = True
    help_group = "Map"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.leave: TipButton | None = None
        self.stay: TipButton | None = None

    def _rect(self) -> pygame.Rect:
        r = pygame.Rect(0, 0, self.ctx.px(480), self.ctx.px(190))
        r.center = (self.ctx.size[0] // 2, self.ctx.size[1] // 2)
        return r

    def build(self) -> None:
        r, px = self._rect(), self.ctx.px
        self.stay = self.button(
            pygame.Rect(r.left + px(24), r.bottom - px(64), px(200), px(44)),
            "Stay",
            "Keep playing (Esc).",
        )
        self.leave = self.button(
            pygame.Rect(r.right - px(224), r.bottom - px(64), px(200), px(44)),
            "Leave mission",
            "Back to the menu; progress since the last save (F5) is lost (Enter).",
            object_id="#primary",
        )

    def on_event(self, event: pygame.event.Event) -> Action | None:
        key = event.key if event.type == pygame.KEYDOWN else None
        if pressed(event, self.stay) or key == pygame.K_ESCAPE:
            return Pop()
        if pressed(event, self.leave) or key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop(2)
        return None

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((*pal.BG_DEEP, 170))
        surface.blit(shade, (0, 0))
        inner = draw.panel(surface, self._rect(), self.ctx, "Leave the mission?", alpha=250)
        draw.paragraph(
            surface,
            self.ctx,
            "Progress since your last save is lost. Press F5 in the game to quick-save.",
            inner.topleft,
            inner.width,
            15,
            pal.TEXT,
        )


Handler = Callable[[], Action | None]


class MapView(Screen):
    """The game screen."""

    help_group = "Map"

    def __init__(self, ctx: Context, model: GameModel) -> None:
        super().__init__(ctx)
        self.model = model
        lay = layout(ctx)
        w, h = model.size
        self.camera = Camera(w, h, (lay.viewport.x, lay.viewport.y, lay.viewport.w, lay.viewport.h))
        self.camera.fit()
        self.canvas = MapCanvas(model.terrain)
        self.active: list[str] = []
        """Overlays shown, in the order they were switched on (drawn in that order)."""
        self.instructor = False
        self.selected: str | None = None
        self.target_kind: str | None = None
        """An order waiting for its place (right-click on the map)."""
        self.note = ""
        self.mouse = (0, 0)
        self.left_tab = "findings"
        self.flash: tuple[int, int] | None = None
        """The cell the last event-feed click centred on (ringed on the map)."""
        self.list_scroll = 0
        self._press: tuple[int, int, int] | None = None  # button, x, y
        self._dragging = False
        self._held: set[int] = set()
        self._symbols: dict[tuple[str, int], pygame.Surface] = {}
        self._preview: dict[tuple[object, ...], OptionView] = {}
        self.overlay_buttons: dict[str, TipButton] = {}
        self.tab_buttons: dict[str, TipButton] = {}
        self.unit_buttons: list[tuple[TipButton, Handler]] = []
        self.mission_buttons: list[tuple[TipButton, Handler]] = []
        self.instructor_button: TipButton | None = None
        self.inject_button: TipButton | None = None
        self.save_button: TipButton | None = None
        self.help_button: TipButton | None = None
        self.menu_button: TipButton | None = None
        self.undo_button: TipButton | None = None
        self.end_turn_button: TipButton | None = None
        self.command: CommandLayout | None = None
        self._minimap: tuple[tuple[object, ...], pygame.Surface] | None = None
        self._strip: pygame.Surface | None = None
        self._seen = (model.version, len(model.pending()))
        self._static: list[UIElement] = []
        """Top bar, overlay toolbar and dashboard tabs: built once per window and UI scale."""
        self._dynamic: list[UIElement] = []
        """The command panel: rebuilt when the game state or the selection changes."""
        self._static_key: tuple[object, ...] | None = None
        self._dynamic_key: tuple[object, ...] | None = None

    # ----------------------------------------------------------------- widgets
    def build(self) -> None:
        ctx, lay = self.ctx, layout(self.ctx)
        now = (self.model.version, len(self.model.pending()))
        if now != self._seen:  # an order was given (or undone) in an overlay: say so
            self._seen = now
            self.target_kind = None
            if self.model.messages:
                self.note = self.model.messages[0]
        self.camera.view = (lay.viewport.x, lay.viewport.y, lay.viewport.w, lay.viewport.h)
        self.camera.clamp()
        self._preview.clear()
        m = self.model
        env: tuple[object, ...] = (id(ctx.manager), ctx.size, ctx.scale)
        state = (*env, m.version, m.session.turn, self.selected, len(m.pending()), m.is_over())
        if self._static and self._static_key == env:
            for e in self._static:
                e.show()
        else:
            self._kill(self._static)
            self._elements = []
            self._build_static(lay)
            self._static, self._static_key = self._elements, env
        if self._dynamic and self._dynamic_key == state:
            for e in self._dynamic:
                e.show()
        else:
            self._kill(self._dynamic)
            self._elements = []
            self._build_command(lay)
            self._dynamic, self._dynamic_key = self._elements, state
        self._elements = [*self._static, *self._dynamic]

    @staticmethod
    def _kill(elements: list[UIElement]) -> None:
        for e in elements:
            e.kill()
        elements.clear()

    def teardown(self) -> None:
        """Hide the widgets while an overlay covers the map (shown again, not rebuilt, if
        nothing changed underneath: that keeps *end turn* and overlays fast)."""
        for e in self._elements:
            e.hide()

    def close(self) -> None:
        """Destroy every widget (the map leaves the stack)."""
        self._kill(self._static)
        self._kill(self._dynamic)
        self._elements = []
        self._static_key = self._dynamic_key = None

    def _build_static(self, lay: Layout) -> None:
        px = self.ctx.px
        bar = lay.toolbar
        n = len(OVERLAYS)
        gap = px(4)
        bw = min(px(124), (bar.width - px(12) - gap * (n - 1)) // n)
        x0 = bar.left + (bar.width - (bw * n + gap * (n - 1))) // 2
        self.overlay_buttons = {}
        for i, o in enumerate(OVERLAYS):
            label = o.label if bw >= px(122) else _SHORT.get(o.id, o.label)
            if o.id == "access" and bw >= px(122):
                label = "Access"
            avail = self.model.layer_availability(o.layer)
            tip = f"{o.label} ({o.key}): {o.tooltip}"
            if not avail.ok:
                tip += f" {avail.reason}"
            b = self.button(
                pygame.Rect(x0 + i * (bw + gap), bar.top + px(4), bw, bar.height - px(8)),
                f"{o.key} {label}",
                tip,
                object_id="@toolbar",
                enabled=avail.ok,
            )
            if o.id in self.active:
                b.select()
            self.overlay_buttons[o.id] = b
        self._build_top(lay)
        self._build_tabs(lay)

    def _build_top(self, lay: Layout) -> None:
        px, top = self.ctx.px, lay.top
        bh = top.height - px(14)
        y = top.top + px(7)
        right = top.right - px(10)
        specs = [
            ("menu_button", "Menu", "Leave this mission for the menu (Esc).", 70),
            ("help_button", "Help", "Every key and mouse binding (F1).", 60),
            ("save_button", "Save", "Quick-save this game to the saves folder (F5).", 60),
            (
                "inject_button",
                "Injects",
                "Instructor: fire one of the mission's scripted injects now (Ctrl+I).",
                76,
            ),
            (
                "instructor_button",
                "Ground truth",
                "Instructor view (I): show the ground truth (every threat, armed groups on "
                "the move, no fog) instead of what the mission knows through early warning "
                "and patrols.",
                116,
            ),
        ]
        for attr, text, tip, wd in specs:
            r = pygame.Rect(right - px(wd), y, px(wd), bh)
            setattr(self, attr, self.button(r, text, tip, object_id="@toolbar"))
            right = r.left - px(6)
        if self.instructor and self.instructor_button is not None:
            self.instructor_button.select()

    def _build_tabs(self, lay: Layout) -> None:
        r = dashboard.tabs_rect(self.ctx, lay.left)
        n = len(dashboard.TABS)
        gap = self.ctx.px(4)
        bw = (r.width - gap * (n - 1)) // n
        self.tab_buttons = {}
        for i, (tid, label, tip) in enumerate(dashboard.TABS):
            b = self.button(
                pygame.Rect(r.left + i * (bw + gap), r.top, bw, r.height),
                label,
                tip,
                object_id="@toolbar",
            )
            if tid == self.left_tab:
                b.select()
            self.tab_buttons[tid] = b

    def _build_command(self, lay: Layout) -> None:
        unit_acts = order_menus.unit_actions(self) if self.selected_unit() is not None else []
        mission_acts = order_menus.mission_actions(self)
        self.command = cl = panels.command_layout(
            self.ctx, lay.side, len(unit_acts), len(mission_acts)
        )
        self.unit_buttons = []
        for (text, tip, oid, ok, fn), r in zip(unit_acts, cl.unit_slots, strict=True):
            b = self.button(r, text, tip, object_id=oid, enabled=ok)
            self.unit_buttons.append((b, fn))
        self.mission_buttons = []
        for (text, tip, oid, ok, fn), r in zip(mission_acts, cl.mission_slots, strict=True):
            b = self.button(r, text, tip, object_id=oid, enabled=ok)
            self.mission_buttons.append((b, fn))
        pend = self.model.pending()
        self.undo_button = self.button(
            cl.undo,
            "Undo",
            f"Take back the last order: {pend[-1][2]} (Ctrl+Z)."
            if pend
            else "Nothing to undo this turn (Ctrl+Z).",
            object_id="@toolbar",
            enabled=bool(pend),
        )
        can = self.model.end_turn_availability()
        self.end_turn_button = self.button(
            cl.end_turn,
            f"End turn  ·  Day {self.model.day}",
            can.reason + " (Enter)" if can.ok else can.reason,
            object_id="#primary",
            enabled=can.ok,
        )

    def _refresh(self) -> None:
        """Rebuild the command panel after the game state changed (labels, enabled states)."""
        self._dynamic_key = None
        self.build()

    # ----------------------------------------------------------------- order menus
    def selected_unit(self) -> UnitView | None:
        """The selected unit, if it is still in the field."""
        return next((u for u in self.model.units() if u.id == self.selected), None)

    def preview(self, cell: tuple[int, int]) -> OptionView | None:
        """The verdict of the right-click order at ``cell`` (cached while nothing changes)."""
        kind = self.target_kind or ("patrol" if self.selected else None)
        if kind is None:
            return None
        key = (kind, self.selected, cell, self.model.version, self.model.session.turn)
        hit = self._preview.get(key)
        if hit is None:
            order = order_menus.target_order(self, kind, cell)
            if order is None:
                return None
            if len(self._preview) > 512:
                self._preview.clear()
            hit = self._preview[key] = self.model.check(order)
        return hit

    # ----------------------------------------------------------------- state changes
    def toggle_overlay(self, overlay_id: str) -> Availability:
        """Show or hide one overlay (if its layer exists)."""
        o = BY_ID[overlay_id]
        avail = self.model.layer_availability(o.layer)
        if not avail.ok:
            self.note = avail.reason
            return avail
        if overlay_id in self.active:
            self.active.remove(overlay_id)
            self.overlay_buttons[overlay_id].unselect()
        else:
            self.active.append(overlay_id)
            self.overlay_buttons[overlay_id].select()
        return avail

    def clear_overlays(self) -> None:
        """Hide every overlay."""
        for oid in self.active:
            self.overlay_buttons[oid].unselect()
        self.active.clear()

    def toggle_instructor(self) -> None:
        """Switch between ground truth and what the mission knows."""
        self.instructor = not self.instructor
        _, why = self.model.knowledge()
        self.note = "Instructor view: ground truth." if self.instructor else why
        if self.instructor_button is not None:
            if self.instructor:
                self.instructor_button.select()
            else:
                self.instructor_button.unselect()

    def end_turn(self) -> Action | None:
        """Play the day through the model and show what happened."""
        from game.ui.resolution import ResolutionOverlay

        if not self.model.end_turn_availability().ok:
            self.note = self.model.end_turn_availability().reason
            return None
        res = self.model.end_turn()
        self.target_kind = None
        self.note = res.headline
        self._seen = (self.model.version, len(self.model.pending()))
        return Push(ResolutionOverlay(self.ctx, self.model, res))

    def undo(self) -> None:
        """Take back the last order of this turn."""
        self.note = self.model.undo()
        self._refresh()

    def quick_save(self) -> str:
        """F5: save to the saves folder through the engine's save format."""
        from game.ui.adapter import Toast

        path = saves_dir(self.ctx.settings_path) / f"quicksave-{self.model.mission.meta.id}{SUFFIX}"
        try:
            msg = self.model.save(path)
            self.model.toasts.append(Toast("Quick-saved", msg, "info"))
        except (SaveError, OSError) as e:
            msg = f"Could not save: {e}"
            self.model.toasts.append(Toast("Save failed", msg, "bad"))
        self.note = msg
        return msg

    def select_next(self) -> None:
        """Select the next unit (Tab) and centre on it."""
        units = self.model.units()
        if not units:
            return
        ids = [u.id for u in units]
        i = (ids.index(self.selected) + 1) % len(ids) if self.selected in ids else 0
        self.select(ids[i])
        self.camera.centre_on(units[i].x + 0.5, units[i].y + 0.5)

    def select(self, unit_id: str | None) -> None:
        """Select a unit (or none) and show its orders."""
        if unit_id != self.selected:
            self.selected = unit_id
            if self.target_kind != "alert_network":
                self.target_kind = None
            self._refresh()

    def centre_on(self, cell: tuple[int, int]) -> None:
        """Centre the map on a cell and mark it (event feed clicks); zooms in if the whole
        map fits the view, so that centring moves something."""
        cam = self.camera
        mw, mh = self.model.size
        for _ in range(4):
            if mw * cam.zoom > cam.view[2] or mh * cam.zoom > cam.view[3]:
                break
            if not cam.zoom_by(1):
                break
        cam.centre_on(cell[0] + 0.5, cell[1] + 0.5)
        self.flash = cell

    # ----------------------------------------------------------------- input
    def on_event(self, event: pygame.event.Event) -> Action | None:
        from game.ui.help import HelpScreen

        for oid, b in self.overlay_buttons.items():
            if pressed(event, b):
                self.toggle_overlay(oid)
                return None
        for tid, b in self.tab_buttons.items():
            if pressed(event, b):
                self.left_tab = tid
                self.list_scroll = 0
                for t, other in self.tab_buttons.items():
                    (other.select if t == tid else other.unselect)()
                return None
        for b, fn in (*self.unit_buttons, *self.mission_buttons):
            if pressed(event, b):
                return fn()
        if pressed(event, self.instructor_button):
            self.toggle_instructor()
        elif pressed(event, self.inject_button):
            return Push(InjectMenu(self.ctx, self.model))
        elif pressed(event, self.save_button):
            self.quick_save()
        elif pressed(event, self.help_button):
            return Push(HelpScreen(self.ctx, "Map"))
        elif pressed(event, self.menu_button):
            return Push(ConfirmLeave(self.ctx))
        elif pressed(event, self.undo_button):
            self.undo()
        elif pressed(event, self.end_turn_button):
            return self.end_turn()
        elif event.type == pygame.KEYDOWN:
            return self._key(event)
        elif event.type == pygame.KEYUP:
            self._held.discard(event.key)
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self._mouse(event)
        elif event.type == pygame.MOUSEWHEEL:
            lay = layout(self.ctx)
            if lay.left.collidepoint(self.mouse):
                lengths = {"events": len(self.model.feed), "findings": len(self.model.findings())}
                if self.left_tab in lengths:  # the wheel scrolls the tab's list, newest on top
                    top = max(0, lengths[self.left_tab] - 1)
                    self.list_scroll = max(0, min(top, self.list_scroll - int(event.y)))
                return None
            anchor = self.mouse if self.camera.cell_at(*self.mouse) else None
            self.camera.zoom_by(1 if event.y > 0 else -1 if event.y < 0 else 0, anchor)
        return None

    def _key(self, event: pygame.event.Event) -> Action | None:
        k = event.key
        ctrl = bool(getattr(event, "mod", 0) & pygame.KMOD_CTRL)
        if ctrl and k == pygame.K_z:
            self.undo()
        elif ctrl and k == pygame.K_i:
            return Push(InjectMenu(self.ctx, self.model))
        elif k == pygame.K_F5:
            self.quick_save()
        elif k in _PAN_KEYS:
            self._held.add(k)
        elif k in _OVERLAY_KEYS:
            self.toggle_overlay(_OVERLAY_KEYS[k])
        elif k == pygame.K_0:
            self.clear_overlays()
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.camera.zoom_by(1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.camera.zoom_by(-1)
        elif k == pygame.K_HOME:
            self.camera.fit()
        elif k == pygame.K_i:
            self.toggle_instructor()
        elif k == pygame.K_TAB:
            self.select_next()
        elif k == pygame.K_BACKSPACE:
            self.undo()
        elif k == pygame.K_n:
            negotiate = order_menus.with_consent(
                self, [o for o in self.model.options(None) if o.order.kind == "negotiate"]
            )
            return Push(ChoiceScreen(self.ctx, self.model, "Negotiate", negotiate))
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.end_turn()
        elif k == pygame.K_ESCAPE:
            if self.target_kind is not None:
                self.target_kind = None
                self.note = ""
            elif self.selected is not None:
                self.select(None)
            else:
                return Push(ConfirmLeave(self.ctx))
        return None

    def toast_rect(self) -> pygame.Rect | None:
        """Where the current notification sits (None if there is none)."""
        if not self.model.toasts:
            return None
        ctx, lay = self.ctx, layout(self.ctx)
        t = self.model.toasts[-1]
        w = min(ctx.px(520), lay.viewport.width - ctx.px(40))
        lines = draw.wrap(ctx.font(13), t.message, w - ctx.px(24))
        h = ctx.px(52) + len(lines) * round(ctx.font(13).get_linesize() * 1.1)
        r = pygame.Rect(0, 0, w, h)
        r.midtop = (lay.viewport.centerx, lay.viewport.top + ctx.px(34))
        return r

    def _mouse(self, event: pygame.event.Event) -> Action | None:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self._press is not None:
                _, x0, y0 = self._press
                if abs(event.pos[0] - x0) + abs(event.pos[1] - y0) > DRAG_THRESHOLD:
                    self._dragging = True
                if self._dragging:
                    self.camera.pan(*event.rel)
            return None
        self.mouse = event.pos
        lay = layout(self.ctx)
        if event.type == pygame.MOUSEBUTTONDOWN:
            toast = self.toast_rect()
            if event.button == 1 and toast is not None and toast.collidepoint(event.pos):
                self.model.toasts.pop()  # the newest, shown on top
                return None
            if event.button == 1 and lay.left.collidepoint(event.pos):
                self._left_click(event.pos)
            elif event.button in (1, 2) and lay.viewport.collidepoint(event.pos):
                self._press = (event.button, *event.pos)
                self._dragging = False
            elif event.button == 3 and lay.viewport.collidepoint(event.pos):
                return self._right_click(event.pos)
            return None
        if self._press is not None and event.button == self._press[0]:
            if not self._dragging and event.button == 1:
                self._click(event.pos)
            self._press = None
            self._dragging = False
        return None

    def _left_click(self, pos: tuple[int, int]) -> None:
        lay = layout(self.ctx)
        body = dashboard.content_rect(self.ctx, lay.left)
        if self.left_tab == "events":
            for r, item in dashboard.feed_rows(self.ctx, body, self):
                if r.collidepoint(pos) and item.cell is not None:
                    self.centre_on(item.cell)
                    self.note = f"Centred on {self.model.place(*item.cell)}: {item.text}"
                    return
        elif self.left_tab == "map":
            mini = dashboard.minimap_rect(self.ctx, body, self.model.size)
            if mini.collidepoint(pos):
                w, h = self.model.size
                self.camera.centre_on(
                    (pos[0] - mini.left) / mini.width * w, (pos[1] - mini.top) / mini.height * h
                )

    def _click(self, pos: tuple[int, int]) -> None:
        hit = self.unit_under(pos)
        self.select(hit.id if hit else None)

    def _right_click(self, pos: tuple[int, int]) -> Action | None:
        cell = self.camera.cell_at(*pos)
        if cell is None:
            return None
        opt = self.preview(cell)
        if opt is None:
            self.note = "Select a unit first (left click or Tab), then right-click where to go."
            return None
        return Push(ConfirmOrder(self.ctx, self.model, opt))

    def update(self, dt: float) -> bool:
        if not self._held:
            return False
        dx = sum(_PAN_KEYS[k][0] for k in self._held if k in _PAN_KEYS)
        dy = sum(_PAN_KEYS[k][1] for k in self._held if k in _PAN_KEYS)
        if dx or dy:
            self.camera.pan(dx * PAN_SPEED * dt, dy * PAN_SPEED * dt)
            return True
        return False

    @property
    def animating(self) -> bool:
        return bool(self._held)

    # ----------------------------------------------------------------- units on screen
    def icon_width(self) -> int:
        """Width of a unit symbol at the current zoom."""
        z = self.camera.zoom
        return self.ctx.px(44 if z >= 8 else 36 if z >= 4 else 30)

    def unit_rects(self) -> list[tuple[UnitView, pygame.Rect]]:
        """Each unit with its symbol's screen rect, bottom of the stack first. Units on
        one cell are stacked like wargame counters."""
        w = self.icon_width()
        h = w * 2 // 3
        out = []
        stacks: dict[tuple[int, int], int] = {}
        step = self.ctx.px(7)
        for u in self.model.units():
            k = stacks.get((u.x, u.y), 0)
            stacks[(u.x, u.y)] = k + 1
            sx, sy = self.camera.to_screen(u.x + 0.5, u.y + 0.5)
            r = pygame.Rect(0, 0, w, h)
            r.center = (round(sx + k * step), round(sy - k * step))
            out.append((u, r))
        return out

    def unit_under(self, pos: tuple[int, int]) -> UnitView | None:
        """The top-most unit whose symbol is under window pixel ``pos``."""
        if not layout(self.ctx).viewport.collidepoint(pos):
            return None
        for u, r in reversed(self.unit_rects()):
            if r.collidepoint(pos):
                return u
        return None

    def symbol(self, unit_type: str, width: int) -> pygame.Surface:
        """The unit symbol scaled to ``width``, cached."""
        key = (unit_type, width)
        img = self._symbols.get(key)
        if img is None:
            base = load_symbol(unit_type)
            bw, bh = base.get_size()
            img = pygame.transform.smoothscale(base, (width, round(bh * width / bw)))
            self._symbols[key] = img
        return img

    # ----------------------------------------------------------------- drawing
    def compose(self) -> None:
        """Bring the cached map picture up to date with the model and the toggles."""
        m = self.model
        colours = pal.overlay_palette(self.ctx.settings.colourblind)
        key = (m.version, m.session.turn, tuple(self.active), colours.name, self.instructor)
        if self.canvas.is_current(key):
            return
        known, _ = (None, "") if self.instructor else m.knowledge()
        layers = []
        for oid in self.active:
            data = m.layer(BY_ID[oid].layer)
            if data is not None:
                layers.append((oid, data))
        self.canvas.compose(
            key, layers, m.version * 1000 + m.session.turn, colours, m.community_names, known
        )

    def draw(self, surface: pygame.Surface) -> None:
        ctx, lay = self.ctx, layout(self.ctx)
        self.compose()
        cam = self.camera
        mw, mh = self.model.size
        if not pygame.Rect(
            round(cam.ox), round(cam.oy), round(mw * cam.zoom), round(mh * cam.zoom)
        ).contains(lay.viewport):
            surface.fill(pal.BG_DEEP, lay.viewport)
        self.canvas.draw(surface, cam)
        clip = surface.get_clip()
        surface.set_clip(lay.viewport)
        aiming = "access" in self.active or self.target_kind is not None
        map_layers.zones(self, surface, closed_only=not aiming)
        map_layers.towns(self, surface)
        map_layers.units(self, surface)
        map_layers.threats(self, surface)
        if self.flash is not None:
            fx, fy = self.camera.to_screen(self.flash[0] + 0.5, self.flash[1] + 0.5)
            rr = max(ctx.px(14), round(self.camera.zoom * 2))
            pygame.draw.circle(surface, pal.GOLD, (fx, fy), rr, ctx.px(3))
        panels.draw_legends(surface, ctx, self.canvas.legends, lay.viewport)
        map_layers.hint(self, surface, lay)
        map_layers.toast(self, surface)
        surface.set_clip(clip)
        if self._strip is None or self._strip.get_size() != lay.toolbar.size:
            self._strip = pygame.Surface(lay.toolbar.size, pygame.SRCALPHA)
            self._strip.fill((*pal.BG_DEEP, 170))
        surface.blit(self._strip, lay.toolbar.topleft)
        self._draw_top(surface, lay)
        dashboard.draw_left(surface, ctx, lay.left, self)
        panels.draw_side(surface, ctx, lay.side, self)
        self._draw_status(surface, lay)

    def draw_over(self, surface: pygame.Surface) -> None:
        self._draw_hover(surface, layout(self.ctx))

    def _draw_top(self, surface: pygame.Surface, lay: Layout) -> None:
        ctx, m = self.ctx, self.model
        surface.fill(pal.BG_DEEP, lay.top)
        pygame.draw.line(surface, pal.UN_BLUE, lay.top.bottomleft, lay.top.bottomright, 2)
        x = ctx.px(14)
        name = ctx.text(m.mission.meta.name, 17, pal.TEXT, bold=True)
        surface.blit(name, (x, lay.top.centery - name.get_height() // 2))
        x += name.get_width() + ctx.px(16)
        day = f"Day {m.day} of {m.mission.end.turn_limit}"
        if m.date:
            day += f" · {m.date:%d %b %Y}"
        img = ctx.text(day, 14, pal.GOLD, bold=True)
        surface.blit(img, (x, lay.top.centery - img.get_height() // 2))
        x += img.get_width() + ctx.px(16)
        mode = "TRAINING (STRICT)" if m.mode == "strict" else "FREE PLAY"
        view = "GROUND TRUTH" if self.instructor else "MISSION VIEW"
        img = ctx.text(
            f"{mode} · {view}", 11, pal.DANGER if self.instructor else pal.MUTED, bold=True
        )
        surface.blit(img, (x, lay.top.centery - img.get_height() // 2))

    def _draw_status(self, surface: pygame.Surface, lay: Layout) -> None:
        ctx = self.ctx
        surface.fill(pal.BG_DEEP, lay.status)
        pygame.draw.line(surface, pal.BORDER, lay.status.topleft, lay.status.topright)
        cell = self.camera.cell_at(*self.mouse)
        text = self.model.cell_info(*cell) if cell else (self.note or "Hover the map for details")
        right = ctx.text(
            f"{self.model.source_note} · zoom {self.camera.zoom:g}× · F1 help", 12, pal.MUTED
        )
        surface.blit(
            right, right.get_rect(midright=(lay.status.right - ctx.px(12), lay.status.centery))
        )
        room = lay.status.width - right.get_width() - ctx.px(48)
        img = ctx.text(draw.fit(ctx.font(13), text, room), 13, pal.TEXT)
        surface.blit(img, (ctx.px(12), lay.status.centery - img.get_height() // 2))

    def _draw_hover(self, surface: pygame.Surface, lay: Layout) -> None:
        if lay.left.collidepoint(self.mouse):
            tip = dashboard.hover_lines(self.ctx, lay.left, self)
            if tip:
                bounds = pygame.Rect(0, lay.top.bottom, lay.viewport.right, lay.viewport.height)
                panels.tooltip(surface, self.ctx, tip, self.mouse, bounds)
            return
        if self._press is not None or not lay.viewport.collidepoint(self.mouse):
            return
        u = self.unit_under(self.mouse)
        if u is not None:
            lines = [
                u.name,
                f"{u.type.replace('_', ' ')} · {u.strength:,} · {u.country}",
                f"posture {u.posture} · readiness {u.readiness:.0%}",
            ]
            if u.caveats:
                lines.append("caveats: " + ", ".join(c.replace("_", " ") for c in u.caveats))
            lines.append("Left click: select · right click (selected): patrol there")
            panels.tooltip(surface, self.ctx, lines, self.mouse, lay.viewport)
            return
        cell = self.camera.cell_at(*self.mouse)
        opt = self.preview(cell) if cell is not None else None
        if opt is None:
            return
        from game.ui.orders import VERDICT_WORDS

        colour = VERDICT_COLOURS[opt.kind]
        lines = [f"Right-click: {opt.label}", VERDICT_WORDS[opt.kind]]
        if opt.verdict.clause:
            lines.append(f"Clause {opt.verdict.clause}")
        if opt.kind != "allowed":
            lines.extend(draw.wrap(self.ctx.font(13), opt.verdict.reason, self.ctx.px(420)))
        panels.tooltip(surface, self.ctx, lines, self.mouse, lay.viewport, accent=colour)
