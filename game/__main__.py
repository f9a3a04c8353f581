"""``python -m game`` runs the same command line as ``bluehelm``."""

from __future__ import annotations

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
