"""Tier III orders, a protective environment: disarmament (DDR), investigation, reports to
the Security Council, support to host institutions. Slow levers: evidence for the
Council's ladder, fighters disarmed, legitimacy built through the host's own institutions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.mission.order_coefficients import OrderCoefficients
from game.mission.schema import Mission
from game.rules import council
from game.rules.events import CouncilStep
from game.rules.orders.base import Order, Verdict, refuse
from game.rules.orders.rule import DayContext, Effects, OrderRule, Stamp, name, register
from game.rules.orders.situation import Situation
from game.sim import directives as sd
from game.sim.world import UnitState


@dataclass(frozen=True)
class SupportDDR(Order):
    """A unit runs disarmament, demobilisation and reintegration with a consenting faction."""

    kind: ClassVar[str] = "support_ddr"
    tier: ClassVar[str] = "III"
    unit: str
    faction: str


@dataclass(frozen=True)
class Investigate(Order):
    """A unit monitors and investigates a faction's violations: evidence for the Council."""

    kind: ClassVar[str] = "investigate"
    tier: ClassVar[str] = "III"
    unit: str
    faction: str


@dataclass(frozen=True)
class ReportToCouncil(Order):
    """Report a faction's violations to the Security Council: a step up its ladder."""

    kind: ClassVar[str] = "report_to_council"
    tier: ClassVar[str] = "III"
    faction: str


@dataclass(frozen=True)
class SupportInstitutions(Order):
    """Support the host's own institutions (police, courts): slow legitimacy, host consent."""

    kind: ClassVar[str] = "support_institutions"
    tier: ClassVar[str] = "III"


@register
class SupportDDRRule(OrderRule[SupportDDR]):
    """DDR is voluntary: only with a faction whose consent is at least one half; a share
    of its fighters in the unit's reach hand in weapons, as many as the site can process."""

    order = SupportDDR
    unit_types = (
        "infantry",
        "formed_police",
        "military_observers",
        "engineers",
        "quick_reaction_force",
    )
    unit_type_refusal = "Helicopters cannot run a disarmament site."
    tasks = ("support_ddr",)
    task_refusal = "Supporting DDR is not a mandated task."

    def binding(self, order: SupportDDR, sit: Situation, u: UnitState | None) -> Verdict | None:
        f = sit.world.faction_ids.index(order.faction)
        consent = sit.world.consent[f]
        if consent < 0.5:
            i = sit.mission.faction_ids.index(order.faction)
            return refuse(
                f"factions[{i}].consent",
                f"DDR is voluntary and {name(sit.mission, order.faction)}'s consent "
                f"({consent:.2f}) is below one half.",
            )
        return None

    def effects(self, order: SupportDDR, sit: Situation, c: OrderCoefficients) -> Effects:
        w = sit.world
        u = sit.unit(order.unit)
        assert u is not None
        f = w.faction_ids.index(order.faction)
        avail = float(sit.presence(u)[f])
        count = int(
            min(
                avail * c.ddr_share * float(w.consent[f]),
                u.strength * c.ddr_capacity_per_peacekeeper,
            )
        )
        out: list[sd.Directive] = []
        if count > 0:
            out.append(sd.Disarm(order.faction, count, u.x, u.y))
        out.append(sd.ConsentDelta(order.faction, c.ddr_consent_gain))
        return Effects(tuple(out))

    def describe(self, order: SupportDDR, mission: Mission) -> str:
        return f"Support DDR of {name(mission, order.faction)}"


@register
class InvestigateRule(OrderRule[Investigate]):
    """An investigation documents a faction's violations (evidence for the Council) and
    counts as reporting them; it strains the faction's consent once per cooldown."""

    order = Investigate
    report = "evidence"
    response_weight = 0.5
    unit_types = (
        "infantry",
        "formed_police",
        "military_observers",
        "helicopters",
        "quick_reaction_force",
    )
    unit_type_refusal = "Engineers do not investigate violations."
    tasks = ("monitor_ceasefire", "human_rights_monitoring")
    task_refusal = "Monitoring and investigation are not mandated tasks."

    def effects(self, order: Investigate, sit: Situation, c: OrderCoefficients) -> Effects:
        key = f"investigate:{order.faction}"
        last = sit.state.last_information.get(key)
        if last is not None and sit.turn - last < c.information_cooldown_days:
            return Effects()
        return Effects(
            (sd.ConsentDelta(order.faction, -c.investigation_consent_cost),),
            (Stamp("information", key, sit.turn),),
        )

    def politics(self, order: Investigate, ctx: DayContext) -> None:
        st, c = ctx.state, ctx.mission.dynamics.orders
        f = ctx.world.faction_ids.index(order.faction)
        gain = (
            c.evidence_per_investigation
            if st.violations[f] >= c.violations_on_record
            else c.evidence_without_violations
        )
        evidence = st.council.evidence
        evidence[order.faction] = evidence.get(order.faction, 0.0) + gain
        st.reported[order.faction] = ctx.day

    def describe(self, order: Investigate, mission: Mission) -> str:
        return f"Investigate {name(mission, order.faction)}'s violations"


@register
class ReportToCouncilRule(OrderRule[ReportToCouncil]):
    """A report to the Council: the next step of its ladder against the faction, if the
    evidence and the Council's support suffice (``council.attempt_step``)."""

    order = ReportToCouncil
    report = "council"
    response_weight = 1.0

    def politics(self, order: ReportToCouncil, ctx: DayContext) -> None:
        res = council.attempt_step(ctx.mission, ctx.state, order.faction, ctx.day)
        ctx.state.reported[order.faction] = ctx.day
        ctx.events.append(CouncilStep(ctx.day, order.faction, res.step, res.granted, res.reason))
        if res.consent_delta:
            ctx.directives.append(sd.ConsentDelta(order.faction, res.consent_delta))

    def describe(self, order: ReportToCouncil, mission: Mission) -> str:
        return f"Report {name(mission, order.faction)} to the Security Council"


@register
class SupportInstitutionsRule(OrderRule[SupportInstitutions]):
    """Support to host institutions: a little legitimacy everywhere, the host's consent."""

    order = SupportInstitutions
    tasks = ("support_institutions",)
    task_refusal = "Supporting host institutions is not a mandated task."

    def effects(self, order: SupportInstitutions, sit: Situation, c: OrderCoefficients) -> Effects:
        w = sit.world
        out: list[sd.Directive] = [
            sd.LegitimacyDelta(cid, c.institutions_legitimacy_gain) for cid in w.community_ids
        ]
        for f, kind in enumerate(w.faction_kind.tolist()):
            if kind == 0:  # government
                out.append(sd.ConsentDelta(w.faction_ids[f], c.institutions_consent_gain))
        return Effects(tuple(out))

    def describe(self, order: SupportInstitutions, mission: Mission) -> str:
        return "Support host institutions"
