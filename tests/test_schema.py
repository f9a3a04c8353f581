"""The mission contract: shapes, defaults, immutability and cross-reference checks."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml

from game.mission.schema import (
    FORMAT_VERSION,
    RUNGS,
    Mission,
    field_paths,
    reference_problems,
)

TUTORIAL = Path(__file__).parent.parent / "missions" / "tutorial.yaml"


@pytest.fixture(scope="module")
def tutorial_data() -> dict[str, Any]:
    data = yaml.safe_load(TUTORIAL.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _problems(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """The located cross-reference problems pydantic reports for ``data``."""
    with pytest.raises(pydantic.ValidationError) as info:
        Mission.model_validate(data)
    errors = info.value.errors()
    assert [e["type"] for e in errors] == ["mission_reference"], errors
    problems = errors[0]["ctx"]["problems"]
    assert problems
    return [(tuple(loc), msg) for loc, msg in problems]


def test_tutorial_is_a_valid_frozen_mission(tutorial_data: dict[str, Any]) -> None:
    m = Mission.model_validate(tutorial_data)
    assert m.format == FORMAT_VERSION
    assert list(reference_problems(m)) == []
    with pytest.raises(pydantic.ValidationError):
        m.meta.name = "changed"  # type: ignore[misc]
    assert m.locate("Solen") == (20, 30)
    assert m.locate((3, 4)) == (3, 4)
    assert m.community_ids == ["kessi", "marun"]


BROKEN_REFERENCES: list[tuple[str, Any, tuple[Any, ...], str]] = [
    (
        "factions.0.intent",
        {"kesi": 0.3},
        ("factions", 0, "intent", "kesi"),
        "unknown community 'kesi' (did you mean 'kessi'?)",
    ),
    (
        "forces.units.0.at",
        "Solem",
        ("forces", "units", 0, "at"),
        "unknown town 'Solem' (did you mean 'Solen'?)",
    ),
    (
        "forces.units.1.at",
        [64, 3],
        ("forces", "units", 1, "at"),
        "cell [64, 3] is outside the 64x64 map",
    ),
    ("forces.units.1.id", "inf_1", ("forces", "units", 1, "id"), "duplicate unit id 'inf_1'"),
    (
        "forces.units.0.country",
        "Norlnd",
        ("forces", "units", 0, "country"),
        "unknown contributor 'Norlnd' (did you mean 'Norland'?)",
    ),
    (
        "factions.0.patron",
        "Frence",
        ("factions", 0, "patron"),
        "unknown Council member 'Frence' (did you mean 'France'?)",
    ),
    (  # no close match: the known names, and where a new one is declared
        "forces.units.0.country",
        "Freedonia",
        ("forces", "units", 0, "country"),
        "unknown contributor 'Freedonia' (known: Norland, Estavia, Lusia, Kavaria); once "
        "forces.contributors is given, every unit's country must be in it",
    ),
    (
        "factions.0.patron",
        "Freedonia",
        ("factions", 0, "patron"),
        "unknown Council member 'Freedonia' (known: China, France, Russia, United Kingdom, "
        "United States); add it to council.members to make it one",
    ),
    (
        "roe.consent_zones.0.faction",
        "mfl",
        ("roe", "consent_zones", 0, "faction"),
        "unknown faction 'mfl' (did you mean 'mlf'?)",
    ),
    (
        "injects.0.trigger",
        {"turn": 91},
        ("injects", 0, "trigger", "turn"),
        "turn 91 is after the turn limit 90",
    ),
    (
        "injects.4.effects.0.unit",
        "fpu_2",
        ("injects", 4, "effects", 0, "unit"),
        "unknown unit 'fpu_2' (did you mean 'fpu_1'?)",
    ),
    (
        "objectives.1.when.0.metric",
        "faction_consent:vn",
        ("objectives", 1, "when", 0, "metric"),
        "unknown faction 'vn' (did you mean 'vna'?)",
    ),
    ("map.towns.1.name", "Solen", ("map", "towns", 1), "duplicate town name 'Solen'"),
    (
        "mandate.authorised_strength",
        1000,
        ("forces", "units"),
        "units total 1370 personnel, above the authorised 1000",
    ),
    (
        "mandate.protection_of_civilians.mandated",
        False,
        ("roe", "force", 0, "justifications"),
        "protection_of_civilians is not mandated (mandate.protection_of_civilians)",
    ),
    (
        "forces.units.5.caveats",
        ["no_deployment_outside_sector"],
        ("forces", "units", 5, "caveats"),
        "no_deployment_outside_sector needs a 'sector'",
    ),
]


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    node: Any = data
    parts = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "loc", "message"), BROKEN_REFERENCES, ids=[b[0] for b in BROKEN_REFERENCES]
)
def test_broken_reference_is_located(
    tutorial_data: dict[str, Any], path: str, value: Any, loc: tuple[Any, ...], message: str
) -> None:
    data = copy.deepcopy(tutorial_data)
    _set(data, path, value)
    assert (loc, message) in _problems(data)


def test_all_reference_problems_reported_together(tutorial_data: dict[str, Any]) -> None:
    data = copy.deepcopy(tutorial_data)
    _set(data, "factions.0.intent", {"kesi": 0.3})
    _set(data, "forces.units.0.at", "Solem")
    _set(data, "roe.consent_zones.0.faction", "mfl")
    assert len(_problems(data)) == 3


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("format", FORMAT_VERSION + 1, "newer than this Blue Helm understands"),
        ("format", 0, "run 'bluehelm upgrade FILE'"),
        ("map.width", 32, "greater than or equal to 64"),
        ("map.height", 4096, "less than or equal to 2048"),
        ("communities.0.legitimacy", 1.5, "less than or equal to 1"),
        ("communities.0.id", "Kessi", "should match pattern"),
        ("mandate.chapter", "VIII", "'VI' or 'VII'"),
        ("roe.force.0.rung", "warning_shot", "verbal_warning"),
        (
            "objectives.0.when.0.metric",
            "civilian_killed",
            "unknown metric 'civilian_killed' (did you mean 'civilians_killed'?)",
        ),
        ("objectives.0.when.0.metric", "turn:kessi", "takes no ':argument'"),
        ("objectives.1.when.0.metric", "faction_consent", "needs ':faction_id'"),
        ("injects.0.trigger", {"turn": 3, "manual": True}, "exactly one of"),
        ("injects.1.effects.0.type", "atack", "set_intent"),
        (
            "scoring.weights",
            {
                "impartiality": 0,
                "consent": 0,
                "use_of_force": 0,
                "duty_to_protect": 0,
                "accountability": 0,
            },
            "above 0",
        ),
        ("meta.end_date", "1990-01-01", "end_date is before start_date"),
        ("factions.0.colour", "blue", "Extra inputs are not permitted"),
    ],
)
def test_shape_errors(tutorial_data: dict[str, Any], path: str, value: Any, fragment: str) -> None:
    data = copy.deepcopy(tutorial_data)
    if path == "meta.end_date":
        _set(data, "meta.start_date", "1994-04-01")
    _set(data, path, value)
    with pytest.raises(pydantic.ValidationError) as info:
        Mission.model_validate(data)
    assert fragment in str(info.value)


def test_rungs_are_the_doctrine_ladder_in_order() -> None:
    assert RUNGS == (
        "verbal_warning",
        "show_of_force",
        "interposition",
        "warning_shots",
        "non_lethal",
        "deadly",
    )


def test_every_field_has_a_description() -> None:
    def walk(model: type[pydantic.BaseModel]) -> list[str]:
        missing = []
        for name, info in model.model_fields.items():
            if not (info.description or "").strip():
                missing.append(f"{model.__name__}.{name}")
        return missing

    import game.mission.schema as schema

    models = [
        v
        for v in vars(schema).values()
        if isinstance(v, type)
        and issubclass(v, pydantic.BaseModel)
        and v.__module__ == schema.__name__
    ]
    missing = [m for model in models for m in walk(model)]
    assert missing == []
    assert len(field_paths()) > 150
