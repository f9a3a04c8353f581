"""Epstein Model I benchmark (not collected by pytest: run it by hand).

python tests/benchmarks/bench_epstein.py                 # 40, 100, 200, 1000
python tests/benchmarks/bench_epstein.py --vs-mesa --sizes 40,100,200
python tests/benchmarks/bench_epstein.py --regime --seeds 10
"""

from __future__ import annotations

import sys

from game.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["--case", "epstein"]))
