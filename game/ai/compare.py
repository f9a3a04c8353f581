"""Compare player policies over many seeds: the evidence that the norms are scored honestly.

``compare(missions, seeds, policies)`` plays every (mission, seed, policy) headless and
returns one ``Outcome`` row each: the five norm scores, civilians killed and protected.
``table`` summarises the rows as mean scores per mission and policy, and ``dominance``
checks the claims the issue makes: over the seeds, ``doctrine`` scores higher than
``reckless`` on every norm, and protects more civilians than ``passive`` (more lives saved).

Runs are independent, so ``workers > 1`` spreads them over processes; results do not
depend on the number of workers (each run is seeded only by its own seed).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from game.norms import NORMS

__all__ = ["Outcome", "compare", "dominance", "play_one", "table"]


@dataclass(frozen=True)
class Outcome:
    """One headless game: its mission, seed, policy, norm scores and civilians killed."""

    mission: str
    seed: int
    policy: str
    turns: int
    scores: dict[str, float]
    killed: int
    counterfactual_killed: int
    """Civilians killed over the same days with the same seed and no mission."""
    result: str

    @property
    def lives_saved(self) -> int:
        """Counterfactual deaths minus this game's deaths (over the days it lasted)."""
        return self.counterfactual_killed - self.killed


def play_one(mission_path: str, seed: int, policy: str, turns: int | None = None) -> Outcome:
    """Play one game to its end (or ``turns``) under ``policy``; no files written."""
    from game.ai.run import run
    from game.mission import load_mission

    m = load_mission(mission_path)
    r = run(m, seed, policy=policy, turns=turns, counterfactual=True)
    return Outcome(
        mission=m.meta.id,
        seed=seed,
        policy=policy,
        turns=len(r.turns),
        scores={k: float(v) for k, v in r.scores.items()},
        killed=r.deaths,
        counterfactual_killed=int(r.counterfactual_deaths or 0),
        result=str((r.outcome or {}).get("result", "running")),
    )


def _star(args: tuple[str, int, str, int | None]) -> Outcome:
    return play_one(*args)


def compare(
    missions: Iterable[str | os.PathLike[str]],
    seeds: Sequence[int],
    policies: Sequence[str] = ("doctrine", "reckless", "passive"),
    *,
    turns: int | None = None,
    workers: int = 1,
) -> list[Outcome]:
    """Play every mission x seed x policy; rows in that order whatever ``workers`` is."""
    jobs = [
        (os.fspath(Path(m)), int(s), p, turns) for m in missions for s in seeds for p in policies
    ]
    if workers <= 1:
        return [_star(j) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_star, jobs, chunksize=1))


def _mean(values: Iterable[float]) -> float:
    v = list(values)
    return sum(v) / len(v) if v else float("nan")


def table(rows: Sequence[Outcome]) -> str:
    """A Markdown table per mission and policy: mean norm scores, days played, civilians
    killed and lives saved against the counterfactual."""
    head = ["mission", "policy", "seeds", *NORMS, "days", "killed", "lives saved"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    keys = list(dict.fromkeys((r.mission, r.policy) for r in rows))
    for mission, policy in keys:
        sel = [r for r in rows if r.mission == mission and r.policy == policy]
        cells = [mission, policy, str(len(sel))]
        cells += [f"{_mean(r.scores.get(n, float('nan')) for r in sel):.1f}" for n in NORMS]
        cells.append(f"{_mean(r.turns for r in sel):.1f}")
        cells.append(f"{_mean(r.killed for r in sel):,.0f}")
        cells.append(f"{_mean(r.lives_saved for r in sel):,.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def dominance(rows: Sequence[Outcome]) -> list[str]:
    """Every way the rows break the claims (empty: the claims hold).

    Per mission, over the seeds: doctrine's mean score beats reckless's on each norm, and
    doctrine saves more lives than passive against the counterfactual (same seed, same
    days, no mission): games can end on different days (a mission withdrawn early), so
    raw death counts over unequal spans would not compare like with like.
    """
    problems: list[str] = []
    for mission in dict.fromkeys(r.mission for r in rows):
        by = {
            p: [r for r in rows if r.mission == mission and r.policy == p]
            for p in ("doctrine", "reckless", "passive")
        }
        if by["doctrine"] and by["reckless"]:
            for n in NORMS:
                d = _mean(r.scores[n] for r in by["doctrine"])
                k = _mean(r.scores[n] for r in by["reckless"])
                if not d > k:
                    problems.append(f"{mission}: doctrine {n} {d:.1f} <= reckless {k:.1f}")
        if by["doctrine"] and by["passive"]:
            d = _mean(r.lives_saved for r in by["doctrine"])
            p = _mean(r.lives_saved for r in by["passive"])
            if not d > p:
                problems.append(f"{mission}: doctrine saved {d:.0f} lives, passive {p:.0f}")
    return problems
