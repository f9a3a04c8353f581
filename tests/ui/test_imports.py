"""The desktop UI's own import order, beyond the package-wide check (``tests/test_layers``,
which finds every circle): the map screen sits on top of its parts, and the game model
the screens talk to sits above the narrative and the lessons that tell its days."""

from __future__ import annotations

import pytest

from tests.test_layers import import_graph


@pytest.fixture(scope="module")
def ui() -> dict[str, set[str]]:
    """Each game.ui module (short name) with the game.ui modules it imports anywhere."""
    graph = import_graph()
    prefix = "game.ui."
    return {
        m.removeprefix(prefix): {t.removeprefix(prefix) for t in deps if t.startswith(prefix)}
        for m, deps in graph.items()
        if m.startswith(prefix)
    }


def test_map_view_parts_never_import_the_screen(ui: dict[str, set[str]]) -> None:
    assert {"dashboard", "panels", "order_menus", "map_layers"} <= ui["mapview"]
    for part in ("dashboard", "panels", "order_menus", "map_layers", "map_state"):
        assert "mapview" not in ui[part], part


def test_the_story_of_a_day_sits_below_the_game_model(ui: dict[str, set[str]]) -> None:
    assert {"narrative", "lessons", "model"} <= ui["adapter"]
    for part in ("narrative", "lessons", "model"):
        assert "adapter" not in ui[part], part


def test_saves_do_not_reopen_the_main_menu(ui: dict[str, set[str]]) -> None:
    assert "saves" in ui["menu"] and "menu" not in ui["saves"]
