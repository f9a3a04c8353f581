"""The after-action review screen: outcome, lives saved against the counterfactual, the
charts (deaths by community, displacement, the five norm scores) and the findings
timeline; *Export report* writes the HTML report with its PNG charts.

The report comes from :mod:`game.exercise.aar` (matplotlib, Agg canvas). It is built
once, on the first frame after the screen appears ("Preparing…" shows meanwhile), and
kept: the UI loop never recomputes it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.norms import NORM_LABELS
from game.ui import draw
from game.ui import palette as pal
from game.ui.adapter import GameModel
from game.ui.screen import Action, Context, Home, Pop, Screen, TipButton, pressed

if TYPE_CHECKING:
    from game.exercise.aar import Report

SHOWN = ("deaths", "displaced", "norms")


def reports_dir(settings_path: Path) -> Path:
    """Where exported reports go: ``reports/`` next to the settings and the saves."""
    return settings_path.parent / "reports"


class AARScreen(Screen):
    """The review of a finished (or abandoned) game."""

    help_group = "Review"

    def __init__(self, ctx: Context, model: GameModel) -> None:
        super().__init__(ctx)
        self.model = model
        self.report: Report | None = None
        self.images: dict[str, pygame.Surface] = {}
        self.scroll = 0
        self.exported: Path | None = None
        self.error = ""
        self.export_button: TipButton | None = None
        self.map_button: TipButton | None = None
        self.menu_button: TipButton | None = None
        self.view_button: TipButton | None = None
        self.showing = "findings"
        """What the right-hand panel lists: 'findings' or 'orders' (the orders log)."""

    # ----------------------------------------------------------------- the report
    def prepare(self) -> None:
        """Build the report and its chart pictures (once)."""
        if self.report is not None:
            return
        from game.exercise import aar

        rep = aar.build(self.model.session)
        self.images = {
            n: pygame.image.load(io.BytesIO(aar.chart(rep, n)), f"{n}.png").convert() for n in SHOWN
        }
        self.report = rep
        if self.export_button is not None:
            self.export_button.enable()

    def export_folder(self) -> Path:
        """The folder *Export report* writes to."""
        from game.exercise import aar

        assert self.report is not None
        return aar.default_folder(self.report, reports_dir(self.ctx.settings_path))

    def export(self, folder: Path | None = None) -> Path | None:
        """Write the HTML report and its PNG charts; return the HTML's path."""
        from game.exercise import aar

        self.prepare()
        assert self.report is not None
        target = folder or self.export_folder()
        try:
            self.exported = aar.write_report(self.report, target)
            self.error = ""
        except OSError as e:
            self.error = f"Could not write the report to {target}: {e.strerror or e}"
            return None
        return self.exported

    # ----------------------------------------------------------------- widgets
    def build(self) -> None:
        ctx, (w, h) = self.ctx, self.ctx.size
        px = ctx.px
        y = h - px(58)
        self.menu_button = self.button(
            pygame.Rect(px(24), y, px(160), px(42)), "Main menu", "Back to the main menu (Esc)."
        )
        self.map_button = self.button(
            pygame.Rect(px(194), y, px(180), px(42)),
            "Back to the map",
            "Look at the map as the mission ended (M).",
        )
        self.view_button = self.button(
            pygame.Rect(px(384), y, px(180), px(42)),
            "Orders log" if self.showing == "findings" else "Findings",
            "Switch the right-hand list between the findings timeline and the orders log: "
            "every order, day by day, with its verdict and clause (O).",
        )
        where = reports_dir(ctx.settings_path)
        self.export_button = self.button(
            pygame.Rect(w - px(284), y, px(260), px(42)),
            "Export report",
            "Write an HTML report with the PNG charts and every finding to a folder "
            f"under {where} (E).",
            object_id="#primary",
            enabled=self.report is not None,
        )

    def on_event(self, event: pygame.event.Event) -> Action | None:
        key = event.key if event.type == pygame.KEYDOWN else None
        if pressed(event, self.menu_button) or key == pygame.K_ESCAPE:
            return Home()
        if pressed(event, self.map_button) or key == pygame.K_m:
            return Pop()
        if pressed(event, self.export_button) or key == pygame.K_e:
            self.export()
        elif pressed(event, self.view_button) or key == pygame.K_o:
            self.showing = "orders" if self.showing == "findings" else "findings"
            self.scroll = 0
            self.teardown()
            self.build()
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, self.scroll - int(event.y))
        elif key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.scroll += 1 if key == pygame.K_DOWN else 5
        elif key in (pygame.K_UP, pygame.K_PAGEUP):
            self.scroll = max(0, self.scroll - (1 if key == pygame.K_UP else 5))
        return None

    def update(self, dt: float) -> bool:
        if self.report is None:
            self.prepare()
            return True
        return False

    @property
    def animating(self) -> bool:
        return self.report is None

    # ----------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        w, h = surface.get_size()
        px = ctx.px
        surface.fill(pal.BG)
        pygame.draw.rect(surface, pal.BG_DEEP, (0, 0, w, px(64)))
        pygame.draw.line(surface, pal.UN_BLUE, (0, px(64)), (w, px(64)), 2)
        surface.blit(ctx.text("AFTER-ACTION REVIEW", 12, pal.ACCENT, True), (px(24), px(10)))
        surface.blit(ctx.text(self.model.mission.meta.name, 24, pal.TEXT, True), (px(24), px(26)))
        rep = self.report
        if rep is None:
            msg = ctx.text(
                "Preparing the review: replaying the day without the mission…", 18, pal.MUTED
            )
            surface.blit(msg, msg.get_rect(center=(w // 2, h // 2)))
            return
        self._summary(surface, rep)
        top = px(184)
        height = h - top - px(70)
        each = (height - px(12)) / len(SHOWN)
        cw = min(int(each * 700 / 260), w // 2 + px(60))
        left = pygame.Rect(px(24), top, cw, height)
        self._charts(surface, left)
        right = pygame.Rect(left.right + px(20), top, w - left.right - px(44), height)
        if self.showing == "orders":
            self._orders(surface, rep, right)
        else:
            self._timeline(surface, rep, right)
        note = (
            f"Report written: {self.exported}"
            if self.exported
            else self.error or f"Export writes to {reports_dir(ctx.settings_path)}"
        )
        colour = pal.OK if self.exported else pal.DANGER if self.error else pal.MUTED
        img = ctx.text(draw.fit(ctx.font(12), note, w - px(880)), 12, colour)
        surface.blit(img, img.get_rect(midright=(w - px(296), h - px(37))))

    def _summary(self, surface: pygame.Surface, rep: Report) -> None:
        ctx, px = self.ctx, self.ctx.px
        r = rep
        out = r.outcome or {}
        result = str(out.get("result", "in progress")).replace("_", " ")
        colour = (
            pal.OK if result == "success" else pal.GOLD if result == "time limit" else pal.DANGER
        )
        x, y = px(24), px(76)
        surface.blit(ctx.text(result.upper(), 18, colour, True), (x, y))
        draw.paragraph(
            surface,
            ctx,
            str(out.get("reason", "")),
            (x + px(160), y + px(2)),
            px(520),
            13,
            pal.TEXT,
        )
        killed = r.deaths_total[-1] if r.deaths_total else 0
        saved = r.lives_saved
        cf = r.counterfactual[-1] if r.counterfactual else None
        line = f"Civilians killed: {killed:,}"
        if cf is not None:
            line += f"   ·   with no mission: {cf:,}   ·   lives saved: {saved:,}"
        surface.blit(ctx.text(line, 16, pal.TEXT, True), (x, y + px(32)))
        scores = r.scores
        sx = self.ctx.size[0] // 2 + px(84)
        for n in ("impartiality", "consent", "use_of_force", "duty_to_protect", "accountability"):
            v = scores.get(n, 0.0)
            c = pal.OK if v >= 75 else pal.GOLD if v >= 50 else pal.DANGER
            surface.blit(ctx.text(NORM_LABELS[n], 11, pal.MUTED), (sx, y))
            surface.blit(ctx.text(f"{v:.0f}", 18, c, True), (sx, y + px(14)))
            sx += px(100)
        objs = r.objectives
        oy = y + px(58)
        ox = x
        for _, text, ok in objs[:3]:
            word = "Met" if ok else "Not met" if ok is not None else "Objective"
            colour = pal.OK if ok else pal.DANGER if ok is not None else pal.MUTED
            img = ctx.text(draw.fit(ctx.font(11), f"{word}: {text}", px(600)), 11, colour)
            surface.blit(img, (ox, oy))
            oy += px(14)

    def _charts(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        n = len(SHOWN)
        gap = self.ctx.px(6)
        each = (area.height - gap * (n - 1)) // n
        for i, name in enumerate(SHOWN):
            img = self.images.get(name)
            if img is None:
                continue
            iw, ih = img.get_size()
            k = min(area.width / iw, each / ih)
            pic = pygame.transform.smoothscale(img, (int(iw * k), int(ih * k)))
            surface.blit(pic, (area.left, area.top + i * (each + gap)))

    def _timeline(self, surface: pygame.Surface, rep: Report, area: pygame.Rect) -> None:
        ctx = self.ctx
        found = list(rep.findings)
        inner = self._list_panel(
            surface,
            area,
            "Findings timeline",
            len(found),
            "No findings: the mission kept its norms.",
        )
        if inner is None:
            return
        y = inner.top
        clip = surface.get_clip()
        surface.set_clip(inner)
        for f in found[self.scroll :]:
            if y > inner.bottom:
                break
            head = f"Day {f.turn} · {NORM_LABELS.get(f.norm, f.norm)} {'!' * f.severity}"
            surface.blit(ctx.text(head, 12, pal.GOLD, True), (inner.left, y))
            clause = ctx.text(f.clause or "(conduct)", 11, pal.ACCENT)
            surface.blit(clause, clause.get_rect(topright=(inner.right, y + 1)))
            y += ctx.px(17)
            y = draw.paragraph(surface, ctx, f.what, (inner.left, y), inner.width, 12, pal.TEXT)
            y = draw.paragraph(
                surface, ctx, f.why, (inner.left, y), inner.width, 11, pal.MUTED
            ) + ctx.px(6)
        surface.set_clip(clip)
        self._scroll_note(surface, area, len(found))

    def _list_panel(
        self, surface: pygame.Surface, area: pygame.Rect, title: str, n: int, empty: str
    ) -> pygame.Rect | None:
        """The panel of a scrolling list with its count; None (and ``empty`` said) when
        the list is empty. Clamps the scroll to the list."""
        inner = draw.panel(surface, area, self.ctx, f"{title} ({n})")
        if not n:
            draw.paragraph(surface, self.ctx, empty, inner.topleft, inner.width, 13, pal.MUTED)
            return None
        self.scroll = min(self.scroll, n - 1)
        return inner

    def _scroll_note(self, surface: pygame.Surface, area: pygame.Rect, n: int) -> None:
        ctx = self.ctx
        more = ctx.text(f"{self.scroll + 1}/{n} · wheel or Up/Down scrolls", 11, pal.MUTED)
        surface.blit(
            more, more.get_rect(bottomright=(area.right - ctx.px(10), area.top + ctx.px(18)))
        )

    def _orders(self, surface: pygame.Surface, rep: Report, area: pygame.Rect) -> None:
        """The orders log: each day's orders in words, coloured by verdict, with the clause
        and the reason where the rules objected: what the debrief walks through."""
        ctx = self.ctx
        rows = list(rep.orders)
        inner = self._list_panel(
            surface, area, "Orders log", len(rows), "No orders were given: the mission stood by."
        )
        if inner is None:
            return
        colours = {"allowed": pal.OK, "finding": pal.GOLD, "refused": pal.DANGER}
        words = {"allowed": "allowed", "finding": "against the rules", "refused": "refused"}
        y = inner.top
        clip = surface.get_clip()
        surface.set_clip(inner)
        day = -1
        for o in rows[self.scroll :]:
            if y > inner.bottom:
                break
            if o.turn != day:
                day = o.turn
                surface.blit(ctx.text(f"Day {day}", 12, pal.ACCENT, True), (inner.left, y))
                y += ctx.px(17)
            colour = colours.get(o.status, pal.TEXT)
            said = words.get(o.status, o.status)
            if o.force_findings:
                n = len(o.force_findings)
                said += f" · {n} force finding{'s' if n > 1 else ''}"
                colour = pal.GOLD if o.status == "allowed" else colour
            pygame.draw.circle(surface, colour, (inner.left + ctx.px(5), y + ctx.px(8)), ctx.px(3))
            verdict = ctx.text(said, 11, colour, True)
            surface.blit(verdict, verdict.get_rect(topright=(inner.right, y + 1)))
            text_w = inner.width - ctx.px(16) - verdict.get_width() - ctx.px(10)
            y = draw.paragraph(
                surface, ctx, o.text, (inner.left + ctx.px(16), y), text_w, 12, pal.TEXT
            )
            notes = [f"{o.clause or 'unit'}: {o.reason}"] if o.status != "allowed" else []
            for note in notes + list(o.force_findings):
                y = draw.paragraph(
                    surface,
                    ctx,
                    note,
                    (inner.left + ctx.px(16), y),
                    inner.width - ctx.px(16),
                    11,
                    pal.MUTED,
                )
            y += ctx.px(4)
        surface.set_clip(clip)
        self._scroll_note(surface, area, len(rows))
