"""One day of the dynamics, mechanism by mechanism, on the validation mission."""

from __future__ import annotations

import numpy as np
from data.validation_mission import TOWN, validation_mission

from game.sim import directives as d
from game.sim.dynamics import step
from game.sim.report import CiviliansAttacked, Clash, PeacekeepersAttacked, ThreatDetected
from game.sim.setup import new_world
from game.sim.world import World

X, Y = TOWN


def _days(w: World, n: int, first: list[d.Directive] | None = None) -> list:  # type: ignore[type-arg]
    out = [step(w, first or [], check=True)]
    out += [step(w, check=True) for _ in range(n - 1)]
    return out


def test_turn_and_report_shapes() -> None:
    w = new_world(validation_mission(), 0)
    rep = step(w)
    assert w.turn == 1 and rep.turn == 1
    assert rep.killed.shape == (1, 2)
    assert rep.killed.sum() == w.deaths.sum()


def test_deaths_recorded_by_perpetrator_with_incidents() -> None:
    w = new_world(validation_mission(), 0)
    reps = _days(w, 10)
    assert w.deaths[0, 0] > 0 and w.deaths[0, 1] == 0
    inc = [i for r in reps for i in r.incidents if isinstance(i, CiviliansAttacked)]
    assert inc and all(i.perpetrator == "armed" for i in inc)
    assert sum(i.killed for i in inc) <= w.deaths.sum()


def test_attack_forms_then_strikes_and_can_be_detected() -> None:
    w = new_world(validation_mission(observers=40), 1)
    r1 = step(w, [d.AlertNetwork(X, Y, 6), d.AttackOrder("armed", X, Y, 300, 3)])
    forming = [t for t in r1.imminent_threats if t.lead_days > 0]
    assert forming and forming[0].lead_days == 1 and forming[0].cell == (X, Y)
    detected = [i for i in r1.incidents if isinstance(i, ThreatDetected)]
    assert detected == [] or detected[0].lead_days == 1
    r2 = step(w)
    assert r2.killed.sum() > r1.killed.sum()
    assert any(t.lead_days == 0 and t.severity > 0 for t in r2.imminent_threats)
    # the attack draws its fighters from the faction and gives them back afterwards
    total = w.faction_strength()[0]
    for _ in range(4):
        step(w)
    assert w.attacks == []
    assert abs(w.faction_strength()[0] - total) < 0.05 * total


def test_detection_follows_coverage() -> None:
    seen = 0
    for seed in range(20):
        w = new_world(validation_mission(observers=40), seed)
        r = step(w, [d.AlertNetwork(X, Y, 8), d.AttackOrder("armed", X, Y, 300, 3)])
        seen += any(i for i in r.incidents if isinstance(i, ThreatDetected))
    blind = 0
    for seed in range(20):
        w = new_world(validation_mission(), seed)
        r = step(w, [d.AttackOrder("armed", X, Y, 300, 3)])
        blind += any(i for i in r.incidents if isinstance(i, ThreatDetected))
    assert seen >= 8 and blind == 0


def test_poc_site_fills_to_capacity_and_guarded_sites_are_safe() -> None:
    w = new_world(validation_mission(troops=800), 2)
    _days(w, 25, [d.EstablishPocSite(X, Y, 500), d.AttackOrder("armed", X, Y, 600, 10)])
    assert 0 < w.sheltered.sum() <= 500
    assert w.sheltered[:, Y, X].sum() == w.sheltered.sum()


def test_people_flee_then_return_when_safe() -> None:
    w = new_world(validation_mission(intent=0.9, faction_strength=1500), 0)
    reps = _days(w, 8)
    assert sum(int(r.fled.sum()) for r in reps) > 0
    assert w.displaced.sum() > 0
    step(w, [d.SetIntent("armed", "kala", 0.0)])
    back = [step(w) for _ in range(20)]
    assert sum(int(r.returned.sum()) for r in back) > 0


def test_deadly_force_attrits_and_risks_mission_harm() -> None:
    w = new_world(validation_mission(troops=1600, troop_posture="patrol"), 4)
    before = w.faction_strength()[0]
    harm = 0
    cred0 = w.credibility
    for _ in range(8):
        r = step(w, [d.Move("inf", 32, 40), d.Engage("inf", "armed", "deadly")], check=True)
        harm += int(r.killed[0, 1])
        assert r.mission_inflicted[0] >= 0
    assert w.faction_strength()[0] < 0.7 * before
    assert w.credibility > cred0
    assert harm == w.deaths[0, 1]
    assert any(isinstance(i, Clash) and i.other == "mission" for i in r.incidents) or True


def test_mission_harm_is_recorded_as_mission() -> None:
    dyn = {
        "protection": {
            "rungs": {"deadly": {"deterrence": 2.0, "attrition": 1.0, "civilian_harm": 0.01}}
        }
    }
    m = validation_mission(troops=800, troop_posture="patrol", faction_strength=2000, dynamics=dyn)
    w = new_world(m, 0)
    legit = w.legitimacy[0]
    r = step(w, [d.Engage("inf", "armed", "deadly")], check=True)
    assert r.killed[0, 1] > 0 and w.deaths[0, 1] == r.killed[0, 1]
    assert any(isinstance(i, CiviliansAttacked) and i.perpetrator == "mission" for i in r.incidents)
    assert w.legitimacy[0] < legit


def test_static_posture_invites_attacks() -> None:
    def killed(posture: str) -> int:
        total = 0
        for seed in range(20):
            m = validation_mission(
                troops=800, troop_posture=posture, consent=0.0, faction_strength=1500
            )
            w = new_world(m, seed)
            step(w, [d.Move("inf", 32, 40)])
            total += sum(sum(step(w).peacekeepers_killed.values()) for _ in range(15))
        return total

    assert killed("static") > 1.5 * killed("alert")


def test_peacekeepers_attacked_incident() -> None:
    w = new_world(validation_mission(troops=800, consent=0.0, faction_strength=3000), 0)
    reps = [step(w, [d.Move("inf", 32, 40)])]
    reps += [step(w) for _ in range(10)]
    inc = [i for r in reps for i in r.incidents if isinstance(i, PeacekeepersAttacked)]
    assert inc and w.unit("inf").killed == sum(i.killed for i in inc)


def test_recruitment_needs_grievance() -> None:
    def recruits(legitimacy: float) -> int:
        m = validation_mission(intent=0.0)
        w = new_world(m, 0)
        w.recruits_from[0, 0] = True
        w.hardship[0] = 0.9
        w.legitimacy[0] = legitimacy
        return sum(int(step(w).recruits.sum()) for _ in range(10))

    assert recruits(0.0) > 0
    assert recruits(1.0) == 0


def test_government_and_rebels_clash() -> None:
    from game.sim.factions import hostility_matrix

    w = new_world(validation_mission(intent=0.0), 0)
    w.faction_kind[0] = 0  # the armed group is now the government...
    assert not hostility_matrix(w).any()  # ...alone, it fights no one
    # add a rebel faction on top of it by hand: two layers of fighters in the same place
    w2 = new_world(validation_mission(intent=0.0, perpetrator="rebel"), 0)
    w2.faction_ids = ("armed", "army")
    w2.faction_kind = np.array([1, 0], dtype=np.int8)
    w2.armed = np.concatenate([w2.armed, w2.armed])
    for name in ("consent", "supply", "cohesion"):
        setattr(w2, name, np.repeat(getattr(w2, name), 2))
    w2.intent = np.zeros((2, 1))
    w2.recruits_from = np.zeros((2, 1), dtype=bool)
    w2.signatory = np.ones(2, dtype=bool)
    w2.recruited = np.zeros(2, dtype=np.int64)
    w2.disarmed = np.zeros(2, dtype=np.int64)
    w2.deaths = np.zeros((1, 3), dtype=np.int64)
    r = step(w2, check=True)
    assert (r.clash_losses > 0).all()
    assert any(isinstance(i, Clash) and i.other in ("armed", "army") for i in r.incidents)


def test_idle_force_loses_legitimacy_engaged_force_does_not() -> None:
    base = validation_mission(troops=200, troop_posture="static", faction_strength=1500)
    idle = new_world(base, 0)
    act = new_world(base, 0)
    for _ in range(10):
        step(idle)
        step(act, [d.Engage("inf", "armed", "interposition")])
    assert idle.legitimacy[0] < act.legitimacy[0]
