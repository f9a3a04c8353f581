"""The after-action review report (game.exercise.aar): data, charts and the HTML page.

No pygame: the report is pure data, matplotlib's Agg canvas and files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.session import Session
from game.exercise import aar
from game.mission import load_mission
from game.paths import missions_dir
from game.rules.orders import Patrol

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def session() -> Session:
    """Ten days of the tutorial in free mode, one patrol into the Front's zone (a finding)."""
    s = Session.new(load_mission(missions_dir() / "tutorial.yaml"), 3)
    s.submit([Patrol("inf_1", 47, 17)])
    for _ in range(10):
        s.end_turn()
    return s


def test_build_collects_the_series(session: Session) -> None:
    rep = aar.build(session)
    assert rep.turns == list(range(1, 11))
    assert set(rep.deaths) == {"Kessi", "Marun"}
    assert all(len(v) == 10 for v in rep.deaths.values())
    assert all(len(v) == 10 for v in rep.norms.values()) and len(rep.norms) == 5
    assert rep.deaths_total == sorted(rep.deaths_total)  # cumulative
    assert rep.deaths_total[-1] == sum(v[-1] for v in rep.deaths.values())
    assert any(f.clause == "roe.consent_zones[0]" and f.turn == 1 for f in rep.findings)
    assert rep.outcome is None and all(met is None for _, _, met in rep.objectives)


def test_lives_saved_against_the_counterfactual(session: Session) -> None:
    rep = aar.build(session)
    assert rep.counterfactual is not None and len(rep.counterfactual) == 10
    assert rep.lives_saved == rep.counterfactual[-1] - rep.deaths_total[-1]
    # the counterfactual is the same seed with no mission, and it is cached
    cf = Session.new(session.mission, session.seed, counterfactual=True)
    for _ in range(10):
        last = cf.end_turn()
    assert rep.counterfactual[-1] == int(last.metrics["civilians_killed"])
    assert aar.counterfactual_deaths(session, 10) == rep.counterfactual
    assert aar.build(session, counterfactual=False).lives_saved is None


def test_the_review_does_not_change_the_game(session: Session) -> None:
    before = session.state_hash()
    aar.build(session)
    assert session.state_hash() == before


def test_charts_are_pngs(session: Session) -> None:
    rep = aar.build(session)
    pngs = aar.charts(rep)
    assert set(pngs) == set(aar.CHARTS)
    assert all(p.startswith(PNG) and len(p) > 2000 for p in pngs.values())
    assert aar.chart(rep, "norms") == pngs["norms"]  # deterministic
    with pytest.raises(KeyError):
        aar.chart(rep, "nope")


def test_write_report(session: Session, tmp_path: Path) -> None:
    rep = aar.build(session)
    page = aar.write_report(rep, tmp_path / "out")
    html = page.read_text(encoding="utf-8")
    for name in aar.CHARTS:
        assert (tmp_path / "out" / f"{name}.png").read_bytes().startswith(PNG)
        assert f'src="{name}.png"' in html
    assert "roe.consent_zones[0]" in html
    assert f"lives saved: {rep.lives_saved:,}" in html
    # scores head + row, findings head + rows, orders head + rows
    assert html.count("<tr>") == len(rep.findings) + len(rep.orders) + 4
    assert aar.default_folder(rep, tmp_path).name == "tutorial-seed3-day10"


def test_the_orders_log_gives_each_order_in_words_with_its_verdict(session: Session) -> None:
    """The debrief walks through what was ordered: the day, the order in the mission's
    names, and the verdict with its clause (here a patrol into the Front's closed zone)."""
    rep = aar.build(session, counterfactual=False)
    assert rep.orders == [
        aar.OrderRow(
            1,
            "Patrol at Marra (47, 17)",
            "finding",
            "roe.consent_zones[0]",
            session.history[0].verdicts[0].reason,
        )
    ]
    html = aar.to_html(rep)
    assert "<td>1</td><td>Patrol at Marra (47, 17)</td><td>against the rules</td>" in html
    assert "Entering Front-held hills" in html


def test_each_use_of_force_carries_the_force_tests_it_failed() -> None:
    """Deadly force with no rung before it draws force findings that day; the orders log
    ties them to the order, and orders that use no force carry none."""
    from game.rules.orders import Negotiate, UseForce

    s = Session.new(load_mission(missions_dir() / "tutorial.yaml"), 3)
    s.submit([Negotiate("mlf"), UseForce("qrf_1", "hdy", "deadly", "self_defence")])
    s.end_turn()
    rep = aar.build(s, counterfactual=False)
    talks, fire = rep.orders
    assert talks.force_findings == ()
    day = s.history[0].findings
    drawn = [
        f.why
        for f in day
        if f.what == "Quick Reaction Force used deadly force against Hill Defence Youth"
    ]
    assert drawn and fire.force_findings == tuple(drawn)
    assert any("Rungs were skipped" in why for why in fire.force_findings)
    assert all(why in aar.to_html(rep) for why in fire.force_findings)


def test_html_escapes_text(session: Session) -> None:
    rep = aar.build(session, counterfactual=False)
    rep.findings.append(aar.FindingRow(2, "consent", 1, "<script>x</script>", "a&b", "why"))
    html = aar.to_html(rep)
    assert "<script>x" not in html and "&lt;script&gt;" in html and "a&amp;b" in html


def test_no_pygame() -> None:
    code = "import sys, game.exercise.aar, game.cli.report; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_report_command(
    session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from game.cli.report import REPORT
    from game.engine.save import save_session

    save = tmp_path / "game.bhsave"
    save_session(session, save)
    cmd = REPORT
    p = argparse.ArgumentParser()
    cmd.configure(p)
    assert cmd.run(p.parse_args([str(save), "--out", str(tmp_path / "r")])) == 0
    assert (tmp_path / "r" / "index.html").exists()
    assert "lives saved" in capsys.readouterr().out
    (tmp_path / "bad.bhsave").write_bytes(b"junk")
    assert cmd.run(p.parse_args([str(tmp_path / "bad.bhsave")])) == 1
    assert "not a Blue Helm save file" in capsys.readouterr().err
