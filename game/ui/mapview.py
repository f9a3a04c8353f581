"""The map view: the mission's ground, overlays, units, and the command side panel.

All game state comes from one :class:`~game.ui.adapter.GameModel`; this screen only
shows it and turns clicks and keys into the model's calls (select, move, end turn).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import draw, panels
from game.ui import palette as pal
from game.ui.adapter import Availability, GameModel, UnitView
from game.ui.camera import Camera
from game.ui.mapcanvas import MapCanvas
from game.ui.overlays import BY_ID, OVERLAYS
from game.ui.screen import Action, Context, Pop, Push, Screen, TipButton, pressed
from game.ui.symbols import load_symbol

PAN_SPEED = 900.0
"""Keyboard pan speed in window pixels per second."""
DRAG_THRESHOLD = 4
"""Pixels the mouse must move with a button down before a click becomes a drag."""

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


@dataclass
class Layout:
    """Where each part of the map view sits, in window pixels."""

    top: pygame.Rect
    viewport: pygame.Rect
    side: pygame.Rect
    status: pygame.Rect
    toolbar: pygame.Rect


def layout(ctx: Context) -> Layout:
    """Top bar, map viewport, side panel and status bar for the current window."""
    w, h = ctx.size
    top_h, status_h, side_w = ctx.px(52), ctx.px(28), ctx.px(330)
    view = pygame.Rect(0, top_h, w - side_w, h - top_h - status_h)
    bar_h = ctx.px(40)
    return Layout(
        top=pygame.Rect(0, 0, w, top_h),
        viewport=view,
        side=pygame.Rect(w - side_w, top_h, side_w, h - top_h - status_h),
        status=pygame.Rect(0, h - status_h, w, status_h),
        toolbar=pygame.Rect(view.left, view.bottom - bar_h - ctx.px(8), view.width, bar_h),
    )


class ConfirmLeave(Screen):
    """Asks before leaving a mission (nothing is saved yet)."""

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
            "Back to the menu; this game is not saved (Enter).",
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
            "Saving arrives with the turn engine, so this game will be lost.",
            inner.topleft,
            inner.width,
            15,
            pal.TEXT,
        )


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
        self.note = ""
        self.mouse = (0, 0)
        self._press: tuple[int, int, int] | None = None  # button, x, y
        self._dragging = False
        self._held: set[int] = set()
        self._symbols: dict[tuple[str, int], pygame.Surface] = {}
        self.overlay_buttons: dict[str, TipButton] = {}
        self.instructor_button: TipButton | None = None
        self.help_button: TipButton | None = None
        self.menu_button: TipButton | None = None
        self.end_turn_button: TipButton | None = None
        self._minimap: tuple[tuple[object, ...], pygame.Surface] | None = None
        self._strip: pygame.Surface | None = None

    # ----------------------------------------------------------------- widgets
    def build(self) -> None:
        ctx, lay = self.ctx, layout(self.ctx)
        self.camera.view = (lay.viewport.x, lay.viewport.y, lay.viewport.w, lay.viewport.h)
        self.camera.clamp()
        px = ctx.px
        bar = lay.toolbar
        n = len(OVERLAYS)
        gap = px(6)
        bw = min(px(124), (bar.width - px(16) - gap * (n - 1)) // n)
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
                f"{o.key}  {label}",
                tip,
                object_id="@toolbar",
                enabled=avail.ok,
            )
            if o.id in self.active:
                b.select()
            self.overlay_buttons[o.id] = b
        top = lay.top
        bh = top.height - px(16)
        right = top.right - px(12)
        self.menu_button = self.button(
            pygame.Rect(right - px(84), top.top + px(8), px(84), bh),
            "Menu",
            "Leave this mission for the menu (Esc).",
            object_id="@toolbar",
        )
        self.help_button = self.button(
            pygame.Rect(right - px(84) - px(70), top.top + px(8), px(62), bh),
            "Help",
            "Every key and mouse binding (F1).",
            object_id="@toolbar",
        )
        _, why = self.model.knowledge()
        self.instructor_button = self.button(
            pygame.Rect(right - px(154) - px(150), top.top + px(8), px(142), bh),
            "Instructor view",
            "Instructor view (I): show the ground truth instead of what the mission knows. " + why,
            object_id="@toolbar",
        )
        if self.instructor:
            self.instructor_button.select()
        side = lay.side
        can = self.model.end_turn_availability()
        self.end_turn_button = self.button(
            pygame.Rect(side.left + px(16), side.bottom - px(66), side.width - px(32), px(52)),
            f"End turn  ·  Day {self.model.day}",
            can.reason + " (Enter)" if can.ok else can.reason,
            object_id="#primary",
            enabled=can.ok,
        )

    def _refresh(self) -> None:
        """Rebuild the widgets after the game state changed (labels, enabled states)."""
        self.teardown()
        self.build()

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
        self.note = (
            "Instructor view: ground truth."
            if self.instructor
            else "Mission view: what the mission knows. "
        ) + ("" if self.instructor else why)
        if self.instructor_button is not None:
            if self.instructor:
                self.instructor_button.select()
            else:
                self.instructor_button.unselect()

    def end_turn(self) -> None:
        """Play the day through the model."""
        lines = self.model.end_turn()
        self.note = lines[0] if lines else ""
        self._refresh()

    def select_next(self) -> None:
        """Select the next unit (Tab) and centre on it."""
        units = self.model.units()
        if not units:
            return
        ids = [u.id for u in units]
        i = (ids.index(self.selected) + 1) % len(ids) if self.selected in ids else 0
        self.selected = ids[i]
        self.camera.centre_on(units[i].x + 0.5, units[i].y + 0.5)

    # ----------------------------------------------------------------- input
    def on_event(self, event: pygame.event.Event) -> Action | None:
        from game.ui.help import HelpScreen

        for oid, b in self.overlay_buttons.items():
            if pressed(event, b):
                self.toggle_overlay(oid)
                return None
        if pressed(event, self.instructor_button):
            self.toggle_instructor()
        elif pressed(event, self.help_button):
            return Push(HelpScreen(self.ctx, "Map"))
        elif pressed(event, self.menu_button):
            return Push(ConfirmLeave(self.ctx))
        elif pressed(event, self.end_turn_button):
            self.end_turn()
        elif event.type == pygame.KEYDOWN:
            return self._key(event)
        elif event.type == pygame.KEYUP:
            self._held.discard(event.key)
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            self._mouse(event)
        elif event.type == pygame.MOUSEWHEEL:
            anchor = self.mouse if self.camera.cell_at(*self.mouse) else None
            self.camera.zoom_by(1 if event.y > 0 else -1 if event.y < 0 else 0, anchor)
        return None

    def _key(self, event: pygame.event.Event) -> Action | None:
        k = event.key
        if k in _PAN_KEYS:
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
        elif k == pygame.K_BACKSPACE and self.selected:
            self.model.cancel_move(self.selected)
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.model.end_turn_availability().ok:
                self.end_turn()
            else:
                self.note = self.model.end_turn_availability().reason
        elif k == pygame.K_ESCAPE:
            if self.selected is not None:
                self.selected = None
            else:
                return Push(ConfirmLeave(self.ctx))
        return None

    def _mouse(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self._press is not None:
                _, x0, y0 = self._press
                if abs(event.pos[0] - x0) + abs(event.pos[1] - y0) > DRAG_THRESHOLD:
                    self._dragging = True
                if self._dragging:
                    self.camera.pan(*event.rel)
            return
        self.mouse = event.pos
        lay = layout(self.ctx)
        mini = panels.minimap_rect(self.ctx, lay.side, self.model.size)
        if event.type == pygame.MOUSEBUTTONDOWN:
            if event.button == 1 and mini.collidepoint(event.pos):
                w, h = self.model.size
                self.camera.centre_on(
                    (event.pos[0] - mini.left) / mini.width * w,
                    (event.pos[1] - mini.top) / mini.height * h,
                )
            elif event.button in (1, 2) and lay.viewport.collidepoint(event.pos):
                self._press = (event.button, *event.pos)
                self._dragging = False
            elif event.button == 3:
                self._order_move(event.pos)
            return
        if self._press is not None and event.button == self._press[0]:
            if not self._dragging and event.button == 1:
                self._click(event.pos)
            self._press = None
            self._dragging = False

    def _click(self, pos: tuple[int, int]) -> None:
        hit = self.unit_under(pos)
        self.selected = hit.id if hit else None
        self.note = "" if hit else self.note

    def _order_move(self, pos: tuple[int, int]) -> None:
        cell = self.camera.cell_at(*pos)
        if self.selected is None or cell is None:
            self.note = "Select a unit first (left click or Tab), then right-click where to go."
            return
        self.note = self.model.order_move(self.selected, *cell).reason

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
        return self.ctx.px(48 if z >= 8 else 40 if z >= 4 else 32)

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
        key = (m.version, m.day, tuple(self.active), colours.name, self.instructor)
        if self.canvas.is_current(key):
            return
        known, _ = (None, "") if self.instructor else m.knowledge()
        layers = []
        for oid in self.active:
            data = m.layer(BY_ID[oid].layer)
            if data is not None:
                layers.append((oid, data))
        self.canvas.compose(key, layers, m.version, colours, m.community_names, known)

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
        if "access" in self.active:
            self._draw_zones(surface)
        self._draw_towns(surface)
        self._draw_units(surface)
        surface.set_clip(clip)
        # toolbar backing strip
        if self._strip is None or self._strip.get_size() != lay.toolbar.size:
            self._strip = pygame.Surface(lay.toolbar.size, pygame.SRCALPHA)
            self._strip.fill((*pal.BG_DEEP, 170))
        surface.blit(self._strip, lay.toolbar.topleft)
        self._draw_top(surface, lay)
        panels.draw_side(surface, ctx, lay.side, self)
        self._draw_status(surface, lay)
        self._draw_hover(surface, lay)

    def _draw_towns(self, surface: pygame.Surface) -> None:
        ctx, z = self.ctx, self.camera.zoom
        size = 13 if z < 4 else 15
        for t in self.model.towns():
            sx, sy = self.camera.to_screen(t.x + 0.5, t.y + 0.5)
            r = max(ctx.px(3), round((t.radius + 0.5) * z))
            if z >= 2:
                pygame.draw.circle(surface, (240, 236, 226), (sx, sy), r, max(1, ctx.px(1)))
            else:
                pygame.draw.circle(surface, (20, 20, 24), (sx, sy), ctx.px(4))
                pygame.draw.circle(surface, (240, 236, 226), (sx, sy), ctx.px(3))
            label = draw.halo(ctx, t.name, size, (250, 246, 236))
            lr = label.get_rect(midbottom=(sx, sy - r - ctx.px(2)))
            if t.poc_site:
                chip = ctx.text(f"POC {t.poc_site:,}", 11, pal.BG_DEEP, bold=True)
                cr = chip.get_rect().inflate(ctx.px(8), ctx.px(2))
                lr.centerx -= (cr.width + ctx.px(4)) // 2
                cr.midleft = (lr.right + ctx.px(2), lr.centery)
                pygame.draw.rect(surface, pal.FRIEND_FILL, cr, border_radius=ctx.px(3))
                surface.blit(chip, chip.get_rect(center=cr.center))
            surface.blit(label, lr)

    def _draw_zones(self, surface: pygame.Surface) -> None:
        ctx, z = self.ctx, self.camera.zoom
        for zone in self.model.consent_zones():
            sx, sy = self.camera.to_screen(zone.x + 0.5, zone.y + 0.5)
            r = max(2, round(zone.radius * z))
            pygame.draw.circle(surface, pal.GOLD, (sx, sy), r, max(2, ctx.px(2)))
            label = draw.halo(
                ctx,
                f"{zone.name}: needs {zone.faction} consent of {zone.min_consent:.0%}",
                12,
                pal.GOLD,
            )
            lr = label.get_rect(midbottom=(sx, sy - r - ctx.px(3)))
            lr.clamp_ip(pygame.Rect(self.camera.view))
            surface.blit(label, lr)

    def _draw_units(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        rects = self.unit_rects()
        for u, r in rects:
            if u.destination is not None:
                dx, dy = self.camera.to_screen(u.destination[0] + 0.5, u.destination[1] + 0.5)
                colour = pal.GOLD if u.id == self.selected else pal.FRIEND_FILL
                _dashed(surface, colour, r.center, (dx, dy), ctx.px(2), ctx.px(8))
                s = ctx.px(6)
                pygame.draw.line(surface, colour, (dx - s, dy - s), (dx + s, dy + s), ctx.px(3))
                pygame.draw.line(surface, colour, (dx - s, dy + s), (dx + s, dy - s), ctx.px(3))
        for u, r in rects:
            shadow = pygame.Rect(r.left + 2, r.top + 2, r.width, r.height)
            pygame.draw.rect(surface, (0, 0, 0), shadow)
            surface.blit(self.symbol(u.type, r.width), r)
            if u.id == self.selected:
                pygame.draw.rect(
                    surface,
                    pal.GOLD,
                    r.inflate(ctx.px(8), ctx.px(8)),
                    ctx.px(3),
                    border_radius=ctx.px(4),
                )
        if self.camera.zoom >= 4:
            for u, r in rects:
                if u.id == self.selected:
                    label = draw.halo(ctx, u.name, 12, pal.GOLD)
                    surface.blit(label, label.get_rect(midtop=(r.centerx, r.bottom + ctx.px(4))))

    def _draw_top(self, surface: pygame.Surface, lay: Layout) -> None:
        ctx, m = self.ctx, self.model
        surface.fill(pal.BG_DEEP, lay.top)
        pygame.draw.line(surface, pal.UN_BLUE, lay.top.bottomleft, lay.top.bottomright, 2)
        x = ctx.px(16)
        name = ctx.text(m.mission.meta.name, 18, pal.TEXT, bold=True)
        surface.blit(name, (x, lay.top.centery - name.get_height() // 2))
        x += name.get_width() + ctx.px(18)
        day = f"Day {m.day} of {m.mission.end.turn_limit}"
        if m.date:
            day += f"  ·  {m.date:%d %b %Y}"
        img = ctx.text(day, 15, pal.GOLD, bold=True)
        surface.blit(img, (x, lay.top.centery - img.get_height() // 2))
        x += img.get_width() + ctx.px(18)
        mode = "INSTRUCTOR: GROUND TRUTH" if self.instructor else "MISSION VIEW"
        img = ctx.text(mode, 12, pal.DANGER if self.instructor else pal.MUTED, bold=True)
        surface.blit(img, (x, lay.top.centery - img.get_height() // 2))

    def _draw_status(self, surface: pygame.Surface, lay: Layout) -> None:
        ctx = self.ctx
        surface.fill(pal.BG_DEEP, lay.status)
        pygame.draw.line(surface, pal.BORDER, lay.status.topleft, lay.status.topright)
        cell = self.camera.cell_at(*self.mouse)
        text = self.model.cell_info(*cell) if cell else (self.note or "Hover the map for details")
        source = "Live simulation" if self.model.live else "Map preview (no simulation)"
        right = ctx.text(f"{source}   ·   zoom {self.camera.zoom:g}×", 12, pal.MUTED)
        surface.blit(
            right, right.get_rect(midright=(lay.status.right - ctx.px(12), lay.status.centery))
        )
        room = lay.status.width - right.get_width() - ctx.px(48)
        img = ctx.text(draw.fit(ctx.font(13), text, room), 13, pal.TEXT)
        surface.blit(img, (ctx.px(12), lay.status.centery - img.get_height() // 2))

    def _draw_hover(self, surface: pygame.Surface, lay: Layout) -> None:
        if self._press is not None:
            return
        u = self.unit_under(self.mouse)
        if u is None:
            return
        lines = [
            u.name,
            f"{u.type.replace('_', ' ')} · {u.strength:,} · {u.country}",
            f"posture {u.posture} · readiness {u.readiness:.0%}",
        ]
        if u.caveats:
            lines.append("caveats: " + ", ".join(c.replace("_", " ") for c in u.caveats))
        lines.append("Left click: select · right click (selected): move")
        panels.tooltip(surface, self.ctx, lines, self.mouse, lay.viewport)


def _dashed(
    surface: pygame.Surface,
    colour: tuple[int, int, int],
    a: tuple[float, float],
    b: tuple[float, float],
    width: int,
    dash: int,
) -> None:
    """A dashed line from ``a`` to ``b``."""
    ax, ay = a
    bx, by = b
    length = max(1.0, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
    n = int(length // dash)
    for i in range(0, n, 2):
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(
            surface,
            colour,
            (ax + (bx - ax) * t0, ay + (by - ay) * t0),
            (ax + (bx - ax) * t1, ay + (by - ay) * t1),
            width,
        )
