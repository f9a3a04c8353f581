"""Orders: the file format, impossible orders, and the legality table with exact clauses."""

from __future__ import annotations

from typing import Any

import pytest

from game.engine.session import Session
from game.mission import load_mission
from game.paths import missions_dir
from game.rules.orders import (
    ORDER_TYPES,
    ActOnMisconduct,
    EstablishPocSite,
    Guard,
    Interpose,
    Investigate,
    Negotiate,
    OrderError,
    Patrol,
    PublicInformation,
    ShowOfForce,
    SupportDDR,
    UseForce,
    order_from_dict,
)
from game.rules.state import KnownThreat


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


@pytest.fixture(scope="module")
def unamir():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "unamir_1994.yaml")


def test_every_order_round_trips() -> None:
    samples: dict[str, dict[str, Any]] = {
        "negotiate": {"faction": "mlf"},
        "engage_community": {"community": "kessi"},
        "public_information": {"community": None},
        "alert_network": {"x": 3, "y": 4, "radius": 5},
        "patrol": {"unit": "inf_1", "x": 1, "y": 2},
        "guard": {"unit": "inf_1", "x": 1, "y": 2},
        "escort": {"unit": "inf_1", "x": 1, "y": 2},
        "interpose": {
            "unit": "inf_1",
            "faction": "hdy",
            "x": 1,
            "y": 2,
            "justification": "protection_of_civilians",
        },
        "poc_site": {"unit": "eng_1", "x": 1, "y": 2, "capacity": 500},
        "show_of_force": {"unit": "inf_1", "faction": "hdy", "justification": "self_defence"},
        "use_force": {
            "unit": "inf_1",
            "faction": "hdy",
            "rung": "deadly",
            "justification": "self_defence",
        },
        "support_ddr": {"unit": "inf_1", "faction": "vna"},
        "investigate": {"unit": "mo_1", "faction": "vna"},
        "report_to_council": {"faction": "vna"},
        "support_institutions": {},
        "redeploy": {"unit": "inf_1", "x": 1, "y": 2, "posture": "alert"},
        "request_reinforcements": {},
        "act_on_misconduct": {"case": "case_1"},
    }
    assert set(samples) == set(ORDER_TYPES)
    for kind, fields in samples.items():
        o = order_from_dict({"order": kind, **fields})
        assert o.kind == kind and o.tier in ("I", "II", "III", "mission")
        assert order_from_dict(o.to_dict()) == o


@pytest.mark.parametrize(
    ("d", "msg"),
    [
        ({"order": "charge"}, "unknown order 'charge'"),
        ({"faction": "x"}, "'order' key"),
        ({"order": "patrol", "unit": "inf_1", "x": 1}, "missing y"),
        ({"order": "patrol", "unit": "inf_1", "x": 1, "y": 2, "z": 3}, "no field(s) z"),
        ({"order": "patrol", "unit": "inf_1", "x": "1", "y": 2}, "x must be an integer"),
        (
            {
                "order": "use_force",
                "unit": "a",
                "faction": "b",
                "rung": "nuke",
                "justification": "self_defence",
            },
            "unknown rung 'nuke'",
        ),
        (
            {
                "order": "use_force",
                "unit": "a",
                "faction": "b",
                "rung": "deadly",
                "justification": "fun",
            },
            "unknown justification 'fun'",
        ),
    ],
)
def test_impossible_orders_raise_order_error(d: dict[str, object], msg: str) -> None:
    with pytest.raises(OrderError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        order_from_dict(d)


def test_unknown_ids_and_cells_are_impossible(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    for o in (Patrol("nobody", 1, 1), Negotiate("nobody"), Patrol("inf_1", 999, 1)):
        with pytest.raises(OrderError):
            s.check(o)
    with pytest.raises(OrderError):
        s.submit([Patrol("inf_1", 1, 1), Negotiate("ghosts")])
    assert s.pending == ()


def _threat(s: Session, faction: str, x: int, y: int) -> None:
    s.rules.known_threats.append(KnownThreat(x, y, faction, "marun", 5.0, 0, "detected", 1))


def test_legality_table_tutorial(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    marra = (47, 17)
    cases = [
        # consent zone: the Front's consent 0.5 < 0.52
        (Patrol("inf_1", *marra), "refused", "roe.consent_zones[0]"),
        # capability: observers are unarmed; helicopters cannot hold a site
        (ShowOfForce("mo_1", "mlf"), "refused", "forces.units[2].type"),
        (Guard("helo_1", 20, 30), "refused", "forces.units[4].type"),
        (Interpose("eng_1", "hdy", 20, 30), "refused", "forces.units[3].type"),
        # caveat: the QRF may not operate at night, so no 24-hour patrol
        (Patrol("qrf_1", 44, 46), "refused", "forces.units[5].caveats"),
        # ROE: warning shots are not allowed for defence of the mandate
        (
            UseForce("inf_1", "vna", "warning_shots", "defence_of_mandate"),
            "refused",
            "roe.force[3]",
        ),
        # POC force needs an imminent threat in reach
        (
            UseForce("inf_1", "vna", "verbal_warning", "protection_of_civilians"),
            "refused",
            "mandate.protection_of_civilians",
        ),
        # DDR is voluntary: the militia's consent 0.2 is too low
        (SupportDDR("inf_1", "hdy"), "refused", "factions[2].consent"),
        (ActOnMisconduct("case_9"), "refused", ""),
        # allowed
        (Patrol("inf_1", 20, 30), "allowed", ""),
        (Negotiate("mlf"), "allowed", ""),
        (PublicInformation(), "allowed", ""),
        (SupportDDR("inf_1", "vna"), "allowed", ""),
        (UseForce("inf_1", "vna", "verbal_warning", "self_defence"), "allowed", ""),
        (EstablishPocSite("eng_1", 20, 30), "allowed", ""),
    ]
    for order, status, clause in cases:
        v = s.check(order)
        assert v.status == status, (order, v)
        if status == "refused" and clause:
            assert v.clause == clause, (order, v)
            assert v.reason.endswith("."), v
    _threat(s, "vna", 21, 31)
    v = s.check(UseForce("inf_1", "vna", "deadly", "protection_of_civilians"))
    assert v.status == "allowed", v


def test_legality_table_unamir(unamir) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(unamir, 0)
    _threat(s, "interahamwe", 132, 97)
    cases = [
        # Chapter VI: no POC mandate, whatever the ROE list says
        (
            UseForce("kibat", "interahamwe", "deadly", "protection_of_civilians"),
            "mandate.protection_of_civilians",
        ),
        (Interpose("kibat", "interahamwe", 132, 97), "mandate.protection_of_civilians"),
        # ROE: non-lethal force only in self-defence
        (UseForce("kibat", "interahamwe", "non_lethal", "defence_of_mandate"), "roe.force[4]"),
        # mandate tasks: no DDR, no public information (UNAMIR had no radio)
        (SupportDDR("kibat", "rpf"), "mandate.tasks"),
        (PublicInformation(), "mandate.tasks"),
        # the RPF-held north needs the RPF's consent of 0.5; it has 0.7: allowed below
    ]
    for order, clause in cases:
        v = s.check(order)
        assert (v.status, v.clause) == ("refused", clause), (order, v)
    assert s.check(Patrol("ghanbat", 140, 40)).status == "allowed"
    v = s.check(UseForce("banbat", "interahamwe", "verbal_warning", "self_defence"))
    assert v.status == "allowed" and v.clause == "forces.units[1].caveats"  # national approval
    assert s.check(Investigate("unmo", "far")).status == "allowed"


def test_strict_drops_and_free_records(tutorial) -> None:  # type: ignore[no-untyped-def]
    bad = Patrol("inf_1", 47, 17)
    unable = ShowOfForce("mo_1", "mlf")
    strict = Session.new(tutorial, 0, mode="strict")
    v = strict.submit([bad, unable])
    assert [x.status for x in v] == ["refused", "refused"]
    assert strict.pending == ()
    r = strict.end_turn()
    assert not [f for f in r.findings if f.clause == "roe.consent_zones[0]"]

    free = Session.new(tutorial, 0, mode="free")
    v = free.submit([bad, unable])
    assert [x.status for x in v] == ["finding", "refused"]  # caveats/capability still bind
    assert free.pending == (bad,)
    r = free.end_turn()
    hit = [f for f in r.findings if f.clause == "roe.consent_zones[0]"]
    assert hit and hit[0].norm == "consent" and hit[0].turn == 1
    assert free.world.consent[1] < strict.world.consent[1]  # entering erodes the Front's consent


def test_legal_orders_lists_verdicts(tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 0)
    mission_level = s.legal_orders()
    kinds = {o.order.kind for o in mission_level}
    assert {"negotiate", "engage_community", "report_to_council", "alert_network"} <= kinds
    unit = s.legal_orders("inf_1")
    assert any(o.verdict.status == "refused" for o in unit)
    assert any(o.verdict.status == "allowed" and o.order.kind == "patrol" for o in unit)
    for o in unit:
        assert s.check(o.order) == o.verdict
