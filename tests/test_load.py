"""The hardened loader: every refusal is one MissionError with located, human problems.

A toy model (nested models, an enum, a discriminated union, a cross-reference check
raising ``mission_reference``) keeps these tests independent of the mission schema;
the last tests run the same loader against the real ``Mission`` and the tutorial.
"""

from __future__ import annotations

import enum
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

import game.mission.yamlsafe as yamlsafe
from game.mission import load as load_module
from game.mission.errors import MissionError, Problem
from game.mission.load import (
    load_document,
    load_file,
    load_mission,
    load_mission_text,
    load_text,
)
from game.mission.yamlsafe import MAX_BYTES, MAX_DEPTH, check_depth, parse_text, resolve_plain

# --------------------------------------------------------------------------- the toy model


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Chapter(enum.StrEnum):
    VI = "VI"
    VII = "VII"


class Unit(Strict):
    id: str
    strength: int = Field(ge=0, description="Troop strength in soldiers. Never negative.")
    at: tuple[int, int] | str


class SetConsent(Strict):
    type: Literal["set_consent"]
    faction: str
    value: float


class Attack(Strict):
    type: Literal["attack"]
    faction: str
    strength: int


Effect = Annotated[SetConsent | Attack, Field(discriminator="type")]


class Inject(Strict):
    id: str
    effects: list[Effect] = []


class Toy(Strict):
    name: str
    chapter: Chapter
    country: str = "XX"
    start: str = "00:00"
    signatory: bool = True
    rate: float = 0.0
    factions: list[str]
    units: list[Unit]
    injects: list[Inject] = []
    by_day: dict[int, str] = {}
    notes: dict[str, str | int] = {}

    @model_validator(mode="after")
    def _references(self) -> Toy:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for i, inject in enumerate(self.injects):
            for j, effect in enumerate(inject.effects):
                if effect.faction not in self.factions:
                    loc = ("injects", i, "effects", j, "faction")
                    problems.append((loc, f"unknown faction '{effect.faction}'"))
        if problems:
            raise PydanticCustomError(
                "mission_reference",
                "{summary}",
                {"summary": f"{len(problems)} bad references", "problems": problems},
            )
        return self


VALID = """\
# A toy mission for loader tests.
name: Lake Veldia
chapter: VII
country: NO
start: 12:30
signatory: true
rate: 0.5
factions: [vna, mlf]
units:
  - id: inf_1
    strength: 800
    at: [20, 30]
  - id: fpu_1
    strength: 140
    at: Solen
injects:
  - id: riot
    effects:
      - {type: set_consent, faction: vna, value: 0.4}
      - type: attack
        faction: mlf
        strength: 80
by_day:
  1: first day
  10: tenth day
notes:
  answer: "yes"
  ratio: 0x1F
"""


def edit(old: str, new: str) -> str:
    """VALID with one exact piece replaced (so line numbers stay easy to read)."""
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def refuse(source: str | bytes, model: type[BaseModel] = Toy) -> tuple[Problem, ...]:
    with pytest.raises(MissionError) as info:
        load_text(source, model, "toy.yaml")
    problems = info.value.problems
    assert problems, "a MissionError always carries at least one problem"
    return problems


# --------------------------------------------------------------------------- valid input


def test_valid_document_loads_as_the_frozen_model() -> None:
    toy = load_text(VALID, Toy, "toy.yaml")
    assert isinstance(toy, Toy)
    assert toy.chapter is Chapter.VII
    assert toy.country == "NO"  # not False: the Norway problem
    assert toy.start == "12:30"  # not 750: no sexagesimal
    assert toy.units[0].at == (20, 30) and toy.units[1].at == "Solen"
    assert isinstance(toy.injects[0].effects[1], Attack)
    assert toy.by_day == {1: "first day", 10: "tenth day"}
    assert toy.notes == {"answer": "yes", "ratio": 31}  # 0x1F: YAML 1.2 hexadecimal
    with pytest.raises(ValidationError):
        toy.name = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        toy.units[0].strength = 1  # type: ignore[misc]


def test_yaml_12_scalars() -> None:
    data, _ = parse_text(
        "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: 12:30\nh: 0x1F\ni: 0o17\nj: 010\n"
        "k: 1_000\nl: 1.5e3\nm: ~\nn: True\no: FALSE\np: 2024-01-01\nq: -7\nr: '.nan'\n",
        "t.yaml",
    )
    assert data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": "y",
        "f": "n",
        "g": "12:30",
        "h": 31,
        "i": 15,
        "j": 10,  # leading zeros are decimal in YAML 1.2
        "k": "1_000",
        "l": 1500.0,
        "m": None,
        "n": True,
        "o": False,
        "p": "2024-01-01",  # dates stay text; the model parses them
        "q": -7,
        "r": ".nan",  # quoted: text
    }
    assert resolve_plain("12:30:45") == "12:30:45"


def test_load_file_and_document_read_paths_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "toy.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())  # BOM + CRLF
    assert load_file(path, Toy).name == "Lake Veldia"
    assert load_document(str(path), Toy).name == "Lake Veldia"
    assert load_document(VALID.encode(), Toy).name == "Lake Veldia"
    with pytest.raises(MissionError) as info:
        load_document(edit("chapter: VII", "chapter: IX").encode(), Toy, filename="b.yaml")
    assert str(info.value).startswith("b.yaml:3:10: ")


# --------------------------------------------------------------------------- the table

TAB = "\t"
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi", strict=True)
)

# (id, source, regex the message must match, line, col)
BROKEN: list[tuple[str, str | bytes, str, int, int]] = [
    (
        "duplicate key",
        edit("rate: 0.5\n", "rate: 0.5\nname: Again\n"),
        r"duplicate key 'name' \(first defined at line 2, column 1\)",
        8,
        1,
    ),
    (
        "unknown key with suggestion",
        edit("    strength: 800", "    stregth: 800"),
        r"^units\[0\]: unknown key 'stregth' \(did you mean 'strength'\?\)$",
        11,
        5,
    ),
    (
        "unknown key lists the allowed keys",
        edit("    at: Solen", "    at: Solen\n    zzz: 1"),
        r"unknown key 'zzz' \(allowed here: id, strength, at\)",
        16,
        5,
    ),
    (
        "bad enum with suggestion",
        edit("chapter: VII", "chapter: VIII"),
        r"^chapter: 'VIII' is not one of: VI, VII \(did you mean 'VII'\?\)$",
        3,
        10,
    ),
    (
        "bad union tag with suggestion",
        edit("      - type: attack", "      - type: atack"),
        r"effects\[1\]\.type: 'atack' is not one of: set_consent, attack "
        r"\(did you mean 'attack'\?\)",
        20,
        15,
    ),
    (
        "error inside a discriminated union branch",
        edit("        strength: 80", "        strength: eighty"),
        r"^injects\[0\]\.effects\[1\]\.strength: expected an integer, got 'eighty'$",
        22,
        19,
    ),
    (
        "wrong type",
        edit("    strength: 800", "    strength: abc"),
        r"^units\[0\]\.strength: expected an integer, got 'abc'$",
        11,
        15,
    ),
    (
        "number where text is needed",
        edit("name: Lake Veldia", "name: 1994"),
        r"expected text, got 1994 \(put it in quotes to make it text\)",
        2,
        7,
    ),
    (
        "union of types merged",
        edit("    at: Solen", "    at: 5"),
        r"^units\[1\]\.at: expected a list or text, got 5",
        15,
        9,
    ),
    (
        "missing required field",
        edit("name: Lake Veldia\n", ""),
        r"^missing field 'name'$",
        2,
        1,
    ),
    (
        "missing nested field with its description",
        edit("    strength: 140\n", ""),
        r"^units\[1\]: missing field 'strength' \(Troop strength in soldiers\)$",
        13,
        5,
    ),
    (
        "constraint message kept, no pydantic noise",
        edit("    strength: 800", "    strength: -5"),
        r"^units\[0\]\.strength: Input should be greater than or equal to 0$",
        11,
        15,
    ),
    (
        "no is text, not a boolean",
        edit("signatory: true", "signatory: no"),
        r"^signatory: expected true or false, got 'no'$",
        6,
        12,
    ),
    (
        "1 is not a boolean either",
        edit("signatory: true", "signatory: 1"),
        r"expected true or false, got 1",
        6,
        12,
    ),
    (
        "12:30 is text, not sexagesimal",
        edit("rate: 0.5", "rate: 12:30"),
        r"^rate: expected a number, got '12:30'$",
        7,
        7,
    ),
    (".nan", edit("rate: 0.5", "rate: .nan"), r"'\.nan' is refused: NaN and infinite", 7, 7),
    (".inf", edit("rate: 0.5", "rate: .inf"), r"'\.inf' is refused: NaN and infinite", 7, 7),
    ("-.inf", edit("rate: 0.5", "rate: -.Inf"), r"'-\.Inf' is refused", 7, 7),
    ("NaN spelled plainly", edit("rate: 0.5", "rate: NaN"), r"'NaN' is refused", 7, 7),
    ("Infinity", edit("rate: 0.5", "rate: -Infinity"), r"'-Infinity' is refused", 7, 7),
    (
        "quoted nan read as a float",
        edit("rate: 0.5", 'rate: "nan"'),
        r"^rate: 'nan' is refused: NaN and infinite numbers are not allowed$",
        7,
        7,
    ),
    ("overflow to infinity", edit("rate: 0.5", "rate: 1e999"), r"too large", 7, 7),
    (
        "python object tag",
        edit("name: Lake Veldia", "name: !!python/object/apply:os.system [echo pwned]"),
        r"tags such as '!!python/object/apply:os\.system' are not allowed",
        2,
        7,
    ),
    (
        "custom tag",
        edit('  answer: "yes"', "  answer: !secret yes"),
        r"tags such as '!secret' are not allowed",
        27,
        11,
    ),
    (
        "even !!str is refused",
        edit("country: NO", "country: !!str NO"),
        r"tags such as '!!str' are not allowed",
        4,
        10,
    ),
    ("billion laughs", BILLION_LAUGHS, r"anchors \(&a\) and aliases are not allowed", 1, 4),
    (
        "alias",
        edit("country: NO", "country: *home"),
        r"aliases \(\*home\) are not allowed",
        4,
        10,
    ),
    ("deep flow nesting", "[" * 100_000, rf"nesting is deeper than {MAX_DEPTH} levels", 1, 65),
    (
        "deep flow nesting in a value",
        edit("factions: [vna, mlf]", "factions: " + "{a: [" * 40),
        r"nesting is deeper than 64",
        8,
        11 + 5 * 31 + 4,  # the '[' of the 32nd "{a: [" opens level 65
    ),
    (
        "deep block nesting",
        "".join(" " * i + "a:\n" for i in range(200)),
        r"nesting is deeper than 64",
        65,
        65,
    ),
    (
        "deep block sequences",
        "- " * 100 + "x\n",
        r"nesting is deeper than 64",
        1,
        129,
    ),
    (
        "oversize",
        "a: " + "x" * MAX_BYTES + "\n",
        r"the file is too large \([0-9,]+ bytes; the limit is 4 MiB\)",
        1,
        1,
    ),
    (
        "non-UTF-8 byte",
        edit("name: Lake Veldia", "name: Lake V\xe9ldia").encode("latin-1"),
        r"not valid UTF-8 \(byte 0xe9 at offset 46\)",
        2,
        13,
    ),
    ("UTF-16", "name: x\n".encode("utf-16"), r"the file is UTF-16; save it as UTF-8", 1, 1),
    ("control character", edit("name: Lake", "name: La\x00ke"), r"character U\+0000", 2, 9),
    ("empty file", "", r"^the file is empty", 1, 1),
    ("only comments", "# nothing here\n\n", r"^the file is empty", 1, 1),
    (
        "multiple documents",
        VALID + "---\nname: second\n",
        r"a second YAML document starts here",
        29,
        1,
    ),
    (
        "syntax error",
        edit("factions: [vna, mlf]", "factions: [vna, mlf"),
        r"^YAML syntax error: did not find expected ',' or '\]'",
        9,
        6,
    ),
    (
        "tab indentation",
        edit("    strength: 800", TAB + "strength: 800"),
        r"tab character: YAML indentation must use spaces",
        11,
        1,
    ),
    (
        "boolean key",
        edit('  answer: "yes"', '  true: "yes"'),
        r"a key must be text or an integer, got 'true'; quote it",
        27,
        3,
    ),
    (
        "null key",
        edit('  answer: "yes"', '  ~: "yes"'),
        r"a key must be text or an integer, got null",
        27,
        3,
    ),
    (
        "list as a key",
        edit('  answer: "yes"', '  ? [a, b]\n  : "yes"'),
        r"a key must be text or an integer, not a list",
        27,
        5,
    ),
    (
        "mapping where a list is needed",
        edit("factions: [vna, mlf]", "factions: {vna: 1}"),
        r"^factions: expected a list, got a mapping$",
        8,
        11,
    ),
    (
        "top level is not a mapping",
        "- a\n- b\n",
        r"^expected a mapping \(key: value lines\), got a list$",
        1,
        1,
    ),
    (
        "bad dict key",
        edit("  10: tenth day", "  tenth: tenth day"),
        r"^by_day: key 'tenth': expected an integer, got 'tenth'$",
        25,
        3,
    ),
    (
        "cross-reference located at the offending line",
        edit("faction: mlf", "faction: mfl"),
        r"^injects\[0\]\.effects\[1\]\.faction: unknown faction 'mfl'$",
        21,
        18,
    ),
]


@pytest.mark.parametrize(
    ("source", "pattern", "line", "col"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_input_is_refused_with_a_located_message(
    source: str | bytes, pattern: str, line: int, col: int
) -> None:
    problems = refuse(source)
    found = [p for p in problems if re.search(pattern, p.message)]
    assert found, f"no problem matches {pattern!r}: {[str(p) for p in problems]}"
    assert (found[0].line, found[0].col) == (line, col), [str(p) for p in problems]
    assert all(p.file == "toy.yaml" for p in problems)
    assert "http" not in str(problems) and "Value error" not in str(problems)


def test_the_table_is_big_enough() -> None:
    assert len(BROKEN) >= 25


def test_a_missing_field_unrelated_to_an_unknown_key_is_still_reported() -> None:
    problems = refuse(edit("    strength: 800", "    colour: blue"))
    assert [p.message for p in problems] == [
        "units[0]: missing field 'strength' (Troop strength in soldiers)",
        "units[0]: unknown key 'colour' (allowed here: id, strength, at)",
    ]


def test_duplicate_key_names_both_lines() -> None:
    (problem,) = refuse(edit("rate: 0.5\n", "rate: 0.5\nname: Again\n"))
    assert str(problem) == (
        "toy.yaml:8:1: duplicate key 'name' (first defined at line 2, column 1)"
    )


def test_every_error_is_reported_sorted_by_position() -> None:
    text = (
        edit("    strength: 140", "    strength: lots")
        .replace("chapter: VII", "chapter: V")
        .replace("    strength: 800", "    stregth: 800")
    )
    problems = refuse(text)
    assert [(p.line, p.col) for p in problems] == [(3, 10), (10, 5), (11, 5), (14, 15)]
    assert [p.message for p in problems] == [
        "chapter: 'V' is not one of: VI, VII (did you mean 'VI'?)",
        "units[0]: missing field 'strength' (Troop strength in soldiers)",
        "units[0]: unknown key 'stregth' (did you mean 'strength'?)",
        "units[1].strength: expected an integer, got 'lots'",
    ]


def test_three_errors_three_problems() -> None:
    text = (
        edit("rate: 0.5", "rate: fast")
        .replace("chapter: VII", "chapter: VIII")
        .replace("    at: Solen", "    at: Solen\n    colour: blue")
    )
    problems = refuse(text)
    assert len(problems) == 3
    assert [p.line for p in problems] == sorted(p.line for p in problems) == [3, 7, 16]


def test_all_cross_reference_problems_are_expanded() -> None:
    text = edit("faction: vna, value", "faction: nva, value").replace(
        "faction: mlf", "faction: flm"
    )
    problems = refuse(text)
    assert [str(p) for p in problems] == [
        "toy.yaml:19:38: injects[0].effects[0].faction: unknown faction 'nva'",
        "toy.yaml:21:18: injects[0].effects[1].faction: unknown faction 'flm'",
    ]


@pytest.mark.parametrize(
    "text",
    [
        VALID.replace("\n", "\r\n"),  # Windows line endings
        VALID.replace("\n", "\r"),  # old Mac line endings
        VALID.replace("Lake Veldia", '"Lake\u2028Veldia"'),  # LS inside a string: no new line
        "\ufeff" + VALID,  # a byte-order mark
    ],
    ids=["crlf", "cr", "line-separator", "bom"],
)
def test_line_numbers_survive_odd_line_breaks(text: str) -> None:
    broken = text.replace("chapter: VII", "chapter: IX")
    (problem,) = refuse(broken)
    assert (problem.line, problem.col) == (3, 10)
    (problem,) = refuse(broken.encode("utf-8"))
    assert (problem.line, problem.col) == (3, 10)


def test_mission_error_pickles_with_its_problems() -> None:
    import pickle

    error = MissionError([Problem("a.yaml", 1, 2, "one")])
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, MissionError) and again.problems == error.problems


def test_mission_error_str_is_one_problem_per_line() -> None:
    error = MissionError([Problem("a.yaml", 1, 2, "one"), Problem("a.yaml", 3, 4, "two")])
    assert str(error) == "a.yaml:1:2: one\na.yaml:3:4: two"
    assert str(error.problems[0]) == "a.yaml:1:2: one"
    with pytest.raises(AttributeError):
        error.problems[0].line = 5  # type: ignore[misc]


# --------------------------------------------------------------------------- files


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissionError) as info:
        load_file(tmp_path / "nope.yaml", Toy)
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}:1:1: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(MissionError, match=r":1:1: this is a directory, not a mission file$"):
        load_file(tmp_path, Toy)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: stat says it is too big
    with pytest.raises(MissionError, match="too large"):
        load_file(path, Toy)


def test_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID, encoding="utf-8")

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(yamlsafe, "open", forbidden, raising=False)
    with pytest.raises(MissionError) as info:
        load_file(path, Toy)
    assert str(info.value) == f"{path}:1:1: cannot read the file: Permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_error_for_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(MissionError, match="cannot read the file"):
        load_file(path, Toy)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_special_file_is_refused() -> None:
    with pytest.raises(MissionError, match="not a regular file"):
        load_file("/dev/zero", Toy)


# --------------------------------------------------------------------------- never a traceback


class Exploding(Strict):
    name: str

    @model_validator(mode="after")
    def _boom(self) -> Exploding:
        if self.name == "zero":
            raise ZeroDivisionError("division by zero")
        if self.name == "deep":
            raise RecursionError("maximum recursion depth exceeded")
        if self.name == "memory":
            raise MemoryError
        return self


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zero", "internal error while loading (ZeroDivisionError: division by zero)"),
        ("deep", "the document is too deeply nested to process"),
        ("memory", "the document is too large to process (out of memory)"),
    ],
)
def test_unexpected_exceptions_become_a_problem_at_1_1(name: str, message: str) -> None:
    (problem,) = refuse(f"name: {name}\n", Exploding)
    assert (problem.line, problem.col, problem.message) == (1, 1, message)


def test_a_reporting_bug_still_reports_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug in the reporter")

    monkeypatch.setattr(load_module._Mapper, "describe", broken)
    problems = refuse(edit("rate: 0.5", "rate: fast"))
    assert [(p.line, p.col) for p in problems] == [(1, 1)]
    assert "valid number" in problems[0].message


# --------------------------------------------------------------------------- the depth scan


def _exact_depth(text: str) -> int:
    """Deepest nesting by the YAML event stream (the truth the scan estimates)."""
    import yaml

    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


DEPTH_SAMPLES = [
    VALID,
    "a: [1, [2, [3]]]\n",
    "- - - x\n",
    "a:\n- b: [1, {c: 2}]\n  d:\n  - - e\n",
    "a: 'don''t [[[[ stop'\nb: \"x [[[[\\\" y\"\nc: see [1 # [[[[\n",
    "a: |\n  [[[[[[\n  {{{{\nb: >-\n  ]]]\n",
    "a: x[[[[ y\nb: [q, 'r]', \"s]\"]\n",
    "? [a, b]\n: [c, [d]]\n",
]


@pytest.mark.parametrize("text", DEPTH_SAMPLES)
def test_depth_scan_matches_the_parser(text: str) -> None:
    exact = _exact_depth(text)
    assert check_depth(text, exact) is None
    assert check_depth(text, exact - 1) is not None


def test_depth_scan_ignores_brackets_in_quotes_comments_and_block_scalars() -> None:
    text = (
        "a: '" + "[" * 500 + "'\n"
        'b: "' + "{" * 500 + '"\n'
        "# " + "[" * 500 + "\n"
        "c: |\n  " + "[" * 500 + "\n"
        "d: plain text with [[[[[ brackets\n"
    )
    assert check_depth(text) is None
    assert parse_text(text, "t.yaml")[0]["d"] == "plain text with [[[[[ brackets"


def test_pathological_inputs_are_fast() -> None:
    """Each of these would take PyYAML seconds or crash it; all are refused cleanly.

    Their timings are printed by ``tests/benchmarks/bench_load.py``.
    """
    cases = [
        "[" * 1_000_000,
        "{a: " * 250_000,
        "- " * 500_000 + "x",
        "".join(" " * i + "a:\n" for i in range(2_000)),
        "a: " + "9" * 100_000,
        "a: &a [" + ", ".join(["*a"] * 1000) + "]",
    ]
    for text in cases:
        refuse(text)


# --------------------------------------------------------------------------- the real Mission

TUTORIAL = Path(__file__).resolve().parents[1] / "missions" / "tutorial.yaml"
needs_tutorial = pytest.mark.skipif(not TUTORIAL.exists(), reason="no tutorial mission")


@needs_tutorial
def test_tutorial_loads_as_a_frozen_mission() -> None:
    from game.mission.schema import Mission

    mission = load_mission(TUTORIAL)
    assert isinstance(mission, Mission)
    assert mission.meta.id == "tutorial"
    with pytest.raises(ValidationError):
        mission.format = 2  # type: ignore[misc]
    assert load_mission_text(TUTORIAL.read_bytes(), "t.yaml") == mission


def _tutorial_line(text: str, needle: str) -> int:
    return text.splitlines().index(next(x for x in text.splitlines() if needle in x)) + 1


MISSION_CASES: list[tuple[str, str, str]] = [
    # (old, new, message regex); the problem must be on the line now holding `new`
    ("chapter: VII", "chapter: VIII", r"'VIII' is not one of: VI, VII \(did you mean 'VII'\?\)"),
    (
        "    legitimacy: 0.6",
        "    legitimcy: 0.6",
        r"unknown key 'legitimcy' \(did you mean 'legitimacy'\?\)",
    ),
    (
        "{type: attack, faction: vna,",
        "{type: atack, faction: vna,",
        r"'atack' is not one of: .*\(did you mean 'attack'\?\)",
    ),
    (
        "strength: 800, at: Solen, country: Norland",
        "strength: 800, at: Solenn, country: Norland",
        r"unknown town 'Solenn' \(did you mean 'Solen'\?\)",
    ),
    ("    signatory: false", "    signatory: no", r"signatory: expected true or false, got 'no'"),
    (
        "  turn_limit: 90",
        "  turn_limit: ninety",
        r"end\.turn_limit: expected an integer, got 'ninety'",
    ),
]


@needs_tutorial
@pytest.mark.parametrize(("old", "new", "pattern"), MISSION_CASES)
def test_broken_tutorial_is_located(old: str, new: str, pattern: str) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    broken = text.replace(old, new, 1)
    with pytest.raises(MissionError) as info:
        load_mission_text(broken, "tutorial.yaml")
    found = [p for p in info.value.problems if re.search(pattern, p.message)]
    assert found, str(info.value)
    assert found[0].line == _tutorial_line(broken, new)
    line_text = broken.splitlines()[found[0].line - 1]
    assert 1 <= found[0].col <= len(line_text)


@needs_tutorial
def test_mission_cross_references_each_get_a_line() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    broken = text.replace("faction: vna, at: Tovo", "faction: nva, at: Tovo", 1).replace(
        "unit: fpu_1", "unit: fpu_9", 1
    )
    with pytest.raises(MissionError) as info:
        load_mission_text(broken, "tutorial.yaml")
    lines = {p.line for p in info.value.problems}
    assert _tutorial_line(broken, "faction: nva, at: Tovo") in lines
    assert _tutorial_line(broken, "unit: fpu_9") in lines
    assert len(info.value.problems) == 2


def test_loader_is_generic_over_models() -> None:
    class Orders(Strict):
        turn: int
        orders: list[str]

    assert load_text("turn: 3\norders: [patrol, negotiate]\n", Orders).turn == 3
    problems = refuse("turn: 3\norder: [patrol]\n", Orders)
    assert [str(p) for p in problems] == [
        "toy.yaml:1:1: missing field 'orders'",
        "toy.yaml:2:1: unknown key 'order' (did you mean 'orders'?)",
    ]


def test_schema_of_each_model_is_built_once() -> None:
    calls: list[int] = []

    class Counted(Strict):
        x: int

        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            calls.append(1)
            return super().model_json_schema(*args, **kwargs)

    for _ in range(5):
        refuse("y: 1\n", Counted)
    assert len(calls) == 1
