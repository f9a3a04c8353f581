"""Benchmarks: ``bluehelm bench`` / ``python -m game.bench`` (one JSON object per line).

``--case day`` times one day of the peace-operation dynamics at 256² to 2048² (3
communities, 4 factions, 40 units), with bytes touched per cell against the measured
memory bandwidth; ``--case epstein`` times one Model I step at each ``--sizes``. Each
case runs in a fresh process (median and min ms, peak MB) after a memory-bandwidth
probe. ``--vs-mesa`` times Mesa 3.3.1's shipped example beside ours; ``--regime``
compares mean active and jailed counts with Mesa's over several seeds.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


CASES = ("day", "epstein")
"""Benchmark cases: ``day`` (one day of the peace operation), ``epstein`` (Model I step)."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the bench options to ``parser`` (``bluehelm bench`` and ``python -m game.bench``)."""
    parser.add_argument(
        "--case", choices=CASES, action="append", help="cases to time (default: all)"
    )
    parser.add_argument(
        "--sizes", type=_sizes, default=None, help="grid sides, e.g. 256,512,1024,2048"
    )
    parser.add_argument("--repeat", type=int, default=10, help="timed calls per case")
    parser.add_argument("--vs-mesa", action="store_true", help="time Mesa 3.3.1 side by side")
    parser.add_argument("--mesa-max-size", type=int, default=200, help="largest side Mesa runs at")
    parser.add_argument("--regime", action="store_true", help="mean active/jailed vs Mesa's seeds")
    parser.add_argument("--seeds", type=int, default=10, help="seeds for --regime")
    parser.add_argument("--steps", type=int, default=200, help="steps per seed for --regime")
    parser.add_argument("--no-bandwidth", action="store_true", help="skip the bandwidth probe")
    parser.add_argument("--in-process", action="store_true", help="no subprocess per case")


def build_parser() -> argparse.ArgumentParser:
    """The bench command line on its own."""
    parser = argparse.ArgumentParser(prog="bluehelm bench", description=__doc__)
    configure(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the benchmarks ``args`` ask for; one JSON object per line; exit code."""
    from game.bench import day_cases, epstein_cases, harness

    cases = args.case or ([] if (args.vs_mesa or args.regime) else list(CASES))
    failed = False
    gb_per_s = 0.0
    if cases and not args.no_bandwidth:
        probe = harness.memory_bandwidth()
        gb_per_s = float(probe["gb_per_s"])
        harness.emit(probe)
    isolated = not args.in_process
    if "day" in cases:
        for spec in day_cases.specs(args.sizes or day_cases.SIZES, args.repeat):
            report = harness.measure_isolated(spec) if isolated else harness.measure(spec)
            harness.emit(day_cases.with_bandwidth(report, gb_per_s))
            failed |= "error" in report
    if "epstein" in cases:
        sizes = args.sizes or list(epstein_cases.DEFAULT_SIZES)
        for report in harness.run_cases(epstein_cases.specs(sizes, args.repeat), isolated):
            failed |= "error" in report
    if args.vs_mesa or args.regime:
        from game.bench import mesa_compare

        if args.vs_mesa:
            sizes = args.sizes or list(epstein_cases.DEFAULT_SIZES)
            mesa_compare.compare_speed(
                sizes, repeat=min(args.repeat, 10), mesa_max_size=args.mesa_max_size
            )
        if args.regime:
            mesa_compare.compare_regime(seeds=args.seeds, steps=args.steps)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m game.bench``: parse ``argv`` and run."""
    return run(build_parser().parse_args(argv))
