"""Format upgrades: older mission files are migrated step by step, never broken.

Each released format N has one migration ``N -> N + 1`` in ``MIGRATIONS``; a file of
format 1 is brought to the current format by applying every step in order. Migrations
work on the plain data parsed from YAML, before validation, so they may rename, move or
default fields freely. Format 1 is the first released format, so the table starts empty;
the machinery is exercised by the tests with a synthetic step.

Fields retired without a format change (``RETIRED``: settings that left the mission for
the program, such as the simulation's speed settings, now ``game.sim.numerics``) are
dropped from a file of any format, each with a ``RetiredFieldWarning`` saying where the
setting went: the file still plays as it did, and ``bluehelm upgrade`` removes them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

from game.mission.coefficients import RETIRED_VIOLENCE, RetiredFieldWarning
from game.mission.schema import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the data of format N into the data of format N + 1 (format key included)."""

MIGRATIONS: dict[int, Migration] = {}
"""Migration from each format N to N + 1. Add one whenever FORMAT_VERSION goes up."""


RETIRED: dict[tuple[str, ...], str] = {
    ("dynamics", "violence", name): note for name, note in RETIRED_VIOLENCE.items()
}
"""Fields no mission may carry any more, by path, with where each went."""


class UpgradeError(ValueError):
    """The data cannot be brought to the current format (unknown or missing step)."""


__all__ = [
    "MIGRATIONS",
    "RETIRED",
    "Migration",
    "RetiredFieldWarning",
    "UpgradeError",
    "drop_retired",
    "upgrade_data",
]


def drop_retired(
    data: Any, retired: Mapping[tuple[str, ...], str] | None = None
) -> tuple[Any, list[str]]:
    """``data`` without the ``retired`` fields (default ``RETIRED``), and a note per field
    dropped. The mappings on the way to a dropped field are copied, never changed in place;
    data holding none of them is returned as it is."""
    table = RETIRED if retired is None else retired
    notes: list[str] = []
    for path in table:
        parent: Any = data
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or path[-1] not in parent:
            continue
        data = _without(data, path)
        notes.append(f"{'.'.join(path)}: dropped, {table[path]}")
    return data, notes


def _without(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """A copy of ``data`` with the field at ``path`` removed (copies along the path only)."""
    out = dict(data)
    if len(path) == 1:
        del out[path[0]]
    else:
        out[path[0]] = _without(out[path[0]], path[1:])
    return out


def upgrade_data(
    data: Any,
    *,
    migrations: Mapping[int, Migration] | None = None,
    target: int = FORMAT_VERSION,
    notes: list[str] | None = None,
) -> tuple[Any, list[int]]:
    """Migrate parsed mission data to ``target``; return it and the formats it passed.

    Data that is not a mapping, or whose ``format`` is missing, not an integer or
    already at (or past) the target, is not migrated: validation reports those. Retired
    fields are dropped whatever the format: each with a note appended to ``notes``, or
    when none is given a ``RetiredFieldWarning``.
    """
    data, passed = _migrate(data, MIGRATIONS if migrations is None else migrations, target)
    data, dropped = drop_retired(data)
    if notes is not None:
        notes.extend(dropped)
    else:
        for note in dropped:
            warnings.warn(note, RetiredFieldWarning, stacklevel=2)
    return data, passed


def _migrate(data: Any, steps: Mapping[int, Migration], target: int) -> tuple[Any, list[int]]:
    """The migration steps of ``upgrade_data``."""
    if not isinstance(data, dict):
        return data, []
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version >= target:
        return data, []
    if version < 1 and version not in steps:
        raise UpgradeError(f"format {version} does not exist; the first mission format is 1")
    passed: list[int] = []
    while version < target:
        step = steps.get(version)
        if step is None:
            raise UpgradeError(f"no upgrade from format {version} to {version + 1}")
        data = step(dict(data))
        passed.append(version)
        if data.get("format") != version + 1:
            raise UpgradeError(
                f"the upgrade from format {version} did not set format {version + 1}"
            )
        version += 1
    return data, passed
