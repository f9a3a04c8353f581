"""``bluehelm upgrade``: bring a mission file written for an older format to the current one.

The migrations live in ``game.mission.upgrade``; the original file is kept as FILE.bak.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.command import Command
from game.mission import MissionError


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="mission file to upgrade")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="write the upgraded mission here (default: replace FILE, keeping FILE.bak)",
    )


def _run(args: argparse.Namespace) -> int:
    from game.mission.upgrade_file import upgrade_file

    try:
        report = upgrade_file(args.file, args.output)
    except MissionError as e:
        print(e, file=sys.stderr)
        return 1
    print(report)
    return 0


UPGRADE = Command(
    help="bring an older mission file to the current format",
    description="Migrate a mission file written for an older format, step by step, "
    "to the current one. The original is kept as FILE.bak.",
    configure=_configure,
    run=_run,
)
"""The ``upgrade`` subcommand."""
