"""One simulated day of the peace operation, vectorised: ``step(world, directives)``.

The order of a day (each phase in its own domain module):

1. ``command.apply``: the day's directives (orders turned into unit actions by the rules).
2. ``mission_force.move_units``; then ``protection.refresh_fields``: access, protection
   (deterrence scaled by credibility) and early-warning coverage.
3. ``picture.build_picture``: block totals of fighters and exposed civilians.
4. ``mission_force.fight``: engagements at a rung of force, attacks on units, self-defence,
   and civilian harm caused by the mission (precaution).
5. ``factions.clashes`` (Lanchester), ``mobilisation.mobilise`` (Epstein grievance),
   ``factions.move`` (up the attraction of exposed civilians, away from protection), then
   ``factions.write_back`` to the fine ``armed`` layer.
6. ``threat.compute_threat``: each civilian's daily hazard, by community.
7. ``warning.imminent``: forming attacks detected or not; clusters of imminent threat.
8. ``violence.strike``: binomial deaths on the threatened cells, by perpetrator.
9. ``displacement.flow``: flight, return, walking, POC sites.
10. ``legitimacy.update``; attacks advance; ``turn += 1``.

``step`` mutates ``world`` in place (copy first with ``World.copy`` to branch) and draws
randomness only from ``world.rng``. There is no Python loop over cells; loops run over
units, factions, communities and the few cells where something happens.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from game.sim import (
    command,
    displacement,
    factions,
    legitimacy,
    mission_force,
    mobilisation,
    protection,
    threat,
    violence,
    warning,
)
from game.sim.directives import Directive
from game.sim.invariants import check as check_invariants
from game.sim.picture import build_picture
from game.sim.report import DayReport
from game.sim.world import World


def new_report(w: World) -> DayReport:
    """An empty report for the day about to be simulated."""
    nc, nf = w.n_communities, w.n_factions
    return DayReport(
        turn=w.turn + 1,
        killed=np.zeros((nc, nf + 1), dtype=np.int64),
        fled=np.zeros(nc, dtype=np.int64),
        returned=np.zeros(nc, dtype=np.int64),
        admitted=np.zeros(nc, dtype=np.int64),
        displaced=np.zeros(nc, dtype=np.int64),
        sheltered=np.zeros(nc, dtype=np.int64),
        clash_losses=np.zeros(nf, dtype=np.float64),
        mission_inflicted=np.zeros(nf, dtype=np.float64),
        peacekeepers_killed={},
        recruits=np.zeros(nf, dtype=np.int64),
        disarmed=np.zeros(nf, dtype=np.int64),
    )


def step(w: World, directives: Iterable[Directive] = (), *, check: bool = False) -> DayReport:
    """Advance ``w`` by one day in place and report what happened.

    ``check=True`` verifies the invariants afterwards (conservation, no negatives, all
    finite) and raises ``InvariantError`` naming the turn and layer on a violation.
    """
    rep = new_report(w)
    command.apply(w, directives, rep)
    mission_force.move_units(w)
    protection.refresh_fields(w)
    pic = build_picture(w)
    gained = mission_force.fight(w, pic, rep)
    factions.clashes(w, pic, rep)
    mobilisation.mobilise(w, pic, rep)
    factions.move(w, pic)
    factions.write_back(w, pic)
    threat.compute_threat(w, pic)
    threats = warning.imminent(w, pic, rep)
    deaths = violence.strike(w, pic, rep)
    displacement.flow(w, pic, rep, [d.at_risk for d in deaths])
    legitimacy.update(w, pic, deaths, threats, gained, rep)
    factions.advance_attacks(w)
    w.turn += 1
    if check:
        check_invariants(w)
    return rep


def run(w: World, days: int, *, check: bool = False) -> list[DayReport]:
    """Advance ``days`` days with no directives (a passive mission); the reports in order."""
    return [step(w, (), check=check) for _ in range(days)]
