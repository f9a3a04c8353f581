"""Every shipped mission loads; the generated schema and guide are current and complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.mission import load_mission
from game.mission.reference import json_schema_text, splice_reference
from game.mission.schema import Mission, field_paths
from game.paths import missions_dir, shipped_missions

MISSIONS = shipped_missions()


def test_the_tutorial_and_unamir_are_shipped() -> None:
    names = {p.name for p in MISSIONS}
    assert {"tutorial.yaml", "unamir_1994.yaml"} <= names


@pytest.mark.parametrize("path", MISSIONS, ids=[p.name for p in MISSIONS])
def test_shipped_mission_is_valid(path: Path) -> None:
    m = load_mission(path)
    assert isinstance(m, Mission)
    assert m.meta.id == path.stem


@pytest.mark.parametrize("path", MISSIONS, ids=[p.name for p in MISSIONS])
def test_shipped_mission_points_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./mission.schema.json"


@pytest.mark.parametrize("path", MISSIONS, ids=[p.name for p in MISSIONS])
def test_historical_missions_cite_sources_and_say_what_is_illustrative(path: Path) -> None:
    m = load_mission(path)
    if m.meta.historical_basis == "fictional":
        return
    assert len(m.meta.sources) >= 2
    assert "illustrative" in m.meta.notes.lower()


def test_unamir_carries_the_doctrine_figures() -> None:
    m = load_mission(missions_dir() / "unamir_1994.yaml")
    assert m.mandate.chapter == "VI"
    assert m.mandate.authorised_strength == 2548
    assert sum(u.strength for u in m.forces.units) == 2548
    assert not m.mandate.protection_of_civilians.mandated
    cuts = [e for i in m.injects for e in i.effects if e.type == "force_cut"]
    assert [c.to_strength for c in cuts] == [270]
    belgium = next(c for c in m.forces.contributors if c.country == "Belgium")
    killed = [e for i in m.injects for e in i.effects if e.type == "peacekeepers_killed"]
    assert killed[0].count == 10 and belgium.casualty_tolerance == 10
    assert sum(u.strength for u in m.forces.reserve) == 5000  # the commander's ~5,000


def test_tutorial_teaches_each_principle_in_turn() -> None:
    m = load_mission(missions_dir() / "tutorial.yaml")
    lessons = sorted(
        (i.trigger.turn, i.title) for i in m.injects if i.trigger.turn and "Lesson" in i.title
    )
    titles = " ".join(t for _, t in lessons).lower()
    order = [titles.find(w) for w in ("consent", "impartiality", "use of force")]
    assert all(i >= 0 for i in order) and order == sorted(order)
    assert m.map.width == 64 and m.map.height == 64


def test_json_schema_is_current() -> None:
    committed = (missions_dir() / "mission.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run 'bluehelm schema'"
    schema = json.loads(committed)
    assert schema["title"] == "Mission"
    assert "format" in schema["required"]


def test_guide_reference_is_current() -> None:
    guide = (missions_dir() / "README.md").read_text(encoding="utf-8")
    assert guide == splice_reference(guide), "run 'bluehelm schema'"


def test_guide_mentions_every_field() -> None:
    guide = (missions_dir() / "README.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"`([a-z_.]+)`", guide))
    missing = [p for p in field_paths() if p not in mentioned]
    assert missing == []


def test_the_guides_minimal_mission_validates_and_plays(tmp_path: Path) -> None:
    """An author may start from the guide's smallest complete mission: it must load (from
    a file, as an author would save it) and play a few days."""
    from game.engine.session import Session

    guide = (missions_dir() / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- minimal-mission -->\n```yaml\n(.*?)```", guide, re.S)
    assert found is not None, "the guide lost its minimal mission"
    path = tmp_path / "my_mission.yaml"
    path.write_text(found.group(1), encoding="utf-8")
    m = load_mission(path)
    assert m.meta.id == "my_mission" and len(m.forces.units) == 2
    s = Session.new(m, 1)
    for _ in range(5):
        s.end_turn()
    assert s.turn == 5 and not s.is_over()
