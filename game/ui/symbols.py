"""NATO-style (APP-6) unit symbols for the mission's units, drawn by code.

Run ``python -m game.ui.symbols`` to (re)write ``assets/symbols/*.png``; the PNGs are
committed, and the game falls back to drawing them in memory if one is missing. Every
unit is a friend: the APP-6 friendly frame is a 3:2 rectangle with a crystal-blue fill.
The branch marks (see ``assets/README.md`` for the reasoning):

* infantry: the X of two diagonals;
* formed police: the letters "POL" (APP-6 writes military police as "MP"; an FPU is
  civilian police, so the project uses "POL");
* military observers: an eye (no APP-6 icon exists for UN military observers);
* engineers: the APP-6 engineer "bridge" mark;
* helicopters: the APP-6 rotary-wing bow-tie;
* quick-reaction force: infantry with the airborne arc, read as a mobile reserve.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pygame

from game.ui import palette as pal
from game.ui.resources import font_path, symbols_dir

UNIT_TYPES: tuple[str, ...] = (
    "infantry",
    "formed_police",
    "military_observers",
    "engineers",
    "helicopters",
    "quick_reaction_force",
)
SIZE = (76, 52)
"""Canvas of each PNG: a 72×48 frame with a 2-pixel margin."""
_SS = 4  # supersampling factor for smooth edges

BLACK = (10, 12, 16)


def _frame(s: pygame.Surface) -> pygame.Rect:
    w, h = s.get_size()
    m = 2 * _SS
    r = pygame.Rect(m, m, w - 2 * m, h - 2 * m)
    pygame.draw.rect(s, pal.FRIEND_FILL, r)
    pygame.draw.rect(s, BLACK, r, width=2 * _SS + 1)
    return r


def _line(s: pygame.Surface, a: tuple[float, float], b: tuple[float, float], w: int) -> None:
    pygame.draw.line(s, BLACK, a, b, w)
    for p in (a, b):
        pygame.draw.circle(s, BLACK, p, w / 2)


def _cross(s: pygame.Surface, r: pygame.Rect) -> None:
    w = 2 * _SS + 2
    _line(s, r.topleft, (r.right - 1, r.bottom - 1), w)
    _line(s, (r.left, r.bottom - 1), (r.right - 1, r.top), w)


def _text(s: pygame.Surface, r: pygame.Rect, text: str, height: float) -> None:
    font = pygame.font.Font(font_path(bold=True), int(r.height * height))
    img = font.render(text, True, BLACK)
    s.blit(img, img.get_rect(center=r.center))


def _eye(s: pygame.Surface, r: pygame.Rect) -> None:
    cx, cy = r.center
    hw, hh = r.width * 0.28, r.height * 0.24
    upper = [(cx + hw * math.cos(t), cy - hh * math.sin(t)) for t in _steps(0, math.pi)]
    lower = [(cx + hw * math.cos(t), cy + hh * math.sin(t)) for t in _steps(math.pi, 0)]
    pygame.draw.polygon(s, (255, 255, 255), upper + lower)
    pygame.draw.lines(s, BLACK, True, upper + lower, 2 * _SS)
    pygame.draw.circle(s, BLACK, (cx, cy), hh * 0.75)


def _steps(a: float, b: float, n: int = 24) -> list[float]:
    return [a + (b - a) * i / n for i in range(n + 1)]


def _engineer(s: pygame.Surface, r: pygame.Rect) -> None:
    w = 3 * _SS
    x0, x1 = r.left + r.width * 0.25, r.left + r.width * 0.75
    y0, y1 = r.top + r.height * 0.38, r.top + r.height * 0.64
    _line(s, (x0, y0), (x1, y0), w)
    for x in (x0, (x0 + x1) / 2, x1):
        _line(s, (x, y0), (x, y1), w)


def _bowtie(s: pygame.Surface, r: pygame.Rect) -> None:
    cx, cy = r.center
    dx, dy = r.width * 0.26, r.height * 0.22
    pygame.draw.polygon(s, BLACK, [(cx - dx, cy - dy), (cx - dx, cy + dy), (cx, cy)])
    pygame.draw.polygon(s, BLACK, [(cx + dx, cy - dy), (cx + dx, cy + dy), (cx, cy)])
    _line(s, (cx - dx, cy - dy), (cx + dx, cy - dy), _SS)


def _qrf(s: pygame.Surface, r: pygame.Rect) -> None:
    _cross(s, r)
    arc = pygame.Rect(0, 0, r.width * 0.36, r.height * 0.36)
    arc.center = (r.centerx, r.bottom - r.height * 0.16)
    pygame.draw.rect(s, pal.FRIEND_FILL, arc.inflate(-arc.width * 0.2, 0).clip(r))
    pygame.draw.arc(s, BLACK, arc, math.pi * 1.05, math.pi * 1.95, 2 * _SS)


_MARKS = {
    "infantry": _cross,
    "formed_police": lambda s, r: _text(s, r, "POL", 0.5),
    "military_observers": _eye,
    "engineers": _engineer,
    "helicopters": _bowtie,
    "quick_reaction_force": _qrf,
}


def draw_symbol(unit_type: str) -> pygame.Surface:
    """The symbol for ``unit_type`` as a transparent SIZE surface (unknown types: '?')."""
    big = pygame.Surface((SIZE[0] * _SS, SIZE[1] * _SS), pygame.SRCALPHA)
    r = _frame(big)
    mark = _MARKS.get(unit_type)
    if mark is None:
        _text(big, r, "?", 0.7)
    else:
        mark(big, r)
    return pygame.transform.smoothscale(big, SIZE)


def generate(out_dir: Path | None = None) -> list[Path]:
    """Write every unit symbol as ``<type>.png``; return the paths written."""
    folder = out_dir or symbols_dir()
    folder.mkdir(parents=True, exist_ok=True)
    pygame.font.init()
    written = []
    for t in UNIT_TYPES:
        path = folder / f"{t}.png"
        pygame.image.save(draw_symbol(t), str(path))
        written.append(path)
    return written


def load_symbol(unit_type: str) -> pygame.Surface:
    """The shipped PNG for ``unit_type``, drawn in memory if the file is missing."""
    path = symbols_dir() / f"{unit_type}.png"
    if path.is_file():
        img = pygame.image.load(str(path))
        return img.convert_alpha() if pygame.display.get_surface() is not None else img
    return draw_symbol(unit_type)


def main() -> int:
    """Regenerate the committed symbol PNGs."""
    for p in generate():
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
