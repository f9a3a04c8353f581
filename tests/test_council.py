"""The Council's ladder (support, evidence, patrons) and the contributors' cascade."""

from __future__ import annotations

import pytest

from game.engine import events as ev
from game.engine.session import Session
from game.mission import load_mission
from game.paths import missions_dir
from game.rules import council
from game.rules.orders import ReportToCouncil


@pytest.fixture(scope="module")
def unamir():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "unamir_1994.yaml")


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


def test_ladder_climbs_with_support_and_evidence(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    st = s.rules
    st.council.support = 0.65
    first = council.attempt_step(tutorial, st, "vna", 1)
    assert first.granted and first.step == "statement" and first.consent_delta < 0
    thin = council.attempt_step(tutorial, st, "vna", 10)
    assert not thin.granted and "Evidence" in thin.reason
    st.council.evidence["vna"] = 5.0
    soon = council.attempt_step(tutorial, st, "vna", 11)
    assert not soon.granted and "considering" in soon.reason
    second = council.attempt_step(tutorial, st, "vna", 20)
    assert second.granted and second.step == "diplomatic_pressure"
    assert st.council.steps["vna"] == 2


def test_a_patron_blocks_steps_above_a_statement(unamir) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(unamir, 0)
    st = s.rules
    st.council.support = 0.8
    for fid in ("far", "interahamwe"):
        st.council.evidence[fid] = 5.0
        assert council.attempt_step(unamir, st, fid, 1).granted  # statements pass
    blocked = council.attempt_step(unamir, st, "far", 10)  # FAR's patron: France
    assert not blocked.granted and "France blocked" in blocked.reason
    assert council.attempt_step(unamir, st, "interahamwe", 10).granted  # no patron
    st.council.support = 0.95  # overwhelming support overrides the patron
    assert council.attempt_step(unamir, st, "far", 20).granted


def test_a_report_is_a_council_step_event(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.submit([ReportToCouncil("hdy")])
    r = s.end_turn()
    steps = [e for e in r.events if isinstance(e, ev.CouncilStep)]
    assert steps and steps[0].faction == "hdy" and steps[0].granted  # support 0.6 >= 0.3
    assert s.rules.council.steps["hdy"] == 1


def test_sanctions_press_on_the_faction_day_by_day(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.rules.council.steps["hdy"] = 3
    ds = council.daily_pressure(s.world, s.rules)
    kinds = {type(d).__name__ for d in ds}
    assert kinds == {"SetIntent", "StrengthDelta"}
    assert all(getattr(d, "faction", None) == "hdy" for d in ds)


def _with_contributors(mission, thresholds):  # type: ignore[no-untyped-def]
    """The mission with its contributors' (threshold, casualty tolerance) replaced."""
    from game.mission.schema import Contributor

    contributors = [
        Contributor(country=c, threshold=t, casualty_tolerance=tol)
        for c, (t, tol) in thresholds.items()
    ]
    forces = mission.forces.model_copy(update={"contributors": contributors})
    return mission.model_copy(update={"forces": forces})


def test_casualties_cascade_into_withdrawals(unamir) -> None:  # type: ignore[no-untyped-def]
    m = _with_contributors(
        unamir,
        {
            "Belgium": (0.3, 10),
            "Bangladesh": (0.2, 5),
            "Ghana": (0.6, None),
            "Tunisia": (0.6, None),
            "Various": (0.4, None),
        },
    )
    s = Session.new(m, 0)
    w, st = s.world, s.rules
    w.unit("kibat").killed = 10  # Belgium's tolerance
    w.unit("banbat").killed = 5  # Bangladesh's tolerance
    out = council.cascade(m, w, st, 7)
    gone = [c for c, _ in out]
    assert gone[:2] == ["Belgium", "Bangladesh"]
    # the share withdrawn (>= 0.56 of personnel) tips 'Various' (threshold 0.4) and then the
    # rest (0.6): a Granovetter cascade within the day
    assert set(gone) == {"Belgium", "Bangladesh", "Various", "Ghana", "Tunisia"}
    assert st.withdrawn == gone


def test_high_thresholds_stop_the_cascade(unamir) -> None:  # type: ignore[no-untyped-def]
    """Ghana and Tunisia's shipped thresholds keep them in (as in 1994) when others leave."""
    shipped = {c.country: (c.threshold, c.casualty_tolerance) for c in unamir.forces.contributors}
    m = _with_contributors(unamir, {**shipped, "Bangladesh": (0.3, 5)})
    s = Session.new(m, 0)
    s.world.unit("kibat").killed = 10
    s.world.unit("banbat").killed = 5
    gone = [c for c, _ in council.cascade(m, s.world, s.rules, 7)]
    assert gone == ["Belgium", "Bangladesh", "Various"]  # 64% gone: below 0.95


def test_no_cascade_below_the_thresholds(unamir) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(unamir, 0)
    s.world.unit("kibat").killed = 10
    gone = [c for c, _ in council.cascade(unamir, s.world, s.rules, 7)]
    assert gone == ["Belgium"]  # 440 of 2,548 is below Bangladesh's 0.2


def test_unacted_scandals_and_low_credibility_raise_pressure(unamir) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(unamir, 0)
    base = council.contributor_pressure(unamir, s.world, s.rules, "Ghana", 10)
    s.world.credibility = 0.1
    assert council.contributor_pressure(unamir, s.world, s.rules, "Ghana", 10) > base


def test_granted_reinforcements_arrive(tutorial) -> None:  # type: ignore[no-untyped-def]
    from game.rules.orders import RequestReinforcements

    s = Session.new(tutorial, 0)
    s.submit([RequestReinforcements()])
    r = s.end_turn()
    req = next(e for e in r.events if isinstance(e, ev.ReinforcementsRequested))
    assert req.granted and req.units == ("inf_2",)
    while s.turn < req.arrives:
        s.end_turn()
    assert s.world.unit("inf_2").alive
    assert s.check(RequestReinforcements()).status == "refused"  # none left
