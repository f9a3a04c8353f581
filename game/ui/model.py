"""What the game screen shows of a mission in play, and what the player may do in it.

``MissionModel`` wraps a turn engine ``Session`` (``game.engine.session``): the screens ask
it for units, layers, the orders a unit may be given (each with the engine's verdict),
and call it to submit, undo, end the turn, save and load. No rule or dynamic lives here:
every verdict comes from the engine, and this module only turns the engine's data into
what a player reads (names, sentences, grouped lists).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal, Self

import numpy as np
from numpy.typing import NDArray

from game.engine import events as ev
from game.engine.session import SEEN, Assessment, Session
from game.mission.schema import RUNGS, Mission
from game.norms import NORM_LABELS, NORMS
from game.rules import names as naming
from game.rules import orders as ro
from game.rules import wording
from game.rules.scoring import impartiality_gaps

log = logging.getLogger(__name__)

LAYERS = ("civilians", "displaced", "deaths_map", "threat", "protection", "warning", "access")
"""Layers the map view may ask for, named as the simulation names them."""
TIER_LABELS = {
    "I": "I · Dialogue",
    "II": "II · Physical protection",
    "III": "III · Protective environment",
    "mission": "Mission level",
}
Kind = Literal["allowed", "finding", "against", "refused"]


@dataclass(frozen=True)
class Availability:
    """Whether an action or a view is possible now, and if not, why (shown as a tooltip)."""

    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class UnitView:
    """What the UI shows of one peacekeeping unit."""

    id: str
    name: str
    type: str
    strength: int
    x: int
    y: int
    posture: str
    readiness: float
    country: str
    caveats: tuple[str, ...]
    destination: tuple[int, int] | None


@dataclass(frozen=True)
class TownView:
    """A town label on the map."""

    name: str
    x: int
    y: int
    radius: int
    poc_site: int


@dataclass(frozen=True)
class ZoneView:
    """An ROE consent zone outline."""

    name: str
    x: int
    y: int
    radius: int
    faction: str
    min_consent: float
    consent: float
    """The faction's consent today: the zone is open when it reaches ``min_consent``."""

    @property
    def open(self) -> bool:
        """Whether the mission may enter without breaching the zone today."""
        return self.consent >= self.min_consent


@dataclass(frozen=True)
class OptionView:
    """One order the player may give, with the engine's verdict in the player's words.

    ``kind``: 'allowed'; 'finding' (carried out, a finding recorded); 'against' (the rules
    forbid it, but free mode would carry it out and record a finding); 'refused' (it will
    not be carried out: strict mode, or the unit cannot)."""

    order: ro.Order
    verdict: ro.Verdict
    label: str
    kind: Kind

    @property
    def can_submit(self) -> bool:
        """Whether confirming it queues the order."""
        return self.kind != "refused"

    @property
    def tooltip(self) -> str:
        """The verdict, its reason and the clause (every order row's tooltip)."""
        head = {
            "allowed": "Allowed",
            "finding": "Allowed, with a finding",
            "against": "Against the rules: free mode carries it out and records a finding",
            "refused": "Refused",
        }[self.kind]
        clause = f" (clause {self.verdict.clause})" if self.verdict.clause else ""
        return f"{head}{clause}. {self.verdict.reason}"


@dataclass(frozen=True)
class FeedItem:
    """One entry of the event feed: a sentence, and the cell to centre on (if any)."""

    turn: int
    text: str
    cell: tuple[int, int] | None
    tone: Literal["info", "bad", "good", "finding", "inject"] = "info"


@dataclass(frozen=True)
class Toast:
    """A notification (an inject, a save): title and message."""

    title: str
    message: str
    tone: Literal["inject", "info", "bad"] = "inject"


@dataclass
class Resolution:
    """What one end of turn produced, as the resolution overlay shows it."""

    day: int
    headline: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    over: bool = False


class MissionModel:
    """A mission in play, as the screens see it: wraps one engine ``Session``. The story
    of each day (feed, resolution, lessons) is added by ``adapter.GameModel``."""

    def __init__(
        self,
        mission: Mission,
        *,
        seed: int = 0,
        mission_dir: Path | None = None,
        mode: Literal["free", "strict"] = "free",
        session: Session | None = None,
    ) -> None:
        self.mission = mission
        self.seed = seed
        self.version = 0
        """Bumped whenever anything the map shows changes (cache key for pictures)."""
        self.messages: list[str] = []
        """Log lines, newest first."""
        self.toasts: list[Toast] = []
        """Notifications not yet dismissed, oldest first."""
        self.feed: list[FeedItem] = []
        """Event feed, newest first."""
        self.last: Resolution | None = None
        if session is None:
            terrain = self._explicit_terrain(mission, mission_dir)
            session = Session.new(mission, seed, mode=mode, terrain=terrain)
        self.session = session
        self.seed = session.seed
        self._units: tuple[tuple[int, int], list[UnitView]] | None = None
        self._seen_events = 0
        self._absorb(session.events, initial=True)

    @staticmethod
    def _explicit_terrain(mission: Mission, mission_dir: Path | None) -> NDArray[np.void] | None:
        if mission.map.layers is None:
            return None
        from game.mission import maps
        from game.paths import missions_dir

        base = mission_dir or missions_dir()
        return maps.load_layers(base / mission.map.layers, mission.map)

    @classmethod
    def load(cls, path: Path, *, seed: int = 0, mode: str = "free") -> Self:
        """Load and validate a mission file, then start a game of it."""
        from game.mission import load_mission

        return cls(load_mission(path), seed=seed, mission_dir=path.parent, mode=_mode(mode))

    @classmethod
    def from_save(cls, path: Path) -> Self:
        """Continue a saved game (``SaveError`` with the engine's message if it cannot)."""
        from game.engine.save import load_session

        s = load_session(path)
        model = cls(s.mission, session=s)
        model.toasts = [Toast("Game loaded", f"Day {model.day} · {path.name}", "info")]
        return model

    def save(self, path: Path) -> str:
        """Save the game through the engine's save format; return what to tell the player."""
        from game.engine.save import save_session

        path.parent.mkdir(parents=True, exist_ok=True)
        save_session(self.session, path)
        return f"Saved day {self.day} to {path}"

    # ----------------------------------------------------------------- what is shown
    @property
    def live(self) -> bool:
        """Always True: a simulated world backs the map."""
        return True

    @property
    def mode(self) -> str:
        """'free' or 'strict' (training)."""
        return self.session.mode

    @property
    def source_note(self) -> str:
        """One line saying what the map shows."""
        return "Training (strict)" if self.mode == "strict" else "Free play"

    @property
    def world(self) -> Any:
        """The engine's world (ground truth)."""
        return self.session.world

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the grid in cells."""
        return (self.mission.map.width, self.mission.map.height)

    @property
    def day(self) -> int:
        """The day being planned, starting at 1 (the last day once the mission is over)."""
        return min(self.session.turn + 1, self.mission.end.turn_limit)

    @property
    def date(self) -> date | None:
        """Calendar date of the current day, if the mission has a start date."""
        start = self.mission.meta.start_date
        return start + timedelta(days=self.day - 1) if start else None

    @property
    def terrain(self) -> NDArray[np.void]:
        """The (H, W) structured terrain layer."""
        terrain: NDArray[np.void] = self.world.terrain
        return terrain

    def layer(self, name: str) -> NDArray[Any] | None:
        """A numpy layer of the ground truth by its simulation name (None if unknown)."""
        value = getattr(self.world, name, None)
        return value if isinstance(value, np.ndarray) else None

    def layer_availability(self, name: str) -> Availability:
        """Whether the layer ``name`` can be shown, and why not."""
        if self.layer(name) is not None:
            return Availability(True)
        return Availability(False, "Not available: the simulation has no such layer.")

    @property
    def community_names(self) -> tuple[str, ...]:
        """Community names in layer order."""
        return tuple(c.name for c in self.mission.communities)

    def units(self) -> list[UnitView]:
        """The mission's units where they stand now, with any move ordered this turn."""
        key = (self.version, self.session.turn)
        if self._units is None or self._units[0] != key:
            self._units = (key, self._unit_views())
        return list(self._units[1])

    def _unit_views(self) -> list[UnitView]:
        from game.sim.world import POSTURES, UNIT_TYPES

        spec = {u.id: u for u in (*self.mission.forces.units, *self.mission.forces.reserve)}
        moves: dict[str, tuple[int, int]] = {}
        for o in self.session.pending:
            if o.moves and o.unit_id and o.cell is not None:
                moves[o.unit_id] = o.cell
        out = []
        for s in self.world.units:
            if not s.alive:
                continue
            u = spec.get(s.id)
            kind = UNIT_TYPES[s.type] if isinstance(s.type, int) else str(s.type)
            posture = POSTURES[s.posture] if isinstance(s.posture, int) else str(s.posture)
            dest = moves.get(s.id)
            if dest is None and (s.dest_x, s.dest_y) != (s.x, s.y):
                dest = (int(s.dest_x), int(s.dest_y))
            out.append(
                UnitView(
                    s.id,
                    u.name if u else s.id,
                    kind,
                    int(s.strength),
                    int(s.x),
                    int(s.y),
                    posture,
                    float(s.readiness),
                    s.country,
                    tuple(u.caveats) if u else (),
                    dest,
                )
            )
        return out

    def towns(self) -> list[TownView]:
        """Towns to label."""
        return [
            TownView(t.name, t.at[0], t.at[1], t.radius, t.poc_site) for t in self.mission.map.towns
        ]

    def consent_zones(self) -> list[ZoneView]:
        """The ROE's consent zones with the consent each needs and has today."""
        names = {f.id: f.name for f in self.mission.factions}
        out = []
        for z in self.mission.roe.consent_zones:
            x, y = self.mission.locate(z.at)
            c = self.consent_of(z.faction)
            out.append(ZoneView(z.name, x, y, z.radius, names[z.faction], z.min_consent, c))
        return out

    def knowledge(self) -> tuple[NDArray[np.bool_] | None, str]:
        """Cells the mission sees (early warning or protection coverage), and how decided."""
        w = self.world
        mask = (w.warning > SEEN) | (w.protection > SEEN)
        return mask, (
            "Mission view: cells outside early-warning and patrol coverage are dimmed; "
            "threats are shown only where the mission detected them."
        )

    def known_threats(self) -> list[tuple[int, int, str, str, float, str]]:
        """Threats the mission knows of: (x, y, faction name, community name, severity, source)."""
        return [
            (t.x, t.y, self.name(t.faction), self.name(t.community), t.severity, t.source)
            for t in self.session.rules.known_threats
        ]

    def armed_groups(self) -> list[tuple[int, int, str, float]]:
        """Ground truth: attacking groups on the move (instructor view only)."""
        return [
            (int(a.x), int(a.y), self.name(self.world.faction_ids[a.faction]), float(a.strength))
            for a in self.world.attacks
        ]

    def cell_info(self, x: int, y: int) -> str:
        """A one-line description of cell (x, y) for the status bar."""
        t = self.terrain[y, x]
        kind = (
            "water"
            if t["water"]
            else "town"
            if t["urban"]
            else "road"
            if t["road"]
            else "forest"
            if t["cover"] >= 0.6
            else "hills"
            if t["move_cost"] >= 2.0
            else "open ground"
        )
        parts = [f"({x}, {y}) {kind}", f"move cost {float(t['move_cost']):.1f}"]
        civ = self.layer("civilians")
        if civ is not None:
            people = ", ".join(
                f"{n} {int(civ[i, y, x]):,}"
                for i, n in enumerate(self.community_names)
                if civ[i, y, x] > 0
            )
            parts.append(people or "no civilians")
        for name in ("threat", "protection", "access"):
            arr = self.layer(name)
            if arr is None:
                continue
            v = float(arr[:, y, x].max()) if arr.ndim == 3 else float(arr[y, x])
            if name == "threat":  # a per-person daily hazard: in words a reader can weigh
                parts.append(
                    f"threat: {v * 1e5:.2g} deaths per 100,000 a day" if v > 0 else "no threat"
                )
            else:
                parts.append(f"{name} {v:.0%}")
        t = next(  # the badge under the cursor, in words
            (t for t in self.session.rules.known_threats if max(abs(t.x - x), abs(t.y - y)) <= 1),
            None,
        )
        if t is not None:
            how = "intelligence" if t.source == "intelligence" else "early warning"
            toll = f"{t.severity:.0f}" if t.severity >= 10 else f"{t.severity:.1f}"
            parts.insert(
                0,
                f"Known threat ({how}, day {t.seen}): {self.name(t.faction)} against the "
                f"{self.name(t.community)}, about {toll} killed a day if nothing changes",
            )
        return "  ·  ".join(parts)

    # ----------------------------------------------------------------- names and labels
    def name(self, ident: str) -> str:
        """A faction, community or unit id as the player reads it."""
        m = self.mission
        for group in (m.factions, m.communities, m.forces.units, m.forces.reserve):
            for item in group:
                if item.id == ident:
                    return item.name
        return "the mission" if ident == "mission" else ident

    def place(self, x: int, y: int) -> str:
        """'Solen (20, 30)' for a cell in or near a town, else '(x, y)'."""
        return naming.place(self.mission, x, y)

    def near(self, x: int, y: int) -> str:
        """The nearest town's name, for sentences ('near Tovo')."""
        best = min(
            self.mission.map.towns,
            key=lambda t: math.hypot(t.at[0] - x, t.at[1] - y),
            default=None,
        )
        if best is None:
            return f"at ({x}, {y})"
        d = math.hypot(best.at[0] - x, best.at[1] - y)
        return f"in {best.name}" if d <= best.radius + 1 else f"near {best.name}"

    def describe(self, o: ro.Order) -> str:
        """An order in plain words: 'Patrol at Marra (47, 17)'."""
        return wording.describe(self.mission, o)

    # ----------------------------------------------------------------- orders
    def _view(
        self, order: ro.Order, verdict: ro.Verdict, findings: tuple[ro.Finding, ...], kind: Kind
    ) -> OptionView:
        """An order as the screens show it: a use of force the ROE allow may still fail
        the force tests (a skipped rung, no threat to justify it), and then reads as a
        'finding' naming the worst of them."""
        if verdict.status == "allowed" and findings:
            worst = max(findings, key=lambda f: f.severity)
            why = " ".join(f.why for f in findings)
            verdict, kind = ro.Verdict("finding", worst.clause or verdict.clause, why), "finding"
        return OptionView(order, verdict, self.describe(order), kind)

    def _assessed(self, a: Assessment) -> OptionView:
        kind: Kind = (
            ("against" if a.submitted == "finding" else "refused")
            if a.status == "refused"
            else a.status
        )
        return self._view(a.order, a.verdict, a.force_findings, kind)

    def options(self, unit: str | None = None) -> list[OptionView]:
        """The engine's candidate orders for a unit (or mission-level, ``None``) with verdicts."""
        return [
            self._assessed(self.session.assess(o.order)) for o in self.session.legal_orders(unit)
        ]

    def check(self, order: ro.Order) -> OptionView:
        """The engine's verdict on any order now (an impossible one reads as refused)."""
        try:
            return self._assessed(self.session.assess(order))
        except ro.OrderError as e:
            v = ro.Verdict("refused", "", str(e))
            return OptionView(order, v, self.describe(order), "refused")

    def ladder(self, unit: str, faction: str, justification: str) -> list[tuple[str, OptionView]]:
        """Every rung of the escalation ladder against ``faction``, lowest first, judged."""
        u = next((x for x in self.world.units if x.id == unit), None)
        cell = (int(u.x), int(u.y)) if u is not None else (0, 0)
        threat = next((t for t in self.session.rules.known_threats if t.faction == faction), None)
        if threat is not None:
            cell = (threat.x, threat.y)
        out: list[tuple[str, OptionView]] = []
        for rung in RUNGS:
            order: ro.Order
            if rung == "show_of_force":
                order = ro.ShowOfForce(unit, faction, justification)
            elif rung == "interposition":
                order = ro.Interpose(unit, faction, cell[0], cell[1], justification)
            else:
                order = ro.UseForce(unit, faction, rung, justification)
            out.append((rung, self.check(order)))
        return out

    def graduation_note(self, faction: str) -> str:
        """Where the ladder stands against ``faction``: the highest rung used lately and
        the next step up that needs no imminent threat (graduation, DOCTRINE)."""
        from game.rules.force import GRADUATION_DAYS, LEVEL, rung_name

        last = self.session.recent_force(faction)
        if last is None:
            return (
                f"No force against {self.name(faction)} in the last {GRADUATION_DAYS} days: "
                "above a show of force, rungs are skipped unless life is under imminent threat."
            )
        level, day = last
        when = "today" if day == self.day else f"day {day}"
        if level >= max(LEVEL.values()):
            return f"Last rung against {self.name(faction)}: deadly force ({when})."
        return (
            f"Last rung against {self.name(faction)}: {rung_name(level)} ({when}). "
            f"Next step up: {rung_name(level + 1)}."
        )

    def submit(self, order: ro.Order) -> OptionView:
        """Queue an order for this turn; the engine's verdict on it (refused: not queued)."""
        try:
            (v,) = self.session.submit([order])
        except ro.OrderError as e:
            opt = OptionView(
                order, ro.Verdict("refused", "", str(e)), self.describe(order), "refused"
            )
            self.messages.insert(0, f"Refused: {e}")
            return opt
        if not v.ok:
            self.messages.insert(0, f"Refused ({v.clause}): {v.reason}")
            return OptionView(order, v, self.describe(order), "refused")
        q = self.session.queued()[-1]
        opt = self._view(order, v, q.force_findings, v.status)
        self.version += 1
        who = f"{self.name(order.unit_id)}: " if order.unit_id else ""
        extra = " (a finding will be recorded)" if opt.verdict.status == "finding" else ""
        self.messages.insert(0, f"Ordered {who}{opt.label}{extra}.")
        return opt

    def pending(self) -> list[tuple[ro.Order, ro.Verdict, str]]:
        """Orders queued this turn, with verdicts (as the confirm step showed them) and
        plain labels, oldest first."""
        out = []
        for q in self.session.queued():
            who = f"{self.name(q.order.unit_id)}: " if q.order.unit_id else ""
            shown = self._view(q.order, q.verdict, q.force_findings, q.verdict.status)
            out.append((q.order, shown.verdict, who + self.describe(q.order)))
        return out

    def undo(self) -> str:
        """Take back the last queued order of this turn; return what to tell the player."""
        o = self.session.undo()
        if o is None:
            return "Nothing to undo this turn."
        self.version += 1
        msg = f"Undone: {self.describe(o)}."
        self.messages.insert(0, msg)
        return msg

    def _absorb(self, events: list[ev.Event], initial: bool = False) -> None:
        """Tell new events to the player (``GameModel`` turns them into feed items)."""

    # kept for the right-click shortcut
    def order_move(self, unit_id: str, x: int, y: int) -> Availability:
        """Order a unit to patrol at cell (x, y) (the right-click default)."""
        w, h = self.size
        if not (0 <= x < w and 0 <= y < h):
            return Availability(False, "That cell is off the map.")
        opt = self.submit(ro.Patrol(unit_id, x, y))
        return Availability(opt.can_submit, self.messages[0] if self.messages else "")

    def unit_at(self, x: int, y: int, radius: float = 0.0) -> UnitView | None:
        """The unit nearest to cell (x, y) within ``radius`` cells, if any."""
        best, best_d = None, radius + 0.5
        for u in self.units():
            d = float(np.hypot(u.x - x, u.y - y))
            if d <= best_d:
                best, best_d = u, d
        return best

    def open_cases(self) -> list[str]:
        """Misconduct cases not yet acted on, as lines."""
        return [
            f"{c.id}: {c.kind.replace('_', ' ')} ({self.name(c.unit)}, day {c.opened})"
            for c in self.session.rules.cases
            if c.acted is None
        ]

    # ----------------------------------------------------------------- the turn
    def is_over(self) -> bool:
        """Whether the mission has ended."""
        return self.session.is_over()

    def end_turn_availability(self) -> Availability:
        """Whether *End turn* can play the day now."""
        if self.session.is_over():
            return Availability(False, "The mission is over: see the after-action review.")
        n = len(self.session.pending)
        return Availability(
            True, f"Play day {self.day}: {n} order(s) carried out; undo is no longer possible."
        )

    # ----------------------------------------------------------------- dashboard data
    def norm_now(self) -> dict[str, float]:
        """Today's score of each norm (100 before the first day)."""
        h = self.session.history
        return {n: float(h[-1].scores[n]) if h else 100.0 for n in NORMS}

    def norm_reasons(self, norm: str) -> list[str]:
        """What holds a norm's score down today, in the player's words (empty: nothing
        beyond the findings). Impartiality is scored from running tallies, not findings,
        so its gaps are spelled out party by party with what would close them."""
        if norm != "impartiality" or not self.session.history:
            return []
        return [
            f"{self.name(f)}: {share:.0%} of its violations answered. Respond to it as you "
            "would to any party: investigate it, report it to the Council, show force or interpose."
            for f, share in impartiality_gaps(self.session.rules, self.world)
        ]

    def norm_series(self) -> dict[str, list[float]]:
        """Each norm's day scores so far, day 1 first."""
        return {n: [float(r.scores[n]) for r in self.session.history] for n in NORMS}

    def mission_scores(self) -> dict[str, float]:
        """Mission-level scores (each norm, 'mission', 'overall')."""
        return dict(self.session.scores())

    def findings(self) -> list[ro.Finding]:
        """Every finding so far, newest first."""
        return [f for r in reversed(self.session.history) for f in r.findings]

    def council(self) -> dict[str, Any]:
        """The Council and the contributors as the panel shows them."""
        from game.rules.council import LADDER

        st = self.session.rules
        w = self.world
        factions = []
        for i, fid in enumerate(w.faction_ids):
            steps = int(st.council.steps.get(fid, 0))
            factions.append(
                {
                    "name": self.name(fid),
                    "id": fid,
                    "consent": float(w.consent[i]),
                    "steps": steps,
                    "step": LADDER[steps - 1].replace("_", " ") if steps else "none",
                    "evidence": float(st.council.evidence.get(fid, 0.0)),
                }
            )
        contributors = []
        for c in self.mission.forces.contributors:
            strength = sum(u.strength for u in w.units if u.country == c.country and u.alive)
            killed = sum(u.killed for u in w.units if u.country == c.country)
            contributors.append(
                {
                    "country": c.country,
                    "strength": int(strength),
                    "killed": int(killed),
                    "withdrawn": c.country in st.withdrawn,
                    "threshold": float(c.threshold),
                }
            )
        return {
            "support": float(st.council.support),
            "ladder": LADDER,
            "factions": factions,
            "contributors": contributors,
            "reinforcements": [(self.name(r.unit), r.arrives) for r in st.reinforcements],
        }

    def injects(self) -> list[tuple[str, str, bool]]:
        """Injects an instructor may fire: (id, title, already fired)."""
        fired = set(self.session.rules.fired_injects)
        return [(i.id, i.title, i.id in fired) for i in self.mission.injects]

    def fire_inject(self, inject_id: str) -> str:
        """Fire an inject now (instructor); it takes effect at the end of the turn."""
        before = len(self.session.events)
        try:
            self.session.fire_inject(inject_id)
        except (KeyError, ro.OrderError) as e:
            return f"Cannot fire {inject_id}: {e}"
        self._absorb(self.session.events[before:])
        self.version += 1
        return f"Inject fired: {inject_id}"

    def standing(self) -> dict[str, float]:
        """Each party's consent, each community's view of the mission, Council support:
        what the resolution compares day to day (the consequences of the player's choices)."""
        w = self.world
        out = {
            f"Consent of {self.name(f)}": float(w.consent[i]) for i, f in enumerate(w.faction_ids)
        }
        out.update(
            {
                f"{self.name(c)} trust in the mission": float(w.legitimacy[i])
                for i, c in enumerate(w.community_ids)
            }
        )
        out["Council support"] = float(self.session.rules.council.support)
        return out

    def consent_of(self, faction: str) -> float:
        """A faction's consent now (0..1)."""
        w = self.world
        return float(w.consent[w.faction_ids.index(faction)]) if faction in w.faction_ids else 0.0


def _mode(mode: str) -> Literal["free", "strict"]:
    return "strict" if mode == "strict" else "free"


__all__ = [
    "LAYERS",
    "NORM_LABELS",
    "TIER_LABELS",
    "Availability",
    "FeedItem",
    "MissionModel",
    "OptionView",
    "Resolution",
    "Toast",
    "TownView",
    "UnitView",
    "ZoneView",
]
