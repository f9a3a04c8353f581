"""Benchmark: ``bluehelm validate`` on a folder of hostile files (issue figure: < 3 s,
< 300 MB), the whole command in a fresh process as a user runs it.

Prints one JSON object per line: wall seconds (median and min of 5 runs) and the child's
peak resident memory. Run: ``python tests/benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.hostile import build


def main(repeat: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp))
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        walls: list[float] = []
        for _ in range(repeat):
            t = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "game", "validate", tmp],
                capture_output=True,
                text=True,
            )
            walls.append(time.perf_counter() - t)
            assert done.returncode == 1 and "Traceback" not in done.stderr
        # ru_maxrss of children: the largest any child reached, in KiB on Linux
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "case": "validate_hostile_folder",
                    "files": len(files),
                    "folder_mb": round(size_mb, 1),
                    "problem_lines": len(done.stderr.splitlines()),
                    "s_median": round(statistics.median(walls), 3),
                    "s_min": round(min(walls), 3),
                    "peak_mb": round(peak_mb, 1),
                    "target": "< 3 s and < 300 MB",
                }
            )
        )


if __name__ == "__main__":
    main()
