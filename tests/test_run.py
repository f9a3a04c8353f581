"""Headless runs: the four output files, the counterfactual, scripted orders, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from game.ai.orders_file import load_orders, load_orders_text, orders_to_yaml
from game.ai.run import run
from game.cli import main as cli
from game.engine.record import counterfactual_deaths, summary_text
from game.engine.replay import read_replay, verify
from game.engine.session import Session
from game.mission import MissionError, load_mission
from game.norms import NORMS
from game.paths import resolve_mission
from game.rules.orders import Negotiate, Patrol

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "missions" / "tutorial.yaml"


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run(TUTORIAL, 11, policy="doctrine", turns=6, out_dir=out)
    return out


def test_writes_the_four_files(outdir: Path) -> None:
    assert sorted(p.name for p in outdir.iterdir()) == [
        "events.jsonl",
        "replay.json",
        "summary.json",
        "turns.csv",
    ]
    rows = list(csv.DictReader((outdir / "turns.csv").open()))
    assert [int(r["turn"]) for r in rows] == [1, 2, 3, 4, 5, 6]
    for norm in NORMS:
        assert 0 <= float(rows[-1][f"score_{norm}"]) <= 100
    assert "civilians_killed" in rows[0] and "faction_consent:vna" in rows[0]
    events = [json.loads(line) for line in (outdir / "events.jsonl").read_text().splitlines()]
    assert events and all("event" in e and "turn" in e for e in events)
    assert any(e["event"] == "DayScored" for e in events)
    from game.engine.events import read_jsonl

    typed = read_jsonl(outdir / "events.jsonl")  # the engine's own reader takes the log
    assert [e.to_dict()["event"] for e in typed] == [e["event"] for e in events]
    summary = json.loads((outdir / "summary.json").read_text())
    assert summary["turns"] == 6 and summary["seed"] == 11 and summary["policy"] == "doctrine"
    assert set(NORMS) <= set(summary["scores"])
    assert summary["final_hash"] == rows[-1]["state_hash"]
    assert summary["lives_saved"] == (
        summary["counterfactual_civilians_killed"] - summary["civilians_killed"]
    )
    assert verify(outdir / "replay.json").ok


def test_counterfactual_is_the_same_seed_without_the_mission() -> None:
    m = load_mission(TUTORIAL)
    result = run(m, 11, policy="passive", turns=5)
    cf = Session.new(m, 11, counterfactual=True)
    for _ in range(5):
        cf.end_turn()
    assert result.counterfactual_deaths == int(cf.world.deaths.sum())
    assert counterfactual_deaths(m, 11, 5) == result.counterfactual_deaths
    assert all(not u.alive for u in cf.world.units)


def test_same_inputs_same_run() -> None:
    a = run(TUTORIAL, 5, policy="random", turns=4, counterfactual=False)
    b = run(TUTORIAL, 5, policy="random", turns=4, counterfactual=False)
    assert [t.state_hash for t in a.turns] == [t.state_hash for t in b.turns]
    c = run(TUTORIAL, 6, policy="random", turns=4, counterfactual=False)
    assert a.final_hash != c.final_hash


def test_summary_text_is_readable(outdir: Path) -> None:
    m = load_mission(TUTORIAL)
    result = run(m, 11, policy="doctrine", turns=6)
    text = summary_text(result)
    assert "civilians killed" in text and "lives saved" in text and "impartiality" in text
    assert len(text.splitlines()) < 15
    # stopped at day 6 of 90: the objectives are not judged yet, and the summary says so
    assert "outcome: not decided" in text
    assert "objectives as if the mission ended today: it has not" in text


# --------------------------------------------------------------------------- orders files

SCRIPT = """\
format: 1
orders:
  1:
    - {order: negotiate, faction: vna}
  3:
    - {order: patrol, unit: %s, x: 30, y: 20}
"""


def test_orders_file_drives_a_run(tmp_path: Path) -> None:
    m = load_mission(TUTORIAL)
    unit = m.forces.units[0].id
    path = tmp_path / "orders.yaml"
    path.write_text(SCRIPT % unit)
    script = load_orders(path)
    assert script.for_turn(1) == [Negotiate("vna")]
    assert script.for_turn(3) == [Patrol(unit, 30, 20)] and script.for_turn(2) == []
    result = run(m, 2, orders=path, turns=4, out_dir=tmp_path / "out", counterfactual=False)
    rp = read_replay(tmp_path / "out" / "replay.json")
    assert rp.policy == "script"
    assert [list(t.orders) for t in rp.turns] == [
        [{"order": "negotiate", "faction": "vna"}],
        [],
        [{"order": "patrol", "unit": unit, "x": 30, "y": 20}],
        [],
    ]
    assert result.turns[0].orders == (Negotiate("vna"),)
    again = load_orders_text(orders_to_yaml({1: [Negotiate("vna")], 3: [Patrol(unit, 30, 20)]}))
    assert again == script


HEAD = "format: 1\norders:\n"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (f"{HEAD}  1:\n    - {{order: patrl, unit: a}}\n", ":4:", "unknown order 'patrl'"),
        (f"{HEAD}  0:\n    - {{order: negotiate, faction: vna}}\n", ":3:", "greater than or equal"),
        (f"{HEAD}  one:\n    - {{order: negotiate, faction: vna}}\n", ":3:", "integer"),
        ("format: 2\norders: {}\n", ":1:", "format"),
        ("format: 1\norders:\n  2:\n    - {order: patrol, unit: a, x: 1}\n", ":4:", "missing y"),
        ("format: 1\norder: {}\n", ":2:", "order"),
        (f"{HEAD}  1: [{{order: negotiate, faction: vna}}]\n  1: []\n", ":4:", "duplicate"),
    ],
)
def test_orders_file_errors_are_located(text: str, where: str, message: str) -> None:
    with pytest.raises(MissionError) as err:
        load_orders_text(text, "script.yaml")
    msg = str(err.value)
    assert msg.startswith("script.yaml") and where in msg and message in msg, msg


# --------------------------------------------------------------------------- the CLI


def test_cli_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    assert (
        cli(
            [
                "run",
                "tutorial",
                "--seed",
                "3",
                "--policy",
                "passive",
                "--turns",
                "3",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "policy passive, 3 turns" in text and "lives saved" in text
    assert (out / "summary.json").exists()
    assert (
        cli(
            [
                "run",
                str(TUTORIAL),
                "--turns",
                "2",
                "--strict",
                "--out",
                str(out / "s"),
                "--quiet",
                "--no-counterfactual",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == str(out / "s")
    summary = json.loads((out / "s" / "summary.json").read_text())
    assert summary["counterfactual_civilians_killed"] is None and summary["turns"] == 2


def test_cli_run_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml" in capsys.readouterr().err
    bad = tmp_path / "o.yaml"
    bad.write_text("format: 1\norders:\n  1:\n    - {order: fly}\n")
    assert cli(["run", "tutorial", "--orders", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "o.yaml:4:" in err and "Traceback" not in err
    assert cli(["run", "tutorial", "--turns", "0"]) == 1
    ghost = tmp_path / "g.yaml"
    ghost.write_text("format: 1\norders:\n  3:\n    - {order: patrol, unit: ghost, x: 1, y: 2}\n")
    assert cli(["run", "tutorial", "--orders", str(ghost), "--out", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert "g.yaml: turn 3, order 1 (patrol): unknown unit 'ghost'" in err, err
    with pytest.raises(SystemExit):
        cli(["run", "tutorial", "--policy", "reckless", "--orders", str(bad)])


def test_resolve_mission() -> None:
    assert resolve_mission("tutorial") == ROOT / "missions" / "tutorial.yaml"
    assert resolve_mission("x/y.yaml") == Path("x/y.yaml")
