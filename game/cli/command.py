"""The ``Command`` type: what every ``bluehelm`` subcommand declares about itself.

It lives in the CLI package, beside the subcommands that build one, so no layer below
the command line has to know about it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One subcommand: its help line, how it reads its arguments, and what it does."""

    help: str
    description: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
