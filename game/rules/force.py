"""The escalation ladder and the judgement of every use of force.

Each use of force (use of force at a rung, a show of force, an interposition) is judged on
the five tests of DOCTRINE.md, each failure a ``Finding`` under the use-of-force norm:

- justification: the facts must support the reason given. Self-defence needs a hostile
  faction present (consent below one half, or it killed peacekeepers in the last two
  days) or a threat to persons under UN protection (a POC site in reach); defence of the
  mandate needs the faction present and violating (civilians killed, a known threat, or
  hostility); protection of civilians needs a known threat from it in reach.
- necessity: the faction must be present within the unit's reach (rungs from warning
  shots up), and be a threat at all.
- proportionality: the rung may not exceed what the threat warrants: with no threat a show
  of force; against hostile presence non-lethal force; deadly force only against an
  imminent threat to life (a known threat to civilians, or peacekeepers being killed).
- graduation: a rung above show of force needs the rung below against that faction in the
  last three days, unless life is under imminent threat (DOCTRINE: skip rungs only then).
- precaution: warning shots, non-lethal or deadly force with civilians in reach risk them
  (a finding of severity 1, 2 for deadly force); civilians actually killed by the mission
  are the gravest finding (severity 3), judged after the day (``harm_findings``), and
  cost every party consent (``harm_consent``).

Ladder levels group interposition with show of force (both physical presence, no fire).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.mission.schema import Mission
from game.rules import names as naming
from game.rules.names import rung_words
from game.rules.orders import Finding, Order, Situation, order_rung
from game.sim.world import UNIT_TYPES, World

LEVEL: dict[str, int] = {
    "verbal_warning": 0,
    "show_of_force": 1,
    "interposition": 1,
    "warning_shots": 2,
    "non_lethal": 3,
    "deadly": 4,
}
"""Ladder level of each rung for graduation and proportionality."""

CONSENT_COST: tuple[float, ...] = (0.0, 0.005, 0.015, 0.03, 0.06)
"""Consent the targeted faction withdraws per use of force, by level (force erodes consent
faster than anything else); doubled when the use is unjustified."""

CIVILIANS_AT_RISK = 200.0
"""Civilians within reach above which fire risks them (precaution)."""

GRADUATION_DAYS = 3


@dataclass(frozen=True)
class ForceJudgement:
    """The findings on one use of force and the facts they rest on."""

    findings: tuple[Finding, ...]
    justified: bool
    imminent: bool
    level: int


def rule_path(sit: Situation, rung: str) -> str:
    """Mission-file path of the ROE rule for ``rung`` ('roe.force' if none)."""
    for i, r in enumerate(sit.mission.roe.force):
        if r.rung == rung:
            return f"roe.force[{i}]"
    return "roe.force"


def force_what(mission: Mission, order: Order) -> str | None:
    """What a use of force is called in its findings ('Quick Reaction Force used deadly
    force against Hill Defence Youth'): the key that ties findings back to the order (the
    after-action orders log uses it). None for an order that uses no force."""
    rung = order_rung(order)
    uid = order.unit_id
    if rung is None or uid is None:
        return None
    faction = str(getattr(order, "faction", ""))
    return (
        f"{naming.name(mission, uid)} used {rung_words(rung)} against "
        f"{naming.name(mission, faction)}"
    )


def judge_force(order: Order, sit: Situation) -> ForceJudgement | None:
    """Judge one use of force before the day is simulated; None if the order uses none."""
    rung = order_rung(order)
    uid = order.unit_id
    if rung is None or uid is None:
        return None
    u = sit.unit(uid)
    faction = str(getattr(order, "faction", ""))
    if u is None or faction not in sit.world.faction_ids:
        return None
    just = str(getattr(order, "justification", "self_defence"))
    level = LEVEL[rung]
    f = sit.world.faction_ids.index(faction)
    present = float(sit.presence(u)[f]) >= 1.0
    threats = sit.threats_in_reach(u, faction)
    attacked = sit.attacked_recently(faction)
    hostile = sit.hostile(faction)
    violating = bool(threats) or (f < len(sit.state.kills_today) and sit.state.kills_today[f] > 0)
    under_protection = any(sit.in_reach(u, x, y) for x, y in sit.world.poc_sites)
    imminent = bool(threats) or (attacked and present)
    clause = rule_path(sit, rung)
    out: list[Finding] = []
    turn = sit.turn
    label = rung_words(rung)
    fname = naming.name(sit.mission, faction)
    what = force_what(sit.mission, order) or ""

    def add(sev: int, why: str, c: str = clause) -> None:
        out.append(Finding(turn, "use_of_force", sev, what, c, why))

    # justification: do the facts support the reason given?
    if just == "self_defence":
        justified = present and (hostile or (under_protection and bool(threats)))
    elif just == "defence_of_mandate":
        justified = present and (violating or hostile)
    elif just == "protection_of_civilians":
        justified = bool(threats)
    else:  # defence_of_property
        justified = present and hostile
    if not justified and level >= 1:
        add(2, f"The facts do not support {just.replace('_', ' ')}: no such threat from {fname}.")
    # necessity
    if level >= 2 and not present:
        add(2, f"No {fname} fighters were within reach: force was not necessary.")
    elif level >= 2 and not (violating or hostile or attacked):
        add(2, f"{fname} posed no threat there: force was not necessary.")
    # proportionality
    allowed = 4 if imminent else (3 if (hostile and present) or violating else 1)
    if level > allowed:
        add(
            2 if level - allowed >= 2 else 1,
            f"{label.capitalize()} exceeded what the threat warranted (at most "
            f"{rung_name(allowed)}).",
        )
    # graduation
    if level >= 2 and not imminent:
        last = recent_level(sit.state.force_log, faction, turn)
        best = last[0] if last is not None else -1
        if best < level - 1:
            add(
                1 if level == 2 else 2,
                f"Rungs were skipped (last rung against {fname}: "
                f"{rung_name(best) if best >= 0 else 'none'}) with no imminent threat to life.",
            )
    # precaution
    if level >= 2 and UNIT_TYPES[u.type] != "military_observers":
        near = sit.civilians_near(u)
        if near >= CIVILIANS_AT_RISK:
            add(
                2 if level == 4 else 1,
                f"About {int(near)} civilians were within reach of the fire: a risk the mission "
                "must avoid (precaution).",
            )
    return ForceJudgement(tuple(out), justified, imminent, level)


def rung_name(level: int) -> str:
    """A ladder level in words ('show of force'): the first rung of that level, as
    ``wording.rung_words`` says it; 'none' for any other level (-1: no force)."""
    return next((rung_words(r) for r, lv in LEVEL.items() if lv == level), "none")


def recent_level(
    log: list[tuple[int, str, str, int]], faction: str, turn: int
) -> tuple[int, int] | None:
    """The highest ladder level used against ``faction`` within ``GRADUATION_DAYS`` of
    ``turn``, with the latest day it was used: the rung that graduation measures the next
    step from (None: no force against it lately, so anything above a show of force
    skips rungs unless life is under imminent threat)."""
    recent = [(lv, t) for t, _, fac, lv in log if fac == faction and turn - t <= GRADUATION_DAYS]
    return max(recent) if recent else None


def consent_cost(j: ForceJudgement) -> float:
    """Consent the targeted faction withdraws after this use of force."""
    base = CONSENT_COST[j.level]
    return base * (2.0 if not j.justified else 1.0) * (0.5 if j.imminent and j.justified else 1.0)


def harm_findings(
    turn: int,
    killed_by_mission: dict[str, int],
    engaged: list[str],
    mission: Mission | None = None,
) -> list[Finding]:
    """The gravest finding: civilians killed by the mission's own fire today."""
    out: list[Finding] = []
    if mission is not None:
        who = naming.names(mission, engaged) if engaged else "the mission"
    else:
        who = ", ".join(engaged) if engaged else "the mission"
    for community, n in killed_by_mission.items():
        if n > 0:
            out.append(
                Finding(
                    turn,
                    "use_of_force",
                    3,
                    f"{n} {naming.name(mission, community) if mission else community} "
                    f"civilians killed by the mission's fire ({who})",
                    "roe.force",
                    "Civilian harm caused by the mission is the gravest breach of precaution.",
                )
            )
    return out


HARM_CONSENT = 0.001
"""Consent every party withdraws per civilian killed by the mission (three times as much
for a party that recruits from the victims' community); at most ``HARM_CONSENT_CAP`` a
day. DOCTRINE: consent erodes with civilian harm caused by the mission."""
HARM_CONSENT_CAP = 0.05


def harm_consent(world: World, killed_by_mission: dict[str, int]) -> list[tuple[str, float]]:
    """(faction, consent delta) for today's civilians killed by the mission."""
    out: list[tuple[str, float]] = []
    if not killed_by_mission:
        return out
    for f, fid in enumerate(world.faction_ids):
        loss = 0.0
        for cid, n in killed_by_mission.items():
            c = world.community_ids.index(cid)
            loss += HARM_CONSENT * n * (3.0 if world.recruits_from[f, c] else 1.0)
        out.append((fid, -min(HARM_CONSENT_CAP, loss)))
    return out


def is_force(order: Order) -> bool:
    """Whether an order uses a rung of force (including show of force and interposition)."""
    return order_rung(order) is not None


def is_fire(order: Order) -> bool:
    """Whether an order fires (warning shots and above)."""
    return LEVEL.get(order_rung(order) or "", -1) >= 2
