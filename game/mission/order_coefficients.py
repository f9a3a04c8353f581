"""Coefficients of the player's orders, as a mission file may set them (``dynamics.orders:``).

How much a day's talks, outreach, disarmament or investigation move consent, legitimacy
and evidence, how long orders wait for approval and how a unit in a consent zone without
consent costs the mission. Each order's rule (``game.rules.orders``) reads its numbers
from here, so every number that decides an order's effect is named, documented and
settable per mission. Gains are per order and day; "repeat" factors apply when the same
lever is pulled again before its cooldown has run.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OrderCoefficients(BaseModel):
    """The effects of orders on consent, legitimacy, evidence and time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    negotiation_gain: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Consent one day of talks adds to a faction at credibility 0.5 and no "
        "consent, shrinking as consent nears 1: gain x (0.5 + credibility) x (1 - consent). "
        "Assumption: talks move consent by a few hundredths, not tenths.",
    )
    negotiation_cooldown_days: int = Field(
        default=3,
        ge=0,
        le=90,
        description="Days before talks with the same faction count in full again. "
        "Assumption: leaders need time to carry a deal to their fighters.",
    )
    negotiation_force_damping: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description="Share of a negotiation's gain lost when the mission used much force on "
        "the faction in the last week (in proportion to that force). Assumption.",
    )
    recent_force_days: int = Field(
        default=7,
        ge=0,
        le=90,
        description="Days over which the mission's force against a faction weighs on talks.",
    )
    recent_force_saturation: float = Field(
        default=10.0,
        gt=0,
        description="Sum of (1 + ladder level) over recent uses of force at which force "
        "weighs on talks in full. Assumption: a few days of deadly force, or many warnings.",
    )
    non_signatory_factor: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Factor on negotiation gains with a faction that signed no agreement. "
        "Assumption: without an agreement there is less to hold it to.",
    )
    repeat_factor: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Factor on a talks, outreach or information gain repeated within its "
        "cooldown. Assumption: the same message again persuades less.",
    )
    engagement_gain: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="Legitimacy a civil-affairs engagement adds to a community with no trust "
        "in the mission, shrinking as trust nears 1. Assumption.",
    )
    public_information_gain: float = Field(
        default=0.008,
        ge=0,
        le=1,
        description="Legitimacy a public-information campaign adds per community reached, "
        "shrinking as trust nears 1: broad but thinner than face-to-face engagement. "
        "Assumption.",
    )
    information_cooldown_days: int = Field(
        default=2,
        ge=0,
        le=90,
        description="Days before outreach to the same community, or an investigation of the "
        "same faction, counts in full again.",
    )
    institutions_legitimacy_gain: float = Field(
        default=0.003,
        ge=0,
        le=1,
        description="Legitimacy a day's support to host institutions adds in every community. "
        "Assumption: slow, as building police and courts is.",
    )
    institutions_consent_gain: float = Field(
        default=0.005,
        ge=0,
        le=1,
        description="Consent a day's support to host institutions adds to the host "
        "government. Assumption.",
    )
    ddr_share: float = Field(
        default=0.1,
        ge=0,
        le=1,
        description="Share of a consenting faction's fighters within the unit's reach who "
        "hand in weapons in a day of DDR, at full consent (scaled by consent). Assumption.",
    )
    ddr_capacity_per_peacekeeper: float = Field(
        default=0.5,
        ge=0,
        description="Fighters a DDR site can process per peacekeeper of its unit in a day. "
        "Assumption.",
    )
    ddr_consent_gain: float = Field(
        default=0.005,
        ge=0,
        le=1,
        description="Consent a day of DDR adds to the faction disarming. Assumption.",
    )
    investigation_consent_cost: float = Field(
        default=0.003,
        ge=0,
        le=1,
        description="Consent an investigation costs the faction investigated (once per "
        "information cooldown): reporting on a party's abuses strains its consent. Assumption.",
    )
    evidence_per_investigation: float = Field(
        default=1.0,
        ge=0,
        description="Evidence for the Council a day's investigation of a faction documents "
        "when it has violations on record.",
    )
    evidence_without_violations: float = Field(
        default=0.1,
        ge=0,
        description="Evidence a day's investigation documents when the faction has almost no "
        "violations on record (below ``violations_on_record``).",
    )
    violations_on_record: float = Field(
        default=0.1,
        ge=0,
        description="A faction's recorded violations from which an investigation documents "
        "full evidence.",
    )
    misconduct_redress_gain: float = Field(
        default=0.01,
        ge=0,
        le=1,
        description="Legitimacy acting on a misconduct case adds in every community: "
        "accountability seen to be done. Assumption.",
    )
    approval_delay_days: int = Field(
        default=1,
        ge=0,
        le=30,
        description="Days an order waits for national or headquarters approval where the "
        "ROE or a caveat require it. Assumption: a day's staff work.",
    )
    zone_entry_consent_cost: float = Field(
        default=0.03,
        ge=0,
        le=1,
        description="Consent a faction withdraws when a unit is ordered into its consent zone "
        "without the consent the zone requires. Assumption.",
    )
    zone_daily_consent_cost: float = Field(
        default=0.005,
        ge=0,
        le=1,
        description="Consent the faction withdraws each day such a unit stays in the zone.",
    )
    zone_daily_penalty: float = Field(
        default=2.0,
        ge=0,
        description="Consent-norm penalty points each day such a unit stays in the zone.",
    )
