"""The mission briefing as pygame_gui HTML, built from ``game.mission.describe``.

The same plain-language mandate and ROE lines that ``bluehelm brief`` prints, laid out
for the mission list's briefing panel: summary, situation, mandate, the ROE card rung by
rung, the parties, the forces, the historical background and the sources.
"""

from __future__ import annotations

from html import escape

from game.mission.describe import mandate_summary, roe_summary
from game.mission.schema import Mission
from game.ui import palette as pal

HEAD = pal.hex_colour(pal.ACCENT)
MUTED = pal.hex_colour(pal.MUTED)
GOLD = pal.hex_colour(pal.GOLD)
RED = pal.hex_colour(pal.DANGER)


def _e(s: str) -> str:
    return escape(" ".join(s.split()), quote=False)


def _h(title: str, px: int) -> str:
    return f"<br><font pixel_size={px} color={HEAD}><b>{_e(title.upper())}</b></font><br>"


def briefing_html(m: Mission, scale: float = 1.0) -> str:
    """The full briefing of ``m`` as HTML for a UITextBox, font sizes scaled by ``scale``."""
    big, head, small = round(26 * scale), round(14 * scale), round(13 * scale)
    out = [f"<font pixel_size={big}><b>{_e(m.meta.name)}</b></font><br>"]
    facts = []
    if m.meta.historical_basis:
        facts.append(m.meta.historical_basis)
    if m.meta.start_date:
        facts.append(f"from {m.meta.start_date:%d %B %Y}")
    facts.append(f"{m.end.turn_limit} days")
    facts.append(
        f"{m.map.width}×{m.map.height} km"
        if m.map.cell_km == 1
        else f"{m.map.width}×{m.map.height} cells of {m.map.cell_km:g} km"
    )
    out.append(f"<font pixel_size={small} color={MUTED}>{_e(' · '.join(facts))}</font><br><br>")
    out.append(_e(m.briefing.summary) + "<br>")
    if m.objectives:
        out.append(_h("Objectives", head))
        out.extend(f"• {_e(o.text)}<br>" for o in m.objectives)
    if m.briefing.situation:
        out += [_h("Situation", head), _e(m.briefing.situation) + "<br>"]
    out.append(_h("Mandate", head))
    for line in mandate_summary(m):
        colour = RED if "NOT in the mandate" in line else None
        text = _e(line)
        out.append((f"<font color={colour}>{text}</font>" if colour else text) + "<br>")
    if m.mandate.text:
        out.append(f"<i>{_e(m.mandate.text)}</i><br>")
    out.append(_h("Rules of engagement", head))
    for line in roe_summary(m):
        name, sep, rest = line.strip().partition(": ")
        if sep and not line.startswith("Consent zone"):
            colour = RED if rest == "forbidden" else GOLD if "approval" in rest else None
            rest_html = _e(rest)
            if colour:
                rest_html = f"<font color={colour}>{rest_html}</font>"
            out.append(f"<b>{_e(name)}</b>: {rest_html}<br>")
        else:
            out.append(_e(line) + "<br>")
    out.append(_h("Parties", head))
    for f in m.factions:
        strength = sum(d.strength for d in f.deployments)
        out.append(
            f"<b>{_e(f.name)}</b> <font color={MUTED}>({f.kind}"
            f"{'' if f.signatory else ', outside the agreement'})</font>: "
            f"{strength:,} armed, consent {f.consent:.0%}<br>"
        )
    out.append(_h("Your forces", head))
    for u in m.forces.units:
        caveats = (
            f" — caveats: {', '.join(c.replace('_', ' ') for c in u.caveats)}"
            if (u.caveats)
            else ""
        )
        out.append(
            f"<b>{_e(u.name)}</b>: {u.type.replace('_', ' ')}, {u.strength:,} "
            f"<font color={MUTED}>({_e(u.country)}){_e(caveats)}</font><br>"
        )
    if m.briefing.background:
        title = "Background" if m.meta.historical_basis == "fictional" else "Historical background"
        out += [_h(title, head), _e(m.briefing.background) + "<br>"]
    if m.meta.notes:
        out.append(f"<font pixel_size={small} color={MUTED}><i>{_e(m.meta.notes)}</i></font><br>")
    if m.meta.sources:
        out.append(_h("Sources", head))
        for s in m.meta.sources:
            out.append(f"<font pixel_size={small} color={MUTED}>• {_e(s)}</font><br>")
    return "".join(out)


def error_html(name: str, error: str, scale: float = 1.0) -> str:
    """What the briefing panel shows for a mission file that does not load."""
    big = round(22 * scale)
    return (
        f"<font pixel_size={big}><b>{_e(name)}</b></font><br><br>"
        f"<font color={RED}>This mission file does not load:</font><br>{_e(error)}<br><br>"
        "Run <b>bluehelm validate</b> for every problem with its line and column."
    )
