"""The ``doctrine`` policy: a mission commander who follows UN peacekeeping doctrine.

Each turn, in this order (DOCTRINE.md: Capstone 2008, DPO POC policy, Kigali Principles):

1. Accountability: act at once on every open misconduct case.
2. Threats first (duty to protect): for every known threat to civilians, worst first, the
   nearest free armed unit responds. In reach it climbs the ladder one rung at a time:
   interposition between the faction and the civilians, then (threat still there, rung
   below used in the last days) warning shots and non-lethal force, and deadly force only
   against an imminent threat to life where the ROE allow and no crowd of civilians is in
   the line of fire (precaution). Out of reach it moves to guard the threatened place.
3. Impartiality: every faction that killed civilians or threatens them is answered in
   proportion, whoever it is: investigated, and taken to the Security Council when it
   kills civilians.
4. Consent: negotiate with any party whose consent is slipping, and before entering a
   consent zone; a move into a zone without consent is not made.
5. Prevention: community alert networks over the populated places not yet covered; the
   community that trusts the mission least is engaged.
6. Reinforcements are requested when the threats outweigh the mission.
7. Force protection: support units (engineers, observers, helicopters) within reach of
   hostile fighters fall back on the nearest battalion.
8. Idle armed units patrol the populated places nearest to them.

Only orders the rules allow are given (the policy checks each with ``session.check``), so
a doctrine commander never takes a finding knowingly. Stateless: it reads everything from
the session, so a loaded game continues as the unsaved one would.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from game.rules.orders import (
    ActOnMisconduct,
    EngageCommunity,
    Guard,
    Interpose,
    Investigate,
    Negotiate,
    Order,
    Patrol,
    Redeploy,
    ReportToCouncil,
    RequestReinforcements,
    SetUpAlertNetwork,
    UseForce,
    order_rung,
)
from game.rules.state import KnownThreat, open_cases
from game.sim.world import UNIT_TYPES, UnitState

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = ["DoctrinePolicy"]

RESPONDERS = ("infantry", "formed_police", "quick_reaction_force")
"""Unit types that can interpose and protect."""
NEGOTIATE_BELOW = 0.75
"""Consent below which the mission negotiates with a party."""
CROWD = 200.0
"""Civilians in reach above which the mission does not open fire (precaution)."""
ALERT_RADIUS = 8
LADDER_MEMORY = 3
"""Days a rung counts as 'used' for the next step up (the rules' graduation window)."""
REPORT_EVERY = 5
"""Days between reports to the Council about the same faction (its cooldown)."""
NEGOTIATION_EVERY = 3
"""Days between talks with the same party (talks more often achieve little)."""
RESPONSE_NEED = 0.5
"""Responses per unit of a faction's violations the mission aims for (impartiality)."""
INVESTIGATORS = ("military_observers", "formed_police", "infantry")
"""Unit types that can monitor and investigate."""
KILLINGS_TO_REPORT = 5
"""Civilians a faction killed on the last day for its case to go to the Council."""


class DoctrinePolicy:
    """Consent, impartiality, minimum force, and protection first."""

    name = "doctrine"

    def __init__(self, seed: int = 0) -> None:
        """Deterministic: the seed is kept only for symmetry with the other policies."""
        self.seed = seed

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _allowed(session: Session, order: Order) -> bool:
        return session.check(order).status == "allowed"

    @staticmethod
    def _last_level(session: Session, unit: str, faction: str, today: int) -> int:
        """Highest ladder level this unit used against the faction in the last days."""
        best = -1
        for t, uid, fac, level in session.rules.force_log:
            if uid == unit and fac == faction and today - t <= LADDER_MEMORY:
                best = max(best, int(level))
        return best

    def _respond(self, session: Session, u: UnitState, t: KnownThreat) -> list[Order]:
        """The next rung against a threat the unit can reach, or a move to guard the place."""
        today = session.turn + 1
        around = session.around(u.id)
        if around is None or not around.in_reach(t.x, t.y):
            return [Guard(u.id, t.x, t.y)]
        last = self._last_level(session, u.id, t.faction, today)
        f = session.world.faction_ids.index(t.faction)
        present = float(around.fighters[f]) >= 1.0
        crowd = around.civilians >= CROWD
        ladder: list[Order] = [Interpose(u.id, t.faction, t.x, t.y)]
        if present and not crowd and last >= 1:
            rung = {1: "warning_shots", 2: "non_lethal"}.get(last, "deadly")
            if rung != "deadly" or t.lead_days == 0:
                ladder.insert(0, UseForce(u.id, t.faction, rung, "protection_of_civilians"))
        ladder.append(Guard(u.id, t.x, t.y))
        for order in ladder:
            if self._allowed(session, order):
                return [order]
        return []

    # ------------------------------------------------------------------ the turn
    def decide(self, session: Session) -> list[Order]:
        """This turn's orders (see the module docstring for the order of business)."""
        m, w, rules = session.mission, session.world, session.rules
        today = session.turn + 1
        orders: list[Order] = []

        # 1. accountability
        orders.extend(ActOnMisconduct(c.id) for c in open_cases(rules))

        # 2. protection: the worst threats first, nearest free responder each
        busy: set[str] = set()
        responders = [u for u in w.units if u.alive and UNIT_TYPES[u.type] in RESPONDERS]
        threats = sorted(rules.known_threats, key=lambda t: (-t.severity, t.lead_days, t.x, t.y))
        for t in threats:
            free = [u for u in responders if u.id not in busy]
            if not free:
                break
            u = min(free, key=lambda v: (math.hypot(v.x - t.x, v.y - t.y), v.id))
            got = self._respond(session, u, t)
            if got:
                busy.add(u.id)
                orders.extend(got)

        # 3. impartiality: answer every violator, whoever it is, in proportion: monitor and
        #    investigate first; take killers of civilians to the Council (which costs
        #    their consent, so not for lesser violations)
        observers = [u for u in w.units if u.alive and UNIT_TYPES[u.type] in INVESTIGATORS]
        answered = {o.faction_id for o in orders if order_rung(o) is not None}
        for k, fid in enumerate(w.faction_ids):
            need = RESPONSE_NEED * float(rules.violations[k]) if k < len(rules.violations) else 0
            have = float(rules.responses[k]) if k < len(rules.responses) else 0.0
            if need < 0.1 or have >= need or fid in answered:
                continue
            killed = rules.kills_today[k] if k < len(rules.kills_today) else 0
            last = rules.council.last_attempt.get(fid, -1000)
            if killed >= KILLINGS_TO_REPORT and today - last >= REPORT_EVERY:
                orders.append(ReportToCouncil(fid))
            elif observers:
                orders.append(Investigate(observers[k % len(observers)].id, fid))
            elif today - last >= REPORT_EVERY:
                orders.append(ReportToCouncil(fid))

        # 4. consent: talks with every party below its starting consent (not too often)
        for k, fid in enumerate(w.faction_ids):
            start = rules.initial_consent[k] if k < len(rules.initial_consent) else 1.0
            c = float(w.consent[k])
            last = rules.last_negotiation.get(fid, -1000)
            if (c < start or c < NEGOTIATE_BELOW) and today - last >= NEGOTIATION_EVERY:
                orders.append(Negotiate(fid))

        # 5. prevention: alert networks and community engagement
        net = self._alert_site(session)
        if net is not None:
            orders.append(net)
        for c in np.argsort(w.legitimacy, kind="stable")[:2].tolist():
            cid = w.community_ids[c]
            last = rules.last_information.get(f"engage_community:{cid}", -1000)
            if float(w.legitimacy[c]) < 0.6 and today - last >= NEGOTIATION_EVERY:
                orders.append(EngageCommunity(cid))

        # 6. reinforcements when outmatched by the parties threatening civilians
        if threats and m.forces.reserve and today - rules.last_request > REPORT_EVERY:
            strength = w.faction_strength()
            hostile = {t.faction for t in threats}
            theirs = sum(float(strength[w.faction_ids.index(f)]) for f in hostile)
            ours = sum(u.strength for u in w.units if u.alive)
            if theirs > 2 * ours:
                orders.append(RequestReinforcements())

        # 7. force protection: support units do not stay within reach of hostile fighters;
        #    they fall back on the nearest battalion (a threat-sensitive footprint)
        for u in w.units:
            if not u.alive or UNIT_TYPES[u.type] in RESPONDERS or u.id in busy:
                continue
            around = session.around(u.id)
            pres = around.fighters if around is not None else np.zeros(w.n_factions)
            danger = any(
                float(pres[f]) >= 1.0 and session.hostile(fid)
                for f, fid in enumerate(w.faction_ids)
            )
            if danger and responders:
                home = min(responders, key=lambda v: (math.hypot(v.x - u.x, v.y - u.y), v.id))
                if (home.x, home.y) != (u.x, u.y):
                    orders.append(Redeploy(u.id, home.x, home.y, "static"))
                    busy.add(u.id)

        # 8. idle responders patrol the nearest populated place
        towns = [m.locate(t.name) for t in m.map.towns]
        for u in responders:
            if u.id in busy or not towns:
                continue
            x, y = min(towns, key=lambda p: (math.hypot(p[0] - u.x, p[1] - u.y), p))
            if (u.dest_x, u.dest_y) != (x, y) or u.posture != 1:
                orders.append(Patrol(u.id, x, y))

        return self._lawful(session, orders, today)

    @staticmethod
    def _lawful(session: Session, orders: list[Order], today: int) -> list[Order]:
        """Keep the orders the rules allow; a move a consent zone forbids becomes talks
        with the zone's faction instead (consent first, then entry)."""
        kept: list[Order] = []
        talks: list[str] = []
        zones = session.mission.roe.consent_zones
        for o in orders:
            v = session.check(o)
            if v.status == "allowed":
                kept.append(o)
            elif v.clause.startswith("roe.consent_zones["):
                fid = zones[int(v.clause.split("[")[1].rstrip("]"))].faction
                last = session.rules.last_negotiation.get(fid, -1000)
                if fid not in talks and today - last >= NEGOTIATION_EVERY:
                    talks.append(fid)
        have = {o.faction for o in kept if isinstance(o, Negotiate)}
        kept.extend(Negotiate(f) for f in talks if f not in have)
        return kept

    @staticmethod
    def _alert_site(session: Session) -> Order | None:
        """An alert network over the most populous town not yet covered (one per turn)."""
        m, w = session.mission, session.world
        covered = [(n.x, n.y, n.radius) for n in w.alert_networks]
        best: tuple[int, int, int] | None = None
        for town in m.map.towns:
            x, y = m.locate(town.name)
            if any(math.hypot(x - cx, y - cy) <= r for cx, cy, r in covered):
                continue
            people = sum(town.population.values())
            if best is None or people > best[0]:
                best = (people, x, y)
        if best is None:
            return None
        return SetUpAlertNetwork(best[1], best[2], ALERT_RADIUS)
