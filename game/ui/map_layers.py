"""What the map view paints over the terrain: consent zones, towns, known threats (and in
the instructor view the armed groups on the move), units with their ordered moves, the hint
line and the notification card."""

from __future__ import annotations

import pygame

from game.ui import draw
from game.ui import palette as pal
from game.ui.map_state import Layout, MapState
from game.view import palette as vpal


def zones(view: MapState, surface: pygame.Surface, *, closed_only: bool = False) -> None:
    """Consent-zone outlines with the consent entering needs and the consent there is.

    Closed zones (consent below the need) show at all times: where the mission may not go
    without a party's consent is the first thing a commander must see. Open ones show on
    the access overlay and while an order is being aimed."""
    ctx, z = view.ctx, view.camera.zoom
    for zone in view.model.consent_zones():
        if closed_only and zone.open:
            continue
        sx, sy = view.camera.to_screen(zone.x + 0.5, zone.y + 0.5)
        r = max(2, round(zone.radius * z))
        colour = pal.MUTED if zone.open else pal.GOLD
        pygame.draw.circle(surface, colour, (sx, sy), r, max(2, ctx.px(2)))
        state = "open" if zone.open else "closed"
        label = draw.halo(
            ctx,
            f"{zone.name} ({state}): {zone.faction} consent {zone.consent:.2f}, "
            f"needs {zone.min_consent:.2f}",
            12,
            colour,
        )
        lr = label.get_rect(midbottom=(sx, sy - r - ctx.px(3)))
        lr.clamp_ip(pygame.Rect(view.camera.view))
        surface.blit(label, lr)


def threats(view: MapState, surface: pygame.Surface) -> None:
    """Known threats (red triangles); in the instructor view also armed groups moving."""
    ctx = view.ctx
    s = ctx.px(9)
    for x, y, _f, _c, _sev, _src in view.model.known_threats():
        sx, sy = view.camera.to_screen(x + 0.5, y + 0.5)
        pts = [(sx, sy - s), (sx - s, sy + s * 0.8), (sx + s, sy + s * 0.8)]
        pygame.draw.polygon(surface, vpal.HOSTILE, pts)
        pygame.draw.polygon(surface, vpal.HOSTILE_EDGE, pts, 2)
        bang = ctx.text("!", 12, vpal.MARKER_TEXT, True)
        surface.blit(bang, bang.get_rect(center=(sx, sy + ctx.px(2))))
    if not view.instructor:
        return
    for x, y, name, strength in view.model.armed_groups():
        sx, sy = view.camera.to_screen(x + 0.5, y + 0.5)
        pts = [(sx, sy - s), (sx + s, sy), (sx, sy + s), (sx - s, sy)]
        pygame.draw.polygon(surface, vpal.ARMED, pts)
        pygame.draw.polygon(surface, vpal.MARKER_EDGE, pts, 2)
        label = draw.halo(ctx, f"{name} {strength:,.0f}", 11, vpal.ARMED_LABEL)
        surface.blit(label, label.get_rect(midtop=(sx, sy + s + 2)))


def hint(view: MapState, surface: pygame.Surface, lay: Layout) -> None:
    """The hint line: what to do next, or what the armed order waits for."""
    ctx = view.ctx
    text = view.model.hint(view.selected)
    if view.target_kind is not None:
        text = (
            f"{view.target_kind.replace('_', ' ').capitalize()}: right-click a place on the "
            "map (the verdict shows under the cursor); Esc cancels."
        )
    bar = pygame.Rect(lay.viewport.left, lay.viewport.top, lay.viewport.width, ctx.px(28))
    bg = pygame.Surface(bar.size, pygame.SRCALPHA)
    bg.fill((*pal.BG_DEEP, 200))
    surface.blit(bg, bar)
    img = ctx.text(draw.fit(ctx.font(13, True), text, bar.width - ctx.px(20)), 13, pal.GOLD, True)
    surface.blit(img, img.get_rect(midleft=(bar.left + ctx.px(10), bar.centery)))


def toast(view: MapState, surface: pygame.Surface) -> None:
    """The current notification card (an inject, a save)."""
    r = view.toast_rect()
    if r is None:
        return
    ctx = view.ctx
    t = view.model.toasts[-1]  # the newest: what happened last matters now
    colour = {"inject": pal.GOLD, "info": pal.OK, "bad": pal.DANGER}[t.tone]
    bg = pygame.Surface(r.size, pygame.SRCALPHA)
    bg.fill((*pal.BG_DEEP, 240))
    surface.blit(bg, r)
    pygame.draw.rect(surface, colour, r, 2, border_radius=ctx.px(4))
    x, y = r.left + ctx.px(12), r.top + ctx.px(8)
    surface.blit(ctx.text(t.title, 15, colour, True), (x, y))
    more = len(view.model.toasts) - 1
    foot = "click to dismiss" + (f" · {more} earlier" if more else "")
    fi = ctx.text(foot, 11, pal.MUTED)
    surface.blit(fi, fi.get_rect(topright=(r.right - ctx.px(10), y + ctx.px(3))))
    draw.paragraph(surface, ctx, t.message, (x, y + ctx.px(26)), r.width - ctx.px(24), 13, pal.TEXT)


def towns(view: MapState, surface: pygame.Surface) -> None:
    """Town circles, names and POC-site chips."""
    ctx, z = view.ctx, view.camera.zoom
    size = 13 if z < 4 else 15
    for t in view.model.towns():
        sx, sy = view.camera.to_screen(t.x + 0.5, t.y + 0.5)
        r = max(ctx.px(3), round((t.radius + 0.5) * z))
        if z >= 2:
            pygame.draw.circle(surface, vpal.TOWN, (sx, sy), r, max(1, ctx.px(1)))
        else:
            pygame.draw.circle(surface, vpal.TOWN_EDGE, (sx, sy), ctx.px(4))
            pygame.draw.circle(surface, vpal.TOWN, (sx, sy), ctx.px(3))
        label = draw.halo(ctx, t.name, size, vpal.TOWN_LABEL)
        lr = label.get_rect(midbottom=(sx, sy - r - ctx.px(2)))
        if t.poc_site:
            chip = ctx.text(f"POC {t.poc_site:,}", 11, pal.BG_DEEP, bold=True)
            cr = chip.get_rect().inflate(ctx.px(8), ctx.px(2))
            lr.centerx -= (cr.width + ctx.px(4)) // 2
            cr.midleft = (lr.right + ctx.px(2), lr.centery)
            pygame.draw.rect(surface, vpal.FRIEND_FILL, cr, border_radius=ctx.px(3))
            surface.blit(chip, chip.get_rect(center=cr.center))
        surface.blit(label, lr)


def units(view: MapState, surface: pygame.Surface) -> None:
    """Unit symbols, stacked like counters, with their ordered moves dashed."""
    ctx = view.ctx
    rects = view.unit_rects()
    for u, r in rects:
        if u.destination is not None:
            dx, dy = view.camera.to_screen(u.destination[0] + 0.5, u.destination[1] + 0.5)
            colour = pal.GOLD if u.id == view.selected else vpal.FRIEND_FILL
            dashed(surface, colour, r.center, (dx, dy), ctx.px(2), ctx.px(8))
            s = ctx.px(6)
            pygame.draw.line(surface, colour, (dx - s, dy - s), (dx + s, dy + s), ctx.px(3))
            pygame.draw.line(surface, colour, (dx - s, dy + s), (dx + s, dy - s), ctx.px(3))
    for u, r in rects:
        shadow = pygame.Rect(r.left + 2, r.top + 2, r.width, r.height)
        pygame.draw.rect(surface, vpal.MARKER_EDGE, shadow)
        surface.blit(view.symbol(u.type, r.width), r)
        if u.id == view.selected:
            pygame.draw.rect(
                surface,
                pal.GOLD,
                r.inflate(ctx.px(8), ctx.px(8)),
                ctx.px(3),
                border_radius=ctx.px(4),
            )
    if view.camera.zoom >= 4:
        for u, r in rects:
            if u.id == view.selected:
                label = draw.halo(ctx, u.name, 12, pal.GOLD)
                surface.blit(label, label.get_rect(midtop=(r.centerx, r.bottom + ctx.px(4))))


def dashed(
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
