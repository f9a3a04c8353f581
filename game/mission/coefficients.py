"""Coefficients of the simulation, as a mission file may set them (``dynamics:``).

Every coefficient has a documented default; a mission changes one only to say something
about its setting (a faction that fights harder, a terrain that hides more).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Dynamics(BaseModel):
    """Simulation coefficients for one mission; defaults suit most missions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    early_warning_lead_days: int = Field(
        default=1,
        ge=0,
        le=30,
        description="Days of warning a detected attack gives before it strikes.",
    )
