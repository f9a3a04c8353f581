"""The game in sentences: orders described in plain words, the day's events as the
resolution card and the event feed tell them, and notifications from injects.

Functions of a :class:`~game.ui.adapter.MissionModel`; no pygame, no rules: only names and
wording."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from game.engine import events as ev
from game.engine.session import TurnResult
from game.norms import NORM_LABELS
from game.rules import orders as ro
from game.rules.council import LADDER, STEP_EVIDENCE
from game.sim.protection import reach_table
from game.ui.model import FeedItem, Resolution, Toast

if TYPE_CHECKING:
    from game.ui.model import MissionModel


def resolve(
    model: MissionModel, r: TurnResult, before: dict[str, float] | None = None
) -> Resolution:
    killed = sum(e.killed for e in r.events if isinstance(e, ev.CiviliansKilled))
    displaced = int(r.metrics.get("civilians_displaced", 0))
    res = Resolution(
        r.turn,
        f"Day {r.turn}: {killed:,} {'civilian' if killed == 1 else 'civilians'} killed; "
        f"{displaced:,} displaced in all.",
    )
    groups: dict[tuple[str, str, str], int] = {}
    for e in r.events:
        if isinstance(e, ev.CiviliansKilled):
            k = (model.name(e.perpetrator), model.name(e.community), model.near(*e.cell))
            groups[k] = groups.get(k, 0) + e.killed
    harm = [
        f"{n:,} {c} killed by {p} {where}"
        for (p, c, where), n in sorted(groups.items(), key=lambda kv: -kv[1])
    ]
    if harm:
        res.sections.append(
            (
                "Civilians harmed",
                harm[:6] + ([f"… and {len(harm) - 6} more"] if len(harm) > 6 else []),
            )
        )
    mine = order_outcomes(model, r, before or {})
    if mine:
        res.sections.append(
            ("Your orders", mine[:6] + ([f"… and {len(mine) - 6} more"] if len(mine) > 6 else []))
        )
    seen = [
        sentence(model, e)
        for e in r.events
        if isinstance(e, ev.ThreatDetected | ev.WarningReceived | ev.Clash)
    ]
    if seen:
        res.sections.append(("Threats and clashes", seen[:5]))
    politics = [
        sentence(model, e)
        for e in r.events
        if isinstance(
            e,
            ev.CouncilStep
            | ev.ReinforcementsRequested
            | ev.ReinforcementsArrived
            | ev.ContributorWithdrew
            | ev.MisconductReported
            | ev.MisconductActedOn
            | ev.PeacekeepersKilled
            | ev.OrderRefused,
        )
    ]
    if politics:
        res.sections.append(("The mission", politics[:6]))
    if r.findings:
        res.sections.append(
            (
                "Findings",
                [f"{NORM_LABELS[f.norm]} · {f.clause or 'mission'}: {f.what}" for f in r.findings][
                    :5
                ],
            )
        )
    if before:
        after = model.standing()
        # shown to two decimals, so the change is the change of the shown values: never
        # "0.57 to 0.57 (+0.01)"
        moved = [
            f"{k}: {before[k]:.2f} to {v:.2f} ({round(v, 2) - round(before[k], 2):+.2f})"
            for k, v in after.items()
            if k in before and round(v, 2) != round(before[k], 2)
        ]
        if moved:
            res.sections.append(("Consent and trust", moved[:5]))
    news = [e for e in r.events if isinstance(e, ev.InjectFired)]
    if news:
        res.sections.append(("Tomorrow", [f"{e.title}: {e.message}" for e in news]))
    out = model.session.outcome()
    if out is not None:
        res.over = True
        res.sections.insert(0, ("Mission ended", [f"{out.result.replace('_', ' ')}: {out.reason}"]))
    absorb(model, r.events)
    return res


def order_outcomes(model: MissionModel, r: TurnResult, before: dict[str, float]) -> list[str]:
    """What each of today's carried-out orders came to, one sentence each: the player's
    choice and its consequence side by side (refused orders are told under 'The mission').

    A placed order reports whether the unit is there yet and the civilians killed today
    within the unit's protective reach of the place; talks report the party's consent
    before and after, outreach the community's trust; an investigation the documented
    evidence, a report to the Council the step it took; force reports the unit's clashes
    and any civilians the mission harmed. ``before`` holds ``MissionModel.standing()`` and
    ``evidence:<faction>`` from before the day."""
    w = model.world
    units = {u.id: u for u in w.units}
    reach = reach_table(w)
    standing = model.standing()
    out: list[str] = []
    carried = [(o, v) for o, v in zip(r.orders, r.verdicts, strict=True) if v.ok]
    last_move = {o.unit_id: i for i, (o, _) in enumerate(carried) if o.moves}
    for i, (o, v) in enumerate(carried):
        head = model.describe(o) + (" (with a finding)" if v.status == "finding" else "")
        unit = units.get(o.unit_id or "")
        report = ro.rule_for(o).report
        fid = o.faction_id or ""
        if ro.approval_delay(v):
            out.append(f"{head}: waiting for approval; it is carried out tomorrow.")
        elif o.moves and unit is not None and last_move[o.unit_id] != i:
            out.append(f"{head}: {model.name(unit.id)} was sent elsewhere by a later order.")
        elif report == "placed" and unit is not None:
            x, y = int(getattr(o, "x", unit.x)), int(getattr(o, "y", unit.y))
            radius = float(reach[unit.type, unit.posture])
            gap = math.hypot(unit.x - x, unit.y - y)
            where = (
                f"{model.name(unit.id)} is there"
                if gap <= max(1.0, radius)
                else f"{model.name(unit.id)} is {gap * w.cell_km:.0f} km away, on the way"
            )
            dead = sum(
                e.killed
                for e in r.events
                if isinstance(e, ev.CiviliansKilled)
                and math.hypot(e.cell[0] - x, e.cell[1] - y) <= radius
            )
            km = f"{radius * w.cell_km:.0f} km"
            harm = (
                f"no civilians killed within {km}"
                if dead == 0
                else f"{dead:,} {'civilian' if dead == 1 else 'civilians'} killed within {km}"
            )
            out.append(f"{head}: {where}; {harm}.")
        elif report == "talks" and fid:
            key = f"Consent of {model.name(fid)}"
            now = standing.get(key, model.consent_of(fid))
            was = before.get(key)
            change = (
                f"consent {was:.2f} to {now:.2f}" if was is not None else f"consent now {now:.2f}"
            )
            out.append(f"{head}: {change}.")
        elif report == "outreach":
            one = getattr(o, "community", None)
            whom = [one] if one else list(model.world.community_ids)
            moved = []
            for c in whom:
                key = f"{model.name(c)} trust in the mission"
                if key in standing and key in before:
                    was, now = before[key], standing[key]
                    moved.append(
                        f"{model.name(c)} trust {was:.2f} to {now:.2f}"
                        if round(was, 2) != round(now, 2)
                        else f"{model.name(c)} trust {now:.2f} (unchanged)"
                    )
            out.append(f"{head}: {'; '.join(moved) or 'carried out'}.")
        elif report == "council":
            steps = [e for e in r.events if isinstance(e, ev.CouncilStep) and e.faction == fid]
            out.append(
                f"{head}: "
                + (
                    "; ".join(sentence(model, e).removeprefix("Council: ") for e in steps)
                    if steps
                    else "no Council step today."
                )
            )
        elif report == "evidence" and fid:
            council = model.session.rules.council
            was = before.get(f"evidence:{fid}", 0.0)
            now = float(council.evidence.get(fid, 0.0))
            done = council.steps.get(fid, 0)
            nxt = (
                f"; the Council's next step against them, {LADDER[done].replace('_', ' ')}, "
                f"needs {STEP_EVIDENCE[done]:.1f}"
                if done < len(LADDER)
                else ""
            )
            out.append(f"{head}: documented evidence {was:.1f} to {now:.1f}{nxt}.")
        elif report == "force" and unit is not None:
            fights = [
                e
                for e in r.events
                if isinstance(e, ev.Clash) and e.other == "mission" and e.faction == fid
            ]
            own = sum(
                e.killed
                for e in r.events
                if isinstance(e, ev.CiviliansKilled) and e.perpetrator == "mission"
            )
            bits = [
                f"{len(fights)} clash(es), {sum(e.losses for e in fights):,.0f} lost"
                if fights
                else "no clash"
            ]
            if own:
                bits.append(f"{own:,} civilians killed by the mission's fire today")
            out.append(f"{head}: {'; '.join(bits)}.")
        else:
            out.append(f"{head}: carried out.")
    return out


def absorb(model: MissionModel, events: list[ev.Event], initial: bool = False) -> None:
    """Feed items and notifications from new events."""
    items: list[FeedItem] = []
    groups: dict[tuple[int, str, str], list[Any]] = {}
    for e in events:
        if isinstance(e, ev.CiviliansKilled):
            groups.setdefault((e.turn, e.perpetrator, e.community), []).append(e)
            continue
        if isinstance(e, ev.InjectFired):
            model.toasts.append(Toast(e.title, e.message))
            items.append(
                FeedItem(e.turn, f"{e.title}: {e.message}", inject_cell(model, e.inject), "inject")
            )
            continue
        if isinstance(e, ev.DayScored | ev.OrderIssued):
            continue
        if isinstance(e, ev.FindingRecorded):
            items.append(
                FeedItem(
                    e.turn,
                    f"Finding ({e.clause or NORM_LABELS.get(e.norm, e.norm)}): {e.what}",
                    None,
                    "finding",
                )
            )
            continue
        tone: Literal["info", "bad", "good"] = (
            "bad"
            if isinstance(
                e, ev.Clash | ev.PeacekeepersKilled | ev.ContributorWithdrew | ev.OrderRefused
            )
            else "good"
            if isinstance(e, ev.ReinforcementsArrived | ev.MisconductActedOn)
            else "info"
        )
        items.append(FeedItem(e.turn, sentence(model, e), event_cell(model, e), tone))
    for (turn, p, c), es in groups.items():
        n = sum(x.killed for x in es)
        worst = max(es, key=lambda x: x.killed)
        items.append(
            FeedItem(
                turn,
                f"{n:,} {model.name(c)} killed by {model.name(p)} {model.near(*worst.cell)}",
                (int(worst.cell[0]), int(worst.cell[1])),
                "bad",
            )
        )
    model.feed = [*reversed(items), *model.feed][:300]


def inject_cell(model: MissionModel, inject_id: str) -> tuple[int, int] | None:
    for inj in model.mission.injects:
        if inj.id == inject_id:
            for e in inj.effects:
                at = getattr(e, "at", None)
                if at is not None:
                    return model.mission.locate(at)
    return None


def event_cell(model: MissionModel, e: ev.Event) -> tuple[int, int] | None:
    cell = getattr(e, "cell", None)
    if cell is not None:
        return (int(cell[0]), int(cell[1]))
    uid = getattr(e, "unit", "")
    for u in model.world.units:
        if u.id == uid:
            return (int(u.x), int(u.y))
    order = getattr(e, "order", None)
    if isinstance(order, dict) and "x" in order:
        return (int(order["x"]), int(order["y"]))
    return None


def sentence(model: MissionModel, e: ev.Event) -> str:
    """One event as a sentence for the feed and the resolution."""
    n = model.name
    if isinstance(e, ev.ThreatDetected):
        return (
            f"Early warning: {n(e.faction)} forming against the {n(e.community)} "
            f"{model.near(*e.cell)}, {e.lead_days} day(s) out"
        )
    if isinstance(e, ev.WarningReceived):
        return f"Warning: {n(e.faction)} threatens the {n(e.community)} {model.near(*e.cell)}"
    if isinstance(e, ev.Clash):
        return f"Clash {model.near(*e.cell)}: {n(e.faction)} and {n(e.other)}, {e.losses:,.0f} lost"
    if isinstance(e, ev.PeacekeepersKilled):
        by = f" by {n(e.faction)}" if e.faction else ""
        who = "peacekeeper" if e.killed == 1 else "peacekeepers"
        return f"{e.killed} {who} of {n(e.unit)} ({e.country}) killed{by}"
    if isinstance(e, ev.CouncilStep):
        verb = "adopted" if e.granted else "not adopted"
        why = "" if e.reason.strip(". ").lower() in ("adopted", "") else f" {e.reason}"
        return f"Council: {e.step.replace('_', ' ')} against {n(e.faction)} {verb}.{why}"
    if isinstance(e, ev.ReinforcementsRequested):
        return f"Reinforcements {'granted' if e.granted else 'refused'}: {e.reason}"
    if isinstance(e, ev.ReinforcementsArrived):
        return f"{n(e.unit)} arrived"
    if isinstance(e, ev.ContributorWithdrew):
        return f"{e.country} withdrew its troops: {e.reason}"
    if isinstance(e, ev.MisconductReported):
        return f"Misconduct case {e.case} opened: {e.kind.replace('_', ' ')} ({n(e.unit)})"
    if isinstance(e, ev.MisconductActedOn):
        return f"Misconduct case {e.case} acted on"
    if isinstance(e, ev.OrderRefused):
        return f"Refused ({e.clause}): {e.reason}"
    if isinstance(e, ev.MissionEnded):
        return f"Mission ended ({e.result.replace('_', ' ')}): {e.reason}"
    if isinstance(e, ev.InjectFired):
        return f"{e.title}: {e.message}"
    return type(e).__name__
