"""Injects: when they fire, and what their effects become (sim directives or rules changes).

Triggers: ``turn: N`` fires for day N (queued at the end of day N-1, so the player reads
the message before ordering day N); ``when: [...]`` fires for the day after the first day
on which all its conditions hold (checked after each day, once); ``manual`` only through
``Session.fire_inject`` (the instructor can fire any inject that way).

Effects split in two. World effects become directives applied at the start of the day
(set_intent -> SetIntent, change_consent -> ConsentDelta, change_legitimacy ->
LegitimacyDelta, change_strength -> StrengthDelta, attack -> AttackOrder, force_cut ->
CutForce, withdraw_contributor -> WithdrawUnits, reinforce -> AddUnit). Rules effects
change the rules' state when the inject fires: misconduct opens a case, intelligence
records a warning (the duty-to-protect clock starts), change_council_support moves the
Council. ``peacekeepers_killed`` has no sim directive: it is returned as a casualty for
the engine to apply to the unit (see ``Session``).

Directives are typed (``carryover.NextDirective``); the rules' state writes them as plain
records in saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.mission import schema as ms
from game.rules.carryover import PeacekeeperCasualties
from game.rules.metrics import all_hold
from game.rules.state import KnownThreat, MisconductCase, RulesState
from game.sim import directives as sd
from game.sim.world import World

INTELLIGENCE_SEVERITY = 5.0
"""Assumed severity (civilians per day at risk) of a warning whose size is unknown."""
WARNING_DAYS = 5
"""Days an intelligence warning stays on the mission's threat list."""


@dataclass
class Fired:
    """What firing one inject did: directives for the next step, casualties, notes."""

    inject: ms.Inject
    directives: list[sd.Directive] = field(default_factory=list)
    casualties: list[PeacekeeperCasualties] = field(default_factory=list)
    """Scripted peacekeeper deaths (``peacekeepers_killed`` effects)."""
    cases: list[MisconductCase] = field(default_factory=list)
    warnings: list[KnownThreat] = field(default_factory=list)


def due_on(mission: ms.Mission, state: RulesState, day: int, world: World) -> list[str]:
    """Injects to fire for ``day``: its turn triggers, and condition triggers holding now."""
    out: list[str] = []
    for inj in mission.injects:
        if inj.id in state.fired_injects:
            continue
        t = inj.trigger
        if (t.turn is not None and t.turn == day) or (t.when and all_hold(t.when, world, state)):
            out.append(inj.id)
    return out


def fire(
    mission: ms.Mission,
    state: RulesState,
    world: World,
    inject_id: str,
    day: int,
    *,
    counterfactual: bool = False,
) -> Fired:
    """Fire one inject for ``day``: record it, apply rules effects, return world effects.

    In a counterfactual run (no mission) effects on the mission's own units are skipped.
    """
    inj = next((i for i in mission.injects if i.id == inject_id), None)
    if inj is None:
        raise KeyError(f"unknown inject '{inject_id}'")
    if inject_id not in state.fired_injects:
        state.fired_injects.append(inject_id)
    out = Fired(inj)
    for j, e in enumerate(inj.effects):
        _effect(mission, state, world, e, day, out, counterfactual)
        for c in out.cases:
            if not c.clause:
                c.clause = f"injects[{mission.injects.index(inj)}].effects[{j}]"
    return out


def _effect(
    m: ms.Mission,
    state: RulesState,
    world: World,
    e: Any,
    day: int,
    out: Fired,
    counterfactual: bool,
) -> None:
    d = out.directives
    if isinstance(e, ms.SetIntent):
        d.append(sd.SetIntent(e.faction, e.community, e.value))
    elif isinstance(e, ms.ChangeConsent):
        d.append(sd.ConsentDelta(e.faction, e.delta))
    elif isinstance(e, ms.ChangeLegitimacy):
        d.append(sd.LegitimacyDelta(e.community, e.delta))
    elif isinstance(e, ms.ChangeStrength):
        if e.at is None:
            d.append(sd.StrengthDelta(e.faction, float(e.delta)))
        else:
            x, y = m.locate(e.at)
            d.append(sd.StrengthDelta(e.faction, float(e.delta), x, y, e.radius))
    elif isinstance(e, ms.Attack):
        x, y = m.locate(e.at)
        d.append(sd.AttackOrder(e.faction, x, y, e.strength, e.days))
    elif isinstance(e, ms.ForceCut):
        if not counterfactual:
            d.append(sd.CutForce(e.to_strength))
    elif isinstance(e, ms.WithdrawContributor):
        if not counterfactual and any(u.country == e.country for u in world.units):
            d.append(sd.WithdrawUnits(e.country))
            if e.country not in state.withdrawn:
                state.withdrawn.append(e.country)
    elif isinstance(e, ms.Reinforce):
        if not counterfactual:
            for u in e.units:
                x, y = m.locate(u.at)
                d.append(
                    sd.AddUnit(u.id, u.type, u.strength, x, y, u.country, u.posture, u.readiness)
                )
    elif isinstance(e, ms.PeacekeepersKilled):
        if not counterfactual:
            out.casualties.append(PeacekeeperCasualties(e.unit, e.count))
    elif isinstance(e, ms.Misconduct):
        if not counterfactual:
            country = next(
                (u.country for u in world.units if u.id == e.unit),
                next(
                    (u.country for u in (*m.forces.units, *m.forces.reserve) if u.id == e.unit), "?"
                ),
            )
            case = MisconductCase(
                f"case_{len(state.cases) + 1}", e.unit, country, e.kind, day, "inject"
            )
            state.cases.append(case)
            out.cases.append(case)
    elif isinstance(e, ms.Intelligence):
        x, y = m.locate(e.at)
        fid = e.faction or _likeliest_faction(world, x, y)
        community = _most_at_risk(world, fid, x, y)
        t = KnownThreat(x, y, fid, community, INTELLIGENCE_SEVERITY, 1, "intelligence", day)
        state.known_threats.append(t)
        out.warnings.append(t)
    elif isinstance(e, ms.ChangeCouncilSupport):
        s = state.council
        s.support = min(1.0, max(0.0, s.support + e.delta))


def _likeliest_faction(world: World, x: int, y: int) -> str:
    """The faction with most fighters at (x, y) (for a warning that names none)."""
    f = int(world.armed[:, y, x].argmax())
    return world.faction_ids[f]


def _most_at_risk(world: World, fid: str, x: int, y: int) -> str:
    """The community the faction is most hostile to, weighted by who lives at (x, y)."""
    f = world.faction_ids.index(fid)
    people = world.civilians[:, y, x].astype("float64") + 1.0
    return world.community_ids[int((world.intent[f] * people).argmax())]
