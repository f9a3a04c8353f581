"""Load game: the saved games in the saves folder.

Saves are written by the turn engine (``game.engine.save``), which has not landed; until
it does, this screen lists the files honestly and says why they cannot be opened yet.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.ui import palette as pal
from game.ui.menu import save_files
from game.ui.screen import Action, Context, Pop, Screen, TipButton, pressed
from game.ui.settings import saves_dir


class SavesScreen(Screen):
    """The list of saves and a Load button."""

    help_group = "Menus"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.files = save_files(ctx)
        self.choice: str | None = self.files[0] if self.files else None
        self.back: TipButton | None = None
        self.load: TipButton | None = None

    def build(self) -> None:
        ctx, (w, h) = self.ctx, self.ctx.size
        self.add(
            UISelectionList(
                pygame.Rect(ctx.px(56), ctx.px(112), w - ctx.px(112), h - ctx.px(220)),
                list[str | tuple[str, str]](self.files),
                ctx.manager,
                default_selection=self.choice,
            )
        )
        by = h - ctx.px(76)
        self.back = self.button(
            pygame.Rect(ctx.px(56), by, ctx.px(170), ctx.px(48)),
            "Back",
            "Return to the main menu (Esc).",
        )
        self.load = self.button(
            pygame.Rect(w - ctx.px(336), by, ctx.px(280), ctx.px(48)),
            "Load",
            "Loading saved games arrives with the turn engine (game.engine.save).",
            object_id="#primary",
            enabled=False,
        )

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            self.choice = event.text
        if pressed(event, self.back) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        ):
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        surface.fill(pal.BG)
        w, _ = surface.get_size()
        pygame.draw.rect(surface, pal.BG_DEEP, (0, 0, w, ctx.px(88)))
        pygame.draw.line(surface, pal.UN_BLUE, (0, ctx.px(88)), (w, ctx.px(88)), 2)
        surface.blit(ctx.text("LOAD GAME", 13, pal.ACCENT, bold=True), (ctx.px(56), ctx.px(18)))
        surface.blit(
            ctx.text(f"Saved games in {saves_dir(ctx.settings_path)}", 24, pal.TEXT, bold=True),
            (ctx.px(56), ctx.px(38)),
        )
