"""``bluehelm replay``: describe, verify or branch a replay file written by a run.

``bluehelm replay FILE [--verify] [--branch TURN (--policy P | --orders FILE)]``
describes a replay, re-runs it and names the first differing turn and layer, or
continues it from a turn under new orders into a new run folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.cli.command import Command
from game.cli.run import add_orders_source, add_outputs, default_out


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
    add_orders_source(p, None)
    add_outputs(p)


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
        out = args.out or default_out(rp.mission.meta.id, rp.seed, f"branch{args.branch}-{name}")
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


REPLAY = Command(
    help="describe, verify or branch a replay file",
    description="Read a replay written by 'bluehelm run'. --verify re-runs it and "
    "names the first turn and layer whose state differs (exit 1). --branch TURN "
    "replays the first TURN turns and continues under --policy or --orders, writing "
    "a new run folder.",
    configure=_configure_replay,
    run=_cmd_replay,
)
"""The ``replay`` subcommand."""
