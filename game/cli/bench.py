"""``bluehelm bench``: time the simulation (the options and cases live in ``game.bench``).

``game.bench`` is imported only when the command is configured or run: it pulls in numpy.
"""

from __future__ import annotations

import argparse
from types import ModuleType

from game.cli.command import Command


def _bench() -> ModuleType:
    """The bench package, imported on first use."""
    import game.bench

    return game.bench


def _configure(p: argparse.ArgumentParser) -> None:
    _bench().configure(p)


def _run(args: argparse.Namespace) -> int:
    status: int = _bench().run(args)
    return status


BENCH = Command(
    help="time the simulation; one JSON object per line",
    description="Benchmarks, each case in a fresh process: one day of the peace "
    "operation at 256 to 2048 cells a side, Epstein's civil-violence model, and "
    "(--vs-mesa, --regime) Mesa 3.3.1's shipped example side by side. Prints "
    "median and min ms, peak MB, bytes touched per cell against memory bandwidth, "
    "and a fixed reference workload's time (ref_ms) with the case in its units "
    "(per_ref), to tell a slow spell of a shared machine from a slower program.",
    configure=_configure,
    run=_run,
)
"""The ``bench`` subcommand."""
