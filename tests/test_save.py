"""Saves: the container refuses damaged, truncated and newer files; writes are atomic;
a saved game continues exactly like the game that was never saved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from game.engine import save as save_mod
from game.engine import snapshot
from game.engine.save import (
    FORMAT_VERSION,
    MAGIC,
    SaveError,
    read_header,
    read_save,
    write_save,
)
from game.mission import load_mission
from game.paths import shipped_missions
from game.sim import dynamics
from game.sim.hashing import layer_hashes, state_hash
from game.sim.setup import new_world

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "missions" / "tutorial.yaml"


@pytest.fixture(scope="module")
def mission():  # type: ignore[no-untyped-def]
    return load_mission(TUTORIAL)


@pytest.fixture
def saved(tmp_path: Path, mission) -> Path:  # type: ignore[no-untyped-def]
    w = new_world(mission, 11)
    dynamics.run(w, 3)
    path = tmp_path / "game.bhsave"
    write_save(path, {"world": w, "note": "three days"}, mission=mission, turn=3, seed=11)
    return path


# --------------------------------------------------------------------------- snapshot codec


def test_snapshot_keeps_python_and_numpy_types() -> None:
    tree = {
        "t": (1, 2.5, "x"),
        "np": np.float64(0.1),
        "i32": np.int32(-7),
        "big": 2**80,
        "nan": float("nan"),
        "inf": np.float32("inf"),
        "set": frozenset({1, 2}),
        "odd_keys": {1: "a", (2, 3): "b", "__x": 1},
        "arr": np.arange(6, dtype=np.int16).reshape(2, 3),
        "rec": np.zeros(3, dtype=[("a", "f4"), ("b", "u1")]),
    }
    back = snapshot.unpack(snapshot.pack(tree))
    assert back["t"] == (1, 2.5, "x") and isinstance(back["t"], tuple)
    assert type(back["np"]) is np.float64 and back["np"] == np.float64(0.1)
    assert type(back["i32"]) is np.int32 and back["i32"] == -7
    assert back["big"] == 2**80
    assert np.isnan(back["nan"])
    assert type(back["inf"]) is np.float32 and np.isinf(back["inf"])
    assert back["set"] == frozenset({1, 2})
    assert back["odd_keys"] == {1: "a", (2, 3): "b", "__x": 1}
    assert back["arr"].dtype == np.int16 and back["arr"].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert back["rec"].dtype == tree["rec"].dtype  # type: ignore[union-attr]


def test_snapshot_is_deterministic_and_refuses_foreign_things(mission) -> None:  # type: ignore[no-untyped-def]
    w = new_world(mission, 2)
    assert snapshot.pack({"w": w}) == snapshot.pack({"w": w.copy()})
    with pytest.raises(snapshot.SnapshotError, match="cannot save"):
        snapshot.pack({"f": len})
    with pytest.raises(snapshot.SnapshotError, match="object arrays"):
        snapshot.pack(np.array([None, 1], dtype=object))
    for evil in ("os:system", "subprocess:Popen", "builtins:eval"):
        with pytest.raises(snapshot.SnapshotError, match="only game types"):
            snapshot.decode({"__dc__": evil, "v": {}}, [])
    with pytest.raises(snapshot.SnapshotError):
        snapshot.decode({"__array__": 3}, [])


@pytest.mark.parametrize("path", shipped_missions(), ids=lambda p: p.stem)
def test_world_round_trip_continues_identically(path: Path) -> None:
    m = load_mission(path)
    w = new_world(m, 5)
    dynamics.run(w, 4)
    back = snapshot.unpack(snapshot.pack({"w": w}))["w"]
    assert layer_hashes(back) == layer_hashes(w)
    for _ in range(3):
        dynamics.step(w)
        dynamics.step(back)
        assert state_hash(back) == state_hash(w)


# --------------------------------------------------------------------------- container


def test_round_trip_and_header(saved: Path, mission) -> None:  # type: ignore[no-untyped-def]
    h = read_header(saved)
    assert h.format == FORMAT_VERSION and h.turn == 3 and h.seed == 11
    assert h.mission_id == mission.meta.id
    assert h.mission_digest == save_mod.mission_digest(mission)
    loaded = read_save(saved, mission=mission)
    assert loaded.mission == mission
    assert loaded.state["note"] == "three days"
    w = new_world(mission, 11)
    dynamics.run(w, 3)
    assert state_hash(loaded.state["world"]) == state_hash(w)


def test_same_state_same_bytes(tmp_path: Path, mission) -> None:  # type: ignore[no-untyped-def]
    w = new_world(mission, 1)
    a, b = tmp_path / "a.bhsave", tmp_path / "b.bhsave"
    write_save(a, {"w": w}, mission=mission, turn=0, seed=1)
    write_save(b, {"w": w.copy()}, mission=mission, turn=0, seed=1)
    assert a.read_bytes() == b.read_bytes()


def _refused(path: Path, match: str) -> None:
    with pytest.raises(SaveError, match=match):
        read_save(path)


def test_refuses_missing_empty_and_foreign(tmp_path: Path) -> None:
    _refused(tmp_path / "nope.bhsave", "no such save file")
    _refused(tmp_path, "is a folder")
    p = tmp_path / "x.bhsave"
    p.write_bytes(b"")
    _refused(p, "empty")
    p.write_bytes(b"PK\x03\x04 this is a zip, not a save")
    _refused(p, "not a Blue Helm save")
    p.write_text("format: 1\n")
    _refused(p, "not a Blue Helm save")


def test_refuses_every_truncation(saved: Path, tmp_path: Path) -> None:
    data = saved.read_bytes()
    cut = tmp_path / "cut.bhsave"
    rng = np.random.default_rng(0)
    points = {1, len(MAGIC) - 1, len(MAGIC) + 5, len(data) - 1, *rng.integers(1, len(data), 40)}
    for n in sorted(int(p) for p in points):
        cut.write_bytes(data[:n])
        with pytest.raises(SaveError, match="truncated") as err:
            read_save(cut)
        assert "Traceback" not in str(err.value)


def test_refuses_corruption_anywhere(saved: Path, tmp_path: Path) -> None:
    data = bytearray(saved.read_bytes())
    bad = tmp_path / "bad.bhsave"
    header_end = data.index(b"\n", len(MAGIC))
    rng = np.random.default_rng(1)
    end = len(data)
    spots = [*rng.integers(len(MAGIC), header_end, 15), *rng.integers(header_end + 1, end, 25)]
    for pos in spots:
        flipped = bytearray(data)
        flipped[int(pos)] ^= 0x20 if flipped[int(pos)] != ord("\n") ^ 0x20 else 0x01
        bad.write_bytes(bytes(flipped))
        with pytest.raises(SaveError, match=r"damaged|corrupt|truncated|newer"):
            read_save(bad)
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    _refused(bad, "corrupt .game state checksum")
    bad.write_bytes(saved.read_bytes() + b"junk")
    _refused(bad, "extra bytes")


def _rewrite_header(path: Path, **changes: object) -> None:
    data = path.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    fields = json.loads(data[len(MAGIC) : end])
    fields.update(changes)
    fields["header_blake2b"] = save_mod._header_check(fields)
    line = json.dumps(fields, sort_keys=True).encode()
    path.write_bytes(MAGIC + line + data[end:])


def test_refuses_newer_format_with_a_clear_message(saved: Path) -> None:
    _rewrite_header(saved, format=FORMAT_VERSION + 1, app_version="9.0.0")
    with pytest.raises(SaveError) as err:
        read_save(saved)
    msg = str(err.value)
    assert "saved by a newer Blue Helm (9.0.0, save format 2)" in msg
    assert f"reads save formats up to {FORMAT_VERSION}" in msg
    with pytest.raises(SaveError, match="newer"):
        read_header(saved)


def test_refuses_a_different_mission(saved: Path, mission) -> None:  # type: ignore[no-untyped-def]
    other = mission.model_copy(
        update={
            "briefing": mission.briefing.model_copy(update={"summary": "edited after the save"})
        }
    )
    with pytest.raises(SaveError, match="different version of mission 'tutorial'"):
        read_save(saved, mission=other)
    # without a mission, the copy carried in the save is used
    assert read_save(saved).mission == mission


def test_migrations_run_step_by_step(saved: Path) -> None:
    """A synthetic older format 0 -> 1 step shows the table is applied in order."""
    _rewrite_header(saved, format=1)
    seen: list[int] = []

    def step(raw: save_mod.RawState) -> save_mod.RawState:
        header, doc, arrays = raw
        seen.append(header["format"])
        doc["state"]["note"] = "migrated"
        return {**header, "format": header["format"] + 1}, doc, arrays

    old = FORMAT_VERSION
    try:
        save_mod.FORMAT_VERSION = 2  # type: ignore[misc]
        loaded = read_save(saved, migrations={1: step})
        assert seen == [1] and loaded.state["note"] == "migrated"
        with pytest.raises(SaveError, match="no migration from save format 1 to 2"):
            read_save(saved, migrations={})
    finally:
        save_mod.FORMAT_VERSION = old  # type: ignore[misc]


# --------------------------------------------------------------------------- atomic writes

_CHILD = textwrap.dedent(
    """
    import os, sys, time
    import numpy as np
    from game.engine import save
    from game.mission import load_mission

    mission = load_mission(sys.argv[1])
    path = sys.argv[2]
    mode = sys.argv[3]
    big = np.random.default_rng(0).integers(0, 2**62, size=2_000_000)  # 16 MB, incompressible
    if mode == "slow":
        real_fdopen = os.fdopen

        class Slow:
            def __init__(self, f):
                self.f = f
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.f.__exit__(*exc)
            def write(self, b):
                n = self.f.write(b[: 1 << 16])
                self.f.flush()
                print("writing", flush=True)
                time.sleep(0.05)
                return n
            def __getattr__(self, name):
                return getattr(self.f, name)

        save.os.fdopen = lambda fd, *a, **k: Slow(real_fdopen(fd, *a, **k))
        print("ready", flush=True)
        save.write_save(path, {"big": big, "n": 2}, mission=mission, turn=2, seed=0)
    else:
        print("ready", flush=True)
        i = 2
        while True:
            save.write_save(path, {"big": big + i, "n": i}, mission=mission, turn=i, seed=0)
            i += 1
    """
)


def _child(tmp_path: Path, target: Path, mode: str) -> subprocess.Popen[str]:
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    return subprocess.Popen(
        [sys.executable, str(script), str(TUTORIAL), str(target), mode],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def test_killed_mid_write_leaves_the_previous_save(tmp_path: Path, mission) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "slot.bhsave"
    write_save(target, {"n": 1}, mission=mission, turn=1, seed=0)
    before = target.read_bytes()
    child = _child(tmp_path, target, "slow")
    try:
        assert child.stdout is not None
        lines = [child.stdout.readline() for _ in range(4)]
        assert lines[0].strip() == "ready" and lines[-1].strip() == "writing", lines
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert target.read_bytes() == before
    assert read_save(target).state == {"n": 1}
    # the interrupted temporary file is a dot-file that save lists ignore
    assert all(p.name.startswith(".") for p in tmp_path.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.slow
def test_killed_at_random_moments_always_leaves_a_loadable_save(tmp_path: Path, mission) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "slot.bhsave"
    write_save(target, {"n": 1}, mission=mission, turn=1, seed=0)
    rng = np.random.default_rng(7)
    for _ in range(4):
        child = _child(tmp_path, target, "loop")
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(float(rng.uniform(0.05, 0.6)))
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
        loaded = read_save(target)
        n = loaded.state["n"]
        assert n == 1 or int(loaded.state["big"][0]) >= n


# --------------------------------------------------------------------------- sessions

from game.ai.policies import make_policy  # noqa: E402
from game.engine.save import load_session, save_session  # noqa: E402
from game.engine.session import Session  # noqa: E402

MISSIONS = {p.stem: load_mission(p) for p in shipped_missions()}
CASES = 100
CASE_TURNS = {"tutorial": 6}
"""Turns of the base run per mission (default 4: the bigger maps cost more per day)."""


def _play_turn(s: Session, policy_name: str) -> str:
    if not s.is_over():
        orders = make_policy(policy_name, s.seed).decide(s)
        if orders:
            s.submit(orders)
        return s.end_turn().state_hash
    return s.state_hash()


def _case(i: int) -> tuple[str, int, str, int, int, bool]:
    """Case i: (mission, seed, policy, turns, save turn, save with orders pending)."""
    rng = np.random.default_rng([2026, i])
    name = sorted(MISSIONS)[int(rng.integers(len(MISSIONS)))]
    n = CASE_TURNS.get(name, 4)
    policy = ("random", "doctrine", "reckless", "random")[int(rng.integers(4))]
    return (
        name,
        int(rng.integers(0, 10_000)),
        policy,
        n,
        int(rng.integers(0, n)),
        bool(rng.integers(2)),
    )


@pytest.mark.slow
def test_save_load_continue_equals_the_uninterrupted_game(tmp_path: Path) -> None:
    """100 random cases: mission, seed, policy, save turn, pending orders or not."""
    checked = 0
    for i in range(CASES):
        name, seed, policy, n, at, pending = _case(i)
        m = MISSIONS[name]
        s = Session.new(m, seed)
        hashes: list[str] = []
        saved_hash = ""
        path = tmp_path / f"case{i}.bhsave"
        for turn in range(n):
            if turn == at:
                if pending and not s.is_over():
                    orders = make_policy(policy, seed).decide(s)
                    if orders:
                        s.submit(orders)
                save_session(s, path)
                saved_hash = s.state_hash()
                if pending and not s.is_over():
                    hashes.append(s.end_turn().state_hash)
                    continue
            hashes.append(_play_turn(s, policy))
        loaded = load_session(path, m)
        assert loaded.state_hash() == saved_hash, f"case {i}: state differs right after loading"
        assert [h.state_hash for h in loaded.history] == hashes[: len(loaded.history)]
        start = at
        if pending and not loaded.is_over():
            assert loaded.end_turn().state_hash == hashes[at], f"case {i}: turn {at + 1}"
            start += 1
        for turn in range(start, n):
            assert _play_turn(loaded, policy) == hashes[turn], (
                f"case {i} ({name}, seed {seed}, {policy}, saved at {at}): turn {turn + 1} differs"
            )
            checked += 1
    assert checked > CASES  # the cases really continued past the save


def test_a_loaded_game_keeps_mode_history_and_events(tmp_path: Path) -> None:
    m = MISSIONS["tutorial"]
    s = Session.new(m, 4, mode="strict")
    for _ in range(3):
        _play_turn(s, "reckless")
    path = tmp_path / "strict.bhsave"
    header = save_session(s, path)
    assert header.mode == "strict" and header.turn == 3
    back = load_session(path)
    assert back.mode == "strict" and back.seed == 4 and back.turn == 3
    assert [h.to_dict() for h in back.history] == [h.to_dict() for h in s.history]
    assert [e.to_dict() for e in back.events] == [e.to_dict() for e in s.events]
    assert back.scores() == s.scores()


def test_a_save_continues_identically_in_another_process(tmp_path: Path) -> None:
    m = MISSIONS["unamir_1994"]
    s = Session.new(m, 21)
    for _ in range(3):
        _play_turn(s, "doctrine")
    path = tmp_path / "x.bhsave"
    save_session(s, path)
    here = [_play_turn(s, "doctrine") for _ in range(3)]
    code = textwrap.dedent(
        """
        import sys
        from game.ai.policies import make_policy
        from game.engine.save import load_session
        s = load_session(sys.argv[1])
        for _ in range(3):
            if s.is_over():
                print(s.state_hash())
                continue
            orders = make_policy("doctrine", s.seed).decide(s)
            if orders:
                s.submit(orders)
            print(s.end_turn().state_hash)
        """
    )
    env = {**os.environ, "PYTHONHASHSEED": "777"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == here


# --------------------------------------------------------------------------- codec property

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

_arrays = hnp.arrays(
    dtype=st.sampled_from([np.int8, np.int32, np.int64, np.uint8, np.float32, np.float64, bool]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.integers(-(2**31), 2**31 - 1).map(np.int32),
    st.floats(width=32).map(np.float32),
    st.floats().map(np.float64),
)
_trees = st.recursive(
    st.one_of(_scalars, _arrays),
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.lists(kids, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=6), kids, max_size=4),
        st.dictionaries(st.integers(-5, 5), kids, max_size=3),
    ),
    max_leaves=12,
)


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray)
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, float | np.floating):
        return bool(a == b or (np.isnan(a) and np.isnan(b)))  # type: ignore[arg-type]
    if isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


@settings(max_examples=150, deadline=None)
@given(_trees)
def test_snapshot_round_trips_any_plain_tree(tree: object) -> None:
    back = snapshot.unpack(snapshot.pack(tree))
    assert _same(tree, back)
