"""Saved games: a versioned, checksummed container, written atomically, with migrations.

A save file is three parts:

1. ``MAGIC`` (10 bytes; PNG-style, so a text-mode copy or a foreign file is caught at once);
2. one header line of JSON: save format, app version, mission id/name/digest, turn, seed,
   mode, the payload's length and blake2b checksum, and a checksum of the header itself;
3. the payload: a ``snapshot`` archive (numpy ``.npy`` members, never pickle, and tagged
   JSON) holding the mission's canonical JSON and the game state.

The mission travels inside the save, so a save still loads after its mission file was
edited; a caller that passes a ``Mission`` gets a refusal if the digests differ. Writing
goes to a temporary file in the same folder, is fsynced, then ``os.replace``-d over the
target and the folder fsynced, so a crash at any moment leaves the old save or the new
one, never a mix. Reading refuses truncated, corrupt and newer files with a plain
message (``SaveError``); older formats are migrated step by step (``MIGRATIONS``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from game._version import __version__
from game.engine import snapshot
from game.files import atomic_write_bytes
from game.mission.schema import Mission

if TYPE_CHECKING:
    from game.engine.session import Session

__all__ = [
    "FORMAT_VERSION",
    "MAGIC",
    "MIGRATIONS",
    "SUFFIX",
    "LoadedSave",
    "SaveError",
    "SaveHeader",
    "atomic_write_bytes",
    "load_session",
    "mission_digest",
    "read_header",
    "read_save",
    "save_session",
    "write_save",
]

MAGIC: Final = b"\x89BHSAVE\r\n\x1a"
"""First bytes of every save (a high byte, CR LF and ^Z catch mangled copies)."""
FORMAT_VERSION: Final = 1
"""The save format this build writes and the newest it reads."""
SUFFIX: Final = ".bhsave"
MAX_HEADER: Final = 64 * 1024
"""A header line longer than this is not a Blue Helm header."""

RawState = tuple[dict[str, Any], Any, list[np.ndarray[Any, Any]]]
"""(header, tagged JSON document, arrays): the payload before it is rebuilt into objects."""
Migration = Callable[[RawState], RawState]
"""Turns a raw save of format N into one of format N + 1 (header['format'] included)."""

MIGRATIONS: dict[int, Migration] = {}
"""Migration from each released save format N to N + 1. Format 1 is the first release, so
the table is empty; add a step whenever FORMAT_VERSION goes up (tests exercise the
machinery with a synthetic step)."""


class SaveError(Exception):
    """A save that cannot be written or read; the message says why in plain words."""


@dataclass(frozen=True)
class SaveHeader:
    """What a save says about itself (readable without loading the game state)."""

    format: int
    app_version: str
    kind: str
    mission_id: str
    mission_name: str
    mission_digest: str
    turn: int
    seed: int
    mode: str
    payload_length: int
    payload_blake2b: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class LoadedSave:
    """A save read back: its header, the mission it carries, and the state tree."""

    header: SaveHeader
    mission: Mission
    state: Any


# --------------------------------------------------------------------------- helpers


def mission_digest(mission: Mission) -> str:
    """blake2b (128 bit) of the mission's canonical JSON: the mission's identity in files."""
    return _blake(mission.model_dump_json().encode("utf-8"))


def _blake(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _header_check(fields: Mapping[str, Any]) -> str:
    body = {k: v for k, v in fields.items() if k != "header_blake2b"}
    return _blake(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"))


# --------------------------------------------------------------------------- writing


def write_save(
    path: str | os.PathLike[str],
    state: Any,
    *,
    mission: Mission,
    turn: int,
    seed: int,
    mode: str = "free",
    kind: str = "session",
) -> SaveHeader:
    """Save ``state`` (a tree of plain data, arrays and game dataclasses) atomically.

    The mission's canonical JSON goes into the payload so the save is self-contained.
    Raises ``SaveError`` if the state holds something that cannot be restored exactly.
    """
    try:
        payload = snapshot.pack({"mission": mission.model_dump_json(), "state": state})
    except snapshot.SnapshotError as exc:
        raise SaveError(f"cannot save this game: {exc}") from exc
    header = SaveHeader(
        format=FORMAT_VERSION,
        app_version=__version__,
        kind=kind,
        mission_id=mission.meta.id,
        mission_name=mission.meta.name,
        mission_digest=mission_digest(mission),
        turn=int(turn),
        seed=int(seed),
        mode=mode,
        payload_length=len(payload),
        payload_blake2b=_blake(payload),
    )
    fields = header.to_dict()
    fields["header_blake2b"] = _header_check(fields)
    line = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
    try:
        atomic_write_bytes(path, MAGIC + line + payload)
    except OSError as exc:
        why = exc.strerror or exc
        raise SaveError(f"{os.fspath(path)}: cannot write the save ({why})") from exc
    return header


# --------------------------------------------------------------------------- reading


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{os.fspath(path)}: no such save file") from None
    except IsADirectoryError:
        raise SaveError(f"{os.fspath(path)}: is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(f"{os.fspath(path)}: cannot read ({exc.strerror or exc})") from None


def _split(name: str, data: bytes) -> tuple[dict[str, Any], bytes]:
    """Check the magic and the header line; return the header fields and the payload."""
    if not data:
        raise SaveError(f"{name}: the file is empty (an interrupted save?)")
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise SaveError(f"{name}: the save is truncated (it ends inside the file marker)")
        raise SaveError(f"{name}: not a Blue Helm save file")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        if len(data) < len(MAGIC) + MAX_HEADER:
            raise SaveError(f"{name}: the save is truncated (it ends inside the header)")
        raise SaveError(f"{name}: the save header is damaged (no end of line)")
    try:
        fields = json.loads(data[len(MAGIC) : end].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SaveError(f"{name}: the save header is damaged (not readable JSON)") from None
    if not isinstance(fields, dict):
        raise SaveError(f"{name}: the save header is damaged (not a record)")
    return fields, data[end + 1 :]


def _header(name: str, fields: dict[str, Any]) -> SaveHeader:
    """Validate the header fields (format first, so a newer save gets the right message)."""
    version = fields.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(f"{name}: the save header is damaged (no valid format number)")
    if version > FORMAT_VERSION:
        app = fields.get("app_version", "?")
        raise SaveError(
            f"{name}: saved by a newer Blue Helm ({app}, save format {version}); "
            f"this build ({__version__}) reads save formats up to {FORMAT_VERSION}. "
            "Update Blue Helm to load it."
        )
    if fields.get("header_blake2b") != _header_check(fields):
        raise SaveError(f"{name}: the save header is damaged (checksum mismatch)")
    try:
        return SaveHeader(**{k: v for k, v in fields.items() if k != "header_blake2b"})
    except TypeError as exc:
        raise SaveError(f"{name}: the save header is damaged ({exc})") from None


def read_header(path: str | os.PathLike[str]) -> SaveHeader:
    """The header of a save (mission, turn, seed, versions) without loading the state.

    For save lists. Raises ``SaveError`` if the file is not a readable save header.
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC) + MAX_HEADER)
    except OSError as exc:
        raise SaveError(f"{name}: cannot read ({exc.strerror or exc})") from None
    fields, _ = _split(name, head)
    return _header(name, fields)


def read_save(
    path: str | os.PathLike[str],
    *,
    mission: Mission | None = None,
    migrations: Mapping[int, Migration] | None = None,
) -> LoadedSave:
    """Read and check a save; migrate it if older; rebuild its state tree.

    With ``mission`` given, the save must have been made with exactly that mission
    (same digest). Every refusal is a ``SaveError`` with a message a player can act on.
    """
    name = os.fspath(path)
    fields, payload = _split(name, _read_bytes(path))
    header = _header(name, fields)
    if len(payload) < header.payload_length:
        raise SaveError(
            f"{name}: the save is truncated ({len(payload):,} of {header.payload_length:,} "
            "bytes of game state)"
        )
    if len(payload) > header.payload_length:
        raise SaveError(f"{name}: the save is damaged (extra bytes after the game state)")
    if _blake(payload) != header.payload_blake2b:
        raise SaveError(f"{name}: the save is corrupt (game state checksum mismatch)")
    try:
        doc, arrays = snapshot.unpack_raw(payload)
        raw = _migrate(name, (dict(fields), doc, arrays), migrations)
        tree = snapshot.rebuild(raw[1], raw[2])
    except snapshot.SnapshotError as exc:
        raise SaveError(f"{name}: the game state cannot be rebuilt: {exc}") from None
    if not isinstance(tree, dict) or not isinstance(tree.get("mission"), str):
        raise SaveError(f"{name}: the save holds no mission")
    try:
        carried = Mission.model_validate_json(tree["mission"])
    except ValueError as exc:
        raise SaveError(f"{name}: the mission inside the save is invalid ({exc})") from None
    if _blake(tree["mission"].encode("utf-8")) != header.mission_digest:  # as written
        raise SaveError(f"{name}: the mission inside the save does not match its header")
    if mission is not None and mission_digest(mission) != header.mission_digest:
        raise SaveError(
            f"{name}: this save was made with a different version of mission "
            f"'{header.mission_id}' (digest {header.mission_digest[:12]}, given "
            f"{mission_digest(mission)[:12]}); load it without a mission file to use the "
            "copy the save carries"
        )
    return LoadedSave(header, carried, tree.get("state"))


def _migrate(name: str, raw: RawState, migrations: Mapping[int, Migration] | None) -> RawState:
    """Bring a raw save up to ``FORMAT_VERSION`` one released step at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    version = int(raw[0]["format"])
    while version < FORMAT_VERSION:
        step = steps.get(version)
        if step is None:
            raise SaveError(f"{name}: no migration from save format {version} to {version + 1}")
        raw = step(raw)
        if raw[0].get("format") != version + 1:
            raise SaveError(
                f"{name}: the migration from save format {version} did not set {version + 1}"
            )
        version += 1
    return raw


# --------------------------------------------------------------------------- sessions


def save_session(session: Session, path: str | os.PathLike[str]) -> SaveHeader:
    """Save a game in progress so ``load_session`` continues it exactly."""
    from game.engine.snapshot import session_state

    return write_save(
        path,
        session_state(session),
        mission=session.mission,
        turn=session.turn,
        seed=session.seed,
        mode=session.mode,
    )


def load_session(path: str | os.PathLike[str], mission: Mission | None = None) -> Session:
    """Load a saved game; continuing it gives exactly the turns the unsaved game would."""
    from game.engine.snapshot import SessionStateError, restore_session

    loaded = read_save(path, mission=mission)
    if loaded.header.kind != "session":
        raise SaveError(f"{os.fspath(path)}: holds a '{loaded.header.kind}', not a game")
    try:
        session: Session = restore_session(loaded.mission, loaded.state)
        return session
    except SessionStateError as exc:
        raise SaveError(f"{os.fspath(path)}: {exc}") from None
