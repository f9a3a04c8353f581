"""The player's orders, one type per lever, and their legality under the mission file.

Orders are small frozen dataclasses (data, not behaviour): each has a ``kind`` (its name
in replay and script files) and a ``tier`` (I dialogue, II physical protection, III a
protective environment, or 'mission' level). ``Order.to_dict`` / ``order_from_dict`` are
the file format; an order that cannot exist (unknown kind, missing field, unknown id, a
cell off the map) raises ``OrderError``, the one exception type for an impossible order.

``judge(order, sit)`` decides legality against the mission's own clauses and returns a
``Verdict`` ("allowed", "finding" or "refused") naming the clause as a mission-file path
("roe.force[5]", "roe.consent_zones[0]", "mandate.protection_of_civilians",
"forces.units[1].caveats", "mandate.tasks") and one plain sentence. Two kinds of refusal:

- *binding*: the unit cannot do it (absent, wrong type, a national caveat its country
  will not waive, a faction refusing to disarm). Refused in every mode.
- *normative*: the ROE, the mandate or a consent zone forbid it. Refused in strict
  (training) mode; in free mode the order is carried out and a finding is recorded.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, get_args

import numpy as np

from game.mission.schema import RUNGS, Justification, Mission, Unit
from game.norms import NORMS
from game.rules import names as naming
from game.rules.state import KnownThreat, RulesState
from game.sim.fields import disc, window
from game.sim.protection import reach_cells, type_profile
from game.sim.world import POSTURES, UNIT_TYPES, UnitState, World

JUSTIFICATIONS: tuple[str, ...] = get_args(Justification)
Status = Literal["allowed", "finding", "refused"]


class OrderError(ValueError):
    """An order that cannot exist: unknown kind or id, a missing field, a cell off the map."""


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Verdict:
    """Legality of one order: allowed, allowed with a finding, or refused, and why."""

    status: Status
    clause: str
    """Mission-file path of the clause that decides, e.g. 'roe.force[5]' ('' if none)."""
    reason: str

    @property
    def ok(self) -> bool:
        """Whether the order will be carried out."""
        return self.status != "refused"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"status": self.status, "clause": self.clause, "reason": self.reason}


ALLOWED = Verdict("allowed", "", "Within the mandate and the rules of engagement.")


@dataclass(frozen=True)
class Finding:
    """A judgement on the mission's conduct: which norm, how grave (1..3), and why."""

    turn: int
    norm: str
    severity: int
    what: str
    clause: str
    why: str

    def __post_init__(self) -> None:
        if self.norm not in NORMS:
            raise ValueError(f"unknown norm '{self.norm}'")
        if not 1 <= self.severity <= 3:
            raise ValueError("severity is 1..3")

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- order types


@dataclass(frozen=True)
class Order:
    """Base of every order. Subclasses set ``kind`` and ``tier``."""

    kind: ClassVar[str] = ""
    tier: ClassVar[str] = ""
    moves: ClassVar[bool] = False
    """Whether the order sends a unit to (x, y)."""

    def to_dict(self) -> dict[str, Any]:
        """``{"order": kind, ...fields}``: the replay and script-file form."""
        return {"order": self.kind, **dataclasses.asdict(self)}

    @property
    def unit_id(self) -> str | None:
        """The unit the order is given to, or None for mission-level orders."""
        u = getattr(self, "unit", None)
        return u if isinstance(u, str) else None


# Tier I: dialogue and engagement
@dataclass(frozen=True)
class Negotiate(Order):
    """Talks with a faction's leaders to build (or rebuild) its consent."""

    kind: ClassVar[str] = "negotiate"
    tier: ClassVar[str] = "I"
    faction: str


@dataclass(frozen=True)
class EngageCommunity(Order):
    """Civil affairs meets a community: raises its view of the mission's legitimacy."""

    kind: ClassVar[str] = "engage_community"
    tier: ClassVar[str] = "I"
    community: str


@dataclass(frozen=True)
class PublicInformation(Order):
    """Radio and leaflets explaining the mandate (to one community, or to all if None)."""

    kind: ClassVar[str] = "public_information"
    tier: ClassVar[str] = "I"
    community: str | None = None


@dataclass(frozen=True)
class SetUpAlertNetwork(Order):
    """A community alert network (MONUSCO's CANs): early warning in a disc of cells."""

    kind: ClassVar[str] = "alert_network"
    tier: ClassVar[str] = "I"
    x: int
    y: int
    radius: int = 8


# Tier II: physical protection
@dataclass(frozen=True)
class Patrol(Order):
    """A unit patrols around (x, y): wide, thinner presence."""

    kind: ClassVar[str] = "patrol"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class Guard(Order):
    """A unit guards a site at (x, y): dense local presence."""

    kind: ClassVar[str] = "guard"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class Escort(Order):
    """A unit escorts civilians or a convoy to (x, y), ready to respond on the way."""

    kind: ClassVar[str] = "escort"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int


@dataclass(frozen=True)
class Interpose(Order):
    """A unit places itself between a faction and civilians at (x, y)."""

    kind: ClassVar[str] = "interpose"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    faction: str
    x: int
    y: int
    justification: str = "protection_of_civilians"


@dataclass(frozen=True)
class EstablishPocSite(Order):
    """Open (or enlarge) a protection-of-civilians site at (x, y), held by the unit."""

    kind: ClassVar[str] = "poc_site"
    tier: ClassVar[str] = "II"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int
    capacity: int = 2000


@dataclass(frozen=True)
class ShowOfForce(Order):
    """A unit makes its strength visible to a faction in its reach."""

    kind: ClassVar[str] = "show_of_force"
    tier: ClassVar[str] = "II"
    unit: str
    faction: str
    justification: str = "defence_of_mandate"


@dataclass(frozen=True)
class UseForce(Order):
    """A unit uses force against a faction at one rung of the escalation ladder."""

    kind: ClassVar[str] = "use_force"
    tier: ClassVar[str] = "II"
    unit: str
    faction: str
    rung: str
    justification: str


# Tier III: a protective environment
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


# Mission level
@dataclass(frozen=True)
class Redeploy(Order):
    """Move a unit to (x, y) and set its posture there."""

    kind: ClassVar[str] = "redeploy"
    tier: ClassVar[str] = "mission"
    moves: ClassVar[bool] = True
    unit: str
    x: int
    y: int
    posture: str = "static"


@dataclass(frozen=True)
class RequestReinforcements(Order):
    """Ask the Council for the reserve; granted if its support suffices."""

    kind: ClassVar[str] = "request_reinforcements"
    tier: ClassVar[str] = "mission"


@dataclass(frozen=True)
class ActOnMisconduct(Order):
    """Investigate and act on an open misconduct case (repatriation, discipline, redress)."""

    kind: ClassVar[str] = "act_on_misconduct"
    tier: ClassVar[str] = "mission"
    case: str


ORDER_TYPES: dict[str, type[Order]] = {
    t.kind: t
    for t in (
        Negotiate,
        EngageCommunity,
        PublicInformation,
        SetUpAlertNetwork,
        Patrol,
        Guard,
        Escort,
        Interpose,
        EstablishPocSite,
        ShowOfForce,
        UseForce,
        SupportDDR,
        Investigate,
        ReportToCouncil,
        SupportInstitutions,
        Redeploy,
        RequestReinforcements,
        ActOnMisconduct,
    )
}
"""Every order type by its ``kind``."""

FORCE_ORDERS = (UseForce, ShowOfForce, Interpose)


def order_rung(order: Order) -> str | None:
    """The rung of force an order uses, if any."""
    if isinstance(order, UseForce):
        return order.rung
    if isinstance(order, ShowOfForce):
        return "show_of_force"
    if isinstance(order, Interpose):
        return "interposition"
    return None


def order_from_dict(d: dict[str, Any]) -> Order:
    """Rebuild an order from its ``to_dict`` form; ``OrderError`` with a clear message if not."""
    if not isinstance(d, dict) or "order" not in d:
        raise OrderError(f"an order needs an 'order' key naming its kind, got {d!r}")
    kind = d["order"]
    cls = ORDER_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise OrderError(f"unknown order '{kind}' (one of {', '.join(ORDER_TYPES)})")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    given = {k: v for k, v in d.items() if k != "order"}
    extra = [k for k in given if k not in fields]
    if extra:
        raise OrderError(f"order '{kind}' has no field(s) {', '.join(extra)}")
    missing = [
        n
        for n, f in fields.items()
        if n not in given
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise OrderError(f"order '{kind}' is missing {', '.join(missing)}")
    for name, value in given.items():
        want = str(fields[name].type)
        if want == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise OrderError(f"order '{kind}': {name} must be an integer, not {value!r}")
        if want == "str" and not isinstance(value, str):
            raise OrderError(f"order '{kind}': {name} must be a string, not {value!r}")
        if want == "str | None" and value is not None and not isinstance(value, str):
            raise OrderError(f"order '{kind}': {name} must be a string or null, not {value!r}")
    order = cls(**given)
    _check_values(order)
    return order


def _check_values(order: Order) -> None:
    """Value checks that need no mission: rungs, justifications, postures, sizes."""
    rung = getattr(order, "rung", None)
    if rung is not None and rung not in RUNGS:
        raise OrderError(f"unknown rung '{rung}' (one of {', '.join(RUNGS)})")
    just = getattr(order, "justification", None)
    if just is not None and just not in JUSTIFICATIONS:
        raise OrderError(f"unknown justification '{just}' (one of {', '.join(JUSTIFICATIONS)})")
    posture = getattr(order, "posture", None)
    if posture is not None and posture not in POSTURES:
        raise OrderError(f"unknown posture '{posture}' (one of {', '.join(POSTURES)})")
    if isinstance(order, EstablishPocSite) and order.capacity < 1:
        raise OrderError("a POC site needs a capacity of at least 1")
    if isinstance(order, SetUpAlertNetwork) and not 1 <= order.radius <= 64:
        raise OrderError("an alert network's radius is 1..64 cells")


# --------------------------------------------------------------------------- the situation


def unit_spec(mission: Mission, uid: str) -> tuple[str, Unit] | None:
    """The mission-file path and description of a unit (deployed, reserve or injected)."""
    for i, u in enumerate(mission.forces.units):
        if u.id == uid:
            return f"forces.units[{i}]", u
    for i, u in enumerate(mission.forces.reserve):
        if u.id == uid:
            return f"forces.reserve[{i}]", u
    for i, inj in enumerate(mission.injects):
        for j, e in enumerate(inj.effects):
            for k, u in enumerate(getattr(e, "units", None) or []):
                if u.id == uid:
                    return f"injects[{i}].effects[{j}].units[{k}]", u
    return None


class Situation:
    """What the rules know when judging orders: the mission, the world and the rules' state.

    Caches per-unit look-ups for one turn (build a new one after each step). ``reach`` of a
    unit is its protective reach plus one day's travel: how far it can act today.
    """

    def __init__(self, mission: Mission, world: World, state: RulesState) -> None:
        self.mission = mission
        self.world = world
        self.state = state
        self._presence: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
        self._civilians: dict[str, float] = {}

    @property
    def turn(self) -> int:
        """The day being ordered (days completed + 1)."""
        return self.world.turn + 1

    def unit(self, uid: str) -> UnitState | None:
        """The unit's live record, or None if it is not (or no longer) in the world."""
        for u in self.world.units:
            if u.id == uid:
                return u
        return None

    def reach(self, u: UnitState) -> float:
        """Cells within which the unit can act today (protective reach + a day's move)."""
        return reach_cells(self.world, u) + self.world.cells(type_profile(self.world, u).speed_km)

    def in_reach(self, u: UnitState, x: int, y: int, extra: float = 0.0) -> bool:
        """Whether (x, y) lies within the unit's reach today."""
        return math.hypot(x - u.x, y - u.y) <= self.reach(u) + extra

    def presence(self, u: UnitState) -> np.ndarray[Any, np.dtype[np.float64]]:
        """(F,) fighters of each faction within the unit's reach (attacking groups included)."""
        got = self._presence.get(u.id)
        if got is not None:
            return got
        w = self.world
        r = self.reach(u)
        h, wd = w.shape
        ys, xs = window(h, wd, u.y, u.x, math.ceil(r))
        m = disc(ys, xs, u.y, u.x, r)
        out: np.ndarray[Any, np.dtype[np.float64]] = w.armed[:, ys, xs][:, m].sum(
            axis=1, dtype=np.float64
        )
        for a in w.attacks:
            if math.hypot(a.x - u.x, a.y - u.y) <= r:
                out[a.faction] += a.strength
        self._presence[u.id] = out
        return out

    def civilians_near(self, u: UnitState) -> float:
        """Civilians (at home or displaced) within the unit's protective reach."""
        got = self._civilians.get(u.id)
        if got is not None:
            return got
        w = self.world
        r = max(1.0, reach_cells(w, u))
        h, wd = w.shape
        ys, xs = window(h, wd, u.y, u.x, math.ceil(r))
        m = disc(ys, xs, u.y, u.x, r)
        n = float(w.civilians[:, ys, xs][:, m].sum()) + float(w.displaced[:, ys, xs][:, m].sum())
        self._civilians[u.id] = n
        return n

    def threats_in_reach(self, u: UnitState, faction: str | None = None) -> list[KnownThreat]:
        """Known threats within the unit's reach (all, or one faction's)."""
        return [
            t
            for t in self.state.known_threats
            if (faction is None or t.faction == faction) and self.in_reach(u, t.x, t.y)
        ]

    def attacked_recently(self, faction: str, days: int = 2) -> bool:
        """Whether the faction killed peacekeepers in the last ``days`` days."""
        last = self.state.attacked_by.get(faction)
        return last is not None and self.turn - last <= days

    def hostile(self, faction: str) -> bool:
        """Whether the faction is hostile to the mission (consent below one half, or attacking)."""
        f = self.world.faction_ids.index(faction)
        return float(self.world.consent[f]) < 0.5 or self.attacked_recently(faction)

    def zone_breach(self, x: int, y: int) -> tuple[int, str] | None:
        """The first consent zone containing (x, y) whose faction's consent is too low."""
        for i, z in enumerate(self.mission.roe.consent_zones):
            zx, zy = self.mission.locate(z.at)
            f = self.world.faction_ids.index(z.faction)
            if math.hypot(x - zx, y - zy) <= z.radius and self.world.consent[f] < z.min_consent:
                return i, z.faction
        return None


# --------------------------------------------------------------------------- legality


def refuse(clause: str, reason: str) -> Verdict:
    """A refusal naming its clause."""
    return Verdict("refused", clause, reason)


@dataclass(frozen=True)
class Judgement:
    """A verdict and whether a refusal binds in every mode (the unit cannot) or only in strict."""

    verdict: Verdict
    binding: bool = False


ARMED_FOR_PROTECTION = ("infantry", "formed_police", "quick_reaction_force")
CAN_HOLD_SITE = ("infantry", "engineers", "quick_reaction_force", "formed_police")


def validate(order: Order, mission: Mission, world: World) -> None:
    """Raise ``OrderError`` if the order names an unknown id or a cell off the map."""
    _check_values(order)
    uid = getattr(order, "unit", None)
    if (
        uid is not None
        and not any(u.id == uid for u in world.units)
        and unit_spec(mission, uid) is None
    ):
        raise OrderError(f"unknown unit '{uid}'")
    fid = getattr(order, "faction", None)
    if fid is not None and fid not in world.faction_ids:
        raise OrderError(f"unknown faction '{fid}' (one of {', '.join(world.faction_ids)})")
    cid = getattr(order, "community", None)
    if cid is not None and cid not in world.community_ids:
        raise OrderError(f"unknown community '{cid}' (one of {', '.join(world.community_ids)})")
    if hasattr(order, "x"):
        h, wd = world.shape
        x, y = order.x, order.y  # type: ignore[attr-defined]
        if not (0 <= x < wd and 0 <= y < h):
            raise OrderError(f"cell [{x}, {y}] is outside the {wd}x{h} map")


def judge(order: Order, sit: Situation) -> Judgement:
    """Legality of ``order`` under the mission file, in the situation of this turn.

    The first binding problem wins (the unit cannot); then the first normative one (the
    file forbids it); otherwise allowed (possibly with a note, e.g. an approval delay).
    """
    m = sit.mission
    uid = order.unit_id
    u: UnitState | None = None
    path, spec = "forces.units", None
    if uid is not None:
        found = unit_spec(m, uid)
        if found is not None:
            path, spec = found
        u = sit.unit(uid)
        if u is None:
            return Judgement(
                refuse(path, f"Unit '{uid}' has not arrived in the mission area."), True
            )
        if not u.alive:
            return Judgement(refuse(path, f"Unit '{uid}' has left the mission."), True)
    binding = _capability(order, sit, u, path, spec)
    if binding is not None:
        return Judgement(binding, True)
    normative = _norms(order, sit, u)
    if normative is not None:
        return Judgement(normative, False)
    return Judgement(_note(order, sit, u, path, spec), False)


def _capability(
    order: Order, sit: Situation, u: UnitState | None, path: str, spec: Unit | None
) -> Verdict | None:
    """What the unit physically or nationally cannot do (binding in every mode)."""
    m = sit.mission
    if u is not None:
        utype = UNIT_TYPES[u.type]
        rung = order_rung(order)
        just = getattr(order, "justification", None)
        if utype == "military_observers" and rung is not None and rung != "verbal_warning":
            return refuse(
                f"{path}.type",
                "Military observers are unarmed: they can warn, not use or show force.",
            )
        if isinstance(order, Interpose) and utype not in ARMED_FOR_PROTECTION:
            return refuse(
                f"{path}.type",
                f"Only infantry, police or a reaction force can interpose, not {utype}.",
            )
        if isinstance(order, Escort) and utype not in ARMED_FOR_PROTECTION:
            return refuse(f"{path}.type", f"{utype.replace('_', ' ').capitalize()} cannot escort.")
        if isinstance(order, (Guard, EstablishPocSite)) and utype not in CAN_HOLD_SITE:
            return refuse(f"{path}.type", f"{utype.capitalize()} cannot hold a site alone.")
        if isinstance(order, SupportDDR) and utype == "helicopters":
            return refuse(f"{path}.type", "Helicopters cannot run a disarmament site.")
        if isinstance(order, Investigate) and utype == "engineers":
            return refuse(f"{path}.type", "Engineers do not investigate violations.")
        caveats = spec.caveats if spec is not None else []
        cav = f"{path}.caveats"
        if "self_defence_only" in caveats and rung is not None and just != "self_defence":
            return refuse(cav, "This contingent's country allows force in self-defence only.")
        if (
            "no_offensive_operations" in caveats
            and rung in ("non_lethal", "deadly")
            and just == "defence_of_mandate"
        ):
            return refuse(cav, "This contingent's country forbids offensive operations.")
        if "no_night_operations" in caveats and isinstance(order, (Patrol, Escort)):
            return refuse(
                cav, "This contingent may not operate at night, and a day's patrol or escort would."
            )
        if (
            "no_deployment_outside_sector" in caveats
            and order.moves
            and spec is not None
            and spec.sector is not None
        ):
            sx, sy = m.locate(spec.sector.at)
            x, y = order.x, order.y  # type: ignore[attr-defined]
            if math.hypot(x - sx, y - sy) > spec.sector.radius:
                return refuse(cav, "This contingent may not deploy outside its sector.")
    if isinstance(order, SupportDDR):
        f = sit.world.faction_ids.index(order.faction)
        if sit.world.consent[f] < 0.5:
            i = m.faction_ids.index(order.faction)
            return refuse(
                f"factions[{i}].consent",
                f"DDR is voluntary and {naming.name(m, order.faction)}'s consent "
                f"({sit.world.consent[f]:.2f}) is below one half.",
            )
    if isinstance(order, ActOnMisconduct) and not any(
        c.id == order.case and c.acted is None for c in sit.state.cases
    ):
        return refuse("", f"There is no open misconduct case '{order.case}'.")
    if isinstance(order, RequestReinforcements):
        left = [r for r in m.forces.reserve if r.id not in sit.state.reserve_sent]
        if not left:
            return refuse("forces.reserve", "No reserve units are left to request.")
    return None


def _norms(order: Order, sit: Situation, u: UnitState | None) -> Verdict | None:
    """What the mandate, the ROE or a consent zone forbid (strict: refused; free: a finding)."""
    m = sit.mission
    rung = order_rung(order)
    if rung is not None:
        just = str(getattr(order, "justification", "self_defence"))
        rules = [r for r in m.roe.force if r.rung == rung]
        if not rules:
            return refuse(
                "roe.force", f"The rules of engagement do not allow {rung.replace('_', ' ')}."
            )
        i = m.roe.force.index(rules[0])
        poc = m.mandate.protection_of_civilians
        if just == "protection_of_civilians" and not poc.mandated:
            return refuse(
                "mandate.protection_of_civilians",
                "The mandate does not include the protection of civilians.",
            )
        if just not in rules[0].justifications:
            return refuse(
                f"roe.force[{i}]",
                f"{rung.replace('_', ' ').capitalize()} is allowed only for "
                f"{', '.join(j.replace('_', ' ') for j in rules[0].justifications)}.",
            )
        if (
            just == "protection_of_civilians"
            and poc.imminent_threat_only
            and u is not None
            and not sit.threats_in_reach(u, getattr(order, "faction", None))
        ):
            return refuse(
                "mandate.protection_of_civilians",
                "Force to protect civilians is mandated only against an imminent threat, "
                "and none from this faction is known within reach.",
            )
        if (
            just == "defence_of_property"
            and rung == "deadly"
            and m.roe.deadly_force_for_property == "never"
        ):
            return refuse(
                "roe.deadly_force_for_property",
                "Deadly force may never be used to protect property.",
            )
    tasks = m.mandate.tasks
    if isinstance(order, SupportDDR) and "support_ddr" not in tasks:
        return refuse("mandate.tasks", "Supporting DDR is not a mandated task.")
    if isinstance(order, PublicInformation) and "public_information" not in tasks:
        return refuse("mandate.tasks", "The mission has no public-information mandate.")
    if isinstance(order, SupportInstitutions) and "support_institutions" not in tasks:
        return refuse("mandate.tasks", "Supporting host institutions is not a mandated task.")
    if isinstance(order, Investigate) and not (
        {"monitor_ceasefire", "human_rights_monitoring"} & set(tasks)
    ):
        return refuse("mandate.tasks", "Monitoring and investigation are not mandated tasks.")
    if isinstance(order, Escort) and not (
        {"humanitarian_access", "protect_civilians"} & set(tasks)
    ):
        return refuse("mandate.tasks", "Escorts need a humanitarian-access or protection task.")
    if order.moves or isinstance(order, SetUpAlertNetwork):
        x, y = order.x, order.y  # type: ignore[attr-defined]
        hit = sit.zone_breach(x, y)
        if hit is not None:
            i, fid = hit
            z = m.roe.consent_zones[i]
            return refuse(
                f"roe.consent_zones[{i}]",
                f"Entering {z.name} needs {naming.name(m, fid)}'s consent of at least "
                f"{z.min_consent:.2f}.",
            )
    return None


def _note(
    order: Order, sit: Situation, u: UnitState | None, path: str, spec: Unit | None
) -> Verdict:
    """An allowed order's verdict, with a note where it waits for approval."""
    rung = order_rung(order)
    if rung is not None and spec is not None and "national_approval_for_force" in spec.caveats:
        return Verdict(
            "allowed", f"{path}.caveats", f"Allowed, but {APPROVAL_WAIT} for national approval."
        )
    if rung is not None:
        for i, r in enumerate(sit.mission.roe.force):
            if r.rung == rung and r.approval == "headquarters":
                return Verdict(
                    "allowed", f"roe.force[{i}]", f"Allowed, but {APPROVAL_WAIT} for headquarters."
                )
    return ALLOWED


APPROVAL_WAIT = "it waits a day"
"""The phrase an allowed verdict carries when the order waits for approval (saved verdicts
keep it, so a restored game delays the same orders)."""


def approval_delay(verdict: Verdict) -> int:
    """Days an allowed order waits for approval (national or headquarters)."""
    return 1 if verdict.status == "allowed" and APPROVAL_WAIT in verdict.reason else 0


def finding_norm(order: Order, clause: str) -> str:
    """The norm an illegal order offends: force orders -> use of force, zones -> consent."""
    if clause.startswith("roe.consent_zones"):
        return "consent"
    if order_rung(order) is not None:
        return "use_of_force"
    if clause.startswith("mandate.protection_of_civilians"):
        return "duty_to_protect"
    return "consent"


# --------------------------------------------------------------------------- carrying out

NEGOTIATION_COOLDOWN = 3
NEGOTIATION_GAIN = 0.05
ZONE_BREACH_COST = 0.03
INFORMATION_COOLDOWN = 2
INVESTIGATION_COST = 0.003


def _recent_force(state: RulesState, faction: str, turn: int) -> float:
    """0..1: how much force the mission used on the faction in the last week."""
    lv = sum(1 + lvl for t, _, f, lvl in state.force_log if f == faction and turn - t <= 7)
    return min(1.0, lv / 10.0)


def directives_for(order: Order, sit: Situation) -> list[Any]:
    """The sim directives that carry out an order, with its effects on consent and legitimacy.

    Political orders (reports, reinforcements, misconduct) have no directive here: the
    session hands them to ``council`` and the rules' state. Mutates the rules' state only
    for cooldowns.
    """
    from game.sim import directives as d

    w, st, turn = sit.world, sit.state, sit.turn
    out: list[Any] = []
    uid = order.unit_id
    if isinstance(order, (Patrol, Guard, Escort, Redeploy, EstablishPocSite, Interpose)):
        assert uid is not None
        out.append(d.Move(uid, order.x, order.y))
        posture = {
            Patrol: "patrol",
            Guard: "guard",
            Escort: "alert",
            EstablishPocSite: "guard",
            Interpose: "alert",
        }.get(type(order), getattr(order, "posture", "static"))
        out.append(d.SetPosture(uid, posture))
        hit = sit.zone_breach(order.x, order.y)
        if hit is not None:
            out.append(d.ConsentDelta(hit[1], -ZONE_BREACH_COST))
            if (uid, hit[0]) not in st.zone_breaches:
                st.zone_breaches.append((uid, hit[0]))
    if isinstance(order, EstablishPocSite):
        out.append(d.EstablishPocSite(order.x, order.y, order.capacity))
    rung = order_rung(order)
    if rung is not None and uid is not None:
        out.append(d.Engage(uid, str(getattr(order, "faction", "")), rung))
    if isinstance(order, SetUpAlertNetwork):
        out.append(d.AlertNetwork(order.x, order.y, order.radius))
        hit = sit.zone_breach(order.x, order.y)
        if hit is not None:
            out.append(d.ConsentDelta(hit[1], -ZONE_BREACH_COST))
    elif isinstance(order, Negotiate):
        f = w.faction_ids.index(order.faction)
        c = float(w.consent[f])
        gain = NEGOTIATION_GAIN * (0.5 + w.credibility) * (1.0 - c)
        gain *= 1.0 - 0.8 * _recent_force(st, order.faction, turn)
        if not w.signatory[f]:
            gain *= 0.5
        last = st.last_negotiation.get(order.faction)
        if last is not None and turn - last < NEGOTIATION_COOLDOWN:
            gain *= 0.25
        st.last_negotiation[order.faction] = turn
        out.append(d.ConsentDelta(order.faction, gain))
    elif isinstance(order, (EngageCommunity, PublicInformation)):
        targets = [order.community] if order.community is not None else list(w.community_ids)
        base = 0.02 if isinstance(order, EngageCommunity) else 0.008
        for cid in targets:
            key = f"{order.kind}:{cid}"
            last = st.last_information.get(key)
            gain = base * (1.0 - float(w.legitimacy[w.community_ids.index(cid)]))
            if last is not None and turn - last < INFORMATION_COOLDOWN:
                gain *= 0.25
            st.last_information[key] = turn
            out.append(d.LegitimacyDelta(cid, gain))
    elif isinstance(order, SupportInstitutions):
        out.extend(d.LegitimacyDelta(cid, 0.003) for cid in w.community_ids)
        for f, kind in enumerate(w.faction_kind.tolist()):
            if kind == 0:  # government
                out.append(d.ConsentDelta(w.faction_ids[f], 0.005))
    elif isinstance(order, SupportDDR):
        u = sit.unit(order.unit)
        assert u is not None
        f = w.faction_ids.index(order.faction)
        avail = float(sit.presence(u)[f])
        count = int(min(avail * 0.1 * float(w.consent[f]), u.strength * 0.5))
        if count > 0:
            out.append(d.Disarm(order.faction, count, u.x, u.y))
        out.append(d.ConsentDelta(order.faction, 0.005))
    elif isinstance(order, Investigate):
        # reporting on a party's abuses costs a little of its consent (once per cooldown)
        key = f"investigate:{order.faction}"
        last = st.last_information.get(key)
        if last is None or turn - last >= INFORMATION_COOLDOWN:
            st.last_information[key] = turn
            out.append(d.ConsentDelta(order.faction, -INVESTIGATION_COST))
    return out
