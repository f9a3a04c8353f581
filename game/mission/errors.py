"""The one error type of mission loading: a list of located problems.

Every refusal of a mission (or scripted-orders) file, whatever its cause (unreadable
file, bad YAML, a schema violation, a broken cross-reference), reaches the caller as a
``MissionError`` holding one or more ``Problem`` records, each pointing at a 1-based
``file:line:col`` a human can open in an editor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MissionError", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One located complaint about a document: 1-based line and column."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        """Render as ``file:line:col: message``, the format editors and CI understand."""
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class MissionError(Exception):
    """The only exception the loader raises; ``problems`` lists every located complaint.

    ``str()`` gives one problem per line, sorted as the loader sorted them (by position).
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Keep the problems (at least one) and build the one-per-line message."""
        self.problems = tuple(problems)
        if not self.problems:
            self.problems = (Problem("<unknown>", 1, 1, "unknown problem"),)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        """All problems, one per line."""
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type[MissionError], tuple[tuple[Problem, ...]]]:
        """Pickle with the problems (process pools send errors between workers)."""
        return (MissionError, (self.problems,))
