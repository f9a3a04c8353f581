"""The rules' side of one day: what is carried out, and how the day is judged.

A day reads as three calls around the simulation's step (``Session.end_turn``):

1. ``plan_day`` -- before the day: which orders are carried out (today's and those whose
   approval came through), the findings on force and on the duty to protect, and the
   directives that carry the orders out (after yesterday's carried-over ones);
2. the simulation's ``step`` with those directives;
3. ``judge_day`` -- after the day: harm done by the mission (and its misconduct case),
   violations and responses, duty to report, accountability, consent zones, the day's
   penalties and scores, and what the mission knows for tomorrow; then ``council_day``:
   the Council's pressure and the contributors' patience, effective tomorrow.

Each function is deterministic and free of I/O and randomness. The rules' state passed
in is the rules' memory and is the one thing they update (force log, cases, evidence,
penalties, known threats); everything else they decide is returned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from game.mission.schema import Mission
from game.norms import NORMS
from game.rules import council, force, injects, scoring
from game.rules import events as ev
from game.rules.carryover import NextDirective, PeacekeeperCasualties, split
from game.rules.orders import (
    DayContext,
    Finding,
    Order,
    Situation,
    Verdict,
    approval_delay,
    finding_norm,
    order_from_dict,
    rule_for,
)
from game.rules.state import KnownThreat, MisconductCase, RulesState
from game.sim import directives as sd
from game.sim.report import CiviliansAttacked, DayReport, PeacekeepersAttacked
from game.sim.report import Clash as SimClash
from game.sim.report import ThreatDetected as SimThreatDetected
from game.sim.world import World

SAME_THREAT_CELLS = 6.0
"""Cells within which a threat detected today continues one known yesterday."""
FORCE_LOG_DAYS = 7
"""Days the force log remembers (graduation and talks look back over it)."""


@dataclass
class DayPlan:
    """What the rules decided before the day is simulated."""

    day: int
    situation: Situation
    """The situation the day was planned in (the judgement after the day uses it too)."""
    executed: list[Order]
    directives: list[sd.Directive]
    """Everything the simulation applies today, in order: yesterday's carry-over first."""
    casualties: list[PeacekeeperCasualties]
    """Scripted peacekeeper deaths to apply before the day."""
    findings: list[Finding]
    events: list[ev.Event]


@dataclass
class DayJudgement:
    """How the rules judged the day."""

    findings: list[Finding]
    penalties: dict[str, float]
    """Penalty points added today, per norm (before the day's scores)."""
    scores: dict[str, float]
    next_directives: list[NextDirective]
    events: list[ev.Event] = field(default_factory=list)


def plan_day(
    mission: Mission,
    world: World,
    state: RulesState,
    submitted: list[tuple[Order, Verdict, bool]],
) -> DayPlan:
    """Orders -> what is carried out today, the findings before the day, the directives.

    ``submitted`` holds today's (order, verdict, queued) in submission order. Orders
    waiting for approval are carried out on the day it comes through.
    """
    st = state
    day = world.turn + 1
    sit = Situation(mission, world, state)
    events: list[ev.Event] = []
    findings: list[Finding] = []

    executed: list[Order] = []
    still: list[tuple[int, dict[str, object]]] = []
    for due, od in st.delayed_orders:
        (executed.append(order_from_dict(od)) if due <= day else still.append((due, od)))
    st.delayed_orders = still
    for o, v, queued in submitted:
        if v.status == "refused":
            events.append(ev.OrderRefused(day, o.to_dict(), v.clause, v.reason))
            continue
        events.append(ev.OrderIssued(day, o.to_dict(), v.status, v.clause, v.reason))
        if v.status == "finding":
            what = f"{rule_for(o).short(o)} (against the rules)"
            findings.append(Finding(day, finding_norm(o, v.clause), 2, what, v.clause, v.reason))
        if queued and approval_delay(v):
            st.delayed_orders.append((day + approval_delay(v), o.to_dict()))
        elif queued:
            executed.append(o)

    directives: list[sd.Directive] = []
    st.force_log = [x for x in st.force_log if day - x[0] <= FORCE_LOG_DAYS]
    for o in executed:
        fj = force.judge_force(o, sit)
        if fj is None:
            continue
        findings.extend(fj.findings)
        cost = force.consent_cost(fj)
        fid = o.faction_id or ""
        if cost > 0:
            directives.append(sd.ConsentDelta(fid, -cost))
        st.force_log.append((day, o.unit_id or "", fid, fj.level))
    findings.extend(scoring.duty_findings(sit, executed))

    casualties, carried = split(st.next_directives)
    st.next_directives = []
    ctx = DayContext(
        mission, world, st, day, lambda: scoring.mission_scores(st, mission)["mission"], events
    )
    ctx.directives = directives
    coefficients = mission.dynamics.orders
    for o in executed:
        rule = rule_for(o)
        eff = rule.effects(o, sit, coefficients)
        for s in eff.stamps:
            table = st.last_negotiation if s.table == "negotiation" else st.last_information
            table[s.key] = s.day
        for z in eff.zone_entries:
            if (z.unit, z.zone) not in st.zone_breaches:
                st.zone_breaches.append((z.unit, z.zone))
        directives.extend(eff.directives)
        rule.politics(o, ctx)
    return DayPlan(day, sit, executed, [*carried, *directives], casualties, findings, events)


def judge_day(
    mission: Mission, world: World, state: RulesState, plan: DayPlan, rep: DayReport
) -> DayJudgement:
    """The day after it happened: findings, penalties, scores, tomorrow's directives."""
    m, w, st, day, sit = mission, world, state, plan.day, plan.situation
    here = {u.id for u in w.units if u.alive}
    events: list[ev.Event] = [
        ev.ReinforcementsArrived(day, r.unit)
        for r in st.reinforcements
        if r.arrives == day and r.unit in here
    ]
    findings = list(plan.findings)
    queued: list[NextDirective] = []

    nf = w.n_factions
    st.kills_today = [int(rep.killed[:, f].sum()) for f in range(nf)]
    by_mission = {
        cid: int(rep.killed[c, nf])
        for c, cid in enumerate(w.community_ids)
        if rep.killed[c, nf] > 0
    }
    engaged = [u.id for u in w.units if u.engaged >= 0]
    findings.extend(force.harm_findings(day, by_mission, engaged, m))
    queued.extend(sd.ConsentDelta(fid, delta) for fid, delta in force.harm_consent(w, by_mission))
    if by_mission:
        case = _harm_case(st, w, engaged, day)
        st.cases.append(case)
        events.append(ev.MisconductReported(day, case.id, case.unit, case.kind))
    for inc in rep.incidents:
        if isinstance(inc, PeacekeepersAttacked) and inc.killed > 0:
            st.attacked_by[inc.faction] = day
    scoring.record_violations(st, w, rep)
    scoring.record_responses(st, w, plan.executed)
    queued.extend(sd.ConsentDelta(fid, d) for fid, d in scoring.partiality_consent(st, w))
    findings.extend(scoring.reporting_findings(st, w, day, m))
    harm_pen, harm_found = scoring.harm_penalty(sit, rep)
    findings.extend(harm_found)
    case_pen, case_found = scoring.accountability_findings(st, day, m)
    findings.extend(case_found)
    zone_pen, zone_costs = zone_breaches(m, w, st)
    queued.extend(zone_costs)

    scoring.decay(st)
    before = dict(st.penalties)
    scoring.penalise(st, findings)
    st.penalties["duty_to_protect"] += harm_pen
    st.penalties["accountability"] += case_pen
    st.penalties["consent"] += zone_pen
    penalties = {k: st.penalties[k] - before[k] for k in st.penalties}
    scores = scoring.day_scores(st, m, w)
    st.day_scores.append({n: scores[n] for n in NORMS})
    refresh_threats(st, rep, day)
    return DayJudgement(findings, penalties, scores, queued, events)


def _harm_case(st: RulesState, w: World, engaged: list[str], day: int) -> MisconductCase:
    """The misconduct case civilians killed by the mission open (a board of inquiry)."""
    uid = engaged[0] if engaged else (w.units[0].id if w.units else "mission")
    country = next((u.country for u in w.units if u.id == uid), "?")
    return MisconductCase(
        f"case_{len(st.cases) + 1}",
        uid,
        country,
        "civilian_harm",
        day,
        "civilian_harm",
        clause="roe.force",
    )


def zone_breaches(
    mission: Mission, world: World, state: RulesState
) -> tuple[float, list[sd.Directive]]:
    """Units sent into a consent zone without consent: a daily cost while they stay.

    Units the mission file deploys inside a zone are there by agreement and do not
    count; the order that sends a unit in is judged (and, in free mode, found) when
    given. The breach lasts while the unit's destination stays inside the zone and the
    faction's consent stays too low; each day the unit is in, it costs consent and
    consent-norm penalty points (``dynamics.orders``). Returns (penalty, directives).
    """
    m, w, c = mission, world, mission.dynamics.orders
    now: list[tuple[str, int]] = []
    pen = 0.0
    out: list[sd.Directive] = []
    for uid, i in state.zone_breaches:
        u = next((x for x in w.units if x.id == uid), None)
        z = m.roe.consent_zones[i]
        zx, zy = m.locate(z.at)
        f = w.faction_ids.index(z.faction)
        if (
            u is None
            or not u.alive
            or math.hypot(u.dest_x - zx, u.dest_y - zy) > z.radius
            or w.consent[f] >= z.min_consent
        ):
            continue
        now.append((uid, i))
        if math.hypot(u.x - zx, u.y - zy) <= z.radius:
            pen += c.zone_daily_penalty
            out.append(sd.ConsentDelta(z.faction, -c.zone_daily_consent_cost))
    state.zone_breaches = now
    return pen, out


def refresh_threats(state: RulesState, rep: DayReport, day: int) -> None:
    """Tomorrow's threat list: warnings still fresh, and today's detected threats.

    A detected threat that continues one known yesterday (same faction and community,
    within ``SAME_THREAT_CELLS``) keeps the day it was first seen, so the duty-to-report
    clock runs from the first sighting.
    """
    old = state.known_threats
    keep = [t for t in old if t.source == "intelligence" and day - t.seen < injects.WARNING_DAYS]
    for t in rep.imminent_threats:
        if not t.detected_by_mission:
            continue
        x, y = t.cell
        first = min(
            (
                k.seen
                for k in old
                if k.faction == t.faction
                and k.community == t.community
                and math.hypot(k.x - x, k.y - y) <= SAME_THREAT_CELLS
            ),
            default=day,
        )
        keep.append(
            KnownThreat(
                x, y, t.faction, t.community, float(t.severity), int(t.lead_days), "detected", first
            )
        )
    state.known_threats = keep


def council_day(
    mission: Mission, world: World, state: RulesState, day: int
) -> tuple[list[ev.Event], list[NextDirective]]:
    """The Council and the contributors after the day (effective tomorrow): support drifts
    with credibility, the ladder's steps press on factions, contributors whose patience
    ran out withdraw, and granted reinforcements due tomorrow arrive."""
    m, w, st = mission, world, state
    events: list[ev.Event] = []
    council.drift_support(st, w.credibility)
    queued: list[NextDirective] = list(council.daily_pressure(w, st))
    for country, why in council.cascade(m, w, st, day):
        events.append(ev.ContributorWithdrew(day, country, why))
        if any(u.country == country and not u.withdrawn for u in w.units):
            queued.append(sd.WithdrawUnits(country))
    for r in st.reinforcements:
        if r.arrives != day + 1:
            continue
        spec = next(u for u in m.forces.reserve if u.id == r.unit)
        if spec.country in st.withdrawn or any(u.id == spec.id for u in w.units):
            continue
        x, y = m.locate(spec.at)
        queued.append(
            sd.AddUnit(
                spec.id, spec.type, spec.strength, x, y, spec.country, spec.posture, spec.readiness
            )
        )
    return events, queued


def incident_event(day: int, inc: object, w: World) -> ev.Event:
    """The event a simulation incident becomes in the log."""
    if isinstance(inc, CiviliansAttacked):
        return ev.CiviliansKilled(day, inc.cell, inc.perpetrator, inc.community, inc.killed)
    if isinstance(inc, SimThreatDetected):
        return ev.ThreatDetected(day, inc.cell, inc.faction, inc.community, inc.lead_days)
    if isinstance(inc, SimClash):
        return ev.Clash(day, inc.cell, inc.faction, inc.other, float(inc.losses))
    if isinstance(inc, PeacekeepersAttacked):
        country = next((u.country for u in w.units if u.id == inc.unit), "")
        return ev.PeacekeepersKilled(day, inc.unit, country, inc.faction, inc.killed)
    raise TypeError(f"unknown incident {inc!r}")
