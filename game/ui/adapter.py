"""The one object the game screen talks to: a mission in play and the story of its days.

``GameModel`` is ``model.MissionModel`` (the engine's data as a player reads it: units,
layers, orders with their verdicts, submit, undo, save) plus what is told about each day:
the feed and notifications (``narrative``), the end-of-day resolution, and the
tutorial's lessons (``lessons``). It sits above both, so neither imports it back.
"""

from __future__ import annotations

from game.engine import events as ev
from game.ui import narrative
from game.ui.lessons import tutorial_hint
from game.ui.model import (
    TIER_LABELS,
    Availability,
    FeedItem,
    MissionModel,
    OptionView,
    Resolution,
    Toast,
    UnitView,
)


class GameModel(MissionModel):
    """A mission in play, as the screens see it, with the story of its days."""

    def _absorb(self, events: list[ev.Event], initial: bool = False) -> None:
        """Feed items and notifications from new events."""
        narrative.absorb(self, events, initial)

    def end_turn(self) -> Resolution:
        """Play one day; return the resolution the overlay shows."""
        can = self.end_turn_availability()
        if not can.ok:
            return Resolution(self.day, can.reason, over=True)
        before = self.standing()
        before.update(
            {f"evidence:{f}": float(v) for f, v in self.session.rules.council.evidence.items()}
        )
        result = self.session.end_turn()
        self.version += 1
        res = narrative.resolve(self, result, before)
        self.last = res
        self.messages = [res.headline, *self.messages][:200]
        return res

    def hint(self, selected: str | None) -> str:
        """What a new player should do next, in one line."""
        s = self.session
        if s.is_over():
            return "The mission is over: read the after-action review."
        if self.mission.meta.id == "tutorial":
            lesson = tutorial_hint(self)
            if lesson is not None:
                return lesson
        if selected is None:
            return "Select a unit (click it or press Tab), then choose an order."
        if not self.session.pending:
            return "Choose an order on the right, or right-click the map to patrol there."
        return "Press End turn (Enter) when your orders are in; Ctrl+Z undoes the last."


__all__ = [
    "TIER_LABELS",
    "Availability",
    "FeedItem",
    "GameModel",
    "OptionView",
    "Resolution",
    "Toast",
    "UnitView",
]
