"""Benchmark: the hardened loader on broken and pathological documents.

Prints one JSON object per line. The broken documents are the property test's own
mutations (tests/test_load_property.py), generated before the clock starts, so the
figure is the loader's share alone. Run: ``python tests/benchmarks/bench_load.py``.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import test_load_property as prop

from game.mission import MissionError, load_mission_text
from game.paths import missions_dir


def broken_documents(repeat: int = 5) -> None:
    """2,000 mutated documents through the loader: CPU and wall time, best and median."""
    rng = np.random.default_rng(20_240_601)
    blobs = rng.integers(0, 256, size=(2_000, prop.EDIT_BYTES), dtype=np.uint8)
    docs = [prop.mutate(prop.VALID, prop.edits_from(bytes(row))) for row in blobs]
    cpu, wall = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        for doc in docs:
            prop.check(doc)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    print(
        json.dumps(
            {
                "case": "load_broken_2000",
                "docs": len(docs),
                "ms_cpu_median": round(statistics.median(cpu) * 1000, 1),
                "ms_cpu_min": round(min(cpu) * 1000, 1),
                "ms_wall_median": round(statistics.median(wall) * 1000, 1),
            }
        )
    )


def pathological() -> None:
    """Inputs that crash or stall plain PyYAML, refused by the guards."""
    cases = {
        "brackets_1e6": "[" * 1_000_000,
        "flow_maps_250k": "{a: " * 250_000,
        "block_seq_500k": "- " * 500_000 + "x",
        "indent_2000": "".join(" " * i + "a:\n" for i in range(2_000)),
        "alias_bomb": "a: &a [" + ", ".join(["*a"] * 1000) + "]",
    }
    for name, text in cases.items():
        start = time.perf_counter()
        with contextlib.suppress(MissionError):
            load_mission_text(text)
        print(
            json.dumps(
                {
                    "case": f"load_{name}",
                    "bytes": len(text),
                    "ms": round((time.perf_counter() - start) * 1000, 1),
                }
            )
        )


def shipped() -> None:
    """Every shipped mission, valid: ms to load and validate."""
    for path in sorted(missions_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(20):
            start = time.perf_counter()
            load_mission_text(text, str(path))
            times.append(time.perf_counter() - start)
        print(
            json.dumps(
                {
                    "case": f"load_{path.stem}",
                    "ms_median": round(statistics.median(times) * 1000, 2),
                }
            )
        )


if __name__ == "__main__":
    broken_documents()
    pathological()
    shipped()
