"""Plain words for the YAML slips editors make, with the fix.

PyYAML says what its parser expected (``expected <block end>, but found '<block mapping start>'``),
which is exact and useless to someone who indented a line by three spaces. When a file does not
parse, ``diagnose`` looks at the lines themselves for the common causes, in the order one causes
the next (a tab or an open quote upsets the indentation after it, not the other way round):

- a tab in the indentation;
- a quote opened and never closed;
- a colon and a space inside an unquoted value (``role: Chair: Harbour Council``);
- a line indented differently from the keys around it;
and ``repeated_first_key`` names the slip that parses but merges two records: a missing ``- ``
before a list item. Each returns the located problem, or None to keep PyYAML's own message.

A value that parses but breaks a field's pattern (an id, a date, a web address, a country code)
is put in words once, for both places an editor meets it: the problem ``check`` reports
(``pattern_mismatch``) and the hover of the JSON Schemas in an editor (``pattern_hint``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .problems import Location, Problem
from .text import slugify

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*): ?(?P<value>.*)$")
"""A ``key: value`` line, possibly the first of a list item (``- key: value``)."""


def diagnose(text: str, exc: Any, path: str) -> Problem | None:
    """A plain-words problem for a file PyYAML could not parse, or None."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return None
    lines = text.splitlines()
    upto = min(len(lines), mark.line + 1)
    for check in (_tab, _open_quote):
        found = check(lines, upto, path)
        if found:
            return found
    problem = str(getattr(exc, "problem", "") or "")
    if "mapping values are not allowed" in problem:
        found = _colon_in_value(lines, mark.line, mark.column, path)
        if found:
            return found
    return _indentation(lines, mark.line, path)


def _tab(lines: list[str], upto: int, path: str) -> Problem | None:
    for number, line in enumerate(lines[:upto], 1):
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead:
            spaces = _neighbour_indent(lines, number - 1)
            fix = f" with {spaces} spaces, as the lines around it" if spaces else " with spaces"
            return Problem(
                Location(path, number, lead.index("\t") + 1),
                f"this line is indented with a tab; YAML indents with spaces only: indent it{fix}",
            )
    return None


def _open_quote(lines: list[str], upto: int, path: str) -> Problem | None:
    """A value that starts with a quote whose closing quote is not on its line.

    Quoted values may span lines in YAML, but an annotation value never needs to; an open quote
    is what makes every line after it read wrongly, so it is reported before anything else.
    """
    for number, line in enumerate(lines[:upto], 1):
        found = _KEY.match(line) or re.match(r"^(?P<indent> *)(?P<dash>- +)(?P<value>.*)$", line)
        if not found:
            continue
        value = found.group("value").rstrip()
        if not value or value[0] not in "\"'":
            continue
        quote = value[0]
        rest = value[1:].replace("\\\\", "").replace('\\"', "") if quote == '"' else value[1:].replace("''", "")
        if quote in rest:
            continue
        column = found.start("value") + 1
        return Problem(
            Location(path, number, column),
            f"the quote {quote} that opens this value is never closed: add {quote} at its end, or leave out the opening {quote}",
        )
    return None


def _colon_in_value(lines: list[str], index: int, column: int, path: str) -> Problem | None:
    """``key: words: more words``: YAML reads the second ``: `` as the start of another key."""
    if index >= len(lines):
        return None
    line = lines[index]
    found = _KEY.match(line)
    if not found or column <= found.start("value"):
        return None
    key, value = found.group("key"), found.group("value").rstrip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Problem(
        Location(path, index + 1, column + 1),
        f"the value of {key!r} holds a colon followed by a space, which YAML reads as a new key: put the value in quotes: {key}: {quoted}",
    )


def _indent_of(line: str) -> int | None:
    """The indentation of a line's key (after a ``- ``, the key's own column), or None for lines
    that hold no key (blank lines, comments, continuation text)."""
    found = _KEY.match(line)
    if not found:
        return None
    return len(found.group("indent")) + len(found.group("dash") or "")


def _neighbour_indent(lines: list[str], index: int) -> int | None:
    """The key indentation of the nearest key line above ``index``."""
    for i in range(index - 1, -1, -1):
        indent = _indent_of(lines[i].replace("\t", " "))
        if indent is not None:
            return indent
    return None


def _indentation(lines: list[str], index: int, path: str) -> Problem | None:
    """The first key line near the error whose indentation matches neither the key above it nor
    any key the block had, e.g. ``role:`` at 3 spaces among keys at 4."""
    first = max(0, index - 3)
    for i in range(first, min(len(lines), index + 1)):
        indent = _indent_of(lines[i])
        if indent is None or lines[i].lstrip().startswith("- "):
            continue
        before = _neighbour_indent(lines, i)
        after = next((n for j in range(i + 1, len(lines)) if (n := _indent_of(lines[j])) is not None), None)
        if before is None or indent == before:
            continue
        opened_block = lines[_previous_key_line(lines, i)].rstrip().endswith(":")
        used = {n for n in (before, after) if n is not None}
        if opened_block and indent > before:
            continue  # a nested mapping under `key:` is indented more, as it should be
        if indent in _enclosing_indents(lines, i):
            continue  # going back out to a key of an enclosing mapping
        return Problem(
            Location(path, i + 1, indent + 1),
            f"this line is indented {_spaces(indent)}; the keys around it use {' or '.join(_spaces(n) for n in sorted(used))}: "
            f"indent it like them",
        )
    return None


def _previous_key_line(lines: list[str], index: int) -> int:
    for i in range(index - 1, -1, -1):
        if _indent_of(lines[i]) is not None:
            return i
    return index


def _enclosing_indents(lines: list[str], index: int) -> set[int]:
    """Indentations of the keys of the mappings that enclose line ``index`` (each less indented
    than the one inside it)."""
    found: set[int] = set()
    limit = None
    for i in range(index - 1, -1, -1):
        match = _KEY.match(lines[i])
        if not match:
            continue
        indent = len(match.group("indent")) + len(match.group("dash") or "")
        if limit is None or indent < limit:
            found.add(indent)
            dash = match.group("dash")
            limit = len(match.group("indent")) if dash else indent
            if dash:
                found.add(indent)
    return found


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


def repeated_first_key(key: str, value: object, first_line: int, loc: Location) -> Problem:
    """The first key of a list item written again in the same item: the ``- `` that starts a new
    item is missing (YAML then merges the two records into one)."""
    shown = f"{key}: {value}" if isinstance(value, str) and value and "\n" not in value else f"{key}:"
    fixed = " " * max(0, loc.col - 3) + "- " + shown
    return Problem(
        loc,
        f"{key!r} again in the list item that starts at line {first_line}: a new item starts with '- ': write {fixed!r}",
    )


@dataclass(frozen=True)
class _Pattern:
    noun: str
    """What the value is not: ``a valid id``."""
    rule: str
    """How to write one, in both messages."""
    hover: str = ""
    """Said only in the editor's hover, where the value itself is not shown."""


_ID = _Pattern("a valid id", "use lowercase letters, digits and single hyphens", ", e.g. felipe-calderon")
_DATE = _Pattern("a date", "write YYYY, YYYY-MM or YYYY-MM-DD", " (months 01-12, days 01-31), in quotes")
_WEB = _Pattern("a web address", "it must start with http:// or https://")
_COUNTRY = _Pattern("a country code", "write two capital letters (ISO 3166), e.g. 'US'")


def _pattern(pattern: str) -> _Pattern | None:
    """The words for one of the schema's patterns (``schema.SLUG``, ``PartialDate``, web addresses, countries)."""
    if "a-z0-9" in pattern:
        return _ID
    if r"\d{4}" in pattern:
        return _DATE
    if pattern.startswith("^https?"):
        return _WEB
    if pattern == "^[A-Z]{2}$":
        return _COUNTRY
    return None


def pattern_hint(pattern: str) -> str | None:
    """Words for a pattern, for an editor's hover: ``Not a valid id: use ..., e.g. felipe-calderon.``"""
    words = _pattern(pattern)
    return f"Not {words.noun}: {words.rule}{words.hover}." if words else None


def pattern_mismatch(pattern: str, value: object) -> str:
    """What a value that breaks ``pattern`` is told: ``'Agreement_Signed' is not a valid id: use
    lowercase letters, digits and single hyphens (did you mean 'agreement-signed'?)``."""
    words = _pattern(pattern)
    if words is None:
        return f"{value!r} does not match {pattern}"
    if words is _DATE and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(value)):
        return f"{value!r} is not a real date: months run 01-12 and days 01-31"
    suggestion = f" (did you mean {slugify(str(value))!r}?)" if words is _ID else ""
    return f"{value!r} is not {words.noun}: {words.rule}{suggestion}"
