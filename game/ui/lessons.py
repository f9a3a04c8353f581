"""The tutorial's hint line: each lesson's next step, and when it is done, that it is done.

A new player learns from the screen alone, so each lesson says what to do (naming the
buttons on screen) and then confirms it once the player's orders since the lesson did it:
talks that opened the Front's hills, the army's abuse investigated or reported, force
against the militia that earned no finding, a unit sent to Ebeni, the misconduct case
acted on. The checks read the session's own record of orders and findings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from game.engine import events as ev
from game.rules import orders as ro

if TYPE_CHECKING:
    from game.ui.model import MissionModel

STEPS: dict[str, str] = {
    "lesson_accountability": "Lesson 5: act on the misconduct case (M Misconduct…).",
    "lesson_warning": "Lesson 4: answer the warning at Ebeni: select a unit, Guard… Ebeni.",
    "lesson_force": "Lesson 3: select the Quick Reaction Force at Tovo; Force: HDY… one rung "
    "at a time.",
    "lesson_impartiality": "Lesson 2: army abuse at Tovo: select the QRF, Investigate…, "
    "then III Council…",
    "lesson_consent": "Lesson 1: Negotiate… with the Front before you patrol its hills.",
}
"""Each lesson's instruction, latest lesson first (the hint follows the latest one)."""

DONE: dict[str, str] = {
    "lesson_accountability": "Lesson 5 done: the case was acted on. Hold the peace to day 90.",
    "lesson_warning": "Lesson 4 done: a unit answered the warning at Ebeni.",
    "lesson_force": "Lesson 3 done: force against the militia, with no finding. Climb "
    "further only if they keep coming.",
    "lesson_impartiality": "Lesson 2 done: the army's abuse was answered like any party's. "
    "Keep answering every violation.",
    "lesson_consent": "Lesson 1 done: the Front consents. Patrol Marra now.",
}

EBENI_REACH = 6.0
"""Cells from Ebeni within which an order answers lesson 4's warning."""


def _orders_since(model: MissionModel, day: int) -> list[ro.Order]:
    return [o for r in model.session.history if r.turn >= day for o in r.orders]


def _fired_on(model: MissionModel, inject: str) -> int:
    """The day a lesson's inject took effect (its orders count from then)."""
    return next(
        (
            e.turn
            for e in model.session.events
            if isinstance(e, ev.InjectFired) and e.inject == inject
        ),
        model.day,
    )


def _consent_open(model: MissionModel, day: int) -> bool:
    zone = next((z for z in model.consent_zones() if z.faction == model.name("mlf")), None)
    return zone is None or zone.open


def _army_answered(model: MissionModel, day: int) -> bool:
    return any(
        ro.rule_for(o).report in ("evidence", "council") and o.faction_id == "vna"
        for o in _orders_since(model, day)
    )


def _force_without_finding(model: MissionModel, day: int) -> bool:
    used = any(
        ro.order_rung(o) is not None and o.faction_id == "hdy" for o in _orders_since(model, day)
    )
    faulted = any(
        f.norm == "use_of_force" for r in model.session.history if r.turn >= day for f in r.findings
    )
    return used and not faulted


def _ebeni_answered(model: MissionModel, day: int) -> bool:
    x0, y0 = model.mission.town("Ebeni").at
    return any(
        o.moves and o.cell is not None and math.hypot(o.cell[0] - x0, o.cell[1] - y0) <= EBENI_REACH
        for o in _orders_since(model, day)
    )


def _case_closed(model: MissionModel, day: int) -> bool:
    acted = any(o.kind == ro.ActOnMisconduct.kind for o in _orders_since(model, day))
    return acted and not model.open_cases()


CHECKS: dict[str, Callable[[MissionModel, int], bool]] = {
    "lesson_consent": _consent_open,
    "lesson_impartiality": _army_answered,
    "lesson_force": _force_without_finding,
    "lesson_warning": _ebeni_answered,
    "lesson_accountability": _case_closed,
}


def tutorial_hint(model: MissionModel) -> str | None:
    """The hint line for the latest lesson fired (None before the first)."""
    fired = model.session.rules.fired_injects
    for iid, step in STEPS.items():
        if iid not in fired:
            continue
        if CHECKS[iid](model, _fired_on(model, iid)):
            return DONE[iid]
        if iid == "lesson_consent":  # the numbers that decide it, as on the map
            zone = next(z for z in model.consent_zones() if z.faction == model.name("mlf"))
            return (
                f"Lesson 1: Negotiate… with the Front (consent {zone.consent:.2f}, needs "
                f"{zone.min_consent:.2f}) before patrolling its hills."
            )
        if iid == "lesson_force" and any(
            f.norm == "use_of_force"
            for r in model.session.history
            if r.turn >= _fired_on(model, iid)
            for f in r.findings
        ):
            return (
                "Lesson 3: that use of force earned a finding (see Findings): next time, "
                "one rung at a time, and only against a threat."
            )
        return step
    return None
