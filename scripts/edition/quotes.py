"""Where a quote stands in the texts, and the anchor that picks each place (``python -m edition find``).

An anchor is a quote of the corrected text plus, when the quote occurs more than once, a prefix or
a suffix that picks one place (the W3C TextQuoteSelector, resolved by ``link.resolve_anchor``).
Editors should not count characters to find the shortest prefix that is unique: ``places`` does it,
with the resolver's own rules (a match is a non-overlapping occurrence inside one paragraph; the
prefix must end right before it, the suffix start right after it), widened to whole words so the
anchor reads as text. Pure: takes documents, returns records and YAML text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document
from .link import _occurrences


@dataclass(frozen=True)
class Place:
    """One occurrence of a quote, with the context that tells it from the others in its document."""

    document: str
    """The document's id."""
    paragraph: int
    """The paragraph number (¶N)."""
    section: str
    """The id of the section the paragraph is in."""
    start: int
    """Offset of the quote in the paragraph's corrected text."""
    text: str
    """The paragraph's corrected text."""
    prefix: str | None = None
    """The shortest whole-word prefix that makes this place unique, when one is needed."""
    suffix: str | None = None
    """... or the suffix, when it is shorter or no prefix is unique."""
    unique: bool = True
    """False when no prefix or suffix tells this place from another (the same words around both)."""


def places(quote: str, documents: Iterable[Document]) -> list[Place]:
    """Every place of ``quote`` in the documents, each with the shortest context that picks it."""
    found: list[Place] = []
    for doc in documents:
        hits = [(p, start) for p in doc.paragraphs if quote in p.text for start in _occurrences(quote, p.text)]
        for p, start in hits:
            place = Place(doc.id, p.number, p.section, start, p.text)
            if len(hits) > 1:
                place = _disambiguate(place, quote, [(q.text, s) for q, s in hits if (q.number, s) != (p.number, start)])
            found.append(place)
    return found


def _disambiguate(place: Place, quote: str, others: list[tuple[str, int]]) -> Place:
    before, after = place.text[: place.start], place.text[place.start + len(quote) :]
    prefix = _shortest(before, [text[:start] for text, start in others], from_end=True)
    suffix = _shortest(after, [text[start + len(quote) :] for text, start in others], from_end=False)
    options = [(len(c), kind, c) for kind, c in (("prefix", prefix), ("suffix", suffix)) if c is not None]
    if not options:
        return Place(**{**place.__dict__, "unique": False})
    _, kind, context = min(options)
    return Place(**{**place.__dict__, kind: context})


def _shortest(own: str, others: list[str], *, from_end: bool) -> str | None:
    """The shortest stretch of ``own`` next to the quote (its end for a prefix, its start for a
    suffix) that no other place has there, widened to whole words; None if there is none."""
    for size in range(1, len(own) + 1):
        piece = own[-size:] if from_end else own[:size]
        if not any((other.endswith(piece) if from_end else other.startswith(piece)) for other in others):
            return _whole_words(own, size, from_end=from_end)
    return None


def _whole_words(own: str, size: int, *, from_end: bool) -> str:
    """Widen the piece to the next word boundary (a longer context stays unique)."""
    if from_end:
        start = len(own) - size
        while start > 0 and not own[start - 1].isspace():
            start -= 1
        return own[start:]
    end = size
    while end < len(own) and not own[end].isspace():
        end += 1
    return own[:end]


def anchor_yaml(place: Place, quote: str, indent: int = 4) -> str:
    """The ``anchor:`` block to paste under a note, question or funding figure."""
    pad = " " * indent
    lines = [f"{pad}anchor:", f"{pad}  document: {place.document}", f"{pad}  quote: {_scalar(quote)}"]
    if place.prefix is not None:
        lines.append(f"{pad}  prefix: {_scalar(place.prefix)}")
    if place.suffix is not None:
        lines.append(f"{pad}  suffix: {_scalar(place.suffix)}")
    return "\n".join(lines)


def _scalar(text: str) -> str:
    """A double-quoted YAML string (JSON's quoting is valid YAML and keeps spaces at the ends)."""
    return json.dumps(text, ensure_ascii=False)


def context_line(place: Place, quote: str, width: int = 50) -> str:
    """``…words before [the quote] words after…`` on one line."""
    before = place.text[max(0, place.start - width) : place.start]
    end = place.start + len(quote)
    after = place.text[end : end + width]
    lead = "…" if place.start > width else ""
    tail = "…" if end + width < len(place.text) else ""
    return f"{lead}{before}[{quote}]{after}{tail}"
