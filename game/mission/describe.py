"""Plain-language summaries of a mission: the briefing, the mandate and the ROE card.

The command line (`bluehelm brief`) and the desktop mission list both show these, so a
player knows before the first turn what the mission may and may not do.
"""

from __future__ import annotations

import textwrap

from game.mission.schema import RUNGS, Mission

_RUNG_NAMES = {
    "verbal_warning": "verbal warning",
    "show_of_force": "show of force",
    "interposition": "interposition",
    "warning_shots": "warning shots",
    "non_lethal": "non-lethal force",
    "deadly": "deadly force",
}
_JUSTIFICATION_NAMES = {
    "self_defence": "self-defence",
    "defence_of_mandate": "defence of the mandate",
    "protection_of_civilians": "protecting civilians",
    "defence_of_property": "defending mission property",
}
_TASK_NAMES = {
    "monitor_ceasefire": "monitor the ceasefire",
    "protect_civilians": "protect civilians",
    "support_ddr": "support disarmament, demobilisation and reintegration",
    "support_elections": "support elections",
    "human_rights_monitoring": "monitor and report on human rights",
    "humanitarian_access": "secure humanitarian access",
    "support_institutions": "support host institutions",
    "security_of_capital": "help secure the capital",
    "mine_action": "clear mines",
    "public_information": "inform the public",
}


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(
        " ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent
    )


def mandate_summary(m: Mission) -> list[str]:
    """The mandate in a few plain lines: chapter, tasks, the POC clause."""
    md = m.mandate
    basis = "consent-based, no enforcement powers" if md.chapter == "VI" else "enforcement powers"
    lines = [f"Chapter {md.chapter} ({basis})" + (f", {md.resolution}" if md.resolution else "")]
    if md.authorised_strength:
        lines.append(f"Authorised strength: {md.authorised_strength:,} personnel")
    lines.append("Tasks: " + "; ".join(_TASK_NAMES[t] for t in md.tasks) + ".")
    poc = md.protection_of_civilians
    if poc.mandated:
        when = "under imminent threat" if poc.imminent_threat_only else "under threat"
        lines.append(f"Protection of civilians: mandated, for civilians {when}.")
    else:
        lines.append("Protection of civilians: NOT in the mandate.")
    return lines


def roe_summary(m: Mission) -> list[str]:
    """The ROE card: each rung of the ladder, allowed for what, with whose approval."""
    rules = {r.rung: r for r in m.roe.force}
    lines = []
    for rung in RUNGS:
        rule = rules.get(rung)
        name = _RUNG_NAMES[rung]
        if rule is None:
            lines.append(f"{name:>18}: forbidden")
            continue
        why = ", ".join(_JUSTIFICATION_NAMES[j] for j in rule.justifications)
        approval = "" if rule.approval == "none" else f" (approval: {rule.approval})"
        lines.append(f"{name:>18}: for {why}{approval}")
    for z in m.roe.consent_zones:
        faction = next(f.name for f in m.factions if f.id == z.faction)
        lines.append(
            f"Consent zone '{z.name}': enter only while {faction}'s consent is "
            f"at least {z.min_consent:.0%}."
        )
    return lines


def brief(m: Mission) -> str:
    """The whole pre-mission briefing as text: situation, mandate, ROE, parties, forces."""
    out = [m.meta.name, "=" * len(m.meta.name)]
    if m.meta.historical_basis:
        out.append(f"Basis: {m.meta.historical_basis}")
    out += ["", _wrap(m.briefing.summary, "")]
    if m.briefing.situation:
        out += ["", "Situation", _wrap(m.briefing.situation)]
    out += ["", "Mandate", *("  " + line for line in mandate_summary(m))]
    out += ["", "Rules of engagement", *("  " + line for line in roe_summary(m))]
    out += ["", "Parties"]
    for f in m.factions:
        strength = sum(d.strength for d in f.deployments)
        out.append(f"  {f.name} ({f.kind}): {strength:,} armed, consent {f.consent:.0%}")
    out += ["", "Your forces"]
    for u in m.forces.units:
        out.append(f"  {u.name}: {u.type.replace('_', ' ')}, {u.strength:,} ({u.country})")
    if m.forces.reserve:
        out.append(f"  In reserve (on request, {m.forces.reinforcement_delay} days to arrive):")
        for u in m.forces.reserve:
            out.append(f"    {u.name}: {u.type.replace('_', ' ')}, {u.strength:,} ({u.country})")
    if m.objectives:
        out += ["", "Objectives"]
        for o in m.objectives:
            by = f" (by day {o.by_turn})" if o.by_turn and f"day {o.by_turn}" not in o.text else ""
            out.append(f"  - {o.text}{by}")
    out += ["", f"The mission lasts up to {m.end.turn_limit} days (one turn is one day)."]
    for c in m.end.conditions:
        out.append(f"  It ends early ({c.outcome}) if: {c.text}")
    if m.briefing.background:
        out += ["", "Background", _wrap(m.briefing.background)]
    if m.meta.sources:
        out += ["", "Sources", *(f"  - {s}" for s in m.meta.sources)]
    return "\n".join(out)
