"""``bluehelm run``: play a mission headless under a policy or a script; write the record.

``bluehelm run MISSION [--seed N] [--policy P | --orders FILE] [--turns T] [--out DIR]
[--strict]`` writes events.jsonl, turns.csv, summary.json and replay.json and prints a
readable summary with the counterfactual's deaths and the lives saved. The options that
say who gives the orders and where the record goes are shared with ``bluehelm replay``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.command import Command
from game.paths import resolve_mission

POLICY_CHOICES = ("doctrine", "passive", "reckless", "random")
"""The policies ``--policy`` offers (named here so ``--help`` needs no policy code)."""


def add_orders_source(p: argparse.ArgumentParser, default: str | None) -> None:
    """``--policy`` or ``--orders``: who gives the orders (``run`` and ``replay --branch``)."""
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--policy",
        choices=POLICY_CHOICES,
        default=default,
        help="who gives the mission's orders: doctrine (UN doctrine), passive (does "
        "nothing), reckless (force first) or random"
        + (f" (default: {default})" if default else ""),
    )
    g.add_argument(
        "--orders", type=Path, metavar="FILE", help="a scripted orders file (YAML: turn -> orders)"
    )


def add_outputs(p: argparse.ArgumentParser) -> None:
    """``--turns``, ``--out``, ``--no-counterfactual`` and ``--quiet`` of a headless run."""
    p.add_argument("--turns", type=int, metavar="T", help="play at most T turns in all")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder for the run's files")
    p.add_argument(
        "--no-counterfactual",
        action="store_true",
        help="skip the counterfactual run (same seed, no mission)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only the output folder")


def _configure_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("mission", metavar="MISSION", help="mission file, or a shipped mission's id")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    add_orders_source(p, "doctrine")
    add_outputs(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help="training mode: orders the ROE or mandate forbid are refused, not carried out",
    )


def default_out(mission_id: str, seed: int, policy: str) -> Path:
    """Where a run writes when ``--out`` is not given: ``runs/<mission>-seed<N>-<policy>``."""
    return Path("runs") / f"{mission_id}-seed{seed}-{policy}"


def _cmd_run(args: argparse.Namespace) -> int:
    from game.ai.run import run
    from game.engine.record import summary_text
    from game.mission import MissionError, load_mission

    if args.turns is not None and args.turns < 1:
        print("bluehelm run: --turns must be at least 1", file=sys.stderr)
        return 1
    try:
        path = resolve_mission(args.mission)
        mission = load_mission(path)
        script = None
        if args.orders is not None:
            from game.ai.orders_file import load_orders

            script = load_orders(args.orders)
    except MissionError as e:
        print(e, file=sys.stderr)
        return 1
    from game.rules.orders import OrderError

    name = "script" if script is not None else args.policy
    out = args.out or default_out(mission.meta.id, args.seed, name)
    try:
        result = run(
            path,
            args.seed,
            policy=args.policy,
            orders=script,
            turns=args.turns,
            out_dir=out,
            strict=args.strict,
            counterfactual=not args.no_counterfactual,
            progress=not args.quiet,
        )
    except OrderError as e:
        print(f"{args.orders or 'bluehelm run'}: {e}", file=sys.stderr)
        return 1
    print(out if args.quiet else summary_text(result))
    return 0


RUN = Command(
    help="play a mission headless under a policy or a script; write the record",
    description="Play MISSION with no screen, its orders given by a policy or a "
    "scripted orders file. Writes events.jsonl, turns.csv, summary.json and "
    "replay.json into the output folder, runs the counterfactual (same seed, no "
    "mission) and prints the outcome, the norm scores and the lives saved.",
    configure=_configure_run,
    run=_cmd_run,
)
"""The ``run`` subcommand."""
