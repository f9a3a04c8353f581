"""Replays: a recorded game re-runs bit for bit; a divergence names its turn and layer;
a game branches from any turn under new orders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.ai.run import run
from game.cli import main as cli
from game.engine.replay import (
    REPLAY_FORMAT,
    Replay,
    ReplayError,
    read_replay,
    rebuild,
    verify,
    write_replay,
)
from game.mission import load_mission
from game.paths import shipped_missions

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "missions" / "tutorial.yaml"
TURNS = 8


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    run(TUTORIAL, 7, policy="doctrine", turns=TURNS, out_dir=out, counterfactual=False)
    return out / "replay.json"


def test_replay_file_holds_what_the_issue_asks(recorded: Path) -> None:
    doc = json.loads(recorded.read_text())
    head = doc["header"]
    assert head["replay_format"] == REPLAY_FORMAT
    assert head["seed"] == 7 and head["policy"] == "doctrine" and head["mode"] == "free"
    assert head["mission_id"] == "tutorial" and len(head["mission_digest"]) == 32
    assert head["mission"]["meta"]["id"] == "tutorial"
    assert [t["turn"] for t in doc["turns"]] == list(range(1, TURNS + 1))
    for t in doc["turns"]:
        assert set(t) == {"turn", "orders", "injects", "state_hash", "layer_hashes"}
        assert all("order" in o for o in t["orders"])
        assert "civilians" in t["layer_hashes"] and "rules" in t["layer_hashes"]
    assert sum(len(t["orders"]) for t in doc["turns"]) > 0


def test_verify_matches_every_turn(recorded: Path) -> None:
    report = verify(recorded)
    assert report.ok and report.matched == report.turns == TURNS
    assert "100%" in str(report)


def test_round_trip_in_memory(recorded: Path, tmp_path: Path) -> None:
    rp = read_replay(recorded)
    write_replay(rp, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == recorded.read_text()


def _edit(path: Path, out: Path, change: object) -> Path:
    doc = json.loads(path.read_text())
    change(doc)  # type: ignore[operator]
    out.write_text(json.dumps(doc))
    return out


def test_a_tampered_hash_names_turn_and_layer(recorded: Path, tmp_path: Path) -> None:
    def tamper(doc: dict) -> None:  # type: ignore[type-arg]
        t = doc["turns"][2]
        t["state_hash"] = "0" * 32
        t["layer_hashes"]["civilians"] = "0" * 32

    report = verify(_edit(recorded, tmp_path / "t.json", tamper))
    assert not report.ok and report.matched == 2
    assert str(report.mismatch) == "turn 3: layer 'civilians' differs"


def test_changed_orders_diverge_at_their_turn(recorded: Path, tmp_path: Path) -> None:
    doc = json.loads(recorded.read_text())
    first = next(i for i, t in enumerate(doc["turns"]) if t["orders"])

    def drop(d: dict) -> None:  # type: ignore[type-arg]
        d["turns"][first]["orders"] = []

    report = verify(_edit(recorded, tmp_path / "o.json", drop))
    assert report.mismatch is not None
    assert report.mismatch.turn == first + 1 and report.mismatch.layer is not None
    assert report.matched == first


def test_another_seed_diverges_on_turn_one(recorded: Path, tmp_path: Path) -> None:
    def reseed(d: dict) -> None:  # type: ignore[type-arg]
        d["header"]["seed"] = 8

    report = verify(_edit(recorded, tmp_path / "s.json", reseed))
    assert report.mismatch is not None and report.mismatch.turn == 1


def test_branch_continues_from_a_turn(recorded: Path, tmp_path: Path) -> None:
    rp = read_replay(recorded)
    session, prefix = rebuild(rp, 4)
    assert session.turn == 4 and session.state_hash() == rp.turns[3].state_hash
    result = run(
        rp.mission,
        rp.seed,
        policy="passive",
        turns=7,
        session=session,
        replay=prefix,
        out_dir=tmp_path / "branch",
        counterfactual=False,
    )
    assert len(result.replay.turns) == 7 and result.replay.policy == "doctrine+passive"
    assert [t.state_hash for t in result.replay.turns[:4]] == [t.state_hash for t in rp.turns[:4]]
    assert all(not t.orders for t in result.replay.turns[4:])
    assert verify(tmp_path / "branch" / "replay.json").ok
    with pytest.raises(ReplayError, match="cannot branch at turn 99"):
        rebuild(rp, 99)


def test_refusals(tmp_path: Path, recorded: Path) -> None:
    with pytest.raises(ReplayError, match="no such replay"):
        read_replay(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ReplayError, match="not a readable replay"):
        read_replay(bad)

    def newer(d: dict) -> None:  # type: ignore[type-arg]
        d["header"]["replay_format"] = REPLAY_FORMAT + 1

    with pytest.raises(ReplayError, match="newer Blue Helm"):
        read_replay(_edit(recorded, tmp_path / "n.json", newer))

    def edited_mission(d: dict) -> None:  # type: ignore[type-arg]
        d["header"]["mission"]["briefing"]["summary"] = "changed"

    with pytest.raises(ReplayError, match="does not match its digest"):
        read_replay(_edit(recorded, tmp_path / "m.json", edited_mission))

    def unknown_order(d: dict) -> None:  # type: ignore[type-arg]
        d["turns"][0]["orders"] = [{"order": "teleport"}]

    with pytest.raises(ReplayError, match="does not know"):
        verify(_edit(recorded, tmp_path / "u.json", unknown_order))


def test_replay_records_manual_injects(tmp_path: Path) -> None:
    m = load_mission(TUTORIAL)
    manual = [i.id for i in m.injects if i.trigger.manual]
    if not manual:
        pytest.skip("the tutorial has no manual inject")
    from game.engine.session import Session

    s = Session.new(m, 3)
    rp = Replay.start(s, policy="instructor")
    for turn in range(3):
        fired = manual[:1] if turn == 1 else []
        for iid in fired:
            s.fire_inject(iid)
        rp.record(s.end_turn(), [], fired)
    write_replay(rp, tmp_path / "r.json")
    assert verify(tmp_path / "r.json").ok
    without = read_replay(tmp_path / "r.json")
    without.turns[1] = type(without.turns[1])(
        2, (), (), without.turns[1].state_hash, without.turns[1].layer_hashes
    )
    assert not verify(without).ok


def test_cli_verify_and_branch(
    recorded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["replay", str(recorded)]) == 0
    assert "seed 7" in capsys.readouterr().out
    assert cli(["replay", str(recorded), "--verify"]) == 0
    assert "8 of 8 turns match (100%)" in capsys.readouterr().out

    def tamper(d: dict) -> None:  # type: ignore[type-arg]
        d["turns"][4]["state_hash"] = "f" * 32
        d["turns"][4]["layer_hashes"]["units"] = "f" * 32

    bad = _edit(recorded, tmp_path / "bad.json", tamper)
    assert cli(["replay", str(bad), "--verify"]) == 1
    assert "turn 5: layer 'units' differs" in capsys.readouterr().out

    out = tmp_path / "b"
    code = cli(
        [
            "replay",
            str(recorded),
            "--branch",
            "3",
            "--policy",
            "reckless",
            "--turns",
            "6",
            "--out",
            str(out),
            "--no-counterfactual",
        ]
    )
    assert code == 0
    assert "branched at turn 3" in capsys.readouterr().out
    assert verify(out / "replay.json").ok
    assert cli(["replay", str(recorded), "--branch", "3"]) == 1
    assert "needs --policy or --orders" in capsys.readouterr().err
    assert cli(["replay", str(tmp_path / "none.json"), "--verify"]) == 1


@pytest.mark.parametrize("path", shipped_missions(), ids=lambda p: p.stem)
def test_every_shipped_mission_replays(path: Path, tmp_path: Path) -> None:
    """Each mission's own mappings survive the trip through the file (its digest holds)."""
    run(path, 2, policy="random", turns=5, out_dir=tmp_path, counterfactual=False)
    report = verify(tmp_path / "replay.json")
    assert report.ok, report


def test_strict_games_replay(tmp_path: Path) -> None:
    run(
        TUTORIAL, 5, policy="reckless", turns=6, strict=True, out_dir=tmp_path, counterfactual=False
    )
    rp = read_replay(tmp_path / "replay.json")
    assert rp.mode == "strict" and verify(rp).ok


def test_verifies_in_another_process_with_another_hash_seed(recorded: Path) -> None:
    """Bit for bit across processes: string hashing (set order) must not leak into state."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from game.engine.replay import verify; "
        "r = verify(sys.argv[1]); print(r); sys.exit(0 if r.ok else 1)"
    )
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(recorded)],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
