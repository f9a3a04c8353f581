"""CI runs the README's test command word for word (`.ci/run`), so the two commands a
new user copies are the ones that are tested."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_block(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- {marker} -->\s*```sh\n(.*?)\n```", text, re.S)
    assert m, f"no ```sh block after <!-- {marker} --> in README.md"
    return m.group(1).strip()


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    command = readme_block("test-command")
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in lines  # run as a line of the script, not read at run time only
    assert f'expected="{command}"' in lines  # and the README is checked against it


def test_the_main_command_installs_and_plays_the_tutorial() -> None:
    command = readme_block("main-command")
    assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e . && ")
    assert command.endswith(".venv/bin/bluehelm play missions/tutorial.yaml")
