"""World: the whole state of a running mission as plain data (numpy layers + small records).

A ``World`` is built once from a validated ``Mission`` and a seed, then advanced one day at
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

No pygame, yaml, file I/O or callables here. ``scratch`` holds static derived arrays and
where the derived fields were last nonzero, so a day clears only those boxes, plus caches
that only save work (the protection block means, recent boxes, layer digests); it is
rebuilt on copy, excluded from the state hash and from equality (without it a day clears
everything and recomputes everything, which gives the same bytes).
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import get_args

import numpy as np
import numpy.typing as npt

from game.mission.coefficients import Dynamics
from game.mission.schema import FactionKind, Mission, Posture, UnitType
from game.sim.fields import Box, OpGrid, block_sum, op_grid, upsample
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


@dataclass
class Scratch:
    """Static derived arrays and per-day buffers. Not state: rebuilt on copy, never hashed."""

    exposure: npt.NDArray[np.float32]
    """1 - cover_hides * cover: share of the hazard civilians on this cell cannot hide from."""
    habitat: npt.NDArray[np.float32]
    """Where fighters stand inside a block when new ones arrive: weights summing to 1."""
    exposure_c: npt.NDArray[np.float64]
    """Block mean of ``exposure``."""
    mobility_c: npt.NDArray[np.float64]
    """Per block: 1 / mean move cost (clipped to 1), how easily fighters move through."""
    land_c: npt.NDArray[np.float64]
    """Per block: share of dry cells."""
    cells_c: npt.NDArray[np.float64]
    """Per block: fine cells."""
    reach: npt.NDArray[np.float64]
    """(unit type, posture) radius of a unit's protective presence, in cells."""
    wet_flat: npt.NDArray[np.bool_]
    """(H * W,) water cells, flat (gathered by flat index: cheaper than the terrain field)."""
    threat_boxes: list[list[Box]] | None = None
    """Per community, where ``threat`` may be nonzero (None: unknown, clear everything)."""
    protection_boxes: list[Box] | None = None
    """Where ``protection`` may be nonzero (None: unknown, clear everything)."""
    warning_boxes: list[Box] | None = None
    """Where ``warning`` may be nonzero (None: unknown, clear everything)."""
    access_inputs: tuple[object, ...] | None = None
    """Everything ``access`` was last computed from (unchanged: skip recomputing)."""
    protection_made: object | None = None
    """What ``protection`` was last computed from, with each unit's stamp (a record private
    to ``protection``; None: unknown, recompute everything)."""
    warning_inputs: tuple[object, ...] | None = None
    """Everything ``warning`` was last computed from (unchanged: skip recomputing)."""
    protection_c: npt.NDArray[np.float64] | None = None
    """Block mean of ``protection`` (None: recompute; reset whenever protection changes)."""
    armed_sums: npt.NDArray[np.float64] | None = None
    """``block_sum(armed)`` as left by ``factions.write_back`` (None: unknown, sum the layer);
    valid while ``armed_sums_of`` is the world's ``armed`` and no one else wrote it (the
    writers in ``factions`` and ``command`` call ``factions.armed_changed``)."""
    armed_sums_of: npt.NDArray[np.float32] | None = None
    """The ``armed`` array ``armed_sums`` was computed for."""
    hazard_buf: npt.NDArray[np.float64] | None = None
    """(F, C, hc, wc) buffer of the day's hazard (``threat.hazard``), reused day to day."""
    hazard_written: list[tuple[int, int]] = field(default_factory=list)
    """The (faction, community) planes of ``hazard_buf`` written last (all others are +0)."""
    box_cache: dict[bytes, list[Box]] = field(default_factory=dict)
    """Boxes of recent masks (see ``fields.cached_boxes``)."""
    scan_cache: dict[bytes, list[Box]] = field(default_factory=dict)
    """Boxes of recent masks of where displaced people may be (``displacement.flow``)."""
    digests: dict[str, tuple[object, str]] = field(default_factory=dict)
    """Layer digests kept by ``hashing`` with what they were computed from (see there)."""


def build_scratch(w: World) -> Scratch:
    """Compute the static derived arrays of a world (cheap; run on build and on copy)."""
    g = w.grid
    cover = w.terrain["cover"]
    expo = (np.float32(1.0) - np.float32(w.dyn.violence.cover_hides) * cover).astype(np.float32)
    dry = (w.terrain["water"] == 0).astype(np.float32)
    hab = dry * (np.float32(0.5) + cover)
    hab_sum = block_sum(hab, g)
    cells = g.cells()
    uniform = np.where(hab_sum > 0, 0.0, 1.0 / cells)
    inv = np.where(hab_sum > 0, 1.0 / np.where(hab_sum > 0, hab_sum, 1.0), 0.0)
    habitat = hab * upsample(inv, g) + upsample(uniform, g)
    cost_c = block_sum(w.terrain["move_cost"], g) / cells
    p = w.dyn.protection
    return Scratch(
        exposure=expo,
        habitat=habitat.astype(np.float32),
        exposure_c=block_sum(expo, g) / cells,
        mobility_c=np.minimum(1.0, 1.0 / np.maximum(cost_c, 1e-6)),
        land_c=block_sum(dry, g) / cells,
        cells_c=cells,
        wet_flat=(w.terrain["water"] != 0).reshape(-1),
        reach=np.array(
            [
                [
                    getattr(p.unit_types, t).reach_km * getattr(p.postures, q).reach / w.cell_km
                    for q in POSTURES
                ]
                for t in UNIT_TYPES
            ]
        ),
    )


TINY = 1e-9
"""Shares (consent, intent, legitimacy...) below this are 0: keeps products from underflowing."""


def snap(x: float) -> float:
    """A share with values below ``TINY`` set to exactly 0."""
    return 0.0 if abs(x) < TINY else float(x)


def _f64(values: list[float]) -> npt.NDArray[np.float64]:
    return np.array([snap(v) for v in values], dtype=np.float64)


@dataclass(eq=False)
class World:
    """The state of one run. Built by ``World.from_mission``; advanced by ``dynamics.step``."""

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
    scratch: Scratch | None = field(default=None, repr=False)

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

    def static(self) -> Scratch:
        """The scratch of static derived arrays, built on first use."""
        if self.scratch is None:
            self.scratch = build_scratch(self)
        return self.scratch

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
    ) -> World:
        """Build the turn-0 world of ``mission`` with the game's random stream from ``seed``.

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

        world = cls(
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
        )
        from game.sim.protection import refresh_fields

        refresh_fields(world)
        return world

    # ----------------------------------------------------------------- copying
    def copy(self) -> World:
        """An independent deep copy (arrays, units, random state); scratch is rebuilt."""
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = self.rng.bit_generator.state
        kw: dict[str, object] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name == "scratch":
                kw[f.name] = None
            elif f.name == "rng":
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
