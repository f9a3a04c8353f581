"""Load game: the saved games in the saves folder, read through the engine's save format.

Each row shows what the save's header says (mission, day, mode); loading continues the
game exactly. A damaged, truncated or newer save shows the engine's own message, never a
crash.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.engine.save import SaveError, read_header
from game.ui import draw
from game.ui import palette as pal
from game.ui.screen import Action, Context, Pop, Replace, Screen, TipButton, pressed
from game.ui.settings import save_files, saves_dir


def describe(path: Path) -> str:
    """One list row: file name, mission and day (or why the header does not read)."""
    try:
        h = read_header(path)
    except SaveError:
        return f"{path.name}  ·  unreadable"
    return f"{path.name}  ·  {h.mission_name}  ·  day {h.turn + 1}  ·  {h.mode}"


class SavesScreen(Screen):
    """The list of saves and a Load button."""

    help_group = "Menus"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.folder = saves_dir(ctx.settings_path)
        self.files = save_files(ctx.settings_path)
        self.rows = [describe(self.folder / f) for f in self.files]
        self.index = 0
        self.error = ""
        self.back: TipButton | None = None
        self.load: TipButton | None = None
        self.list: UISelectionList | None = None

    @property
    def choice(self) -> str | None:
        """The highlighted file name."""
        return self.files[self.index] if self.files else None

    def build(self) -> None:
        ctx, (w, h) = self.ctx, self.ctx.size
        self.list = self.add(
            UISelectionList(
                pygame.Rect(ctx.px(56), ctx.px(112), w - ctx.px(112), h - ctx.px(260)),
                list[str | tuple[str, str]](self.rows),
                ctx.manager,
                default_selection=self.rows[self.index] if self.rows else None,
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
            "Continue the highlighted game exactly where it was saved (Enter).",
            object_id="#primary",
            enabled=bool(self.files),
        )

    def load_action(self) -> Action | None:
        """Open the highlighted save; on failure keep this screen and show why."""
        from game.ui.adapter import GameModel
        from game.ui.mapview import MapView

        if self.choice is None:
            return None
        try:
            model = GameModel.from_save(self.folder / self.choice)
        except SaveError as e:
            self.error = str(e)
            return None
        except Exception as e:  # a save the engine could not foresee: say so, never crash
            self.error = f"{self.choice}: cannot be loaded ({type(e).__name__}: {e})"
            return None
        self.error = ""
        return Replace(MapView(self.ctx, model))

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.text in self.rows:
            self.index = self.rows.index(event.text)
            self.error = ""
            return None
        if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION:
            return self.load_action()
        key = event.key if event.type == pygame.KEYDOWN else None
        if pressed(event, self.back) or key == pygame.K_ESCAPE:
            return Pop()
        if pressed(event, self.load) or key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.load_action()
        if key in (pygame.K_DOWN, pygame.K_UP) and self.files:
            self.index = (self.index + (1 if key == pygame.K_DOWN else -1)) % len(self.files)
            self.teardown()
            self.build()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        surface.fill(pal.BG)
        w, h = surface.get_size()
        pygame.draw.rect(surface, pal.BG_DEEP, (0, 0, w, ctx.px(88)))
        pygame.draw.line(surface, pal.UN_BLUE, (0, ctx.px(88)), (w, ctx.px(88)), 2)
        surface.blit(ctx.text("LOAD GAME", 13, pal.ACCENT, bold=True), (ctx.px(56), ctx.px(18)))
        surface.blit(
            ctx.text(f"Saved games in {self.folder}", 22, pal.TEXT, bold=True),
            (ctx.px(56), ctx.px(38)),
        )
        if self.error:
            draw.paragraph(
                surface,
                ctx,
                self.error,
                (ctx.px(56), h - ctx.px(140)),
                w - ctx.px(112),
                14,
                pal.DANGER,
            )
