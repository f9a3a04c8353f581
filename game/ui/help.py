"""The help overlay (F1): every key binding, grouped, over a dimmed copy of the screen."""

from __future__ import annotations

import pygame

from game.ui import draw
from game.ui import palette as pal
from game.ui.keys import BINDINGS
from game.ui.screen import Action, Context, Pop, Screen


class HelpScreen(Screen):
    """Lists every binding; the group of the screen underneath is marked."""

    transparent = True

    def __init__(self, ctx: Context, current_group: str = "Menus") -> None:
        super().__init__(ctx)
        self.current_group = current_group
        self.help_group = current_group

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        w, h = surface.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((*pal.BG_DEEP, 200))
        surface.blit(shade, (0, 0))
        pw, ph = min(w - ctx.px(40), ctx.px(1200)), min(h - ctx.px(30), ctx.px(680))
        rect = pygame.Rect(0, 0, pw, ph)
        rect.center = (w // 2, h // 2)
        inner = draw.panel(surface, rect, ctx, "Help: keys and mouse", alpha=250)
        col_w = (inner.width - ctx.px(60)) // 3
        columns = (("Everywhere", "Menus", "Review"), ("Map",), ("Orders",))
        for c, groups in enumerate(columns):
            x = inner.left + c * (col_w + ctx.px(30))
            y = inner.top
            for group in groups:
                here = group == self.current_group
                head = group + ("  (this screen)" if here else "")
                img = ctx.text(head, 16, pal.GOLD if here else pal.TEXT, bold=True)
                surface.blit(img, (x, y))
                y += img.get_height() + ctx.px(6)
                key_w = ctx.px(136)
                for b in BINDINGS[group]:
                    chip = ctx.text(
                        draw.fit(ctx.font(12, True), b.keys, key_w - ctx.px(6)),
                        12,
                        pal.ACCENT,
                        bold=True,
                    )
                    surface.blit(chip, (x, y + ctx.px(1)))
                    y = draw.paragraph(
                        surface, ctx, b.does, (x + key_w, y), col_w - key_w, 13, pal.TEXT
                    ) + ctx.px(3)
                y += ctx.px(14)
        foot = ctx.text("F1 or Esc closes this help", 13, pal.MUTED)
        surface.blit(foot, foot.get_rect(bottomright=(inner.right, inner.bottom)))
