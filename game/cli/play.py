"""``bluehelm play``: open the game window (the desktop UI parses and runs it).

Importing ``game.ui`` does not import pygame, so the parser and ``--help`` stay fast.
"""

from __future__ import annotations

import game.ui
from game.cli.command import Command

PLAY = Command(
    help="open the game window: the main menu, or straight into MISSION",
    description="Play Blue Helm on the desktop. With MISSION, skip the menu and open "
    "that mission's map. Settings live in the user's config folder (--settings "
    "overrides).",
    configure=game.ui.configure_play,
    run=game.ui.cmd_play,
)
"""The ``play`` subcommand."""
