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

import numpy as np
import numpy.typing as npt

from game.sim.fields import box_sum, disc, rows_of, upsample_mul_sparse, window
from game.sim.picture import Picture
from game.sim.report import Clash, DayReport
from game.sim.world import FACTION_KINDS, GOVERNMENT, AttackGroup, World

REBEL = FACTION_KINDS.index("rebel")
SPOILER = FACTION_KINDS.index("spoiler")
HOSTILE_INTENT = 0.2
NEGLIGIBLE_INTENT = 1e-9
"""Intent below this draws no one anywhere (keeps tiny products from underflowing)."""


def hostility_matrix(w: World) -> npt.NDArray[np.bool_]:
    """(F, F) which factions fight which (symmetric, no self-hostility)."""
    kind = w.faction_kind
    gov = kind == GOVERNMENT
    insurgent = (kind == REBEL) | (kind == SPOILER)
    # f hostile to a community g recruits from; then made symmetric, as the pairs above
    targets = ((w.intent >= HOSTILE_INTENT)[:, None, :] & w.recruits_from[None, :, :]).any(axis=2)
    hostile: npt.NDArray[np.bool_] = (gov[:, None] & insurgent[None, :]) | targets
    hostile |= hostile.T
    np.fill_diagonal(hostile, False)
    return hostile


def capability(w: World) -> npt.NDArray[np.float64]:
    """(F,) fighting and killing capability from supply: (1 - sw) + sw * supply."""
    sw = w.dyn.violence.supply_weight
    out: npt.NDArray[np.float64] = (1.0 - sw) + sw * w.supply
    return out


def clashes(w: World, pic: Picture, rep: DayReport) -> None:
    """Faction-against-faction attrition in every block where hostile factions meet."""
    fc = w.dyn.factions
    hostile = hostility_matrix(w)
    if not hostile.any():
        return
    a = pic.armed
    eff = (0.5 + 0.5 * w.cohesion) * capability(w)
    # the losses of the factions that have some (subtracting a zero plane from the others
    # changed nothing: x - 0.0 is x, bit for bit), so no zero-filled (F, hc, wc) array
    losses: dict[int, npt.NDArray[np.float64]] = {}
    for f in range(w.n_factions):
        enemies = np.flatnonzero(hostile[f])
        if enemies.size == 0 or not a[f].any():
            continue
        fire = np.zeros_like(a[f])
        for e in enemies:
            fire += eff[e] * a[e]
        contact = np.minimum(1.0, a[f] / fc.contact_strength)
        losses[f] = np.minimum(a[f], fc.clash_rate * fire * contact)
    for f, loss in losses.items():
        a[f] -= loss
    g = w.grid
    for f, loss in losses.items():  # in faction order, as they were added
        total = float(loss.sum())
        if total <= 0:
            continue
        rep.clash_losses[f] += total
        if total >= 1.0:
            by, bx = np.unravel_index(int(np.argmax(loss)), loss.shape)
            enemies = np.flatnonzero(hostile[f])
            other = int(enemies[np.argmax([a[e, by, bx] for e in enemies])])
            cell = (
                min(w.shape[1] - 1, int(bx) * g.b + g.b // 2),
                min(w.shape[0] - 1, int(by) * g.b + g.b // 2),
            )
            rep.incidents.append(Clash(cell, w.faction_ids[f], w.faction_ids[other], total))


_DY = np.array([0, -1, 1, 0, 0, -1, -1, 1, 1])
_DX = np.array([0, 0, 0, -1, 1, -1, 1, -1, 1])
"""Stay first (ties keep fighters where they are), then the 8 neighbouring blocks."""


def _climb(
    pad3: npt.NDArray[np.float64], pos: npt.NDArray[np.int64], steps: int
) -> npt.NDArray[np.int64]:
    """Flat block indices reached from ``pos`` by ``steps`` moves to the most attractive of
    the 8 neighbours and the block itself (gathered only where fighters are: sparse).

    ``pad3`` is (M, hc + 2, wc + 2): one attraction plane per moving faction inside a
    border of -1 (never better than staying, so no walk leaves its plane), and ``pos``
    indexes the flattened unpadded stack (plane * hc * wc + block), as does the result:
    every faction climbs its own plane, all in one walk over flat indices of the padded
    planes: a step is one gather, one argmax and one add (fighters sit on a few dozen
    blocks: per-call cost dominates).
    """
    _, hp, wp = pad3.shape
    hc, wc = hp - 2, wp - 2
    pad = pad3.reshape(-1)
    off = _DY * (wc + 2) + _DX
    plane, rest = np.divmod(pos, hc * wc)
    y, x = np.divmod(rest, wc)
    p = plane * ((hc + 2) * (wc + 2)) + (y + 1) * (wc + 2) + (x + 1)
    for _ in range(steps):
        best = np.argmax(pad[p[:, None] + off], axis=1)
        p = p + off[best]
    plane, rest = np.divmod(p, (hc + 2) * (wc + 2))
    py, px = np.divmod(rest, wc + 2)
    out: npt.NDArray[np.int64] = (plane * (hc * wc) + (py - 1) * wc + (px - 1)).astype(
        np.int64, copy=False
    )
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
    moving factions climb together (``_climb`` on stacked planes, one bincount); each
    block's arrivals are still summed in the same order.
    """
    fc = w.dyn.factions
    st = w.static()
    g = w.grid
    steps = max(1, g.radius_blocks(w.cells(fc.move_radius_km)))
    base = (1.0 - fc.protection_avoidance * pic.protection) * st.land_c
    n = g.hc * g.wc
    movers: list[int] = []
    # the attraction planes are built in place inside their -1 border (``_climb``): no
    # stacking and no padded copy
    pad3 = np.empty((w.n_factions, g.hc + 2, g.wc + 2))
    for f in range(w.n_factions):
        a = pic.armed[f]
        if not (w.intent[f] >= NEGLIGIBLE_INTENT).any() or not a.any():
            continue
        att = pad3[len(movers), 1:-1, 1:-1]
        att.fill(0.0)
        for c in range(w.n_communities):
            if w.intent[f, c] >= NEGLIGIBLE_INTENT:
                att += w.intent[f, c] * pic.exposed_reach[c]
        att *= base
        if not att.any():
            continue  # the next mover's plane overwrites it
        movers.append(f)
    if not movers:
        return
    pad3 = pad3[: len(movers)]
    for edge in (pad3[:, 0, :], pad3[:, -1, :], pad3[:, :, 0], pad3[:, :, -1]):
        edge.fill(-1.0)
    share = fc.mobility * st.mobility_c
    moving = (share * rows_of(pic.armed, movers)).reshape(-1)
    pos = np.flatnonzero(moving != 0)  # a boolean mask: nonzero's fast path
    dest = _climb(pad3, pos, steps)
    arrived = np.bincount(dest, weights=moving[pos], minlength=len(movers) * n)
    for i, f in enumerate(movers):
        # new = a - share * a + arrived, pruned and rescaled, computed in place in the
        # picture (``moving`` above was computed from it first)
        a = pic.armed[f]
        total = float(a.sum())
        np.subtract(a, share * a, out=a)
        a += arrived[i * n : (i + 1) * n].reshape(a.shape)
        a[a < fc.prune_strength] = 0.0
        kept = float(a.sum())
        if kept > 0:
            a *= total / kept


def write_back(w: World, pic: Picture) -> None:
    """Carry the day's block totals back to the fine ``armed`` layer.

    Inside each block fighters stand on the static ``habitat`` pattern (dry land, more in
    cover): ``armed[f] = upsample(block totals) * habitat``. Factions whose totals did not
    change keep their layer untouched (e.g. their deployment discs before they first move).
    """
    g = w.grid
    st = w.static()
    hab = st.habitat  # finite and >= 0: empty blocks need no product
    # ``pic.armed_start`` (read only here) becomes the block sums of the layer as it will
    # be: those of the factions left untouched already are, the others are updated by
    # ``upsample_mul_sparse``. Tomorrow's picture takes them instead of summing the layer.
    carried = True
    for f in range(w.n_factions):
        old, new = pic.armed_start[f], pic.armed[f]
        if np.array_equal(old, new):
            continue
        # ``old`` is the block sums of the layer as it is (nothing touched it since dawn)
        carried &= upsample_mul_sparse(new, g, hab, w.armed[f], old)
    st.armed_sums = pic.armed_start if carried else None
    st.armed_sums_of = w.armed if carried else None


def armed_changed(w: World) -> None:
    """Forget the carried-over block sums of ``armed`` (call after writing the layer)."""
    st = w.static()
    st.armed_sums = None
    st.armed_sums_of = None


def start_attack(w: World, faction: int, x: int, y: int, strength: float, days: int) -> AttackGroup:
    """Commit fighters of a faction to an attack on (x, y); they form, then strike."""
    layer = w.armed[faction]
    total = float(layer.sum(dtype=np.float64))
    take = min(strength, total)
    if take > 0:
        layer *= np.float32(1.0 - take / total)
        armed_changed(w)
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
    armed_changed(w)


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
    armed_changed(w)
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
