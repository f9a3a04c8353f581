"""``bluehelm``: the command line for players, instructors, mission authors and scripts.

Each subcommand is one ``_cmd_*`` function plus its argument setup, registered in
``COMMANDS``; later layers (play, run, replay, sweep, bench, report) register theirs the
same way. Commands print what a person needs, exit 0 on success and 1 on a problem with
the input, and never show a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import game.ui
from game._version import __version__
from game.files import atomic_write_text
from game.mission import MissionError, load_mission
from game.paths import missions_dir, resolve_mission, shipped_missions


@dataclass(frozen=True)
class Command:
    """One subcommand: its help line, how it reads its arguments, and what it does."""

    help: str
    description: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------- validate


def _configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="mission files, folders (every *.yaml and *.yml in them) or shipped mission "
        "ids to check (default: every shipped mission)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")


MISSION_SUFFIXES = (".yaml", ".yml")


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


def _cmd_validate(args: argparse.Namespace) -> int:
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


# --------------------------------------------------------------------------- brief


def _configure_brief(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "mission",
        type=resolve_mission,
        metavar="MISSION",
        help="mission file to brief, or a shipped mission's id such as 'tutorial'",
    )


def _cmd_brief(args: argparse.Namespace) -> int:
    from game.mission.describe import brief

    try:
        m = load_mission(args.mission)
    except MissionError as e:
        print(e, file=sys.stderr)
        return 1
    print(brief(m))
    return 0


# --------------------------------------------------------------------------- schema


def _configure_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="missions folder to write into (default: the shipped missions folder)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the schema or the guide's field reference is stale",
    )


def _cmd_schema(args: argparse.Namespace) -> int:
    from game.mission.reference import json_schema_text, splice_reference

    folder: Path = args.dir or missions_dir()
    schema_path = folder / "mission.schema.json"
    guide_path = folder / "README.md"
    wanted = {schema_path: json_schema_text()}
    if guide_path.exists():
        try:
            wanted[guide_path] = splice_reference(guide_path.read_text(encoding="utf-8"))
        except ValueError as e:
            print(f"{guide_path}: {e}", file=sys.stderr)
            return 1
    stale = [
        p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for p in stale:
            print(f"{p}: out of date; run 'bluehelm schema'", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        atomic_write_text(p, wanted[p])
        print(f"wrote {p}")
    if not stale:
        print(f"{schema_path} and the guide's field reference are up to date")
    return 0


# --------------------------------------------------------------------------- upgrade


def _configure_upgrade(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="mission file to upgrade")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="write the upgraded mission here (default: replace FILE, keeping FILE.bak)",
    )


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from game.mission.upgrade_file import upgrade_file

    try:
        report = upgrade_file(args.file, args.output)
    except MissionError as e:
        print(e, file=sys.stderr)
        return 1
    print(report)
    return 0


COMMANDS: dict[str, Command] = {
    "play": Command(
        help="open the game window: the main menu, or straight into MISSION",
        description="Play Blue Helm on the desktop. With MISSION, skip the menu and open "
        "that mission's map. Settings live in the user's config folder (--settings "
        "overrides).",
        configure=game.ui.configure_play,
        run=game.ui.cmd_play,
    ),
    "validate": Command(
        help="check mission files; print file:line:col for every problem",
        description="Check mission files against the mission format. Prints one line per "
        "valid file and 'file:line:col: problem' for every problem found. Exit status 0 "
        "when all files are valid, 1 otherwise.",
        configure=_configure_validate,
        run=_cmd_validate,
    ),
    "brief": Command(
        help="print a mission's briefing, mandate and rules of engagement",
        description="Print the pre-mission briefing: situation, mandate, the ROE card "
        "rung by rung, the parties, your forces and the sources.",
        configure=_configure_brief,
        run=_cmd_brief,
    ),
    "schema": Command(
        help="write missions/mission.schema.json and the guide's field reference",
        description="Regenerate the JSON Schema that editors use to autocomplete and check "
        "mission files, and the field reference in missions/README.md, from the models.",
        configure=_configure_schema,
        run=_cmd_schema,
    ),
    "bench": Command(
        help="time the simulation; one JSON object per line",
        description="Benchmarks, each case in a fresh process: one day of the peace "
        "operation at 256 to 2048 cells a side, Epstein's civil-violence model, and "
        "(--vs-mesa, --regime) Mesa 3.3.1's shipped example side by side. Prints "
        "median and min ms, peak MB, bytes touched per cell against memory bandwidth, "
        "and a fixed reference workload's time (ref_ms) with the case in its units "
        "(per_ref), to tell a slow spell of a shared machine from a slower program.",
        configure=lambda p: _bench().configure(p),
        run=lambda a: _bench().run(a),
    ),
    "upgrade": Command(
        help="bring an older mission file to the current format",
        description="Migrate a mission file written for an older format, step by step, "
        "to the current one. The original is kept as FILE.bak.",
        configure=_configure_upgrade,
        run=_cmd_upgrade,
    ),
}


def _bench() -> Any:
    """The bench module, imported only when the command is used (it pulls in numpy)."""
    import game.bench

    return game.bench


ORDER = ("play", "run", "replay", "report", "validate", "brief", "schema", "upgrade", "bench")
"""The order subcommands appear in ``bluehelm --help``: players first, tools last."""


def register_layers() -> None:
    """Add the subcommands the engine and exercise layers provide (imported lazily)."""
    from game.engine.commands import command_table as engine_commands
    from game.exercise.commands import command_table as exercise_commands

    for table in (engine_commands(), exercise_commands()):
        for name, cmd in table.items():
            COMMANDS.setdefault(name, cmd)


def build_parser() -> argparse.ArgumentParser:
    """The ``bluehelm`` argument parser with every registered subcommand."""
    register_layers()
    parser = argparse.ArgumentParser(
        prog="bluehelm",
        description="Blue Helm: command a UN peace operation bound by consent, "
        "impartiality and the limited use of force.",
        epilog="Run 'bluehelm COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"bluehelm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = sorted(COMMANDS, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    for name in names:
        cmd = COMMANDS[name]
        p = sub.add_parser(name, help=cmd.help, description=cmd.description)
        cmd.configure(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
