"""Use of force: justification, necessity, proportionality, graduation, precaution."""

from __future__ import annotations

import pytest

from game.engine.session import Session
from game.mission import load_mission
from game.paths import missions_dir
from game.rules.force import LEVEL, harm_findings, judge_force
from game.rules.orders import Situation, UseForce
from game.rules.state import KnownThreat


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


def _sit(s: Session) -> Situation:
    return Situation(s.mission, s.world, s.rules)


def _whys(order: UseForce, s: Session) -> list[str]:
    j = judge_force(order, _sit(s))
    assert j is not None
    return [f.why for f in j.findings]


def test_ladder_levels_are_ordered() -> None:
    assert LEVEL["verbal_warning"] < LEVEL["show_of_force"] == LEVEL["interposition"]
    assert LEVEL["interposition"] < LEVEL["warning_shots"] < LEVEL["non_lethal"] < LEVEL["deadly"]


def test_skipped_rung_without_imminent_threat_is_a_finding(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    # hdy (consent 0.2: hostile) is present around Tovo, where the QRF stands
    whys = _whys(UseForce("qrf_1", "hdy", "non_lethal", "self_defence"), s)
    assert any("Rungs were skipped" in w for w in whys), whys
    # climbing one rung at a time is not
    s.rules.force_log.append((1, "qrf_1", "hdy", LEVEL["warning_shots"]))
    whys = _whys(UseForce("qrf_1", "hdy", "non_lethal", "self_defence"), s)
    assert not any("Rungs were skipped" in w for w in whys), whys


def test_imminent_threat_allows_skipping(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.rules.known_threats.append(KnownThreat(44, 46, "hdy", "marun", 8.0, 0, "detected", 1))
    whys = _whys(UseForce("qrf_1", "hdy", "deadly", "protection_of_civilians"), s)
    assert not any("skipped" in w or "exceeded" in w for w in whys), whys


def test_deadly_force_with_civilians_present_is_a_precaution_finding(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.rules.known_threats.append(KnownThreat(44, 46, "hdy", "marun", 8.0, 0, "detected", 1))
    j = judge_force(UseForce("qrf_1", "hdy", "deadly", "protection_of_civilians"), _sit(s))
    assert j is not None
    pre = [f for f in j.findings if "precaution" in f.why]
    assert pre and pre[0].severity == 2 and pre[0].clause == "roe.force[5]"


def test_unjustified_and_unnecessary_force(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    # the Front is far from Solen: no fighters in reach, no threat
    whys = _whys(UseForce("inf_1", "mlf", "deadly", "self_defence"), s)
    assert any("do not support self defence" in w for w in whys)
    assert any("not necessary" in w for w in whys)
    assert any("exceeded" in w for w in whys)


def test_civilians_killed_by_the_mission_are_the_gravest_finding() -> None:
    found = harm_findings(4, {"kessi": 3}, ["qrf_1"])
    assert len(found) == 1 and found[0].severity == 3 and found[0].norm == "use_of_force"
    assert "qrf_1" in found[0].what and found[0].turn == 4


def test_poc_force_under_chapter_vi_is_refused_with_the_mandate_clause() -> None:
    m = load_mission(missions_dir() / "unamir_1994.yaml")
    s = Session.new(m, 0, mode="strict")
    s.rules.known_threats.append(
        KnownThreat(132, 97, "interahamwe", "tutsi", 9.0, 0, "intelligence", 1)
    )
    v = s.submit([UseForce("kibat", "interahamwe", "warning_shots", "protection_of_civilians")])
    assert v[0].status == "refused"
    assert v[0].clause == "mandate.protection_of_civilians"
    assert s.pending == ()


def test_force_findings_reach_the_turn_and_cost_consent(tutorial) -> None:  # type: ignore[no-untyped-def]
    a, b = Session.new(tutorial, 3), Session.new(tutorial, 3)
    a.submit([UseForce("inf_1", "mlf", "deadly", "self_defence")])
    ra, rb = a.end_turn(), b.end_turn()
    assert any(f.norm == "use_of_force" for f in ra.findings)
    assert ra.scores["use_of_force"] < rb.scores["use_of_force"] == 100.0
    assert a.world.consent[1] < b.world.consent[1]


def test_force_preview_is_the_judgement_end_turn_makes(tutorial) -> None:  # type: ignore[no-untyped-def]
    """Session.force_findings shows, before confirming, exactly the use-of-force findings
    the day will record; orders queued earlier today count (a rung given first is climbed)."""
    from game.engine.session import Session
    from game.rules.orders import ShowOfForce, UseForce

    s = Session.new(tutorial, 0)
    deadly = UseForce("qrf_1", "hdy", "deadly", "self_defence")
    preview = s.force_findings(deadly)
    assert any("Rungs were skipped" in f.why for f in preview)
    assert s.pending == ()  # a preview queues nothing
    s.submit([deadly])
    day = s.end_turn()
    recorded = [f for f in day.findings if f.norm == "use_of_force" and "deadly" in f.what]
    assert [(f.severity, f.clause, f.why) for f in recorded] == [
        (f.severity, f.clause, f.why) for f in preview
    ]

    fresh = Session.new(tutorial, 0)
    shots = UseForce("qrf_1", "hdy", "warning_shots", "self_defence")
    assert any("Rungs were skipped" in f.why for f in fresh.force_findings(shots))
    fresh.submit([ShowOfForce("qrf_1", "hdy", "self_defence")])
    assert not any("Rungs were skipped" in f.why for f in fresh.force_findings(shots))
    assert fresh.force_findings(ShowOfForce("qrf_1", "hdy", "self_defence")) == ()
