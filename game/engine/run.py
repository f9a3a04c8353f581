"""Headless runs: play a mission to the end under a policy or a script, and write the record.

``run(mission, seed, policy=..., orders=..., turns=..., out_dir=...)`` plays the game turn
by turn through the ``Session`` (the same API the UI uses), then plays the
*counterfactual*: the same mission and seed with no mission at all (``counterfactual=
True``), for the same number of days. Lives saved = civilians killed in the counterfactual
minus civilians killed in the run. It writes, into ``out_dir``:

- ``events.jsonl``: every event, one JSON object per line;
- ``turns.csv``: one row per turn: every metric and the five norm scores;
- ``summary.json``: scores, outcome, final hash, deaths, counterfactual deaths, lives saved;
- ``replay.json``: mission, seed, orders and hashes of every turn (``bluehelm replay``).

and ``summary_text(result)`` is the few lines ``bluehelm run`` prints.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game._version import __version__
from game.engine.replay import Replay, write_replay
from game.engine.save import atomic_write_bytes, mission_digest
from game.mission.schema import Mission

if TYPE_CHECKING:
    from game.ai.base import Policy
    from game.ai.orders_file import OrdersFile
    from game.engine.session import Session, TurnResult
    from game.rules.orders import Order

__all__ = [
    "NORMS",
    "RunResult",
    "civilians_killed",
    "counterfactual_deaths",
    "play",
    "run",
    "summary_text",
    "write_outputs",
]

NORMS: tuple[str, ...] = (
    "impartiality",
    "consent",
    "use_of_force",
    "duty_to_protect",
    "accountability",
)
"""The five norm scores, in the order tables show them."""


@dataclass
class RunResult:
    """Everything a headless run produced (also written to ``out_dir`` when given)."""

    mission: Mission
    seed: int
    policy: str
    turns: list[TurnResult]
    replay: Replay
    scores: dict[str, float]
    outcome: dict[str, Any] | None
    final_hash: str
    deaths: int
    counterfactual_deaths: int | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    out_dir: Path | None = None
    session: Session | None = None

    @property
    def lives_saved(self) -> int | None:
        """Civilians the counterfactual lost that this run did not (negative: more died)."""
        if self.counterfactual_deaths is None:
            return None
        return self.counterfactual_deaths - self.deaths

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` record."""
        return {
            "app_version": __version__,
            "mission_id": self.mission.meta.id,
            "mission_name": self.mission.meta.name,
            "mission_digest": mission_digest(self.mission),
            "seed": self.seed,
            "policy": self.policy,
            "turns": len(self.turns),
            "outcome": self.outcome,
            "scores": self.scores,
            "final_hash": self.final_hash,
            "civilians_killed": self.deaths,
            "counterfactual_civilians_killed": self.counterfactual_deaths,
            "lives_saved": self.lives_saved,
            "findings": len(self.findings),
            "top_findings": top_findings(self.findings, 5),
        }


# --------------------------------------------------------------------------- playing


def civilians_killed(session: Session) -> int:
    """Civilians killed so far, by anyone (the mission included)."""
    return int(session.world.deaths.sum())


def _as_dict(x: Any) -> dict[str, Any]:
    if isinstance(x, dict):
        return x
    to_dict = getattr(x, "to_dict", None)
    if callable(to_dict):
        d = to_dict()
        if isinstance(d, dict):
            return d
    import dataclasses

    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return dataclasses.asdict(x)
    return {"value": str(x)}


def _outcome(session: Session) -> dict[str, Any] | None:
    out = session.outcome()
    return None if out is None else _as_dict(out)


OrderSource = Callable[["Session"], list["Order"]]
"""What gives each turn's orders: a policy's ``decide`` or a script's lookup."""


def orders_source(policy: Policy | None, script: OrdersFile | None) -> OrderSource:
    """One callable giving this turn's orders from a policy or a scripted file (or none)."""
    if script is not None:
        return lambda s: script.for_turn(s.turn + 1)
    if policy is not None:
        return policy.decide
    return lambda s: []


def play(
    session: Session,
    source: OrderSource,
    *,
    turns: int | None = None,
    replay: Replay | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[TurnResult]:
    """Play turns until the game is over or ``turns`` more have been played.

    Each turn: ask ``source`` for orders, submit them (refusals are the rules' business:
    they are recorded as verdicts), end the turn, record it in ``replay``.
    """
    results: list[TurnResult] = []
    while not session.is_over() and (turns is None or len(results) < turns):
        orders = list(source(session))
        if orders:
            session.submit(orders)
        result = session.end_turn()
        if replay is not None:
            replay.record(result, orders)
        results.append(result)
        if progress is not None:
            progress(1)
    return results


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


def counterfactual_deaths(mission: Mission, seed: int, days: int) -> int:
    """Civilians killed in ``days`` days of the same mission and seed with no mission.

    The mission's early endings are dropped for this run: with no mission present an
    ending such as "mission strength below 50: withdrawal" would hold on day 1 and stop
    the count, while the question is what the same days bring without a mission.
    """
    from game.engine.session import Session

    end = mission.end.model_copy(update={"conditions": []})
    cf = Session.new(mission.model_copy(update={"end": end}), seed, counterfactual=True)
    for _ in range(days):
        if cf.is_over():
            break
        cf.end_turn()
    return civilians_killed(cf)


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
    from game.ai.orders_file import OrdersFile, load_orders
    from game.ai.policies import make_policy
    from game.engine.session import Session

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
    played = list(session.history)
    cf = counterfactual_deaths(m, session.seed, session.turn) if counterfactual else None
    findings = [_as_dict(f) for t in played for f in t.findings]
    result = RunResult(
        mission=m,
        seed=int(session.seed),
        policy=name,
        turns=played,
        replay=replay,
        scores=dict(session.scores()),
        outcome=_outcome(session),
        final_hash=session.state_hash(),
        deaths=civilians_killed(session),
        counterfactual_deaths=cf,
        findings=findings,
        session=session,
    )
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


# --------------------------------------------------------------------------- outputs


def _csv_number(v: Any) -> Any:
    if isinstance(v, float):
        return repr(round(v, 6))
    return v


def turns_csv(turns: Iterable[TurnResult]) -> str:
    """``turns.csv``: turn, every metric (sorted), the five norm scores, the mission score."""
    rows = list(turns)
    metrics = sorted({k for t in rows for k in t.metrics} - {"turn"})
    score_keys = [*NORMS, *sorted({k for t in rows for k in t.scores} - set(NORMS))]
    cols = ["turn", *metrics, *(f"score_{k}" for k in score_keys), "state_hash"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for t in rows:
        w.writerow(
            [
                t.turn,
                *(_csv_number(t.metrics.get(k, "")) for k in metrics),
                *(_csv_number(t.scores.get(k, "")) for k in score_keys),
                t.state_hash,
            ]
        )
    return buf.getvalue()


def events_jsonl(session: Session | None, turns: Iterable[TurnResult]) -> str:
    """``events.jsonl``: the session's event log, one JSON object per line."""
    events = list(session.events) if session is not None else [e for t in turns for e in t.events]
    return "".join(json.dumps(_as_dict(e), sort_keys=True, default=str) + "\n" for e in events)


def write_outputs(result: RunResult, out_dir: str | os.PathLike[str]) -> Path:
    """Write events.jsonl, turns.csv, summary.json and replay.json into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / "events.jsonl", events_jsonl(result.session, result.turns).encode())
    atomic_write_bytes(out / "turns.csv", turns_csv(result.turns).encode())
    summary = json.dumps(result.summary(), indent=2, sort_keys=True, default=str) + "\n"
    atomic_write_bytes(out / "summary.json", summary.encode())
    write_replay(result.replay, out / "replay.json")
    result.out_dir = out
    return out


def top_findings(findings: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The ``n`` gravest findings (severity, then earliest), for the summary."""
    ranked = sorted(
        findings, key=lambda f: (-int(f.get("severity", 0) or 0), int(f.get("turn", 0) or 0))
    )
    return ranked[:n]


def summary_text(result: RunResult) -> str:
    """The few lines ``bluehelm run`` prints: outcome, deaths, lives saved, norms, findings."""
    m = result.mission
    lines = [
        f"{m.meta.name} - seed {result.seed}, policy {result.policy}, {len(result.turns)} turns"
    ]
    out = result.outcome
    if out:
        reason = out.get("reason") or out.get("text") or ""
        lines.append(f"outcome: {out.get('result', '?')}" + (f" - {reason}" if reason else ""))
    else:
        lines.append("outcome: not decided (turn cap reached)")
    cf = result.counterfactual_deaths
    deaths = f"civilians killed: {result.deaths:,}"
    if cf is not None:
        saved = result.lives_saved or 0
        deaths += f" (no mission: {cf:,}; lives saved: {saved:,})"
    lines.append(deaths)
    s = result.scores
    norms = ", ".join(f"{k.replace('_', ' ')} {s[k]:.0f}" for k in NORMS if k in s)
    extra = [k for k in s if k not in NORMS]
    if extra:
        norms += "; " + ", ".join(f"{k.replace('_', ' ')} {s[k]:.0f}" for k in extra)
    if not out and "objectives" in s:
        norms += " (objectives as if the mission ended today: it has not)"
    lines.append(f"scores: {norms}")
    top = top_findings(result.findings, 3)
    if top:
        lines.append(f"findings: {len(result.findings)}; gravest:")
        lines.extend(
            f"  turn {f.get('turn', '?')} [{f.get('clause', '')}] {f.get('what', '')}" for f in top
        )
    lines.append(f"final hash: {result.final_hash}")
    if result.out_dir is not None:
        lines.append(f"wrote {result.out_dir}/(events.jsonl, turns.csv, summary.json, replay.json)")
    return "\n".join(lines)
