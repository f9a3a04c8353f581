"""Format upgrades: older mission files are migrated step by step, never broken.

Each released format N has one migration ``N -> N + 1`` in ``MIGRATIONS``; a file of
format 1 is brought to the current format by applying every step in order. Migrations
work on the plain data parsed from YAML, before validation, so they may rename, move or
default fields freely. Format 1 is the first released format, so the table starts empty;
the machinery is exercised by the tests with a synthetic step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from game.mission.schema import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the data of format N into the data of format N + 1 (format key included)."""

MIGRATIONS: dict[int, Migration] = {}
"""Migration from each format N to N + 1. Add one whenever FORMAT_VERSION goes up."""


class UpgradeError(ValueError):
    """The data cannot be brought to the current format (unknown or missing step)."""


def upgrade_data(
    data: Any,
    *,
    migrations: Mapping[int, Migration] | None = None,
    target: int = FORMAT_VERSION,
) -> tuple[Any, list[int]]:
    """Migrate parsed mission data to ``target``; return it and the formats it passed.

    Data that is not a mapping, or whose ``format`` is missing, not an integer or
    already at (or past) the target, is returned unchanged: validation reports those.
    """
    steps = MIGRATIONS if migrations is None else migrations
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
