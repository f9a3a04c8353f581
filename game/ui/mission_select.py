"""New game: the shipped missions, each with its briefing, mandate, ROE and background."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextBox

from game.mission.schema import Mission
from game.paths import shipped_missions
from game.ui import draw, render
from game.ui import palette as pal
from game.ui.briefing import briefing_html, error_html
from game.ui.screen import Action, Context, Pop, Push, Screen, TipButton, pressed
from game.view import palette as vpal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One mission file in the list: its mission, or why it does not load."""

    path: Path
    title: str
    mission: Mission | None
    error: str = ""


_CACHE: dict[tuple[Path, float], Entry] = {}


def load_entry(path: Path) -> Entry:
    """Load one mission file for the list (cached while the file is unchanged)."""
    key = (path, path.stat().st_mtime)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    from game.mission import load_mission

    try:
        m = load_mission(path)
        entry = Entry(path, m.meta.name, m)
    except Exception as e:  # shown in the panel; a bad file must not crash the menu
        log.warning("%s does not load: %s", path, e)
        entry = Entry(path, f"{path.stem} (invalid)", None, str(e))
    _CACHE[key] = entry
    return entry


def list_entries(paths: list[Path] | None = None) -> list[Entry]:
    """Every shipped mission, tutorial first, then by name."""
    entries = [load_entry(p) for p in (paths if paths is not None else shipped_missions())]
    return sorted(entries, key=lambda e: (e.path.stem != "tutorial", e.title))


_THUMBS: dict[Path, pygame.Surface] = {}


def thumbnail(entry: Entry) -> pygame.Surface | None:
    """A small terrain picture of the mission's map with its towns dotted."""
    if entry.mission is None or entry.mission.map.layers is not None:
        return None
    hit = _THUMBS.get(entry.path)
    if hit is None:
        from game.mission.maps import build_terrain

        hit = render.terrain_surface(build_terrain(entry.mission.map))
        _THUMBS[entry.path] = hit
    return hit


class MissionSelect(Screen):
    """The mission list with a briefing panel and a Start button."""

    help_group = "Menus"

    def __init__(self, ctx: Context, paths: list[Path] | None = None) -> None:
        super().__init__(ctx)
        self.entries = list_entries(paths)
        self.index = 0
        self.list: UISelectionList | None = None
        self.briefing: UITextBox | None = None
        self.back: TipButton | None = None
        self.start: TipButton | None = None
        self.strict = False
        """Training (strict) mode: orders the rules forbid are refused, not carried out."""
        self.strict_button: TipButton | None = None

    @property
    def selected(self) -> Entry | None:
        """The highlighted mission, if any."""
        return self.entries[self.index] if self.entries else None

    def _layout(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        ctx, (w, h) = self.ctx, self.ctx.size
        top, bottom = ctx.px(112), h - ctx.px(96)
        left_w = ctx.px(400)
        rows = max(1, len(self.entries))
        list_h = min(rows * ctx.px(46) + ctx.px(8), (bottom - top) // 2)
        lst = pygame.Rect(ctx.px(56), top, left_w, list_h)
        thumb = pygame.Rect(
            lst.left, lst.bottom + ctx.px(16), left_w, bottom - lst.bottom - ctx.px(16)
        )
        text = pygame.Rect(lst.right + ctx.px(24), top, w - lst.right - ctx.px(80), bottom - top)
        return lst, thumb, text

    def build(self) -> None:
        ctx, (w, h) = self.ctx, self.ctx.size
        lst, _, text = self._layout()
        items: list[str | tuple[str, str]] = [e.title for e in self.entries]
        self.list = self.add(
            UISelectionList(
                lst,
                items,
                ctx.manager,
                default_selection=items[self.index] if items else None,
            )
        )
        self.briefing = self.add(UITextBox(self._html(), text, ctx.manager))
        by = h - ctx.px(76)
        self.back = self.button(
            pygame.Rect(ctx.px(56), by, ctx.px(170), ctx.px(48)),
            "Back",
            "Return to the main menu (Esc).",
        )
        sel = self.selected
        ok = sel is not None and sel.mission is not None
        self.start = self.button(
            pygame.Rect(w - ctx.px(56) - ctx.px(280), by, ctx.px(280), ctx.px(48)),
            "Start mission",
            "Deploy and take command of this mission (Enter)."
            if ok
            else "This mission file does not load; see the panel.",
            object_id="#primary",
            enabled=ok,
        )
        self.strict_button = self.button(
            pygame.Rect(w - ctx.px(56) - ctx.px(280) - ctx.px(300), by, ctx.px(284), ctx.px(48)),
            f"Training (strict): {'on' if self.strict else 'off'}",
            "Training mode (T): orders the mandate or the rules of engagement forbid are "
            "refused, naming the clause. Off (free play): they are carried out and recorded "
            "as findings against the mission.",
        )
        if self.strict:
            self.strict_button.select()

    def toggle_strict(self) -> None:
        """Switch between free play and training (strict) mode."""
        self.strict = not self.strict
        self.teardown()
        self.build()

    def _html(self) -> str:
        sel = self.selected
        if sel is None:
            return "No mission files were found in the missions folder."
        if sel.mission is None:
            return error_html(sel.title, sel.error, self.ctx.scale)
        return briefing_html(sel.mission, self.ctx.scale)

    def select(self, index: int) -> None:
        """Highlight mission ``index`` and show its briefing."""
        if not self.entries:
            return
        self.index = index % len(self.entries)
        self.teardown()
        self.build()

    def start_action(self) -> Action | None:
        """Open the map view of the selected mission, if it loads."""
        from game.ui.adapter import GameModel
        from game.ui.mapview import MapView

        sel = self.selected
        if sel is None or sel.mission is None:
            return None
        model = GameModel(
            sel.mission, mission_dir=sel.path.parent, mode="strict" if self.strict else "free"
        )
        return Push(MapView(self.ctx, model))

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is (
            self.list
        ):
            titles = [e.title for e in self.entries]
            if event.text in titles:
                self.select(titles.index(event.text))
            return None
        if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION:
            return self.start_action()
        if pressed(event, self.back):
            return Pop()
        if pressed(event, self.start):
            return self.start_action()
        if pressed(event, self.strict_button):
            self.toggle_strict()
            return None
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key == pygame.K_t:
                self.toggle_strict()
            if event.key in (pygame.K_DOWN, pygame.K_UP):
                self.select(self.index + (1 if event.key == pygame.K_DOWN else -1))
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.start_action()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        surface.fill(pal.BG)
        w, _ = surface.get_size()
        pygame.draw.rect(surface, pal.BG_DEEP, (0, 0, w, ctx.px(88)))
        pygame.draw.line(surface, pal.UN_BLUE, (0, ctx.px(88)), (w, ctx.px(88)), 2)
        surface.blit(ctx.text("NEW GAME", 13, pal.ACCENT, bold=True), (ctx.px(56), ctx.px(18)))
        surface.blit(
            ctx.text("Choose a mission", 30, pal.TEXT, bold=True), (ctx.px(56), ctx.px(36))
        )
        hint = ctx.text(
            "Read the mandate and the rules of engagement before you deploy", 14, pal.MUTED
        )
        surface.blit(hint, hint.get_rect(bottomright=(w - ctx.px(56), ctx.px(70))))
        _, thumb_rect, _ = self._layout()
        sel = self.selected
        inner = draw.panel(surface, thumb_rect, ctx, "Area of operations")
        img = thumbnail(sel) if sel else None
        if img is None or sel is None or sel.mission is None:
            return
        mw, mh = img.get_size()
        k = min(inner.width / mw, inner.height / mh)
        size = (max(1, int(mw * k)), max(1, int(mh * k)))
        scale = pygame.transform.scale if k >= 1 else pygame.transform.smoothscale
        pic = scale(img, size)
        r = pic.get_rect(center=inner.center)
        surface.blit(pic, r)
        pygame.draw.rect(surface, pal.BORDER, r, 1)
        for t in sel.mission.map.towns:
            p = (r.left + (t.at[0] + 0.5) * k, r.top + (t.at[1] + 0.5) * k)
            pygame.draw.circle(surface, vpal.TOWN_EDGE, p, ctx.px(4))
            pygame.draw.circle(surface, vpal.TOWN, p, ctx.px(3))
            surface.blit(draw.halo(ctx, t.name, 12, pal.TEXT), (p[0] + ctx.px(5), p[1] - ctx.px(9)))
