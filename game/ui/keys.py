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
        Binding("T", "Training (strict) mode on or off, before you start"),
        Binding("Mouse", "Click buttons; hover any control for its tooltip"),
    ),
    "Map": (
        Binding("Arrows / W A S D", "Pan the map"),
        Binding("Drag (left/middle)", "Pan the map"),
        Binding("Wheel / + -", "Zoom (the wheel zooms at the cursor)"),
        Binding("Home", "Fit the whole map"),
        Binding(
            "1 - 7",
            "Overlays: population, threat, deaths, displaced, protection, "
            "early warning, consent & access",
        ),
        Binding("0", "Hide all overlays"),
        Binding("Hover", "The cell in the status line; over a red badge, the known threat"),
        Binding("Left panel tabs", "Findings, Events (click one to centre the map), Council, Map"),
        Binding("F5", "Quick-save (the main menu's Load game lists saves)"),
    ),
    "Orders": (
        Binding("Left click / Tab", "Select a unit: its orders show on the right"),
        Binding(
            "Right click",
            "Patrol (or the armed order) there; the verdict shows under the cursor first",
        ),
        Binding(
            "Order buttons",
            "Green allowed, gold finding, red against the rules, "
            "grey refused; hover for the clause",
        ),
        Binding("1 - 9", "In an order list or on the ladder: choose that row"),
        Binding("Enter", "In the confirm step: give the order (not a refused one)"),
        Binding("N", "Negotiate with a party"),
        Binding("Ctrl+Z / Backspace", "Undo the last order (until the turn ends)"),
        Binding("Enter", "End turn, then any key skips the day's summary"),
        Binding("Esc", "Cancel the armed order, deselect, or leave"),
        Binding("I", "Instructor: ground truth / what the mission knows"),
        Binding("Ctrl+I", "Instructor: fire a scripted inject"),
    ),
    "Review": (
        Binding("E", "Export the report (HTML + PNG charts)"),
        Binding("O", "Findings timeline / orders log"),
        Binding("Wheel / Up / Down", "Scroll the list"),
        Binding("M", "Back to the map"),
    ),
}
"""Bindings by group, in the order the help overlay lists them."""
