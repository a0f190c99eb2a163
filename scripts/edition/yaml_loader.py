"""Safe, located YAML: turns annotation bytes into plain data plus the position of every value.

PyYAML's safe loader is strict about types but still accepts anchors/aliases (alias bombs),
explicit tags and duplicate keys (it silently keeps the last). This loader composes the node
tree itself so it can reject all three, and records ``(line, col)`` of every key and value so a
later schema error can point at the exact spot. It never constructs arbitrary Python objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Location, Problem

MAX_BYTES = 512 * 1024
"""Size cap per annotation file: generous for hand-written YAML, small enough to stop abuse."""

Pointer = tuple[str | int, ...]
"""A path into the data, e.g. ``("actors", 3, "kind")``."""

_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass
class LocatedData:
    """The data of one file and where each piece of it stands."""

    data: Any
    """Plain dicts, lists, strings, numbers, booleans and None."""
    values: dict[Pointer, Location] = field(default_factory=dict)
    """Start of each value."""
    keys: dict[Pointer, Location] = field(default_factory=dict)
    """Start of each mapping key (for errors about the key itself)."""

    def at(self, pointer: Pointer, *, key: bool = False) -> Location:
        """The location of ``pointer``, or of its nearest located ancestor."""
        table: Mapping[Pointer, Location] = self.keys if key else self.values
        probe = tuple(pointer)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), Location(self.path))

    path: str = ""


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictComposer(yaml.SafeLoader):
    """SafeLoader whose composer refuses anchors, aliases and explicit tags."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, f"anchors (&{anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _Refused(event.start_mark, f"tag {tag!r} is not allowed: annotation files hold plain data only")
        return super().compose_node(parent, index)


def _loc(path: str, mark: Any) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def load_yaml(raw: bytes, path: str) -> tuple[LocatedData | None, list[Problem]]:
    """Parse ``raw`` safely; on failure return ``None`` and located problems, never raise."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(Location(path), f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(raw, exc.start)
        bad = raw[exc.start : exc.start + 1]
        return None, [Problem(Location(path, line, col), f"invalid UTF-8 byte {bad!r}; save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loader = _StrictComposer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        return None, [Problem(_loc(path, exc.mark), exc.message)]
    except yaml.MarkedYAMLError as exc:
        # Keep PyYAML's own wording: it is precise about what the parser expected.
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        return None, [Problem(_loc(path, mark), f"YAML syntax: {message}")]
    except yaml.reader.ReaderError as exc:  # control characters: PyYAML gives a character offset
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        return None, [Problem(Location(path, line, col), f"character {chr(exc.character)!r} is not allowed in YAML")]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(path), f"YAML: {exc}")]
    out = LocatedData(data=None, path=path)
    if node is None:
        out.data = {}
        return out, []
    problems: list[Problem] = []
    out.data = _convert(node, (), out, problems, path)
    return (None if problems else out), problems


_constructor = yaml.SafeLoader("")


def _convert(node: yaml.Node, pointer: Pointer, out: LocatedData, problems: list[Problem], path: str) -> Any:
    out.values[pointer] = _loc(path, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key_loc = _loc(path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(key_loc, "mapping keys must be plain words"))
                continue
            key = str(key_node.value)
            if key in seen:
                first = seen[key]
                problems.append(
                    Problem(key_loc, f"duplicate key {key!r} (first at line {first.line}); YAML would silently keep only the last")
                )
                continue
            seen[key] = key_loc
            out.keys[(*pointer, key)] = key_loc
            result[key] = _convert(value_node, (*pointer, key), out, problems, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*pointer, i), out, problems, path) for i, child in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    if node.tag == _TIMESTAMP:
        return str(node.value)  # dates stay text: the schema checks their shape
    if node.tag not in _SAFE_SCALAR_TAGS:
        problems.append(Problem(out.values[pointer], f"value {node.value!r} has unsupported type {node.tag!r}"))
        return None
    return _constructor.construct_object(node)
