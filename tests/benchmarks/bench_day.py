"""Benchmark: one day of the peace-operation dynamics at 256^2 ... 2048^2 (not a test).

Run: ``python tests/benchmarks/bench_day.py [--sizes 256,1024] [--repeat 10]``. Prints one
JSON object per line: the memory-bandwidth probe, then one line per size with ms_median,
ms_min, peak_mb, bytes touched per cell per day and the bandwidth floor. One core: the
thread variables are set before numpy is imported; each size runs in a fresh process.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402

from game.bench import harness  # noqa: E402
from game.bench.day_cases import SIZES, specs, with_bandwidth  # noqa: E402


def main() -> None:
    """Parse the options, probe bandwidth, time each size in its own process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--in-process", action="store_true")
    args = parser.parse_args()
    bw = harness.memory_bandwidth()
    harness.emit(bw)
    for spec in specs([int(s) for s in args.sizes.split(",")], args.repeat):
        report = harness.measure(spec) if args.in_process else harness.measure_isolated(spec)
        harness.emit(with_bandwidth(report, float(bw["gb_per_s"])))


if __name__ == "__main__":
    main()
