"""The one game API that humans, bots, scripts, environments and tests all use.

``Session.new(mission, seed)`` builds the turn-0 world; each turn the caller looks at
``legal_orders`` / ``observation``, ``submit``s orders (``undo`` takes the last back),
then ``end_turn`` runs the day: orders -> directives -> sim step -> findings and scores
-> Council and contributors -> injects due next day -> events, metrics and the state
hash. ``is_over`` / ``outcome`` say when and how it ended.

Modes: ``strict`` (training) refuses every illegal order; ``free`` carries out orders
the mandate, ROE or a consent zone forbid (their ``submit`` verdict becomes 'finding')
and records a finding. Orders a unit cannot carry out (absent, wrong type, a national
caveat) are refused in both modes. ``check`` and ``legal_orders`` always report legality
('refused' for an illegal order), whatever the mode.

Counterfactual (``counterfactual=True``): the same seed with the mission absent. Every
unit is withdrawn before the first day, no orders are accepted, and inject effects on the
mission itself (force cuts, reinforcements, peacekeeper casualties, misconduct,
contributor withdrawals) are skipped; everything else (attacks, intent, consent) happens
as scripted. The mission file's early endings do not apply (with no mission, "mission
strength below 50" would hold on day 1): a counterfactual runs to the turn limit. Lives
saved = deaths(counterfactual) - deaths(actual) on the same day.

Events: ``events`` is the whole log; ``TurnResult.events`` holds those emitted during
that ``end_turn`` (including injects queued for the next day). Events emitted between
turns (day-1 injects at ``new``, ``fire_inject``) are only in ``events``.

State (all plain data, for saves): ``world`` (the sim's World), ``rules`` (RulesState),
``mission``, ``seed``, ``mode``, ``counterfactual``, the orders submitted this turn
(``_submitted``), ``history`` and ``events``. ``to_state`` / ``from_state`` snapshot and
restore exactly that.

Determinism: no global RNG, no clock, no set iteration; the only randomness is the
world's generator (``World.from_mission(mission, seed)``), which the rules never draw from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from game.engine import events as ev
from game.mission.schema import Mission
from game.norms import NORMS
from game.rules import council, force, injects, metrics, scoring
from game.rules.orders import (
    ActOnMisconduct,
    EngageCommunity,
    EstablishPocSite,
    Finding,
    Guard,
    Interpose,
    Investigate,
    Negotiate,
    Order,
    OrderError,
    Patrol,
    PublicInformation,
    Redeploy,
    ReportToCouncil,
    RequestReinforcements,
    SetUpAlertNetwork,
    ShowOfForce,
    Situation,
    SupportDDR,
    SupportInstitutions,
    UseForce,
    Verdict,
    approval_delay,
    directives_for,
    finding_norm,
    judge,
    order_from_dict,
    unit_spec,
    validate,
)
from game.rules.state import CouncilState, KnownThreat, MisconductCase, Reinforcement, RulesState
from game.sim import directives as sd
from game.sim.dynamics import step
from game.sim.hashing import layer_hashes
from game.sim.protection import refresh_fields
from game.sim.report import CiviliansAttacked, PeacekeepersAttacked
from game.sim.report import Clash as SimClash
from game.sim.report import ThreatDetected as SimThreatDetected
from game.sim.world import World

Mode = Literal["free", "strict"]
ZONE_DAILY_COST = 0.005
ZONE_DAILY_PENALTY = 2.0
OBSERVATION_KEYS: dict[str, str] = {
    "turn": "int: days completed",
    "days_left": "int: days until the turn limit",
    "consent": "(F,) float64: each faction's consent (file order)",
    "legitimacy": "(C,) float64: each community's view of the mission",
    "credibility": "float: the mission's credibility 0..1",
    "council_support": "float: Council support 0..1",
    "scores": "(5,) float64: today's norm scores in NORMS order",
    "mission_strength": "int: personnel deployed",
    "units": "(U, 7) float64: x, y, type, strength, posture, readiness, alive (world order)",
    "threats": "(N, 6) float64: x, y, faction, community, severity, lead_days (known)",
    "civilians_known": "(C, H, W) int32: civilians (home + displaced) where the mission sees",
    "sheltered": "(C, H, W) int32: civilians in POC sites",
    "protection": "(H, W) float32: the mission's protection field",
    "warning": "(H, W) float32: early-warning coverage",
    "access": "(H, W) float32: where consent lets the mission go",
    "open_cases": "int: misconduct cases not yet acted on",
}
"""Keys of ``Session.observation()`` and what they hold."""
SEEN = 0.2
SAME_THREAT_CELLS = 6.0
"""Cells within which a threat detected today continues one known yesterday."""
"""Warning or protection coverage above which the mission knows where civilians are."""


@dataclass(frozen=True)
class OrderOption:
    """A candidate order and its verdict (refused ones included, for the UI to grey out)."""

    order: Order
    verdict: Verdict


@dataclass(frozen=True)
class Outcome:
    """How the mission ended."""

    result: Literal["success", "failure", "withdrawal", "time_limit"]
    reason: str
    turn: int
    objectives: dict[str, bool]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return dataclasses.asdict(self)


@dataclass
class TurnResult:
    """Everything one day produced."""

    turn: int
    orders: tuple[Order, ...]
    verdicts: tuple[Verdict, ...]
    events: list[ev.Event]
    scores: dict[str, float]
    findings: list[Finding]
    metrics: dict[str, float]
    state_hash: str
    layer_hashes: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "turn": self.turn,
            "orders": [o.to_dict() for o in self.orders],
            "verdicts": [v.to_dict() for v in self.verdicts],
            "events": [e.to_dict() for e in self.events],
            "scores": dict(self.scores),
            "findings": [f.to_dict() for f in self.findings],
            "metrics": dict(self.metrics),
            "state_hash": self.state_hash,
            "layer_hashes": dict(self.layer_hashes),
        }


def _new_rules(mission: Mission, world: World) -> RulesState:
    nf = world.n_factions
    return RulesState(
        initial_consent=[float(c) for c in world.consent],
        council=CouncilState(support=float(mission.council.support)),
        violations=[0.0] * nf,
        responses=[0.0] * nf,
        kills_today=[0] * nf,
    )


class Session:
    """One game of one mission: the state and the calls that advance it."""

    def __init__(
        self,
        mission: Mission,
        seed: int,
        mode: Mode,
        counterfactual: bool,
        world: World,
        rules: RulesState,
    ) -> None:
        """Use ``Session.new`` (or ``from_state``); this only wires the parts together."""
        if mode not in ("free", "strict"):
            raise ValueError(f"mode must be 'free' or 'strict', not {mode!r}")
        self.mission = mission
        self.seed = int(seed)
        self.mode: Mode = mode
        self.counterfactual = counterfactual
        self.world = world
        self.rules = rules
        self._submitted: list[tuple[Order, Verdict, bool]] = []
        """(order, verdict, queued) for this turn, in submission order."""
        self.history: list[TurnResult] = []
        self.events: list[ev.Event] = []

    # ----------------------------------------------------------------- building
    @classmethod
    def new(
        cls,
        mission: Mission,
        seed: int,
        *,
        mode: Mode = "free",
        counterfactual: bool = False,
        terrain: Any = None,
    ) -> Session:
        """A fresh game of ``mission`` with random stream ``seed``.

        ``terrain`` is needed only for missions whose map comes from a layer file
        (read with ``game.mission.maps.load_layers``); if omitted it is read here.
        """
        if terrain is None and mission.map.layers:
            from game.mission.maps import load_layers
            from game.paths import missions_dir

            terrain = load_layers(missions_dir() / mission.map.layers, mission.map)
        world = World.from_mission(mission, int(seed), terrain=terrain)
        if counterfactual:
            # The mission is absent: every unit withdrawn before day 1 (the sim has no
            # directive for "never deployed"; withdrawing is exactly that).
            for u in world.units:
                u.withdrawn = True
            refresh_fields(world)
        s = cls(mission, seed, mode, counterfactual, world, _new_rules(mission, world))
        s._queue_injects(1, s.events)
        return s

    # ----------------------------------------------------------------- state
    @property
    def turn(self) -> int:
        """Days completed (0 before the first ``end_turn``)."""
        return self.world.turn

    @property
    def pending(self) -> tuple[Order, ...]:
        """Orders queued for this turn."""
        return tuple(o for o, _, q in self._submitted if q)

    @property
    def pending_verdicts(self) -> tuple[tuple[Order, Verdict], ...]:
        """Orders queued for this turn with the verdict each got when submitted (a loaded
        game shows its queued orders as they were judged)."""
        return tuple((o, v) for o, v, q in self._submitted if q)

    def to_state(self) -> dict[str, Any]:
        """Everything that makes up the game (the world is copied, not serialised)."""
        return {
            "seed": self.seed,
            "mode": self.mode,
            "counterfactual": self.counterfactual,
            "world": self.world.copy(),
            "rules": self.rules.to_dict(),
            "submitted": [(o.to_dict(), v.to_dict(), q) for o, v, q in self._submitted],
            "history": list(self.history),
            "events": list(self.events),
        }

    @classmethod
    def from_state(cls, mission: Mission, state: dict[str, Any]) -> Session:
        """Rebuild a session from ``to_state`` output (history and events are optional)."""
        world: World = state["world"].copy()
        s = cls(
            mission,
            int(state["seed"]),
            state.get("mode", "free"),
            bool(state.get("counterfactual", False)),
            world,
            RulesState.from_dict(state["rules"]),
        )
        s._submitted = [
            (order_from_dict(o), Verdict(**v), bool(q)) for o, v, q in state.get("submitted", [])
        ]
        s.history = list(state.get("history", []))
        s.events = list(state.get("events", []))
        return s

    def state_hash(self) -> str:
        """blake2b of the world's layers, the rules' state and this turn's queued orders."""
        return self._hash(layer_hashes(self.world))[0]

    def _hash(self, layers: dict[str, str]) -> tuple[str, dict[str, str]]:
        layers = dict(layers)
        layers["rules"] = self.rules.digest()
        if self._submitted:
            text = repr([(o.to_dict(), q) for o, _, q in self._submitted])
            layers["pending"] = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        h = hashlib.blake2b(digest_size=16)
        for k, v in layers.items():
            h.update(f"{k}={v};".encode())
        return h.hexdigest(), layers

    # ----------------------------------------------------------------- orders
    def _situation(self) -> Situation:
        return Situation(self.mission, self.world, self.rules)

    def check(self, order: Order) -> Verdict:
        """Legality of an order now ('refused' names the clause); OrderError if impossible."""
        if self.counterfactual:
            raise OrderError("the mission is absent in a counterfactual run")
        validate(order, self.mission, self.world)
        return judge(order, self._situation()).verdict

    def force_findings(self, order: Order) -> tuple[Finding, ...]:
        """How the force in ``order`` would be judged if given now, after the orders queued
        today: the very judgement ``end_turn`` makes (justification, necessity,
        proportionality, graduation, precaution), so a player sees a skipped rung or an
        unjustified shot before confirming it, not only afterwards. Empty for an order
        that uses no force or passes every test. Changes nothing."""
        log = self._force_log_with_queued()
        state = dataclasses.replace(self.rules, force_log=log)
        fj = force.judge_force(order, Situation(self.mission, self.world, state))
        return fj.findings if fj is not None else ()

    def recent_force(self, faction: str) -> tuple[int, int] | None:
        """The highest ladder level used against ``faction`` lately (the days graduation
        looks back over, and the orders queued today), with the day: the rung the next
        step up is measured from. None when no force was used against it lately."""
        return force.recent_level(self._force_log_with_queued(), faction, self._situation().turn)

    def _force_log_with_queued(self) -> list[tuple[int, str, str, int]]:
        """The force log as ``end_turn`` will judge the next use of force: each use of
        force queued today counts for the next, in order."""
        turn = self._situation().turn
        log = list(self.rules.force_log)
        for queued in self.pending:
            state = dataclasses.replace(self.rules, force_log=list(log))
            fj = force.judge_force(queued, Situation(self.mission, self.world, state))
            if fj is not None:
                log.append(
                    (turn, queued.unit_id or "", str(getattr(queued, "faction", "")), fj.level)
                )
        return log

    def submit(self, orders: Sequence[Order]) -> list[Verdict]:
        """Queue orders for this turn; one verdict each.

        Strict mode drops refused orders. Free mode queues orders the file forbids (the
        verdict becomes 'finding': carried out, with a finding at ``end_turn``); orders the
        unit cannot carry out stay refused. ``OrderError`` for an impossible order (nothing
        of the batch is queued then).
        """
        if self.is_over():
            raise OrderError("the mission is over")
        if self.counterfactual:
            raise OrderError("the mission is absent in a counterfactual run")
        sit = self._situation()
        for o in orders:
            if not isinstance(o, Order):
                raise OrderError(f"not an order: {o!r}")
            validate(o, self.mission, self.world)
        out: list[Verdict] = []
        for o in orders:
            j = judge(o, sit)
            v = j.verdict
            if v.status == "refused" and self.mode == "free" and not j.binding:
                v = Verdict("finding", v.clause, v.reason)
            queued = v.status != "refused"
            self._submitted.append((o, v, queued))
            out.append(v)
        return out

    def undo(self) -> Order | None:
        """Take back the last queued order of this turn (None if there is none)."""
        for i in range(len(self._submitted) - 1, -1, -1):
            o, _, q = self._submitted[i]
            if q:
                del self._submitted[i]
                return o
        return None

    def legal_orders(self, unit: str | None = None) -> list[OrderOption]:
        """Candidate orders with their verdicts (refused ones included).

        ``unit=None``: mission-level and unit-less orders (talks, engagement, information,
        alert networks at each town, Council reports, reinforcements, misconduct cases).
        A unit: patrol/guard/redeploy at its cell, at each town and at each known threat;
        interposition, show of force and every rung x justification against each faction
        present in its reach or threatening within it; DDR and investigation; a POC site.
        """
        if self.counterfactual or self.is_over():
            return []
        sit = self._situation()
        cands = self._candidates(sit, unit)
        return [OrderOption(o, judge(o, sit).verdict) for o in cands]

    def _candidates(self, sit: Situation, unit: str | None) -> list[Order]:
        m, w = self.mission, self.world
        towns = [m.locate(t.name) for t in m.map.towns]
        threats = sorted(self.rules.known_threats, key=lambda t: -t.severity)[:5]
        if unit is None:
            out: list[Order] = [Negotiate(f) for f in w.faction_ids]
            out += [EngageCommunity(c) for c in w.community_ids]
            out.append(PublicInformation())
            out += [SetUpAlertNetwork(x, y) for x, y in towns]
            out += [ReportToCouncil(f) for f in w.faction_ids]
            out.append(SupportInstitutions())
            out.append(RequestReinforcements())
            out += [ActOnMisconduct(c.id) for c in self.rules.cases if c.acted is None]
            return out
        u = sit.unit(unit)
        if u is None and unit_spec(m, unit) is None:
            raise OrderError(f"unknown unit '{unit}'")
        if u is None or not u.alive:
            return []  # not arrived yet, or gone
        spots = [(u.x, u.y), *towns, *[(t.x, t.y) for t in threats]]
        seen: list[tuple[int, int]] = []
        for p in spots:
            if p not in seen:
                seen.append(p)
        out = []
        for x, y in seen:
            out += [Patrol(unit, x, y), Guard(unit, x, y), Redeploy(unit, x, y)]
        for t in threats:
            out.append(Interpose(unit, t.faction, t.x, t.y))
        out.append(EstablishPocSite(unit, u.x, u.y))
        pres = sit.presence(u)
        just = sorted({j for r in m.roe.force for j in r.justifications} | {"self_defence"})
        for f, fid in enumerate(w.faction_ids):
            threatening = any(t.faction == fid for t in sit.threats_in_reach(u))
            if pres[f] < 1.0 and not threatening:
                continue
            out.append(ShowOfForce(unit, fid))
            for rung in ("verbal_warning", "warning_shots", "non_lethal", "deadly"):
                out += [UseForce(unit, fid, rung, j) for j in just]
            out += [SupportDDR(unit, fid), Investigate(unit, fid)]
        return out

    def fire_inject(self, inject_id: str) -> None:
        """Fire an inject now (the instructor): its world effects apply at the next end_turn.

        Rules effects (a warning, a misconduct case, Council support) count at once.
        ``KeyError`` for an unknown inject, ``OrderError`` once the mission is over.
        """
        if self.is_over():
            raise OrderError("the mission is over")
        if not any(i.id == inject_id for i in self.mission.injects):
            raise KeyError(f"unknown inject '{inject_id}'")
        self._fire(inject_id, self.turn + 1, self.events)

    # ----------------------------------------------------------------- injects
    def _fire(self, inject_id: str, day: int, out: list[ev.Event]) -> None:
        fired = injects.fire(
            self.mission,
            self.rules,
            self.world,
            inject_id,
            day,
            counterfactual=self.counterfactual,
        )
        self.rules.next_directives.extend(fired.directives)
        for uid, n in fired.casualties:
            self.rules.next_directives.append({"directive": "_Casualties", "unit": uid, "count": n})
        inj = fired.inject
        out.append(ev.InjectFired(day, inj.id, inj.title, inj.message))
        out.extend(ev.MisconductReported(day, c.id, c.unit, c.kind) for c in fired.cases)
        out.extend(
            ev.WarningReceived(day, (t.x, t.y), t.faction, t.community) for t in fired.warnings
        )

    def _queue_injects(self, day: int, out: list[ev.Event]) -> None:
        if day > self.mission.end.turn_limit:
            return
        for iid in injects.due_on(self.mission, self.rules, day, self.world):
            self._fire(iid, day, out)

    # ----------------------------------------------------------------- the day
    def end_turn(self) -> TurnResult:
        """Run one day (see the module docstring) and return what it produced.

        Raises ``OrderError`` once the mission is over.
        """
        if self.is_over():
            raise OrderError("the mission is over")
        m, w, st = self.mission, self.world, self.rules
        day = self.turn + 1
        sit = self._situation()
        out: list[ev.Event] = []
        findings: list[Finding] = []
        directives: list[Any] = []

        # 1. what is carried out today: orders whose approval came through, then today's
        executed: list[Order] = []
        still: list[tuple[int, dict[str, Any]]] = []
        for due, od in st.delayed_orders:
            (executed.append(order_from_dict(od)) if due <= day else still.append((due, od)))
        st.delayed_orders = still
        for o, v, queued in self._submitted:
            if v.status == "refused":
                out.append(ev.OrderRefused(day, o.to_dict(), v.clause, v.reason))
                continue
            out.append(ev.OrderIssued(day, o.to_dict(), v.status, v.clause, v.reason))
            if v.status == "finding":
                findings.append(
                    Finding(
                        day,
                        finding_norm(o, v.clause),
                        2,
                        f"{_describe(o)} (against the rules)",
                        v.clause,
                        v.reason,
                    )
                )
            if queued and approval_delay(v):
                st.delayed_orders.append((day + 1, o.to_dict()))
            elif queued:
                executed.append(o)

        # 2. judgements before the day: force, then the duty to protect
        st.force_log = [x for x in st.force_log if day - x[0] <= 7]
        for o in executed:
            fj = force.judge_force(o, sit)
            if fj is None:
                continue
            findings.extend(fj.findings)
            cost = force.consent_cost(fj)
            fid = str(getattr(o, "faction", ""))
            if cost > 0:
                directives.append(sd.ConsentDelta(fid, -cost))
            st.force_log.append((day, o.unit_id or "", fid, fj.level))
        findings.extend(scoring.duty_findings(sit, executed))

        # 3. directives: yesterday's carry-over (injects, withdrawals, pressure), then orders
        casualties: list[tuple[str, int]] = []
        carried: list[Any] = []
        for dd in st.next_directives:
            if dd["directive"] == "_Casualties":
                casualties.append((str(dd["unit"]), int(dd["count"])))
            else:
                carried.append(injects.to_directive(dd))
        st.next_directives = []
        for o in executed:
            directives.extend(directives_for(o, sit))
            self._political(o, day, out, directives)
        self._apply_casualties(casualties, day, out)

        # 4. the day itself
        rep = step(w, [*carried, *directives])
        here = {u.id for u in w.units if u.alive}
        out.extend(
            ev.ReinforcementsArrived(day, r.unit)
            for r in st.reinforcements
            if r.arrives == day and r.unit in here
        )

        # 5. after the day: harm, violations, responses, cases, breaches
        nf = w.n_factions
        st.kills_today = [int(rep.killed[:, f].sum()) for f in range(nf)]
        by_mission = {
            cid: int(rep.killed[c, nf])
            for c, cid in enumerate(w.community_ids)
            if rep.killed[c, nf] > 0
        }
        engaged = [u.id for u in w.units if u.engaged >= 0]
        findings.extend(force.harm_findings(day, by_mission, engaged, self.mission))
        for fid, delta in force.harm_consent(w, by_mission):
            st.next_directives.append(injects.directive_dict(sd.ConsentDelta(fid, delta)))
        if by_mission:
            uid = engaged[0] if engaged else (w.units[0].id if w.units else "mission")
            country = next((u.country for u in w.units if u.id == uid), "?")
            case = MisconductCase(
                f"case_{len(st.cases) + 1}",
                uid,
                country,
                "civilian_harm",
                day,
                "civilian_harm",
                clause="roe.force",
            )
            st.cases.append(case)
            out.append(ev.MisconductReported(day, case.id, case.unit, case.kind))
        for inc in rep.incidents:
            if isinstance(inc, PeacekeepersAttacked) and inc.killed > 0:
                st.attacked_by[inc.faction] = day
        scoring.record_violations(st, w, rep)
        scoring.record_responses(st, w, executed)
        for fid, delta in scoring.partiality_consent(st, w):
            st.next_directives.append(injects.directive_dict(sd.ConsentDelta(fid, delta)))
        findings.extend(scoring.reporting_findings(st, w, day, self.mission))
        harm_pen, harm_found = scoring.harm_penalty(sit, rep)
        findings.extend(harm_found)
        case_pen, case_found = scoring.accountability_findings(st, day, self.mission)
        findings.extend(case_found)
        zone_pen = self._zone_breaches(day, findings)

        # 6. penalties and the day's scores
        scoring.decay(st)
        scoring.penalise(st, findings)
        st.penalties["duty_to_protect"] += harm_pen
        st.penalties["accountability"] += case_pen
        st.penalties["consent"] += zone_pen
        day_scores = scoring.day_scores(st, m, w)
        st.day_scores.append({n: day_scores[n] for n in NORMS})

        # 7. what the mission knows for tomorrow
        self._refresh_threats(rep, day)

        # 8. Council and contributors (effects from tomorrow)
        if not self.counterfactual:
            council.drift_support(st, w.credibility)
            st.next_directives.extend(council.daily_pressure(w, st))
            for country, why in council.cascade(m, w, st, day):
                out.append(ev.ContributorWithdrew(day, country, why))
                if any(u.country == country and not u.withdrawn for u in w.units):
                    st.next_directives.append(injects.directive_dict(sd.WithdrawUnits(country)))
            for r in st.reinforcements:
                if r.arrives == day + 1:
                    spec = next(u for u in m.forces.reserve if u.id == r.unit)
                    if spec.country in st.withdrawn or any(u.id == spec.id for u in w.units):
                        continue
                    x, y = m.locate(spec.at)
                    st.next_directives.append(
                        injects.directive_dict(
                            sd.AddUnit(
                                spec.id,
                                spec.type,
                                spec.strength,
                                x,
                                y,
                                spec.country,
                                spec.posture,
                                spec.readiness,
                            )
                        )
                    )

        # 9. events of the day
        out.extend(_incident_event(day, inc, w) for inc in rep.incidents)
        out.extend(
            ev.FindingRecorded(day, f.norm, f.severity, f.what, f.clause, f.why) for f in findings
        )
        out.append(ev.DayScored(day, dict(day_scores), rep.civilians_killed))

        # 10. objectives, end, and tomorrow's injects
        st.turn = day
        mets = metrics.collect(w, st, [c.country for c in m.forces.contributors])
        for obj in m.objectives:
            if obj.by_turn == day:
                st.objectives_met[obj.id] = metrics.all_hold(obj.when, w, st)
        self._check_end(day, out)
        if st.outcome is None:
            self._queue_injects(day + 1, out)

        orders = tuple(o for o, _, _ in self._submitted)
        verdicts = tuple(v for _, v, _ in self._submitted)
        self._submitted = []
        h, layers = self._hash(layer_hashes(w))
        result = TurnResult(
            turn=day,
            orders=orders,
            verdicts=verdicts,
            events=out,
            scores=day_scores,
            findings=findings,
            metrics=mets,
            state_hash=h,
            layer_hashes=layers,
        )
        self.history.append(result)
        self.events.extend(out)
        return result

    def _political(self, o: Order, day: int, out: list[ev.Event], directives: list[Any]) -> None:
        """Orders that act through the Council or the mission's own records."""
        st, m = self.rules, self.mission
        if isinstance(o, ReportToCouncil):
            res = council.attempt_step(m, st, o.faction, day)
            st.reported[o.faction] = day
            out.append(ev.CouncilStep(day, o.faction, res.step, res.granted, res.reason))
            if res.consent_delta:
                directives.append(sd.ConsentDelta(o.faction, res.consent_delta))
        elif isinstance(o, Investigate):
            f = self.world.faction_ids.index(o.faction)
            gain = 1.0 if st.violations[f] >= 0.1 else 0.1
            ev_ = st.council.evidence
            ev_[o.faction] = ev_.get(o.faction, 0.0) + gain
            st.reported[o.faction] = day
        elif isinstance(o, RequestReinforcements):
            overall = scoring.mission_scores(st, m)["mission"]
            ok, units, arrives, why = council.request_reinforcements(m, st, day, overall)
            out.append(ev.ReinforcementsRequested(day, ok, tuple(units), arrives, why))
            if ok:
                st.reserve_sent.extend(units)
                st.reinforcements.extend(Reinforcement(u, arrives) for u in units)
        elif isinstance(o, ActOnMisconduct):
            for c in st.cases:
                if c.id == o.case and c.acted is None:
                    c.acted = day
                    out.append(ev.MisconductActedOn(day, c.id))
                    directives.extend(
                        sd.LegitimacyDelta(cid, 0.01) for cid in self.world.community_ids
                    )

    def _apply_casualties(
        self, casualties: list[tuple[str, int]], day: int, out: list[ev.Event]
    ) -> None:
        # The sim has no directive for scripted peacekeeper deaths (inject
        # 'peacekeepers_killed'): the engine applies them to the unit record here, before
        # the day is simulated, exactly as the sim records deaths from attacks.
        for uid, n in casualties:
            for u in self.world.units:
                if u.id == uid and u.alive:
                    k = min(n, u.strength)
                    u.strength -= k
                    u.killed += k
                    out.append(ev.PeacekeepersKilled(day, uid, u.country, "", k))

    def _zone_breaches(self, day: int, findings: list[Finding]) -> float:
        """Units sent into a consent zone without consent: a daily cost while they stay.

        Units the mission file deploys inside a zone are there by agreement and do not
        count; the order that sends a unit in is judged (and, in free mode, found) when
        given. The breach lasts while the unit's destination stays inside the zone and
        the faction's consent stays too low; it costs consent each day the unit is in.
        """
        m, w = self.mission, self.world
        now: list[tuple[str, int]] = []
        pen = 0.0
        for uid, i in self.rules.zone_breaches:
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
                pen += ZONE_DAILY_PENALTY
                self.rules.next_directives.append(
                    injects.directive_dict(sd.ConsentDelta(z.faction, -ZONE_DAILY_COST))
                )
        self.rules.zone_breaches = now
        return pen

    def _refresh_threats(self, rep: Any, day: int) -> None:
        """Tomorrow's threat list: warnings still fresh, and today's detected threats.

        A detected threat that continues one known yesterday (same faction and community,
        within ``SAME_THREAT_CELLS``) keeps the day it was first seen, so the duty-to-report
        clock runs from the first sighting.
        """
        old = self.rules.known_threats
        keep = [
            t for t in old if t.source == "intelligence" and day - t.seen < injects.WARNING_DAYS
        ]
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
                    x,
                    y,
                    t.faction,
                    t.community,
                    float(t.severity),
                    int(t.lead_days),
                    "detected",
                    first,
                )
            )
        self.rules.known_threats = keep

    def _check_end(self, day: int, out: list[ev.Event]) -> None:
        m, w, st = self.mission, self.world, self.rules
        result: str | None = None
        reason = ""
        for c in [] if self.counterfactual else m.end.conditions:
            if metrics.all_hold(c.when, w, st):
                result, reason = c.outcome, c.text or f"End condition '{c.id}' holds."
                break
        if result is None and day >= m.end.turn_limit:
            result = "time_limit"
        if result is None:
            return
        objectives = self.objectives_now()
        if result == "time_limit":
            met = sum(objectives.values())
            reason = f"Turn limit reached: {met} of {len(objectives)} objectives met."
        st.outcome = {"result": result, "reason": reason, "turn": day, "objectives": objectives}
        out.append(ev.MissionEnded(day, result, reason))

    def objectives_now(self) -> dict[str, bool]:
        """Each objective: met (past its deadline: as judged then; else: if the mission
        ended today)."""
        st = self.rules
        return {
            o.id: st.objectives_met.get(o.id, False)
            if o.by_turn is not None and o.by_turn <= self.turn
            else metrics.all_hold(o.when, self.world, st)
            for o in self.mission.objectives
        }

    # ----------------------------------------------------------------- results
    def is_over(self) -> bool:
        """Whether the mission has ended (an end condition, or the turn limit)."""
        return self.rules.outcome is not None

    def outcome(self) -> Outcome | None:
        """How it ended, or None while it runs."""
        o = self.rules.outcome
        if o is None:
            return None
        return Outcome(o["result"], o["reason"], int(o["turn"]), dict(o["objectives"]))

    def scores(self) -> dict[str, float]:
        """Mission-level scores so far: each norm 0..100, 'mission', 'objectives', 'overall'."""
        return scoring.mission_scores(self.rules, self.mission, self.objectives_now())

    def observation(self) -> dict[str, Any]:
        """What the mission knows (see ``OBSERVATION_KEYS``); ground truth is ``world``."""
        w, st = self.world, self.rules
        seen = (w.warning > SEEN) | (w.protection > SEEN)
        people = (w.civilians + w.displaced) * seen[None]
        units = np.array(
            [
                [u.x, u.y, u.type, u.strength, u.posture, u.readiness, float(u.alive)]
                for u in w.units
            ],
            dtype=np.float64,
        ).reshape(-1, 7)
        threats = np.array(
            [
                [
                    t.x,
                    t.y,
                    w.faction_ids.index(t.faction),
                    w.community_ids.index(t.community),
                    t.severity,
                    t.lead_days,
                ]
                for t in st.known_threats
            ],
            dtype=np.float64,
        ).reshape(-1, 6)
        today = st.day_scores[-1] if st.day_scores else dict.fromkeys(NORMS, 100.0)
        return {
            "turn": self.turn,
            "days_left": self.mission.end.turn_limit - self.turn,
            "consent": w.consent.copy(),
            "legitimacy": w.legitimacy.copy(),
            "credibility": float(w.credibility),
            "council_support": float(st.council.support),
            "scores": np.array([today[n] for n in NORMS], dtype=np.float64),
            "mission_strength": int(sum(u.strength for u in w.units if u.alive)),
            "units": units,
            "threats": threats,
            "civilians_known": people.astype(np.int32),
            "sheltered": w.sheltered.copy(),
            "protection": w.protection.copy(),
            "warning": w.warning.copy(),
            "access": w.access.copy(),
            "open_cases": sum(1 for c in st.cases if c.acted is None),
        }


def _describe(o: Order) -> str:
    """A short description of an order for findings."""
    who = o.unit_id
    parts = [o.kind.replace("_", " ")]
    if who:
        parts.insert(0, who)
    fid = getattr(o, "faction", None)
    if fid:
        parts.append(
            f"against {fid}"
            if o.kind in ("use_force", "show_of_force", "interpose")
            else f"({fid})"
        )
    return " ".join(parts)


def _incident_event(day: int, inc: Any, w: World) -> ev.Event:
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


__all__ = ["OBSERVATION_KEYS", "OrderOption", "Outcome", "Session", "TurnResult"]
