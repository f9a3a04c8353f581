"""``bluehelm schema``: regenerate ``mission.schema.json`` and the guide's field reference.

Both come from the mission models, so editors and authors never see a stale format;
``--check`` writes nothing and fails when either is out of date (for CI).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.command import Command
from game.files import atomic_write_text
from game.paths import missions_dir


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="missions folder to write into (default: the shipped missions folder)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the schema or the guide's field reference is stale",
    )


def _run(args: argparse.Namespace) -> int:
    from game.mission.reference import json_schema_text, splice_reference

    folder: Path = args.dir or missions_dir()
    schema_path = folder / "mission.schema.json"
    guide_path = folder / "README.md"
    wanted = {schema_path: json_schema_text()}
    if guide_path.exists():
        try:
            wanted[guide_path] = splice_reference(guide_path.read_text(encoding="utf-8"))
        except ValueError as e:
            print(f"{guide_path}: {e}", file=sys.stderr)
            return 1
    stale = [
        p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for p in stale:
            print(f"{p}: out of date; run 'bluehelm schema'", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        atomic_write_text(p, wanted[p])
        print(f"wrote {p}")
    if not stale:
        print(f"{schema_path} and the guide's field reference are up to date")
    return 0


SCHEMA = Command(
    help="write missions/mission.schema.json and the guide's field reference",
    description="Regenerate the JSON Schema that editors use to autocomplete and check "
    "mission files, and the field reference in missions/README.md, from the models.",
    configure=_configure,
    run=_run,
)
"""The ``schema`` subcommand."""
