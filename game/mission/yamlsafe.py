"""Hardened YAML reading: bytes in, plain data plus a map of source positions out.

Mission files come from players and modders, so this module trusts nothing:

* the size is capped (``MAX_BYTES``) before anything is parsed, and the number of
  keys and values (``MAX_NODES``) while it is;
* only UTF-8 is accepted (a leading BOM is dropped), and YAML's non-printable
  characters are refused with their position;
* nesting is capped (``MAX_DEPTH``) twice: by a scan of the raw text *before* the YAML
  parser runs (libyaml's composer overflows the C stack on ~60 kB of ``[[[[``, and even
  its event parser is quadratic in the depth of flow collections), and exactly, while
  the events stream in, by counting open collections;
* anchors, aliases and explicit tags (``!!python/object``, ``!custom``, even ``!!str``)
  are refused: nothing is ever expanded or constructed from a tag;
* scalars are resolved by our own YAML 1.2 core-style rules (see ``resolve_plain``):
  only ``true``/``false`` are booleans, ``12:30`` stays text, NaN and infinity are
  refused;
* keys are scalars: text, or integers (for maps keyed by a number such as a day);
  booleans, nulls, fractions, lists and mappings as keys are refused; duplicate keys
  are refused with the line of the first occurrence;
* one document per file.

The parser is driven event by event (libyaml's ``CParser`` when available, else
PyYAML's pure-Python one) and the data are built iteratively, so no input can recurse
in Python or in C; each node's start position is recorded in a ``SourceMap`` keyed by
its data path, exactly as pydantic's error ``loc`` sees it.
"""

from __future__ import annotations

import math
import os
import re
import stat
from bisect import bisect_right
from typing import Any, Final

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from game.mission.errors import MissionError, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "DataPath",
    "Mark",
    "SourceMap",
    "check_depth",
    "decode",
    "format_path",
    "parse_text",
    "read_source",
    "resolve_plain",
]

MAX_BYTES: Final = 4 * 1024 * 1024
"""Largest document accepted, in bytes of UTF-8 (checked before parsing)."""

MAX_DEPTH: Final = 64
"""Deepest nesting of mappings and lists accepted (a mission needs well under 16)."""

MAX_NODES: Final = 100_000
"""Most keys plus values accepted in one document (the tutorial has ~1,000): 4 MiB of
``[1,1,1,...`` is two million values and would take seconds to build and validate."""

DataPath = tuple[str | int, ...]
"""Keys and list indices from the document root to a value, as pydantic's ``loc``."""

Mark = tuple[int, int]
"""A 1-based (line, column) position in the source text."""

try:  # libyaml is an optional speed-up of PyYAML; fall back to the pure-Python parser.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Parser  # type: ignore[assignment]

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_OTHER_BOMS: Final = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
# YAML's printable set (c-printable) minus CR (normalised away first) and the BOM.
_NON_PRINTABLE: Final = re.compile(
    "[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


class _Lines:
    """Converts character offsets of the (normalised) text to 1-based line:col.

    Lines break at ``\n`` only (CR and CRLF were normalised away), as in editors;
    libyaml would also break at NEL, LS and PS, so its own line numbers are not used.
    """

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def at(self, index: int) -> Mark:
        """Line and column of character ``index``."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = max(0, min(index, len(self.text)))
        line = bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1

    def mark(self, mark: Any) -> Mark:
        """Convert a PyYAML/libyaml mark (its ``index`` counts characters)."""
        return (1, 1) if mark is None else self.at(int(mark.index))


class SourceMap:
    """Where every value (and every mapping key) of a document starts in the text.

    Offsets are kept as they stream in and turned into line:col only when a problem
    needs one, so the happy path stays cheap.
    """

    __slots__ = ("_lines", "key_offsets", "offsets", "suspects")

    def __init__(self, text: str) -> None:
        self._lines = _Lines(text)
        self.offsets: dict[DataPath, int] = {}
        """Character offset of each value node, by data path."""
        self.key_offsets: dict[DataPath, int] = {}
        """Character offset of the key of each mapping entry, by the entry's data path."""
        self.suspects: list[DataPath] = []
        """Values a lax model could coerce against YAML's meaning: text such as
        ``"nan"`` or ``"1e999"`` (a non-finite float), text such as ``no``/``on``/``y``
        and the numbers 0 and 1 (a boolean). The loader checks what they became."""

    def value(self, path: DataPath) -> Mark | None:
        """Where the value at ``path`` starts, or ``None`` if the document has none."""
        offset = self.offsets.get(path)
        return None if offset is None else self._lines.at(offset)

    def key(self, path: DataPath) -> Mark | None:
        """Where the key of the mapping entry at ``path`` starts, if it is one."""
        offset = self.key_offsets.get(path)
        return None if offset is None else self._lines.at(offset)

    def nearest(self, path: DataPath) -> tuple[DataPath, Mark]:
        """The longest prefix of ``path`` that exists in the document, and its mark."""
        for end in range(len(path), -1, -1):
            offset = self.offsets.get(path[:end])
            if offset is not None:
                return path[:end], self._lines.at(offset)
        return (), (1, 1)


def format_path(path: DataPath) -> str:
    """Render a data path for humans: ``units[0].orders[2].target``."""
    out = []
    for step in path:
        if isinstance(step, int):
            out.append(f"[{step}]")
        else:
            out.append(f".{step}" if out else step)
    return "".join(out)


def _fail(filename: str, mark: Mark, message: str) -> MissionError:
    return MissionError([Problem(filename, mark[0], mark[1], message)])


# --------------------------------------------------------------------------- reading


def read_source(path: str | os.PathLike[str], filename: str | None = None) -> bytes:
    """Read a document's bytes, refusing missing, special and oversized files.

    Every failure is a ``MissionError`` at 1:1, never an ``OSError``.
    """
    name = filename if filename is not None else os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(name, (1, 1), "no such file") from None
    except OSError as exc:
        raise _fail(name, (1, 1), f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(name, (1, 1), "this is a directory, not a mission file")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(name, (1, 1), "not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_BYTES:
        raise _fail(name, (1, 1), _too_large(info.st_size))
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(name, (1, 1), f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _fail(name, (1, 1), _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return f"the file is too large ({size:,} bytes; the limit is {MAX_BYTES // (1024 * 1024)} MiB)"


def decode(data: bytes, filename: str) -> str:
    """Decode UTF-8 (dropping a BOM); invalid bytes are refused at their line:col."""
    if len(data) > MAX_BYTES:
        raise _fail(filename, (1, 1), _too_large(len(data)))
    skipped = 0
    if data.startswith(_UTF8_BOM):
        skipped = len(_UTF8_BOM)
        data = data[skipped:]
    else:
        for bom, encoding in _OTHER_BOMS:
            if data.startswith(bom):
                raise _fail(filename, (1, 1), f"the file is {encoding}; save it as UTF-8 instead")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")  # valid: decoding failed at exc.start
        bad = data[exc.start : exc.start + 1].hex()
        raise _fail(
            filename,
            _Lines(_normalise_breaks(good)).at(len(good)) if good else (1, 1),
            f"the file is not valid UTF-8 (byte 0x{bad} at offset {exc.start + skipped}); "
            "save it as UTF-8",
        ) from None


def _normalise_breaks(text: str) -> str:
    """CRLF and lone CR become LF, as the YAML spec itself prescribes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _prepare(text: str, filename: str) -> str:
    """Size-check, drop a BOM, normalise line breaks, refuse non-printable characters."""
    if len(text) * 4 > MAX_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise _fail(filename, (1, 1), _too_large(size))
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _normalise_breaks(text)
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        char = bad.group()
        raise _fail(
            filename,
            _Lines(text).at(bad.start()),
            f"character U+{ord(char):04X} is not allowed in a YAML file "
            "(control characters, stray byte-order marks and lone surrogates are refused)",
        )
    return text


# --------------------------------------------------------------------- depth pre-scan

_FLOW_SCAN: Final = re.compile(r"""[\[\]{}'"#]""")
_INDICATORS: Final = re.compile(r"(?:[-?:](?:[ \t]+|$))+")
_FLAT_FLOW: Final = re.compile(
    r"[^\[\]{}'\"#|>]*+(?:[\[{][^\[\]{}'\"#]*+[\]}][^\[\]{}'\"#|>]*+)*+$"
)
_LEADS: Final = re.compile(r"^[ \t?:-]+", re.MULTILINE)
_BLOCK_SCALAR: Final = re.compile(r"[|>][-+0-9]{0,3}[ \t]*$")
_SIMPLE_KEY: Final = re.compile(
    r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},][^#]*?)[ \t]*:(?:[ \t]|$)"""
)


def _node_start(line: str, i: int, in_flow: bool) -> bool:
    """Whether position ``i`` may begin a YAML node (so a quote or bracket there counts).

    Inside a plain scalar (``don't``, ``see [1]``) quotes and brackets are just text.
    """
    while True:
        j = i
        while j > 0 and line[j - 1] in " \t":
            j -= 1
        if j == 0:
            return True
        if in_flow and line[j - 1] in "[{,:":
            return True
        if j == i:
            return False  # glued to a preceding plain character
        k = j
        while k > 0 and line[k - 1] not in " \t":
            k -= 1
        token = line[k:j]
        if token in ("-", "?", ":", "---") or token.endswith(":"):
            return True
        if token[0] not in "!&":
            return in_flow and token.endswith(",")
        i = k  # after a tag or an anchor: look at what precedes it


def _quote_end(line: str, start: int, quote: str) -> int:
    """Index of the closing quote at or after ``start``, or -1 if the line has none."""
    pos = start
    while True:
        end = line.find(quote, pos)
        if end < 0:
            return -1
        if quote == "'":
            if end + 1 < len(line) and line[end + 1] == "'":
                pos = end + 2  # '' is an escaped quote
                continue
            return end
        slashes = 0
        while end - slashes - 1 >= start and line[end - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return end
        pos = end + 1


def _enter(stack: list[tuple[int, int, str]], column: int, kind: str) -> int:
    """Depth of the block collection of ``kind`` ('m' or 's') whose entry is at ``column``.

    Opens it (one level below the innermost open collection) unless it is already open;
    a sequence may sit at its parent key's column (``key:`` then ``- item``).
    """
    if stack and stack[-1][0] == column:
        if stack[-1][2] == kind:
            return stack[-1][1]
        if len(stack) > 1 and stack[-2][0] == column and stack[-2][2] == kind:
            stack.pop()  # back from a compact sequence to its mapping
            return stack[-1][1]
    depth = (stack[-1][1] if stack else 0) + 1
    stack.append((column, depth, kind))
    return depth


def check_depth(text: str, limit: int = MAX_DEPTH) -> tuple[Mark, int] | None:
    """Estimate nesting depth from the raw text, before any YAML parser sees it.

    Follows block collections by their columns (``key:`` entries, ``- `` items) and
    counts flow brackets and braces outside quoted scalars, comments and block
    scalars. Returns the mark where ``limit`` is first exceeded and the depth reached
    there, or ``None``. The estimate may be off on odd text; the exact count is redone
    on the event stream, so it only has to stop the pathological cases early.
    """
    # Fast path for ordinary files. Block collections start within a line's leading
    # run of spaces and indicators, at most two per column (a sequence may share its
    # key's column), and every flow level needs its own bracket: a sound upper bound.
    lead = max(map(len, _LEADS.findall(text)), default=0)
    if 2 * (lead + 1) + text.count("[") + text.count("{") <= limit:
        return None
    flow = 0
    flow_base = 0
    stack: list[tuple[int, int, str]] = []  # open block collections: (column, depth, kind)
    quote = ""
    block_scalar: int | None = None
    for number, line in enumerate(text.split("\n"), 1):
        pos = 0
        if block_scalar is not None:
            body = line.lstrip(" ")
            if not body or len(line) - len(body) > block_scalar:
                continue
            block_scalar = None
        if quote:
            end = _quote_end(line, 0, quote)
            if end < 0:
                continue
            quote = ""
            pos = end + 1
        elif flow == 0:
            body = line.lstrip(" ")
            if not body or body[0] == "#":
                continue
            indent = pos = len(line) - len(body)
            if indent == 0 and body.startswith(("---", "...")):
                stack.clear()
            while stack and stack[-1][0] > indent:
                stack.pop()
            found = _INDICATORS.match(line, indent) if body[0] in "-?:" else None
            if found is not None:
                pos = found.end()
                for offset, char in enumerate(found.group()):
                    if char in "-?:":
                        depth = _enter(stack, indent + offset, "s" if char == "-" else "m")
                        if depth > limit:
                            return (number, indent + offset + 1), depth
            if _SIMPLE_KEY.match(line, pos):
                depth = _enter(stack, pos, "m")
                if depth > limit:
                    return (number, pos + 1), depth
            flow_base = stack[-1][1] if stack else 0
            if flow_base < limit and _FLAT_FLOW.match(line, pos):
                continue  # e.g. "at: [20, 30]": one flow level that closes on the line
        end_of_content = len(line)
        while True:
            found = _FLOW_SCAN.search(line, pos)
            if found is None:
                break
            i = found.start()
            char = line[i]
            pos = i + 1
            if char == "#":
                if i == 0 or line[i - 1] in " \t":
                    end_of_content = i
                    break
            elif char in "'\"":
                if _node_start(line, i, flow > 0):
                    end = _quote_end(line, i + 1, char)
                    if end < 0:
                        quote = char
                        end_of_content = -1
                        break
                    pos = end + 1
            elif char in "[{":
                if flow > 0 or _node_start(line, i, False):
                    flow += 1
                    if flow_base + flow > limit:
                        return (number, i + 1), flow_base + flow
            elif flow > 0:
                flow -= 1
        if flow == 0 and end_of_content >= 0 and ("|" in line or ">" in line):
            tail = line[:end_of_content].rstrip(" \t")
            scalar = _BLOCK_SCALAR.search(tail)
            if scalar is not None and _node_start(tail, scalar.start(), False):
                block_scalar = len(line) - len(line.lstrip(" "))
    return None


# ------------------------------------------------------------------ scalar resolution

_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE: Final = frozenset({"true", "True", "TRUE"})
_FALSE: Final = frozenset({"false", "False", "FALSE"})
_INT: Final = re.compile(r"[-+]?[0-9]+")
_OCT: Final = re.compile(r"0o[0-7]+")
_HEX: Final = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NON_FINITE: Final = re.compile(r"[-+]?\.?(?:nan|inf|infinity)", re.IGNORECASE)


_DIGITS: Final = frozenset("0123456789")
_NUMBER_END: Final = frozenset("0123456789nNfFyY. \t")
_LAX_BOOLS: Final = frozenset({"yes", "no", "on", "off", "y", "n", "t", "f", "0", "1"})
"""Text that pydantic's lax mode would read as a boolean (besides true/false)."""


def _looks_non_finite(text: str) -> bool:
    """Whether a lax float parser could read ``text`` as NaN or infinity."""
    text = text.strip()
    if not text or len(text) > 400 or text[0] not in "+-.0123456789iInN":
        return False
    try:
        return not math.isfinite(float(text.replace("_", "")))
    except ValueError:
        return False


class ScalarRefused(ValueError):
    """A plain scalar we will not turn into data (NaN, infinity, absurd numbers)."""


def resolve_plain(value: str) -> bool | int | float | str | None:
    """Resolve an untagged plain scalar by YAML 1.2 core rules, hardened.

    * null: empty, ``~``, ``null``/``Null``/``NULL``;
    * booleans: ``true``/``True``/``TRUE`` and ``false``/``False``/``FALSE`` only,
      so ``yes``, ``no``, ``on``, ``off``, ``y``, ``n`` stay text;
    * integers: decimal ``[-+]?[0-9]+`` (leading zeros are decimal, not octal),
      ``0o17`` octal and ``0x1F`` hexadecimal as in YAML 1.2 core; no ``1_000``
      and no sexagesimal, so ``12:30`` stays the text ``"12:30"``;
    * floats: YAML 1.2 core decimal notation; ``.nan``, ``.inf``, ``-.inf`` and
      NaN/infinity spelled any other way (``nan``, ``Infinity``...) raise
      ``ScalarRefused``, as does a number that overflows to infinity;
    * anything else is text.
    """
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first in "+-.0123456789":
        try:
            if _INT.fullmatch(value):
                return int(value)
            if _OCT.fullmatch(value):
                return int(value[2:], 8)
            if _HEX.fullmatch(value):
                return int(value[2:], 16)
        except ValueError:
            raise ScalarRefused(
                f"the number {value[:20]}... has too many digits ({len(value)})"
            ) from None
        if _FLOAT.fullmatch(value):
            number = float(value)
            if not math.isfinite(number):
                raise ScalarRefused(f"the number {value[:40]} is too large (it overflows)")
            return number
    if first in "+-.nNiI" and _NON_FINITE.fullmatch(value):
        raise ScalarRefused(
            f"'{value}' is refused: NaN and infinite numbers are not allowed "
            "(write a finite number, or quote it if you mean the text)"
        )
    return value


# ------------------------------------------------------------------------ the builder


class _Frame:
    """An open mapping or list while events stream in."""

    __slots__ = ("container", "is_map", "key", "key_offset", "path")

    def __init__(self, container: dict[str | int, Any] | list[Any], path: DataPath) -> None:
        self.container = container
        self.is_map = container.__class__ is dict
        self.path = path
        self.key: str | int | None = None  # None: the next node is a key
        self.key_offset = 0


class _Stop(Exception):
    """Parsing cannot usefully continue; problems were recorded."""


def _show_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _yaml_error_message(exc: yaml.YAMLError, text: str, index: int | None) -> str:
    if index is not None and 0 <= index < len(text) and text[index] == "\t":
        return "tab character: YAML indentation must use spaces, not tabs"
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or "invalid YAML"
        if "tab" in problem:
            return "tab character: YAML indentation must use spaces, not tabs"
        context = f" ({exc.context})" if exc.context else ""
        return f"YAML syntax error: {problem}{context}"
    return f"YAML error: {exc}"


def parse_text(text: str | bytes, filename: str) -> tuple[Any, SourceMap]:
    """Parse one hardened YAML document into plain data and its ``SourceMap``.

    ``text`` may be bytes (decoded as UTF-8) or str. Raises ``MissionError`` listing
    every problem found before parsing had to stop.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        text = decode(bytes(text), filename)
    text = _prepare(text, filename)
    deep = check_depth(text)
    if deep is not None:
        raise _fail(filename, deep[0], _too_deep())
    return _Builder(text, filename).run()


def _too_deep() -> str:
    return f"nesting is deeper than {MAX_DEPTH} levels of mappings and lists"


class _Builder:
    """Turns the YAML event stream into dicts, lists and scalars, iteratively.

    One flat loop over events (no recursion, so no input can overflow a stack); the
    only state is a list of open collections, capped at ``MAX_DEPTH``.
    """

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.source = SourceMap(text)
        self.lines = self.source._lines
        self.problems: list[Problem] = []
        self.root: Any = None
        self.root_seen = False
        self.root_empty = False

    def problem(self, index: int, message: str) -> None:
        line, col = self.lines.at(index)
        self.problems.append(Problem(self.filename, line, col, message))

    def run(self) -> tuple[Any, SourceMap]:
        """Build the data; raise ``MissionError`` with every problem met."""
        parser = _Parser(self.text)
        try:
            self._events(parser)
        except _Stop:
            pass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            index = 0 if mark is None else int(mark.index)
            message = _yaml_error_message(exc, self.text, None if mark is None else index)
            self.problem(index, message)
        except yaml.reader.ReaderError as exc:
            position = int(exc.position) if isinstance(exc.position, int) else 0
            self.problem(position, f"unreadable character: {exc.reason}")
        except yaml.YAMLError as exc:
            self.problem(0, _yaml_error_message(exc, self.text, None))
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
        if self.problems:
            raise MissionError(sorted(self.problems, key=lambda p: (p.line, p.col)))
        if not self.root_seen or self.root_empty:
            raise _fail(self.filename, (1, 1), "the file is empty (it holds no data)")
        return self.root, self.source

    def _events(self, parser: Any) -> None:
        documents = 0
        nodes = 0
        stack: list[_Frame] = []
        offsets = self.source.offsets
        key_offsets = self.source.key_offsets
        suspects = self.source.suspects
        get_event = parser.get_event
        while True:
            event = get_event()
            cls = event.__class__
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                continue
            if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
                index = event.start_mark.index
                nodes += 1
                if nodes > MAX_NODES:
                    self.problem(
                        index,
                        f"the document holds more than {MAX_NODES:,} keys and values; "
                        "split it into smaller files",
                    )
                    raise _Stop
                if event.anchor is not None:
                    self.problem(
                        index,
                        f"anchors (&{event.anchor}) and aliases are not allowed: "
                        "write each value out in full",
                    )
                    raise _Stop
                tag = event.tag
                if tag is not None:
                    self.problem(
                        index, f"tags such as '{_show_tag(tag)}' are not allowed: remove the tag"
                    )
                top = stack[-1] if stack else None
                if top is not None and top.is_map and top.key is None:
                    self._key(event, index, top, key_offsets)
                    continue
                path: DataPath
                if top is None:
                    path = ()
                elif top.is_map:
                    path = (*top.path, top.key)  # type: ignore[arg-type]
                    key_offsets[path] = top.key_offset
                else:
                    path = (*top.path, len(top.container))
                offsets[path] = index
                value: Any
                if cls is ScalarEvent:
                    text = event.value
                    if tag is not None or not event.implicit[0]:
                        value = text
                    else:
                        try:
                            value = resolve_plain(text)
                        except ScalarRefused as exc:
                            self.problem(index, str(exc))
                            value = None
                    if value.__class__ is str:
                        if (len(text) <= 3 and text.lower() in _LAX_BOOLS) or (
                            text and text[-1] in _NUMBER_END and _looks_non_finite(text)
                        ):
                            suspects.append(path)
                    elif value.__class__ in (int, float) and (value == 0 or value == 1):
                        suspects.append(path)
                elif len(stack) >= MAX_DEPTH:
                    self.problem(index, _too_deep())
                    raise _Stop
                else:
                    value = {} if cls is MappingStartEvent else []
                if top is None:
                    self.root = value
                    self.root_seen = True
                    self.root_empty = cls is ScalarEvent and event.value == "" and tag is None
                elif top.is_map:
                    container = top.container
                    if top.key not in container:  # a duplicate keeps the first value
                        container[top.key] = value  # type: ignore[index]
                    top.key = None
                else:
                    top.container.append(value)  # type: ignore[union-attr]
                if cls is not ScalarEvent:
                    stack.append(_Frame(value, path))
            elif cls is AliasEvent:
                self.problem(
                    event.start_mark.index,
                    f"aliases (*{event.anchor}) are not allowed: write the value out in full",
                )
                raise _Stop
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problem(
                        event.start_mark.index,
                        "a second YAML document starts here; a file holds exactly one",
                    )
                    raise _Stop
            elif cls is StreamEndEvent:
                return

    def _key(self, event: Any, index: int, top: _Frame, key_offsets: dict[DataPath, int]) -> None:
        """Take ``event`` as the next key of the mapping ``top``: a string or an integer."""
        if event.__class__ is not ScalarEvent:
            kind = "a mapping" if event.__class__ is MappingStartEvent else "a list"
            self.problem(index, f"a key must be text or an integer, not {kind}")
            raise _Stop
        key: Any = event.value
        if event.implicit[0] and event.tag is None:
            try:
                key = resolve_plain(key)
            except ScalarRefused as exc:
                self.problem(index, str(exc))
                key = event.value
            if key is None or key.__class__ is bool or key.__class__ is float:
                shown = "null (an empty key)" if key is None else f"'{event.value}'"
                self.problem(
                    index,
                    f"a key must be text or an integer, got {shown}; quote it if you mean the text",
                )
                key = event.value
        container = top.container
        if key in container:
            twin: str | int | None = key
        elif key.__class__ is int or key[:1] in _DIGITS:
            twin = _twin(key, container)
        else:
            twin = None
        if twin is not None:
            first = self.lines.at(key_offsets[(*top.path, twin)])
            self.problem(
                index,
                f"duplicate key '{key}' (first defined at line {first[0]}, column {first[1]})",
            )
        top.key = key
        top.key_offset = index


def _twin(key: str | int, container: Any) -> str | int | None:
    """An earlier key equal to ``key`` once both are text (``1`` and ``"1"``), if any."""
    if key.__class__ is int:
        other: str | int = str(key)
    elif key.__class__ is str and key.isdigit() and len(key) < 20:
        other = int(key)
    else:
        return None
    return other if other in container else None
