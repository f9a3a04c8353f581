"""Synthetic input for the UI tests: key presses and mouse clicks as pygame events."""

from __future__ import annotations

import pygame


def key(k: int, *, up: bool = False) -> pygame.event.Event:
    """A synthetic key press (or release)."""
    return pygame.event.Event(
        pygame.KEYUP if up else pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0
    )


def click(pos: tuple[int, int], button: int = 1) -> list[pygame.event.Event]:
    """A synthetic mouse click at ``pos``: move there, press, release."""
    return [
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button),
    ]


def click_button(app: object, button: object) -> None:
    """Click a pygame_gui button in the middle, as a player would."""
    app.step(click(button.rect.center))  # type: ignore[attr-defined]


def wheel(pos: tuple[int, int], dy: int) -> list[pygame.event.Event]:
    """A synthetic mouse-wheel turn over ``pos`` (dy < 0 scrolls down, toward older)."""
    return [
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
        pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=dy, flipped=False),
    ]
