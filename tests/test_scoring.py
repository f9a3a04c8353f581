"""Norm scores move the right way: impartiality, duty to protect, accountability, consent."""

from __future__ import annotations

import pytest

from game.engine.session import Session
from game.mission import load_mission
from game.norms import NORMS
from game.paths import missions_dir
from game.rules import scoring
from game.rules.orders import ActOnMisconduct, Guard, Investigate, Order, ReportToCouncil
from game.rules.scoring import impartiality_score, mission_scores
from game.rules.state import KnownThreat


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


def test_impartiality_rewards_answering_every_violator(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    st, w = s.rules, s.world
    st.violations = [2.0, 0.0, 2.0]
    st.responses = [1.0, 0.0, 1.0]
    even = impartiality_score(st, w)
    st.responses = [0.0, 0.0, 2.0]
    one_sided = impartiality_score(st, w)
    st.responses = [0.0, 0.0, 0.0]
    condoning = impartiality_score(st, w)
    st.responses = [1.0, 2.0, 1.0]  # force at a faction that did nothing
    unprovoked = impartiality_score(st, w)
    assert even > one_sided > condoning
    assert even > unprovoked


def _play(s: Session, days: int, orders: dict[int, list[Order]]) -> None:
    for _ in range(days):
        s.submit(orders.get(s.turn + 1, []))
        s.end_turn()


def test_scripted_impartial_run_beats_a_one_sided_one(tutorial) -> None:  # type: ignore[no-untyped-def]
    # government soldiers attack Tovo on day 6, the militia on day 13: answer both, or one
    both: dict[int, list[Order]] = {}
    one: dict[int, list[Order]] = {}
    for d in range(7, 21, 2):
        both[d] = [
            Investigate("fpu_1", "vna"),
            ReportToCouncil("vna"),
            Investigate("qrf_1", "hdy"),
            ReportToCouncil("hdy"),
        ]
        one[d] = [Investigate("qrf_1", "hdy"), ReportToCouncil("hdy")]
    a, b = Session.new(tutorial, 5), Session.new(tutorial, 5)
    _play(a, 20, both)
    _play(b, 20, one)
    assert a.scores()["impartiality"] > b.scores()["impartiality"]


def test_inaction_under_a_known_imminent_threat_is_a_duty_finding(tutorial) -> None:  # type: ignore[no-untyped-def]
    idle, acting = Session.new(tutorial, 1), Session.new(tutorial, 1)
    for s in (idle, acting):
        s.rules.known_threats.append(KnownThreat(44, 46, "hdy", "marun", 6.0, 1, "detected", 0))
    acting.submit([Guard("qrf_1", 44, 46)])
    ri, ra = idle.end_turn(), acting.end_turn()
    duty = [f for f in ri.findings if f.norm == "duty_to_protect"]
    assert duty and duty[0].clause == "mandate.protection_of_civilians"
    assert "Quick Reaction Force" in duty[0].why and duty[0].turn == 1
    assert "Hill Defence Youth" in duty[0].what and "hdy" not in duty[0].what
    assert not [f for f in ra.findings if f.norm == "duty_to_protect"]
    assert ri.scores["duty_to_protect"] < ra.scores["duty_to_protect"]


def test_unacted_misconduct_lowers_accountability(tutorial) -> None:  # type: ignore[no-untyped-def]
    shield, act = Session.new(tutorial, 2), Session.new(tutorial, 2)
    for s in (shield, act):
        s.fire_inject("lesson_accountability")
        assert [c.id for c in s.rules.cases] == ["case_1"]
    act.submit([ActOnMisconduct("case_1")])
    _play(shield, 10, {})
    _play(act, 10, {})
    assert act.rules.cases[0].acted == 1
    assert shield.scores()["accountability"] < act.scores()["accountability"] == 100.0
    found = [f for r in shield.history for f in r.findings if f.norm == "accountability"]
    assert found and "case_1" in found[0].what


def test_mission_scores_weighting(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.rules.day_scores = [dict.fromkeys(NORMS, 50.0), dict.fromkeys(NORMS, 100.0)]
    out = mission_scores(s.rules, tutorial, {"few_killed": True, "keep_consent_vna": False})
    assert out["impartiality"] == 75.0 and out["mission"] == 75.0
    assert set(NORMS) <= set(out) and "overall" in out
    assert all(0.0 <= v <= 100.0 for v in out.values())


def test_known_killings_must_be_reported_whatever_the_mandate() -> None:
    m = load_mission(missions_dir() / "unamir_1994.yaml")  # Chapter VI, no POC
    s = Session.new(m, 0)
    st = s.rules
    st.kills_today = [0, 120, 12]
    assert scoring.reporting_findings(st, s.world, 5) == []  # learnt today: time to report
    assert st.unreported == {"interahamwe": 5, "rpf": 5}
    assert scoring.reporting_findings(st, s.world, 7) == []
    found = scoring.reporting_findings(st, s.world, 8)
    assert [(f.severity, f.clause) for f in found] == [(2, "mandate.tasks"), (1, "mandate.tasks")]
    assert "by interahamwe" in found[0].what and found[0].norm == "duty_to_protect"
    st.reported["interahamwe"] = 8  # investigated
    again = scoring.reporting_findings(st, s.world, 9)
    assert len(again) == 1 and "by rpf" in again[0].what


def test_impartiality_gaps_name_the_unanswered_party_and_close_when_answered(  # type: ignore[no-untyped-def]
    tutorial,
) -> None:
    """The gauge's explanation uses the score's own tallies: an unanswered party is named
    with its answered share; enough responses to it remove it from the list."""
    from game.engine.session import Session
    from game.rules.orders import Investigate, ReportToCouncil
    from game.rules.scoring import impartiality_gaps

    s = Session.new(tutorial, 0)
    assert impartiality_gaps(s.rules, s.world) == []
    s.end_turn()  # day 1: the Hill Defence Youth kill at Tovo, unanswered
    gaps = dict(impartiality_gaps(s.rules, s.world))
    assert gaps.get("hdy") == 0.0 and s.history[-1].scores["impartiality"] < 100
    for _ in range(3):
        s.submit([ReportToCouncil("hdy"), Investigate("qrf_1", "hdy")])
        s.end_turn()
    after = dict(impartiality_gaps(s.rules, s.world))
    assert "hdy" not in after  # answered: no longer held against the mission
