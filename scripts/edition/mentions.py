"""Finding mentions of entities by name and alias in one pass over a text.

All names are compiled into one regular expression shaped as a trie (shared prefixes merged), so
the scan costs about the same whatever the number of entities; the leftmost match wins and, at
one position, the longest name wins. Matches inside URLs or inline code are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

_SKIP = re.compile(r"https?://\S+|`[^`]*`|\[[^\]]*\]\([^)]*\)")
"""Spans never linked: URLs, inline code and existing Markdown links."""


@dataclass(frozen=True)
class Hit:
    """One match of a name in a text."""

    start: int
    end: int
    entity: str


def _trie_pattern(names: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        # Longer continuations first so the regex prefers the longest name at a position.
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{group})?" if "" in node else group

    return emit(trie)


class MentionFinder:
    """A compiled matcher for a fixed table of names."""

    def __init__(self, names: Mapping[str, str]) -> None:
        """``names`` maps each name or alias to the id of its entity."""
        self._names = dict(names)
        body = _trie_pattern(sorted(self._names)) if self._names else r"(?!x)x"
        # Word boundaries that also work next to accented letters and straight quotes. A footnote
        # marker (superscript digits, which count as \w) may follow a name: "Mérida Initiative²".
        self._pattern = re.compile(rf"(?<![\w]){body}(?![^\W⁰¹²³⁴⁵⁶⁷⁸⁹])")

    def find(self, text: str) -> Iterator[Hit]:
        """Non-overlapping mentions in ``text``, left to right."""
        skipped = [(m.start(), m.end()) for m in _SKIP.finditer(text)]
        pos = 0
        while True:
            match = self._pattern.search(text, pos)
            if match is None:
                return
            start, end = match.span()
            if end == start:
                pos = start + 1
                continue
            blocked = next(((a, b) for a, b in skipped if a < end and start < b), None)
            if blocked:
                pos = max(blocked[1], start + 1)
                continue
            yield Hit(start, end, self._names[match.group()])
            pos = end
