"""The Session API: determinism, undo, injects, endings, state hooks, events, observation."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from game.engine import events as ev
from game.engine.session import OBSERVATION_KEYS, Session
from game.mission import load_mission
from game.norms import NORMS
from game.paths import missions_dir
from game.rules.orders import Guard, Negotiate, Order, OrderError, Patrol, UseForce


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


SCRIPT: dict[int, list[Order]] = {
    1: [Negotiate("mlf"), Patrol("inf_1", 30, 40)],
    3: [Guard("qrf_1", 44, 46), UseForce("inf_1", "hdy", "verbal_warning", "self_defence")],
    6: [Patrol("inf_1", 47, 17)],  # into the Front's zone, opened by the day-1 talks
}


def _run(m, seed: int, days: int, mode: str = "free") -> Session:  # type: ignore[no-untyped-def]
    s = Session.new(m, seed, mode=mode)  # type: ignore[arg-type]
    for _ in range(days):
        s.submit(SCRIPT.get(s.turn + 1, []))
        s.end_turn()
    return s


def test_same_seed_and_orders_give_the_same_hashes(tutorial) -> None:  # type: ignore[no-untyped-def]
    a, b = _run(tutorial, 7, 10), _run(tutorial, 7, 10)
    assert [r.state_hash for r in a.history] == [r.state_hash for r in b.history]
    assert a.state_hash() == b.state_hash()
    assert [e.to_dict() for e in a.events] == [e.to_dict() for e in b.events]
    c = _run(tutorial, 8, 10)
    assert c.history[-1].state_hash != a.history[-1].state_hash
    r = a.history[-1]
    assert set(r.layer_hashes) >= {"civilians", "units", "rng", "rules"}
    assert set(r.scores) == {*NORMS, "mission"}


def test_turn_result_records_orders_verdicts_and_findings(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = _run(tutorial, 1, 6)
    day6 = s.history[5]
    assert day6.turn == 6 and day6.orders == (Patrol("inf_1", 47, 17),)
    # the day-1 talks won the Front's consent past the zone's 0.52: the patrol is allowed
    assert s.history[0].verdicts[0].status == "allowed"
    assert day6.verdicts[0].status == "allowed"
    assert not any(f.clause == "roe.consent_zones[0]" for f in day6.findings)
    d = day6.to_dict()
    assert d["orders"][0] == {"order": "patrol", "unit": "inf_1", "x": 47, "y": 17}
    # without the talks, the same patrol on day 1 breaches the zone: a finding in free mode
    rude = Session.new(tutorial, 1)
    rude.submit([Patrol("inf_1", 47, 17)])
    day1 = rude.end_turn()
    assert day1.verdicts[0].status == "finding"
    assert any(f.clause == "roe.consent_zones[0]" for f in day1.findings)


def test_undo_and_pending(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0, mode="strict")
    s.submit([Negotiate("mlf"), Patrol("inf_1", 47, 17), Guard("inf_1", 20, 30)])
    queued: tuple[Order, ...] = s.pending
    assert queued == (Negotiate("mlf"), Guard("inf_1", 20, 30))  # strict dropped the breach
    assert [(o, v.status) for o, v in s.pending_verdicts] == [
        (Negotiate("mlf"), "allowed"),
        (Guard("inf_1", 20, 30), "allowed"),
    ]
    assert s.undo() == Guard("inf_1", 20, 30)
    assert s.undo() == Negotiate("mlf")
    assert s.undo() is None
    assert len(s.pending) == 0
    r = s.end_turn()
    assert [type(e).__name__ for e in r.events].count("OrderIssued") == 0


def test_outcome_at_the_turn_limit(tutorial) -> None:  # type: ignore[no-untyped-def]
    m = tutorial.model_copy(update={"end": tutorial.end.model_copy(update={"turn_limit": 3})})
    s = Session.new(m, 0)
    while not s.is_over():
        assert s.outcome() is None
        s.end_turn()
    out = s.outcome()
    assert out is not None and out.result == "time_limit" and out.turn == 3 == s.turn
    assert set(out.objectives) == {"few_killed", "keep_consent_vna", "keep_consent_mlf"}
    assert isinstance(s.events[-1], ev.MissionEnded) or any(
        isinstance(e, ev.MissionEnded) for e in s.history[-1].events
    )
    with pytest.raises(OrderError):
        s.end_turn()
    with pytest.raises(OrderError):
        s.submit([Negotiate("vna")])


def test_outcome_at_an_end_condition(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.end_turn()
    s.world.consent[0] = 0.05  # the government withdraws its consent
    s.end_turn()
    out = s.outcome()
    assert out is not None and out.result == "withdrawal" and out.turn == 2
    assert "withdraws its consent" in out.reason


def test_state_round_trip_continues_identically(tutorial) -> None:  # type: ignore[no-untyped-def]
    a = _run(tutorial, 3, 4)
    a.submit([Negotiate("vna")])
    snap = a.to_state()
    b = Session.from_state(tutorial, snap)
    assert b.state_hash() == a.state_hash() and b.pending == a.pending
    for s in (a, b):
        s.end_turn()
        s.submit(SCRIPT[6])
        s.end_turn()
    assert a.history[-1].state_hash == b.history[-1].state_hash


def test_events_jsonl_round_trip(tutorial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = _run(tutorial, 2, 8)
    path = tmp_path / "events.jsonl"
    ev.write_jsonl(s.events, path)
    back = ev.read_jsonl(path)
    assert [e.to_dict() for e in back] == [e.to_dict() for e in s.events]
    assert all("event" in e.to_dict() and isinstance(e.turn, int) for e in back)


def test_observation_keys(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = _run(tutorial, 0, 2)
    obs = s.observation()
    assert set(obs) == set(OBSERVATION_KEYS)
    assert obs["turn"] == 2 and obs["scores"].shape == (5,)
    assert obs["civilians_known"].shape == s.world.civilians.shape
    assert obs["units"].shape == (len(s.world.units), 7)
    assert obs["threats"].shape[1] == 6


def test_counterfactual_has_no_mission(tutorial) -> None:  # type: ignore[no-untyped-def]
    cf = Session.new(tutorial, 4, counterfactual=True)
    assert not any(u.alive for u in cf.world.units)
    assert cf.legal_orders() == []
    with pytest.raises(OrderError):
        cf.submit([Negotiate("vna")])
    for _ in range(5):
        cf.end_turn()
    assert cf.turn == 5 and not any(u.alive for u in cf.world.units)


def test_ninety_day_tutorial_runtime(tutorial) -> None:  # type: ignore[no-untyped-def]
    Session.new(tutorial, 0)  # warm caches
    t0 = time.perf_counter()
    s = Session.new(tutorial, 11)
    while not s.is_over():
        s.end_turn()
    wall = time.perf_counter() - t0
    print(f"\n90-turn tutorial headless: {wall:.2f} s wall ({s.turn} turns)")
    assert s.turn == 90
    assert np.isfinite(list(s.scores().values())).all()


def test_national_approval_delays_force_by_a_day() -> None:
    m = load_mission(next(p for p in missions_dir().glob("unamir_1994.yaml")))
    s = Session.new(m, 0)
    order = UseForce("banbat", "interahamwe", "verbal_warning", "self_defence")
    v = s.submit([order])
    assert v[0].status == "allowed" and "national approval" in v[0].reason
    s.end_turn()
    assert not s.rules.force_log and s.rules.delayed_orders == [(2, order.to_dict())]
    s.end_turn()
    assert [(t, u) for t, u, _, _ in s.rules.force_log] == [(2, "banbat")]
    assert s.rules.delayed_orders == []


def test_counterfactual_ignores_early_endings() -> None:
    m = load_mission(missions_dir() / "unamir_1994.yaml")
    cf = Session.new(m, 0, counterfactual=True)
    cf.end_turn()
    cf.end_turn()
    assert not cf.is_over()  # "mission strength below 50" would hold at once otherwise


def test_objectives_now_reads_each_objective_as_if_the_mission_ended_today(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    s.end_turn()
    assert s.objectives_now() == {
        "few_killed": True,
        "keep_consent_vna": True,
        "keep_consent_mlf": False,  # 0.50, the objective asks 0.55
    }


def _with_orders(m, **changes):  # type: ignore[no-untyped-def]
    """The mission with some of its order coefficients (``dynamics.orders``) changed."""
    orders = m.dynamics.orders.model_copy(update=changes)
    return m.model_copy(update={"dynamics": m.dynamics.model_copy(update={"orders": orders})})


def test_the_approval_wait_is_a_coefficient_not_a_phrase() -> None:
    m = _with_orders(load_mission(missions_dir() / "unamir_1994.yaml"), approval_delay_days=3)
    s = Session.new(m, 0)
    order = UseForce("banbat", "interahamwe", "verbal_warning", "self_defence")
    a = s.assess(order)
    assert (a.status, a.delay_days, a.clause) == ("allowed", 3, "forces.units[1].caveats")
    (v,) = s.submit([order])
    assert v.delay_days == 3 and "3 days" in v.reason
    for _ in range(3):  # days 1-3: waiting
        s.end_turn()
        assert not s.rules.force_log
    s.end_turn()  # day 4: approved and carried out
    assert [(t, u) for t, u, _, _ in s.rules.force_log] == [(4, "banbat")]


def test_old_saves_mark_a_delay_by_its_words_only_when_read() -> None:
    from game.rules.orders import Verdict

    old = {
        "status": "allowed",
        "clause": "roe.force[5]",
        "reason": "Allowed, but it waits a day for headquarters.",
    }
    assert Verdict.from_dict(old).delay_days == 1
    new = Verdict("allowed", "roe.force[5]", "Allowed, but it waits a day for headquarters.", 0)
    assert Verdict.from_dict(new.to_dict()).delay_days == 0


def test_talks_follow_the_negotiation_coefficients(tutorial) -> None:  # type: ignore[no-untyped-def]
    fid = tutorial.factions[0].id
    gains = []
    for gain in (0.0, 0.05, 0.1):
        s = Session.new(_with_orders(tutorial, negotiation_gain=gain), 4)
        before = float(s.world.consent[0])
        s.submit([Negotiate(fid)])
        plan_consent = float(s.world.consent[0])
        s.end_turn()
        gains.append(float(s.world.consent[0]) - before)
        assert plan_consent == before  # submitting changes nothing
    assert gains[0] < gains[1] < gains[2]


def test_assess_says_what_submit_will_do_in_each_mode(tutorial) -> None:  # type: ignore[no-untyped-def]
    zone = tutorial.roe.consent_zones[0]
    x, y = tutorial.locate(zone.at)
    uid = tutorial.forces.units[0].id
    for mode, submitted in (("free", "finding"), ("strict", "refused")):
        s = Session.new(tutorial, 0, mode=mode)
        a = s.assess(Patrol(uid, x, y))
        assert a.status == "refused" and a.clause.startswith("roe.consent_zones")
        assert not a.binding and a.submitted == submitted
        (v,) = s.submit([Patrol(uid, x, y)])
        assert v.status == submitted
