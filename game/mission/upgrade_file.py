"""``bluehelm upgrade``: rewrite an older mission file in the current format.

The file is read with the hardened parser, migrated step by step (``upgrade.py``) and
rid of retired fields, validated, and written back atomically, the original kept as
``FILE.bak``. PyYAML does not keep comments inside the document, so the rewritten body
loses them; the header comment block (the ``$schema`` line and the notes above
``format:``) is kept.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from game.files import atomic_write_text
from game.mission.errors import MissionError, Problem
from game.mission.schema import FORMAT_VERSION, Mission
from game.mission.upgrade import UpgradeError, upgrade_data
from game.mission.yamlsafe import parse_text, read_source

SCHEMA_LINE = "# yaml-language-server: $schema=./mission.schema.json"


def _header(text: str) -> list[str]:
    """The leading comment block of a file, with the $schema line first."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    if SCHEMA_LINE not in lines:
        lines.insert(0, SCHEMA_LINE)
    return lines


def upgrade_file(path: Path, output: Path | None = None) -> str:
    """Upgrade the mission at ``path`` (into ``output``, or in place with a backup).

    Returns a one-line report. Raises ``MissionError`` if the file cannot be read,
    cannot be upgraded, or is not a valid mission once upgraded (nothing is written).
    """
    name = str(path)
    raw = read_source(path, name)
    data, _ = parse_text(raw, name)
    notes: list[str] = []
    try:
        upgraded, passed = upgrade_data(data, notes=notes)
    except UpgradeError as e:
        raise MissionError([Problem(name, 1, 1, str(e))]) from None
    if not passed and not notes:
        version = data.get("format") if isinstance(data, dict) else None
        if version == FORMAT_VERSION:
            return f"{path}: already at format {FORMAT_VERSION}; nothing to do"
        raise MissionError(
            [Problem(name, 1, 1, f"cannot upgrade a file whose format is {version!r}")]
        )
    body = yaml.safe_dump(upgraded, sort_keys=False, allow_unicode=True, width=100)
    try:
        Mission.model_validate(yaml.safe_load(body))
    except Exception as e:  # the upgraded data must validate before anything is written
        raise MissionError(
            [Problem(name, 1, 1, f"the upgraded mission is not valid: {str(e)[:300]}")]
        ) from None
    text = "\n".join(_header(raw.decode("utf-8", "replace"))) + "\n" + body
    target = output or path
    if output is None:
        shutil.copy2(path, path.with_name(path.name + ".bak"))
    atomic_write_text(target, text)
    done = []
    if passed:
        done.append("upgraded format " + " -> ".join(str(v) for v in [*passed, passed[-1] + 1]))
    done.extend(notes)
    return f"{path}: {'; '.join(done)}; written to {target}"
