"""Benchmarks and figures for headless runs, saves, replays and policies.

    .venv/bin/python tests/benchmarks/bench_run.py                 # timings
    .venv/bin/python tests/benchmarks/bench_run.py --compare 20    # + the policy table
    .venv/bin/python tests/benchmarks/bench_run.py --replays 5     # + replay verification

Timings: days per second of a headless doctrine run per shipped mission, save and load
of the final game, and replay verification. ``--compare N`` plays doctrine, reckless and
passive on N seeds of every shipped mission and prints the mean norm scores, civilians
killed and lives saved, then whether doctrine beats reckless on every norm and saves more
lives than passive (the issue's figure). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from game.ai.compare import compare, dominance, table
from game.ai.run import run
from game.engine.replay import verify
from game.engine.save import load_session, save_session
from game.mission import load_mission
from game.paths import shipped_missions


def timings(turns: int | None) -> None:
    """Print days/s, save/load times and replay verification per shipped mission."""
    print("| mission | days | run days/s | save ms | load ms | save KB | verify days/s |")
    print("|---|---|---|---|---|---|---|")
    for path in shipped_missions():
        m = load_mission(path)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            r = run(m, 1, policy="doctrine", turns=turns, out_dir=tmp, counterfactual=False)
            run_s = time.perf_counter() - t
            assert r.session is not None
            save = Path(tmp) / "game.bhsave"
            t = time.perf_counter()
            save_session(r.session, save)
            save_ms = 1000 * (time.perf_counter() - t)
            t = time.perf_counter()
            load_session(save)
            load_ms = 1000 * (time.perf_counter() - t)
            t = time.perf_counter()
            report = verify(Path(tmp) / "replay.json")
            verify_s = time.perf_counter() - t
            assert report.ok, report
            days = len(r.turns)
            print(
                f"| {m.meta.id} | {days} | {days / run_s:.1f} | {save_ms:.0f} | {load_ms:.0f} "
                f"| {save.stat().st_size / 1024:.0f} | {days / verify_s:.1f} |"
            )


def replays(seeds: int, turns: int) -> None:
    """Record and verify games of every mission x policy x seed; print turns matched."""
    total = matched = games = 0
    for path in shipped_missions():
        m = load_mission(path)
        for policy in ("doctrine", "passive", "reckless", "random"):
            for seed in range(seeds):
                r = run(m, seed, policy=policy, turns=turns, counterfactual=False)
                report = verify(r.replay)
                total += report.turns
                matched += report.matched
                games += 1
                if not report.ok:
                    print(f"{m.meta.id} seed {seed} {policy}: {report}")
    print(
        f"\nreplay verification: {matched} of {total} turns match "
        f"({100 * matched / max(1, total):.1f}%) over {games} games"
    )


def main() -> None:
    """Parse the options and print the tables."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--turns", type=int, default=None, help="cap the timed runs")
    p.add_argument(
        "--compare",
        type=int,
        default=0,
        metavar="SEEDS",
        help="also compare the policies over SEEDS seeds per mission",
    )
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument(
        "--replays",
        type=int,
        default=0,
        metavar="SEEDS",
        help="also record and verify SEEDS games per mission and policy",
    )
    args = p.parse_args()
    timings(args.turns)
    if args.replays:
        replays(args.replays, args.turns or 40)
    if args.compare:
        t = time.perf_counter()
        rows = compare(shipped_missions(), range(args.compare), workers=args.workers)
        print()
        print(table(rows))
        problems = dominance(rows)
        print("\nclaims hold" if not problems else "\n" + "\n".join(problems))
        print(f"({len(rows)} games in {time.perf_counter() - t:.0f}s)")


if __name__ == "__main__":
    main()
