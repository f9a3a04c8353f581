"""The norm dashboard (left of the map): five gauges with trend sparklines, and a tabbed
lower part: the latest findings with their clauses, the clickable event feed, the Council
and the troop contributors, and the minimap."""

from __future__ import annotations

import pygame

from game.norms import NORM_LABELS, NORMS
from game.ui import draw
from game.ui import palette as pal
from game.ui.adapter import FeedItem
from game.ui.map_state import MapState
from game.ui.screen import Context

TABS = (
    ("findings", "Findings", "The latest findings on the mission's conduct, each with its clause."),
    ("events", "Events", "What happened, newest first; click an entry to centre the map on it."),
    (
        "council",
        "Council",
        "The Security Council's ladder per faction, and the troop contributors.",
    ),
    ("map", "Map", "The whole area of operations (click to centre the view) and the objectives."),
)
TONES = {
    "info": pal.MUTED,
    "bad": pal.DANGER,
    "good": pal.OK,
    "finding": pal.GOLD,
    "inject": pal.ACCENT,
}
GAUGE_H = 42


def score_colour(v: float) -> tuple[int, int, int]:
    """Green at 75+, gold at 50+, red below."""
    return pal.OK if v >= 75 else pal.GOLD if v >= 50 else pal.DANGER


def heading(surface: pygame.Surface, ctx: Context, text: str, x: int, y: int, w: int) -> int:
    """A small caps section heading with a rule; returns the y below it."""
    img = ctx.text(text.upper(), 12, pal.ACCENT, bold=True)
    surface.blit(img, (x, y))
    y += img.get_height() + ctx.px(3)
    pygame.draw.line(surface, pal.BORDER, (x, y), (x + w, y))
    return y + ctx.px(6)


def tabs_rect(ctx: Context, side: pygame.Rect) -> pygame.Rect:
    """Where the tab buttons sit."""
    top = side.top + ctx.px(34) + len(NORMS) * ctx.px(GAUGE_H) + ctx.px(6)
    return pygame.Rect(side.left + ctx.px(10), top, side.width - ctx.px(20), ctx.px(28))


def content_rect(ctx: Context, side: pygame.Rect) -> pygame.Rect:
    """The tab content area."""
    t = tabs_rect(ctx, side)
    return pygame.Rect(
        t.left + ctx.px(4),
        t.bottom + ctx.px(8),
        t.width - ctx.px(8),
        side.bottom - t.bottom - ctx.px(12),
    )


def sparkline(
    surface: pygame.Surface, rect: pygame.Rect, values: list[float], colour: tuple[int, int, int]
) -> None:
    """A 0..100 trend line in ``rect`` (the last 30 days)."""
    pygame.draw.rect(surface, pal.BG_DEEP, rect)
    vals = values[-30:]
    if len(vals) < 2:
        if vals:
            y = rect.bottom - 1 - vals[0] / 100 * (rect.height - 2)
            pygame.draw.line(surface, colour, (rect.left, y), (rect.right, y))
        return
    n = len(vals) - 1
    pts = [
        (rect.left + i * (rect.width - 1) / n, rect.bottom - 1 - v / 100 * (rect.height - 2))
        for i, v in enumerate(vals)
    ]
    pygame.draw.lines(surface, colour, False, pts, 2)


def draw_left(surface: pygame.Surface, ctx: Context, side: pygame.Rect, view: MapState) -> None:
    """Paint the dashboard: gauges and the active tab."""
    m = view.model
    surface.fill(pal.PANEL, side)
    pygame.draw.line(surface, pal.BORDER, side.topright, side.bottomright)
    x, w = side.left + ctx.px(12), side.width - ctx.px(24)
    y = heading(surface, ctx, "Norms · today (mission)", x, side.top + ctx.px(10), w)
    now = m.norm_now()
    series = m.norm_series()
    overall = m.mission_scores()
    for norm in NORMS:
        v = now[norm]
        colour = score_colour(v)
        surface.blit(ctx.text(NORM_LABELS[norm], 13, pal.TEXT, True), (x, y))
        val = ctx.text(f"{v:.0f} ({overall.get(norm, v):.0f})", 13, colour, True)
        surface.blit(val, val.get_rect(topright=(x + w, y)))
        bar = pygame.Rect(x, y + ctx.px(20), w // 2 - ctx.px(6), ctx.px(10))
        pygame.draw.rect(surface, pal.BORDER, bar, border_radius=3)
        fill = bar.copy()
        fill.width = round(bar.width * max(0.0, min(1.0, v / 100)))
        pygame.draw.rect(surface, colour, fill, border_radius=3)
        spark = pygame.Rect(x + w // 2, y + ctx.px(17), w - w // 2, ctx.px(16))
        sparkline(surface, spark, series[norm], colour)
        y += ctx.px(GAUGE_H)
    body = content_rect(ctx, side)
    tab = view.left_tab
    clip = surface.get_clip()
    surface.set_clip(body)
    if tab == "findings":
        _findings(surface, ctx, body, view)
    elif tab == "events":
        for r, item in feed_rows(ctx, body, view):
            _feed_row(surface, ctx, r, item, r.collidepoint(view.mouse))
        if not m.feed:
            draw.paragraph(
                surface,
                ctx,
                "Events appear here after each day.",
                body.topleft,
                body.width,
                12,
                pal.MUTED,
            )
    elif tab == "council":
        _council(surface, ctx, body, view)
    else:
        from game.ui import panels

        mini = minimap_rect(ctx, body, m.size)
        panels.draw_minimap(surface, view, mini)
        _objectives(
            surface,
            ctx,
            pygame.Rect(body.left, mini.bottom, body.width, body.bottom - mini.bottom),
            view,
        )
    surface.set_clip(clip)


def _objectives(surface: pygame.Surface, ctx: Context, box: pygame.Rect, view: MapState) -> None:
    """The mission's objectives under the minimap, each with where it stands today."""
    m = view.model
    y = box.top + ctx.px(6)
    surface.blit(ctx.text("OBJECTIVES", 11, pal.ACCENT, True), (box.left, y))
    y += ctx.px(16)
    now = m.session.objectives_now()
    for o in m.mission.objectives:
        ok = now.get(o.id, False)
        deadline = o.by_turn is not None and m.day > o.by_turn
        state, colour = (
            ("Met", pal.OK) if ok else ("Missed", pal.DANGER) if deadline else ("Not yet", pal.GOLD)
        )
        y = draw.paragraph(surface, ctx, f"{state}: {o.text}", (box.left, y), box.width, 11, colour)
        y += ctx.px(3)


def minimap_rect(ctx: Context, body: pygame.Rect, size: tuple[int, int]) -> pygame.Rect:
    """The minimap inside the Map tab (keeps the map's aspect ratio)."""
    w, h = size
    k = min(body.width / w, 0.55 * body.height / h)  # the rest: the objectives
    r = pygame.Rect(0, 0, round(w * k), round(h * k))
    r.midtop = (body.centerx, body.top)
    return r


def _findings(surface: pygame.Surface, ctx: Context, body: pygame.Rect, view: MapState) -> None:
    found = view.model.findings()
    y = body.top
    if not found:
        draw.paragraph(
            surface,
            ctx,
            "No findings yet. Each one names the norm, the day and the mission clause.",
            (body.left, y),
            body.width,
            12,
            pal.MUTED,
        )
        return
    shown = found[view.list_scroll :]
    if view.list_scroll:
        newer = f"{view.list_scroll} newer above: scroll up"
        surface.blit(ctx.text(newer, 11, pal.MUTED), (body.left, y))
        y += ctx.px(16)
    for i, f in enumerate(shown):
        if y > body.bottom - ctx.px(44):
            more = f"{len(shown) - i} older findings: scroll here to read them"
            surface.blit(ctx.text(more, 11, pal.MUTED), (body.left, y))
            break
        sev = "!" * f.severity
        head = f"Day {f.turn} · {NORM_LABELS[f.norm]} {sev}"
        surface.blit(ctx.text(head, 12, pal.GOLD, True), (body.left, y))
        y += ctx.px(16)
        surface.blit(
            ctx.text(
                draw.fit(ctx.font(11), f.clause or "(mission conduct)", body.width), 11, pal.ACCENT
            ),
            (body.left, y),
        )
        y += ctx.px(15)
        y = draw.paragraph(surface, ctx, f.what, (body.left, y), body.width, 11, pal.TEXT) + ctx.px(
            5
        )


def feed_rows(
    ctx: Context, body: pygame.Rect, view: MapState
) -> list[tuple[pygame.Rect, FeedItem]]:
    """Each visible feed entry with its rect (for drawing and for clicks)."""
    out = []
    y = body.top
    font = ctx.font(11)
    for item in view.model.feed[view.list_scroll :]:
        lines = draw.wrap(font, f"Day {item.turn}: {item.text}", body.width - ctx.px(8))[:3]
        h = len(lines) * round(font.get_linesize() * 1.1) + ctx.px(6)
        if y + h > body.bottom:
            break
        out.append((pygame.Rect(body.left, y, body.width, h), item))
        y += h + ctx.px(2)
    return out


def _feed_row(
    surface: pygame.Surface, ctx: Context, r: pygame.Rect, item: FeedItem, hot: bool
) -> None:
    if hot and item.cell is not None:
        pygame.draw.rect(surface, pal.PANEL_HI, r, border_radius=3)
    pygame.draw.rect(surface, TONES[item.tone], (r.left, r.top + 2, ctx.px(3), r.height - 4))
    font = ctx.font(11)
    y = r.top + ctx.px(3)
    for line in draw.wrap(font, f"Day {item.turn}: {item.text}", r.width - ctx.px(8))[:3]:
        surface.blit(
            ctx.text(line, 11, pal.TEXT if item.cell else pal.MUTED), (r.left + ctx.px(8), y)
        )
        y += round(font.get_linesize() * 1.1)


def _council(surface: pygame.Surface, ctx: Context, body: pygame.Rect, view: MapState) -> None:
    c = view.model.council()
    x, w, y = body.left, body.width, body.top
    surface.blit(ctx.text("Council support", 12, pal.TEXT, True), (x, y))
    v = c["support"]
    val = ctx.text(f"{v:.0%}", 12, score_colour(v * 100), True)
    surface.blit(val, val.get_rect(topright=(x + w, y)))
    y += ctx.px(17)
    bar = pygame.Rect(x, y, w, ctx.px(8))
    pygame.draw.rect(surface, pal.BORDER, bar, border_radius=3)
    pygame.draw.rect(
        surface,
        score_colour(v * 100),
        (bar.left, bar.top, round(bar.width * v), bar.height),
        border_radius=3,
    )
    y += ctx.px(16)
    surface.blit(ctx.text("Parties: consent · Council ladder", 11, pal.ACCENT, True), (x, y))
    y += ctx.px(16)
    n = len(c["ladder"])
    for f in c["factions"]:
        surface.blit(
            ctx.text(draw.fit(ctx.font(12), f["name"], w - ctx.px(50)), 12, pal.TEXT), (x, y)
        )
        cv = ctx.text(f"{f['consent']:.2f}", 12, score_colour(f["consent"] * 100), True)
        surface.blit(cv, cv.get_rect(topright=(x + w, y)))
        y += ctx.px(16)
        pip = (w - ctx.px(90)) // n
        for i in range(n):
            r = pygame.Rect(x + i * pip, y + ctx.px(2), pip - ctx.px(3), ctx.px(8))
            pygame.draw.rect(
                surface, pal.DANGER if i < f["steps"] else pal.BORDER, r, border_radius=2
            )
        surface.blit(ctx.text(f["step"], 10, pal.MUTED), (x + n * pip + ctx.px(4), y))
        y += ctx.px(16)
    y += ctx.px(4)
    surface.blit(ctx.text("Troop contributors", 11, pal.ACCENT, True), (x, y))
    y += ctx.px(16)
    for k in c["contributors"]:
        gone = k["withdrawn"]
        text = f"{k['country']}: " + ("WITHDRAWN" if gone else f"{k['strength']:,} troops")
        if k["killed"]:
            text += f", {k['killed']} killed"
        surface.blit(ctx.text(text, 11, pal.DANGER if gone else pal.TEXT), (x, y))
        y += ctx.px(15)
    for name, day in c["reinforcements"]:
        surface.blit(ctx.text(f"{name}: arriving day {day}", 11, pal.OK), (x, y))
        y += ctx.px(15)


__all__ = ["TABS", "content_rect", "draw_left", "feed_rows", "minimap_rect", "tabs_rect"]


NORM_TIPS = {
    "impartiality": "Impartiality is not neutrality: answer every party's violations "
    "(force, reports, investigations) and protect every community alike.",
    "consent": "Keep the parties' consent: entering a zone without it, breaches and "
    "partiality erode it; negotiation rebuilds it. Without consent, access shrinks.",
    "use_of_force": "Force only in self-defence and defence of the mandate: justified, "
    "necessary, proportionate, one rung of the ladder at a time, never risking civilians.",
    "duty_to_protect": "Failing to act when mandated, able, and civilians are under "
    "imminent threat within reach is a finding (Rwanda 1994, Kiwanja 2008).",
    "accountability": "Misconduct cases must be investigated and acted on "
    "(M Misconduct…); a case left open weighs more every day.",
}


def gauge_rows(ctx: Context, side: pygame.Rect) -> list[tuple[pygame.Rect, str]]:
    """Each norm gauge's rect (for hover tooltips)."""
    top = side.top + ctx.px(34)
    return [
        (pygame.Rect(side.left, top + i * ctx.px(GAUGE_H), side.width, ctx.px(GAUGE_H)), n)
        for i, n in enumerate(NORMS)
    ]


def hover_lines(ctx: Context, side: pygame.Rect, view: MapState) -> list[str] | None:
    """The tooltip for what the mouse is over in the dashboard (None: nothing)."""
    pos = view.mouse
    for r, norm in gauge_rows(ctx, side):
        if r.collidepoint(pos):
            m = view.model
            series = m.norm_series()[norm]
            lines = [
                f"{NORM_LABELS[norm]}: {m.norm_now()[norm]:.0f} today, "
                f"{m.mission_scores().get(norm, 100.0):.0f} over the mission",
                *draw.wrap(ctx.font(13), NORM_TIPS[norm], ctx.px(380)),
                "Bar: today's score. Line: the last 30 days"
                + (f" (lowest {min(series):.0f})." if series else "."),
            ]
            for reason in m.norm_reasons(norm):
                lines.extend(draw.wrap(ctx.font(13), reason, ctx.px(380)))
            last = next((f for f in m.findings() if f.norm == norm), None)
            if last is not None:
                lines.append(f"Latest finding, day {last.turn}: {last.clause or 'conduct'}")
            return lines
    if view.left_tab == "events":
        for r, item in feed_rows(ctx, content_rect(ctx, side), view):
            if r.collidepoint(pos):
                where = view.model.place(*item.cell) if item.cell else None
                return [
                    f"Day {item.turn}",
                    *draw.wrap(ctx.font(13), item.text, ctx.px(380)),
                    f"Click to centre the map on {where}." if where else "(no place on the map)",
                ]
    return None
