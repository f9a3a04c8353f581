"""Benchmarks: ``bluehelm bench`` / ``python -m game.bench`` (one JSON object per line).

``--case epstein`` times one Model I step at each ``--sizes`` in a fresh process each
(median and min ms, peak MB) after a memory-bandwidth probe; ``--vs-mesa`` times Mesa
3.3.1's shipped example beside ours; ``--regime`` compares mean active and jailed counts
with Mesa's over several seeds.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def build_parser() -> argparse.ArgumentParser:
    """The bench command line (shared by ``bluehelm bench`` and ``python -m game.bench``)."""
    parser = argparse.ArgumentParser(prog="bluehelm bench", description=__doc__)
    parser.add_argument("--case", choices=["epstein"], action="append", help="cases to time")
    parser.add_argument(
        "--sizes", type=_sizes, default=None, help="grid sides, e.g. 40,100,200,1000"
    )
    parser.add_argument("--repeat", type=int, default=10, help="timed calls per case")
    parser.add_argument("--vs-mesa", action="store_true", help="time Mesa 3.3.1 side by side")
    parser.add_argument("--mesa-max-size", type=int, default=200, help="largest side Mesa runs at")
    parser.add_argument("--regime", action="store_true", help="mean active/jailed vs Mesa's seeds")
    parser.add_argument("--seeds", type=int, default=10, help="seeds for --regime")
    parser.add_argument("--steps", type=int, default=200, help="steps per seed for --regime")
    parser.add_argument("--no-bandwidth", action="store_true", help="skip the bandwidth probe")
    parser.add_argument("--in-process", action="store_true", help="no subprocess per case")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the requested benchmarks; returns a process exit code."""
    args = build_parser().parse_args(argv)
    from game.bench import epstein_cases, harness

    cases = args.case or ([] if (args.vs_mesa or args.regime) else ["epstein"])
    sizes = args.sizes or list(epstein_cases.DEFAULT_SIZES)
    failed = False
    if cases and not args.no_bandwidth:
        harness.emit(harness.memory_bandwidth())
    if "epstein" in cases:
        for report in harness.run_cases(
            epstein_cases.specs(sizes, args.repeat), isolated=not args.in_process
        ):
            failed |= "error" in report
    if args.vs_mesa or args.regime:
        from game.bench import mesa_compare

        if args.vs_mesa:
            mesa_compare.compare_speed(
                sizes, repeat=min(args.repeat, 5), mesa_max_size=args.mesa_max_size
            )
        if args.regime:
            mesa_compare.compare_regime(seeds=args.seeds, steps=args.steps)
    return 1 if failed else 0
