"""The threat field: each civilian's daily hazard of being killed, by community.

Per faction f and community c, on the operational grid (a Holling type II response:
fighters kill up to their capacity, fewer when victims are scarce):

    hazard[f, c] = lethality * capability_f * intent[f, c] * fighters_f in strike reach
                   / (exposed civilians in strike reach + half_saturation)

Attacking groups add their own term with intent raised to ``attack_intent``. On the fine
grid the hazard is deterred by protection and hidden by cover:

    threat[c] = sum_f hazard[f, c] (upsampled) * (1 - max_deterrence * det_f * protection)
                * (1 - cover_hides * cover)

where det_f is 1, or ``1 - host_leverage * consent`` for host-government forces. Factions
sharing det_f are summed before upsampling, so the fine cost is one multiply-add per
(community, distinct det_f), not per faction.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from game.sim.factions import attack_presence, capability
from game.sim.fields import box_sum, upsample
from game.sim.picture import Picture
from game.sim.world import World

F32 = npt.NDArray[np.float32]


def hazard(w: World, pic: Picture) -> None:
    """Fill ``pic.hazard`` (F, C, hc, wc): hazard by faction before deterrence and cover."""
    v = w.dyn.violence
    cap = v.lethality * capability(w)
    reach = box_sum(pic.armed, pic.strike_r)
    attackers = box_sum(attack_presence(w, pic), pic.strike_r)
    denom = 1.0 / (pic.exposed_reach.sum(axis=0) + v.half_saturation_civilians)
    nf, nc = w.n_factions, w.n_communities
    out = np.zeros((nf, nc, w.grid.hc, w.grid.wc), dtype=np.float64)
    for f in range(nf):
        has_attack = bool(attackers[f].any())
        for c in range(nc):
            i = float(w.intent[f, c])
            if i > 0:
                out[f, c] = (cap[f] * i) * reach[f] * denom
            if has_attack:
                out[f, c] += (cap[f] * max(i, v.attack_intent)) * attackers[f] * denom
    pic.hazard = out


def deterrence_classes(pic: Picture) -> list[tuple[float, list[int]]]:
    """Factions grouped by how much protection deters them (stable order)."""
    classes: dict[float, list[int]] = {}
    for f, d in enumerate(pic.deterrence_factor.tolist()):
        classes.setdefault(round(d, 12), []).append(f)
    return sorted(classes.items())


def fine_deterrence(w: World, factor: float) -> F32:
    """(H, W) share of violence left after protection and cover, for one det factor."""
    k = np.float32(w.dyn.protection.max_deterrence * factor)
    d = np.multiply(w.protection, -k)
    d += np.float32(1.0)
    d *= w.static().exposure
    return d


def compute_threat(w: World, pic: Picture) -> list[tuple[list[int], F32]]:
    """Fill ``w.threat`` (C, H, W). Returns the deterrence classes and their fine fields.

    The returned fields let violence attribute deaths to factions on the few cells where
    people die without recomputing anything over the map.
    """
    hazard(w, pic)
    g = w.grid
    classes = []
    for factor, members in deterrence_classes(pic):
        if not pic.hazard[members].any():
            continue
        classes.append((members, fine_deterrence(w, factor)))
    for c in range(w.n_communities):
        out = w.threat[c]
        first = True
        for members, d in classes:
            hz = pic.hazard[members, c].sum(axis=0)
            if not hz.any():
                continue
            up = upsample(hz, g)
            if first:
                np.multiply(up, d, out=out)
                first = False
            else:
                up *= d
                out += up
        if first:
            out.fill(0.0)
    return classes
