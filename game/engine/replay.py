"""Replay files: the mission, the seed and every turn's orders and state hashes.

A replay is one JSON document::

    {"header": {"replay_format": 1, "app_version": ..., "mission_file": ...,
                "mission_digest": ..., "mission": {...canonical mission...},
                "seed": 7, "mode": "free", "counterfactual": false, "policy": "doctrine"},
     "turns": [{"turn": 1, "orders": [{"order": "patrol", ...}], "injects": [],
                "state_hash": "...", "layer_hashes": {"civilians": "...", ...}}, ...]}

Because the game is deterministic given the mission, the seed and the orders, re-running
the orders must reproduce every turn's hash. ``verify`` does that and names the first
turn and layer that differ; ``rebuild`` replays up to a turn so a game can be *branched*
from there under new orders or a new policy. The mission travels inside the file, so a
replay still verifies after its mission file was edited.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from game._version import __version__
from game.engine.save import atomic_write_bytes, mission_digest
from game.mission.schema import Mission
from game.mission.upgrade import drop_retired

if TYPE_CHECKING:
    from game.engine.session import Session, TurnResult
    from game.rules.orders import Order

__all__ = [
    "REPLAY_FORMAT",
    "Mismatch",
    "Replay",
    "ReplayError",
    "TurnRecord",
    "VerifyReport",
    "read_replay",
    "rebuild",
    "verify",
    "write_replay",
]

REPLAY_FORMAT: Final = 1
"""The replay format this build writes and the newest it reads."""


class ReplayError(Exception):
    """A replay that cannot be read or re-run; the message says why."""


@dataclass(frozen=True)
class TurnRecord:
    """One played turn: the orders given (as dicts), injects fired by hand, the hashes."""

    turn: int
    orders: tuple[dict[str, Any], ...]
    injects: tuple[str, ...]
    state_hash: str
    layer_hashes: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "turn": self.turn,
            "orders": list(self.orders),
            "injects": list(self.injects),
            "state_hash": self.state_hash,
            "layer_hashes": dict(self.layer_hashes),
        }


@dataclass
class Replay:
    """A replay in memory: how the game started and every turn since."""

    mission: Mission
    seed: int
    mode: str = "free"
    counterfactual: bool = False
    policy: str | None = None
    mission_file: str | None = None
    turns: list[TurnRecord] = field(default_factory=list)
    app_version: str = __version__

    @classmethod
    def start(
        cls,
        session: Session,
        *,
        policy: str | None = None,
        mission_file: str | os.PathLike[str] | None = None,
    ) -> Replay:
        """An empty replay for a session about to be played."""
        return cls(
            mission=session.mission,
            seed=int(session.seed),
            mode=str(session.mode),
            counterfactual=bool(getattr(session, "counterfactual", False)),
            policy=policy,
            mission_file=os.fspath(mission_file) if mission_file is not None else None,
        )

    def record(
        self, result: TurnResult, orders: Iterable[Order], injects: Sequence[str] = ()
    ) -> TurnRecord:
        """Append the turn just played: the orders submitted (in order) and its hashes."""
        rec = TurnRecord(
            turn=int(result.turn),
            orders=tuple(o.to_dict() for o in orders),
            injects=tuple(injects),
            state_hash=result.state_hash,
            layer_hashes=dict(result.layer_hashes),
        )
        self.turns.append(rec)
        return rec

    @property
    def mission_digest(self) -> str:
        """Digest of the carried mission."""
        return mission_digest(self.mission)

    def header(self) -> dict[str, Any]:
        """The header record (everything but the turns)."""
        return {
            "replay_format": REPLAY_FORMAT,
            "app_version": self.app_version,
            "mission_file": self.mission_file,
            "mission_id": self.mission.meta.id,
            "mission_digest": self.mission_digest,
            "seed": self.seed,
            "mode": self.mode,
            "counterfactual": self.counterfactual,
            "policy": self.policy,
            "mission": json.loads(self.mission.model_dump_json()),
        }

    def to_json(self) -> str:
        """The replay file's text: the header, then one line per turn (diff-friendly)."""
        turns = ",\n".join(
            "  " + json.dumps(t.to_dict(), sort_keys=True, separators=(",", ":"))
            for t in self.turns
        )
        # not sort_keys: the mission's own mappings (populations, intents) keep their order,
        # which its canonical JSON, and so its digest, depend on
        head = json.dumps(self.header(), separators=(",", ":"))
        return f'{{"header": {head},\n "turns": [\n{turns}\n]}}\n'


def write_replay(replay: Replay, path: str | os.PathLike[str]) -> None:
    """Write the replay atomically."""
    atomic_write_bytes(path, replay.to_json().encode("utf-8"))


def read_replay(path: str | os.PathLike[str]) -> Replay:
    """Read a replay file; ``ReplayError`` if it is missing, damaged or from a newer build."""
    name = os.fspath(path)
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReplayError(f"{name}: no such replay file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReplayError(f"{name}: not a readable replay ({exc})") from None
    try:
        head = doc["header"]
        version = head["replay_format"]
        if not isinstance(version, int) or version > REPLAY_FORMAT:
            raise ReplayError(
                f"{name}: written by a newer Blue Helm ({head.get('app_version', '?')}, replay "
                f"format {version}); this build reads replay formats up to {REPLAY_FORMAT}"
            )
        carried, retired = drop_retired(head["mission"])  # the digest is of the mission as written
        mission = Mission.model_validate(carried)
        if not retired and mission_digest(mission) != head["mission_digest"]:
            raise ReplayError(f"{name}: the mission inside the replay does not match its digest")
        turns = [
            TurnRecord(
                turn=int(t["turn"]),
                orders=tuple(dict(o) for o in t["orders"]),
                injects=tuple(str(i) for i in t.get("injects", [])),
                state_hash=str(t["state_hash"]),
                layer_hashes={str(k): str(v) for k, v in t["layer_hashes"].items()},
            )
            for t in doc["turns"]
        ]
        return Replay(
            mission=mission,
            seed=int(head["seed"]),
            mode=str(head["mode"]),
            counterfactual=bool(head.get("counterfactual", False)),
            policy=head.get("policy"),
            mission_file=head.get("mission_file"),
            turns=turns,
            app_version=str(head.get("app_version", "?")),
        )
    except ReplayError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReplayError(f"{name}: damaged replay ({type(exc).__name__}: {exc})") from None


# --------------------------------------------------------------------------- re-running


@dataclass(frozen=True)
class Mismatch:
    """The first turn whose state differs from the record, and the first layer that does."""

    turn: int
    layer: str | None
    expected: str
    got: str

    def __str__(self) -> str:
        """``turn N: layer 'civilians' differs``."""
        if self.layer is None:
            return (
                f"turn {self.turn}: state hash differs "
                f"(expected {self.expected[:12]}, got {self.got[:12]})"
            )
        return f"turn {self.turn}: layer '{self.layer}' differs"


@dataclass(frozen=True)
class VerifyReport:
    """How a replay re-ran: turns checked and matched, and the first mismatch if any."""

    turns: int
    matched: int
    mismatch: Mismatch | None

    @property
    def ok(self) -> bool:
        """Every recorded turn reproduced exactly."""
        return self.mismatch is None and self.matched == self.turns

    def __str__(self) -> str:
        """A one-line verdict."""
        if self.ok:
            return f"replay verified: {self.matched} of {self.turns} turns match (100%)"
        return (
            f"replay differs: {self.mismatch} ({self.matched} of {self.turns} turns matched first)"
        )


def _orders(records: Sequence[dict[str, Any]]) -> list[Order]:
    from game.rules.orders import OrderError, order_from_dict

    try:
        return [order_from_dict(dict(o)) for o in records]
    except OrderError as exc:
        raise ReplayError(f"the replay holds an order this build does not know: {exc}") from None


def new_session(replay: Replay) -> Session:
    """A fresh session set up as the recorded game was."""
    from game.engine.session import Session

    return Session.new(
        replay.mission,
        replay.seed,
        mode=replay.mode,  # type: ignore[arg-type]
        counterfactual=replay.counterfactual,
    )


def play_record(session: Session, rec: TurnRecord) -> TurnResult:
    """Play one recorded turn on ``session``: injects fired by hand, the orders, end of turn."""
    for inject in rec.injects:
        session.fire_inject(inject)
    orders = _orders(rec.orders)
    if orders:
        session.submit(orders)
    return session.end_turn()


def first_mismatch(rec: TurnRecord, result: TurnResult) -> Mismatch | None:
    """Compare a re-played turn with its record; name the first differing layer."""
    if result.state_hash == rec.state_hash:
        return None
    for name, want in rec.layer_hashes.items():
        got = result.layer_hashes.get(name)
        if got != want:
            return Mismatch(rec.turn, name, want, got or "<missing>")
    for name in result.layer_hashes:
        if name not in rec.layer_hashes:
            return Mismatch(rec.turn, name, "<missing>", result.layer_hashes[name])
    return Mismatch(rec.turn, None, rec.state_hash, result.state_hash)


def verify(replay: Replay | str | os.PathLike[str]) -> VerifyReport:
    """Re-run a replay and compare every turn's hash; stop at the first mismatch."""
    rp = replay if isinstance(replay, Replay) else read_replay(replay)
    session = new_session(rp)
    matched = 0
    for rec in rp.turns:
        if session.is_over():
            return VerifyReport(
                len(rp.turns),
                matched,
                Mismatch(rec.turn, None, rec.state_hash, "<game already over>"),
            )
        result = play_record(session, rec)
        if result.turn != rec.turn:
            return VerifyReport(
                len(rp.turns), matched, Mismatch(rec.turn, "turn", str(rec.turn), str(result.turn))
            )
        miss = first_mismatch(rec, result)
        if miss is not None:
            return VerifyReport(len(rp.turns), matched, miss)
        matched += 1
    return VerifyReport(len(rp.turns), matched, None)


def rebuild(replay: Replay, turn: int, *, check: bool = True) -> tuple[Session, Replay]:
    """Replay the first ``turn`` turns; return the session and a replay of just those turns.

    ``check`` stops with ``ReplayError`` if a re-played hash differs from the record, so a
    branch never grows from a state the original game did not reach.
    """
    if not 0 <= turn <= len(replay.turns):
        raise ReplayError(f"cannot branch at turn {turn}: the replay has {len(replay.turns)} turns")
    session = new_session(replay)
    prefix = Replay(
        mission=replay.mission,
        seed=replay.seed,
        mode=replay.mode,
        counterfactual=replay.counterfactual,
        policy=replay.policy,
        mission_file=replay.mission_file,
    )
    for rec in replay.turns[:turn]:
        result = play_record(session, rec)
        miss = first_mismatch(rec, result) if check else None
        if miss is not None:
            raise ReplayError(f"the replay does not reproduce on this build: {miss}")
        prefix.turns.append(rec)
    return session, prefix
