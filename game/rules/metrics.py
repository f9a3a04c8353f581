"""The metrics a mission's conditions test (``schema.METRICS``), declared once as reporters.

Mesa-style: ``REPORTERS`` maps each metric name to a function of (world, rules state,
argument) -> float; ``value`` evaluates 'name' or 'name:arg', ``holds`` tests a
``Condition``, and ``collect`` gathers every metric (and every per-id variant) for the
per-turn metrics table. Reductions over the grid are single vectorised sums.
"""

from __future__ import annotations

from collections.abc import Callable

from game.mission.schema import METRICS, Condition
from game.rules.state import RulesState
from game.sim.world import World

Reporter = Callable[[World, RulesState, str | None], float]


def _community(w: World, arg: str | None) -> int | None:
    return None if arg is None else w.community_ids.index(arg)


def _faction(w: World, arg: str | None) -> int:
    if arg is None:
        raise ValueError("this metric needs ':faction_id'")
    return w.faction_ids.index(arg)


def _killed(w: World, s: RulesState, arg: str | None) -> float:
    c = _community(w, arg)
    return float(w.deaths.sum() if c is None else w.deaths[c].sum())


def _displaced(w: World, s: RulesState, arg: str | None) -> float:
    c = _community(w, arg)
    return float(w.displaced.sum(dtype="int64") if c is None else w.displaced[c].sum(dtype="int64"))


def _peacekeepers_killed(w: World, s: RulesState, arg: str | None) -> float:
    return float(sum(u.killed for u in w.units if arg is None or u.country == arg))


def _mission_strength(w: World, s: RulesState, arg: str | None) -> float:
    return float(sum(u.strength for u in w.units if u.alive))


REPORTERS: dict[str, Reporter] = {
    "turn": lambda w, s, a: float(w.turn),
    "civilians_killed": _killed,
    "civilians_displaced": _displaced,
    "civilians_sheltered": lambda w, s, a: float(w.sheltered.sum(dtype="int64")),
    "peacekeepers_killed": _peacekeepers_killed,
    "mission_strength": _mission_strength,
    "faction_strength": lambda w, s, a: float(w.faction_strength()[_faction(w, a)]),
    "faction_consent": lambda w, s, a: float(w.consent[_faction(w, a)]),
    "community_legitimacy": lambda w, s, a: float(
        w.legitimacy[w.community_ids.index(a)] if a is not None else w.legitimacy.mean()
    ),
    "combatants_disarmed": lambda w, s, a: float(w.disarmed.sum()),
    "council_support": lambda w, s, a: float(s.council.support),
    "contributors_withdrawn": lambda w, s, a: float(len(s.withdrawn)),
}
"""Every metric of ``schema.METRICS``, by name."""

assert set(REPORTERS) == set(METRICS), "metrics.py and schema.METRICS must name the same metrics"


def value(metric: str, w: World, s: RulesState) -> float:
    """The value of 'name' or 'name:arg' now."""
    name, _, arg = metric.partition(":")
    return REPORTERS[name](w, s, arg or None)


def holds(c: Condition, w: World, s: RulesState) -> bool:
    """Whether one condition holds now."""
    v = value(c.metric, w, s)
    return {
        "<": v < c.value,
        "<=": v <= c.value,
        ">": v > c.value,
        ">=": v >= c.value,
        "==": v == c.value,
    }[c.op]


def all_hold(conds: list[Condition], w: World, s: RulesState) -> bool:
    """Whether every condition holds (an empty list never holds)."""
    return bool(conds) and all(holds(c, w, s) for c in conds)


def collect(w: World, s: RulesState, countries: list[str] | None = None) -> dict[str, float]:
    """Every metric now, with 'name:id' variants for each community, faction and country."""
    out: dict[str, float] = {}
    args: dict[str, list[str]] = {
        "community": list(w.community_ids),
        "faction": list(w.faction_ids),
        "country": countries or [],
    }
    for name, kind in METRICS.items():
        if kind == "none" or name not in (
            "faction_strength",
            "faction_consent",
            "community_legitimacy",
        ):
            out[name] = REPORTERS[name](w, s, None)
        if kind != "none":
            for a in args[kind]:
                out[f"{name}:{a}"] = REPORTERS[name](w, s, a)
    return out
