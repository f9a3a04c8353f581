"""The map view's side panel (minimap, selected unit, overlay legend, log) and tooltips."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.ui import draw
from game.ui import palette as pal
from game.ui.overlays import Legend
from game.ui.screen import Context

if TYPE_CHECKING:
    from game.ui.mapview import MapView


def minimap_rect(ctx: Context, side: pygame.Rect, size: tuple[int, int]) -> pygame.Rect:
    """Where the minimap sits in the side panel (keeps the map's aspect ratio)."""
    w, h = size
    box_w, box_h = side.width - ctx.px(32), ctx.px(200)
    k = min(box_w / w, box_h / h)
    r = pygame.Rect(0, 0, round(w * k), round(h * k))
    r.midtop = (side.centerx, side.top + ctx.px(40))
    return r


def heading(surface: pygame.Surface, ctx: Context, text: str, x: int, y: int, w: int) -> int:
    """A small caps section heading with a rule; returns the y below it."""
    img = ctx.text(text.upper(), 12, pal.ACCENT, bold=True)
    surface.blit(img, (x, y))
    y += img.get_height() + ctx.px(4)
    pygame.draw.line(surface, pal.BORDER, (x, y), (x + w, y))
    return y + ctx.px(8)


def draw_side(surface: pygame.Surface, ctx: Context, side: pygame.Rect, view: MapView) -> None:
    """Paint the whole side panel for ``view``."""
    surface.fill(pal.PANEL, side)
    pygame.draw.line(surface, pal.BORDER, side.topleft, side.bottomleft)
    x, w = side.left + ctx.px(16), side.width - ctx.px(32)
    heading(surface, ctx, "Area of operations", x, side.top + ctx.px(12), w)
    mini = minimap_rect(ctx, side, view.model.size)
    _minimap(surface, view, mini)
    y = mini.bottom + ctx.px(16)
    y = heading(surface, ctx, "Selected unit", x, y, w)
    y = _unit_card(surface, ctx, view, x, y, w)
    y = heading(surface, ctx, "Overlays", x, y + ctx.px(12), w)
    y = _legends(surface, ctx, view.canvas.legends, x, y, w)
    limit = side.bottom - ctx.px(78)
    if y + ctx.px(60) < limit:
        y = heading(surface, ctx, "Log", x, y + ctx.px(12), w)
        msgs = view.model.messages
        notes = ([view.note] if view.note and view.note not in msgs[:1] else []) + msgs
        if not view.model.live:
            notes.append(view.model.source_note)
        for line in notes or ["Orders and reports appear here."]:
            if y > limit - ctx.px(18):
                break
            y = draw.paragraph(surface, ctx, line, (x, y), w, 12, pal.MUTED) + ctx.px(2)


def _minimap(surface: pygame.Surface, view: MapView, r: pygame.Rect) -> None:
    key = view.canvas._key
    if view._minimap is None or view._minimap[0] != (key, r.size):
        pic = pygame.transform.smoothscale(view.canvas.native, r.size)
        view._minimap = ((key, r.size), pic)
    surface.blit(view._minimap[1], r)
    pygame.draw.rect(surface, pal.BORDER, r, 1)
    cam = view.camera
    x0, y0, x1, y1 = cam.visible_cells()
    mw, mh = view.model.size
    vr = pygame.Rect(
        r.left + x0 * r.width / mw,
        r.top + y0 * r.height / mh,
        max(2, (x1 - x0) * r.width / mw),
        max(2, (y1 - y0) * r.height / mh),
    ).clip(r)
    pygame.draw.rect(surface, pal.TEXT, vr, 1)
    for u in view.model.units():
        p = (r.left + (u.x + 0.5) * r.width / mw, r.top + (u.y + 0.5) * r.height / mh)
        pygame.draw.rect(surface, pal.FRIEND_FILL, (p[0] - 2, p[1] - 2, 4, 4))


def _unit_card(surface: pygame.Surface, ctx: Context, view: MapView, x: int, y: int, w: int) -> int:
    unit = next((u for u in view.model.units() if u.id == view.selected), None)
    if unit is None:
        return draw.paragraph(
            surface, ctx, "None. Click a unit on the map, or press Tab.", (x, y), w, 13, pal.MUTED
        )
    sym = view.symbol(unit.type, ctx.px(60))
    surface.blit(sym, (x, y))
    tx = x + sym.get_width() + ctx.px(12)
    surface.blit(ctx.text(unit.name, 15, pal.TEXT, bold=True), (tx, y))
    surface.blit(
        ctx.text(f"{unit.type.replace('_', ' ')} · {unit.country}", 12, pal.MUTED),
        (tx, y + ctx.px(21)),
    )
    y += sym.get_height() + ctx.px(8)
    rows = [
        ("Strength", f"{unit.strength:,}"),
        ("Posture", unit.posture),
        ("Position", f"({unit.x}, {unit.y})"),
        ("Orders", f"move to {unit.destination}" if unit.destination else "none"),
    ]
    for label, value in rows:
        surface.blit(ctx.text(label, 12, pal.MUTED), (x, y))
        surface.blit(ctx.text(value, 12, pal.TEXT, bold=True), (x + ctx.px(80), y))
        y += ctx.px(18)
    surface.blit(ctx.text("Readiness", 12, pal.MUTED), (x, y))
    bar = pygame.Rect(x + ctx.px(80), y + ctx.px(4), w - ctx.px(80), ctx.px(8))
    pygame.draw.rect(surface, pal.BORDER, bar, border_radius=3)
    fill = bar.copy()
    fill.width = round(bar.width * max(0.0, min(1.0, unit.readiness)))
    pygame.draw.rect(
        surface, pal.OK if unit.readiness >= 0.5 else pal.DANGER, fill, border_radius=3
    )
    y += ctx.px(18)
    if unit.caveats:
        y = draw.paragraph(
            surface,
            ctx,
            "Caveats: " + ", ".join(c.replace("_", " ") for c in unit.caveats),
            (x, y),
            w,
            12,
            pal.GOLD,
        )
    return y


def _legends(
    surface: pygame.Surface, ctx: Context, legends: list[Legend], x: int, y: int, w: int
) -> int:
    if not legends:
        return draw.paragraph(
            surface, ctx, "None shown. Keys 1-7 or the toolbar.", (x, y), w, 13, pal.MUTED
        )
    colours = pal.overlay_palette(ctx.settings.colourblind)
    for lg in legends:
        surface.blit(ctx.text(lg.overlay.label, 13, pal.TEXT, bold=True), (x, y))
        y += ctx.px(19)
        if lg.swatches:
            sx = x
            for name, colour in lg.swatches:
                label = ctx.text(name, 12, pal.MUTED)
                need = ctx.px(18) + label.get_width() + ctx.px(12)
                if sx + need > x + w:
                    sx, y = x, y + ctx.px(18)
                pygame.draw.rect(
                    surface, colour, (sx, y + ctx.px(2), ctx.px(12), ctx.px(12)), border_radius=2
                )
                surface.blit(label, (sx + ctx.px(17), y))
                sx += need
            y += ctx.px(20)
        else:
            bar = pygame.Rect(x, y + ctx.px(2), w - ctx.px(118), ctx.px(10))
            surface.blit(ramp_bar(colours, lg.overlay.id, bar.size), bar)
            top = "max " + legend_value(lg)
            surface.blit(ctx.text(top, 11, pal.MUTED), (bar.right + ctx.px(6), y))
            y += ctx.px(20)
    return y


_RAMPS: dict[tuple[str, str, tuple[int, int]], pygame.Surface] = {}


def ramp_bar(colours: pal.OverlayPalette, ramp: str, size: tuple[int, int]) -> pygame.Surface:
    """A horizontal colour bar of one ramp, cached (drawn every frame in the legend)."""
    key = (colours.name, ramp, size)
    bar = _RAMPS.get(key)
    if bar is None:
        w, h = size
        idx = np.linspace(0, 255, max(1, w)).round().astype(np.intp)
        rgb = np.repeat(colours.ramps[ramp][idx][:, None, :], max(1, h), axis=1)
        bar = pygame.surfarray.make_surface(rgb)
        _RAMPS[key] = bar
    return bar


def legend_value(lg: Legend) -> str:
    """The top of an overlay's scale, in the overlay's own unit."""
    v = lg.vmax
    if lg.overlay.id == "threat":
        return f"{v * 100:.2g}% a day"
    return f"{v:,.0f}" if v >= 10 else f"{v:.2f}"


def tooltip(
    surface: pygame.Surface,
    ctx: Context,
    lines: list[str],
    pos: tuple[int, int],
    bounds: pygame.Rect,
) -> None:
    """A tooltip box near ``pos``, kept inside ``bounds``; the first line is bold."""
    imgs = [ctx.text(s, 13, pal.TEXT, bold=(i == 0)) for i, s in enumerate(lines)]
    pad = ctx.px(8)
    w = max(i.get_width() for i in imgs) + 2 * pad
    h = sum(i.get_height() for i in imgs) + 2 * pad
    r = pygame.Rect(pos[0] + ctx.px(16), pos[1] + ctx.px(16), w, h)
    r.clamp_ip(bounds)
    box = pygame.Surface(r.size, pygame.SRCALPHA)
    box.fill((*pal.BG_DEEP, 240))
    surface.blit(box, r)
    pygame.draw.rect(surface, pal.UN_BLUE, r, 1, border_radius=ctx.px(4))
    y = r.top + pad
    for img in imgs:
        surface.blit(img, (r.left + pad, y))
        y += img.get_height()
