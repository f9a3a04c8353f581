"""The five norms, scored every day 0..100 and over the mission.

Penalty norms (use of force, duty to protect, accountability) keep a *decayed tally* of
penalties: each finding adds ``PENALTY[severity]``, the tally decays by ``DECAY`` a day,
and the day's score is ``100 - tally`` (floored at 0). A day with nothing to judge adds
nothing, so the score climbs back toward 100 as past findings fade: a breach weighs for
about a week, a pattern of breaches keeps the score down.

- impartiality: decayed tallies of each faction's violations (a day of killing, a day of
  threatening; see ``record_violations``) and of the mission's responses to it (force or presence
  used against it, investigations, reports). Score = 100 * (0.6 A + 0.2 B + 0.2 P)
  - 50 U, where A = share of violations answered, B = evenness of the answer ratio across
  violating factions (favouritism), P = evenness of protection across communities at risk
  (share of each community's risk that lies under the mission's protection), and U =
  share of responses aimed at factions that committed no violation. With no violations
  and no responses it is 75 + 25 P (nothing to answer; protection still judged).
- consent: 100 * weighted mean over signatory factions of consent / consent at turn 1
  (capped at 1; the host government counts double), minus the consent tally (SOFA and
  consent-zone breaches).
- use of force: 100 - tally of the force findings (``force.py``).
- duty to protect: 100 - tally of inaction findings (``duty_findings``), of killings left
  unreported (``reporting_findings``, whatever the mandate), and of harm:
  civilians killed within reach of capable units that neither engaged the perpetrators
  nor stood guard (where POC is mandated; Kiwanja 2008), every civilian killed while no
  capable unit is left in the field at all, and civilians killed by the mission.
- accountability: 100 - tally: each misconduct case left open past its grace (``state.CASE_GRACE``)
  adds ``CASE_DAILY`` a day, with a finding when it becomes overdue and a graver one a
  week later.

The mission score of a norm is the mean of its day scores; 'overall' weights the norms by
``scoring.weights`` and adds the objectives by ``scoring.objectives_weight``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from game.mission.schema import Mission
from game.norms import NORMS
from game.rules import names as naming
from game.rules.orders import Finding, Order, Situation, order_rung, rule_for
from game.rules.state import RulesState, open_cases, overdue
from game.sim.protection import reach_cells
from game.sim.report import CiviliansAttacked, DayReport
from game.sim.world import MISSION, POSTURES, UNIT_TYPES, World

PENALTY: dict[int, float] = {1: 8.0, 2: 20.0, 3: 40.0}
DECAY = 0.85
CASE_DAILY = 6.0
IDLE_HARM = 0.2
"""Duty penalty per civilian killed within reach of an idle, capable unit."""
MISSION_HARM = 1.0
"""Duty penalty per civilian killed by the mission."""
HARM_CAP = 30.0
VIOLATION_DECAY = 0.9
RESPONSE_NEED = 0.5
"""Responses per unit of violation weight that count as a full answer."""
REPORT_DAYS = 3
"""Under Chapter VI without POC, a warning must be reported within this many days."""
MIN_SEVERITY = 0.5
MAX_DUTY_FINDINGS = 5
CAPABLE_TYPES = ("infantry", "formed_police", "quick_reaction_force", "helicopters")
GUARDING = (POSTURES.index("guard"), POSTURES.index("alert"))


def penalise(state: RulesState, findings: Sequence[Finding]) -> None:
    """Add the findings' penalties to their norms' tallies."""
    for f in findings:
        state.penalties[f.norm] += PENALTY[f.severity]


def decay(state: RulesState) -> None:
    """Fade yesterday's penalties (called once a day before today's are added)."""
    for k in state.penalties:
        state.penalties[k] *= DECAY


# --------------------------------------------------------------------------- duty to protect


def _targets(order: Order) -> tuple[int, int] | None:
    """Where an order sends a unit (None if it sends none)."""
    return order.cell if order.moves else None


def duty_findings(sit: Situation, orders: Sequence[Order]) -> list[Finding]:
    """Findings for known imminent threats in reach of a capable unit that nobody acted on.

    Acting on a threat: force, a show of force or interposition against its faction by a
    unit in reach; sending a unit (patrol, guard, escort, POC site, redeploy) to within its
    protective reach of the threat; or a unit already there guarding, patrolling or on
    alert. Where POC is not mandated (Chapter VI), the duty covers persons under UN
    protection (threats within reach of a POC site) and reporting: a threat not reported
    to the Council (or investigated, or answered by a request for reinforcements) within
    ``REPORT_DAYS`` days of being learnt is a finding citing the mandate.
    """
    m, w, st = sit.mission, sit.world, sit.state
    poc = m.mandate.protection_of_civilians.mandated
    turn = sit.turn
    capable = [
        u
        for u in w.units
        if u.alive
        and UNIT_TYPES[u.type] in CAPABLE_TYPES
        and u.strength >= w.dyn.legitimacy.capable_strength
    ]
    out: list[Finding] = []
    threats = sorted(st.known_threats, key=lambda t: -t.severity)
    requested = turn - st.last_request <= REPORT_DAYS
    for t in threats:
        if t.severity < MIN_SEVERITY or len(out) >= MAX_DUTY_FINDINGS:
            continue
        protected_site = any(math.hypot(t.x - x, t.y - y) <= 3 for x, y in w.poc_sites)
        able = [u for u in capable if sit.in_reach(u, t.x, t.y)]
        acted = _acted(sit, orders, t.x, t.y, t.faction)
        where = naming.place(m, t.x, t.y)
        if (poc or protected_site) and able and not acted:
            sev = 3 if t.source == "intelligence" or t.severity >= 10 else 2
            out.append(
                Finding(
                    turn,
                    "duty_to_protect",
                    sev,
                    f"No unit acted on the threat from {naming.name(m, t.faction)} to "
                    f"{naming.name(m, t.community)} civilians at {where}",
                    "mandate.protection_of_civilians",
                    f"{len(able)} capable unit(s) could reach it today "
                    f"({naming.names(m, [u.id for u in able[:3]])}); the threat was known.",
                )
            )
        elif not poc and not acted:
            last = st.reported.get(t.faction, -1000)
            if turn - t.seen >= REPORT_DAYS and last < t.seen and not requested:
                out.append(
                    Finding(
                        turn,
                        "duty_to_protect",
                        2 if t.source == "intelligence" else 1,
                        f"The warning of {naming.name(m, t.faction)} violence against "
                        f"{naming.name(m, t.community)} civilians at {where} was not reported",
                        "mandate.protection_of_civilians",
                        "Without a protection mandate the mission must still report signs of "
                        "impending violence and ask for the means to act (Rwanda 1994).",
                    )
                )
    return out


REPORT_KILLED = 10
"""Civilians a faction kills in a day above which the mission must report or investigate."""


def reporting_findings(
    state: RulesState, w: World, day: int, mission: Mission | None = None
) -> list[Finding]:
    """Killings the mission knows of (its incident feed) left unreported.

    Whatever the mandate, once a faction kills at least ``REPORT_KILLED`` civilians in a
    day the mission must investigate it or report it to the Council; if it has not done
    so ``REPORT_DAYS`` days later, every further day of such killing is a finding
    (Kigali Principles 2015; Rwanda 1994): severity 2 from 100 killed that day, else 1.
    An investigation or report on a later day clears the backlog.
    """
    out: list[Finding] = []
    for f, fid in enumerate(w.faction_ids):
        k = state.kills_today[f] if f < len(state.kills_today) else 0
        since = state.unreported.get(fid)
        if since is not None and state.reported.get(fid, -1000) > since:
            del state.unreported[fid]
            since = None
        if k < REPORT_KILLED:
            continue
        if since is None:
            state.unreported[fid] = day
            continue
        if day - since < REPORT_DAYS:
            continue
        out.append(
            Finding(
                day,
                "duty_to_protect",
                2 if k >= 100 else 1,
                f"{k} civilians killed by {naming.name(mission, fid) if mission else fid} "
                f"today; its killings since day {since} are unreported",
                "mandate.tasks",
                "Violations the mission knows of must be investigated and reported to the "
                "Council, whoever commits them.",
            )
        )
    return out


def _acted(sit: Situation, orders: Sequence[Order], x: int, y: int, faction: str) -> bool:
    w = sit.world
    for o in orders:
        uid = o.unit_id
        u = sit.unit(uid) if uid else None
        if u is None or not u.alive:
            continue
        if order_rung(o) is not None and o.faction_id == faction and sit.in_reach(u, x, y):
            return True
        tgt = _targets(o)
        if tgt is not None and math.hypot(tgt[0] - x, tgt[1] - y) <= reach_cells(w, u) + 1:
            return True
    for u in w.units:
        if (
            u.alive
            and u.posture > 0  # patrol, guard or alert
            and math.hypot(u.x - x, u.y - y) <= reach_cells(w, u)
            and UNIT_TYPES[u.type] in CAPABLE_TYPES
        ):
            return True
    return False


def harm_penalty(sit: Situation, rep: DayReport) -> tuple[float, list[Finding]]:
    """Duty penalty for civilians killed in reach of capable units that did not act, and by
    the mission itself.

    Kiwanja 2008: where POC is mandated, each civilian killed by a faction within reach of
    a capable unit (its protective reach plus a day's move: it could have been there)
    counts, unless a unit whose protective reach covers the place engaged that faction
    that day or stood guard or on alert there. The mission learns of every such
    killing afterwards, whether or not its early warning saw it coming.
    """
    w, m = sit.world, sit.mission
    pen = MISSION_HARM * float(rep.killed[:, w.n_factions].sum())
    findings: list[Finding] = []
    if not m.mandate.protection_of_civilians.mandated:
        return min(HARM_CAP, pen), findings
    units = [
        (u, reach_cells(w, u))
        for u in w.units
        if u.alive
        and UNIT_TYPES[u.type] in CAPABLE_TYPES
        and u.strength >= w.dyn.legitimacy.capable_strength
    ]
    if not units:
        # absence is no excuse: with the mandate in force and no capable unit left in the
        # field (withdrawn contingents, a force cut), every civilian killed counts
        killed = float(rep.killed[:, : w.n_factions].sum())
        return min(HARM_CAP, pen + IDLE_HARM * killed), findings
    near_dead = 0
    for inc in rep.incidents:
        if not isinstance(inc, CiviliansAttacked) or inc.perpetrator == MISSION:
            continue
        x, y = inc.cell
        f = w.faction_ids.index(inc.perpetrator)
        able = [u for u, _ in units if sit.in_reach(u, x, y)]
        there = [u for u, r in units if math.hypot(u.x - x, u.y - y) <= r]
        if able and not any(u.engaged == f or u.posture in GUARDING for u in there):
            near_dead += inc.killed
    pen += IDLE_HARM * near_dead
    if near_dead >= 20:
        findings.append(
            Finding(
                rep.turn,
                "duty_to_protect",
                2,
                f"{near_dead} civilians were killed within reach of peacekeepers who did not act",
                "mandate.protection_of_civilians",
                "Capable units in reach neither engaged the perpetrators nor stood guard "
                "(Kiwanja 2008).",
            )
        )
    return min(HARM_CAP, pen), findings


# --------------------------------------------------------------------------- accountability


def accountability_findings(
    state: RulesState, turn: int, mission: Mission | None = None
) -> tuple[float, list[Finding]]:
    """Daily penalty and findings for misconduct cases left open too long."""
    pen = 0.0
    out: list[Finding] = []
    for c in open_cases(state):
        late = overdue(c, turn)
        age = turn - c.opened
        if late > 0:
            pen += CASE_DAILY
        if late in (1, 8):
            out.append(
                Finding(
                    turn,
                    "accountability",
                    2 if late == 1 else 3,
                    f"Case {c.id} ({c.kind.replace('_', ' ')}, "
                    f"{naming.name(mission, c.unit) if mission else c.unit}) left unacted "
                    f"for {age} days",
                    c.clause,
                    "Misconduct must be investigated and acted on; a mission that shields its "
                    "own loses the legitimacy it protects with.",
                )
            )
    return pen, out


# --------------------------------------------------------------------------- impartiality


def record_violations(state: RulesState, w: World, rep: DayReport) -> None:
    """Add today's violations per faction: a day of killing (civilians killed / 10, at most
    1) and a day of threatening (any threat the mission saw, 1). A faction that violates
    every day is fully answered by about one response a day (``RESPONSE_NEED``)."""
    nf = w.n_factions
    seen = [0.0] * nf
    for t in rep.imminent_threats:
        if t.detected_by_mission:
            seen[w.faction_ids.index(t.faction)] += 1.0
    for f in range(nf):
        kills = float(rep.killed[:, f].sum())
        state.violations[f] = (
            state.violations[f] * VIOLATION_DECAY + min(1.0, kills / 10.0) + min(1.0, seen[f])
        )


def record_responses(state: RulesState, w: World, orders: Sequence[Order]) -> None:
    """Add today's responses per faction (force, presence, investigations, reports)."""
    today = [0.0] * w.n_factions
    for o in orders:
        wt = rule_for(o).response_weight
        fid = getattr(o, "faction", None)
        if wt and fid in w.faction_ids:
            today[w.faction_ids.index(fid)] += wt
    for f in range(w.n_factions):
        state.responses[f] = state.responses[f] * VIOLATION_DECAY + min(3.0, today[f])


PARTIALITY_COST = 0.004
"""Consent a faction withdraws per unit of unprovoked response a day (perceived partiality)."""


def partiality_consent(state: RulesState, w: World) -> list[tuple[str, float]]:
    """(faction, consent delta) for factions the mission targets beyond their violations.

    DOCTRINE: consent erodes with perceived partiality. A faction answered more than twice
    its (decayed) violations sees the mission as taking sides.
    """
    out: list[tuple[str, float]] = []
    for f, fid in enumerate(w.faction_ids):
        excess = state.responses[f] - 2.0 * state.violations[f]
        if excess > 0.5:
            out.append((fid, -PARTIALITY_COST * min(excess, 3.0)))
    return out


def protection_evenness(w: World) -> float | None:
    """1 - spread of the share of each community's risk under protection (None: no risk)."""
    risk = w.threat * (w.civilians + w.displaced)  # (C, H, W) expected deaths per day
    tot = risk.sum(axis=(1, 2), dtype=np.float64)
    at_risk = tot >= MIN_SEVERITY
    if at_risk.sum() < 1:
        return None
    covered = (risk * w.protection[None]).sum(axis=(1, 2), dtype=np.float64)
    share = covered[at_risk] / tot[at_risk]
    if share.size < 2:
        return 1.0
    return float(1.0 - (share.max() - share.min()))


def impartiality_gaps(state: RulesState, w: World) -> list[tuple[str, float]]:
    """Why today's impartiality is below full, party by party: ``(faction id, share of its
    violations answered)`` for each party whose violations are not fully answered, least
    answered first. The same tallies and ``RESPONSE_NEED`` as :func:`impartiality_score`,
    so the player is told exactly what the score holds against the mission."""
    v = np.array(state.violations)
    r = np.array(state.responses)
    out = []
    for f in np.flatnonzero(v >= 0.1):
        ratio = min(1.0, float(r[f]) / max(float(v[f]) * RESPONSE_NEED, 1e-9))
        if ratio < 0.99:
            out.append((w.faction_ids[int(f)], ratio))
    return sorted(out, key=lambda fr: fr[1])


def impartiality_score(state: RulesState, w: World) -> float:
    """Today's impartiality score from the decayed tallies and the protection spread."""
    v = np.array(state.violations)
    r = np.array(state.responses)
    p = protection_evenness(w)
    pe = 1.0 if p is None else p
    total_r = float(r.sum())
    unprovoked = float(np.maximum(0.0, r - 2.0 * v).sum()) / total_r if total_r > 0.1 else 0.0
    if float(v.sum()) < 0.1:
        base = 0.75 + 0.25 * pe
    else:
        ratio = np.minimum(1.0, r / np.maximum(v * RESPONSE_NEED, 1e-9))
        viol = v >= 0.1
        answered = float((v * ratio).sum() / v.sum())
        evenness = 1.0 - float(ratio[viol].max() - ratio[viol].min()) if viol.sum() > 1 else 1.0
        base = 0.6 * answered + 0.2 * evenness + 0.2 * pe
    return float(np.clip(100.0 * base - 50.0 * unprovoked, 0.0, 100.0))


# --------------------------------------------------------------------------- consent


def consent_score(state: RulesState, mission: Mission, w: World) -> float:
    """Weighted consent of the signatory parties relative to turn 1, minus breaches."""
    num = den = 0.0
    for f, spec in enumerate(mission.factions):
        if not spec.signatory:
            continue
        wt = 2.0 if spec.kind == "government" else 1.0
        c0 = max(state.initial_consent[f], 0.05)
        num += wt * min(1.0, float(w.consent[f]) / c0)
        den += wt
    base = 100.0 * num / den if den else 100.0
    return float(max(0.0, base - state.penalties["consent"]))


# --------------------------------------------------------------------------- the day


def day_scores(state: RulesState, mission: Mission, w: World) -> dict[str, float]:
    """Today's five norm scores and their weighted 'mission' mean."""
    s = {
        "impartiality": impartiality_score(state, w),
        "consent": consent_score(state, mission, w),
        "use_of_force": max(0.0, 100.0 - state.penalties["use_of_force"]),
        "duty_to_protect": max(0.0, 100.0 - state.penalties["duty_to_protect"]),
        "accountability": max(0.0, 100.0 - state.penalties["accountability"]),
    }
    s["mission"] = weighted(s, mission)
    return s


def weighted(scores: dict[str, float], mission: Mission) -> float:
    """The norms' scores weighted by the mission file's weights."""
    wts = mission.scoring.weights.model_dump()
    total = sum(wts.values())
    return float(sum(scores[n] * wts[n] for n in NORMS) / total)


def mission_scores(
    state: RulesState, mission: Mission, objectives: dict[str, bool] | None = None
) -> dict[str, float]:
    """Mean of the day scores per norm, 'mission' (weighted norms), 'objectives', 'overall'."""
    days = state.day_scores
    out = {n: (float(np.mean([d[n] for d in days])) if days else 100.0) for n in NORMS}
    out["mission"] = weighted(out, mission)
    ow = mission.scoring.objectives_weight
    if objectives:
        wts = {o.id: o.weight for o in mission.objectives}
        tot = sum(wts.values()) or 1.0
        obj = 100.0 * sum(wts.get(k, 0.0) for k, ok in objectives.items() if ok) / tot
        out["objectives"] = obj
        out["overall"] = (out["mission"] + ow * obj) / (1.0 + ow)
    else:
        out["overall"] = out["mission"]
    return out
