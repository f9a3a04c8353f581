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
world's generator (``new_world(mission, seed)``), which the rules never draw from.
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
from game.rules import day as rules_day
from game.rules import force, injects, metrics, scoring
from game.rules.orders import (
    RULES,
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
    Status,
    SupportDDR,
    SupportInstitutions,
    UseForce,
    Verdict,
    judge,
    order_from_dict,
    unit_spec,
    validate,
)
from game.rules.state import CouncilState, KnownThreat, RulesState
from game.sim.dynamics import step
from game.sim.hashing import layer_hashes
from game.sim.losses import scripted_losses
from game.sim.protection import reach_cells, refresh_fields
from game.sim.setup import new_world
from game.sim.world import World

Mode = Literal["free", "strict"]
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
"""Warning or protection coverage above which the mission knows where civilians are."""


@dataclass(frozen=True)
class OrderOption:
    """A candidate order and its verdict (refused ones included, for the UI to grey out)."""

    order: Order
    verdict: Verdict


@dataclass(frozen=True)
class Assessment:
    """Everything the game can say of an order before it is given, in one answer: the
    verdict of the mission file, what ``submit`` would make of it in this session's mode,
    and the findings its force would earn (the very tests ``end_turn`` applies). The UI,
    the environments and the policies all ask this; none of them judges an order itself.
    """

    order: Order
    status: Status
    """The file's verdict: 'refused' for an order the file forbids or the unit cannot do."""
    clause: str
    reason: str
    delay_days: int = 0
    """Days the order would wait for approval."""
    binding: bool = False
    """For a refusal: whether it holds in every mode (the unit cannot), not only strict."""
    submitted: Status = "allowed"
    """What ``submit`` would give now: free mode carries out a non-binding refusal as a
    'finding'."""
    force_findings: tuple[Finding, ...] = ()
    """Findings the order's force would earn (skipped rungs, no threat to justify it)."""

    @property
    def verdict(self) -> Verdict:
        """The file's verdict as a ``Verdict``."""
        return Verdict(self.status, self.clause, self.reason, self.delay_days)

    @property
    def carried_out(self) -> bool:
        """Whether ``submit`` would queue the order."""
        return self.submitted != "refused"


@dataclass(frozen=True)
class Queued:
    """An order queued for this turn: its verdict at submission and its force's findings."""

    order: Order
    verdict: Verdict
    force_findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Around:
    """What a unit can reach today, as the mission sees it: the questions policies ask."""

    unit: str
    x: int
    y: int
    reach: float
    """Cells within which it can act today (protective reach plus a day's move)."""
    protective_reach: float
    """Cells its presence protects where it stands."""
    fighters: np.ndarray[Any, np.dtype[np.float64]]
    """(F,) fighters of each faction within its reach (attacking groups included)."""
    civilians: float
    """Civilians (at home or displaced) within its protective reach."""
    threats: tuple[KnownThreat, ...]
    """Known threats within its reach."""

    def in_reach(self, x: int, y: int) -> bool:
        """Whether (x, y) lies within the unit's reach today."""
        return math.hypot(x - self.x, y - self.y) <= self.reach


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
        world = new_world(mission, int(seed), terrain=terrain)
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

    def queued(self) -> tuple[Queued, ...]:
        """Orders queued for this turn, oldest first, each with the verdict it got and the
        findings its force will earn (judged after the orders queued before it, as
        ``end_turn`` will judge it)."""
        sit = self._situation()
        log = list(self.rules.force_log)
        out: list[Queued] = []
        for o, v in self.pending_verdicts:
            state = dataclasses.replace(self.rules, force_log=list(log))
            fj = force.judge_force(o, Situation(self.mission, self.world, state))
            found: tuple[Finding, ...] = ()
            if fj is not None:
                found = fj.findings
                log.append((sit.turn, o.unit_id or "", o.faction_id or "", fj.level))
            out.append(Queued(o, v, found))
        return tuple(out)

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
            (order_from_dict(o), Verdict.from_dict(v), bool(q))
            for o, v, q in state.get("submitted", [])
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

    def assess(self, order: Order) -> Assessment:
        """How ``order`` would be judged if given now (see ``Assessment``); changes nothing.

        ``OrderError`` for an order that cannot exist (unknown id, a cell off the map)."""
        if self.counterfactual:
            raise OrderError("the mission is absent in a counterfactual run")
        validate(order, self.mission, self.world)
        j = judge(order, self._situation())
        v = j.verdict
        submitted: Status = v.status
        if v.status == "refused" and self.mode == "free" and not j.binding:
            submitted = "finding"
        found = self.force_findings(order) if v.ok and not self.is_over() else ()
        return Assessment(
            order, v.status, v.clause, v.reason, v.delay_days, j.binding, submitted, found
        )

    def around(self, unit: str) -> Around | None:
        """What ``unit`` can reach today (None if it has not arrived or has left)."""
        sit = self._situation()
        u = sit.unit(unit)
        if u is None or not u.alive:
            return None
        return Around(
            u.id,
            u.x,
            u.y,
            sit.reach(u),
            reach_cells(self.world, u),
            sit.presence(u).copy(),
            sit.civilians_near(u),
            tuple(sit.threats_in_reach(u)),
        )

    def hostile(self, faction: str) -> bool:
        """Whether a faction is hostile to the mission (consent below one half, or it killed
        peacekeepers in the last two days)."""
        return self._situation().hostile(faction)

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
            return out + [o for r in RULES.values() for o in r.suggest(sit, None)]
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
        return out + [o for r in RULES.values() for o in r.suggest(sit, u)]

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
        self.rules.next_directives.extend(fired.casualties)
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
        plan = rules_day.plan_day(m, w, st, self._submitted)
        day, out = plan.day, list(plan.events)
        for loss in plan.casualties:
            killed = scripted_losses(w, loss.unit, loss.count)
            if killed is not None:
                country = next(u.country for u in w.units if u.id == loss.unit)
                out.append(ev.PeacekeepersKilled(day, loss.unit, country, "", killed))

        rep = step(w, plan.directives)

        judged = rules_day.judge_day(m, w, st, plan, rep)
        out.extend(judged.events)
        st.next_directives = list(judged.next_directives)
        if not self.counterfactual:
            council_events, queued = rules_day.council_day(m, w, st, day)
            out.extend(council_events)
            st.next_directives.extend(queued)

        out.extend(rules_day.incident_event(day, inc, w) for inc in rep.incidents)
        out.extend(
            ev.FindingRecorded(day, f.norm, f.severity, f.what, f.clause, f.why)
            for f in judged.findings
        )
        out.append(ev.DayScored(day, dict(judged.scores), rep.civilians_killed))
        st.turn = day
        mets = metrics.collect(w, st, [c.country for c in m.forces.contributors])
        for obj in m.objectives:
            if obj.by_turn == day:
                st.objectives_met[obj.id] = metrics.all_hold(obj.when, w, st)
        self._check_end(day, out)
        if st.outcome is None:
            self._queue_injects(day + 1, out)
        return self._record(day, out, judged.scores, judged.findings, mets)

    def _record(
        self,
        day: int,
        out: list[ev.Event],
        scores: dict[str, float],
        findings: list[Finding],
        mets: dict[str, float],
    ) -> TurnResult:
        """Close the day: its result, with the state hash, into the history and the log."""
        orders = tuple(o for o, _, _ in self._submitted)
        verdicts = tuple(v for _, v, _ in self._submitted)
        self._submitted = []
        h, layers = self._hash(layer_hashes(self.world))
        result = TurnResult(day, orders, verdicts, out, scores, findings, mets, h, layers)
        self.history.append(result)
        self.events.extend(out)
        return result

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


__all__ = ["OBSERVATION_KEYS", "OrderOption", "Outcome", "Session", "TurnResult"]
