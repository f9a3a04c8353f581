"""Plain data <-> bytes for saved state: numpy arrays, game dataclasses, pydantic models.

A save must restore a ``World`` (and the turn ``Session`` around it) so exactly that the
state hash and every later turn are identical to the uninterrupted run. ``pack`` turns a
tree of plain values into a small zip archive: every numpy array is its own ``.npy``
member (written without pickle, read back with ``allow_pickle=False``), everything else
goes into ``tree.json`` as *tagged JSON* that keeps the Python types the state hash sees
(tuples stay tuples, ``np.float64`` stays ``np.float64``, a float stays a float).

Only dataclasses, enums and pydantic models defined under ``game.`` can be rebuilt, so a
crafted file cannot name an arbitrary class; ``unpack`` raises ``SnapshotError`` for
anything it does not understand. Nothing here executes code from the file.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import io
import json
import math
import zipfile
from typing import Any, Final

import numpy as np
from pydantic import BaseModel

__all__ = [
    "SessionStateError",
    "SnapshotError",
    "decode",
    "encode",
    "pack",
    "rebuild",
    "restore_session",
    "session_state",
    "unpack",
    "unpack_raw",
]

TREE: Final = "tree.json"
ALLOWED_PREFIX: Final = "game."
_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
"""Fixed zip timestamp: the same state always packs to the same bytes."""


class SnapshotError(ValueError):
    """The bytes are not a snapshot this build can rebuild (damaged, or foreign types)."""


# --------------------------------------------------------------------------- encoding


def _type_path(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def encode(value: Any, arrays: list[np.ndarray[Any, Any]]) -> Any:
    """Turn ``value`` into tagged JSON data; numpy arrays are appended to ``arrays``.

    Raises ``SnapshotError`` for a value that cannot be restored exactly (a callable, an
    object array, a class outside ``game.``).
    """
    if isinstance(value, np.generic):  # before float: np.float64 is a float subclass
        item = value.item()
        if isinstance(item, float) and not math.isfinite(item):
            item = repr(item)
        return {"__np__": value.dtype.str, "v": item}
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int) and not isinstance(value, enum.Enum):
        return value if type(value) is int else {"__int__": _type_path(type(value)), "v": value}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise SnapshotError("object arrays cannot be saved")
        arrays.append(value)
        return {"__array__": len(arrays) - 1}
    if isinstance(value, np.random.Generator):
        return {"__rng__": encode(value.bit_generator.state, arrays)}
    if isinstance(value, enum.Enum):
        return {"__enum__": _allowed(type(value)), "v": encode(value.value, arrays)}
    if isinstance(value, BaseModel):
        return {"__model__": _allowed(type(value)), "v": value.model_dump(mode="json")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name), arrays) for f in dataclasses.fields(value)}
        return {"__dc__": _allowed(type(value)), "v": fields}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [encode(v, arrays) for v in value]
    if isinstance(value, frozenset | set):
        kind = "__frozenset__" if isinstance(value, frozenset) else "__set__"
        return {kind: [encode(v, arrays) for v in value]}
    if isinstance(value, dict):
        if all(type(k) is str for k in value) and not any(k.startswith("__") for k in value):
            return {k: encode(v, arrays) for k, v in value.items()}
        return {"__dict__": [[encode(k, arrays), encode(v, arrays)] for k, v in value.items()]}
    raise SnapshotError(f"cannot save a value of type {type(value).__name__}")


def _former(cls: type) -> frozenset[str]:
    """Fields older builds saved as None for caches, which this build no longer has: a save
    holding them loads without them (``game.sim.world.FORMER_CACHES``)."""
    from game.sim.world import FORMER_CACHES, World

    return FORMER_CACHES if issubclass(cls, World) else frozenset()


def _allowed(cls: type) -> str:
    if not cls.__module__.startswith(ALLOWED_PREFIX):
        raise SnapshotError(f"cannot save {_type_path(cls)}: only game types are saved")
    return _type_path(cls)


def _resolve(path: Any) -> type:
    """The class a type path names, only if it lives under ``game.``."""
    if not isinstance(path, str) or ":" not in path:
        raise SnapshotError(f"bad type reference {path!r}")
    module, _, qualname = path.partition(":")
    if not module.startswith(ALLOWED_PREFIX):
        raise SnapshotError(f"refusing to rebuild {path}: only game types are loaded")
    try:
        obj: Any = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise SnapshotError(f"unknown type {path} (saved by a different build?)") from exc
    if not isinstance(obj, type):
        raise SnapshotError(f"{path} is not a type")
    return obj


def decode(data: Any, arrays: list[np.ndarray[Any, Any]]) -> Any:
    """Rebuild the value ``encode`` described (``arrays`` in the order they were appended)."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v, arrays) for v in data]
    if not isinstance(data, dict):
        raise SnapshotError(f"unexpected {type(data).__name__} in the snapshot")
    tags = [k for k in data if k.startswith("__")]
    if not tags:
        return {k: decode(v, arrays) for k, v in data.items()}
    tag = tags[0]
    body = data[tag]
    if tag == "__array__":
        if not isinstance(body, int) or not 0 <= body < len(arrays):
            raise SnapshotError(f"array reference {body!r} out of range")
        return arrays[body]
    if tag == "__float__":
        return float(body)
    if tag == "__int__":
        return _resolve(body)(data["v"])
    if tag == "__np__":
        v = data["v"]
        return np.dtype(body).type(float(v) if isinstance(v, str) else v)
    if tag == "__rng__":
        state = decode(body, arrays)
        name = state.get("bit_generator") if isinstance(state, dict) else None
        bitgen = getattr(np.random, str(name), None)
        if name not in {"PCG64", "PCG64DXSM", "Philox", "SFC64", "MT19937"} or bitgen is None:
            raise SnapshotError(f"unknown random generator {name!r}")
        g = np.random.Generator(bitgen())
        g.bit_generator.state = state
        return g
    if tag == "__enum__":
        return _resolve(body)(decode(data["v"], arrays))
    if tag == "__model__":
        cls = _resolve(body)
        if not issubclass(cls, BaseModel):
            raise SnapshotError(f"{body} is not a model")
        return cls.model_validate(data["v"])
    if tag == "__dc__":
        return _dataclass(_resolve(body), data["v"], arrays)
    if tag == "__tuple__":
        return tuple(decode(v, arrays) for v in body)
    if tag == "__set__":
        return {decode(v, arrays) for v in body}
    if tag == "__frozenset__":
        return frozenset(decode(v, arrays) for v in body)
    if tag == "__dict__":
        return {decode(k, arrays): decode(v, arrays) for k, v in body}
    raise SnapshotError(f"unknown tag {tag}")


def _dataclass(cls: type, fields: Any, arrays: list[np.ndarray[Any, Any]]) -> Any:
    """Rebuild a dataclass field by field, without running its ``__init__`` checks again."""
    if not dataclasses.is_dataclass(cls) or not isinstance(fields, dict):
        raise SnapshotError(f"{_type_path(cls)} is not a dataclass")
    known = dataclasses.fields(cls)
    names = {f.name for f in known}
    # a field added since has its default; a former cache is dropped
    later = {
        f.name: f
        for f in known
        if f.name not in fields
        and (f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING)
    }
    former = _former(cls)
    missing = sorted(names - set(fields) - set(later))
    extra = sorted(set(fields) - names - former)
    if missing or extra:
        raise SnapshotError(
            f"{cls.__qualname__} fields differ from this build (missing {missing}, extra {extra})"
        )
    obj = cls.__new__(cls)
    for name, v in fields.items():
        if name in names:
            object.__setattr__(obj, name, decode(v, arrays))
    for name, f in later.items():
        value = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[operator]
        object.__setattr__(obj, name, value)
    return obj


# --------------------------------------------------------------------------- archive


def pack(tree: Any, *, compresslevel: int = 1) -> bytes:
    """The tree as zip bytes: ``tree.json`` plus one ``.npy`` member per array (no pickle)."""
    arrays: list[np.ndarray[Any, Any]] = []
    doc = encode(tree, arrays)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        info = zipfile.ZipInfo(TREE, date_time=_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
        z.writestr(info, text.encode("utf-8"), compresslevel=compresslevel)
        for i, a in enumerate(arrays):
            npy = io.BytesIO()
            # not np.ascontiguousarray: it turns a 0-d array into a 1-d one
            c = a if a.flags.c_contiguous else a.copy(order="C")
            np.lib.format.write_array(npy, c, allow_pickle=False)
            member = zipfile.ZipInfo(f"a{i}.npy", date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(member, npy.getvalue(), compresslevel=compresslevel)
    return buf.getvalue()


def unpack_raw(data: bytes) -> tuple[Any, list[np.ndarray[Any, Any]]]:
    """The tagged JSON document and the arrays of a snapshot, not yet rebuilt into objects.

    Save migrations work on this level, where a renamed field is still just a key.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            doc = json.loads(z.read(TREE).decode("utf-8"))
            names = set(z.namelist())
            arrays: list[np.ndarray[Any, Any]] = []
            while f"a{len(arrays)}.npy" in names:
                with z.open(f"a{len(arrays)}.npy") as f:
                    arrays.append(np.lib.format.read_array(f, allow_pickle=False))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise SnapshotError(f"damaged state ({type(exc).__name__}: {exc})") from exc
    return doc, arrays


def rebuild(doc: Any, arrays: list[np.ndarray[Any, Any]]) -> Any:
    """``decode`` with every unexpected failure turned into ``SnapshotError``."""
    try:
        return decode(doc, arrays)
    except SnapshotError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as exc:
        raise SnapshotError(f"damaged state ({type(exc).__name__}: {exc})") from exc


def unpack(data: bytes) -> Any:
    """Rebuild the tree ``pack`` wrote; ``SnapshotError`` for anything damaged or foreign."""
    return rebuild(*unpack_raw(data))


# --------------------------------------------------------------------------- sessions


class SessionStateError(ValueError):
    """A saved session state this build cannot turn back into a game."""


def session_state(session: Any) -> dict[str, Any]:
    """The plain-data state of a turn ``Session`` (``Session.to_state``), ready to ``pack``."""
    state: dict[str, Any] = session.to_state()
    return state


def restore_session(mission: Any, state: Any) -> Any:
    """A ``Session`` rebuilt from ``session_state`` output and its mission."""
    from game.engine.session import Session

    if not isinstance(state, dict) or "world" not in state or "rules" not in state:
        raise SessionStateError("the save holds no game state (world and rules missing)")
    try:
        return Session.from_state(mission, state)
    except (KeyError, TypeError, ValueError) as exc:
        why = f"{type(exc).__name__}: {exc}"
        raise SessionStateError(f"the game state is incomplete ({why})") from exc
