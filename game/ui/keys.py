"""Every key and mouse binding, in one table: the help overlay (F1) lists it, and the
screens use the same names, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Binding:
    """One binding as the help overlay shows it."""

    keys: str
    does: str


BINDINGS: dict[str, tuple[Binding, ...]] = {
    "Everywhere": (
        Binding("F1", "Show or hide this help"),
        Binding("F11", "Toggle fullscreen (saved in settings)"),
        Binding("Esc", "Back, close an overlay, or leave the mission"),
    ),
    "Menus": (
        Binding("N", "New game: choose a mission"),
        Binding("L", "Load game"),
        Binding("S", "Settings"),
        Binding("Q", "Quit (main menu)"),
        Binding("Up / Down", "Choose a mission in the list"),
        Binding("Enter", "Start the chosen mission"),
        Binding("Mouse", "Click buttons; hover any control for its tooltip"),
    ),
    "Map": (
        Binding("Arrows / W A S D", "Pan the map"),
        Binding("Drag (left or middle)", "Pan the map"),
        Binding("Wheel / + -", "Zoom in and out (the wheel zooms at the cursor)"),
        Binding("Home", "Fit the whole map"),
        Binding("Left click", "Select a unit"),
        Binding("Right click", "Order the selected unit to move there"),
        Binding("Tab", "Select the next unit"),
        Binding("Backspace", "Cancel the selected unit's move"),
        Binding(
            "1 - 7",
            "Toggle overlays: population, threat, deaths, displaced, "
            "protection, early warning, consent & access",
        ),
        Binding("0", "Hide all overlays"),
        Binding("I", "Instructor view: ground truth / what the mission knows"),
        Binding("Enter", "End turn (play one day)"),
    ),
}
"""Bindings by group, in the order the help overlay lists them."""
