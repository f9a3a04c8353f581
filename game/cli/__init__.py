"""``bluehelm``: the command line for players, instructors, mission authors and scripts.

Each subcommand is a module here that builds one ``Command`` (``game.cli.command``):
its help line, its argument setup and the function that runs it. ``COMMANDS`` lists them
in the order ``bluehelm --help`` shows them, players first and tools last. The command
line is the top of the layers: it imports what it runs, and nothing in the game imports
it (``python -m game`` and the ``bluehelm`` script call ``main``). Commands print what a
person needs, exit 0 on success and 1 on a problem with the input, and never show a
traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from game._version import __version__
from game.cli.bench import BENCH
from game.cli.brief import BRIEF
from game.cli.command import Command
from game.cli.play import PLAY
from game.cli.replay import REPLAY
from game.cli.report import REPORT
from game.cli.run import RUN
from game.cli.schema import SCHEMA
from game.cli.upgrade import UPGRADE
from game.cli.validate import VALIDATE

__all__ = ["COMMANDS", "Command", "build_parser", "main"]

COMMANDS: dict[str, Command] = {
    "play": PLAY,
    "run": RUN,
    "replay": REPLAY,
    "report": REPORT,
    "validate": VALIDATE,
    "brief": BRIEF,
    "schema": SCHEMA,
    "upgrade": UPGRADE,
    "bench": BENCH,
}
"""Every subcommand by name, in the order ``bluehelm --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The ``bluehelm`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="bluehelm",
        description="Blue Helm: command a UN peace operation bound by consent, "
        "impartiality and the limited use of force.",
        epilog="Run 'bluehelm COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"bluehelm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, cmd in COMMANDS.items():
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
