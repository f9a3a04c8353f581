"""Headless runs: play a mission to the end under a policy or a script, and write the record.

``run(mission, seed, policy=..., orders=..., turns=..., out_dir=...)`` gives each turn's
orders from a policy (``game.ai.policies``) or a scripted orders file, plays the game
with ``game.engine.record.play``, then sums it up, counterfactual included, and writes the
four files (``game.engine.record``). It lives with the policies because it drives them;
the engine records a game without knowing who gave its orders.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from game.ai.base import Policy
from game.ai.orders_file import OrdersFile, load_orders
from game.ai.policies import make_policy
from game.engine.record import OrderSource, RunResult, play, record_of, write_outputs
from game.engine.replay import Replay
from game.engine.session import Session
from game.mission.schema import Mission

__all__ = ["check_script", "orders_source", "run"]


def orders_source(policy: Policy | None, script: OrdersFile | None) -> OrderSource:
    """One callable giving this turn's orders from a policy or a scripted file (or none)."""
    if script is not None:
        return lambda s: script.for_turn(s.turn + 1)
    if policy is not None:
        return policy.decide
    return lambda s: []


def check_script(script: OrdersFile, session: Session) -> None:
    """Refuse a script naming units, factions, communities or cells the mission lacks.

    Raises ``OrderError`` saying which turn and which order, before anything is played.
    """
    from game.rules.orders import OrderError, validate

    for turn in sorted(script.orders):
        for i, order in enumerate(script.orders[turn], start=1):
            try:
                validate(order, session.mission, session.world)
            except OrderError as exc:
                raise OrderError(f"turn {turn}, order {i} ({order.kind}): {exc}") from None


def _load(mission: Mission | str | os.PathLike[str]) -> tuple[Mission, str | None]:
    if isinstance(mission, Mission):
        return mission, None
    from game.mission import load_mission

    return load_mission(mission), os.fspath(mission)


def run(
    mission: Mission | str | os.PathLike[str],
    seed: int = 0,
    *,
    policy: str | Policy | None = "doctrine",
    orders: OrdersFile | str | os.PathLike[str] | None = None,
    turns: int | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    strict: bool = False,
    counterfactual: bool = True,
    session: Session | None = None,
    replay: Replay | None = None,
    progress: bool = False,
) -> RunResult:
    """Play a mission headless and (with ``out_dir``) write its record; see the module doc.

    ``orders`` (a scripted file) wins over ``policy``. ``turns`` caps the turns played
    (the turn limit and early endings still apply). ``session`` and ``replay`` continue a
    game already under way (``bluehelm replay --branch``) instead of starting a new one.
    """
    m, mission_file = _load(mission) if session is None else (session.mission, None)
    script: OrdersFile | None = None
    if orders is not None:
        script = orders if isinstance(orders, OrdersFile) else load_orders(orders)
    pol: Policy | None = None
    if script is None and policy is not None:
        pol = make_policy(policy, seed) if isinstance(policy, str) else policy
    name = "script" if script is not None else (pol.name if pol is not None else "none")
    if session is None:
        session = Session.new(m, seed, mode="strict" if strict else "free")
    if script is not None:
        check_script(script, session)
    if replay is None:
        replay = Replay.start(session, policy=name, mission_file=mission_file)
    else:
        replay.policy = name if replay.policy in (None, name) else f"{replay.policy}+{name}"

    left = None if turns is None else max(0, turns - session.turn)
    tick = _progress_bar(m, left, progress)
    try:
        play(session, orders_source(pol, script), turns=left, replay=replay, progress=tick)
    finally:
        if tick is not None:
            getattr(tick, "close", lambda: None)()
    result = record_of(session, replay, name, counterfactual=counterfactual)
    if out_dir is not None:
        write_outputs(result, out_dir)
    return result


def _progress_bar(m: Mission, total: int | None, wanted: bool) -> Any:
    """A tqdm bar on stderr when asked, available and stderr is a terminal; else None."""
    if not wanted or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return _Bar(tqdm(total=total or m.end.turn_limit, unit="day", desc=m.meta.id, leave=False))


class _Bar:
    """Adapter: a callable advancing a tqdm bar, closable."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __call__(self, n: int) -> None:
        self.bar.update(n)

    def close(self) -> None:
        """Close the bar (leaves the terminal tidy)."""
        self.bar.close()
