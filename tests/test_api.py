"""The public API in ``game``: every advertised name resolves, and importing is light."""

from __future__ import annotations

import subprocess
import sys

import game
from game.paths import missions_dir


def test_every_public_name_resolves() -> None:
    for name in game.__all__:
        assert getattr(game, name) is not None, name
    assert set(game.__all__) <= set(dir(game))


def test_importing_game_pulls_in_neither_numpy_nor_pygame() -> None:
    code = "import sys, game; print('numpy' in sys.modules, 'pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_new_session_from_a_path_plays_a_day() -> None:
    session = game.new_session(missions_dir() / "tutorial.yaml", seed=3)
    result = session.end_turn()
    assert result.turn == 1 and session.turn == 1
    assert set(result.scores) >= {
        "impartiality",
        "consent",
        "use_of_force",
        "duty_to_protect",
        "accountability",
    }
