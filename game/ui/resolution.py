"""The end-of-turn resolution: a short card of what happened today, skipped with any key
or a click (Space, Esc, Enter). When the mission is over it leads to the after-action
review."""

from __future__ import annotations

import pygame

from game.ui import draw
from game.ui import palette as pal
from game.ui.adapter import GameModel, Resolution
from game.ui.screen import Action, Context, Pop, Replace, Screen

SECTION_COLOURS = {
    "Mission ended": pal.GOLD,
    "Civilians harmed": pal.DANGER,
    "Your orders": pal.UN_BLUE,
    "Threats and clashes": (240, 140, 90),
    "The mission": pal.ACCENT,
    "Findings": pal.GOLD,
    "Consent and trust": pal.UN_BLUE,
    "Tomorrow": pal.OK,
}


class ResolutionOverlay(Screen):
    """What the day produced; any key or click closes it."""

    transparent = True
    help_group = "Map"

    def __init__(self, ctx: Context, model: GameModel, result: Resolution) -> None:
        super().__init__(ctx)
        self.model = model
        self.result = result

    def _next(self) -> Action:
        if self.result.over or self.model.is_over():
            from game.ui.aar_screen import AARScreen

            return Replace(AARScreen(self.ctx, self.model))
        return Pop()

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if event.type == pygame.KEYDOWN and event.key not in (pygame.K_F1, pygame.K_F11):
            return self._next()
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            return self._next()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        w, h = surface.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((*pal.BG_DEEP, 150))
        surface.blit(shade, (0, 0))
        n_lines = sum(len(lines) for _, lines in self.result.sections)
        want = ctx.px(150) + ctx.px(26) * len(self.result.sections) + ctx.px(30) * n_lines
        rect = pygame.Rect(0, 0, min(w - ctx.px(80), ctx.px(760)), min(h - ctx.px(60), want))
        rect.center = (w // 2, h // 2)
        inner = draw.panel(surface, rect, ctx, f"Day {self.result.day}: what happened", alpha=248)
        y = draw.paragraph(
            surface, ctx, self.result.headline, inner.topleft, inner.width, 17, pal.TEXT, True
        )
        y += ctx.px(6)
        limit = inner.bottom - ctx.px(30)
        if not self.result.sections:
            y = draw.paragraph(
                surface,
                ctx,
                "A quiet day: nothing to report.",
                (inner.left, y),
                inner.width,
                14,
                pal.MUTED,
            )
        for title, lines in self.result.sections:
            if y > limit - ctx.px(30):
                break
            colour = SECTION_COLOURS.get(title, pal.ACCENT)
            surface.blit(ctx.text(title.upper(), 12, colour, True), (inner.left, y))
            y += ctx.px(18)
            for line in lines:
                if y > limit - ctx.px(16):
                    break
                pygame.draw.circle(
                    surface, colour, (inner.left + ctx.px(5), y + ctx.px(8)), ctx.px(3)
                )
                y = draw.paragraph(
                    surface,
                    ctx,
                    line,
                    (inner.left + ctx.px(16), y),
                    inner.width - ctx.px(16),
                    13,
                    pal.TEXT,
                ) + ctx.px(2)
            y += ctx.px(6)
        foot = (
            "Space, Esc or a click: the after-action review"
            if self.result.over
            else "Space, Esc or a click to continue"
        )
        img = ctx.text(foot, 13, pal.MUTED)
        surface.blit(img, img.get_rect(bottomright=(inner.right, inner.bottom)))
