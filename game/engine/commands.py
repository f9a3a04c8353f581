"""The ``bluehelm run`` and ``bluehelm replay`` subcommands.

``command_table()`` returns them as ``game.cli.Command`` objects for ``cli.COMMANDS``;
``RUN`` and ``REPLAY`` are the same objects by name. ``game.cli`` is imported only when
the table is built, so this module and the CLI can import each other in either order.

- ``bluehelm run MISSION [--seed N] [--policy P | --orders FILE] [--turns T] [--out DIR]
  [--strict]``: play headless; write events.jsonl, turns.csv, summary.json, replay.json;
  print a readable summary with the counterfactual's deaths and the lives saved.
- ``bluehelm replay FILE [--verify] [--branch TURN (--policy P | --orders FILE)]``:
  describe a replay, re-run it and name the first differing turn and layer, or continue
  it from a turn under new orders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.paths import resolve_mission

if TYPE_CHECKING:
    from game.cli import Command

__all__ = ["command_table", "resolve_mission"]  # and RUN, REPLAY (module __getattr__)

POLICY_CHOICES = ("doctrine", "passive", "reckless", "random")


def _add_orders_source(p: argparse.ArgumentParser, default: str | None) -> None:
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


def _add_outputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--turns", type=int, metavar="T", help="play at most T turns in all")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder for the run's files")
    p.add_argument(
        "--no-counterfactual",
        action="store_true",
        help="skip the counterfactual run (same seed, no mission)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only the output folder")


# --------------------------------------------------------------------------- run


def _configure_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("mission", metavar="MISSION", help="mission file, or a shipped mission's id")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    _add_orders_source(p, "doctrine")
    _add_outputs(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help="training mode: orders the ROE or mandate forbid are refused, not carried out",
    )


def _default_out(mission_id: str, seed: int, policy: str) -> Path:
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
    out = args.out or _default_out(mission.meta.id, args.seed, name)
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


# --------------------------------------------------------------------------- replay


def _configure_replay(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="a replay.json written by a run")
    p.add_argument(
        "--verify",
        action="store_true",
        help="re-run every turn and compare hashes; name the first differing turn and layer",
    )
    p.add_argument(
        "--branch",
        type=int,
        metavar="TURN",
        help="replay the first TURN turns, then continue under --policy or --orders",
    )
    _add_orders_source(p, None)
    _add_outputs(p)


def _describe(rp: Any) -> str:
    last = rp.turns[-1].state_hash if rp.turns else "-"
    return (
        f"{rp.mission.meta.name} ({rp.mission.meta.id}): seed {rp.seed}, mode {rp.mode}, "
        f"policy {rp.policy or '-'}, {len(rp.turns)} turns, "
        f"{sum(len(t.orders) for t in rp.turns)} orders; final hash {last}"
    )


def _cmd_replay(args: argparse.Namespace) -> int:
    from game.engine.replay import ReplayError, read_replay, rebuild, verify
    from game.mission import MissionError

    try:
        rp = read_replay(args.file)
    except ReplayError as e:
        print(e, file=sys.stderr)
        return 1
    if not args.verify and args.branch is None:
        print(_describe(rp))
        return 0
    status = 0
    if args.verify:
        report = verify(rp)
        print(f"{args.file}: {report}")
        status = 0 if report.ok else 1
    if args.branch is not None:
        if args.policy is None and args.orders is None:
            print("bluehelm replay: --branch needs --policy or --orders", file=sys.stderr)
            return 1
        from game.ai.run import run
        from game.engine.record import summary_text

        try:
            script = None
            if args.orders is not None:
                from game.ai.orders_file import load_orders

                script = load_orders(args.orders)
            session, prefix = rebuild(rp, args.branch)
        except (ReplayError, MissionError) as e:
            print(e, file=sys.stderr)
            return 1
        from game.rules.orders import OrderError

        name = "script" if script is not None else args.policy
        out = args.out or _default_out(rp.mission.meta.id, rp.seed, f"branch{args.branch}-{name}")
        try:
            result = run(
                rp.mission,
                rp.seed,
                policy=args.policy,
                orders=script,
                turns=args.turns,
                out_dir=out,
                counterfactual=not args.no_counterfactual,
                session=session,
                replay=prefix,
                progress=not args.quiet,
            )
        except OrderError as e:
            print(f"{args.orders}: {e}", file=sys.stderr)
            return 1
        print(out if args.quiet else f"branched at turn {args.branch}\n{summary_text(result)}")
    return status


# --------------------------------------------------------------------------- table


def command_table() -> dict[str, Command]:
    """The subcommands this module provides, for ``cli.COMMANDS.update(...)``."""
    from game.cli import Command

    return {
        "run": Command(
            help="play a mission headless under a policy or a script; write the record",
            description="Play MISSION with no screen, its orders given by a policy or a "
            "scripted orders file. Writes events.jsonl, turns.csv, summary.json and "
            "replay.json into the output folder, runs the counterfactual (same seed, no "
            "mission) and prints the outcome, the norm scores and the lives saved.",
            configure=_configure_run,
            run=_cmd_run,
        ),
        "replay": Command(
            help="describe, verify or branch a replay file",
            description="Read a replay written by 'bluehelm run'. --verify re-runs it and "
            "names the first turn and layer whose state differs (exit 1). --branch TURN "
            "replays the first TURN turns and continues under --policy or --orders, writing "
            "a new run folder.",
            configure=_configure_replay,
            run=_cmd_replay,
        ),
    }


def __getattr__(name: str) -> Any:
    """``RUN`` and ``REPLAY``: the two ``Command`` objects, built on first access."""
    if name in {"RUN", "REPLAY"}:
        return command_table()[name.lower()]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
