"""The README's worked example: a new order kind is one module (``examples/quick_impact``),
and the game, the AAR's orders log, the narrative and the UI pick it up from its rule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from game.engine import events as ev
from game.engine.session import Session
from game.exercise import aar
from game.mission import load_mission
from game.paths import missions_dir
from game.rules.orders import ORDER_TYPES, RULES, order_from_dict, rule_for
from tests.examples.quick_impact import QuickImpactProject, registered


@pytest.fixture()
def example() -> Iterator[None]:
    with registered():
        yield


@pytest.fixture(scope="module")
def tutorial():  # type: ignore[no-untyped-def]
    return load_mission(missions_dir() / "tutorial.yaml")


def test_every_shipped_kind_has_one_rule() -> None:
    assert set(ORDER_TYPES) == set(RULES)
    for kind, cls in ORDER_TYPES.items():
        assert rule_for(cls.__new__(cls)).order is cls, kind


def test_the_new_kind_is_offered_judged_and_carried_out(example, tutorial) -> None:  # type: ignore[no-untyped-def]
    s = Session.new(tutorial, 3)
    cid = s.world.community_ids[0]
    offered = [o.order for o in s.legal_orders() if o.order.kind == "quick_impact_project"]
    assert QuickImpactProject(cid) in offered
    a = s.assess(QuickImpactProject(cid))
    assert (a.status, a.submitted, a.force_findings) == ("allowed", "allowed", ())
    (v,) = s.submit([QuickImpactProject(cid)])
    assert v.status == "allowed"
    r = s.end_turn()
    issued = [e for e in r.events if isinstance(e, ev.OrderIssued)]
    assert [e.order for e in issued] == [{"order": "quick_impact_project", "community": cid}]
    assert order_from_dict(issued[0].order) == QuickImpactProject(cid)  # replays carry it


def test_the_new_kind_changes_legitimacy_by_its_rule(example, tutorial) -> None:  # type: ignore[no-untyped-def]
    a, b = Session.new(tutorial, 5), Session.new(tutorial, 5)
    cid = a.world.community_ids[1]
    a.submit([QuickImpactProject(cid)])
    a.end_turn()
    b.end_turn()
    k = a.world.community_ids.index(cid)
    gap = float(a.world.legitimacy[k]) - float(b.world.legitimacy[k])
    assert 0 < gap <= 0.0101  # the project's gain, at most its coefficient


def test_the_aar_orders_log_and_the_ui_use_its_words(example, tutorial) -> None:  # type: ignore[no-untyped-def]
    from game.ui.adapter import GameModel
    from game.ui.narrative import order_outcomes

    s = Session.new(tutorial, 1)
    cid = s.world.community_ids[0]
    words = rule_for(QuickImpactProject(cid)).describe(QuickImpactProject(cid), tutorial)
    s.submit([QuickImpactProject(cid)])
    s.end_turn()
    rep = aar.build(s, counterfactual=False)
    assert any(row.text == words for row in rep.orders)

    model = GameModel(tutorial, seed=1)
    labels = [o.label for o in model.options(None)]
    assert words in labels
    before = model.standing()
    model.submit(QuickImpactProject(cid))
    result = model.session.end_turn()
    told = order_outcomes(model, result, before)
    assert any(t.startswith(words) and "trust" in t for t in told)
