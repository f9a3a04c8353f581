"""State hashes: one blake2b digest of the whole world, and one per layer.

Replays store the state hash of every turn; on a mismatch ``layer_hashes`` names the first
layer that differs. Every array is hashed with its dtype and shape; units, attacks,
networks, zones and sites field by field; scalars through ``repr``; the random generator
through its bit-generator state. The world's write counts and caches are not state and
are not hashed.

Cost: blake2b runs at a few hundred MB/s, so hashing every layer of a 256 x 256 world
every turn costs milliseconds. Two caches, kept in the world's cache of this module (so a
copy, which starts without caches, starts afresh), avoid re-hashing what did not change:

- ``STATIC`` fields (the terrain, the coefficients, the grid...) do not change during a
  run: their digest is kept with the field's write count (``World.version``) and reused
  while it is the same (the terrain is written only through ``World.edit``, which counts).
- ``SLOW`` layers change only on some turns (the mission's fields when units move, POC
  capacity and shelters on directives): their digest is kept with a copy of their bytes
  and reused when a byte comparison (tens of times faster than blake2b) finds them equal.

Cached or not, the digests are the same bytes in the same order: the values never change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from game.sim.world import World

STATIC = frozenset(
    {"cell_km", "grid", "dyn", "community_ids", "faction_ids", "terrain", "numerics"}
)
"""Fields set when the world is built and seldom if ever written (reused while unwritten)."""
SLOW = frozenset({"protection", "warning", "access", "poc_capacity", "sheltered"})
"""Layers that stay byte-identical on most turns (reused after a byte comparison)."""
_PRIMITIVE = (int, float, str, bool, type(None))


def _digest(parts: list[bytes | npt.NDArray[np.generic]]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        # arrays through the buffer protocol (``.data``): hashed in place, no copy to bytes
        buf = memoryview(p) if isinstance(p, bytes) else p.data
        h.update(buf.nbytes.to_bytes(8, "little"))
        h.update(buf)
    return h.hexdigest()


def _record(value: object) -> bytes:
    """``repr(dataclasses.astuple(value))`` of a flat record, without astuple's deep copy
    when every field is a plain scalar (their deep copies are themselves: same repr)."""
    items = tuple(getattr(value, f.name) for f in dataclasses.fields(value))  # type: ignore[arg-type]
    if all(type(v) in _PRIMITIVE for v in items):
        return repr(items).encode()
    return repr(dataclasses.astuple(value)).encode()  # type: ignore[call-overload]


def _bytes(value: object) -> list[bytes | npt.NDArray[np.generic]]:
    if isinstance(value, np.ndarray):
        a = np.ascontiguousarray(value)
        return [str(a.dtype.descr).encode(), repr(a.shape).encode(), a]
    if isinstance(value, np.random.Generator):
        return [json.dumps(value.bit_generator.state, sort_keys=True, default=str).encode()]
    if isinstance(value, list):
        out: list[bytes | npt.NDArray[np.generic]] = []
        for item in value:
            out.extend(_bytes(item))
        return out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_record(value)]
    if hasattr(value, "model_dump_json"):
        return [value.model_dump_json().encode()]
    return [repr(value).encode()]


def _raw(a: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
    """The bytes of a contiguous array as a flat integer array (compared bit for bit: a
    value comparison would call -0.0 equal to 0.0 and NaN unequal to itself)."""
    flat = a.reshape(-1).view(np.uint8)
    return flat.view(np.uint64) if flat.size % 8 == 0 else flat


@dataclass
class _Digests:
    """Per field: what its digest was computed from (a write count for ``STATIC``, a copy
    of the bytes for ``SLOW``) and the digest."""

    kept: dict[str, tuple[object, str]] = field(default_factory=dict)


def _layer_digest(w: World, name: str, value: object, cache: dict[str, tuple[object, str]]) -> str:
    """The digest of one field, from the cache when it provably did not change."""
    hit = cache.get(name)
    if name in STATIC:
        version = w.version(name)
        if hit is not None and hit[0] == version:
            return hit[1]
        d = _digest(_bytes(value))
        cache[name] = (version, d)
        return d
    if name in SLOW and isinstance(value, np.ndarray):
        a = np.ascontiguousarray(value)
        if hit is not None:
            old = hit[0]
            assert isinstance(old, np.ndarray)
            if old.dtype == a.dtype and old.shape == a.shape and np.array_equal(_raw(old), _raw(a)):
                return hit[1]
        d = _digest(_bytes(a))
        cache[name] = (a.copy(), d)
        return d
    return _digest(_bytes(value))


def layer_hashes(w: World) -> dict[str, str]:
    """A digest per field of the world, in field order (the first mismatch names the layer)."""
    cache = w.cache(_Digests).kept
    return {
        f.name: _layer_digest(w, f.name, getattr(w, f.name), cache) for f in dataclasses.fields(w)
    }


def state_hash(w: World) -> str:
    """One digest of the whole state (every layer, units, scalars, RNG state, turn)."""
    parts: list[bytes | npt.NDArray[np.generic]] = [
        f"{k}={v}".encode() for k, v in layer_hashes(w).items()
    ]
    return _digest(parts)
