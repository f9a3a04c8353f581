"""State hashes: one blake2b digest of the whole world, and one per layer.

Replays store the state hash of every turn; on a mismatch ``layer_hashes`` names the first
layer that differs. Every array is hashed with its dtype and shape; units, attacks,
networks, zones and sites field by field; scalars through ``repr``; the random generator
through its bit-generator state. The scratch cache is not state and is not hashed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import numpy as np

from game.sim.world import World

SKIP = frozenset({"scratch"})


def _digest(parts: list[bytes]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def _bytes(value: object) -> list[bytes]:
    if isinstance(value, np.ndarray):
        a = np.ascontiguousarray(value)
        return [str(a.dtype.descr).encode(), repr(a.shape).encode(), a.tobytes()]
    if isinstance(value, np.random.Generator):
        return [json.dumps(value.bit_generator.state, sort_keys=True, default=str).encode()]
    if isinstance(value, list):
        out: list[bytes] = []
        for item in value:
            out.extend(_bytes(item))
        return out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [repr(dataclasses.astuple(value)).encode()]
    if hasattr(value, "model_dump_json"):
        return [value.model_dump_json().encode()]
    return [repr(value).encode()]


def layer_hashes(w: World) -> dict[str, str]:
    """A digest per field of the world, in field order (the first mismatch names the layer)."""
    return {
        f.name: _digest(_bytes(getattr(w, f.name)))
        for f in dataclasses.fields(w)
        if f.name not in SKIP
    }


def state_hash(w: World) -> str:
    """One digest of the whole state (every layer, units, scalars, RNG state, turn)."""
    parts = [f"{k}={v}".encode() for k, v in layer_hashes(w).items()]
    return _digest(parts)
