"""Load mission (and other) YAML documents into frozen pydantic models, or say why not.

The loader is generic over any pydantic ``BaseModel``: ``load_file(path, Model)`` and
``load_text(text, Model)``. It reads with the hardened parser of ``yamlsafe`` (size,
encoding, depth, tag, anchor, duplicate-key and number checks), validates with
``Model.model_validate`` and turns every failure into one ``MissionError`` whose
``Problem`` records point at ``file:line:col`` with a message a mission author can act
on: ``unknown key 'stregth' (did you mean 'strength'?)``, ``expected an integer, got
'abc'``. All validation errors of a file are reported at once, sorted by position.

Cross-reference errors raised by a model as ``PydanticCustomError("mission_reference",
"{summary}", {"summary": ..., "problems": [(loc, message), ...]})`` are expanded into one
located problem each (``loc`` relative to the document root).

Nothing escapes but ``MissionError``: an unexpected exception (even ``RecursionError``
or ``MemoryError``) becomes a problem at 1:1.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from game.mission.errors import MissionError, Problem
from game.mission.yamlsafe import (
    MAX_BYTES,
    MAX_DEPTH,
    DataPath,
    Mark,
    SourceMap,
    format_path,
    parse_text,
    read_source,
)

if TYPE_CHECKING:
    from game.mission.schema import Mission

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MissionError",
    "Problem",
    "load_document",
    "load_file",
    "load_mission",
    "load_mission_text",
    "load_text",
]

M = TypeVar("M", bound=BaseModel)

REFERENCE_ERROR: Final = "mission_reference"
"""Error type a model raises to report many located cross-reference problems at once."""


# --------------------------------------------------------------------------- public API


def load_file(path: str | os.PathLike[str], model: type[M], *, filename: str | None = None) -> M:
    """Read the YAML file at ``path`` and validate it as ``model``.

    ``filename`` overrides the name shown in problems (default: the path as given).
    Raises ``MissionError`` for anything wrong, from a missing file to a bad value.
    """
    name = filename if filename is not None else os.fspath(path)
    return _guarded(
        name, lambda: _validate(*parse_text(read_source(path, name), name), model, name)
    )


def load_text(text: str | bytes, model: type[M], filename: str = "<string>") -> M:
    """Validate YAML given as text (or UTF-8 bytes) as ``model``; ``filename`` labels problems.

    Used for documents that do not live in a file: tests, the editor buffer, network.
    """
    return _guarded(filename, lambda: _validate(*parse_text(text, filename), model, filename))


def load_document(
    source: str | os.PathLike[str] | bytes, model: type[M], *, filename: str | None = None
) -> M:
    """Load ``source`` as ``model``: bytes are the document itself, str or PathLike a path.

    A convenience over ``load_file`` and ``load_text`` for callers holding either.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return load_text(bytes(source), model, filename if filename is not None else "<bytes>")
    return load_file(source, model, filename=filename)


def load_mission(path: str | os.PathLike[str]) -> Mission:
    """Load and validate the mission file at ``path`` (see ``load_file``).

    A file of an older format is upgraded in memory first, so it plays as it is;
    ``bluehelm upgrade`` rewrites it on disk.
    """
    name = os.fspath(path)
    return _guarded(name, lambda: _mission(*parse_text(read_source(path, name), name), name))


def load_mission_text(text: str | bytes, filename: str = "<string>") -> Mission:
    """Validate a mission given as YAML text or bytes (see ``load_mission``)."""
    return _guarded(filename, lambda: _mission(*parse_text(text, filename), filename))


def _mission(data: Any, source: SourceMap, filename: str) -> Mission:
    """Upgrade older mission data to the current format, then validate it."""
    from game.mission.schema import Mission
    from game.mission.upgrade import UpgradeError, upgrade_data

    try:
        data, _ = upgrade_data(data)
    except UpgradeError as exc:
        line, col = source.value(("format",)) or (1, 1)
        raise MissionError([Problem(filename, line, col, f"format: {exc}")]) from None
    return _validate(data, source, Mission, filename)


# --------------------------------------------------------------------------- the pipeline


def _guarded(filename: str, work: Callable[[], M]) -> M:
    """Run ``work``; anything but a ``MissionError`` becomes one located at 1:1."""
    try:
        return work()
    except MissionError:
        raise
    except RecursionError:
        message = "the document is too deeply nested to process"
    except MemoryError:
        message = "the document is too large to process (out of memory)"
    except Exception as exc:
        message = f"internal error while loading ({type(exc).__name__}: {_short(str(exc))})"
    raise MissionError([Problem(filename, 1, 1, message)])


def _validate(data: Any, source: SourceMap, model: type[M], filename: str) -> M:
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        raise MissionError(_problems(exc, data, source, model, filename)) from None
    if source.suspects:
        coerced = list(_coerced(data, result, source, filename))
        if coerced:
            raise MissionError(coerced)
    return result


def _coerced(data: Any, result: BaseModel, source: SourceMap, filename: str) -> Iterator[Problem]:
    """Values the model's lax mode turned into what YAML 1.2 says they are not.

    ``"nan"``, ``"inf"`` or ``"1e999"`` in quotes became a non-finite float; ``no``,
    ``on``, ``y`` or 0/1 became a boolean. Both are refused: only ``true``/``false``
    are booleans, and every number is finite.
    """
    for path in source.suspects:
        value = _model_value(result, path)
        if isinstance(value, bool):
            message = f"expected true or false, got {_got(_data_at(data, path))}"
        elif isinstance(value, float) and not math.isfinite(value):
            message = (
                f"{_got(_data_at(data, path))} is refused: NaN and infinite numbers are not allowed"
            )
        else:
            continue
        line, col = source.value(path) or (1, 1)
        yield Problem(filename, line, col, f"{_at(path)}{message}")


def _data_at(data: Any, path: DataPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _model_value(obj: Any, path: DataPath) -> Any:
    """Follow a data path (aliases as in the document) through a validated model."""
    for step in path:
        if isinstance(obj, BaseModel):
            fields = type(obj).model_fields
            name = step if step in fields else None
            for field_name, info in fields.items():
                if name is None and step in (info.alias, info.validation_alias):
                    name = field_name
            if not isinstance(name, str):
                return None
            obj = getattr(obj, name, None)
        elif isinstance(obj, list | tuple) and isinstance(step, int) and 0 <= step < len(obj):
            obj = obj[step]
        elif isinstance(obj, dict):
            key = _dict_key(obj, step)
            if key is _ABSENT:
                return None
            obj = obj[key]
        else:
            return None
    return obj


# --------------------------------------------------------------------------- error mapping

_ABSENT: Final = object()

_EXPECTED: Final = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "int_parsing_size": "an integer of reasonable size",
    "float_type": "a number",
    "float_parsing": "a number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "string_unicode": "text",
    "bytes_type": "text",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "dataclass_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (YYYY-MM-DDTHH:MM:SS)",
    "datetime_parsing": "a date and time (YYYY-MM-DDTHH:MM:SS)",
    "datetime_from_date_parsing": "a date and time (YYYY-MM-DDTHH:MM:SS)",
    "time_type": "a time (HH:MM)",
    "time_parsing": "a time (HH:MM)",
    "none_required": "nothing (null)",
}
_ENUM_ERRORS: Final = frozenset({"enum", "literal_error"})
_PREFIXES: Final = ("Value error, ", "Assertion failed, ")
_URL: Final = re.compile(r"\s*(?:For further information visit )?https?://\S+")
_QUOTED: Final = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _problems(
    exc: ValidationError, data: Any, source: SourceMap, model: type[BaseModel], filename: str
) -> list[Problem]:
    """Every pydantic error of ``exc`` as located, human problems, sorted and deduplicated."""
    located: list[tuple[Mark, str]] = []
    types: dict[tuple[Mark, str], list[str]] = {}  # (mark, template) -> expected kinds
    mapper = _Mapper(data, source, model)
    for error in exc.errors(include_url=False):
        try:
            for mark, message, expected in mapper.describe(error):
                if expected is None:
                    located.append((mark, message))
                else:
                    kinds = types.setdefault((mark, message), [])
                    if expected not in kinds:
                        kinds.append(expected)
        except Exception:  # never let a reporting bug hide the error itself
            located.append(((1, 1), _clean(str(error.get("msg", "invalid document")))))
    for (mark, template), kinds in types.items():
        # one "expected a list or text, got 5" for all branches of a union
        message = template.replace("{expected}", " or ".join(kinds), 1)
        if "text" in kinds and re.search(r"got -?[0-9.e+]+$|got (true|false)$", message):
            message += " (put it in quotes to make it text)"
        located.append((mark, message))
    seen: set[tuple[Mark, str]] = set()
    problems = []
    for mark, message in sorted(located, key=lambda item: item[0]):
        if (mark, message) not in seen:
            seen.add((mark, message))
            problems.append(Problem(filename, mark[0], mark[1], message))
    return problems


def _clean(message: str) -> str:
    """Drop pydantic's "Value error, " style prefixes and documentation URLs."""
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return _URL.sub("", message).strip()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _got(value: Any) -> str:
    """Describe a document value as its author wrote it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return f"'{_short(value, 40)}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _at(path: DataPath) -> str:
    return f"{format_path(path)}: " if path else ""


def _closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells, if any is close enough."""
    options = [c for c in dict.fromkeys(choices) if c]
    if not options or word in options:
        return None
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        by_lower = {c.lower(): c for c in options}
        close = [by_lower[c] for c in difflib.get_close_matches(word.lower(), by_lower, n=1)]
    if not close:  # 'chapter_vii' -> 'VII': a choice spelled inside the word
        inside = [c for c in options if len(c) >= 2 and c.lower() in word.lower()]
        close = sorted(inside, key=len, reverse=True)[:1]
    return close[0] if close else None


def _suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = _closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _dict_key(mapping: dict[Any, Any], step: Any) -> Any:
    """The key of ``mapping`` that pydantic's loc element ``step`` names, or ``_ABSENT``."""
    if isinstance(step, bool):
        return _ABSENT
    if step in mapping:
        return step
    if isinstance(step, int) and str(step) in mapping:
        return str(step)
    if isinstance(step, str) and re.fullmatch(r"-?[0-9]{1,30}", step) and int(step) in mapping:
        return int(step)
    return _ABSENT


def _walk(loc: Iterable[Any], data: Any) -> tuple[DataPath, list[Any]]:
    """Match a pydantic loc against the data: the data path found, and the loc left over.

    pydantic inserts union tags and class names (``('effects', 0, 'set_consent', 'value')``)
    that are not in the document; those are skipped.
    """
    path: list[str | int] = []
    skipped: list[Any] = []
    current = data
    for step in loc:
        if isinstance(current, dict):
            key = _dict_key(current, step)
            if key is not _ABSENT:
                path.append(key)
                current = current[key]
                continue
        elif (
            isinstance(current, list)
            and isinstance(step, int)
            and not isinstance(step, bool)
            and 0 <= step < len(current)
        ):
            path.append(step)
            current = current[step]
            continue
        skipped.append(step)
    return tuple(path), skipped


class _Mapper:
    """Turns one pydantic error dict into located messages for one document."""

    def __init__(self, data: Any, source: SourceMap, model: type[BaseModel]) -> None:
        self.data = data
        self.source = source
        self.model = model

    def mark(self, path: DataPath) -> Mark:
        return self.source.nearest(path)[1]

    def describe(self, error: Any) -> Iterator[tuple[Mark, str, str | None]]:
        """Yield (mark, message, expected-kind or None) for one pydantic error.

        Type errors come back with ``{expected}`` in the message and the kind apart,
        so that the branches of a union can be merged into one message.
        """
        kind = str(error.get("type", ""))
        loc = tuple(error.get("loc", ()))
        ctx = error.get("ctx") or {}
        value = error.get("input")
        path, skipped = _walk(loc, self.data)
        if kind == REFERENCE_ERROR and isinstance(ctx.get("problems"), list | tuple):
            yield from self._references(ctx["problems"], str(error.get("msg", "")))
            return
        if kind == "missing" and skipped:
            name = skipped[-1]
            hint = _schema_hint(self.model, self.data, path, name)
            yield self.mark(path), f"{_at(path)}missing field '{name}'{hint}", None
            return
        if kind == "extra_forbidden" and path:
            key = path[-1]
            allowed = _allowed_keys(self.model, self.data, path[:-1])
            close = _closest(str(key), allowed)
            if close is not None:
                suggestion = f" (did you mean '{close}'?)"
            elif 0 < len(allowed) <= 12:
                suggestion = f" (allowed here: {', '.join(allowed)})"
            else:
                suggestion = ""
            mark = self.source.key(path) or self.mark(path)
            yield mark, f"{_at(path[:-1])}unknown key '{key}'{suggestion}", None
            return
        if kind in _ENUM_ERRORS:
            choices = _enum_values(self.model, self.data, path) or _QUOTED.findall(
                str(ctx.get("expected", ""))
            )
            shown = ", ".join(choices)
            suggestion = _suggest(str(value), choices) if isinstance(value, str) else ""
            yield (
                self.mark(path),
                f"{_at(path)}{_got(value)} is not one of: {shown}{suggestion}",
                None,
            )
            return
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            yield self._union_tag(kind, path, ctx, value)
            return
        at_key = bool(skipped) and skipped[-1] == "[key]"
        mark = (self.source.key(path) if at_key else None) or self.mark(path)
        expected = _EXPECTED.get(kind)
        if expected is not None:
            where = f"{_at(path[:-1])}key {_got(value)}: " if at_key and path else _at(path)
            yield mark, f"{where}expected {{expected}}, got {_got(value)}", expected
            return
        message = _clean(str(error.get("msg", "invalid value")))
        where = f"{_at(path[:-1])}key {_got(path[-1])}: " if at_key and path else _at(path)
        yield mark, f"{where}{message}", None

    def _references(
        self, problems: Iterable[Any], summary: str
    ) -> Iterator[tuple[Mark, str, None]]:
        count = 0
        for item in problems:
            try:
                loc, message = item
                path, _ = _walk(tuple(loc), self.data)
            except (TypeError, ValueError):
                continue
            count += 1
            shown = format_path(tuple(loc))
            yield self.mark(path), f"{shown}: {message}" if shown else str(message), None
        if count == 0:
            yield (1, 1), _clean(summary) or "cross-reference error", None

    def _union_tag(
        self, kind: str, path: DataPath, ctx: dict[str, Any], value: Any
    ) -> tuple[Mark, str, None]:
        field = str(ctx.get("discriminator", "'type'")).strip("'")
        tags = _QUOTED.findall(str(ctx.get("expected_tags", ""))) or _discriminator_tags(
            self.model, self.data, path
        )
        shown = ", ".join(tags)
        if kind == "union_tag_not_found":
            listed = f" (one of: {shown})" if tags else ""
            return self.mark(path), f"{_at(path)}missing field '{field}'{listed}", None
        tag = str(ctx.get("tag", value.get(field) if isinstance(value, dict) else ""))
        tag_path = (*path, field)
        mark = self.source.value(tag_path) or self.mark(path)
        return (
            mark,
            f"{_at(tag_path)}'{tag}' is not one of: {shown}{_suggest(tag, tags)}",
            None,
        )


# --------------------------------------------------------------------------- the JSON schema

_SchemaNode = dict[str, Any]


@lru_cache(maxsize=32)
def _json_schema(model: type[BaseModel]) -> _SchemaNode | None:
    """The model's JSON schema, built once per model (only on the error path)."""
    try:
        schema = model.model_json_schema()
    except Exception:
        return None
    return schema if isinstance(schema, dict) else None


_JSON_TYPES: Final[dict[str, tuple[type, ...]]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _fits(node: _SchemaNode, data: Any) -> bool:
    """Whether a schema branch could describe ``data`` (type and ``const`` fields)."""
    kind = node.get("type")
    if isinstance(kind, str) and kind in _JSON_TYPES:
        if not isinstance(data, _JSON_TYPES[kind]):
            return False
        if isinstance(data, bool) and kind in ("integer", "number"):
            return False
    if isinstance(data, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for key, sub in properties.items():
                if (
                    isinstance(sub, dict)
                    and "const" in sub
                    and key in data
                    and data[key] != sub["const"]
                ):
                    return False
    return True


def _expand(node: Any, defs: dict[str, Any], data: Any) -> list[_SchemaNode]:
    """Resolve ``$ref`` and unions into the concrete branches that may describe ``data``."""
    out: list[_SchemaNode] = []
    queue: deque[Any] = deque([node])
    budget = 256  # recursive schemas cannot loop forever
    while queue and budget > 0:
        budget -= 1
        current = queue.popleft()
        if not isinstance(current, dict):
            continue
        ref = current.get("$ref")
        if isinstance(ref, str):
            queue.append(defs.get(ref.rsplit("/", 1)[-1]))
            continue
        discriminator = current.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(data, dict):
            mapping = discriminator.get("mapping")
            tag = data.get(discriminator.get("propertyName", "type"))
            if isinstance(mapping, dict) and isinstance(tag, str) and tag in mapping:
                queue.append({"$ref": mapping[tag]})
                continue
        branches = [
            sub for word in ("anyOf", "oneOf", "allOf") for sub in current.get(word, ()) or ()
        ]
        if branches:
            queue.extend(branches)
            if "properties" in current or "items" in current:
                out.append(current)
        else:
            out.append(current)
    if len(out) > 1:
        fitting = [branch for branch in out if _fits(branch, data)]
        if fitting:
            out = fitting
    return out


def _children(branches: list[_SchemaNode], step: str | int) -> list[Any]:
    out: list[Any] = []
    for branch in branches:
        properties = branch.get("properties")
        if isinstance(step, str) and isinstance(properties, dict) and step in properties:
            out.append(properties[step])
            continue
        if isinstance(step, int):
            prefix = branch.get("prefixItems")
            if isinstance(prefix, list) and 0 <= step < len(prefix):
                out.append(prefix[step])
                continue
            items = branch.get("items")
            if isinstance(items, dict):
                out.append(items)
                continue
        patterns = branch.get("patternProperties")
        if isinstance(patterns, dict):
            out.extend(sub for pattern, sub in patterns.items() if _safe_search(pattern, str(step)))
        extra = branch.get("additionalProperties")
        if isinstance(extra, dict):
            out.append(extra)
    return out


def _safe_search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _schema_at(model: type[BaseModel], data: Any, path: DataPath) -> list[_SchemaNode]:
    """The schema branches describing the value at ``path`` of ``data``."""
    schema = _json_schema(model)
    if schema is None:
        return []
    defs = schema.get("$defs") or {}
    branches = _expand(schema, defs, data)
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            data = None
        branches = [
            node for child in _children(branches, step) for node in _expand(child, defs, data)
        ]
        if not branches:
            break
    return branches


def _allowed_keys(model: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    keys: dict[str, None] = {}
    for branch in _schema_at(model, data, path):
        properties = branch.get("properties")
        if isinstance(properties, dict):
            keys.update(dict.fromkeys(str(k) for k in properties))
    return list(keys)


def _enum_values(model: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    values: dict[str, None] = {}
    for branch in _schema_at(model, data, path):
        if isinstance(branch.get("enum"), list):
            values.update(dict.fromkeys(str(v) for v in branch["enum"]))
        if "const" in branch:
            values[str(branch["const"])] = None
    return list(values)


def _discriminator_tags(model: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    """Possible tags of a discriminated union at ``path`` (from the schema's mapping)."""
    schema = _json_schema(model)
    if schema is None or not path:
        return []
    parent = _schema_at(model, data, path[:-1])
    defs = schema.get("$defs") or {}
    tags: dict[str, None] = {}
    for child in _children(parent, path[-1]):
        queue = [child]
        while queue:
            node = queue.pop()
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("$ref"), str):
                queue.append(defs.get(node["$ref"].rsplit("/", 1)[-1]))
                continue
            discriminator = node.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
                tags.update(dict.fromkeys(str(t) for t in discriminator["mapping"]))
    return list(tags)


def _schema_hint(model: type[BaseModel], data: Any, path: DataPath, name: Any) -> str:
    """`` — <first sentence of the field's description>`` for a missing field, if known."""
    for branch in _schema_at(model, data, path):
        properties = branch.get("properties")
        if isinstance(properties, dict) and isinstance(properties.get(name), dict):
            description = properties[name].get("description")
            if isinstance(description, str) and description.strip():
                first = description.strip().split(". ")[0].rstrip(".")
                return f" ({_short(first, 80)})"
    return ""
