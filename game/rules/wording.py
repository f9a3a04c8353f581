"""Orders in plain words, for every reader: the desktop's menus and end-of-day card, the
after-action report, the logs. "Patrol at Marra (47, 17)", "Deadly force against Hill
Defence Youth (self-defence)": names and places from the mission, never raw ids."""

from __future__ import annotations

from game.mission.schema import Mission
from game.rules import names as naming
from game.rules import orders as ro

JUSTIFICATION_LABELS = {
    "self_defence": "self-defence",
    "defence_of_mandate": "defence of the mandate",
    "protection_of_civilians": "protection of civilians",
    "defence_of_property": "defence of property",
}
"""Each justification of force as a sentence says it."""


def rung_words(rung: str) -> str:
    """A rung of the escalation ladder in words: 'deadly force', 'warning shots'."""
    return {"deadly": "deadly force", "non_lethal": "non-lethal force"}.get(
        rung, rung.replace("_", " ")
    )


def describe(mission: Mission, o: ro.Order) -> str:
    """An order in plain words: 'Patrol at Marra (47, 17)'."""

    def n(ident: str) -> str:
        return naming.name(mission, ident)

    def place(x: int, y: int) -> str:
        return naming.place(mission, x, y)

    if isinstance(o, ro.UseForce):
        return (
            f"{rung_words(o.rung).capitalize()} against {n(o.faction)} "
            f"({JUSTIFICATION_LABELS.get(o.justification, o.justification)})"
        )
    if isinstance(o, ro.ShowOfForce):
        return f"Show of force to {n(o.faction)}"
    if isinstance(o, ro.Interpose):
        return f"Interpose against {n(o.faction)} at {place(o.x, o.y)}"
    if isinstance(o, ro.EstablishPocSite):
        return f"Open a POC site at {place(o.x, o.y)}"
    if isinstance(o, ro.Redeploy):
        return f"Redeploy to {place(o.x, o.y)}"
    if isinstance(o, (ro.Patrol, ro.Guard, ro.Escort)):
        verb = {"patrol": "Patrol", "guard": "Guard", "escort": "Escort to"}[o.kind]
        return f"{verb} {'' if o.kind == 'escort' else 'at '}{place(o.x, o.y)}"
    if isinstance(o, ro.SupportDDR):
        return f"Support DDR of {n(o.faction)}"
    if isinstance(o, ro.Investigate):
        return f"Investigate {n(o.faction)}'s violations"
    if isinstance(o, ro.Negotiate):
        return f"Negotiate with {n(o.faction)}"
    if isinstance(o, ro.EngageCommunity):
        return f"Engage the {n(o.community)} community"
    if isinstance(o, ro.PublicInformation):
        return "Public information campaign" + (f" ({n(o.community)})" if o.community else "")
    if isinstance(o, ro.SetUpAlertNetwork):
        return f"Community alert network at {place(o.x, o.y)}"
    if isinstance(o, ro.ReportToCouncil):
        return f"Report {n(o.faction)} to the Security Council"
    if isinstance(o, ro.SupportInstitutions):
        return "Support host institutions"
    if isinstance(o, ro.RequestReinforcements):
        return "Request reinforcements"
    if isinstance(o, ro.ActOnMisconduct):
        return f"Act on misconduct case {o.case}"
    return o.kind.replace("_", " ")
