"""``bluehelm validate``: check mission files and print ``file:line:col`` for every problem.

Exit status 0 when every file is valid, 1 otherwise; bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.command import Command
from game.mission import MissionError, load_mission
from game.paths import missions_dir, resolve_mission, shipped_missions

MISSION_SUFFIXES = (".yaml", ".yml")
"""What a mission file's name ends with; a folder's other files are named and skipped."""


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="mission files, folders (every *.yaml and *.yml in them) or shipped mission "
        "ids to check (default: every shipped mission)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder becomes the mission files in it (sorted), and any other
    files it holds are named on stderr, so nothing in it is passed over silently."""
    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        inside = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
        out.extend(f for f in inside if f.suffix.lower() in MISSION_SUFFIXES)
        skipped = [f.name for f in inside if f.suffix.lower() not in MISSION_SUFFIXES]
        if skipped:
            print(f"{p}: skipped (not .yaml/.yml): {', '.join(skipped)}", file=sys.stderr)
    return out


def _run(args: argparse.Namespace) -> int:
    files = _expand([resolve_mission(f) for f in args.files]) if args.files else shipped_missions()
    if not files:
        where = ", ".join(map(str, args.files)) if args.files else str(missions_dir())
        print(f"bluehelm validate: no mission files found in {where}", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        try:
            m = load_mission(path)
        except MissionError as e:
            failed += 1
            print(e, file=sys.stderr)
            continue
        if not args.quiet:
            units = sum(u.strength for u in m.forces.units)
            print(
                f"{path}: ok - {m.meta.name}: {m.map.width}x{m.map.height} map, "
                f"{len(m.communities)} communities, {len(m.factions)} factions, "
                f"{len(m.forces.units)} units ({units:,} personnel), "
                f"{m.end.turn_limit} turns, {len(m.injects)} injects"
            )
    if len(files) > 1 and not args.quiet:
        print(f"{len(files) - failed} of {len(files)} valid")
    return 1 if failed else 0


VALIDATE = Command(
    help="check mission files; print file:line:col for every problem",
    description="Check mission files against the mission format. Prints one line per "
    "valid file and 'file:line:col: problem' for every problem found. Exit status 0 "
    "when all files are valid, 1 otherwise.",
    configure=_configure,
    run=_run,
)
"""The ``validate`` subcommand."""
