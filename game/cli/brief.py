"""``bluehelm brief``: print a mission's briefing, mandate and rules of engagement.

The words come from ``game.mission.describe``; this module only reads the file and prints.
"""

from __future__ import annotations

import argparse
import sys

from game.cli.command import Command
from game.mission import MissionError, load_mission
from game.paths import resolve_mission


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "mission",
        type=resolve_mission,
        metavar="MISSION",
        help="mission file to brief, or a shipped mission's id such as 'tutorial'",
    )


def _run(args: argparse.Namespace) -> int:
    from game.mission.describe import brief

    try:
        m = load_mission(args.mission)
    except MissionError as e:
        print(e, file=sys.stderr)
        return 1
    print(brief(m))
    return 0


BRIEF = Command(
    help="print a mission's briefing, mandate and rules of engagement",
    description="Print the pre-mission briefing: situation, mandate, the ROE card "
    "rung by rung, the parties, your forces and the sources.",
    configure=_configure,
    run=_run,
)
"""The ``brief`` subcommand."""
