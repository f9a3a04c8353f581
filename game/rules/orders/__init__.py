"""The player's orders: one rule per order kind, grouped by family, and their legality.

Families (each module declares its kinds' fields, checks, effects and words):
``dialogue`` (tier I), ``physical`` (tier II), ``environment`` (tier III) and
``mission`` (mission level). ``rule.RULES`` maps each kind to its rule; the shared
legality checks are in ``legality``. Adding an order kind is one module (or a class in
a family's module) plus its tests: see the README's development section.

``Order.to_dict`` / ``order_from_dict`` are the file format; an order that cannot exist
(unknown kind, missing field, unknown id, a cell off the map) raises ``OrderError``, the
one exception type for an impossible order.
"""

from __future__ import annotations

from game.rules.orders.base import (
    ALLOWED,
    JUSTIFICATIONS,
    Finding,
    Judgement,
    Order,
    OrderError,
    Status,
    Verdict,
    refuse,
)
from game.rules.orders.dialogue import (
    EngageCommunity,
    Negotiate,
    PublicInformation,
    SetUpAlertNetwork,
)
from game.rules.orders.environment import (
    Investigate,
    ReportToCouncil,
    SupportDDR,
    SupportInstitutions,
)
from game.rules.orders.legality import (
    approval_delay,
    check_values,
    finding_norm,
    judge,
    order_from_dict,
    order_rung,
    order_types,
    validate,
)
from game.rules.orders.mission import ActOnMisconduct, Redeploy, RequestReinforcements
from game.rules.orders.physical import (
    Escort,
    EstablishPocSite,
    Guard,
    Interpose,
    Patrol,
    ShowOfForce,
    UseForce,
)
from game.rules.orders.rule import RULES, DayContext, Effects, OrderRule, rule_for
from game.rules.orders.situation import Situation, unit_spec

ORDER_TYPES = order_types()
"""Every order type by its ``kind``."""

__all__ = [
    "ALLOWED",
    "JUSTIFICATIONS",
    "ORDER_TYPES",
    "RULES",
    "ActOnMisconduct",
    "DayContext",
    "Effects",
    "EngageCommunity",
    "Escort",
    "EstablishPocSite",
    "Finding",
    "Guard",
    "Interpose",
    "Investigate",
    "Judgement",
    "Negotiate",
    "Order",
    "OrderError",
    "OrderRule",
    "Patrol",
    "PublicInformation",
    "Redeploy",
    "ReportToCouncil",
    "RequestReinforcements",
    "SetUpAlertNetwork",
    "ShowOfForce",
    "Situation",
    "Status",
    "SupportDDR",
    "SupportInstitutions",
    "UseForce",
    "Verdict",
    "approval_delay",
    "check_values",
    "finding_norm",
    "judge",
    "order_from_dict",
    "order_rung",
    "refuse",
    "rule_for",
    "unit_spec",
    "validate",
]
