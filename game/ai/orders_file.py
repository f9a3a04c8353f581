"""Scripted orders files: YAML that says which orders to give on which turn.

A script drives a headless run, a golden playthrough or a branch of a replay::

    format: 1
    orders:
      1:
        - {order: negotiate, faction: government}
        - {order: patrol, unit: inf_1, x: 30, y: 20}
      5:
        - {order: alert_network, x: 40, y: 12, radius: 6}

Turn keys are the turn being played (1 = the first day). The file is read with the same
hardened loader as missions (size, depth, tag, duplicate-key checks), and every problem,
from a bad turn key to an unknown order kind, is reported as ``file:line:col``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, field_validator

from game.mission.load import load_file, load_text
from game.mission.schema import MAX_TURNS

if TYPE_CHECKING:
    from game.rules.orders import Order

__all__ = ["ORDERS_FORMAT", "OrdersFile", "load_orders", "load_orders_text", "orders_to_yaml"]

ORDERS_FORMAT = 1
"""The orders-file format this build reads and writes."""


def _to_order(value: Any) -> Any:
    """A mapping ``{order: kind, ...}`` as an ``Order``; ValueError with the reason if not."""
    from game.rules.orders import Order, OrderError, order_from_dict

    if isinstance(value, Order):
        return value
    if not isinstance(value, Mapping):
        raise ValueError("an order is a mapping such as {order: patrol, unit: inf_1, x: 3, y: 4}")
    try:
        return order_from_dict(dict(value))
    except OrderError as exc:
        raise ValueError(str(exc)) from None


OrderItem = Annotated[Any, PlainValidator(_to_order)]


class OrdersFile(BaseModel):
    """A scripted orders file: a format number and the orders of each turn."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    format: Literal[1] = Field(description="Orders-file format; this build reads 1.")
    orders: dict[Annotated[int, Field(ge=1, le=MAX_TURNS)], list[OrderItem]] = Field(
        default_factory=dict, description="Turn (1 = first day) -> orders given that turn."
    )

    @field_validator("orders", mode="before")
    @classmethod
    def _mapping(cls, v: Any) -> Any:
        if v is None:
            return {}
        return v

    def for_turn(self, turn: int) -> list[Order]:
        """The orders scripted for ``turn`` (empty if none)."""
        return list(self.orders.get(turn, []))

    @property
    def last_turn(self) -> int:
        """The last turn with scripted orders (0 if none)."""
        return max(self.orders, default=0)


def load_orders(path: str | os.PathLike[str]) -> OrdersFile:
    """Read a scripted orders file; ``MissionError`` with file:line:col for any problem."""
    return load_file(path, OrdersFile)


def load_orders_text(text: str | bytes, filename: str = "<orders>") -> OrdersFile:
    """Read a scripted orders document given as text."""
    return load_text(text, OrdersFile, filename)


def orders_to_yaml(orders: Mapping[int, Sequence[Order]]) -> str:
    """An orders file (text) giving ``orders`` on their turns; turns without orders omitted.

    Used to turn a played game or a policy run into an editable script.
    """
    import yaml

    data = {
        "format": ORDERS_FORMAT,
        "orders": {t: [o.to_dict() for o in orders[t]] for t in sorted(orders) if orders[t]},
    }
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)
