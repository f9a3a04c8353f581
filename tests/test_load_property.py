"""Property: whatever bytes arrive, the loader returns the model or one located MissionError.

A valid mission-like document is mutated (characters deleted, inserted and replaced,
YAML syntax and tags injected, lines duplicated and swapped, raw byte garbage, nesting
bombs, truncation) and the loader must never raise anything but ``MissionError``, whose
every problem lies inside the text. Hypothesis checks 2,000 documents per run,
derandomized and without an example database, so CI sees the same documents on every
run. The loader's own speed on the same kind of documents is measured by
``tests/benchmarks/bench_load.py`` (speed lives in benchmarks, not in timed tests).
"""

from __future__ import annotations

import enum
import re
from typing import Annotated, Literal

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from game.mission.errors import MissionError
from game.mission.load import load_text

EXAMPLES = 2_000


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Kind(enum.StrEnum):
    GOVERNMENT = "government"
    REBEL = "rebel"
    MILITIA = "militia"


class Faction(Strict):
    id: str
    kind: Kind
    consent: float = Field(ge=0, le=1)
    signatory: bool = True


class Unit(Strict):
    id: str
    strength: int = Field(ge=0)
    at: tuple[int, int] | str


class Attack(Strict):
    type: Literal["attack"]
    faction: str
    strength: int


class ChangeConsent(Strict):
    type: Literal["change_consent"]
    faction: str
    delta: float


class Inject(Strict):
    id: str
    turn: int
    effects: list[Annotated[Attack | ChangeConsent, Field(discriminator="type")]] = []


class MiniMission(Strict):
    format: int
    name: str
    chapter: Literal["VI", "VII"]
    start: str
    factions: list[Faction]
    units: list[Unit]
    injects: list[Inject] = []
    notes: dict[str, str] = {}

    @model_validator(mode="after")
    def _references(self) -> MiniMission:
        known = {f.id for f in self.factions}
        problems = [
            (("injects", i, "effects", j, "faction"), f"unknown faction '{e.faction}'")
            for i, inject in enumerate(self.injects)
            for j, e in enumerate(inject.effects)
            if e.faction not in known
        ]
        if problems:
            raise PydanticCustomError(
                "mission_reference", "{summary}", {"summary": "bad", "problems": problems}
            )
        return self


VALID = """\
# yaml-language-server: $schema=./mission.schema.json
format: 1
name: "Lake Veldia"
chapter: VII
start: 06:30
factions:
  - id: vna
    kind: government
    consent: 0.8
  - {id: mlf, kind: rebel, consent: 0.5, signatory: false}
units:
  - {id: inf_1, strength: 800, at: Solen}
  - id: mo_1
    strength: 20
    at: [40, 20]
injects:
  - id: riot
    turn: 6
    effects:
      - {type: attack, faction: vna, strength: 80}
      - type: change_consent
        faction: mlf
        delta: -0.2
notes:
  summary: >-
    Keep both parties' consent; treat them alike.
"""

SNIPPETS = (
    "[", "]", "{", "}", ": ", "- ", "\n", "\t", "'", '"', "#", ",", "? ", "|", ">",
    "&a ", "*a", "!!python/object/apply:os.system ", "!custom ", "!!str ", "---\n",
    "...\n", ".nan", ".inf", "~", "0x1F", "12:30", "no", "yes", "1e999", "\\", "\ufeff",
    "\x00", "\r", "\u2028", "\x85", "%YAML 1.1\n", "  ", "[" * 70, "- " * 70, "{a: " * 40,
    "stregth: 3\n", "type: atack", "chapter: VIII\n", "faction: zzz", "\udcff",
)  # fmt: skip
OPS = 10


def mutate(text: str, edits: list[tuple[int, int, int]]) -> str | bytes:
    """Apply edits (op, position, argument) to ``text``; byte edits turn it into bytes."""
    doc: str | bytes = text
    for op, where, arg in edits:
        if isinstance(doc, bytes):
            i = where % (len(doc) + 1)
            if op % 2:
                doc = doc[:i] + bytes([arg % 256]) + doc[i:]
            else:
                doc = doc[:i] + doc[i + 1 + arg % 8 :]
            continue
        i = where % (len(doc) + 1)
        if op == 0:  # delete a span
            doc = doc[:i] + doc[i + 1 + arg % 12 :]
        elif op == 1:  # insert any code point (lone surrogates included)
            doc = doc[:i] + chr(arg % 0x110000) + doc[i:]
        elif op == 2:  # replace a character
            doc = doc[:i] + chr(arg % 0x110000) + doc[i + 1 :]
        elif op in (3, 4):  # inject YAML syntax, tags, numbers, bombs
            doc = doc[:i] + SNIPPETS[arg % len(SNIPPETS)] + doc[i:]
        elif op == 5:  # duplicate a line: duplicate keys, repeated items
            lines = doc.split("\n")
            k = where % len(lines)
            lines.insert(k, lines[k])
            doc = "\n".join(lines)
        elif op == 6:  # swap two lines: broken indentation, keys in the wrong mapping
            lines = doc.split("\n")
            a, b = where % len(lines), arg % len(lines)
            lines[a], lines[b] = lines[b], lines[a]
            doc = "\n".join(lines)
        elif op == 7:  # byte garbage in the UTF-8 encoding
            raw = doc.encode("utf-8", "surrogatepass")
            doc = raw[:i] + bytes([0x80 + arg % 128]) + raw[i:]
        elif op == 8:  # truncate
            doc = doc[:i]
        else:  # re-indent a line
            lines = doc.split("\n")
            k = where % len(lines)
            lines[k] = " " * (arg % 7) + lines[k].lstrip(" ")
            doc = "\n".join(lines)
    return doc


def check(doc: str | bytes) -> bool:
    """Load ``doc``: the model, or a MissionError located inside the text. True if loaded."""
    try:
        result = load_text(doc, MiniMission, "mini.yaml")
    except MissionError as error:
        text = doc.decode("utf-8", "replace") if isinstance(doc, bytes) else doc
        lines = re.split(r"\r\n|\r|\n", text)
        assert error.problems
        for problem in error.problems:
            assert problem.file == "mini.yaml"
            assert problem.message.strip(), problem
            assert 1 <= problem.line <= len(lines), (problem, len(lines))
            assert 1 <= problem.col <= len(lines[problem.line - 1]) + 1, problem
            assert "Traceback" not in problem.message
        return False
    assert isinstance(result, MiniMission)
    return True


def edits_from(blob: bytes) -> list[tuple[int, int, int]]:
    """Decode 1 to 4 edits (op, position, argument) from ``EDIT_BYTES`` bytes."""
    count = blob[0] % 4 + 1
    return [
        (
            blob[1 + 6 * k] % OPS,
            int.from_bytes(blob[2 + 6 * k : 4 + 6 * k], "big"),
            int.from_bytes(blob[4 + 6 * k : 7 + 6 * k], "big"),
        )
        for k in range(count)
    ]


EDIT_BYTES = 25
BATCH = 10
"""Documents per hypothesis example: the engine costs ~1 ms per example on a slow CI
machine, more than the loader itself, so each example carries ten documents (one
``binary`` draw) and 200 examples make the 2,000."""


def test_the_valid_document_loads() -> None:
    assert check(VALID)


def test_edits_cover_every_operation() -> None:
    decoded = [edits_from(bytes([0, op] + [7] * 23)) for op in range(OPS)]
    assert [edits[0][0] for edits in decoded] == list(range(OPS))
    assert all(len(edits) == 1 for edits in decoded)
    assert len(edits_from(bytes([3] + [1] * 24))) == 4


@settings(
    max_examples=EXAMPLES // BATCH,
    deadline=None,
    derandomize=True,  # the same documents on every run: CI stays deterministic
    database=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.binary(min_size=BATCH * EDIT_BYTES, max_size=BATCH * EDIT_BYTES))
def test_broken_documents_only_ever_raise_located_mission_errors(blob: bytes) -> None:
    for k in range(BATCH):
        doc = mutate(VALID, edits_from(blob[k * EDIT_BYTES : (k + 1) * EDIT_BYTES]))
        try:
            check(doc)
        except AssertionError as failure:
            raise AssertionError(f"{failure}\ndocument: {doc!r}") from None
