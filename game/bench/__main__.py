"""``python -m game.bench`` runs the benchmark command line."""

from __future__ import annotations

import sys

from game.bench import main

if __name__ == "__main__":
    sys.exit(main())
