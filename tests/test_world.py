"""World building, copying and directives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from data.validation_mission import TOWN, validation_mission

from game.mission.load import load_mission
from game.sim import directives as d
from game.sim.directives import DirectiveError
from game.sim.dynamics import step
from game.sim.setup import new_world
from game.sim.world import World

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def tutorial() -> World:
    return new_world(load_mission(ROOT / "missions" / "tutorial.yaml"), 1)


def test_layers_and_shapes(tutorial: World) -> None:
    w = tutorial
    c, f = 2, 3
    assert w.civilians.shape == (c, 64, 64) and w.civilians.dtype == np.int32
    for name in ("displaced", "sheltered", "deaths_map"):
        assert getattr(w, name).shape == (c, 64, 64)
        assert getattr(w, name).dtype == np.int32
    assert w.deaths.shape == (c, f + 1) and w.deaths.dtype == np.int64
    assert w.armed.shape == (f, 64, 64) and w.armed.dtype == np.float32
    assert w.threat.shape == (c, 64, 64) and w.threat.dtype == np.float32
    for name in ("protection", "warning", "access"):
        a = getattr(w, name)
        assert a.shape == (64, 64) and a.dtype == np.float32
        assert a.min() >= 0 and a.max() <= 1
    assert w.intent.shape == (f, c)
    assert list(w.initial_totals) == [27000, 25000]
    assert np.isclose(w.armed.sum(axis=(1, 2)), [1500, 800, 300]).all()
    assert w.poc_capacity[46, 44] == 2000
    assert w.unit("inf_1").strength == 800


def test_access_follows_consent_zone(tutorial: World) -> None:
    # the Front's consent 0.5 is below the zone's 0.52: access around Marra is reduced
    assert tutorial.access[17, 47] < 1.0
    assert tutorial.access[30, 20] == 1.0
    step(tutorial, [d.ConsentDelta("mlf", 0.2)])
    assert tutorial.access[17, 47] == 1.0


def test_protection_from_units(tutorial: World) -> None:
    assert tutorial.protection[30, 20] > 0.3  # Solen: infantry, police
    assert tutorial.protection[2, 62] == 0.0


def test_copy_is_deep(tutorial: World) -> None:
    twin = tutorial.copy()
    twin.civilians[0, 30, 20] += 5
    twin.units[0].strength = 1
    twin.consent[0] = 0.0
    assert tutorial.civilians[0, 30, 20] != twin.civilians[0, 30, 20]
    assert tutorial.units[0].strength == 800
    assert tutorial.consent[0] == 0.8
    assert twin.rng is not tutorial.rng
    assert twin.rng.random() == tutorial.rng.random()


def test_unknown_ids_raise(tutorial: World) -> None:
    bad: list[d.Directive] = [
        d.Move("nobody", 1, 1),
        d.Engage("inf_1", "nobody", "deadly"),
        d.LegitimacyDelta("nobody", 0.1),
        d.WithdrawUnits("Atlantis"),
        d.Move("inf_1", 99, 1),
        d.SetPosture("inf_1", "asleep"),
        d.AddUnit("inf_1", "infantry", 10, 1, 1, "Norland"),
    ]
    for x in bad:
        with pytest.raises(DirectiveError):
            step(tutorial.copy(), [x])
    with pytest.raises(DirectiveError):
        d.Engage("inf_1", "vna", "nuke")


def test_cut_force_is_exact(tutorial: World) -> None:
    step(tutorial, [d.CutForce(270)])
    assert sum(u.strength for u in tutorial.units if u.alive) == 270


def test_withdraw_and_add_units(tutorial: World) -> None:
    step(tutorial, [d.WithdrawUnits("Norland"), d.AddUnit("inf_9", "infantry", 500, 5, 5, "X")])
    assert not tutorial.unit("inf_1").alive and not tutorial.unit("eng_1").alive
    assert tutorial.unit("inf_9").alive


def test_units_move_toward_destination() -> None:
    w = new_world(validation_mission(troops=800), 0)
    step(w, [d.Move("inf", 60, TOWN[1])])
    u = w.unit("inf")
    assert TOWN[0] < u.x < 60
    for _ in range(5):
        step(w)
    assert (u.x, u.y) == (60, TOWN[1])


def test_strength_and_intent_directives(tutorial: World) -> None:
    before = tutorial.faction_strength()
    tutorial.intent[:] = 0  # freeze movement/violence so totals are easy to follow
    step(tutorial, [d.StrengthDelta("hdy", 100, 40, 52), d.SetIntent("vna", "marun", 0.0)])
    after = tutorial.faction_strength()
    assert after[2] == pytest.approx(before[2] + 100, abs=20)  # clashes/self-defence aside
    assert tutorial.intent[0, 1] == 0.0
    step(tutorial, [d.Disarm("mlf", 100, 50, 14)])
    assert tutorial.disarmed[1] == 100


# --------------------------------------------------------------------------- write counts


def test_edited_layers_are_read_only_outside_edit(tutorial: World) -> None:
    for name in ("terrain", "threat", "protection", "warning", "access"):
        layer = getattr(tutorial, name)
        assert not layer.flags.writeable, name
        with pytest.raises(ValueError, match="read-only"):
            layer[0, 0] = layer[0, 0]
    with tutorial.edit("warning") as warn:
        warn[0, 0] = 0.5
        with tutorial.edit("warning") as again:  # nested: still writeable inside
            again[0, 1] = 0.5
        warn[0, 2] = 0.5
    assert not tutorial.warning.flags.writeable and tutorial.warning[0, 2] == 0.5
    with pytest.raises(KeyError), tutorial.edit("armed"):
        pass
    assert not tutorial.copy().threat.flags.writeable  # a copy is sealed too


def test_writes_are_counted_and_caches_remade(tutorial: World) -> None:
    class Kind:
        pass

    w = tutorial
    first = w.cache(Kind, "threat")
    assert w.cache(Kind, "threat") is first
    before = w.version("threat")
    with w.edit("threat"):
        pass
    assert w.version("threat") == before + 1
    second = w.cache(Kind, "threat")
    assert second is not first and w.cache(Kind, "threat") is second
    w.threat = np.zeros_like(w.threat)  # assigning counts too, and seals the new array
    assert w.version("threat") == before + 2 and not w.threat.flags.writeable
    assert w.cache(Kind, "threat") is not second
    assert w.copy().cache(Kind, "threat") is not w.cache(Kind, "threat")  # not copied


@pytest.mark.parametrize("name", ["threat", "protection", "warning", "access"])
def test_a_layer_written_elsewhere_is_recomputed_whole(tutorial: World, name: str) -> None:
    """Junk written into a derived layer (through ``edit``) invalidates what its phase knew
    about it: the next day computes the layer as a world that never saw the junk."""
    from game.sim.hashing import layer_hashes

    step(tutorial)
    twin = tutorial.copy()
    with tutorial.edit(name) as layer:
        layer[..., 0, 0] = 0.75  # a corner no unit or threat reaches in the tutorial
    assert layer_hashes(tutorial)[name] != layer_hashes(twin)[name]
    for _ in range(2):
        step(tutorial)
        step(twin)
        assert layer_hashes(tutorial) == layer_hashes(twin)


def test_a_save_of_an_older_build_loads() -> None:
    """Older builds saved a ``scratch`` field (as None) and no ``numerics``: such a world
    rebuilds with the default numerics and the same state."""
    from game.engine import snapshot
    from game.sim.hashing import state_hash

    w = new_world(validation_mission(troops=800), 0)
    step(w)
    doc, arrays = snapshot.unpack_raw(snapshot.pack(w))
    doc["v"]["scratch"] = None
    del doc["v"]["numerics"]
    back = snapshot.rebuild(doc, arrays)
    assert state_hash(back) == state_hash(w)
    assert back.version("threat") == 0 and not back.threat.flags.writeable  # sealed on use
    step(back)
    step(w)
    assert state_hash(back) == state_hash(w)
