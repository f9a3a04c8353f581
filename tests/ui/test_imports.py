"""The desktop UI's modules import each other one way: no circle among game/ui/*.py.

Every import counts, at module level, inside functions and under ``TYPE_CHECKING``: an
import moved into a function to dodge a circle is still a circle. Screens sit on top and
import their parts; the parts reach the screen only through small shared modules below
them (``map_state``, ``settings``). The adapter, narrative and lessons modules are being
untangled on their own; a circle among those three only is tolerated here until then.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "game" / "ui"
TOLERATED = frozenset({"adapter", "narrative", "lessons"})


def ui_imports() -> dict[str, set[str]]:
    """Each ui module's name with the names of the ui modules it imports anywhere."""
    mods = {p.stem for p in UI.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in UI.glob("*.py"):
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                if node.module == "game.ui":
                    out.update(a.name for a in node.names)
                elif node.module.startswith("game.ui."):
                    out.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                out.update(
                    a.name.split(".")[2] for a in node.names if a.name.startswith("game.ui.")
                )
        graph[path.stem] = (out & mods) - {path.stem}
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one module (each holds a circle)."""
    reach = {m: _reachable(graph, m) for m in graph}
    groups: list[set[str]] = []
    for m in sorted(graph):
        group = {n for n in reach[m] if m in reach[n]} | {m}
        if len(group) > 1 and group not in groups:
            groups.append(group)
    return groups


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph.get(m, ()))
    return seen


def test_the_scan_sees_the_ui_modules() -> None:
    graph = ui_imports()
    assert {"mapview", "dashboard", "panels", "menu", "saves"} <= graph.keys()
    assert {"dashboard", "panels", "order_menus", "map_layers"} <= graph["mapview"]


def test_no_import_circle_among_ui_modules() -> None:
    bad = [sorted(g) for g in circles(ui_imports()) if not g <= TOLERATED]
    assert bad == []


def test_map_view_parts_never_import_the_screen() -> None:
    graph = ui_imports()
    for part in ("dashboard", "panels", "order_menus", "map_layers", "map_state"):
        assert "mapview" not in graph[part], part


def test_a_planted_circle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [{"a", "b", "c"}]
