"""A folder of hostile mission files, as a tester would assemble one.

Shared by ``tests/test_hostile_folder.py`` (what ``bluehelm validate`` says about each)
and ``tests/benchmarks/bench_hostile.py`` (how long it takes, how much memory).
Each entry maps a file name to what its one problem line must mention.
"""

from __future__ import annotations

from pathlib import Path

TUTORIAL = Path(__file__).resolve().parents[2] / "missions" / "tutorial.yaml"

EXPECTED: dict[str, str] = {
    "alias_bomb.yaml": "alias",
    "deep_nesting.yaml": "nesting is deeper",
    "binary_junk.yaml": "UTF-8",
    "utf16.yaml": "UTF-16",
    "huge.yaml": "too large",
    "python_tag.yaml": "tag",
    "nan.yaml": "finite",
    "duplicate_key.yaml": "duplicate",
    "empty.yaml": "empty",
    "typos.yaml": "did you mean",
    "bad_reference.yaml": "did you mean 'Tovo'",
}
"""File -> a word its message must contain (case-insensitive)."""

TYPO_PROBLEMS = 3
"""Problems planted in ``typos.yaml``: an unknown key, the field it hid, a wrong type.
(References between parts of a mission are checked once every part has a valid shape,
as a compiler checks names after syntax: ``bad_reference.yaml`` holds one alone.)"""


def _edited(*edits: tuple[str, str]) -> str:
    text = TUTORIAL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def build(folder: Path) -> list[Path]:
    """Write every hostile file into ``folder``; returns their paths, sorted."""
    laughs = ["a: &a0 [x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    files: dict[str, bytes] = {
        "alias_bomb.yaml": ("\n".join(laughs) + "\n").encode(),
        "deep_nesting.yaml": b"meta: " + b"[" * 60_000 + b"]" * 60_000 + b"\n",
        "binary_junk.yaml": bytes(range(256)) * 64,
        "utf16.yaml": TUTORIAL.read_text(encoding="utf-8").encode("utf-16"),
        "huge.yaml": b"# padding\n" * (12 * 1024 * 1024 // 10),
        "python_tag.yaml": b"format: 1\nmeta: !!python/object/apply:os.system ['echo pwned']\n",
        "nan.yaml": b"format: 1\ncouncil:\n  support: .nan\n",
        "duplicate_key.yaml": b"format: 1\nmeta: {}\nmeta: {}\n",
        "empty.yaml": b"",
        "typos.yaml": _edited(
            ("strength: 1200, radius: 3", "stregth: 1200, radius: 3"),  # unknown + missing
            ("cell_km: 1.0", "cell_km: one"),  # wrong type
        ).encode(),
        "bad_reference.yaml": _edited(
            ("{at: Tovo, strength: 300, radius: 2}", "{at: Tovoo, strength: 300, radius: 2}")
        ).encode(),
    }
    assert set(files) == set(EXPECTED)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(folder / n for n in files)
