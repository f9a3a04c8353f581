"""Player-facing names for the mission file's ids, for every sentence the rules write.

Findings and verdicts are read by players and trainees: "No unit acted on the threat
from Hill Defence Youth to Marun", not "from hdy to marun". Ids stay in clause paths and
in the data; names go into the prose.
"""

from __future__ import annotations

import math

from game.mission.schema import Mission

_CACHE: dict[int, tuple[Mission, dict[str, str]]] = {}


def _table(mission: Mission) -> dict[str, str]:
    """Id -> name for factions, communities and units (reserve and inject units too)."""
    hit = _CACHE.get(id(mission))
    if hit is not None and hit[0] is mission:
        return hit[1]
    table: dict[str, str] = {}
    for inj in mission.injects:
        for e in inj.effects:
            for u in getattr(e, "units", ()):
                table[u.id] = u.name
    for u in (*mission.forces.units, *mission.forces.reserve):
        table[u.id] = u.name
    for c in mission.communities:
        table[c.id] = c.name
    for f in mission.factions:
        table[f.id] = f.name
    _CACHE[id(mission)] = (mission, table)
    return table


def name(mission: Mission, ident: str) -> str:
    """The name of a faction, community or unit id (the id itself if it names nothing)."""
    return _table(mission).get(ident, ident)


def names(mission: Mission, idents: list[str] | tuple[str, ...]) -> str:
    """Several names joined with commas."""
    return ", ".join(name(mission, i) for i in idents)


def place(mission: Mission, x: int, y: int) -> str:
    """'Solen (20, 30)' for a cell in or next to a town, else '(x, y)': a place a player
    finds on the map, with the cell for the exact spot."""
    for t in mission.map.towns:
        if math.hypot(t.at[0] - x, t.at[1] - y) <= t.radius + 1:
            return f"{t.name} ({x}, {y})"
    return f"({x}, {y})"


JUSTIFICATION_LABELS = {
    "self_defence": "self-defence",
    "defence_of_mandate": "defence of the mandate",
    "protection_of_civilians": "protection of civilians",
    "defence_of_property": "defence of property",
}
"""Each justification of force as a sentence says it."""


def rung_words(rung: str) -> str:
    """A rung of the escalation ladder in words: 'deadly force', 'warning shots'."""
    return {"deadly": "deadly force", "non_lethal": "non-lethal force"}.get(
        rung, rung.replace("_", " ")
    )
