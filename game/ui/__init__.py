"""The desktop game (pygame-ce + pygame_gui): the only package that imports pygame.

Importing this package does not import pygame, so ``bluehelm --help`` stays fast and
works without a display; :func:`main` and :func:`cmd_play` import it when called.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from game.paths import resolve_mission

# pygame prints a banner on import unless told not to; the game has its own title screen.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def configure_play(p: argparse.ArgumentParser) -> None:
    """Arguments of ``bluehelm play``."""
    p.add_argument(
        "mission",
        nargs="?",
        type=resolve_mission,
        metavar="MISSION",
        help="mission file, or a shipped mission's id such as 'tutorial', to open directly "
        "(default: the main menu)",
    )
    p.add_argument(
        "--settings",
        type=Path,
        default=None,
        metavar="FILE",
        help="settings file to use (default: settings.json in the user's config folder)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="training mode: orders the mandate or the ROE forbid are refused, naming the "
        "clause (default: free play, where they are carried out and recorded as findings)",
    )


def cmd_play(args: argparse.Namespace) -> int:
    """Run ``bluehelm play`` with parsed arguments; return the exit status."""
    from game.ui.app import run

    return run(args.mission, settings_path=args.settings, strict=getattr(args, "strict", False))


def main(argv: Sequence[str] | None = None) -> int:
    """``bluehelm play [MISSION]`` as a stand-alone entry point."""
    parser = argparse.ArgumentParser(prog="bluehelm play", description="Open the game window.")
    configure_play(parser)
    return cmd_play(parser.parse_args(argv))


__all__ = ["cmd_play", "configure_play", "main"]
