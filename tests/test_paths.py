"""Where shipped files are found: the checkout's folders, else the wheel's copies."""

from __future__ import annotations

from pathlib import Path

import pytest

import game.paths as paths


def test_a_checkout_uses_its_own_folders() -> None:
    root = Path(paths.__file__).resolve().parents[1]
    assert paths.shipped_dir("missions") == root / "missions"
    assert paths.shipped_dir("assets") == root / "assets"


def test_an_installed_wheel_uses_its_packed_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed = tmp_path / "site-packages" / "game" / "_data"
    (packed / "missions").mkdir(parents=True)
    (packed / "missions" / "tutorial.yaml").write_text("format: 1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "_REPO", tmp_path / "site-packages")  # no missions/ there
    monkeypatch.setattr(paths, "_PACKAGED", packed)
    monkeypatch.delenv("BLUEHELM_MISSIONS", raising=False)
    assert paths.missions_dir() == packed / "missions"
    assert paths.shipped_missions() == [packed / "missions" / "tutorial.yaml"]
    assert paths.resolve_mission("tutorial") == packed / "missions" / "tutorial.yaml"
