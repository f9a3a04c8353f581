"""The map view's command panel (selected unit, orders, mission actions, pending orders),
the overlay legends, the minimap and tooltips."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui import draw
from game.ui import palette as pal
from game.ui.map_state import CommandLayout, MapState
from game.ui.screen import Context
from game.view.overlays import Legend


def heading(surface: pygame.Surface, ctx: Context, text: str, x: int, y: int, w: int) -> int:
    """A small caps section heading with a rule; returns the y below it."""
    img = ctx.text(text.upper(), 12, pal.ACCENT, bold=True)
    surface.blit(img, (x, y))
    y += img.get_height() + ctx.px(4)
    pygame.draw.line(surface, pal.BORDER, (x, y), (x + w, y))
    return y + ctx.px(8)


def _grid(ctx: Context, x: int, y: int, w: int, n: int) -> tuple[list[pygame.Rect], int]:
    gap, h = ctx.px(6), ctx.px(28)
    bw = (w - gap) // 2
    out = [pygame.Rect(x + (i % 2) * (bw + gap), y + (i // 2) * (h + gap), bw, h) for i in range(n)]
    rows = (n + 1) // 2
    return out, y + rows * (h + gap)


def command_layout(ctx: Context, side: pygame.Rect, n_unit: int, n_mission: int) -> CommandLayout:
    """The command panel: unit card, unit orders, mission actions, pending orders, End turn."""
    x, w = side.left + ctx.px(12), side.width - ctx.px(24)
    y = side.top + ctx.px(10)
    card = pygame.Rect(x, y + ctx.px(22), w, ctx.px(58))
    y = card.bottom + ctx.px(6)
    unit_head = y
    unit_slots, y = _grid(ctx, x, y + ctx.px(22), w, max(n_unit, 0))
    if n_unit == 0:
        y += ctx.px(18)
    mission_head = y + ctx.px(4)
    mission_slots, y = _grid(ctx, x, mission_head + ctx.px(22), w, n_mission)
    end_turn = pygame.Rect(x, side.bottom - ctx.px(60), w, ctx.px(50))
    undo = pygame.Rect(x + w - ctx.px(120), end_turn.top - ctx.px(36), ctx.px(120), ctx.px(28))
    pending_head = y + ctx.px(4)
    pending = pygame.Rect(x, pending_head + ctx.px(22), w, undo.top - pending_head - ctx.px(26))
    return CommandLayout(
        card,
        unit_head,
        unit_slots,
        mission_head,
        mission_slots,
        pending_head,
        pending,
        undo,
        end_turn,
    )


def draw_side(surface: pygame.Surface, ctx: Context, side: pygame.Rect, view: MapState) -> None:
    """Paint the command panel for ``view`` (its buttons are pygame_gui widgets on top)."""
    surface.fill(pal.PANEL, side)
    pygame.draw.line(surface, pal.BORDER, side.topleft, side.bottomleft)
    lay = view.command
    if lay is None:
        return
    x, w = lay.card.left, lay.card.width
    heading(surface, ctx, "Selected unit", x, lay.card.top - ctx.px(22), w)
    _unit_card(surface, ctx, view, lay.card)
    unit = view.selected_unit()
    heading(surface, ctx, f"Orders · {unit.name}" if unit else "Unit orders", x, lay.unit_head, w)
    if unit is None:
        surface.blit(
            ctx.text("Select a unit to see its orders.", 12, pal.MUTED),
            (x, lay.unit_head + ctx.px(22)),
        )
    heading(surface, ctx, "Mission actions", x, lay.mission_head, w)
    pend = view.model.pending()
    heading(surface, ctx, f"Pending orders ({len(pend)})", x, lay.pending_head, w)
    y = lay.pending.top
    if not pend:
        y = draw.paragraph(
            surface,
            ctx,
            "None yet. Orders are carried out when the turn ends.",
            (x, y),
            w,
            12,
            pal.MUTED,
        )
    from game.ui.orders import VERDICT_COLOURS

    for _, v, label in pend[-6:]:
        if y > lay.pending.bottom - ctx.px(14):
            break
        colour = VERDICT_COLOURS["finding" if v.status == "finding" else "allowed"]
        pygame.draw.circle(surface, colour, (x + ctx.px(4), y + ctx.px(8)), ctx.px(3))
        img = ctx.text(draw.fit(ctx.font(11), label, w - ctx.px(12)), 11, pal.TEXT)
        surface.blit(img, (x + ctx.px(12), y))
        y += ctx.px(16)
    note = view.note
    if note and lay.undo.top - ctx.px(2) > y:
        surface.blit(
            ctx.text(draw.fit(ctx.font(11), note, w - ctx.px(128)), 11, pal.GOLD),
            (x, lay.undo.top + ctx.px(6)),
        )


def draw_minimap(surface: pygame.Surface, view: MapState, r: pygame.Rect) -> None:
    """The whole map, the visible part outlined, units as dots."""
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


def _unit_card(surface: pygame.Surface, ctx: Context, view: MapState, card: pygame.Rect) -> None:
    unit = view.selected_unit()
    x, y, w = card.left, card.top, card.width
    if unit is None:
        draw.paragraph(
            surface, ctx, "None. Click a unit on the map, or press Tab.", (x, y), w, 13, pal.MUTED
        )
        return
    sym = view.symbol(unit.type, ctx.px(54))
    surface.blit(sym, (x, y))
    tx = x + sym.get_width() + ctx.px(10)
    surface.blit(
        ctx.text(
            draw.fit(ctx.font(14, True), unit.name, w - sym.get_width() - ctx.px(10)),
            14,
            pal.TEXT,
            bold=True,
        ),
        (tx, y),
    )
    surface.blit(
        ctx.text(
            f"{unit.type.replace('_', ' ')} · {unit.strength:,} · {unit.country}", 11, pal.MUTED
        ),
        (tx, y + ctx.px(19)),
    )
    dest = f" to {unit.destination}" if unit.destination else ""
    line = f"{unit.posture} at ({unit.x}, {unit.y}){dest} · ready {unit.readiness:.0%}"
    surface.blit(
        ctx.text(draw.fit(ctx.font(11), line, w - sym.get_width() - ctx.px(10)), 11, pal.TEXT),
        (tx, y + ctx.px(35)),
    )
    if unit.caveats:
        cav = "caveats: " + ", ".join(c.replace("_", " ") for c in unit.caveats)
        surface.blit(  # under the status line, in the text column (clear of the symbol)
            ctx.text(draw.fit(ctx.font(11), cav, w - sym.get_width() - ctx.px(10)), 11, pal.GOLD),
            (tx, y + ctx.px(50)),
        )


def draw_legends(
    surface: pygame.Surface, ctx: Context, legends: list[Legend], viewport: pygame.Rect
) -> None:
    """The shown overlays' legends in a box at the top left of the map."""
    if not legends:
        return
    w = ctx.px(250)
    probe = pygame.Surface((w, ctx.px(400)), pygame.SRCALPHA)
    h = _legends(probe, ctx, legends, ctx.px(8), ctx.px(6), w - ctx.px(16)) + ctx.px(2)
    box = pygame.Rect(viewport.left + ctx.px(8), viewport.top + ctx.px(36), w, h)
    bg = pygame.Surface(box.size, pygame.SRCALPHA)
    bg.fill((*pal.BG_DEEP, 215))
    surface.blit(bg, box)
    surface.blit(probe, box.topleft, pygame.Rect(0, 0, w, h))


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
    accent: tuple[int, int, int] = pal.UN_BLUE,
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
    pygame.draw.rect(surface, accent, r, 2 if accent != pal.UN_BLUE else 1, border_radius=ctx.px(4))
    y = r.top + pad
    for img in imgs:
        surface.blit(img, (r.left + pad, y))
        y += img.get_height()
