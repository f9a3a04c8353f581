"""The import graph keeps the architecture's one-way order: no circles, no upward imports.

Every module under ``game/`` is parsed (not imported) and every ``import`` in it is
collected: at the top, inside functions, and under ``if TYPE_CHECKING:``. A
TYPE_CHECKING import counts like any other, for the layers and for the circles alike:
the type checker follows it, a reader must know the other module to read this one, and a
circle kept out of run time that way is still a circle in the design.

An import names its most specific module: ``from game.engine import session`` depends on
``game.engine.session``, ``from game.engine.session import Session`` on the same module,
``from game.engine import Session`` on the package ``game.engine`` itself. The packages
on the way (``game``, ``game.engine``) are not counted; they run first at import time,
but counting them would make every package ``__init__`` that re-exports its modules a
circle with each of them.

The layers, lowest first (``LAYERS``); a module may import its own layer or any lower
tier, never a higher one nor another layer of its own tier::

    ground floor: _version, norms, files, paths (stdlib only)
    mission
    sim
    rules | reference     reference: Epstein's models, standing on sim beside the norms
    engine
    ai | view
    exercise | env
    ui | bench            bench times anything below the command line, but not the window
    cli
    __main__ | game       the root package names its API as strings, imported lazily

Besides: ``sim`` and ``rules`` import no pygame, no yaml and no file writing; nothing
outside ``game.ui`` imports pygame or pygame_gui; every ``game.*`` import names a module
that exists. The checks themselves are tested on small made-up graphs, so they cannot
pass by finding nothing.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "game"

Graph = Mapping[str, Mapping[str, int]]
"""Module -> {imported name (a game module, or a third-party top-level name): line}."""

GROUND_FLOOR = frozenset({"_version", "norms", "files", "paths"})
"""Modules directly under ``game/`` that any layer may import; they import only stdlib."""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("ground",),
    ("mission",),
    ("sim",),
    ("rules", "reference"),
    ("engine",),
    ("ai", "view"),
    ("exercise", "env"),
    ("ui", "bench"),
    ("cli",),
    ("__main__", "game"),
)
"""Tiers, lowest first. Layers sharing a tier may not import each other."""

TIER: dict[str, int] = {layer: i for i, tier in enumerate(LAYERS) for layer in tier}

NO_PYGAME_YAML_OR_FILES = {
    "sim": ("pygame", "pygame_gui", "yaml", "game.files"),
    "rules": ("pygame", "pygame_gui", "yaml", "game.files"),
}
"""Layer -> names it must not import: the core is pure (no window, no YAML, no writes)."""

WINDOW = ("pygame", "pygame_gui")
"""Only ``game.ui`` imports these."""

KNOWN_CIRCLES_BEING_FIXED: tuple[frozenset[str], ...] = ()
"""Circles other branches are removing. A circle passes if it lies inside one of these;
an entry that no longer matches a circle fails its own test, so the list only shrinks.
Empty it once those branches are merged."""


# --------------------------------------------------------------------------- reading


def module_name(path: Path, root: Path = ROOT) -> str:
    """``game/engine/session.py`` -> ``game.engine.session``; a package is its folder."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def find_modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of ``package`` under ``root``, by dotted name."""
    return {
        module_name(p, root): p
        for p in sorted((root / package).rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def imports_in(source: str, module: str, is_package: bool, known: Iterable[str]) -> dict[str, int]:
    """What ``module`` (whose text is ``source``) imports, each with its first line.

    Internal imports resolve to the most specific module in ``known``; anything else is
    kept as its top-level name (``numpy``, ``pygame``), with ``__future__`` left out.
    """
    modules = set(known)
    package = module if is_package else module.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        if not name.startswith(f"{PACKAGE}.") and name != PACKAGE:
            name = name.partition(".")[0]
        if name != "__future__":
            found.setdefault(name, line)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                add(sub if sub in modules else base, node.lineno)
    return found


def import_graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    """The whole package's imports: module -> {imported name: line}."""
    modules = find_modules(root)
    return {
        name: imports_in(path.read_text(encoding="utf-8"), name, path.stem == "__init__", modules)
        for name, path in modules.items()
    }


# --------------------------------------------------------------------------- checking


def layer_of(module: str) -> str:
    """The layer a ``game`` module belongs to: its first part under ``game``."""
    parts = module.split(".")
    if len(parts) == 1:
        return PACKAGE
    return "ground" if parts[1] in GROUND_FLOOR and len(parts) == 2 else parts[1]


def circles(graph: Graph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []

    def edges(v: str) -> list[str]:
        return sorted(w for w in graph.get(v, {}) if w in graph and w != v)

    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(edges(start)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(edges(w))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == v:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return sorted(found)


def one_loop(group: Iterable[str], graph: Graph) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    members = sorted(group)
    first, inside = members[0], set(members)
    came_from: dict[str, str] = {}
    frontier = [first]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, {})):
                if w == first and v != first:
                    path = [v]
                    while path[-1] != first:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), first]
                if w in inside and w not in came_from:
                    came_from[w] = v
                    nxt.append(w)
        frontier = nxt
    return members


def describe_loop(loop: list[str], graph: Graph) -> str:
    """``a (line 3) -> b (line 9) -> a``: where each module imports the next."""
    steps = [f"{a} (line {graph[a][b]})" for a, b in itertools.pairwise(loop)]
    return " -> ".join([*steps, loop[-1]])


def upward_imports(graph: Graph) -> list[str]:
    """Every import of a higher tier, or of another layer in the same tier."""
    problems = []
    for module, targets in sorted(graph.items()):
        mine = layer_of(module)
        for target, line in sorted(targets.items()):
            if target not in graph:
                continue
            theirs = layer_of(target)
            if mine in TIER and theirs in TIER and (mine == theirs or TIER[theirs] < TIER[mine]):
                continue
            problems.append(f"{module} (line {line}) imports {target}: {mine} -> {theirs}")
    return problems


def forbidden_imports(graph: Graph, banned: Mapping[str, Iterable[str]]) -> list[str]:
    """Imports of a banned name (``pygame`` also bans ``pygame.x``) by a layer's modules."""
    problems = []
    for module, targets in sorted(graph.items()):
        for name in banned.get(layer_of(module), ()):
            problems += [
                f"{module} (line {line}) imports {t}"
                for t, line in sorted(targets.items())
                if t == name or t.startswith(f"{name}.")
            ]
    return problems


def unexplained(found: Iterable[list[str]], allowed: Iterable[frozenset[str]]) -> list[list[str]]:
    """The circles that do not lie inside an allow-listed one."""
    allowed = list(allowed)
    return [c for c in found if not any(set(c) <= a for a in allowed)]


# --------------------------------------------------------------------------- the package


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    """The import graph of the package as it is on disk."""
    return import_graph()


def test_the_graph_is_read_from_the_real_package(graph: dict[str, dict[str, int]]) -> None:
    assert len(graph) > 100 and sum(map(len, graph.values())) > 300
    assert "game.engine.replay" in graph["game.cli.replay"]
    assert "game.cli" in graph["game.__main__"]
    assert "game.sim.dynamics" in graph["game.engine.session"]


def test_every_module_is_in_a_layer(graph: dict[str, dict[str, int]]) -> None:
    lost = sorted({layer_of(m) for m in graph} - set(TIER))
    assert not lost, f"place these in LAYERS: {lost}"


def test_no_circles(graph: dict[str, dict[str, int]]) -> None:
    bad = unexplained(circles(graph), KNOWN_CIRCLES_BEING_FIXED)
    assert not bad, "modules importing each other:\n" + "\n".join(
        f"  {', '.join(c)}\n    e.g. {describe_loop(one_loop(c, graph), graph)}" for c in bad
    )


def test_the_known_circles_are_still_there(graph: dict[str, dict[str, int]]) -> None:
    found = [frozenset(c) for c in circles(graph)]
    gone = [sorted(a) for a in KNOWN_CIRCLES_BEING_FIXED if not any(c <= a for c in found)]
    assert not gone, f"fixed: remove from KNOWN_CIRCLES_BEING_FIXED: {gone}"


def test_imports_go_down_the_layers(graph: dict[str, dict[str, int]]) -> None:
    bad = upward_imports(graph)
    assert not bad, "imports against the layer order:\n  " + "\n  ".join(bad)


def test_the_ground_floor_imports_only_the_standard_library(
    graph: dict[str, dict[str, int]],
) -> None:
    import sys

    ground = [m for m in graph if layer_of(m) == "ground"]
    assert sorted(ground) == sorted(f"{PACKAGE}.{m}" for m in GROUND_FLOOR)
    bad = [
        f"{m} imports {t}"
        for m in ground
        for t in graph[m]
        if t not in sys.stdlib_module_names and layer_of(t) != "ground"
    ]
    assert not bad, bad


def test_sim_and_rules_import_no_pygame_yaml_or_file_writing(
    graph: dict[str, dict[str, int]],
) -> None:
    bad = forbidden_imports(graph, NO_PYGAME_YAML_OR_FILES)
    assert not bad, "\n".join(bad)


def test_only_the_ui_imports_pygame(graph: dict[str, dict[str, int]]) -> None:
    banned = {layer: WINDOW for layer in TIER if layer != "ui"}
    bad = forbidden_imports(graph, banned)
    assert not bad, "\n".join(bad)


def test_every_internal_import_names_a_module(graph: dict[str, dict[str, int]]) -> None:
    bad = [
        f"{m} (line {line}) imports {t}"
        for m, targets in graph.items()
        for t, line in targets.items()
        if t.startswith(f"{PACKAGE}.") and t not in graph
    ]
    assert not bad, "no such module:\n" + "\n".join(bad)


# --------------------------------------------------------------------------- the checks


def test_imports_are_found_everywhere_and_resolved() -> None:
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import numpy.linalg\n"
        "from game.sim import fields, World\n"
        "from . import world\n"
        "from ..mission.schema import Mission\n"
        "if TYPE_CHECKING:\n"
        "    from game.engine.session import Session\n"
        "def later():\n"
        "    import pygame.draw\n"
    )
    known = [
        "game",
        "game.sim",
        "game.sim.fields",
        "game.sim.world",
        "game.mission.schema",
        "game.engine.session",
    ]
    found = imports_in(source, "game.sim.threat", False, known)
    assert found == {
        "typing": 2,
        "numpy": 3,
        "game.sim.fields": 4,
        "game.sim": 4,
        "game.sim.world": 5,
        "game.mission.schema": 6,
        "game.engine.session": 8,
        "pygame": 10,
    }
    assert imports_in("from . import fields\n", "game.sim", True, known) == {"game.sim.fields": 1}


def test_a_made_up_circle_is_caught_and_named() -> None:
    made_up = {
        "game.sim.a": {"game.sim.b": 3},
        "game.sim.b": {"game.sim.c": 5},
        "game.sim.c": {"game.sim.a": 7, "numpy": 1},
        "game.sim.d": {"game.sim.a": 2},
    }
    assert circles(made_up) == [["game.sim.a", "game.sim.b", "game.sim.c"]]
    loop = one_loop(["game.sim.a", "game.sim.b", "game.sim.c"], made_up)
    assert loop == ["game.sim.a", "game.sim.b", "game.sim.c", "game.sim.a"]
    assert describe_loop(loop, made_up) == (
        "game.sim.a (line 3) -> game.sim.b (line 5) -> game.sim.c (line 7) -> game.sim.a"
    )
    assert unexplained(circles(made_up), [frozenset({"game.sim.a", "game.sim.b"})])
    assert not unexplained(circles(made_up), [frozenset(made_up)])
    assert circles({"game.sim.a": {"game.sim.b": 1}, "game.sim.b": {}}) == []


def test_a_made_up_upward_import_is_caught() -> None:
    made_up = {
        "game.sim.world": {"game.engine.session": 4, "game.norms": 2},
        "game.engine.session": {"game.sim.world": 9},
        "game.ai.doctrine": {"game.view.picture": 6},
        "game.view.picture": {},
        "game.cli": {"game.ui": 1, "game.bench": 2},
        "game.ui": {"game.bench": 3},
        "game.bench": {},
        "game.norms": {"game.cli": 1},
    }
    assert upward_imports(made_up) == [
        "game.ai.doctrine (line 6) imports game.view.picture: ai -> view",
        "game.norms (line 1) imports game.cli: ground -> cli",
        "game.sim.world (line 4) imports game.engine.session: sim -> engine",
        "game.ui (line 3) imports game.bench: ui -> bench",
    ]


def test_a_made_up_banned_import_is_caught() -> None:
    made_up = {
        "game.sim.world": {"yaml": 3, "numpy": 1},
        "game.rules.day": {"game.files": 8},
        "game.env.render": {"pygame": 2},
        "game.ui.app": {"pygame": 1},
    }
    assert forbidden_imports(made_up, NO_PYGAME_YAML_OR_FILES) == [
        "game.rules.day (line 8) imports game.files",
        "game.sim.world (line 3) imports yaml",
    ]
    banned = {layer: WINDOW for layer in TIER if layer != "ui"}
    assert forbidden_imports(made_up, banned) == ["game.env.render (line 2) imports pygame"]
