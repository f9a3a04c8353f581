"""Injects: turn, condition and manual triggers; effects become directives or rules changes."""

from __future__ import annotations

import pytest

from game.engine import events as ev
from game.engine.session import Session
from game.mission import load_mission
from game.paths import missions_dir
from game.rules import injects


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


@pytest.fixture(scope="module")
def unamir():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "unamir_1994.yaml")


def _fired(s: Session) -> list[ev.InjectFired]:
    return [e for e in s.events if isinstance(e, ev.InjectFired)]


def test_unamir_force_cut_to_270_on_turn_21(unamir) -> None:  # type: ignore[no-untyped-def]
    # contributors removed so no withdrawal cascade ends the mission first
    forces = unamir.forces.model_copy(update={"contributors": []})
    m = unamir.model_copy(update={"forces": forces})
    s = Session.new(m, 0)
    while s.turn < 20:
        s.end_turn()
    strength = sum(u.strength for u in s.world.units if u.alive)
    assert strength > 270
    assert [e.turn for e in _fired(s) if e.inject == "resolution_912"] == [21]
    r = s.end_turn()
    killed_today = sum(e.killed for e in r.events if isinstance(e, ev.PeacekeepersKilled))
    assert r.turn == 21
    assert r.metrics["mission_strength"] + killed_today == 270.0  # cut at dawn, then attacks
    assert s.rules.council.support == pytest.approx(0.3 - 0.2, abs=0.05)


def test_turn_triggers_fire_before_their_day(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    assert [(e.inject, e.turn) for e in _fired(s)] == [("lesson_consent", 1)]
    while s.turn < 5:
        s.end_turn()
    assert [e.inject for e in _fired(s)][-1] == "lesson_impartiality"
    assert type(s.rules.next_directives[0]).__name__ == "AttackOrder"


def test_intelligence_starts_the_duty_clock_and_misconduct_opens_a_case(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    fired = injects.fire(tutorial, s.rules, s.world, "lesson_warning", 1)
    assert [t.source for t in fired.warnings] == ["intelligence"]
    assert s.rules.known_threats[-1].faction == "mlf"  # Front raiders at Ebeni
    assert (s.rules.known_threats[-1].x, s.rules.known_threats[-1].y) == (12, 52)
    assert [type(d).__name__ for d in fired.directives] == ["AttackOrder"]
    fired = injects.fire(tutorial, s.rules, s.world, "lesson_accountability", 1)
    assert fired.cases[0].unit == "fpu_1" and fired.cases[0].country == "Estavia"


def test_manual_injects_fire_only_when_asked(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    for _ in range(3):
        s.end_turn()
    assert "instructor_riot" not in s.rules.fired_injects
    before = float(s.world.legitimacy[0])
    s.fire_inject("instructor_riot")
    assert _fired(s)[-1].inject == "instructor_riot" and _fired(s)[-1].turn == 4
    s.end_turn()
    assert float(s.world.legitimacy[0]) < before - 0.1
    with pytest.raises(KeyError):
        s.fire_inject("no_such_inject")


def test_condition_triggers_fire_once(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.world.consent[2] = 0.05  # the militia's consent collapses
    s.end_turn()
    assert [e.inject for e in _fired(s)].count("spoiler_surge") == 1
    s.end_turn()
    s.end_turn()
    assert [e.inject for e in _fired(s)].count("spoiler_surge") == 1


def test_peacekeepers_killed_inject_reaches_the_unit(unamir) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(unamir, 0)
    while s.turn < 7:
        s.end_turn()
    kibat = s.world.unit("kibat")
    assert kibat.killed >= 10
    scripted = [e for e in s.events if isinstance(e, ev.PeacekeepersKilled) and e.faction == ""]
    assert scripted and scripted[0].turn == 7 and scripted[0].killed == 10
    assert "Belgium" in s.rules.withdrawn


def test_carried_over_directives_round_trip_as_records() -> None:
    from game.rules import carryover
    from game.sim import directives as sd

    for d in (
        sd.Move("a", 1, 2),
        sd.StrengthDelta("f", -3.0),
        sd.CutForce(270),
        carryover.PeacekeeperCasualties("kibat", 10),
    ):
        assert carryover.from_record(carryover.to_record(d)) == d
    # the casualty record keeps the name every save format has used
    rec = carryover.to_record(carryover.PeacekeeperCasualties("kibat", 10))
    assert rec == {"directive": "_Casualties", "unit": "kibat", "count": 10}


def test_rules_state_saves_carried_over_directives_as_records(unamir) -> None:  # type: ignore[no-untyped-def]
    from game.rules.state import RulesState

    s = Session.new(unamir, 0)
    while s.turn < 6:
        s.end_turn()
    assert any(type(d).__name__ == "PeacekeeperCasualties" for d in s.rules.next_directives)
    d = s.rules.to_dict()
    assert all(isinstance(x, dict) and "directive" in x for x in d["next_directives"])
    back = RulesState.from_dict(d)
    assert back.next_directives == s.rules.next_directives
    assert back.digest() == s.rules.digest()
