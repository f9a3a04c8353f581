"""`bluehelm validate` on a folder of hostile files, as a tester would run it.

Alias bombs, deep nesting, binary junk, UTF-16, a 12 MB file, python tags, NaN,
duplicate keys, an empty file, and typos, wrong types and a bad reference inside a real
mission: each file gets clear ``file:line:col: message`` lines, the command exits 1 and
no traceback shows. Its time and memory are printed by
``tests/benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from data.hostile import EXPECTED, TYPO_PROBLEMS, build

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def test_every_hostile_file_gets_located_lines_and_no_traceback(tmp_path: Path) -> None:
    files = build(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert f"0 of {len(files)} valid" in done.stdout
    by_file: dict[str, list[str]] = {}
    for line in done.stderr.splitlines():
        m = LINE.match(line)
        assert m is not None, f"not file:line:col: message -> {line!r}"
        by_file.setdefault(Path(m["file"]).name, []).append(m["message"])
    assert set(by_file) == set(EXPECTED)
    for name, word in EXPECTED.items():
        messages = by_file[name]
        assert any(word.lower() in msg.lower() for msg in messages), (name, messages)
        if name != "typos.yaml":
            assert len(messages) == 1, (name, messages)  # one problem, one line
    assert len(by_file["typos.yaml"]) == TYPO_PROBLEMS
