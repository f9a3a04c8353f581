"""Armed factions on the operational grid: clashes, movement toward targets, attacks.

- Hostility between factions (an assumption, documented): host-government forces fight
  rebels and spoilers; and any faction fights one that recruits from a community it is
  hostile to (intent >= 0.2). Militias are not the government's enemies by default.
- Clashes: Lanchester square law per block, ``loss_f = clash_rate * sum_g eff_g * A_g *
  min(1, A_f / contact)``, with eff = (0.5 + cohesion/2) * capability; at most all of A_f.
- Movement: a share ``mobility`` of each block's fighters (less on costly terrain) climbs
  the attraction (sum_c intent * exposed civilians in strike reach, times (1 - avoidance *
  protection) and dry land) one block at a time, up to ``move_radius_km`` a day: groups
  converge on targets and avoid protected places; counts are conserved.
- Write-back: inside each block fighters stand on the static ``habitat`` pattern (dry
  land, more in cover).
- Attacks: an ``AttackOrder`` draws fighters from the faction (as far as it has them; the
  rest are mobilised for it), forms for the warning lead, strikes for its days, then its
  survivors return to ``armed`` around the target.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.sim.fields import (
    OpGrid,
    block_sum,
    box_sum,
    disc,
    upsample,
    upsample_mul_sparse,
    window,
)
from game.sim.picture import Picture
from game.sim.report import Clash, DayReport
from game.sim.world import FACTION_KINDS, GOVERNMENT, AttackGroup, World


@dataclass
class Ground:
    """How the terrain holds fighters (computed once per terrain, read-only)."""

    habitat: npt.NDArray[np.float32]
    """Where fighters stand inside a block when new ones arrive: weights summing to 1."""
    mobility_c: npt.NDArray[np.float64]
    """Per block: 1 / mean move cost (clipped to 1), how easily fighters move through."""
    land_c: npt.NDArray[np.float64]
    """Per block: share of dry cells."""


def _ground(w: World) -> Ground:
    g = w.grid
    cover = w.terrain["cover"]
    dry = (w.terrain["water"] == 0).astype(np.float32)
    hab = dry * (np.float32(0.5) + cover)
    hab_sum = block_sum(hab, g)
    cells = g.cells()
    uniform = np.where(hab_sum > 0, 0.0, 1.0 / cells)
    inv = np.where(hab_sum > 0, 1.0 / np.where(hab_sum > 0, hab_sum, 1.0), 0.0)
    habitat = (hab * upsample(inv, g) + upsample(uniform, g)).astype(np.float32)
    cost_c = block_sum(w.terrain["move_cost"], g) / cells
    out = Ground(
        habitat=habitat,
        mobility_c=np.minimum(1.0, 1.0 / np.maximum(cost_c, 1e-6)),
        land_c=block_sum(dry, g) / cells,
    )
    for a in (out.habitat, out.mobility_c, out.land_c):
        a.flags.writeable = False
    return out


def ground(w: World) -> Ground:
    """The world's ``Ground`` (remade when the terrain is written)."""
    return w.cache(Ground, "terrain", make=_ground)


REBEL = FACTION_KINDS.index("rebel")
SPOILER = FACTION_KINDS.index("spoiler")
HOSTILE_INTENT = 0.2
NEGLIGIBLE_INTENT = 1e-9
"""Intent below this draws no one anywhere (keeps tiny products from underflowing)."""


def hostility_matrix(w: World) -> npt.NDArray[np.bool_]:
    """(F, F) which factions fight which (symmetric, no self-hostility)."""
    nf = w.n_factions
    enemies = _enemies(w)
    hostile = np.zeros((nf, nf), dtype=bool)
    for f, es in enumerate(enemies):
        hostile[f, es] = True
    return hostile


def _enemies(w: World) -> list[list[int]]:
    """Each faction's enemies (``hostility_matrix``'s rows), in index order.

    Worked out on Python ints: the communities each faction is hostile to (intent >=
    ``HOSTILE_INTENT``) and those it recruits from as bit masks, so "hostile to a community
    g recruits from" is one ``&`` per pair; the same booleans as on the arrays, without
    numpy calls on (F, F) and (F, F, C) arrays.
    """
    nf = w.n_factions
    kind = w.faction_kind.tolist()
    gov = [k == GOVERNMENT for k in kind]
    insurgent = [k in (REBEL, SPOILER) for k in kind]
    hostile_to = [
        sum(1 << c for c, i in enumerate(row) if i >= HOSTILE_INTENT) for row in w.intent.tolist()
    ]
    recruits = [sum(1 << c for c, yes in enumerate(row) if yes) for row in w.recruits_from.tolist()]
    # f hostile to a community g recruits from; then made symmetric, as the pairs above
    one_way = [
        [(gov[f] and insurgent[g]) or bool(hostile_to[f] & recruits[g]) for g in range(nf)]
        for f in range(nf)
    ]
    return [
        [g for g in range(nf) if g != f and (one_way[f][g] or one_way[g][f])] for f in range(nf)
    ]


def capability(w: World) -> npt.NDArray[np.float64]:
    """(F,) fighting and killing capability from supply: (1 - sw) + sw * supply."""
    sw = w.dyn.violence.supply_weight
    out: npt.NDArray[np.float64] = (1.0 - sw) + sw * w.supply
    return out


def clashes(w: World, pic: Picture, rep: DayReport) -> None:
    """Faction-against-faction attrition in every block where hostile factions meet."""
    fc = w.dyn.factions
    enemies = _enemies(w)
    if not any(enemies):
        return
    a = pic.armed
    nf = w.n_factions
    eff: list[float] = ((0.5 + 0.5 * w.cohesion) * capability(w)).tolist()
    # the factions that lose fighters: those with enemies and fighters
    has = np.logical_or.reduce(a.reshape(nf, -1), axis=1).tolist()
    fighting = [f for f in range(nf) if enemies[f] and has[f]]
    if not fighting:
        return
    # The fire on every faction at once: fire[f] = 0.0 + sum over its enemies e, in index
    # order, of eff[e] * a[e]. One product per faction that is someone's enemy, weighted
    # for all factions by a column of (F, F): 0.0 where e is not f's enemy. Those terms add
    # a +-0.0, which leaves the running sum as it is: it starts as 0.0 + a term, so it is
    # never -0.0, and x + (+-0.0) is x for any other x. The same bits as the sum over the
    # enemies alone.
    shooters = [e for e in range(nf) if any(e in es for es in enemies)]
    weights = np.array([[eff[e] if e in es else 0.0 for es in enemies] for e in shooters])
    weights = weights[:, :, None, None]
    fire = np.multiply(weights[0], a[shooters[0]])
    np.add(fire, 0.0, out=fire)  # 0.0 + the first term, as from a zeroed sum
    for i in range(1, len(shooters)):
        fire += weights[i] * a[shooters[i]]
    # loss = min(a, clash_rate * fire * contact), contact = min(1, a / contact_strength),
    # element by element as per faction; it is applied to the fighting factions only
    contact = a / fc.contact_strength
    np.minimum(1.0, contact, out=contact)
    loss = fire
    loss *= fc.clash_rate
    loss *= contact
    np.minimum(a, loss, out=loss)
    if len(fighting) == nf:
        a -= loss
    else:
        for f in fighting:
            a[f] -= loss[f]
    # each plane's total: a row of the contiguous (F, hc * wc) losses is summed as the plane
    # alone (pairwise, in the same order)
    totals: list[float] = loss.reshape(nf, -1).sum(axis=1).tolist()
    g = w.grid
    for f in fighting:  # in faction order
        total = totals[f]
        if total <= 0:
            continue
        rep.clash_losses[f] += total
        if total >= 1.0:
            by, bx = divmod(int(loss[f].argmax()), g.wc)
            here = a[:, by, bx].tolist()
            # the first enemy holding the most fighters there (as ``argmax``)
            other = max(enemies[f], key=here.__getitem__)
            cell = (
                min(w.shape[1] - 1, bx * g.b + g.b // 2),
                min(w.shape[0] - 1, by * g.b + g.b // 2),
            )
            rep.incidents.append(Clash(cell, w.faction_ids[f], w.faction_ids[other], total))


_DY = np.array([0, -1, 1, 0, 0, -1, -1, 1, 1])
_DX = np.array([0, 0, 0, -1, 1, -1, 1, -1, 1])
"""Stay first (ties keep fighters where they are), then the 8 neighbouring blocks."""


@functools.lru_cache(maxsize=16)
def _padded_index(
    planes: int, hc: int, wc: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Index maps between a stack of ``planes`` (hc, wc) planes and the same planes inside
    a border of one block, (planes, hc + 2, wc + 2), both flattened: ``to_pad`` (the padded
    index of each block), ``from_pad`` (back; -1 on the border) and the flat offsets of
    (``_DY``, ``_DX``) on the padded planes. Cached, read-only: a walk starts and ends with
    one gather each instead of a dozen index operations."""
    n, wp = hc * wc, wc + 2
    flat = np.arange(planes * n)
    plane, rest = np.divmod(flat, n)
    y, x = np.divmod(rest, wc)
    to_pad = plane * ((hc + 2) * wp) + (y + 1) * wp + (x + 1)
    from_pad = np.full(planes * (hc + 2) * wp, -1, dtype=np.int64)
    from_pad[to_pad] = flat
    off = _DY * wp + _DX
    for arr in (to_pad, from_pad, off):
        arr.flags.writeable = False
    return to_pad, from_pad, off


def _climb(
    pad3: npt.NDArray[np.float64], pos: npt.NDArray[np.int64], steps: int
) -> npt.NDArray[np.int64]:
    """Flat block indices reached from ``pos`` by ``steps`` moves to the most attractive of
    the 8 neighbours and the block itself (gathered only where fighters are: sparse).

    ``pad3`` is (M, hc + 2, wc + 2), C-contiguous: one attraction plane per moving faction
    inside a border of -1 (never better than staying, so no walk leaves its plane), and
    ``pos`` indexes the flattened unpadded stack (plane * hc * wc + block), as does the
    result: every faction climbs its own plane, all in one walk over flat indices of the
    padded planes: a step is one gather, one argmax and one add (fighters sit on a few
    dozen blocks: per-call cost dominates).
    """
    planes, hp, wp = pad3.shape
    to_pad, from_pad, off = _padded_index(planes, hp - 2, wp - 2)
    pad = pad3.reshape(-1)
    p = to_pad[pos]
    for _ in range(steps):
        # the method, not ``np.argmax``: no Python-level wrapper, the same first maximum
        best = pad[p[:, None] + off].argmax(axis=1)
        p = p + off[best]
    out: npt.NDArray[np.int64] = from_pad[p]
    return out


def move(w: World, pic: Picture) -> None:
    """Redeploy fighters toward exposed civilians they are hostile to.

    Attraction of a block = sum_c intent * exposed civilians within strike reach, times
    (1 - avoidance * protection) and its share of dry land. Each day a share ``mobility`` of
    every block's fighters (less on costly terrain) climbs the attraction: it steps to the
    most attractive of the 8 neighbouring blocks (or stays if none is better), as many
    times as ``move_radius_km`` allows. Groups therefore converge on targets instead of
    diffusing; counts are conserved exactly (bincount of the moves), and trails thinner
    than ``prune_strength`` are folded back into the rest of the faction.

    A faction's move reads only its own fighters and the (fixed) attraction, so all the
    moving factions climb together (``_climb`` on stacked planes, one bincount), and every
    step of the day works on the stack of their planes at once, element by element as on
    each plane alone; each block's arrivals are still summed in the same order.
    """
    fc = w.dyn.factions
    st = ground(w)
    g = w.grid
    nf = w.n_factions
    steps = max(1, g.radius_blocks(w.cells(fc.move_radius_km)))
    n = g.hc * g.wc
    intent: list[list[float]] = w.intent.tolist()
    has = np.logical_or.reduce(pic.armed.reshape(nf, -1), axis=1).tolist()
    cand = [f for f in range(nf) if has[f] and any(i >= NEGLIGIBLE_INTENT for i in intent[f])]
    if not cand:
        return
    # The attraction planes, built in place inside their -1 border (``_climb``): no
    # stacking and no padded copy. Each is 0.0 plus, in community order, intent *
    # exposed_reach for the communities its intent reaches; here every community adds to
    # all the planes at once, with a weight of 0.0 where the faction's intent does not
    # reach it. Those terms are +-0.0 and leave the sum as it is (it starts at +0.0, so it
    # is never -0.0, and x + (+-0.0) is x for any other x): the same bits.
    pad3 = np.empty((len(cand), g.hc + 2, g.wc + 2))
    att = pad3[:, 1:-1, 1:-1]
    att.fill(0.0)
    for c in range(w.n_communities):
        weights = [intent[f][c] if intent[f][c] >= NEGLIGIBLE_INTENT else 0.0 for f in cand]
        if any(weights):
            att += np.array(weights)[:, None, None] * pic.exposed_reach[c]
    att *= (1.0 - fc.protection_avoidance * pic.protection) * st.land_c
    for edge in (pad3[:, 0, :], pad3[:, -1, :], pad3[:, :, 0], pad3[:, :, -1]):
        edge.fill(-1.0)
    attracted = np.logical_or.reduce(att, axis=(1, 2)).tolist()
    movers = [f for f, yes in zip(cand, attracted, strict=True) if yes]
    if not movers:
        return
    if len(movers) < len(cand):
        pad3 = pad3[[i for i, yes in enumerate(attracted) if yes]]
    m = len(movers)
    share = fc.mobility * st.mobility_c
    # the movers' planes, updated in place (a view of the picture when they are
    # consecutive, else a copy written back at the end)
    consecutive = movers[-1] - movers[0] == m - 1
    a = pic.armed[movers[0] : movers[-1] + 1] if consecutive else pic.armed[movers]
    moving = share * a
    flat_moving = moving.reshape(-1)
    pos = (flat_moving != 0).nonzero()[0]  # a boolean mask: nonzero's fast path
    dest = _climb(pad3, pos, steps)
    arrived = np.bincount(dest, weights=flat_moving[pos], minlength=m * n)
    # per plane: new = a - share * a + arrived, pruned, then rescaled to its old total
    # (a row of the contiguous (M, hc * wc) stack is summed as the plane alone: pairwise,
    # in the same order; and a * 1.0 is a, so a plane left empty is not rescaled)
    total = np.add.reduce(a.reshape(m, -1), axis=1).tolist()
    a -= moving
    a += arrived.reshape(a.shape)
    a[a < fc.prune_strength] = 0.0
    kept = np.add.reduce(a.reshape(m, -1), axis=1).tolist()
    a *= np.array([t / k if k > 0 else 1.0 for t, k in zip(total, kept, strict=True)])[
        :, None, None
    ]
    if not consecutive:
        pic.armed[movers] = a


def write_back(w: World, pic: Picture) -> None:
    """Carry the day's block totals back to the fine ``armed`` layer.

    Inside each block fighters stand on the static ``habitat`` pattern (dry land, more in
    cover): ``armed[f] = upsample(block totals) * habitat``. Factions whose totals did not
    change keep their layer untouched (e.g. their deployment discs before they first move).
    """
    g = w.grid
    hab = ground(w).habitat  # finite and >= 0: empty blocks need no product
    start, now = pic.armed_start, pic.armed
    # ``array_equal`` of each faction's totals, for all factions in one comparison (``==``:
    # -0.0 equals +0.0, as there)
    changed = np.logical_or.reduce((start != now).reshape(w.n_factions, -1), axis=1)
    if not any(changed.tolist()):
        return
    if g.h % g.b or g.w % g.b:
        # blocks cut by the map's edge: ``upsample_mul_sparse`` multiplies the whole map
        for f in np.flatnonzero(changed).tolist():
            # ``start[f]`` is the block sums of the layer as it is (untouched since dawn)
            upsample_mul_sparse(now[f], g, hab, w.armed[f], start[f])
    else:
        _write_planes(g, hab, now, start, w.armed, changed)


@functools.lru_cache(maxsize=16)
def _block_offsets(b: int, width: int) -> npt.NDArray[np.int64]:
    """Flat offsets (b * b,) of a block's cells from its top-left cell on a map ``width``
    cells wide, row-major; cached, read-only."""
    offs = (np.arange(b)[:, None] * width + np.arange(b)[None, :]).reshape(-1)
    offs.flags.writeable = False
    return offs


def _write_planes(
    g: OpGrid,
    hab: npt.NDArray[np.float32],
    now: npt.NDArray[np.float64],
    sums: npt.NDArray[np.float64],
    armed: npt.NDArray[np.float32],
    changed: npt.NDArray[np.bool_],
) -> None:
    """``armed[f] = upsample(now[f]) * hab`` for the ``changed`` factions, on nonzero blocks
    only (``fields.upsample_mul_sparse`` for all those factions in one pass); ``sums[f]``
    holds the block sums of ``armed[f]`` as it is, to find the blocks to clear.

    The stacks are taken as one tall map of F * hc block rows (F * H cell rows): a block
    (plane p, row by, column bx) has flat index ``(p * hc + by) * wc + bx`` and its top-left
    cell ``(p * hc + by) * b * W + bx * b``, as ``H = hc * b`` (the map side is a multiple
    of ``b``). Each cell gets the same float32 product as there; the factions' planes are
    disjoint, so clearing all of them before writing any changes nothing. ``hab`` is finite
    and >= 0: a block whose value is +0 gets +0 cells, and a block summing to +0 holds only
    zeros, so only the other blocks are touched. ``armed`` must be C-contiguous.
    """
    b = g.b
    width = g.w
    flat = armed.reshape(-1)
    everyone = all(changed.tolist())
    keep = changed[:, None, None]  # (the others keep their layer)
    nonzero = sums.view(np.uint64) != 0
    if not everyone:
        nonzero &= keep
    # (``nonzero`` of the flat mask: ``np.flatnonzero`` without its Python-level wrapper)
    cleared = nonzero.reshape(-1).nonzero()[0]
    by, bx = np.divmod(cleared, g.wc)
    offsets = _block_offsets(b, width)
    flat[((by * (b * width) + bx * b)[:, None] + offsets).reshape(-1)] = 0.0
    # -0.0 blocks are computed too (0 * weight keeps their sign), as is anything not +0
    nonzero = np.ascontiguousarray(now).view(np.uint64) != 0
    if not everyone:
        nonzero &= keep
    blocks = nonzero.reshape(-1).nonzero()[0]
    if blocks.size == 0:
        return
    by, bx = np.divmod(blocks, g.wc)
    corner = by * (b * width) + bx * b
    cells = corner[:, None] + offsets
    # the same cells of the habitat, in its own (H, W) plane: the block row within the plane
    plane_corner = (by % g.hc) * (b * width) + bx * b
    fine = hab.reshape(-1)[plane_corner[:, None] + offsets]
    vals = now.reshape(-1)[blocks].astype(np.float32)
    prod = np.multiply(vals[:, None], fine)
    flat[cells.reshape(-1)] = prod.reshape(-1)


def start_attack(w: World, faction: int, x: int, y: int, strength: float, days: int) -> AttackGroup:
    """Commit fighters of a faction to an attack on (x, y); they form, then strike."""
    layer = w.armed[faction]
    total = float(layer.sum(dtype=np.float64))
    take = min(strength, total)
    if take > 0:
        layer *= np.float32(1.0 - take / total)
    group = AttackGroup(
        faction=faction,
        x=x,
        y=y,
        strength=float(strength),
        forming=w.dyn.early_warning_lead_days,
        days=days,
        detected=False,
    )
    w.attacks.append(group)
    return group


def advance_attacks(w: World) -> None:
    """End of day: forming attacks come closer to striking; finished ones disband."""
    keep: list[AttackGroup] = []
    radius = w.cells(w.dyn.violence.attack_radius_km)
    water = w.terrain["water"]
    for a in w.attacks:
        if a.forming > 0:
            a.forming -= 1
            keep.append(a)
            continue
        a.days -= 1
        if a.days > 0 and a.strength > 0:
            keep.append(a)
            continue
        if a.strength > 0:
            place(w, a.faction, a.x, a.y, radius, a.strength, water)
    w.attacks = keep


def place(
    w: World,
    f: int,
    x: int,
    y: int,
    radius: float,
    amount: float,
    water: npt.NDArray[np.uint8] | None = None,
) -> None:
    """Add ``amount`` fighters of faction ``f`` evenly over the dry cells of a disc."""
    h, wd = w.shape
    ys, xs = window(h, wd, y, x, int(np.ceil(radius)))
    m = disc(ys, xs, y, x, radius)
    if water is None:
        water = w.terrain["water"]
    dry = m & (water[ys, xs] == 0)
    if not dry.any():
        dry = m
    w.armed[f, ys, xs][dry] += np.float32(amount / int(dry.sum()))


def remove_near(w: World, f: int, x: int, y: int, radius: float, amount: float) -> float:
    """Remove up to ``amount`` fighters of faction ``f`` within a disc, in proportion."""
    h, wd = w.shape
    ys, xs = window(h, wd, y, x, int(np.ceil(radius)))
    m = disc(ys, xs, y, x, radius)
    win = w.armed[f, ys, xs]
    total = float(win[m].sum(dtype=np.float64))
    if total <= 0 or amount <= 0:
        return 0.0
    take = min(amount, total)
    win[m] *= np.float32(1.0 - take / total)
    return take


def attack_presence(w: World, pic: Picture) -> npt.NDArray[np.float64]:
    """(F, hc, wc) striking attackers spread over their attack radius (box, in blocks)."""
    g = w.grid
    out = np.zeros_like(pic.armed)
    r = g.radius_blocks(w.cells(w.dyn.violence.attack_radius_km))
    for a in w.attacks:
        if a.forming > 0 or a.strength <= 0:
            continue
        stamp = np.zeros((g.hc, g.wc))
        by, bx = g.block_of(a.y, a.x)
        stamp[by, bx] = a.strength
        spread = box_sum(stamp, r)
        tot = float(spread.sum())
        if tot > 0:
            out[a.faction] += spread * (a.strength / tot)
    return out
