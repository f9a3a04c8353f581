"""Whether an order may be carried out: the checks every order shares, then its rule's own.

``judge(order, sit)`` decides legality against the mission's own clauses and returns a
``Judgement``: a ``Verdict`` ("allowed", "finding" or "refused") naming the clause as a
mission-file path ("roe.force[5]", "roe.consent_zones[0]", "mandate.tasks",
"forces.units[1].caveats") and one plain sentence, and whether a refusal binds. Two kinds
of refusal:

- *binding*: the unit cannot do it (absent, wrong type, a national caveat its country
  will not waive, a faction refusing to disarm). Refused in every mode.
- *normative*: the ROE, the mandate or a consent zone forbid it. Refused in strict
  (training) mode; in free mode the order is carried out and a finding is recorded.

An allowed order that needs national or headquarters approval carries its wait in
``Verdict.delay_days``. ``validate`` and ``order_from_dict`` raise ``OrderError`` for an
order that cannot exist at all (an unknown id, a cell off the map, a missing field).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from game.mission.schema import RUNGS, Mission, Unit
from game.rules import names as naming
from game.rules.orders.base import (
    ALLOWED,
    JUSTIFICATIONS,
    Judgement,
    Order,
    OrderError,
    Verdict,
    refuse,
)
from game.rules.orders.rule import RULES, OrderRule, rule_for, unit_caveats
from game.rules.orders.situation import Situation, unit_spec
from game.sim.world import POSTURES, UNIT_TYPES, UnitState, World


def order_rung(order: Order) -> str | None:
    """The rung of force an order uses, if any."""
    return rule_for(order).rung(order)


TIERS = ("I", "II", "III", "mission")
"""The tiers in the order menus, files and messages list them."""


def order_types() -> dict[str, type[Order]]:
    """Every order type by its ``kind``, tier by tier (dialogue first, mission level last)."""
    rules = sorted(RULES.values(), key=lambda r: TIERS.index(r.order.tier))
    return {r.order.kind: r.order for r in rules}


# --------------------------------------------------------------------------- existence


def check_values(order: Order) -> None:
    """Value checks that need no mission: rungs, justifications, postures, the rule's own."""
    rung = getattr(order, "rung", None)
    if rung is not None and rung not in RUNGS:
        raise OrderError(f"unknown rung '{rung}' (one of {', '.join(RUNGS)})")
    just = getattr(order, "justification", None)
    if just is not None and just not in JUSTIFICATIONS:
        raise OrderError(f"unknown justification '{just}' (one of {', '.join(JUSTIFICATIONS)})")
    posture = getattr(order, "posture", None)
    if posture is not None and posture not in POSTURES:
        raise OrderError(f"unknown posture '{posture}' (one of {', '.join(POSTURES)})")
    problem = rule_for(order).check_values(order)
    if problem is not None:
        raise OrderError(problem)


def order_from_dict(d: dict[str, Any]) -> Order:
    """Rebuild an order from its ``to_dict`` form; ``OrderError`` with a clear message if not."""
    if not isinstance(d, dict) or "order" not in d:
        raise OrderError(f"an order needs an 'order' key naming its kind, got {d!r}")
    kind = d["order"]
    rule = RULES.get(kind) if isinstance(kind, str) else None
    if rule is None:
        raise OrderError(f"unknown order '{kind}' (one of {', '.join(order_types())})")
    cls = rule.order
    fields = {f.name: f for f in dataclasses.fields(cls)}
    given = {k: v for k, v in d.items() if k != "order"}
    extra = [k for k in given if k not in fields]
    if extra:
        raise OrderError(f"order '{kind}' has no field(s) {', '.join(extra)}")
    missing = [
        n
        for n, f in fields.items()
        if n not in given
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise OrderError(f"order '{kind}' is missing {', '.join(missing)}")
    for fname, value in given.items():
        want = str(fields[fname].type)
        if want == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise OrderError(f"order '{kind}': {fname} must be an integer, not {value!r}")
        if want == "str" and not isinstance(value, str):
            raise OrderError(f"order '{kind}': {fname} must be a string, not {value!r}")
        if want == "str | None" and value is not None and not isinstance(value, str):
            raise OrderError(f"order '{kind}': {fname} must be a string or null, not {value!r}")
    order: Order = cls(**given)
    check_values(order)
    return order


def validate(order: Order, mission: Mission, world: World) -> None:
    """Raise ``OrderError`` if the order names an unknown id or a cell off the map."""
    if order.kind not in RULES or not isinstance(order, RULES[order.kind].order):
        raise OrderError(f"not an order this game knows: {order!r}")
    check_values(order)
    uid = getattr(order, "unit", None)
    if (
        uid is not None
        and not any(u.id == uid for u in world.units)
        and unit_spec(mission, uid) is None
    ):
        raise OrderError(f"unknown unit '{uid}'")
    fid = getattr(order, "faction", None)
    if fid is not None and fid not in world.faction_ids:
        raise OrderError(f"unknown faction '{fid}' (one of {', '.join(world.faction_ids)})")
    cid = getattr(order, "community", None)
    if cid is not None and cid not in world.community_ids:
        raise OrderError(f"unknown community '{cid}' (one of {', '.join(world.community_ids)})")
    cell = order.cell
    if cell is not None:
        h, wd = world.shape
        x, y = cell
        if not (0 <= x < wd and 0 <= y < h):
            raise OrderError(f"cell [{x}, {y}] is outside the {wd}x{h} map")


# --------------------------------------------------------------------------- legality


def judge(order: Order, sit: Situation) -> Judgement:
    """Legality of ``order`` under the mission file, in the situation of this turn.

    The first binding problem wins (the unit cannot); then the first normative one (the
    file forbids it); otherwise allowed (possibly waiting for approval).
    """
    rule = rule_for(order)
    uid = order.unit_id
    u: UnitState | None = None
    path, spec = "forces.units", None
    if uid is not None:
        found = unit_spec(sit.mission, uid)
        if found is not None:
            path, spec = found
        u = sit.unit(uid)
        if u is None:
            return Judgement(
                refuse(path, f"Unit '{uid}' has not arrived in the mission area."), True
            )
        if not u.alive:
            return Judgement(refuse(path, f"Unit '{uid}' has left the mission."), True)
    binding = _capability(rule, order, sit, u, path, spec)
    if binding is not None:
        return Judgement(binding, True)
    normative = _norms(rule, order, sit, u)
    if normative is not None:
        return Judgement(normative, False)
    return Judgement(_approval(rule, order, sit, path, spec), False)


def _capability(
    rule: OrderRule[Any],
    order: Order,
    sit: Situation,
    u: UnitState | None,
    path: str,
    spec: Unit | None,
) -> Verdict | None:
    """What the unit physically or nationally cannot do (binding in every mode)."""
    if u is not None:
        utype = UNIT_TYPES[u.type]
        rung = rule.rung(order)
        just = getattr(order, "justification", None)
        if utype == "military_observers" and rung is not None and rung != "verbal_warning":
            return refuse(
                f"{path}.type",
                "Military observers are unarmed: they can warn, not use or show force.",
            )
        if rule.unit_types is not None and utype not in rule.unit_types:
            words = utype.replace("_", " ")
            return refuse(
                f"{path}.type",
                rule.unit_type_refusal.format(type=words, Type=words.capitalize()),
            )
        caveats = unit_caveats(spec)
        cav = f"{path}.caveats"
        if "self_defence_only" in caveats and rung is not None and just != "self_defence":
            return refuse(cav, "This contingent's country allows force in self-defence only.")
        if (
            "no_offensive_operations" in caveats
            and rung in ("non_lethal", "deadly")
            and just == "defence_of_mandate"
        ):
            return refuse(cav, "This contingent's country forbids offensive operations.")
        if "no_night_operations" in caveats and rule.night_bound:
            return refuse(
                cav, "This contingent may not operate at night, and a day's patrol or escort would."
            )
        cell = order.cell
        if (
            "no_deployment_outside_sector" in caveats
            and order.moves
            and cell is not None
            and spec is not None
            and spec.sector is not None
        ):
            sx, sy = sit.mission.locate(spec.sector.at)
            if math.hypot(cell[0] - sx, cell[1] - sy) > spec.sector.radius:
                return refuse(cav, "This contingent may not deploy outside its sector.")
    return rule.binding(order, sit, u)


def _norms(
    rule: OrderRule[Any], order: Order, sit: Situation, u: UnitState | None
) -> Verdict | None:
    """What the mandate, the ROE or a consent zone forbid (strict: refused; free: a finding)."""
    m = sit.mission
    rung = rule.rung(order)
    if rung is not None:
        found = _force_rule(rung, order, sit, u)
        if found is not None:
            return found
    if rule.tasks and not set(rule.tasks) & set(m.mandate.tasks):
        return refuse("mandate.tasks", rule.task_refusal)
    cell = rule.place(order)
    if cell is not None:
        hit = sit.zone_breach(*cell)
        if hit is not None:
            i, fid = hit
            z = m.roe.consent_zones[i]
            return refuse(
                f"roe.consent_zones[{i}]",
                f"Entering {z.name} needs {naming.name(m, fid)}'s consent of at least "
                f"{z.min_consent:.2f}.",
            )
    return None


def _force_rule(rung: str, order: Order, sit: Situation, u: UnitState | None) -> Verdict | None:
    """What the ROE and the mandate say of this rung with this justification."""
    m = sit.mission
    just = str(getattr(order, "justification", "self_defence"))
    rules = [r for r in m.roe.force if r.rung == rung]
    if not rules:
        return refuse(
            "roe.force", f"The rules of engagement do not allow {rung.replace('_', ' ')}."
        )
    i = m.roe.force.index(rules[0])
    poc = m.mandate.protection_of_civilians
    if just == "protection_of_civilians" and not poc.mandated:
        return refuse(
            "mandate.protection_of_civilians",
            "The mandate does not include the protection of civilians.",
        )
    if just not in rules[0].justifications:
        return refuse(
            f"roe.force[{i}]",
            f"{rung.replace('_', ' ').capitalize()} is allowed only for "
            f"{', '.join(j.replace('_', ' ') for j in rules[0].justifications)}.",
        )
    if (
        just == "protection_of_civilians"
        and poc.imminent_threat_only
        and u is not None
        and not sit.threats_in_reach(u, order.faction_id)
    ):
        return refuse(
            "mandate.protection_of_civilians",
            "Force to protect civilians is mandated only against an imminent threat, "
            "and none from this faction is known within reach.",
        )
    if (
        just == "defence_of_property"
        and rung == "deadly"
        and m.roe.deadly_force_for_property == "never"
    ):
        return refuse(
            "roe.deadly_force_for_property",
            "Deadly force may never be used to protect property.",
        )
    return None


def _approval(
    rule: OrderRule[Any], order: Order, sit: Situation, path: str, spec: Unit | None
) -> Verdict:
    """An allowed order's verdict, waiting where national or headquarters approval is due."""
    rung = rule.rung(order)
    if rung is None:
        return ALLOWED
    days = sit.mission.dynamics.orders.approval_delay_days
    if "national_approval_for_force" in unit_caveats(spec):
        return _waits(f"{path}.caveats", "national approval", days)
    for i, r in enumerate(sit.mission.roe.force):
        if r.rung == rung and r.approval == "headquarters":
            return _waits(f"roe.force[{i}]", "headquarters", days)
    return ALLOWED


def _waits(clause: str, whom: str, days: int) -> Verdict:
    """An allowed verdict that waits ``days`` days for ``whom``."""
    if days <= 0:
        return Verdict("allowed", clause, f"Allowed: {whom} approves at once.")
    wait = "a day" if days == 1 else f"{days} days"
    return Verdict("allowed", clause, f"Allowed, but it waits {wait} for {whom}.", days)


def approval_delay(verdict: Verdict) -> int:
    """Days an allowed order waits for approval (national or headquarters)."""
    return verdict.delay_days if verdict.status == "allowed" else 0


def finding_norm(order: Order, clause: str) -> str:
    """The norm an illegal order offends: force orders -> use of force, zones -> consent."""
    if clause.startswith("roe.consent_zones"):
        return "consent"
    if order_rung(order) is not None:
        return "use_of_force"
    if clause.startswith("mandate.protection_of_civilians"):
        return "duty_to_protect"
    return "consent"
