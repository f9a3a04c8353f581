"""The Security Council's enforcement ladder, reinforcements, and troop contributors.

Council ladder (per faction): statement -> diplomatic pressure -> targeted sanctions ->
arms embargo -> referral. A report to the Council attempts the next step. Step k needs
support >= ``STEP_SUPPORT[k]`` and, above a statement, documented evidence (investigations
and reports); a faction whose patron sits on the Council blocks every step above a
statement unless support reaches ``PATRON_OVERRIDE``. The Council considers one report
per faction every ``REPORT_COOLDOWN`` days; reports in between are noted, not voted on.
A step costs the faction consent at once and, day after day, its intent toward
civilians and (from sanctions up) its armed strength (reputational, then material
costs). Support drifts with the mission's credibility and rises with evidence-backed
reports.

Reinforcements: a request is granted while support >= ``REINFORCE_SUPPORT``; the reserve
arrives after ``forces.reinforcement_delay`` days, sooner for a credible, norm-abiding
mission (pledges come faster: up to half the delay saved at overall score 100).

Contributors (Granovetter 1978): each country withdraws when its own peacekeepers killed
reach its ``casualty_tolerance``, or when the pressure it feels reaches its ``threshold``:
pressure = share of the mission's initial personnel whose countries have left + 0.05 per
misconduct case left unacted past its grace (``state.CASE_GRACE``) - ``CREDIBILITY_RELIEF`` *
(credibility - 0.5) - ``NORM_RELIEF`` * (mean norm score of the last week - 75) / 25.
Withdrawals cascade within the day until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.mission.schema import Mission
from game.rules.state import RulesState, open_cases, overdue
from game.sim import directives as sd
from game.sim.world import World

LADDER: tuple[str, ...] = (
    "statement",
    "diplomatic_pressure",
    "targeted_sanctions",
    "arms_embargo",
    "referral",
)
STEP_SUPPORT: tuple[float, ...] = (0.3, 0.45, 0.6, 0.7, 0.8)
STEP_EVIDENCE: tuple[float, ...] = (0.0, 1.0, 2.0, 3.0, 4.0)
PATRON_OVERRIDE = 0.9
STEP_CONSENT: tuple[float, ...] = (0.02, 0.04, 0.06, 0.08, 0.1)
INTENT_EROSION = 0.01
"""Daily share of a faction's hostility shed per ladder step taken (norm pressure)."""
STRENGTH_EROSION = 0.002
"""Daily share of a faction's fighters lost per step from targeted sanctions up."""
REPORT_COOLDOWN = 5
REINFORCE_SUPPORT = 0.4
CREDIBILITY_RELIEF = 0.2
NORM_RELIEF = 0.1
"""Pressure relieved by a week of norm scores at 100 (added by one at 50): credible,
norm-abiding missions keep their contributors."""
EVIDENCE_DECAY = 0.99


@dataclass(frozen=True)
class StepResult:
    """The outcome of a report to the Council about one faction."""

    faction: str
    step: str
    granted: bool
    reason: str
    consent_delta: float = 0.0


def attempt_step(mission: Mission, state: RulesState, faction: str, turn: int) -> StepResult:
    """A report to the Council: try the next rung of the ladder against ``faction``."""
    c = state.council
    done = c.steps.get(faction, 0)
    last = c.last_attempt.get(faction)
    ev = c.evidence.get(faction, 0.0)
    if done >= len(LADDER):
        return StepResult(faction, LADDER[-1], False, "The ladder is exhausted: already referred.")
    step = LADDER[done]
    if last is not None and turn - last < REPORT_COOLDOWN:
        return StepResult(faction, step, False, "The Council is still considering the last report.")
    c.last_attempt[faction] = turn
    if ev >= 0.5:
        c.support = min(1.0, c.support + 0.02)  # transparency: documented reports persuade
    need = STEP_SUPPORT[done]
    if c.support + 1e-9 < need:
        return StepResult(
            faction, step, False, f"Council support {c.support:.2f} is below the {need:.2f} needed."
        )
    if ev < STEP_EVIDENCE[done]:
        return StepResult(
            faction, step, False, f"Evidence ({ev:.1f}) is too thin for {step.replace('_', ' ')}."
        )
    patron = next((f.patron for f in mission.factions if f.id == faction), None)
    if done >= 1 and patron in mission.council.members and c.support < PATRON_OVERRIDE:
        return StepResult(faction, step, False, f"{patron} blocked it in the Council.")
    c.steps[faction] = done + 1
    return StepResult(faction, step, True, "Adopted.", -STEP_CONSENT[done])


def daily_pressure(world: World, state: RulesState) -> list[sd.Directive]:
    """Directives for the lasting effects of the ladder on each faction."""
    out: list[sd.Directive] = []
    for fid, k in state.council.steps.items():
        if k <= 0:
            continue
        f = world.faction_ids.index(fid)
        for c, cid in enumerate(world.community_ids):
            v = float(world.intent[f, c])
            if v > 0:
                out.append(sd.SetIntent(fid, cid, v * (1.0 - INTENT_EROSION * k)))
        if k >= 3:
            strength = float(world.armed[f].sum(dtype="float64"))
            if strength > 1:
                out.append(sd.StrengthDelta(fid, -strength * STRENGTH_EROSION * (k - 2)))
    return out


def drift_support(state: RulesState, credibility: float) -> None:
    """Support follows the mission's credibility slowly; evidence fades slowly."""
    c = state.council
    c.support = min(1.0, max(0.0, c.support + 0.005 * (credibility - 0.5)))
    for k in list(c.evidence):
        c.evidence[k] *= EVIDENCE_DECAY


def request_reinforcements(
    mission: Mission, state: RulesState, turn: int, overall: float
) -> tuple[bool, list[str], int, str]:
    """A request for the reserve: (granted, unit ids, arrival turn, reason)."""
    state.last_request = turn
    support = state.council.support
    if support + 1e-9 < REINFORCE_SUPPORT:
        return False, [], 0, f"Council support {support:.2f} is below {REINFORCE_SUPPORT:.2f}."
    units = [r.id for r in mission.forces.reserve if r.id not in state.reserve_sent]
    if not units:
        return False, [], 0, "No reserve is left."
    delay = mission.forces.reinforcement_delay
    bonus = max(0.0, (overall - 50.0) / 100.0)  # pledges: 0 at 50, half the delay at 100
    arrives = turn + max(1, round(delay * (1.0 - bonus)))
    return (
        True,
        units,
        arrives,
        f"Granted: {len(units)} unit(s) pledged, arriving on day {arrives}.",
    )


def contributor_pressure(
    mission: Mission, world: World, state: RulesState, country: str, turn: int
) -> float:
    """The share-withdrawn pressure a country feels, with scandals and credibility."""
    total = sum(u.strength for u in mission.forces.units) or 1
    gone = sum(u.strength for u in mission.forces.units if u.country in state.withdrawn)
    late = sum(1 for c in open_cases(state) if overdue(c, turn) > 0)
    recent = state.day_scores[-7:]
    record = sum(sum(d.values()) / len(d) for d in recent) / len(recent) if recent else 75.0
    relief = CREDIBILITY_RELIEF * (world.credibility - 0.5) + NORM_RELIEF * (record - 75.0) / 25.0
    return gone / total + 0.05 * late - relief


def cascade(mission: Mission, world: World, state: RulesState, turn: int) -> list[tuple[str, str]]:
    """Contributors that withdraw today, in order, with the reason: iterate to a fixed point."""
    out: list[tuple[str, str]] = []
    changed = True
    while changed:
        changed = False
        for c in mission.forces.contributors:
            if c.country in state.withdrawn:
                continue
            killed = sum(u.killed for u in world.units if u.country == c.country)
            reason = ""
            if c.casualty_tolerance is not None and killed >= c.casualty_tolerance and killed > 0:
                reason = f"{killed} of its peacekeepers killed (tolerance {c.casualty_tolerance})"
            else:
                p = contributor_pressure(mission, world, state, c.country, turn)
                if p >= c.threshold:
                    reason = f"pressure {p:.2f} reached its threshold {c.threshold:.2f}"
            if reason:
                state.withdrawn.append(c.country)
                out.append((c.country, reason))
                changed = True
    return out
