"""``bluehelm report``: write the after-action review (HTML + PNG charts) of a saved game.

The review itself is built and written by ``game.exercise.aar``; this module reads the
save, names the folder and prints the one-line verdict and the page's path.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.command import Command


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("save", type=Path, metavar="SAVE", help="a saved game (.bhsave)")
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for index.html and the charts (default: reports/<mission>-seed<N>-day<T>)",
    )
    p.add_argument(
        "--no-counterfactual",
        action="store_true",
        help="skip the counterfactual run (same seed, no mission), so no lives-saved figure",
    )


def _run(args: argparse.Namespace) -> int:
    from game.engine.save import SaveError, load_session
    from game.exercise import aar

    try:
        session = load_session(args.save)
    except SaveError as e:
        print(e, file=sys.stderr)
        return 1
    report = aar.build(session, counterfactual=not args.no_counterfactual)
    folder = args.out or aar.default_folder(report, Path("reports"))
    try:
        page = aar.write_report(report, folder)
    except OSError as e:
        print(f"{folder}: cannot write the report ({e.strerror or e})", file=sys.stderr)
        return 1
    killed = report.deaths_total[-1] if report.deaths_total else 0
    saved = report.lives_saved
    print(f"{report.mission_name}: {len(report.turns)} day(s), {killed:,} civilians killed", end="")
    print(f", {saved:,} lives saved against no mission" if saved is not None else "", end="")
    print(f"; {len(report.findings)} finding(s).")
    print(page)
    return 0


REPORT = Command(
    help="write the after-action review of a saved game (HTML + PNG charts)",
    description="Build the after-action review of a saved game: deaths by community "
    "and displacement over time, the five norm scores, where harm happened, every "
    "finding with its clause, and lives saved against the counterfactual run (same "
    "seed, no mission). Writes index.html and the PNG charts to a folder.",
    configure=_configure,
    run=_run,
)
"""The ``report`` subcommand."""
