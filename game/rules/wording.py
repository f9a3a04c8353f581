"""Orders in plain words, for every reader: the desktop's menus and end-of-day card, the
after-action report, the logs. "Patrol at Marra (47, 17)", "Deadly force against Hill
Defence Youth (self-defence)": names and places from the mission, never raw ids. Each
order kind's words are declared by its rule; this is the one door every reader uses."""

from __future__ import annotations

from game.mission.schema import Mission
from game.rules.names import JUSTIFICATION_LABELS, rung_words
from game.rules.orders import Order, rule_for

__all__ = ["JUSTIFICATION_LABELS", "describe", "rung_words"]


def describe(mission: Mission, o: Order) -> str:
    """An order in plain words: 'Patrol at Marra (47, 17)'."""
    return rule_for(o).describe(o, mission)
