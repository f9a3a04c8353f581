"""The command panel's menus: which order buttons a selected unit and the mission get, each
coloured by its best verdict and opening the right chooser (a list of candidate orders,
the escalation ladder, or the confirm step); and the order a right-click gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from game.rules import orders as ro
from game.ui.adapter import OptionView
from game.ui.map_state import MapState
from game.ui.orders import ChoiceScreen, ConfirmOrder, LadderScreen
from game.ui.screen import Action, Push

Handler = Callable[[], Action | None]
Button = tuple[str, str, str, bool, Handler]
"""(text, tooltip, theme object id, enabled, what a click does)."""
_RANK = {"allowed": 0, "finding": 1, "against": 2, "refused": 3}


def initials(name: str) -> str:
    """'Veldian National Army' -> 'VNA' (short labels for faction buttons)."""
    caps = "".join(w[0] for w in name.split() if w[:1].isupper())
    return caps if len(caps) >= 2 else name[:8]


def with_consent(view: MapState, opts: list[OptionView]) -> list[OptionView]:
    """Options aimed at a party, labelled with its consent now (what talks would change)."""
    out = []
    for o in opts:
        fid = getattr(o.order, "faction", None)
        if isinstance(fid, str) and o.order.unit_id is None:
            o = dataclasses.replace(
                o, label=f"{o.label} (consent {view.model.consent_of(fid):.2f})"
            )
        out.append(o)
    return out


def best(opts: list[OptionView]) -> str:
    """The most permissive verdict among ``opts`` (the button's colour)."""
    return min((o.kind for o in opts), key=_RANK.__getitem__, default="refused")


def with_verdict(tip: str, opts: list[OptionView]) -> str:
    """A button's tooltip, plus the verdict when even its best option is not simply allowed
    (the clause a player would break shows before the click, not only after it)."""
    top = best(opts)
    if not opts or top == "allowed":
        return tip
    worst = next(o for o in opts if o.kind == top)
    return f"{tip} {worst.tooltip}"


def choice(view: MapState, title: str, opts: list[OptionView], arm: str | None = None) -> Handler:
    """A click handler: arm a right-click order if given, then open the chooser."""

    def go() -> Action | None:
        if arm is not None:
            view.target_kind = arm
            view.note = "Or right-click a place on the map: the verdict shows under the cursor."
        if len(opts) == 1:
            return Push(ConfirmOrder(view.ctx, view.model, opts[0]))
        return Push(ChoiceScreen(view.ctx, view.model, title, opts))

    return go


def unit_actions(view: MapState) -> list[Button]:
    """The selected unit's order buttons: (text, tooltip, theme id, enabled, handler)."""
    u = view.selected_unit()
    if u is None:
        return []
    opts = view.model.options(u.id)
    by: dict[str, list[OptionView]] = {}
    for o in opts:
        by.setdefault(o.order.kind, []).append(o)
    out: list[Button] = []

    def add(kind: str, text: str, tip: str, arm: str | None = None) -> None:
        got = by.get(kind, [])
        top = best(got)
        if not got:
            out.append(
                (
                    text,
                    tip + " Not possible for this unit now.",
                    "@verdict_refused",
                    False,
                    lambda: None,
                )
            )
            return
        out.append(
            (
                text,
                with_verdict(tip, got),
                f"@verdict_{top}",
                top != "refused",
                choice(view, f"{text.strip('…').split(' ', 1)[1]}: {u.name}", got, arm),
            )
        )

    add(
        "patrol",
        "II Patrol…",
        "Patrol around a place: wide, thin presence. Pick a town or threat, or "
        "right-click the map.",
        "patrol",
    )
    add(
        "guard",
        "II Guard…",
        "Guard a site: dense local protection. Pick a place or right-click the map.",
        "guard",
    )
    add(
        "interpose",
        "II Interpose…",
        "Stand between a faction and the civilians it threatens (a rung of the ladder).",
    )
    add("poc_site", "II POC site", "Open a protection-of-civilians site where the unit stands.")
    factions = [o.order.faction for o in by.get("show_of_force", [])]  # type: ignore[attr-defined]
    if factions:
        for fid in factions[:3]:
            name = view.model.name(fid)
            out.append(
                (
                    f"II Force: {initials(name)}…",
                    f"Use force against {name} on the escalation ladder: verbal warning, "
                    "show of force, interposition, warning shots, non-lethal, deadly. "
                    "Each rung's verdict shows before you confirm.",
                    "@order",
                    True,
                    ladder(view, u.id, fid),
                )
            )
    else:
        out.append(
            (
                "II Use force",
                "No armed party is within this unit's reach today, so there is no one to "
                "use force against.",
                "@verdict_refused",
                False,
                lambda: None,
            )
        )
    add(
        "investigate",
        "III Investigate…",
        "Monitor and investigate a party's violations: evidence for the Council.",
    )
    add(
        "support_ddr",
        "III DDR…",
        "Disarmament, demobilisation and reintegration with a consenting party.",
    )
    add(
        "redeploy",
        "M Redeploy…",
        "Move the unit and set it static there. Pick a place or right-click the map.",
        "redeploy",
    )
    return out


def ladder(view: MapState, unit: str, faction: str) -> Handler:
    """A click handler opening the escalation ladder against ``faction``."""
    return lambda: Push(LadderScreen(view.ctx, view.model, unit, faction))


def mission_actions(view: MapState) -> list[Button]:
    """Mission-level action buttons (no unit needed)."""
    opts = view.model.options(None)
    by: dict[str, list[OptionView]] = {}
    for o in opts:
        by.setdefault(o.order.kind, []).append(o)
    out: list[Button] = []
    specs = [
        (
            ("negotiate",),
            "I Negotiate…",
            "Talk with a party's leaders to build its consent (choose the party).",
            None,
        ),
        (
            ("engage_community", "public_information"),
            "I Engage…",
            "Civil affairs and public information: raise a community's trust in the mission.",
            None,
        ),
        (
            ("alert_network",),
            "I Alert net…",
            "Set up a community alert network at a town (early warning), or right-click the map.",
            "alert_network",
        ),
        (
            ("report_to_council",),
            "III Council…",
            "Report a party's violations to the Security Council: the next step of "
            "its ladder (choose the party).",
            None,
        ),
        (
            ("support_institutions",),
            "III Institutions",
            "Support the host's police and courts.",
            None,
        ),
        (
            ("request_reinforcements",),
            "M Reinforce",
            "Ask the Council for the reserve units.",
            None,
        ),
        (
            ("act_on_misconduct",),
            "M Misconduct…",
            "Act on an open misconduct case (investigate, repatriate, redress).",
            None,
        ),
    ]
    for kinds, text, tip, arm in specs:
        got = with_consent(view, [o for k in kinds for o in by.get(k, [])])
        if kinds == ("act_on_misconduct",):
            cases = view.model.open_cases()
            text = f"M Misconduct ({len(cases)})…"
            if not cases:
                out.append((text, tip + " No case is open.", "@order", False, lambda: None))
                continue
        top = best(got)
        ok = bool(got) and top != "refused"
        out.append(
            (
                text,
                with_verdict(tip, got),
                f"@verdict_{top}" if got else "@order",
                ok,
                choice(view, text.strip("…").split(" ", 1)[1], got, arm),
            )
        )
    return out


def target_order(view: MapState, kind: str, cell: tuple[int, int]) -> ro.Order | None:
    """The order of ``kind`` at ``cell`` for the selected unit (None if it needs a unit)."""
    x, y = cell
    if kind == "alert_network":
        return ro.SetUpAlertNetwork(x, y)
    if view.selected is None:
        return None
    if kind == "guard":
        return ro.Guard(view.selected, x, y)
    if kind == "redeploy":
        return ro.Redeploy(view.selected, x, y)
    return ro.Patrol(view.selected, x, y)
