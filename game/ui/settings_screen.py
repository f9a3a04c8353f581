"""The settings screen: resolution, fullscreen, colour-blind-safe palette and UI scale.

Every change applies at once and is saved (atomically) to the settings file.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.ui import draw
from game.ui import palette as pal
from game.ui.panels import ramp_bar
from game.ui.screen import Action, Context, Pop, Screen, TipButton, pressed
from game.ui.settings import RESOLUTIONS, UI_SCALES, Settings, cycle

ROWS = (
    ("resolution", "Resolution", "Window size in pixels."),
    ("fullscreen", "Fullscreen", "Fill the whole screen (F11 toggles it anywhere)."),
    (
        "colourblind",
        "Colour-blind-safe palette",
        "Overlays use the Okabe–Ito colours and viridis-like ramps, readable with any "
        "common colour-vision deficiency.",
    ),
    ("ui_scale", "UI scale", "Size of text and controls; the map keeps its own zoom."),
)


def describe(s: Settings, name: str) -> str:
    """The current value of setting ``name`` as the button shows it."""
    if name == "resolution":
        return f"{s.resolution[0]} × {s.resolution[1]}"
    if name == "ui_scale":
        return f"{s.ui_scale:.0%}"
    return "On" if getattr(s, name) else "Off"


def changed(s: Settings, name: str, step: int) -> Settings:
    """``s`` with setting ``name`` moved one choice along (toggles flip)."""
    if name == "resolution":
        return replace(s, resolution=cycle(RESOLUTIONS, s.resolution, step))
    if name == "ui_scale":
        return replace(s, ui_scale=cycle(UI_SCALES, s.ui_scale, step))
    if name == "fullscreen":
        return replace(s, fullscreen=not s.fullscreen)
    return replace(s, colourblind=not s.colourblind)


class SettingsScreen(Screen):
    """One row per setting; arrows or a click change it."""

    help_group = "Menus"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.controls: dict[TipButton, tuple[str, int]] = {}
        self.back: TipButton | None = None

    def _panel(self) -> pygame.Rect:
        ctx, (w, h) = self.ctx, self.ctx.size
        pw, ph = min(w - ctx.px(80), ctx.px(820)), ctx.px(470)
        r = pygame.Rect(0, 0, pw, ph)
        r.center = (w // 2, h // 2 + ctx.px(20))
        return r

    def build(self) -> None:
        ctx, s = self.ctx, self.ctx.settings
        panel = self._panel()
        self.controls = {}
        x = panel.right - ctx.px(24) - ctx.px(300)
        for i, (name, label, tip) in enumerate(ROWS):
            y = panel.top + ctx.px(66) + i * ctx.px(78)
            value = describe(s, name)
            if name in ("resolution", "ui_scale"):
                less = self.button(
                    pygame.Rect(x, y, ctx.px(44), ctx.px(44)), "‹", f"Smaller {label.lower()}."
                )
                main = self.button(
                    pygame.Rect(x + ctx.px(52), y, ctx.px(196), ctx.px(44)),
                    value,
                    f"{tip} Click for the next choice.",
                )
                more = self.button(
                    pygame.Rect(x + ctx.px(256), y, ctx.px(44), ctx.px(44)),
                    "›",
                    f"Larger {label.lower()}.",
                )
                self.controls.update({less: (name, -1), main: (name, 1), more: (name, 1)})
            else:
                b = self.button(
                    pygame.Rect(x, y, ctx.px(300), ctx.px(44)),
                    value,
                    f"{tip} Click to turn it {'off' if getattr(s, name) else 'on'}.",
                )
                if getattr(s, name):
                    b.select()
                self.controls[b] = (name, 1)
        self.back = self.button(
            pygame.Rect(panel.left, panel.bottom + ctx.px(18), ctx.px(170), ctx.px(48)),
            "Back",
            "Return; settings are already saved (Esc).",
        )

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if pressed(event, self.back) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        ):
            return Pop()
        for button, (name, step) in self.controls.items():
            if pressed(event, button):
                self.ctx.apply_settings(changed(self.ctx.settings, name, step))
                return None
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        surface.blit(draw.backdrop(surface.get_size()), (0, 0))
        panel = self._panel()
        surface.blit(
            ctx.text("SETTINGS", 13, pal.ACCENT, bold=True), (panel.left, panel.top - ctx.px(64))
        )
        surface.blit(
            ctx.text("Display and accessibility", 28, pal.TEXT, bold=True),
            (panel.left, panel.top - ctx.px(46)),
        )
        inner = draw.panel(surface, panel, ctx, f"Saved to {ctx.settings_path}")
        for i, (_, label, tip) in enumerate(ROWS):
            y = panel.top + ctx.px(66) + i * ctx.px(78)
            surface.blit(ctx.text(label, 17, pal.TEXT, bold=True), (inner.left, y))
            draw.paragraph(
                surface,
                ctx,
                tip,
                (inner.left, y + ctx.px(24)),
                inner.width - ctx.px(340),
                13,
                pal.MUTED,
            )
        colours = pal.overlay_palette(ctx.settings.colourblind)
        y = panel.bottom - ctx.px(40)
        surface.blit(ctx.text(f"Overlay colours ({colours.name}):", 13, pal.MUTED), (inner.left, y))
        x = inner.left + ctx.px(230)
        for c in colours.communities[:6]:
            pygame.draw.rect(surface, c, (x, y, ctx.px(22), ctx.px(16)), border_radius=3)
            x += ctx.px(28)
        bar = ramp_bar(colours, "threat", (ctx.px(200), ctx.px(16)))
        surface.blit(bar, (x + ctx.px(12), y))
