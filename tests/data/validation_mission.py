"""A purpose-built 64 x 64 test mission for the research-direction tests (built in code).

One town (Kala, 10,000 people of one community) in open country with 6,000 rural people,
one armed faction camped south of the town with hostile intent, and a mission whose
composition each test chooses: troops, police, observers. Everything else is held equal so
that a difference in deaths can only come from what the test varies.
"""

from __future__ import annotations

from typing import Any

from game.mission.schema import Mission

TOWN = (32, 30)


def validation_mission(
    *,
    troops: int = 0,
    police: int = 0,
    observers: int = 0,
    perpetrator: str = "rebel",
    faction_strength: int = 400,
    intent: float = 0.5,
    consent: float = 0.8,
    troop_posture: str = "guard",
    police_at: tuple[int, int] = TOWN,
    dynamics: dict[str, Any] | None = None,
) -> Mission:
    """The validation mission with the given mission composition and perpetrator kind."""
    units: list[dict[str, Any]] = []
    if troops:
        units.append(
            {
                "id": "inf",
                "name": "Infantry",
                "type": "infantry",
                "strength": troops,
                "at": list(TOWN),
                "country": "norland",
                "posture": troop_posture,
            }
        )
    if police:
        units.append(
            {
                "id": "fpu",
                "name": "Police",
                "type": "formed_police",
                "strength": police,
                "at": list(police_at),
                "country": "estavia",
                "posture": "patrol",
            }
        )
    if observers:
        units.append(
            {
                "id": "mo",
                "name": "Observers",
                "type": "military_observers",
                "strength": observers,
                "at": list(TOWN),
                "country": "lusia",
                "posture": "patrol",
            }
        )
    if not units:  # the schema needs one unit: a token liaison cell far away, no presence
        units.append(
            {
                "id": "hq",
                "name": "Liaison",
                "type": "engineers",
                "strength": 1,
                "at": [2, 2],
                "country": "norland",
            }
        )
    doc: dict[str, Any] = {
        "format": 1,
        "meta": {"id": "validation", "name": "Validation"},
        "briefing": {"summary": "Research-direction test mission."},
        "map": {
            "width": 64,
            "height": 64,
            "seed": 3,
            "towns": [
                {"name": "Kala", "at": list(TOWN), "radius": 4, "population": {"kala": 10000}}
            ],
            "rural_population": {"kala": 6000},
            "forests": [{"at": [10, 50], "radius": 5}],
        },
        "communities": [{"id": "kala", "name": "Kala", "legitimacy": 0.5, "hardship": 0.3}],
        "factions": [
            {
                "id": "armed",
                "name": "Armed group",
                "kind": perpetrator,
                "deployments": [{"at": [32, 40], "strength": faction_strength, "radius": 3}],
                "intent": {"kala": intent},
                "consent": consent,
                "supply": 0.6,
                "cohesion": 0.6,
            }
        ],
        "forces": {"units": units},
        "mandate": {
            "chapter": "VII",
            "tasks": ["protect_civilians"],
            "protection_of_civilians": {"mandated": True},
        },
        "roe": {"force": [{"rung": "deadly", "justifications": ["protection_of_civilians"]}]},
        "end": {"turn_limit": 120},
    }
    if dynamics:
        doc["dynamics"] = dynamics
    return Mission.model_validate(doc)
