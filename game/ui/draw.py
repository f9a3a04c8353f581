"""Shared painting helpers: the topographic backdrop, panels, headings and wrapped text."""

from __future__ import annotations

from functools import cache

import numpy as np
import pygame
from scipy import ndimage

from game.ui import palette as pal
from game.ui.screen import Context
from game.view import palette as vpal


@cache
def _backdrop_rgb(w: int, h: int) -> np.ndarray:
    """A dark blue topographic-map texture: contour lines over a vignette (cosmetic)."""
    rng = np.random.default_rng(1948)  # UNTSO, the first peace operation
    coarse = rng.uniform(0, 1, size=(9, 14))
    height = ndimage.zoom(coarse, (h / 8, w / 13), order=3)[:h, :w]
    height = ndimage.gaussian_filter(height, 6)
    bands = (height - height.min()) / max(float(np.ptp(height)), 1e-6) * 14
    frac = np.abs(bands - np.round(bands))
    lines = np.clip(1.0 - frac / 0.06, 0.0, 1.0) * 0.55
    major = (np.round(bands) % 5 == 0) * lines * 0.6
    yy, xx = np.mgrid[0:h, 0:w]
    vig = 1.0 - 0.55 * (((xx - w * 0.38) / w) ** 2 + ((yy - h * 0.45) / h) ** 2) ** 0.5 * 1.6
    vig = np.clip(vig, 0.25, 1.0)
    base = np.asarray(pal.BG, np.float32)
    line = np.asarray((40, 74, 120), np.float32)
    img = base[None, None, :] * vig[..., None] * 1.25
    img += (line - base)[None, None, :] * (lines + major)[..., None] * vig[..., None]
    out: np.ndarray = np.clip(img, 0, 255).astype(np.uint8).transpose(1, 0, 2)
    return out


def backdrop(size: tuple[int, int]) -> pygame.Surface:
    """The menu background for a window of ``size``."""
    return pygame.surfarray.make_surface(np.ascontiguousarray(_backdrop_rgb(*size)))


def panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    ctx: Context,
    title: str | None = None,
    *,
    alpha: int = 235,
) -> pygame.Rect:
    """A dark panel with a thin border and an optional caps heading; returns the inner rect."""
    body = pygame.Surface(rect.size, pygame.SRCALPHA)
    body.fill((*pal.PANEL, alpha))
    surface.blit(body, rect.topleft)
    pygame.draw.rect(surface, pal.BORDER, rect, width=1, border_radius=ctx.px(4))
    inner = rect.inflate(-ctx.px(24), -ctx.px(20))
    if title:
        img = ctx.text(title.upper(), 13, pal.ACCENT, bold=True)
        surface.blit(img, inner.topleft)
        y = inner.top + img.get_height() + ctx.px(6)
        pygame.draw.line(surface, pal.BORDER, (inner.left, y), (inner.right, y))
        inner = pygame.Rect(inner.left, y + ctx.px(10), inner.width, inner.bottom - y - ctx.px(10))
    return inner


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` pixels in ``font``."""
    lines: list[str] = []
    for para in text.split("\n"):
        words, line = para.split(), ""
        for word in words:
            trial = f"{line} {word}".strip()
            if line and font.size(trial)[0] > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def fit(font: pygame.font.Font, text: str, width: int) -> str:
    """``text`` cut with an ellipsis so it is at most ``width`` pixels wide in ``font``."""
    if font.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def paragraph(
    surface: pygame.Surface,
    ctx: Context,
    text: str,
    pos: tuple[int, int],
    width: int,
    size: float = 15,
    colour: tuple[int, int, int] = pal.TEXT,
    bold: bool = False,
) -> int:
    """Draw wrapped text; return the y below it."""
    x, y = pos
    font = ctx.font(size, bold)
    for line in wrap(font, text, width):
        img = ctx.text(line, size, colour, bold)
        surface.blit(img, (x, y))
        y += round(font.get_linesize() * 1.1)
    return y


def halo(
    ctx: Context, s: str, size: float, colour: tuple[int, int, int], bold: bool = True
) -> pygame.Surface:
    """Text with a dark outline so it reads on any terrain (map labels)."""
    fg = ctx.text(s, size, colour, bold)
    bg = ctx.text(s, size, vpal.LABEL_HALO, bold)
    w, h = fg.get_size()
    out = pygame.Surface((w + 4, h + 4), pygame.SRCALPHA)
    for dx in (0, 2, 4):
        for dy in (0, 2, 4):
            if (dx, dy) != (2, 2):
                out.blit(bg, (dx, dy))
    out.blit(fg, (2, 2))
    return out
