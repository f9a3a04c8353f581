"""A game's record: play a session from any source of orders, and write what happened.

The engine half of a headless run (``game.ai.run`` adds the policies and scripts that give
the orders). ``play(session, source)`` plays turn by turn through the ``Session`` (the
same API the UI uses); ``record_of(session, replay, ...)`` sums the game up as a
``RunResult``, with the *counterfactual*: the same mission and seed with no mission at all
(``counterfactual=True``), for the same number of days. Lives saved = civilians killed in
the counterfactual minus civilians killed in the game. ``write_outputs`` writes, into a
folder:

- ``events.jsonl``: every event, one JSON object per line;
- ``turns.csv``: one row per turn: every metric and the five norm scores;
- ``summary.json``: scores, outcome, final hash, deaths, counterfactual deaths, lives saved;
- ``replay.json``: mission, seed, orders and hashes of every turn (``bluehelm replay``).

and ``summary_text(result)`` is the few lines ``bluehelm run`` prints. Nothing here knows
who gave the orders, so the engine needs no policy to record a game.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game._version import __version__
from game.engine.replay import Replay, write_replay
from game.engine.save import atomic_write_bytes, mission_digest
from game.mission.schema import Mission
from game.norms import NORMS

if TYPE_CHECKING:
    from game.engine.session import Session, TurnResult
    from game.rules.orders import Order

__all__ = [
    "OrderSource",
    "RunResult",
    "civilians_killed",
    "counterfactual_deaths",
    "play",
    "record_of",
    "summary_text",
    "write_outputs",
]


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


def record_of(session: Session, replay: Replay, policy: str, *, counterfactual: bool) -> RunResult:
    """The ``RunResult`` of ``session`` as played so far (every turn, from day 1).

    ``policy`` names who gave the orders; ``counterfactual`` plays the same days again
    with no mission to count the lives saved.
    """
    m = session.mission
    played = list(session.history)
    cf = counterfactual_deaths(m, session.seed, session.turn) if counterfactual else None
    return RunResult(
        mission=m,
        seed=int(session.seed),
        policy=policy,
        turns=played,
        replay=replay,
        scores=dict(session.scores()),
        outcome=_outcome(session),
        final_hash=session.state_hash(),
        deaths=civilians_killed(session),
        counterfactual_deaths=cf,
        findings=[_as_dict(f) for t in played for f in t.findings],
        session=session,
    )


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
