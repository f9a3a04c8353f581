"""World: the whole state of a running mission as plain data (numpy layers + small records).

A ``World`` is built once from a validated ``Mission`` and a seed (``game.sim.setup.new_world``:
the mission's layers, then the first refresh of the derived fields), then advanced one day at
a time by ``game.sim.dynamics.step``, which mutates it in place for speed. ``World.copy``
makes an independent deep copy for branching (counterfactual runs, what-ifs).

Layers (C communities, F factions, P = F + 1 perpetrators: the factions then the mission):

- ``terrain`` (H, W) structured: move_cost f4, cover f4, road u1, water u1, urban u1.
- ``civilians`` (C, H, W) int32: people at home. ``displaced`` (C, H, W) int32: people who
  fled, where they are now. ``sheltered`` (C, H, W) int32: people inside POC sites.
  ``deaths_map`` (C, H, W) int32: where people died. ``deaths`` (C, P) int64: by perpetrator.
  Conservation (exact, per community): civilians + displaced + sheltered + deaths_map
  == initial_totals, and deaths.sum(axis=1) == deaths_map.sum.
- ``armed`` (F, H, W) float32: fighters per cell. Attacking groups (``attacks``) are held
  apart from ``armed`` while the attack lasts and return to it at the target afterwards.
- Derived float32 fields, recomputed each day: ``threat`` (C, H, W) per-person daily
  hazard of being killed; ``protection`` (H, W) 0..1; ``warning`` (H, W) 0..1 early-warning
  coverage; ``access`` (H, W) 0..1 where consent lets the mission go.

No pygame, yaml, file I/O or callables here.

Writes are counted, so that caches invalidate themselves. Assigning a field bumps its
version; the layers in ``EDITED`` (terrain and the derived fields) are read-only arrays,
written in place only inside ``with w.edit(name) as layer:``, which bumps the version on
exit. A forgotten ``edit`` therefore raises instead of leaving a stale cache. A phase
module keeps what it derives in its own cache record, ``w.cache(Kind, *layers)``: the
record is made afresh whenever one of those layers has been written since. Versions and
caches are not state: a copy starts without them, the state hash and the saves skip
them, and without any cache a day computes the same bytes.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_args

import numpy as np
import numpy.typing as npt

from game.mission.coefficients import Dynamics
from game.mission.schema import FactionKind, Mission, Posture, UnitType
from game.sim.fields import OpGrid, op_grid
from game.sim.numerics import Numerics

UNIT_TYPES: tuple[str, ...] = get_args(UnitType)
"""Unit type codes: index into this tuple."""
POSTURES: tuple[str, ...] = get_args(Posture)
"""Posture codes: index into this tuple."""
FACTION_KINDS: tuple[str, ...] = get_args(FactionKind)
"""Faction kind codes: index into this tuple."""
GOVERNMENT = FACTION_KINDS.index("government")
MISSION = "mission"
"""Perpetrator id of civilian harm caused by the mission itself (index F in ``deaths``)."""


@dataclass
class UnitState:
    """A peacekeeping unit on the map."""

    id: str
    type: int
    strength: int
    x: int
    y: int
    posture: int
    readiness: float
    country: str
    dest_x: int
    dest_y: int
    withdrawn: bool = False
    engaged: int = -1
    """Faction index this unit engages today (-1: none); reset every day."""
    rung: int = -1
    """Rung index (schema.RUNGS) of today's engagement (-1: none)."""
    killed: int = 0
    """Peacekeepers of this unit killed so far."""

    @property
    def alive(self) -> bool:
        """Deployed and with personnel."""
        return self.strength > 0 and not self.withdrawn


@dataclass
class AttackGroup:
    """Fighters committed to an attack on a place: they form, then strike for some days."""

    faction: int
    x: int
    y: int
    strength: float
    forming: int
    """Days left before it strikes (the early-warning lead)."""
    days: int
    """Days it strikes once formed."""
    detected: bool
    """Whether the mission's early warning picked it up while it formed."""


@dataclass
class AlertNet:
    """A community alert network: raises early-warning coverage in a disc."""

    x: int
    y: int
    radius: int


@dataclass
class ConsentZoneState:
    """An area the mission may enter only with one faction's consent."""

    x: int
    y: int
    radius: int
    faction: int
    min_consent: float


TINY = 1e-9
"""Shares (consent, intent, legitimacy...) below this are 0: keeps products from underflowing."""


def snap(x: float) -> float:
    """A share with values below ``TINY`` set to exactly 0."""
    return 0.0 if abs(x) < TINY else float(x)


def _f64(values: list[float]) -> npt.NDArray[np.float64]:
    return np.array([snap(v) for v in values], dtype=np.float64)


EDITED: frozenset[str] = frozenset({"terrain", "threat", "protection", "warning", "access"})
"""Layers kept read-only and written in place only inside ``World.edit`` (which counts the
write): the terrain, and the derived fields the phase modules cache things about."""
FORMER_CACHES: frozenset[str] = frozenset({"scratch"})
"""Fields older builds kept for caches (saved as None): a save holding them loads without."""

C = TypeVar("C")


class _Ledger:
    """A world's write counts and caches (not state: a copy starts a new one)."""

    __slots__ = ("caches", "open", "versions")

    def __init__(self) -> None:
        self.versions: dict[str, int] = {}
        """Writes of each field so far (assignments, and edits of the ``EDITED`` layers)."""
        self.caches: dict[type, tuple[tuple[object, ...], Any]] = {}
        """Per cache kind: the versions of the layers it was made for, and the record."""
        self.open: dict[str, int] = {}
        """Edits in progress per layer (nested edits keep the layer writeable)."""


@dataclass(eq=False)
class World:
    """The state of one run. Built by ``setup.new_world``; advanced by ``dynamics.step``."""

    turn: int
    cell_km: float
    grid: OpGrid
    dyn: Dynamics
    community_ids: tuple[str, ...]
    faction_ids: tuple[str, ...]
    terrain: npt.NDArray[np.void]
    civilians: npt.NDArray[np.int32]
    displaced: npt.NDArray[np.int32]
    sheltered: npt.NDArray[np.int32]
    deaths_map: npt.NDArray[np.int32]
    deaths: npt.NDArray[np.int64]
    armed: npt.NDArray[np.float32]
    threat: npt.NDArray[np.float32]
    protection: npt.NDArray[np.float32]
    warning: npt.NDArray[np.float32]
    access: npt.NDArray[np.float32]
    poc_capacity: npt.NDArray[np.int32]
    faction_kind: npt.NDArray[np.int8]
    consent: npt.NDArray[np.float64]
    supply: npt.NDArray[np.float64]
    cohesion: npt.NDArray[np.float64]
    intent: npt.NDArray[np.float64]
    """(F, C) hostility of each faction toward each community."""
    recruits_from: npt.NDArray[np.bool_]
    """(F, C) which communities each faction recruits from."""
    signatory: npt.NDArray[np.bool_]
    legitimacy: npt.NDArray[np.float64]
    hardship: npt.NDArray[np.float64]
    initial_totals: npt.NDArray[np.int64]
    credibility: float
    units: list[UnitState]
    attacks: list[AttackGroup]
    alert_networks: list[AlertNet]
    consent_zones: list[ConsentZoneState]
    poc_sites: list[tuple[int, int]]
    """POC site cells (x, y), in order of creation."""
    recruited: npt.NDArray[np.int64]
    """(F,) fighters recruited so far."""
    disarmed: npt.NDArray[np.int64]
    """(F,) fighters disarmed (DDR) so far."""
    rng: np.random.Generator
    numerics: Numerics = field(default_factory=Numerics)
    """How finely the simulation computes (speed settings, not the mission's: see there)."""

    def __post_init__(self) -> None:
        """Seal the edited layers (read-only until ``edit``)."""
        self._ledger()

    def __setattr__(self, name: str, value: object) -> None:
        """Set a field and count the write (a new ``EDITED`` layer is sealed too)."""
        object.__setattr__(self, name, value)
        book: _Ledger | None = self.__dict__.get("_book")
        if book is not None:
            book.versions[name] = book.versions.get(name, 0) + 1
            if name in EDITED and isinstance(value, np.ndarray) and not book.open.get(name):
                value.flags.writeable = False

    def _ledger(self) -> _Ledger:
        """The write counts and caches, made (and the edited layers sealed) on first use:
        a world rebuilt field by field (a loaded save) gets them on its first day."""
        book: _Ledger | None = self.__dict__.get("_book")
        if book is None:
            book = self.__dict__["_book"] = _Ledger()
            for name in EDITED:
                getattr(self, name).flags.writeable = False
        return book

    def version(self, name: str) -> int:
        """How many times field ``name`` was written (assigned, or edited in place)."""
        return self._ledger().versions.get(name, 0)

    @contextmanager
    def edit(self, name: str) -> Iterator[npt.NDArray[Any]]:
        """``with w.edit("threat") as threat:``: the layer, writeable inside the block; the
        write is counted on leaving it, so caches about the layer are remade."""
        if name not in EDITED:
            raise KeyError(f"{name!r} is not an edited layer (one of {sorted(EDITED)})")
        book = self._ledger()
        layer: npt.NDArray[Any] = getattr(self, name)
        depth = book.open.get(name, 0)
        book.open[name] = depth + 1
        layer.flags.writeable = True
        try:
            yield layer
        finally:
            book.open[name] = depth
            book.versions[name] = book.versions.get(name, 0) + 1
            if depth == 0:
                layer.flags.writeable = False

    def cache(self, kind: type[C], *layers: str, make: Callable[[World], C] | None = None) -> C:
        """The world's record of type ``kind`` (one per kind), valid while none of
        ``layers`` has been written since it was made; else a new one, ``make(world)`` or
        ``kind()``. Each phase module keeps its own kinds private: what it derives from the
        layers, buffers it reuses, and where it last wrote a layer."""
        book = self._ledger()
        versions = book.versions
        key = (layers, *(versions.get(n, 0) for n in layers))
        hit = book.caches.get(kind)
        if hit is not None and hit[0] == key:
            record: C = hit[1]
            return record
        record = make(self) if make is not None else kind()
        book.caches[kind] = (key, record)
        return record

    # ----------------------------------------------------------------- shape helpers
    @property
    def shape(self) -> tuple[int, int]:
        """(H, W) of the map."""
        h, w = self.terrain.shape
        return int(h), int(w)

    @property
    def n_communities(self) -> int:
        """C."""
        return len(self.community_ids)

    @property
    def n_factions(self) -> int:
        """F (the mission is perpetrator index F)."""
        return len(self.faction_ids)

    def cells(self, km: float) -> float:
        """A distance in km as cells of this map."""
        return km / self.cell_km

    def unit(self, uid: str) -> UnitState:
        """The unit with id ``uid`` (KeyError if none)."""
        for u in self.units:
            if u.id == uid:
                return u
        raise KeyError(uid)

    def faction_strength(self) -> npt.NDArray[np.float64]:
        """(F,) fighters per faction, attacking groups included."""
        s: npt.NDArray[np.float64] = self.armed.sum(axis=(1, 2), dtype=np.float64)
        for a in self.attacks:
            s[a.faction] += a.strength
        return s

    # ----------------------------------------------------------------- building
    @classmethod
    def from_mission(
        cls,
        mission: Mission,
        seed: int | np.random.SeedSequence,
        *,
        terrain: npt.NDArray[np.void] | None = None,
        numerics: Numerics | None = None,
    ) -> World:
        """The turn-0 world of ``mission`` with the game's random stream from ``seed``, as
        the mission file states it: plain construction, the derived fields (access,
        protection, warning) not yet computed. ``game.sim.setup.new_world`` builds a world
        ready to play.

        ``terrain`` may be given when the map comes from a layer file (``map.layers``), which
        the caller reads with ``game.mission.maps.load_layers``; the simulation reads no files.
        """
        from game.mission import maps

        ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        rng = np.random.Generator(np.random.PCG64(ss))
        spec = mission.map
        h, w = spec.height, spec.width
        if terrain is None:
            terrain = maps.build_terrain(spec)
        if terrain.shape != (h, w) or terrain.dtype != maps.TERRAIN_DTYPE:
            raise ValueError(f"terrain must be {maps.TERRAIN_DTYPE} of shape {(h, w)}")
        civilians = maps.build_population(mission, terrain)
        cids = tuple(mission.community_ids)
        fids = tuple(mission.faction_ids)
        nc, nf = len(cids), len(fids)

        armed = np.zeros((nf, h, w), dtype=np.float32)
        water = terrain["water"] != 0
        for i, f in enumerate(mission.factions):
            for d in f.deployments:
                x, y = mission.locate(d.at)
                ys, xs, m = maps.disc_mask(h, w, x, y, d.radius)
                dry = m & ~water[ys, xs]
                if not dry.any():
                    dry = m
                armed[i, ys, xs][dry] += np.float32(d.strength / int(dry.sum()))

        poc = np.zeros((h, w), dtype=np.int32)
        sites: list[tuple[int, int]] = []
        for t in spec.towns:
            if t.poc_site > 0:
                poc[t.at[1], t.at[0]] += t.poc_site
                if (t.at[0], t.at[1]) not in sites:
                    sites.append((t.at[0], t.at[1]))

        units = [
            _unit_state(
                u.id, u.type, u.strength, mission.locate(u.at), u.posture, u.readiness, u.country
            )
            for u in mission.forces.units
        ]
        zones = [
            ConsentZoneState(*mission.locate(z.at), z.radius, fids.index(z.faction), z.min_consent)
            for z in mission.roe.consent_zones
        ]
        intent = np.zeros((nf, nc), dtype=np.float64)
        recruits = np.zeros((nf, nc), dtype=bool)
        for i, f in enumerate(mission.factions):
            for cid, v in f.intent.items():
                intent[i, cids.index(cid)] = snap(v)
            for cid in f.recruits_from:
                recruits[i, cids.index(cid)] = True

        return cls(
            turn=0,
            cell_km=spec.cell_km,
            grid=op_grid(
                h, w, mission.dynamics.operational_cells, mission.dynamics.operational_min_block
            ),
            dyn=mission.dynamics,
            community_ids=cids,
            faction_ids=fids,
            terrain=terrain,
            civilians=civilians,
            displaced=np.zeros_like(civilians),
            sheltered=np.zeros_like(civilians),
            deaths_map=np.zeros_like(civilians),
            deaths=np.zeros((nc, nf + 1), dtype=np.int64),
            armed=armed,
            threat=np.zeros((nc, h, w), dtype=np.float32),
            protection=np.zeros((h, w), dtype=np.float32),
            warning=np.zeros((h, w), dtype=np.float32),
            access=np.ones((h, w), dtype=np.float32),
            poc_capacity=poc,
            faction_kind=np.array(
                [FACTION_KINDS.index(f.kind) for f in mission.factions], dtype=np.int8
            ),
            consent=_f64([f.consent for f in mission.factions]),
            supply=_f64([f.supply for f in mission.factions]),
            cohesion=_f64([f.cohesion for f in mission.factions]),
            intent=intent,
            recruits_from=recruits,
            signatory=np.array([f.signatory for f in mission.factions], dtype=bool),
            legitimacy=_f64([c.legitimacy for c in mission.communities]),
            hardship=_f64([c.hardship for c in mission.communities]),
            initial_totals=civilians.sum(axis=(1, 2), dtype=np.int64),
            credibility=float(mission.dynamics.initial_credibility),
            units=units,
            attacks=[],
            alert_networks=[],
            consent_zones=zones,
            poc_sites=sites,
            recruited=np.zeros(nf, dtype=np.int64),
            disarmed=np.zeros(nf, dtype=np.int64),
            rng=rng,
            numerics=numerics if numerics is not None else Numerics(),
        )

    # ----------------------------------------------------------------- copying
    def copy(self) -> World:
        """An independent deep copy (arrays, units, random state), without the caches."""
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = self.rng.bit_generator.state
        kw: dict[str, object] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name == "rng":
                kw[f.name] = rng
            elif isinstance(v, np.ndarray):
                kw[f.name] = v.copy()
            elif isinstance(v, list):
                kw[f.name] = [copy.copy(x) for x in v]
            else:
                kw[f.name] = v
        return World(**kw)  # type: ignore[arg-type]


def _unit_state(
    uid: str,
    type_name: str,
    strength: int,
    at: tuple[int, int],
    posture: str,
    readiness: float,
    country: str,
) -> UnitState:
    """A fresh unit record from its mission-file description."""
    return UnitState(
        id=uid,
        type=UNIT_TYPES.index(type_name),
        strength=strength,
        x=at[0],
        y=at[1],
        posture=POSTURES.index(posture),
        readiness=snap(readiness),
        country=country,
        dest_x=at[0],
        dest_y=at[1],
    )


new_unit = _unit_state
"""Public alias used by directives (AddUnit)."""
