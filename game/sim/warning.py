"""Early warning and the day's imminent threats (for the duty-to-protect check).

- Forming attacks: each day an attack forms, the mission may learn of it with probability
  ``warning coverage * (floor + (1 - floor) * legitimacy)`` of the community most at risk
  there; once detected it stays detected, with ``lead_days`` = days left before it strikes.
- Imminent threats: on the operational grid, blocks where some community's per-person
  hazard (after deterrence and cover) reaches ``imminent_hazard`` are labelled into
  clusters (scipy.ndimage.label on the small mask only); a cluster whose expected civilians
  killed per day reach ``imminent_kills`` is listed, attributed to its worst (faction,
  community) pair, and a detection draw decides whether the mission knows of it. The most
  severe ``max_imminent`` are kept.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from game.sim.picture import Picture
from game.sim.protection import detection_chance
from game.sim.report import DayReport, ImminentThreat, ThreatDetected
from game.sim.threat import cover
from game.sim.world import World

_EIGHT = np.ones((3, 3), dtype=bool)
"""8-connectivity: cells touching by a side or a corner belong to one cluster."""


def _block_centre(w: World, by: int, bx: int) -> tuple[int, int]:
    g = w.grid
    h, wd = w.shape
    return min(wd - 1, bx * g.b + g.b // 2), min(h - 1, by * g.b + g.b // 2)


def forming_attacks(w: World, pic: Picture, rep: DayReport) -> list[ImminentThreat]:
    """Detection draws for attacks still forming; list them as imminent threats."""
    g = w.grid
    v = w.dyn.violence
    out: list[ImminentThreat] = []
    for a in w.attacks:
        if a.forming <= 0:
            continue
        by, bx = g.block_of(a.y, a.x)
        exposed = pic.exposed[:, by, bx]
        intent = np.maximum(w.intent[a.faction], v.attack_intent)
        c = int(np.argmax(intent * exposed)) if exposed.any() else int(np.argmax(intent))
        if not a.detected and w.rng.random() < detection_chance(w, a.x, a.y, c):
            a.detected = True
            rep.incidents.append(
                ThreatDetected((a.x, a.y), w.faction_ids[a.faction], w.community_ids[c], a.forming)
            )
        people = float(exposed.sum())
        severity = (
            v.lethality
            * a.strength
            * float(intent[c])
            * people
            / (people + v.half_saturation_civilians)
        )
        out.append(
            ImminentThreat(
                (a.x, a.y),
                w.faction_ids[a.faction],
                w.community_ids[c],
                severity,
                a.detected,
                a.forming,
            )
        )
    return out


def imminent(w: World, pic: Picture, rep: DayReport) -> list[ImminentThreat]:
    """Today's imminent threats: forming attacks, then clusters of violence, most severe first."""
    wc = w.dyn.warning
    out = forming_attacks(w, pic, rep)
    if not pic.active:
        rep.imminent_threats = out
        return out
    m = w.dyn.protection.max_deterrence
    nc = w.n_communities
    # every faction's 1 - m * factor * protection in two calls: (m * factor) broadcast over
    # the protection gives each plane the products one faction at a time would
    fs = [f for f, _ in pic.active]
    cs = [c for _, c in pic.active]
    fa = sorted(set(fs))
    planes = 1.0 - (m * pic.deterrence_factor[fa])[:, None, None] * pic.protection
    deter = dict(zip(fa, planes, strict=True))
    # per community 0.0 + the pairs' terms in order; the first term is written as x + 0.0
    # (the same bits as 0.0 + x), so the buffer needs no zero-fill
    per_person = np.empty((nc, w.grid.hc, w.grid.wc))
    started = [False] * nc
    for f, c in pic.active:
        term = pic.hazard[f, c] * deter[f]
        if started[c]:
            per_person[c] += term
        else:
            np.add(term, 0.0, out=per_person[c])
            started[c] = True
    for c in range(nc):
        if not started[c]:
            per_person[c].fill(0.0)
    expo_c = cover(w).exposure_c
    per_person *= expo_c
    sev_total = (per_person * pic.exposed).sum(axis=0)
    mask = (per_person.max(axis=0) >= wc.imminent_hazard) & (sev_total > 0)
    if mask.any():
        labels, n = ndimage.label(mask, structure=_EIGHT)
        # the mask's cells by flat index, in row-major order (that of boolean indexing)
        at = np.flatnonzero(mask)
        lab = labels.reshape(-1)[at] - 1
        # expected kills per cluster by (faction, community), gathered on the mask only:
        # every pair at once (one gather per layer, the same products per element), and
        # one bincount over the pairs' bins side by side (each bin adds its own elements
        # in the same order as one bincount per pair)
        hw = mask.size
        slot = {f: i for i, f in enumerate(fa)}
        dm = planes.reshape(len(fa), hw)[np.array([slot[f] for f in fs])[:, None], at]
        hz = pic.hazard.reshape(-1, hw)[(np.array(fs) * nc + np.array(cs))[:, None], at]
        sev = hz * dm * expo_c.reshape(-1)[at]
        sev *= pic.exposed.reshape(nc, hw)[np.array(cs)[:, None], at]
        bins = lab + (np.arange(len(fs)) * n)[:, None]
        sums = np.bincount(bins.reshape(-1), weights=sev.reshape(-1), minlength=len(fs) * n)
        sums = sums.reshape(len(fs), n)
        tot = sums.sum(axis=0)
        order = np.argsort(-tot, kind="stable")[: wc.max_imminent]
        order = order[tot[order] >= wc.imminent_kills]
        tmask = sev_total.reshape(-1)[at]
        for k in order:
            f, c = pic.active[int(np.argmax(sums[:, k]))]
            members = np.flatnonzero(lab == k)
            by, bx = divmod(int(at[members[np.argmax(tmask[members])]]), mask.shape[1])
            x, y = _block_centre(w, by, bx)
            seen = bool(w.rng.random() < detection_chance(w, x, y, c))
            out.append(
                ImminentThreat((x, y), w.faction_ids[f], w.community_ids[c], float(tot[k]), seen, 0)
            )
    out.sort(key=lambda t: -t.severity)
    rep.imminent_threats = out[: max(wc.max_imminent, len(out))]
    return rep.imminent_threats
