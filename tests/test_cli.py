"""The bluehelm command line: exit codes, messages, help on every subcommand."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game import __version__
from game.cli import COMMANDS, main
from game.paths import missions_dir

TUTORIAL = missions_dir() / "tutorial.yaml"


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(TUTORIAL)]) == 0
    out = capsys.readouterr().out
    assert "tutorial.yaml: ok - Tutorial: Lake Veldia: 64x64 map" in out


def test_validate_defaults_to_every_shipped_mission(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "unamir_1994.yaml: ok" in out and "tutorial.yaml: ok" in out


def test_validate_reports_every_problem_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    text = text.replace("strength: 1200, radius: 3", "stregth: 1200, radius: 3")
    text = text.replace("chapter: VII", "chapter: chapter_7")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad), str(TUTORIAL)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 3  # the unknown key, the missing strength, the chapter
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert any("did you mean 'strength'?" in line for line in lines)
    assert any("chapter_7" in line for line in lines)
    assert "1 of 2 valid" in captured.out
    assert "Traceback" not in captured.err


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml" in capsys.readouterr().err


def test_validate_a_folder_checks_its_mission_files_and_names_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(TUTORIAL, tmp_path / "good.yaml")
    (tmp_path / "broken.yml").write_text("format: 1\nmeta: [", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a mission", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "good.yaml: ok" in captured.out and "1 of 2 valid" in captured.out
    assert f"{tmp_path / 'broken.yml'}:" in captured.err
    assert "skipped (not .yaml/.yml): notes.txt" in captured.err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 1
    assert "no mission files found in" in capsys.readouterr().err


def test_brief_prints_mandate_and_roe(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(missions_dir() / "unamir_1994.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Chapter VI" in out
    assert "Protection of civilians: NOT in the mandate." in out
    assert "deadly force: for self-defence" in out
    assert "S/RES/872" in out


def test_schema_check_passes_on_the_committed_files() -> None:
    assert main(["schema", "--check"]) == 0


def test_schema_writes_into_a_folder_and_check_detects_staleness(tmp_path: Path) -> None:
    shutil.copy(missions_dir() / "README.md", tmp_path / "README.md")
    (tmp_path / "mission.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "--dir", str(tmp_path)]) == 1
    assert main(["schema", "--dir", str(tmp_path)]) == 0
    assert main(["schema", "--check", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "mission.schema.json").read_text(encoding="utf-8") == (
        missions_dir() / "mission.schema.json"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: bluehelm {command}" in out
    assert COMMANDS[command].description.split()[0] in out


def test_version_and_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"bluehelm {__version__}"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "validate" in capsys.readouterr().out


def test_play_takes_a_shipped_mission_id_or_a_file() -> None:
    import argparse

    from game.ui import configure_play

    p = argparse.ArgumentParser()
    configure_play(p)
    assert p.parse_args(["tutorial"]).mission == missions_dir() / "tutorial.yaml"
    assert p.parse_args(["my/own.yaml"]).mission == Path("my/own.yaml")
    assert p.parse_args([]).mission is None


def test_brief_lists_objectives_reserve_and_early_endings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["brief", "tutorial"]) == 0  # a shipped mission's id works as well as a path
    out = capsys.readouterr().out
    assert "Objectives\n  - Keep civilian deaths below 150 over the mission." in out
    assert "In reserve (on request, 10 days to arrive):" in out
    assert "It ends early (withdrawal) if: The government withdraws its consent" in out
    assert "(by day 10) (by day 10)" not in out and "by day 10" in out
