"""Benchmark harness: time a case in a fresh process, report one JSON object per line.

Each case runs in its own ``spawn``-ed child, which builds the case twice:

1. Memory pass, under ``tracemalloc``: build, warm up, one more call; ``peak_mb`` is the
   peak of traced allocations. NumPy reports its array buffers to tracemalloc, so this is
   the case's own peak (state plus the largest set of temporaries alive at once),
   unaffected by what the allocator keeps from earlier work; tracemalloc slows Python
   allocations, so no timing is taken in this pass.
2. Timing pass, without tracemalloc: build again, warm up, then ``time.perf_counter``
   around each of ``repeat`` calls; the median and the minimum are reported (the minimum
   is the least disturbed by other processes on a shared machine, the median the more
   typical), with the median CPU time (``time.process_time``: excludes time spent
   waiting for a core) and the 1-minute load average, to judge how busy the machine
   was. ``rss_growth_mb`` is the peak resident set of this pass minus the resident set
   before it (Linux ``/proc``; ``getrusage`` elsewhere); it can read low when the
   allocator reuses pages freed by the memory pass.
"""

from __future__ import annotations

import gc
import importlib
import json
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

Factory = Callable[..., tuple[Callable[[], object], dict[str, Any]]]
"""A case factory builds the work and returns (timed callable, extra fields to report)."""


@dataclass(frozen=True)
class CaseSpec:
    """One measurement: ``factory`` is "module:function", called with ``kwargs`` in the child."""

    case: str
    size: int
    factory: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    repeat: int = 10
    warmup: int = 2


def _resolve_factory(path: str) -> Factory:
    module, _, name = path.partition(":")
    factory: Factory = getattr(importlib.import_module(module), name)
    return factory


def _maxrss_mb() -> float:
    """Peak resident set of this process so far, in MiB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return float(kib) / (1024.0 if sys.platform != "darwin" else 1024.0 * 1024.0)


def _proc_status_mb(key: str) -> float | None:
    """A ``/proc/self/status`` memory line (VmRSS, VmHWM) in MiB, or None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return float(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def _reset_peak() -> float:
    """Reset the peak-RSS mark if the kernel allows; return the baseline in MiB."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return _maxrss_mb()
    rss = _proc_status_mb("VmRSS")
    return rss if rss is not None else _maxrss_mb()


def _peak_mb() -> float:
    hwm = _proc_status_mb("VmHWM")
    return hwm if hwm is not None else _maxrss_mb()


def _cpu_ticks() -> tuple[int, int] | None:
    """(steal, total) jiffies of the whole machine from ``/proc/stat``, or None off Linux.

    On a shared virtual machine the hypervisor may run other guests on our cores; that
    "steal" time slows every timing, so the report carries it to tell a noisy run."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    steal = fields[7] if len(fields) > 7 else 0
    return steal, sum(fields[:8])


def _steal_pct(before: tuple[int, int] | None) -> float | None:
    after = _cpu_ticks()
    if before is None or after is None or after[1] == before[1]:
        return None
    return round(100.0 * (after[0] - before[0]) / (after[1] - before[1]), 1)


def reference_ms(repeat: int = 7) -> float:
    """Median ms of a fixed reference workload: the host's speed at this moment.

    The mix resembles a small map's day: 600 numpy calls on 4,096-element arrays, then a
    few passes over a (3, 256, 256) float32 stack. Timed next to every case, it tells a
    run made in a slow spell of a shared machine (the same code measures up to about 2x
    slower from one hour to the next) from a slower program: a case's ``ms_median`` over
    this figure (``per_ref``) moves much less between spells than either alone.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    small = rng.random(4096)
    stack = rng.random((3, 256, 256)).astype(np.float32)
    out = np.empty_like(stack)

    def work() -> float:
        total = 0.0
        for _ in range(200):
            total += float(np.add(np.multiply(small, 1.5), 0.5).sum())
        np.multiply(stack, np.float32(2.0), out=out)
        total += float(out.sum()) + float(np.flatnonzero(stack > 0.5).size)
        return total

    work()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def measure(spec: CaseSpec) -> dict[str, Any]:
    """Build and time one case in this process; returns the report dict."""
    factory = _resolve_factory(spec.factory)
    gc.collect()
    tracemalloc.start()
    fn, extra = factory(**spec.kwargs)
    for _ in range(spec.warmup + 1):
        fn()
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    del fn, extra
    gc.collect()
    base = _reset_peak()
    fn, extra = factory(**spec.kwargs)
    for _ in range(spec.warmup):
        fn()
    ref_before = reference_ms()
    times: list[float] = []
    cpu: list[float] = []
    ticks = _cpu_ticks()
    for _ in range(spec.repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    median = statistics.median(times)
    ref = (ref_before + reference_ms()) / 2  # before and after: a spell may start midway
    report: dict[str, Any] = {
        "case": spec.case,
        "size": spec.size,
        "ms_median": round(median * 1e3, 3),
        "ms_min": round(min(times) * 1e3, 3),
        "cpu_ms_median": round(statistics.median(cpu) * 1e3, 3),
        "peak_mb": round(traced_peak, 1),
        "rss_growth_mb": round(_peak_mb() - base, 1),
        "repeat": spec.repeat,
        "warmup": spec.warmup,
        "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "steal_pct": _steal_pct(ticks),
        "ref_ms": round(ref, 3),
        "per_ref": round(median * 1e3 / ref, 3),
    }
    report.update(extra)
    cells = extra.get("cells")
    if isinstance(cells, int) and cells > 0:
        report["ns_per_cell"] = round(median * 1e9 / cells, 2)
    return report


def _child(spec: CaseSpec, queue: Any) -> None:
    try:
        queue.put(measure(spec))
    except BaseException as exc:  # report, never hang the parent
        queue.put({"case": spec.case, "size": spec.size, "error": repr(exc)})


def measure_isolated(spec: CaseSpec, timeout: float = 3600.0) -> dict[str, Any]:
    """Run :func:`measure` in a fresh spawned process (clean heap, honest peak memory)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(spec, queue))
    proc.start()
    try:
        result: dict[str, Any] = queue.get(timeout=timeout)
    except Exception:
        proc.kill()
        proc.join()
        return {"case": spec.case, "size": spec.size, "error": "timed out or crashed"}
    proc.join()
    return result


def emit(report: dict[str, Any], out: TextIO | None = None) -> None:
    """Print one report as a single JSON line (and flush: long runs stream)."""
    stream = out if out is not None else sys.stdout
    stream.write(json.dumps(report, sort_keys=False) + "\n")
    stream.flush()


def run_cases(specs: Iterable[CaseSpec], isolated: bool = True) -> list[dict[str, Any]]:
    """Measure each case (each in its own process unless ``isolated`` is False) and emit it."""
    reports = []
    for spec in specs:
        report = measure_isolated(spec) if isolated else measure(spec)
        emit(report)
        reports.append(report)
    return reports


def memory_bandwidth(mib: int = 256, repeat: int = 5) -> dict[str, Any]:
    """Copy bandwidth: best of ``repeat`` ``np.copyto`` of a ``mib`` MiB array.

    Reported as GB/s of bytes moved (read + written, as STREAM's Copy), the ceiling for
    any whole-grid pass; a case's bytes touched per cell divided by this gives its floor.
    """
    import numpy as np

    n = mib * 2**20 // 8
    src = np.ones(n, dtype=np.float64)
    dst = np.empty_like(src)
    np.copyto(dst, src)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    moved = 2.0 * src.nbytes
    return {
        "case": "memory_bandwidth",
        "size": mib,
        "ms_min": round(best * 1e3, 3),
        "gb_per_s": round(moved / best / 1e9, 2),
        "bytes_moved": int(moved),
        "method": "np.copyto float64, read+write",
    }
