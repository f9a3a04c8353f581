"""The main menu: new game, load game, settings, quit."""

from __future__ import annotations

import pygame

from game._version import __version__
from game.ui import draw
from game.ui import palette as pal
from game.ui.screen import Action, Context, Push, Quit, Screen, TipButton, pressed
from game.ui.settings import save_files, saves_dir

PRINCIPLES = (
    (
        "Consent of the parties",
        "The mission goes where the parties let it. Lose their "
        "consent and you lose your freedom of movement.",
    ),
    ("Impartiality", "Not neutrality: answer every violation, whoever commits it."),
    (
        "Limited use of force",
        "Only in self-defence and defence of the mandate, "
        "one rung of the escalation ladder at a time.",
    ),
)


def helmet(surface: pygame.Surface, centre: tuple[int, int], r: int) -> None:
    """A stylised blue helmet (the project's emblem, drawn in code)."""
    cx, cy = centre
    dome = pygame.Rect(cx - r, cy - r, 2 * r, 2 * r)
    half = pygame.Surface((2 * r, r), pygame.SRCALPHA)
    pygame.draw.ellipse(half, pal.UN_BLUE, (0, 0, 2 * r, 2 * r))
    surface.blit(half, dome.topleft)
    brim = pygame.Rect(cx - r * 1.25, cy - r * 0.12, r * 2.5, r * 0.3)
    pygame.draw.ellipse(surface, pal.UN_BLUE, brim)
    pygame.draw.arc(
        surface, (200, 222, 255), dome.inflate(-r * 0.5, -r * 0.5), 1.9, 2.8, max(2, r // 8)
    )


class MainMenu(Screen):
    """The first screen: four big buttons and the principles the game scores."""

    help_group = "Menus"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.new_game: TipButton | None = None
        self.load_game: TipButton | None = None
        self.settings: TipButton | None = None
        self.quit: TipButton | None = None
        self._bg: pygame.Surface | None = None

    def build(self) -> None:
        ctx = self.ctx
        x, y = ctx.px(110), ctx.px(300)
        w, h, gap = ctx.px(340), ctx.px(54), ctx.px(14)

        def at(i: int) -> pygame.Rect:
            return pygame.Rect(x, y + i * (h + gap), w, h)

        saves = save_files(ctx.settings_path)
        self.new_game = self.button(
            at(0),
            "New game",
            "Choose a mission and read its briefing (N).",
            object_id="@menu_button",
        )
        self.load_game = self.button(
            at(1),
            "Load game",
            f"Continue a saved game: {len(saves)} in {saves_dir(ctx.settings_path)} (L)."
            if saves
            else "No saves yet.",
            object_id="@menu_button",
            enabled=bool(saves),
        )
        self.settings = self.button(
            at(2),
            "Settings",
            "Resolution, fullscreen, colour-blind-safe palette, UI scale (S).",
            object_id="@menu_button",
        )
        self.quit = self.button(at(3), "Quit", "Close Blue Helm (Q).", object_id="@menu_button")
        self._bg = None

    def on_event(self, event: pygame.event.Event) -> Action | None:
        from game.ui.mission_select import MissionSelect
        from game.ui.saves import SavesScreen
        from game.ui.settings_screen import SettingsScreen

        key = event.key if event.type == pygame.KEYDOWN else None
        if pressed(event, self.new_game) or key == pygame.K_n:
            return Push(MissionSelect(self.ctx))
        if (pressed(event, self.load_game) or key == pygame.K_l) and save_files(
            self.ctx.settings_path
        ):
            return Push(SavesScreen(self.ctx))
        if pressed(event, self.settings) or key == pygame.K_s:
            return Push(SettingsScreen(self.ctx))
        if pressed(event, self.quit) or key == pygame.K_q:
            return Quit()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        w, h = surface.get_size()
        if self._bg is None or self._bg.get_size() != (w, h):
            self._bg = draw.backdrop((w, h))
        surface.blit(self._bg, (0, 0))
        x = ctx.px(110)
        helmet(surface, (x + ctx.px(34), ctx.px(142)), ctx.px(30))
        title = ctx.text("BLUE HELM", 64, pal.TEXT, bold=True)
        surface.blit(title, (x + ctx.px(86), ctx.px(92)))
        pygame.draw.line(surface, pal.UN_BLUE, (x, ctx.px(190)), (x + ctx.px(520), ctx.px(190)), 2)
        sub = ctx.text("Command a United Nations peace operation", 21, pal.MUTED)
        surface.blit(sub, (x, ctx.px(204)))
        tag = ctx.text("Consent · Impartiality · Limited use of force", 15, pal.ACCENT)
        surface.blit(tag, (x, ctx.px(240)))

        pw = ctx.px(430)
        rect = pygame.Rect(w - pw - ctx.px(90), ctx.px(300), pw, ctx.px(300))
        inner = draw.panel(surface, rect, ctx, "The three principles of peacekeeping", alpha=215)
        y = inner.top
        for i, (head, body) in enumerate(PRINCIPLES):
            num = ctx.text(str(i + 1), 26, pal.UN_BLUE, bold=True)
            surface.blit(num, (inner.left, y - ctx.px(4)))
            surface.blit(ctx.text(head, 16, pal.TEXT, bold=True), (inner.left + ctx.px(34), y))
            y = draw.paragraph(
                surface,
                ctx,
                body,
                (inner.left + ctx.px(34), y + ctx.px(24)),
                inner.width - ctx.px(34),
                14,
                pal.MUTED,
            ) + ctx.px(12)

        foot = ctx.text(f"Blue Helm {__version__}   ·   F1 help", 13, pal.MUTED)
        surface.blit(foot, (x, h - ctx.px(40)))
        note = ctx.text(
            "Grounded in the UN Capstone Doctrine (2008) and the 2023 POC policy", 13, pal.MUTED
        )
        surface.blit(note, note.get_rect(bottomright=(w - ctx.px(90), h - ctx.px(26))))
