"""Format upgrades: a chain of one-step migrations, applied in order, never skipped."""

from __future__ import annotations

from typing import Any

import pytest

from game.mission.upgrade import MIGRATIONS, UpgradeError, upgrade_data


def _rename_strength(data: dict[str, Any]) -> dict[str, Any]:
    """A synthetic 1 -> 2 step: 'size' becomes 'strength' on every faction."""
    data["factions"] = [
        {("strength" if k == "size" else k): v for k, v in f.items()} for f in data["factions"]
    ]
    data["format"] = 2
    return data


def _add_council(data: dict[str, Any]) -> dict[str, Any]:
    """A synthetic 2 -> 3 step: a council section with a default."""
    data.setdefault("council", {"support": 0.5})
    data["format"] = 3
    return data


STEPS = {1: _rename_strength, 2: _add_council}


def test_chain_applies_every_step_in_order() -> None:
    data = {"format": 1, "factions": [{"id": "a", "size": 3}]}
    out, passed = upgrade_data(data, migrations=STEPS, target=3)
    assert passed == [1, 2]
    assert out == {
        "format": 3,
        "factions": [{"id": "a", "strength": 3}],
        "council": {"support": 0.5},
    }
    assert data["format"] == 1  # the input is not mutated at the top level


def test_current_missing_or_odd_formats_are_left_to_validation() -> None:
    for data in ({"format": 3}, {"name": "x"}, {"format": "one"}, {"format": True}, [1, 2]):
        assert upgrade_data(data, migrations=STEPS, target=3) == (data, [])


def test_gaps_and_nonsense_are_refused() -> None:
    with pytest.raises(UpgradeError, match="no upgrade from format 2 to 3"):
        upgrade_data({"format": 2}, migrations={1: _rename_strength}, target=3)
    with pytest.raises(UpgradeError, match="first mission format is 1"):
        upgrade_data({"format": 0}, migrations=STEPS, target=3)

    def forgetful(data: dict[str, Any]) -> dict[str, Any]:
        return data

    with pytest.raises(UpgradeError, match="did not set format 2"):
        upgrade_data({"format": 1}, migrations={1: forgetful}, target=2)


def test_the_released_table_covers_every_older_format() -> None:
    from game.mission.schema import FORMAT_VERSION

    assert sorted(MIGRATIONS) == list(range(1, FORMAT_VERSION))


# --------------------------------------------------------------------------- the file command

import json  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import game.mission.upgrade_file as upgrade_file_module  # noqa: E402
from game.cli import main  # noqa: E402
from game.mission import MissionError, load_mission  # noqa: E402
from game.paths import missions_dir  # noqa: E402


def test_current_file_needs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.yaml"
    shutil.copy(missions_dir() / "tutorial.yaml", path)
    before = path.read_bytes()
    assert main(["upgrade", str(path)]) == 0
    assert "already at format 1" in capsys.readouterr().out
    assert path.read_bytes() == before and not (tmp_path / "t.yaml.bak").exists()


def test_upgrade_rewrites_with_backup_and_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An 'old' file (its units' 'personnel' key renamed) goes through a synthetic step."""
    text = (missions_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    old = text.replace("format: 1", "format: 0").replace(
        "strength: 800, at: Solen", "personnel: 800, at: Solen"
    )
    path = tmp_path / "old.yaml"
    path.write_text(old, encoding="utf-8")

    def step(
        data: dict[str, Any], notes: list[str] | None = None
    ) -> tuple[dict[str, Any], list[int]]:
        for unit in [*data["forces"]["units"], *data["forces"]["reserve"]]:
            if "personnel" in unit:
                unit["strength"] = unit.pop("personnel")
        data["format"] = 1
        return data, [0]

    monkeypatch.setattr(upgrade_file_module, "upgrade_data", step)
    report = upgrade_file_module.upgrade_file(path)
    assert "upgraded format 0 -> 1" in report
    assert (tmp_path / "old.yaml.bak").read_text(encoding="utf-8") == old
    new_text = path.read_text(encoding="utf-8")
    assert new_text.startswith(
        "# yaml-language-server: $schema=./mission.schema.json\n#\n# The Blue"
    )
    upgraded = load_mission(path)
    assert upgraded.forces.units[0].strength == 800


def test_refused_upgrade_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    text = (
        (missions_dir() / "tutorial.yaml")
        .read_text(encoding="utf-8")
        .replace("format: 1", "format: 0")
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MissionError, match="first mission format is 1"):
        upgrade_file_module.upgrade_file(path)
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "zero.yaml.bak").exists()
    assert main(["upgrade", str(path)]) == 1


def test_loading_an_older_file_upgrades_it_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a released step 0 -> 1 (synthetic here), a format-0 file plays as it is."""
    import game.mission.upgrade as upgrade_module

    def step(data: dict[str, Any]) -> dict[str, Any]:
        data["format"] = 1
        return data

    text = (missions_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    path = tmp_path / "old.yaml"
    path.write_text(text.replace("format: 1", "format: 0"), encoding="utf-8")
    with pytest.raises(MissionError, match=r"old.yaml:\d+:9: format: format 0 does not exist"):
        load_mission(path)
    monkeypatch.setattr(upgrade_module, "MIGRATIONS", {0: step})
    assert load_mission(path).format == 1


# --------------------------------------------------------------------------- retired fields

import warnings  # noqa: E402

import yaml  # noqa: E402

from game.mission import load_mission_text  # noqa: E402
from game.mission.coefficients import Dynamics  # noqa: E402
from game.mission.schema import Mission  # noqa: E402
from game.mission.upgrade import RETIRED, RetiredFieldWarning, drop_retired  # noqa: E402

KNOBS = "dynamics:\n  violence:\n    min_hazard: 1.0e-6\n    exact_expected_deaths: 0.1\n"
"""The two speed settings a mission file could carry before they became numerics."""


def _old_tutorial() -> str:
    text = (missions_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    assert "\ndynamics:" not in text  # the knobs go in a section of their own
    return text + KNOBS


def test_drop_retired_copies_along_the_path_and_notes_each_field() -> None:
    data = {"format": 1, "dynamics": {"violence": {"min_hazard": 1e-6, "lethality": 0.1}}}
    out, notes = drop_retired(data)
    assert out == {"format": 1, "dynamics": {"violence": {"lethality": 0.1}}}
    assert data["dynamics"]["violence"]["min_hazard"] == 1e-6  # the input is untouched
    assert len(notes) == 1 and notes[0].startswith("dynamics.violence.min_hazard: dropped")
    assert "numerics" in notes[0]
    clean = {"format": 1, "dynamics": {"violence": {"lethality": 0.1}}}
    assert drop_retired(clean) == (clean, [])
    assert set(RETIRED) == {
        ("dynamics", "violence", "min_hazard"),
        ("dynamics", "violence", "exact_expected_deaths"),
    }


def test_an_old_file_with_the_speed_settings_loads_with_a_note() -> None:
    with pytest.warns(RetiredFieldWarning) as caught:
        old = load_mission_text(_old_tutorial(), "old.yaml")
    said = " ".join(str(w.message) for w in caught)
    assert "min_hazard: dropped" in said and "exact_expected_deaths: dropped" in said
    assert old == load_mission(missions_dir() / "tutorial.yaml")  # nothing else changed


def test_bluehelm_upgrade_removes_the_speed_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(_old_tutorial(), encoding="utf-8")
    assert main(["upgrade", str(path)]) == 0
    out = capsys.readouterr().out
    assert "min_hazard: dropped" in out and "exact_expected_deaths: dropped" in out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "min_hazard" not in data.get("dynamics", {}).get("violence", {})
    assert "exact_expected_deaths" not in data.get("dynamics", {}).get("violence", {})
    assert (tmp_path / "old.yaml.bak").read_text(encoding="utf-8") == _old_tutorial()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RetiredFieldWarning)  # nothing left to drop
        assert load_mission(path) == load_mission(missions_dir() / "tutorial.yaml")
    assert main(["upgrade", str(path)]) == 0
    assert "already at format 1" in capsys.readouterr().out


def test_data_written_before_loads_too() -> None:
    """What a save or a replay carries (the mission as JSON, the world's coefficients) is
    validated, not upgraded: the coefficients drop the retired fields themselves."""
    current = load_mission(missions_dir() / "tutorial.yaml")
    doc = current.model_dump(mode="json")
    doc["dynamics"]["violence"].update(min_hazard=1e-6, exact_expected_deaths=0.1)
    with pytest.warns(RetiredFieldWarning):
        assert Mission.model_validate_json(json.dumps(doc)) == current
    with pytest.warns(RetiredFieldWarning):
        assert Dynamics.model_validate(doc["dynamics"]) == current.dynamics


def test_an_old_replay_still_loads(tmp_path: Path) -> None:
    from game.ai.run import run
    from game.engine.replay import read_replay

    run(missions_dir() / "tutorial.yaml", 3, policy="doctrine", turns=2, out_dir=tmp_path)
    path = tmp_path / "replay.json"
    doc = json.loads(path.read_text())
    doc["header"]["mission"]["dynamics"]["violence"]["min_hazard"] = 1e-6
    path.write_text(json.dumps(doc))
    replay = read_replay(path)
    assert replay.mission == load_mission(missions_dir() / "tutorial.yaml")
    assert len(replay.turns) == 2
