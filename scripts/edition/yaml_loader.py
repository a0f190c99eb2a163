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

from . import yaml_hints
from .problems import Location, Problem

MAX_BYTES = 512 * 1024
"""Size cap per annotation file: generous for hand-written YAML, small enough to stop abuse."""

MAX_DEPTH = 32
"""Nesting cap: annotation files nest four or five levels; PyYAML's composer recurses per level,
so ``[[[[...]]]]`` a few hundred deep would otherwise end in a ``RecursionError`` traceback."""

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


class _StrictCompose(yaml.composer.Composer):
    """A composer that refuses anchors, aliases, explicit tags and deep nesting (events come from
    the parser it is combined with: PyYAML's own, or libyaml's)."""

    _depth = 0
    peek_event: Any

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, f"anchors (&{anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _Refused(event.start_mark, f"tag {_short_tag(tag)!r} is not allowed: annotation files hold plain data only")
        if self._depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _StrictComposer(_StrictCompose, yaml.SafeLoader):
    """SafeLoader whose composer refuses anchors, aliases, explicit tags and deep nesting."""


_CParser: Any = getattr(yaml, "cyaml", None) and getattr(yaml.cyaml, "CParser", None)
"""libyaml's parser, when PyYAML was built with it (its wheels are)."""


if _CParser is not None:

    class _FastComposer(_StrictCompose, _CParser, yaml.resolver.Resolver):
        """The same composer and resolver over libyaml's events: scanning and parsing, most of the
        time of a load, run in C (an annotation file of 1 MB loads ten times faster)."""

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _compose_fast(text: str) -> tuple[bool, Any]:
    """``(True, node)`` from libyaml, or ``(False, None)`` to let the pure-Python loader decide.

    libyaml and PyYAML agree on well-formed files (the nodes, tags and positions are the same) but
    not on the wording of errors, so any error, refusal or character PyYAML's reader would reject
    sends the file to the pure-Python loader, and editors see exactly its messages.
    """
    if _CParser is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False, None
    try:
        loader = _FastComposer(text)
        try:
            return True, loader.get_single_node()
        finally:
            loader.dispose()
    except Exception:  # every failure is re-run, and reported, by the pure-Python loader
        return False, None


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object``, as the editor wrote it."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    """PyYAML's own wording (it is precise about what the parser expected), located where it helps."""
    problem, context = exc.problem or "invalid YAML", exc.context
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    if "end of stream" in problem and start is not None:
        mark = start  # an unclosed quote or bracket: the end of the file is no place to look
    elif context and start is not None and mark is not None and (start.line, start.column) != (mark.line, mark.column):
        context += f" (from line {start.line + 1}, column {start.column + 1})"
    message = " ".join(part for part in (context, problem) if part)
    if "'\\t'" in problem:
        message += "; indent with spaces, not tabs"
    return Problem(_loc(path, mark), f"YAML syntax: {message}")


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
    fast, node = _compose_fast(text)
    try:
        if not fast:
            loader = _StrictComposer(text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
    except _Refused as exc:
        return None, [Problem(_loc(path, exc.mark), exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [yaml_hints.diagnose(text, exc, path) or _syntax_problem(exc, path)]
    except yaml.reader.ReaderError as exc:  # control characters: PyYAML gives a character offset
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        return None, [
            Problem(
                Location(path, line, col), f"control character {char!r} (U+{ord(char[:1] or ' '):04X}) is not allowed in YAML; delete it"
            )
        ]
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
        merged = False  # two list items run together: their other repeated keys say nothing new
        for key_node, value_node in node.value:
            key_loc = _loc(path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(key_loc, "mapping keys must be plain words"))
                continue
            key = str(key_node.value)
            if key in seen:
                first = seen[key]
                if pointer and isinstance(pointer[-1], int) and key == next(iter(seen)):
                    value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
                    problems.append(yaml_hints.repeated_first_key(key, value, first.line, key_loc))
                    merged = True
                elif not merged:
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
    try:
        # The tag's constructor itself: ``construct_object`` would also remember every node in the
        # module-level constructor, which then grew with each load (each rebuild of ``serve``).
        return _constructor.yaml_constructors[node.tag](_constructor, node)
    except (ValueError, OverflowError):  # an integer of more than 4300 digits, Python's conversion limit
        shown = node.value if len(node.value) <= 40 else node.value[:39] + "…"
        problems.append(
            Problem(out.values[pointer], f"number {shown!r} is too long to read ({len(node.value)} characters); quote it if it is text")
        )
        return None
