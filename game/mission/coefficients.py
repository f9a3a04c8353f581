"""Coefficients of the simulation, as a mission file may set them (``dynamics:``).

Every coefficient has a documented default; a mission changes one only to say something
about its setting (a faction that fights harder, a terrain that hides more). Defaults are
grouped by the mechanism they drive (violence, protection, factions, displacement, early
warning, legitimacy, mobilisation). Where a default is a modelling assumption rather than
a figure from DOCTRINE.md, its description says "Assumption". Rates are per day (one turn
is one day); distances are in km and converted to cells with ``map.cell_km``.
"""

from __future__ import annotations

import warnings
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from game.mission.order_coefficients import OrderCoefficients


class _Frozen(BaseModel):
    """Base of every coefficient group: immutable, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RetiredFieldWarning(UserWarning):
    """Mission data carried a retired field (see ``game.mission.upgrade.RETIRED``); it was
    dropped."""


RETIRED_VIOLENCE: dict[str, str] = {
    "min_hazard": "a speed setting of the simulation now "
    "(game.sim.numerics.Numerics.min_hazard), not of the mission",
    "exact_expected_deaths": "a speed setting of the simulation now "
    "(game.sim.numerics.Numerics.exact_expected_deaths), not of the mission",
}
"""Fields ``dynamics.violence`` held once, with where each went. Mission files lose them
in the upgrade step; data written before (a save's or a replay's copy of the mission, a
save's coefficients) loses them on validation, with the same note."""


# --------------------------------------------------------------------------- violence


class ViolenceCoefficients(_Frozen):
    """Violence against civilians: who can kill how many, where."""

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, data: Any) -> Any:
        """Data written before a field retired still loads: the field is dropped, with a
        ``RetiredFieldWarning`` (``RETIRED_VIOLENCE``)."""
        if isinstance(data, dict) and any(k in data for k in RETIRED_VIOLENCE):
            for k in [k for k in data if k in RETIRED_VIOLENCE]:
                warnings.warn(
                    f"dynamics.violence.{k}: dropped, {RETIRED_VIOLENCE[k]}",
                    RetiredFieldWarning,
                    stacklevel=2,
                )
            data = {k: v for k, v in data.items() if k not in RETIRED_VIOLENCE}
        return data

    lethality: float = Field(
        default=0.04,
        ge=0,
        le=10,
        description="Civilians one fighter kills per day at full intent and supply, unopposed "
        "and with victims plentiful (the saturated end of a Holling type II response). "
        "Assumption, tuned so a few hundred militia at intent 0.5 kill a few a day, in line "
        "with the ~106 killed a month with no UN troops of Hultman, Kathman & Shannon (2013).",
    )
    half_saturation_civilians: float = Field(
        default=2000.0,
        gt=0,
        description="Exposed civilians within strike range at which fighters kill at half their "
        "capacity (below: searching limits killing; above: capacity does). Assumption.",
    )
    strike_radius_km: float = Field(
        default=5.0,
        gt=0,
        le=200,
        description="How far a faction's fighters reach civilians in a day (raids on foot). "
        "Assumption.",
    )
    cover_hides: float = Field(
        default=0.4,
        ge=0,
        le=1,
        description="Share of the hazard that full terrain cover (forest, hills) removes: "
        "civilians hide. Assumption.",
    )
    supply_weight: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="How much supply scales a faction's capability: factor = "
        "(1 - w) + w * supply. Assumption.",
    )
    attack_intent: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="Hostility of an attacking group (an 'attack' inject) toward every "
        "community at its target, if its standing intent is lower. Assumption.",
    )
    attack_radius_km: float = Field(
        default=3.0,
        gt=0,
        le=100,
        description="Radius of the area an attacking group strikes. Assumption.",
    )
    incident_min_deaths: int = Field(
        default=1,
        ge=1,
        description="Civilians killed in one cluster of cells by one perpetrator for the day's "
        "incident list to report it (smaller clusters only count in the totals).",
    )


# --------------------------------------------------------------------------- protection


class UnitTypeProfile(_Frozen):
    """What one type of unit does for protection, warning and combat."""

    deterrence: float = Field(
        ge=0, description="Deterrence per 100 personnel at the unit's own cell, in posture 1.0."
    )
    reach_km: float = Field(gt=0, description="Radius of its protective presence.")
    urban_factor: float = Field(
        default=1.0, ge=0, description="Multiplier of its deterrence on urban cells."
    )
    detection: float = Field(
        ge=0, le=1, description="Early-warning coverage it gives at its own cell (0..1)."
    )
    detection_reach_km: float = Field(gt=0, description="Radius of its watching and reporting.")
    speed_km: float = Field(gt=0, description="Distance it moves in a day on open ground.")
    firepower: float = Field(
        ge=0, description="Fighters put out of action per 100 personnel per day at deadly force."
    )


class UnitTypes(_Frozen):
    """Profiles of each unit type. Orderings follow the research directions in DOCTRINE.md."""

    infantry: UnitTypeProfile = Field(
        default=UnitTypeProfile(
            deterrence=0.5,
            reach_km=8,
            detection=0.3,
            detection_reach_km=10,
            speed_km=20,
            firepower=4,
        ),
        description="Troops patrol and guard: the strongest deterrent outside towns "
        "(Hultman et al. 2013: troops cut civilian killing). Magnitudes are assumptions.",
    )
    formed_police: UnitTypeProfile = Field(
        default=UnitTypeProfile(
            deterrence=0.25,
            reach_km=4,
            urban_factor=5.0,
            detection=0.4,
            detection_reach_km=6,
            speed_km=20,
            firepower=1,
        ),
        description="Police deter most in towns (urban_factor) and less in the countryside "
        "(Hultman et al. 2013: police cut killing). Magnitudes are assumptions.",
    )
    military_observers: UnitTypeProfile = Field(
        default=UnitTypeProfile(
            deterrence=0.01,
            reach_km=10,
            detection=0.8,
            detection_reach_km=25,
            speed_km=30,
            firepower=0,
        ),
        description="Observers watch and report but barely deter (Hultman et al. 2013: "
        "observers alone bring no reduction). Magnitudes are assumptions.",
    )
    engineers: UnitTypeProfile = Field(
        default=UnitTypeProfile(
            deterrence=0.05,
            reach_km=3,
            detection=0.1,
            detection_reach_km=4,
            speed_km=10,
            firepower=0.5,
        ),
        description="Engineers build and repair; a little presence. Assumption.",
    )
    helicopters: UnitTypeProfile = Field(
        default=UnitTypeProfile(
            deterrence=0.3,
            reach_km=40,
            detection=0.5,
            detection_reach_km=50,
            speed_km=300,
            firepower=3,
        ),
        description="Helicopters extend reach with low intensity per cell. Assumption.",
    )
    quick_reaction_force: UnitTypeProfile = Field(
        default=UnitTypeProfile(
            deterrence=0.6,
            reach_km=10,
            detection=0.2,
            detection_reach_km=10,
            speed_km=60,
            firepower=6,
        ),
        description="A mobile, well-armed reserve: strong deterrent and firepower. Assumption.",
    )


class PostureProfile(_Frozen):
    """How a posture scales a unit's presence, watchfulness and exposure."""

    deterrence: float = Field(ge=0, description="Multiplier of the unit's deterrence.")
    reach: float = Field(gt=0, description="Multiplier of the unit's protective reach.")
    detection: float = Field(ge=0, description="Multiplier of the unit's early-warning coverage.")
    vulnerability: float = Field(
        ge=0, description="Multiplier of the losses the unit takes when attacked."
    )


class Postures(_Frozen):
    """Posture profiles. Santos Cruz (2017): a passive posture invites attacks."""

    static: PostureProfile = Field(
        default=PostureProfile(deterrence=0.6, reach=0.5, detection=0.6, vulnerability=1.5),
        description="Stays in base: little reach, and attacks on it are more deadly "
        "(Santos Cruz 2017). Magnitudes are assumptions.",
    )
    patrol: PostureProfile = Field(
        default=PostureProfile(deterrence=0.8, reach=1.5, detection=1.2, vulnerability=1.0),
        description="Moves around its area: wide, thinner presence. Assumption.",
    )
    guard: PostureProfile = Field(
        default=PostureProfile(deterrence=1.6, reach=0.5, detection=0.8, vulnerability=0.8),
        description="Guards a site: dense local presence. Assumption.",
    )
    alert: PostureProfile = Field(
        default=PostureProfile(deterrence=1.0, reach=1.0, detection=1.0, vulnerability=0.6),
        description="Ready to respond: hardest to surprise. Assumption.",
    )


class RungProfile(_Frozen):
    """What one rung of the escalation ladder does when a unit engages a faction."""

    deterrence: float = Field(
        ge=0, description="Multiplier of the engaging unit's deterrence for the day."
    )
    attrition: float = Field(
        ge=0, le=1, description="Share of the unit's firepower that puts fighters out of action."
    )
    civilian_harm: float = Field(
        ge=0,
        le=0.1,
        description="Per-person daily hazard to civilians near the engagement (precaution).",
    )


class Rungs(_Frozen):
    """The escalation ladder's effects (DOCTRINE.md 'Use of force'). Magnitudes are assumptions."""

    verbal_warning: RungProfile = Field(
        default=RungProfile(deterrence=1.1, attrition=0.0, civilian_harm=0.0),
        description="A warning: a little more deterrence.",
    )
    show_of_force: RungProfile = Field(
        default=RungProfile(deterrence=1.4, attrition=0.0, civilian_harm=0.0),
        description="Show of force: more deterrence, no harm.",
    )
    interposition: RungProfile = Field(
        default=RungProfile(deterrence=1.8, attrition=0.0, civilian_harm=0.0),
        description="Standing between attackers and civilians: the strongest local deterrent "
        "short of force.",
    )
    warning_shots: RungProfile = Field(
        default=RungProfile(deterrence=1.5, attrition=0.0, civilian_harm=2e-5),
        description="Warning shots: deterrence, and a small risk to bystanders.",
    )
    non_lethal: RungProfile = Field(
        default=RungProfile(deterrence=1.6, attrition=0.3, civilian_harm=5e-5),
        description="Non-lethal force disperses and detains some attackers.",
    )
    deadly: RungProfile = Field(
        default=RungProfile(deterrence=2.0, attrition=1.0, civilian_harm=3e-4),
        description="Deadly force attrits the faction; near civilians it risks mission-caused "
        "harm, the gravest finding.",
    )


class ProtectionCoefficients(_Frozen):
    """Deterrence: the protection field from units, and how much it deters."""

    unit_types: UnitTypes = Field(default_factory=UnitTypes, description="Per unit type.")
    postures: Postures = Field(default_factory=Postures, description="Per posture.")
    rungs: Rungs = Field(default_factory=Rungs, description="Per rung of force.")
    max_deterrence: float = Field(
        default=0.95,
        ge=0,
        le=1,
        description="Share of a faction's violence that full protection (1.0) prevents. "
        "Assumption: presence never stops everything.",
    )
    credibility_floor: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Share of protection that remains at zero credibility; the rest scales with "
        "the mission's demonstrated willingness to act. Assumption.",
    )
    host_leverage: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="How much deterrence against host-government forces is discounted while "
        "the mission depends on the host's consent: factor 1 - host_leverage * consent "
        "(Fjelde, Hultman & Nilsson 2019). Magnitude is an assumption.",
    )
    host_access_threshold: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description="Host-government consent below which freedom of movement shrinks "
        "everywhere (access = consent / threshold). Assumption.",
    )
    no_access_presence: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Share of a unit's presence that remains where it has no access "
        "(obstruction). Assumption.",
    )
    guarded_site_protection: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Protection at a POC site above which its sheltered civilians are safe; "
        "below, the site is unguarded and they are exposed (Malakal 2016).",
    )


# --------------------------------------------------------------------------- factions


class FactionCoefficients(_Frozen):
    """Faction movement, clashes and attacks on the mission."""

    mobility: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Share of a faction's local strength that redeploys in a day on move cost "
        "1. Assumption.",
    )
    move_radius_km: float = Field(
        default=15.0, gt=0, description="How far fighters redeploy in a day. Assumption."
    )
    protection_avoidance: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="How much protection makes an area less attractive to a faction "
        "(attraction times 1 - avoidance * protection). Assumption.",
    )
    prune_strength: float = Field(
        default=0.05,
        ge=0,
        description="Fighters per operational block below which presence is dropped and the "
        "faction's total rescaled (keeps presence compact; totals are preserved).",
    )
    clash_rate: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="Lanchester square-law coefficient: fighters lost per day per effective "
        "enemy fighter in the same block. Assumption.",
    )
    contact_strength: float = Field(
        default=20.0,
        gt=0,
        description="Fighters in a block at which a faction is fully in contact (fewer: "
        "proportionally less exposed to clashes). Assumption.",
    )
    attack_on_mission_rate: float = Field(
        default=0.0005,
        ge=0,
        le=1,
        description="Peacekeepers killed per day per hostile fighter in reach of a unit, at "
        "vulnerability 1 and full hostility (hostility = 2 * (0.5 - consent), 0 at consent >= "
        "0.5). Assumption, of the order of MINUSMA's toll (Santos Cruz 2017).",
    )
    self_defence_share: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Share of a unit's firepower used in self-defence when attacked "
        "without an order to engage. Assumption.",
    )
    readiness_recovery: float = Field(
        default=0.05, ge=0, le=1, description="Readiness regained per day, up to 1. Assumption."
    )
    engagement_fatigue: float = Field(
        default=0.05, ge=0, le=1, description="Readiness lost per day of engagement. Assumption."
    )
    disarm_radius_km: float = Field(
        default=5.0, gt=0, description="Area around a DDR site from which fighters disarm."
    )


# --------------------------------------------------------------------------- displacement


class DisplacementCoefficients(_Frozen):
    """Flight toward safety and POC sites, and return."""

    flee_threshold: float = Field(
        default=1e-4,
        ge=0,
        le=1,
        description="Per-person daily hazard above which civilians start to leave home. "
        "Assumption.",
    )
    flee_max: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Largest share of a cell's civilians that leaves in one day. Assumption.",
    )
    flee_scale: float = Field(
        default=2e-3,
        gt=0,
        description="Hazard scale of flight: share leaving = flee_max * (1 - exp(-hazard / "
        "scale)). Assumption.",
    )
    walk_km: float = Field(
        default=15.0, gt=0, description="Distance displaced people walk in a day. Assumption."
    )
    poc_reach_km: float = Field(
        default=40.0,
        ge=0,
        description="Displaced people head for a POC site with room within this distance. "
        "Assumption.",
    )
    return_threshold: float = Field(
        default=2e-6,
        ge=0,
        description="Per-person daily hazard below which displaced people start to go home.",
    )
    return_rate: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Share of displaced people in safe cells who settle back each day (a lag "
        "of ~20 days). Assumption.",
    )
    shelter_return_rate: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="Share of sheltered people who leave a POC site each day once its "
        "surroundings are safe. Assumption.",
    )


# --------------------------------------------------------------------------- early warning


class WarningCoefficients(_Frozen):
    """Early warning: alert networks, detection and imminent threats."""

    alert_network_coverage: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Coverage inside a community alert network (MONUSCO's CANs since 2010). "
        "Assumption.",
    )
    legitimacy_floor: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Share of coverage that works even when the community finds the mission "
        "illegitimate; the rest scales with legitimacy (cooperation). Assumption.",
    )
    imminent_hazard: float = Field(
        default=1e-4,
        gt=0,
        description="Per-person daily hazard (after deterrence and cover) above which "
        "civilians are under imminent threat; adjacent blocks above it form one cluster. "
        "Assumption: where flight begins.",
    )
    imminent_kills: float = Field(
        default=0.5,
        gt=0,
        description="Expected civilians killed per day in a cluster for it to be listed as an "
        "imminent threat (for the duty-to-protect check).",
    )
    max_imminent: int = Field(
        default=32, ge=1, description="Most imminent threats listed per day (the most severe)."
    )


# --------------------------------------------------------------------------- legitimacy


class LegitimacyCoefficients(_Frozen):
    """The simulation's own effects on legitimacy and credibility (the rules add theirs)."""

    mission_harm_loss: float = Field(
        default=0.01,
        ge=0,
        le=1,
        description="Legitimacy a community withdraws per civilian of it killed by the mission. "
        "Assumption.",
    )
    idle_harm_loss: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="Legitimacy lost per 100 civilians killed within reach of a capable unit "
        "that did not engage that day (Kiwanja 2008). Assumption.",
    )
    capable_strength: int = Field(
        default=100,
        ge=1,
        description="Personnel from which a unit counts as able to act. Assumption.",
    )
    protection_gain: float = Field(
        default=0.002,
        ge=0,
        le=1,
        description="Legitimacy gained per day by a community with no deaths, times the share "
        "of it under protection. Assumption.",
    )
    credibility_gain: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="Credibility gained per unit engaging a faction actually present. Assumption.",
    )
    credibility_loss: float = Field(
        default=0.01,
        ge=0,
        le=1,
        description="Credibility lost per detected imminent threat within a unit's reach "
        "that no unit engaged. Assumption.",
    )
    credibility_daily_cap: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Largest change of credibility the simulation makes in one day.",
    )


# --------------------------------------------------------------------------- mobilisation


class MobilisationCoefficients(_Frozen):
    """Epstein-style recruitment: grievance = hardship * (1 - legitimacy)."""

    recruitment_rate: float = Field(
        default=2e-4,
        ge=0,
        le=1,
        description="Share of eligible civilians joining per day per unit of net grievance "
        "above the threshold, at full supply. Assumption.",
    )
    threshold: float = Field(
        default=0.1,
        ge=0,
        le=1,
        description="Net grievance a civilian needs to join (Epstein's T = 0.1).",
    )
    risk_aversion: float = Field(
        default=0.5,
        ge=0,
        description="Weight of the local protection field as the risk of joining "
        "(Epstein's net risk). Assumption.",
    )
    min_presence: float = Field(
        default=1.0,
        ge=0,
        description="Fighters within strike range needed to recruit in a block.",
    )


# --------------------------------------------------------------------------- all


class Dynamics(BaseModel):
    """Simulation coefficients for one mission; defaults suit most missions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    early_warning_lead_days: int = Field(
        default=1,
        ge=0,
        le=30,
        description="Days of warning a detected attack gives before it strikes: an attack "
        "forms for this many days before it strikes.",
    )
    initial_credibility: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="The mission's credibility at turn 1 (0..1): its demonstrated willingness "
        "to act, which scales its deterrence. Assumption: a new mission is half-believed.",
    )
    operational_cells: int = Field(
        default=128,
        ge=16,
        le=2048,
        description="Target side of the operational grid on which factions move, clash and "
        "recruit: blocks of max(1, side // operational_cells) cells (a 1024 km country: 8 km "
        "districts). Civilians, violence and displacement stay at full resolution. A "
        "speed/detail trade-off: the block work is then the same for every map size.",
    )
    operational_min_block: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Smallest operational block (cells a side) on maps of 256 cells or more, "
        "so that the block work stays small next to the cell work. Maps below keep blocks of "
        "side // 64 cells (1 on a 64-cell map).",
    )
    violence: ViolenceCoefficients = Field(
        default_factory=ViolenceCoefficients, description="Violence against civilians."
    )
    protection: ProtectionCoefficients = Field(
        default_factory=ProtectionCoefficients, description="Deterrence by the mission."
    )
    factions: FactionCoefficients = Field(
        default_factory=FactionCoefficients, description="Faction movement and clashes."
    )
    displacement: DisplacementCoefficients = Field(
        default_factory=DisplacementCoefficients, description="Flight and return."
    )
    warning: WarningCoefficients = Field(
        default_factory=WarningCoefficients, description="Early warning."
    )
    legitimacy: LegitimacyCoefficients = Field(
        default_factory=LegitimacyCoefficients, description="Legitimacy and credibility."
    )
    mobilisation: MobilisationCoefficients = Field(
        default_factory=MobilisationCoefficients, description="Recruitment."
    )
    orders: OrderCoefficients = Field(
        default_factory=OrderCoefficients,
        description="The effects of the player's orders (talks, outreach, DDR, approval).",
    )
