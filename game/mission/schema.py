"""The mission file contract: frozen pydantic models for everything a scenario holds.

A mission YAML file is the single source of truth for a scenario: its map, its
parties, the mission's forces, the mandate and rules of engagement (ROE), what
counts as success, how the norms are weighted, and the injects an instructor can
fire. Every field carries a description; the JSON Schema that editors use
(`missions/mission.schema.json`) is generated from these models, so the two never
drift apart.

Cross-references (a faction's intent naming a community, a unit standing in a
named town, ...) are checked once the shapes are valid. They are reported as one
``mission_reference`` error whose context lists every problem with its location, so
the loader can point at each offending line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from game.mission.coefficients import Dynamics

FORMAT_VERSION = 1
"""The mission format this build reads and writes. Older files are upgraded step by step."""

MIN_MAP_SIDE = 64
MAX_MAP_SIDE = 2048
MAX_TURNS = 3650

Loc = tuple[str | int, ...]
"""A path into the mission document, as pydantic reports it: keys and list indices."""


class Strict(BaseModel):
    """Base of every mission model: immutable, and unknown keys are errors, not silence."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,39}$",
        description="A short lower-case name used to refer to this entry elsewhere in the file "
        "(letters, digits and '_', starting with a letter).",
    ),
]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Cell = tuple[
    Annotated[int, Field(ge=0, description="Column (x), 0 at the west edge.")],
    Annotated[int, Field(ge=0, description="Row (y), 0 at the north edge.")],
]
Location = Cell | Annotated[str, Field(min_length=1, description="The name of a town on the map.")]
Count = Annotated[int, Field(ge=0)]

# --------------------------------------------------------------------------- metadata


class Meta(Strict):
    """Who, where and when: what the mission is and the record it rests on."""

    id: Identifier = Field(description="Short identifier of the mission, e.g. 'unamir_1994'.")
    name: str = Field(min_length=1, description="Title shown in the mission list.")
    summary: str = Field(default="", description="One or two sentences for the mission list.")
    historical_basis: str = Field(
        default="",
        description="The real operation this mission is drawn from, or 'fictional'.",
    )
    start_date: date | None = Field(
        default=None, description="Calendar date of turn 1 (one turn is one day)."
    )
    end_date: date | None = Field(
        default=None, description="Calendar date the historical episode ended, if any."
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Documents every figure in this file rests on, cited by name.",
    )
    notes: str = Field(
        default="",
        description="Where figures are uncertain or abstracted for play, say so here.",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Meta:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class Briefing(Strict):
    """What the player reads before the first turn."""

    summary: str = Field(min_length=1, description="The situation and the task in a paragraph.")
    situation: str = Field(default="", description="The parties, the ground and the threat.")
    background: str = Field(
        default="", description="Historical background: what really happened, and why it matters."
    )


# --------------------------------------------------------------------------- the map


class Town(Strict):
    """A settlement: a disc of urban cells holding civilians of one or more communities."""

    name: str = Field(min_length=1, description="Town name, unique on the map.")
    at: Cell = Field(description="Centre cell [x, y].")
    radius: int = Field(default=3, ge=0, le=256, description="Radius of the urban area in cells.")
    population: dict[str, Count] = Field(
        default_factory=dict, description="Civilians per community id living in the town."
    )
    poc_site: Count = Field(
        default=0,
        description="Capacity of a protection-of-civilians site at this town (0 = none yet).",
    )


class Path(Strict):
    """A road or a river: a polyline through cells."""

    name: str = Field(default="", description="Label shown on the map.")
    points: list[Cell] = Field(min_length=2, description="Cells [x, y] joined by straight lines.")
    width: int = Field(default=1, ge=1, le=16, description="Width in cells.")


class Area(Strict):
    """A disc of forest or hills."""

    name: str = Field(default="", description="Label shown on the map.")
    at: Cell = Field(description="Centre cell [x, y].")
    radius: int = Field(ge=1, le=1024, description="Radius in cells.")


class MapSpec(Strict):
    """How to build the grid: generated from these features, or read from a layer file."""

    width: int = Field(ge=MIN_MAP_SIDE, le=MAX_MAP_SIDE, description="Columns of the grid.")
    height: int = Field(ge=MIN_MAP_SIDE, le=MAX_MAP_SIDE, description="Rows of the grid.")
    cell_km: float = Field(default=1.0, gt=0, le=100, description="Side of one cell in km.")
    seed: int = Field(
        default=0, ge=0, description="Seed of the terrain generator (not of the game)."
    )
    towns: list[Town] = Field(default_factory=list, description="Settlements and who lives there.")
    rural_population: dict[str, Count] = Field(
        default_factory=dict,
        description="Civilians per community id spread over the countryside outside towns.",
    )
    roads: list[Path] = Field(default_factory=list, description="Roads: fast movement.")
    rivers: list[Path] = Field(default_factory=list, description="Rivers: water, crossed slowly.")
    forests: list[Area] = Field(default_factory=list, description="Forest: cover, slow movement.")
    hills: list[Area] = Field(default_factory=list, description="Hills: cover, slow movement.")
    layers: str | None = Field(
        default=None,
        pattern=r"^maps/[A-Za-z0-9_\-]+\.npz$",
        description="Explicit terrain layers in missions/maps/NAME.npz instead of generated "
        "terrain (towns still place the population).",
    )


# --------------------------------------------------------------------------- the parties


class Community(Strict):
    """A group of civilians the mission must protect, with its own view of the mission."""

    id: Identifier
    name: str = Field(min_length=1, description="Name shown to the player.")
    legitimacy: Fraction = Field(
        default=0.5,
        description="How legitimate this community finds the mission (0..1); drives "
        "cooperation and early warning.",
    )
    hardship: Fraction = Field(
        default=0.3,
        description="Hardship (Epstein 2002) felt by the community (0..1); with low "
        "legitimacy it feeds grievance and recruitment.",
    )


FactionKind = Literal["government", "rebel", "militia", "spoiler"]


class Deployment(Strict):
    """Armed strength of a faction around a place."""

    at: Location = Field(description="Cell [x, y] or a town name.")
    strength: int = Field(ge=1, description="Armed personnel.")
    radius: int = Field(default=2, ge=0, le=256, description="Spread in cells.")


class Faction(Strict):
    """An armed party: host-government forces, rebels, militias or spoilers."""

    id: Identifier
    name: str = Field(min_length=1, description="Name shown to the player.")
    kind: FactionKind = Field(
        description="government (the host state, whose consent the mission needs), rebel, "
        "militia or spoiler (outside any agreement)."
    )
    deployments: list[Deployment] = Field(
        min_length=1, description="Where its armed strength stands at turn 1."
    )
    intent: dict[str, Fraction] = Field(
        default_factory=dict,
        description="Hostility toward each community id: 0 no intent to harm, 1 intent to "
        "exterminate. Communities left out are 0.",
    )
    consent: Fraction = Field(description="Consent to the mission's presence at turn 1 (0..1).")
    supply: Fraction = Field(default=0.5, description="Arms, ammunition and pay (0..1).")
    cohesion: Fraction = Field(
        default=0.7, description="Command cohesion (0..1): how well leaders' commitments hold."
    )
    signatory: bool = Field(
        default=True, description="Party to the peace agreement; spoilers usually are not."
    )
    recruits_from: list[str] = Field(
        default_factory=list,
        description="Community ids whose aggrieved members join this faction (Epstein-style "
        "mobilisation); empty: it does not recruit.",
    )
    patron: str | None = Field(
        default=None,
        description="Council member that shields this faction and can block action against it.",
    )


# --------------------------------------------------------------------------- the mission's forces

UnitType = Literal[
    "infantry",
    "formed_police",
    "military_observers",
    "engineers",
    "helicopters",
    "quick_reaction_force",
]
Caveat = Literal[
    "no_offensive_operations",
    "no_night_operations",
    "no_deployment_outside_sector",
    "self_defence_only",
    "national_approval_for_force",
]
Posture = Literal["static", "patrol", "guard", "alert"]


class Sector(Strict):
    """A disc a unit is confined to when its country's caveats say so."""

    at: Location = Field(description="Centre: cell [x, y] or a town name.")
    radius: int = Field(ge=1, le=2048, description="Radius in cells.")


class Unit(Strict):
    """A peacekeeping unit on the map."""

    id: Identifier
    name: str = Field(min_length=1, description="Name shown to the player, e.g. 'KIBAT'.")
    type: UnitType = Field(description="What the unit is and can do.")
    strength: int = Field(ge=1, description="Personnel.")
    at: Location = Field(description="Cell [x, y] or a town name at turn 1.")
    country: str = Field(min_length=1, description="Troop- or police-contributing country.")
    caveats: list[Caveat] = Field(
        default_factory=list, description="National caveats limiting what the unit may do."
    )
    posture: Posture = Field(default="static", description="Posture at turn 1.")
    readiness: Fraction = Field(default=1.0, description="Readiness at turn 1 (0..1).")
    sector: Sector | None = Field(
        default=None,
        description="Area of responsibility; required by no_deployment_outside_sector.",
    )


class Contributor(Strict):
    """A troop-contributing country, modelled as a Granovetter threshold agent."""

    country: str = Field(min_length=1, description="Country name as used by its units.")
    threshold: Fraction = Field(
        default=0.25,
        description="Share of contributors already withdrawn at which this one withdraws too.",
    )
    casualty_tolerance: int | None = Field(
        default=None,
        ge=0,
        description="Own peacekeepers killed that make it withdraw regardless (None: no limit).",
    )


class Forces(Strict):
    """The mission's units, their contributors and what can be asked for."""

    units: list[Unit] = Field(min_length=1, description="Units deployed at turn 1.")
    reserve: list[Unit] = Field(
        default_factory=list, description="Units that arrive if reinforcements are requested."
    )
    reinforcement_delay: int = Field(
        default=14, ge=0, le=365, description="Turns between a granted request and arrival."
    )
    contributors: list[Contributor] = Field(
        default_factory=list,
        description="Contributing countries; when given, every unit's country must be listed.",
    )


# --------------------------------------------------------------------------- mandate and ROE

Task = Literal[
    "monitor_ceasefire",
    "protect_civilians",
    "support_ddr",
    "support_elections",
    "human_rights_monitoring",
    "humanitarian_access",
    "support_institutions",
    "security_of_capital",
    "mine_action",
    "public_information",
]


class ProtectionOfCivilians(Strict):
    """The protection-of-civilians clause, if the mandate has one."""

    mandated: bool = Field(default=False, description="Whether the mandate includes POC.")
    imminent_threat_only: bool = Field(
        default=True, description="Force to protect civilians only under imminent threat."
    )
    within_capabilities: bool = Field(
        default=True, description="'Within capabilities and areas of deployment'."
    )
    text: str = Field(default="", description="The clause as the resolution words it.")


class Mandate(Strict):
    """What the Security Council authorised."""

    chapter: Literal["VI", "VII"] = Field(
        description="Chapter VI (consent-based) or VII (enforcement powers) of the UN Charter."
    )
    resolution: str = Field(default="", description="The founding resolution, e.g. 'S/RES/872'.")
    authorised_strength: int | None = Field(
        default=None, ge=1, description="Personnel ceiling the Council authorised."
    )
    protection_of_civilians: ProtectionOfCivilians = Field(
        default_factory=ProtectionOfCivilians, description="The POC clause."
    )
    tasks: list[Task] = Field(min_length=1, description="Mandated tasks.")
    text: str = Field(default="", description="Plain summary of the mandate for the player.")


Rung = Literal[
    "verbal_warning",
    "show_of_force",
    "interposition",
    "warning_shots",
    "non_lethal",
    "deadly",
]
RUNGS: tuple[Rung, ...] = (
    "verbal_warning",
    "show_of_force",
    "interposition",
    "warning_shots",
    "non_lethal",
    "deadly",
)
"""The escalation ladder, lowest first (DOCTRINE.md, 'Use of force')."""

Justification = Literal[
    "self_defence",
    "defence_of_mandate",
    "protection_of_civilians",
    "defence_of_property",
]


class ForceRule(Strict):
    """Which justifications permit one rung of the escalation ladder."""

    rung: Rung = Field(description="The rung of force this rule governs.")
    justifications: list[Justification] = Field(
        min_length=1, description="Reasons for which this rung is allowed."
    )
    approval: Literal["none", "commander", "headquarters"] = Field(
        default="none", description="Who must approve before this rung is used."
    )
    note: str = Field(default="", description="The rule as the ROE card words it.")


class ConsentZone(Strict):
    """An area the mission may enter only with a faction's consent."""

    name: str = Field(min_length=1, description="Name shown on the map.")
    at: Location = Field(description="Centre: cell [x, y] or a town name.")
    radius: int = Field(ge=1, le=2048, description="Radius in cells.")
    faction: str = Field(description="Faction id whose consent is needed.")
    min_consent: Fraction = Field(
        default=0.5, description="Entry is allowed while that faction's consent is at least this."
    )


class ROE(Strict):
    """Rules of engagement: the use of force and where consent is needed."""

    force: list[ForceRule] = Field(
        min_length=1, description="One rule per allowed rung; rungs not listed are forbidden."
    )
    consent_zones: list[ConsentZone] = Field(
        default_factory=list, description="Areas needing a faction's consent to enter."
    )
    deadly_force_for_property: Literal["never", "mission_essential"] = Field(
        default="mission_essential",
        description="Deadly force to protect property: never, or for mission-essential "
        "property only (DOCTRINE.md).",
    )


# --------------------------------------------------------------------------- outcomes

METRICS: dict[str, Literal["none", "community", "faction", "country"]] = {
    "turn": "none",
    "civilians_killed": "community",
    "civilians_displaced": "community",
    "civilians_sheltered": "none",
    "peacekeepers_killed": "country",
    "mission_strength": "none",
    "faction_strength": "faction",
    "faction_consent": "faction",
    "community_legitimacy": "community",
    "combatants_disarmed": "none",
    "council_support": "none",
    "contributors_withdrawn": "none",
}
"""Metric names a condition may test, and what the optional ':arg' names (none: no arg).

'civilians_killed' alone is the total; 'civilians_killed:tutsi' one community.
"""

Comparison = Literal["<", "<=", ">", ">=", "=="]


class Condition(Strict):
    """A test on one metric, e.g. ``{metric: civilians_killed, op: '>=', value: 1000}``."""

    metric: str = Field(
        description="Metric name, optionally ':id' of a community, faction or country: "
        + ", ".join(METRICS)
        + "."
    )
    op: Comparison = Field(description="Comparison.")
    value: float = Field(description="Threshold compared with the metric.")

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        name, _, arg = v.partition(":")
        if name not in METRICS:
            raise PydanticCustomError(
                "unknown_metric",
                "unknown metric '{name}'{hint}",
                {"name": name, "hint": _did_you_mean(name, METRICS)},
            )
        if arg and METRICS[name] == "none":
            raise PydanticCustomError(
                "metric_argument", "metric '{name}' takes no ':argument'", {"name": name}
            )
        if name in {"faction_strength", "faction_consent", "community_legitimacy"} and not arg:
            raise PydanticCustomError(
                "metric_argument",
                "metric '{name}' needs ':{kind}_id'",
                {"name": name, "kind": METRICS[name]},
            )
        return v


class Objective(Strict):
    """Something the mission is asked to achieve, checked at its deadline or the end."""

    id: Identifier
    text: str = Field(min_length=1, description="The objective as the player reads it.")
    when: list[Condition] = Field(min_length=1, description="All must hold for success.")
    by_turn: int | None = Field(
        default=None, ge=1, description="Deadline turn (None: judged at the end)."
    )
    weight: float = Field(default=1.0, ge=0, description="Weight in the objectives score.")


class EndCondition(Strict):
    """A state that ends the mission early, with its outcome."""

    id: Identifier
    when: list[Condition] = Field(min_length=1, description="All must hold to end the game.")
    outcome: Literal["success", "failure", "withdrawal"] = Field(description="How it ends.")
    text: str = Field(default="", description="What the player is told.")


class End(Strict):
    """When the mission ends."""

    turn_limit: int = Field(ge=1, le=MAX_TURNS, description="Last turn (one turn is one day).")
    conditions: list[EndCondition] = Field(
        default_factory=list, description="Early endings, checked after every turn."
    )


class Weights(Strict):
    """Relative weight of each norm in the mission score; normalised to sum to 1."""

    impartiality: float = Field(default=1.0, ge=0, description="Weight of impartiality.")
    consent: float = Field(default=1.0, ge=0, description="Weight of consent.")
    use_of_force: float = Field(default=1.0, ge=0, description="Weight of the use of force.")
    duty_to_protect: float = Field(default=1.0, ge=0, description="Weight of duty to protect.")
    accountability: float = Field(default=1.0, ge=0, description="Weight of accountability.")

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one norm weight must be above 0")
        return self


class Scoring(Strict):
    """How the norms are weighted for this mission."""

    weights: Weights = Field(default_factory=Weights, description="Norm weights.")
    objectives_weight: float = Field(
        default=1.0, ge=0, description="Weight of the objectives next to the norms' total."
    )


class Council(Strict):
    """The Security Council as the mission sees it."""

    members: list[str] = Field(
        default_factory=lambda: [
            "China",
            "France",
            "Russia",
            "United Kingdom",
            "United States",
        ],
        description="Members that can act as patrons and block steps of the enforcement ladder.",
    )
    support: Fraction = Field(
        default=0.5, description="Initial Council support for acting on violations (0..1)."
    )


# --------------------------------------------------------------------------- injects


class _Effect(Strict):
    """Common base of inject effects."""


class SetIntent(_Effect):
    """Change a faction's hostility toward a community."""

    type: Literal["set_intent"] = Field(description="Effect kind: set_intent.")
    faction: str = Field(description="Faction id.")
    community: str = Field(description="Community id.")
    value: Fraction = Field(description="New hostility (0..1).")


class ChangeConsent(_Effect):
    """Shift a faction's consent to the mission."""

    type: Literal["change_consent"] = Field(description="Effect kind: change_consent.")
    faction: str = Field(description="Faction id.")
    delta: float = Field(ge=-1, le=1, description="Added to consent, then clipped to 0..1.")


class ChangeLegitimacy(_Effect):
    """Shift a community's view of the mission's legitimacy."""

    type: Literal["change_legitimacy"] = Field(description="Effect kind: change_legitimacy.")
    community: str = Field(description="Community id.")
    delta: float = Field(ge=-1, le=1, description="Added to legitimacy, then clipped to 0..1.")


class ChangeStrength(_Effect):
    """Arm (or disarm) a faction, optionally at one place."""

    type: Literal["change_strength"] = Field(description="Effect kind: change_strength.")
    faction: str = Field(description="Faction id.")
    delta: int = Field(description="Personnel added (negative: removed).")
    at: Location | None = Field(default=None, description="Where (default: spread evenly).")
    radius: int = Field(default=2, ge=0, le=256, description="Spread in cells around 'at'.")


class Attack(_Effect):
    """A faction attacks a place: its hostility there peaks for some days."""

    type: Literal["attack"] = Field(description="Effect kind: attack.")
    faction: str = Field(description="Faction id of the attackers.")
    at: Location = Field(description="Target: cell [x, y] or a town name.")
    strength: int = Field(ge=1, description="Attackers committed.")
    days: int = Field(default=3, ge=1, le=365, description="How long the attack lasts.")


class ForceCut(_Effect):
    """The mission's force is cut (or raised) to a total strength by decision from above."""

    type: Literal["force_cut"] = Field(description="Effect kind: force_cut.")
    to_strength: int = Field(ge=0, description="Total mission personnel after the cut.")


class WithdrawContributor(_Effect):
    """A contributing country pulls its units out."""

    type: Literal["withdraw_contributor"] = Field(description="Effect kind: withdraw_contributor.")
    country: str = Field(description="Contributing country.")


class Reinforce(_Effect):
    """New units arrive."""

    type: Literal["reinforce"] = Field(description="Effect kind: reinforce.")
    units: list[Unit] = Field(min_length=1, description="Units that arrive.")


class PeacekeepersKilled(_Effect):
    """Peacekeepers of one unit are killed (a scandal or an ambush the scenario scripts)."""

    type: Literal["peacekeepers_killed"] = Field(description="Effect kind: peacekeepers_killed.")
    unit: str = Field(description="Unit id.")
    count: int = Field(ge=1, description="Peacekeepers killed.")


class Misconduct(_Effect):
    """An allegation of misconduct against a unit, which the mission must act on."""

    type: Literal["misconduct"] = Field(description="Effect kind: misconduct.")
    unit: str = Field(description="Unit id.")
    kind: Literal["sexual_exploitation", "abuse", "negligence", "corruption"] = Field(
        description="What is alleged."
    )


class Intelligence(_Effect):
    """A warning reaches the mission (an informant, an alert network, a cable)."""

    type: Literal["intelligence"] = Field(description="Effect kind: intelligence.")
    at: Location = Field(description="Where the threat is: cell [x, y] or a town name.")
    faction: str | None = Field(default=None, description="Faction id behind the threat.")


class ChangeCouncilSupport(_Effect):
    """Council support for action shifts."""

    type: Literal["change_council_support"] = Field(
        description="Effect kind: change_council_support."
    )
    delta: float = Field(ge=-1, le=1, description="Added to support, then clipped to 0..1.")


Effect = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads best spelled out
        SetIntent,
        ChangeConsent,
        ChangeLegitimacy,
        ChangeStrength,
        Attack,
        ForceCut,
        WithdrawContributor,
        Reinforce,
        PeacekeepersKilled,
        Misconduct,
        Intelligence,
        ChangeCouncilSupport,
    ],
    Field(discriminator="type"),
]


class Trigger(Strict):
    """When an inject fires: on a turn, when conditions hold, or only by the instructor."""

    turn: int | None = Field(default=None, ge=1, description="Fires at the start of this turn.")
    when: list[Condition] = Field(
        default_factory=list, description="Fires the first turn all of these hold."
    )
    manual: bool = Field(
        default=False, description="Only the instructor fires it (training exercises)."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Trigger:
        kinds = (self.turn is not None) + bool(self.when) + self.manual
        if kinds != 1:
            raise ValueError("give exactly one of 'turn', 'when' or 'manual: true'")
        return self


class Inject(Strict):
    """A scripted event: a message to the player and effects on the world."""

    id: Identifier
    title: str = Field(min_length=1, description="Headline of the notification.")
    message: str = Field(default="", description="What the player is told.")
    trigger: Trigger = Field(description="When it fires.")
    effects: list[Effect] = Field(default_factory=list, description="What it changes.")


# --------------------------------------------------------------------------- the mission


class Mission(Strict):
    """A whole scenario, validated and immutable."""

    format: int = Field(
        description=f"Mission format version; this build reads {FORMAT_VERSION} "
        "(older files are upgraded with 'bluehelm upgrade')."
    )
    meta: Meta = Field(description="What the mission is and its sources.")
    briefing: Briefing = Field(description="What the player reads first.")
    map: MapSpec = Field(description="The grid and its features.")
    communities: list[Community] = Field(min_length=1, description="Civilian communities.")
    factions: list[Faction] = Field(min_length=1, description="Armed parties.")
    forces: Forces = Field(description="The mission's units and contributors.")
    mandate: Mandate = Field(description="What the Security Council authorised.")
    roe: ROE = Field(description="Rules of engagement.")
    council: Council = Field(default_factory=Council, description="The Security Council.")
    objectives: list[Objective] = Field(default_factory=list, description="What to achieve.")
    end: End = Field(description="When the mission ends.")
    scoring: Scoring = Field(default_factory=Scoring, description="Norm weights.")
    injects: list[Inject] = Field(default_factory=list, description="Scripted events.")
    dynamics: Dynamics = Field(
        default_factory=Dynamics,
        description="Coefficients of the simulation; the defaults are documented and rarely "
        "need changing.",
    )

    @field_validator("format")
    @classmethod
    def _known_format(cls, v: int) -> int:
        if v > FORMAT_VERSION:
            raise PydanticCustomError(
                "format_newer",
                "format {v} is newer than this Blue Helm understands ({current}); update Blue Helm",
                {"v": v, "current": FORMAT_VERSION},
            )
        if v < FORMAT_VERSION:
            raise PydanticCustomError(
                "format_older",
                "format {v} is older than {current}; run 'bluehelm upgrade FILE'",
                {"v": v, "current": FORMAT_VERSION},
            )
        return v

    @model_validator(mode="after")
    def _references(self) -> Mission:
        problems = list(reference_problems(self))
        if problems:
            raise PydanticCustomError(
                "mission_reference",
                "{summary}",
                {
                    "summary": "; ".join(f"{_dotted(loc)}: {msg}" for loc, msg in problems),
                    "problems": problems,
                },
            )
        return self

    # Convenience lookups used by the simulation, the rules and the UI.
    def town(self, name: str) -> Town:
        """The town called ``name`` (KeyError if none)."""
        for t in self.map.towns:
            if t.name == name:
                return t
        raise KeyError(name)

    def locate(self, at: Location) -> tuple[int, int]:
        """Turn a location (a cell or a town name) into a cell (x, y)."""
        if isinstance(at, str):
            x, y = self.town(at).at
            return (x, y)
        return (at[0], at[1])

    @property
    def community_ids(self) -> list[str]:
        """Community ids in file order: the index order of every per-community layer."""
        return [c.id for c in self.communities]

    @property
    def faction_ids(self) -> list[str]:
        """Faction ids in file order: the index order of every per-faction layer."""
        return [f.id for f in self.factions]


# --------------------------------------------------------------------------- cross-references


def _did_you_mean(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _Checker:
    """Shared look-ups for the cross-reference pass over one mission."""

    def __init__(self, m: Mission) -> None:
        self.m = m
        self.communities = m.community_ids
        self.factions = m.faction_ids
        self.towns = [t.name for t in m.map.towns]
        self.units = [u.id for u in (*m.forces.units, *m.forces.reserve)]
        self.countries = sorted({u.country for u in (*m.forces.units, *m.forces.reserve)})

    def ref(
        self, loc: Loc, kind: str, name: str, known: list[str], hint: str = ""
    ) -> Iterator[tuple[Loc, str]]:
        """A name that must be one of ``known``: the closest match if there is one, else
        the names there are; ``hint`` says where a new one would be declared."""
        if name in known:
            return
        close = _did_you_mean(name, known)
        if close:  # most likely a typo: the fix is the suggestion
            yield loc, f"unknown {kind} '{name}'{close}"
            return
        listed = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
        msg = f"unknown {kind} '{name}'" + (f" (known: {listed})" if known else "")
        yield loc, msg + (f"; {hint}" if hint else "")

    def cell(self, loc: Loc, cell: tuple[int, int]) -> Iterator[tuple[Loc, str]]:
        """A cell that must lie on the map."""
        x, y, w, h = cell[0], cell[1], self.m.map.width, self.m.map.height
        if x >= w or y >= h:
            yield loc, f"cell [{x}, {y}] is outside the {w}x{h} map"

    def location(self, loc: Loc, at: Location) -> Iterator[tuple[Loc, str]]:
        """A cell on the map, or the name of a town."""
        if isinstance(at, str):
            yield from self.ref(loc, "town", at, self.towns)
        else:
            yield from self.cell(loc, (at[0], at[1]))

    def unique(self, loc: Loc, kind: str, names: list[str]) -> Iterator[tuple[Loc, str]]:
        """Names that must not repeat within one list."""
        seen: set[str] = set()
        for i, n in enumerate(names):
            if n in seen:
                yield (*loc, i), f"duplicate {kind} '{n}'"
            seen.add(n)

    def conditions(self, loc: Loc, conds: list[Condition]) -> Iterator[tuple[Loc, str]]:
        """Metric arguments that must name a known community, faction or country."""
        for i, c in enumerate(conds):
            name, _, arg = c.metric.partition(":")
            kind = METRICS[name]
            if arg:
                known = {
                    "community": self.communities,
                    "faction": self.factions,
                    "country": self.countries,
                }.get(kind, [])
                yield from self.ref(
                    (*loc, i, "metric"), kind, arg, known, f"'{name}:' takes a {kind} id"
                )
            if name in {"faction_consent", "community_legitimacy"} and not 0 <= c.value <= 1:
                yield (*loc, i, "value"), "consent and legitimacy are between 0 and 1"

    def effect(self, loc: Loc, e: Any) -> Iterator[tuple[Loc, str]]:
        """Cross-references inside one inject effect."""
        if getattr(e, "faction", None) is not None:
            yield from self.ref((*loc, "faction"), "faction", e.faction, self.factions)
        if hasattr(e, "community"):
            yield from self.ref((*loc, "community"), "community", e.community, self.communities)
        if hasattr(e, "unit"):
            yield from self.ref((*loc, "unit"), "unit", e.unit, self.units)
        if hasattr(e, "country"):
            yield from self.ref((*loc, "country"), "country", e.country, self.countries)
        if getattr(e, "at", None) is not None:
            yield from self.location((*loc, "at"), e.at)
        if isinstance(e, Reinforce):
            for k, u in enumerate(e.units):
                yield from self.location((*loc, "units", k, "at"), u.at)


def reference_problems(m: Mission) -> Iterator[tuple[Loc, str]]:
    """Every broken cross-reference or out-of-map position, with its place in the file.

    Runs after the shapes are valid; yields ``(loc, message)`` so the loader can point at
    the exact line. Pure: it only reads the mission.
    """
    ck = _Checker(m)
    # identifiers are unique where they are referred to
    yield from ck.unique(("communities",), "community id", ck.communities)
    yield from ck.unique(("factions",), "faction id", ck.factions)
    yield from ck.unique(("map", "towns"), "town name", ck.towns)
    yield from ck.unique(("objectives",), "objective id", [o.id for o in m.objectives])
    yield from ck.unique(("injects",), "inject id", [i.id for i in m.injects])
    yield from ck.unique(
        ("end", "conditions"), "end condition id", [c.id for c in m.end.conditions]
    )
    seen_units: set[str] = set()
    for group in ("units", "reserve"):
        for i, u in enumerate(getattr(m.forces, group)):
            if u.id in seen_units:
                yield ("forces", group, i, "id"), f"duplicate unit id '{u.id}'"
            seen_units.add(u.id)

    # the map
    for i, t in enumerate(m.map.towns):
        yield from ck.cell(("map", "towns", i, "at"), t.at)
        for c in t.population:
            yield from ck.ref(("map", "towns", i, "population", c), "community", c, ck.communities)
    for c in m.map.rural_population:
        yield from ck.ref(("map", "rural_population", c), "community", c, ck.communities)
    for group in ("roads", "rivers"):
        for i, p in enumerate(getattr(m.map, group)):
            for j, pt in enumerate(p.points):
                yield from ck.cell(("map", group, i, "points", j), pt)
    for group in ("forests", "hills"):
        for i, a in enumerate(getattr(m.map, group)):
            yield from ck.cell(("map", group, i, "at"), a.at)
    people = sum(sum(t.population.values()) for t in m.map.towns)
    if people + sum(m.map.rural_population.values()) == 0:
        yield ("map",), "no civilians: give a town a population or set rural_population"

    # the parties
    for i, f in enumerate(m.factions):
        for j, d in enumerate(f.deployments):
            yield from ck.location(("factions", i, "deployments", j, "at"), d.at)
        for c in f.intent:
            yield from ck.ref(("factions", i, "intent", c), "community", c, ck.communities)
        for j, c in enumerate(f.recruits_from):
            loc = ("factions", i, "recruits_from", j)
            yield from ck.ref(loc, "community", c, ck.communities)
        if f.patron is not None:
            members = m.council.members
            yield from ck.ref(
                ("factions", i, "patron"),
                "Council member",
                f.patron,
                members,
                "add it to council.members to make it one",
            )

    # the mission's forces
    contributors = [c.country for c in m.forces.contributors]
    yield from ck.unique(("forces", "contributors"), "contributor", contributors)
    for group in ("units", "reserve"):
        for i, u in enumerate(getattr(m.forces, group)):
            base: Loc = ("forces", group, i)
            yield from ck.location((*base, "at"), u.at)
            if contributors:
                yield from ck.ref(
                    (*base, "country"),
                    "contributor",
                    u.country,
                    contributors,
                    "once forces.contributors is given, every unit's country must be in it",
                )
            if "no_deployment_outside_sector" in u.caveats and u.sector is None:
                yield (*base, "caveats"), "no_deployment_outside_sector needs a 'sector'"
            if u.sector is not None:
                yield from ck.location((*base, "sector", "at"), u.sector.at)
    total = sum(u.strength for u in m.forces.units)
    cap = m.mandate.authorised_strength
    if cap is not None and total > cap:
        yield ("forces", "units"), f"units total {total} personnel, above the authorised {cap}"

    # ROE
    yield from ck.unique(("roe", "force"), "rung", [str(r.rung) for r in m.roe.force])
    for i, z in enumerate(m.roe.consent_zones):
        yield from ck.location(("roe", "consent_zones", i, "at"), z.at)
        yield from ck.ref(("roe", "consent_zones", i, "faction"), "faction", z.faction, ck.factions)
    if not m.mandate.protection_of_civilians.mandated:
        for i, r in enumerate(m.roe.force):
            if "protection_of_civilians" in r.justifications:
                yield (
                    ("roe", "force", i, "justifications"),
                    "protection_of_civilians is not mandated (mandate.protection_of_civilians)",
                )

    # outcomes
    limit = m.end.turn_limit
    for i, o in enumerate(m.objectives):
        yield from ck.conditions(("objectives", i, "when"), o.when)
        if o.by_turn is not None and o.by_turn > limit:
            yield ("objectives", i, "by_turn"), f"turn {o.by_turn} is after the turn limit {limit}"
    for i, ending in enumerate(m.end.conditions):
        yield from ck.conditions(("end", "conditions", i, "when"), ending.when)

    # injects
    for i, inj in enumerate(m.injects):
        base = ("injects", i)
        turn = inj.trigger.turn
        if turn is not None and turn > limit:
            yield (*base, "trigger", "turn"), f"turn {turn} is after the turn limit {limit}"
        yield from ck.conditions((*base, "trigger", "when"), inj.trigger.when)
        for j, e in enumerate(inj.effects):
            yield from ck.effect((*base, "effects", j), e)


def field_paths(model: type[BaseModel] = Mission, prefix: str = "") -> list[str]:
    """Every field of the schema as a dotted path (``forces.units.caveats``).

    The mission author's guide must mention each; a test holds it to that.
    """
    out: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        out.append(path)
        for sub in _models_in(info.annotation):
            out.extend(field_paths(sub, path + "."))
    return sorted(set(out))


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """Model classes nested anywhere inside a type annotation (lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from _models_in(arg)
