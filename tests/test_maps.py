"""Map layers from a mission's map spec: terrain and exact, deterministic populations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from data.validation_mission import validation_mission

from game.mission.load import load_mission
from game.mission.maps import (
    TERRAIN_DTYPE,
    MapError,
    allocate,
    build_population,
    build_terrain,
    load_layers,
)

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = load_mission(ROOT / "missions" / "tutorial.yaml")


def test_terrain_dtype_shape_and_features() -> None:
    t = build_terrain(TUTORIAL.map)
    assert t.dtype == TERRAIN_DTYPE and t.shape == (64, 64)
    assert t["urban"][30, 20] == 1  # Solen
    assert t["water"][38, 0] == 1  # the Velde at its west end
    assert t["road"][30, 20] == 1 and t["road"][17, 47] == 1
    assert t["cover"][44, 8] >= 0.7  # Ebeni forest
    assert t["cover"][12, 52] >= 0.5  # Marra hills
    assert np.all(t["move_cost"] > 0) and np.all(np.isfinite(t["move_cost"]))
    # a road crossing the river is a bridge: dry
    assert not np.any((t["road"] == 1) & (t["water"] == 1))


def test_terrain_is_deterministic_and_seeded() -> None:
    a, b = build_terrain(TUTORIAL.map), build_terrain(TUTORIAL.map)
    assert a.tobytes() == b.tobytes()
    other = build_terrain(TUTORIAL.map.model_copy(update={"seed": 8}))
    assert other.tobytes() != a.tobytes()


def test_population_sums_exactly() -> None:
    t = build_terrain(TUTORIAL.map)
    pop = build_population(TUTORIAL, t)
    assert pop.dtype == np.int32 and pop.shape == (2, 64, 64)
    assert pop[0].sum() == 12000 + 3000 + 4000 + 8000
    assert pop[1].sum() == 6000 + 8000 + 3000 + 8000
    assert pop.min() >= 0
    rural = pop.sum(axis=0)[(t["water"] == 1)]
    assert rural.sum() == 0  # nobody lives on water
    # towns are dense: Solen's centre holds more people than the countryside
    assert pop[0, 30, 20] > 10 * np.median(pop[0][t["urban"] == 0])


def test_allocate_is_exact() -> None:
    rng = np.random.default_rng(0)
    for total in (0, 1, 7, 1000, 123457):
        w = rng.random(50)
        out = allocate(total, w)
        assert out.sum() == total and out.min() >= 0
    assert allocate(5, np.zeros(3)).sum() == 5


def test_layers_file_is_loaded_by_the_caller(tmp_path: Path) -> None:
    spec = TUTORIAL.map.model_copy(update={"layers": "maps/x.npz"})
    with pytest.raises(MapError, match="load_layers"):
        build_terrain(spec)
    t = build_terrain(TUTORIAL.map)
    path = tmp_path / "x.npz"
    layers: dict[str, Any] = {n: t[n] for n in TERRAIN_DTYPE.names or ()}
    np.savez(path, **layers)
    assert load_layers(path, spec).tobytes() == t.tobytes()
    np.savez(path, move_cost=t["move_cost"])
    with pytest.raises(MapError, match="missing"):
        load_layers(path, spec)


def test_validation_map_builds() -> None:
    m = validation_mission()
    t = build_terrain(m.map)
    assert build_population(m, t).sum() == 16000
