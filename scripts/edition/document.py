"""Records of the text stage: a source text split into front matter, sections and paragraphs.

Every character of the source is held by exactly one segment (a block or the blank lines between
blocks), and every paragraph keeps its corrections with the original characters, so
``Document.rebuild()`` gives back the source byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Mark:
    """A declared correction as applied to a paragraph or heading."""

    start: int
    """Offset of the corrected characters in the corrected text."""
    end: int
    """End offset (exclusive) in the corrected text."""
    original: str
    """The characters of the source (for a join: everything the join skipped, footnotes included)."""
    corrected: str
    """What the edition shows."""
    reason: str
    """Why, shown on hover."""
    kind: str = "replace"
    """``replace`` or ``join``."""
    superscript: str | None = None
    """Trailing part of ``corrected`` shown raised."""


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote marker inside a paragraph."""

    start: int
    """Offset of the marker in the corrected text."""
    end: int
    """End offset of the marker."""
    number: int
    """The footnote's number."""


@dataclass(frozen=True)
class Footnote:
    """A footnote lifted out of the body."""

    number: int
    """Its number, as printed."""
    text: str
    """Its text without the marker."""
    raw: str
    """The whole block as in the source."""
    start: int
    """Offset of the block in the source."""
    paragraph: int = 0
    """Number of the paragraph that cites it (0 if none does)."""


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph, numbered through the whole document."""

    number: int
    """¶N: 1-based, through the whole document."""
    section: str
    """Id of the section it belongs to."""
    text: str
    """The corrected text."""
    starts: tuple[int, ...]
    """Source offsets of its pieces (more than one when a page break cut it)."""
    marks: tuple[Mark, ...] = ()
    """Corrections applied, in text order."""
    footnotes: tuple[FootnoteRef, ...] = ()
    """Footnote markers, in text order."""

    @property
    def anchor(self) -> str:
        """The HTML id and URL fragment: ``p<N>``."""
        return f"p{self.number}"


@dataclass(frozen=True)
class Heading:
    """A section heading block."""

    text: str
    """Corrected heading text."""
    start: int
    """Source offset."""
    marks: tuple[Mark, ...] = ()
    """Corrections applied."""


@dataclass(frozen=True)
class Section:
    """The introduction or a headed section."""

    id: str
    """Pinned URL id."""
    title: str
    """Displayed title."""
    heading: Heading | None
    """The heading block (None for the untitled introduction)."""
    paragraphs: tuple[int, ...]
    """Numbers of its paragraphs."""


@dataclass(frozen=True)
class Block:
    """A raw block kept only so the source can be rebuilt (front matter, separators)."""

    start: int
    """Source offset."""
    raw: str
    """Characters as in the source."""
    role: str
    """``title``, ``subtitle``, ``byline`` or ``separator``."""


@dataclass(frozen=True)
class Document:
    """A split source text."""

    id: str
    """Document id (URL segment)."""
    source: str
    """The whole source text, verbatim."""
    front: tuple[Block, ...]
    """Front matter and separators."""
    sections: tuple[Section, ...]
    """Introduction first, then headed sections in order."""
    paragraphs: tuple[Paragraph, ...]
    """All body paragraphs, ¶1..¶N."""
    footnotes: tuple[Footnote, ...]
    """All footnotes."""
    headings: tuple[Heading, ...]
    """All heading blocks."""

    def paragraph(self, number: int) -> Paragraph:
        """¶number."""
        return self.paragraphs[number - 1]

    def section_of(self, number: int) -> Section:
        """The section that holds ¶number."""
        return self._sections_by_paragraph[number]

    @cached_property
    def _sections_by_paragraph(self) -> dict[int, Section]:
        # Asked for every paragraph and every mention: a scan of the sections each time was quadratic.
        index: dict[int, Section] = {}
        for s in self.sections:
            for number in s.paragraphs:
                index.setdefault(number, s)  # the first section that holds it, as a scan would
        return index

    def rebuild(self) -> str:
        """The source text, reassembled from the model (corrections undone)."""
        pieces: list[tuple[int, str]] = [(b.start, b.raw) for b in self.front]
        pieces += [(f.start, f.raw) for f in self.footnotes]
        pieces += [(h.start, uncorrect(h.text, h.marks)) for h in self.headings]
        for p in self.paragraphs:
            raw_pieces = uncorrect(p.text, p.marks, split_joins=True).split(JOIN_SPLIT)
            pieces += list(zip(p.starts, raw_pieces, strict=True))
        return "".join(raw for _, raw in sorted(pieces))


JOIN_SPLIT = "\x00"
"""Stand-in for a join while undoing corrections: never present in a text (the splitter rejects NUL)."""


def uncorrect(text: str, marks: tuple[Mark, ...], *, split_joins: bool = False) -> str:
    """Undo the corrections of ``text``; joins become ``JOIN_SPLIT`` when ``split_joins``."""
    out = text
    # Right to left; marks at the same offset (empty replacements) in reverse text order too.
    for _, mark in sorted(enumerate(marks), key=lambda im: (im[1].start, im[0]), reverse=True):
        replacement = (JOIN_SPLIT if split_joins else mark.original) if mark.kind == "join" else mark.original
        out = out[: mark.start] + replacement + out[mark.end :]
    return out
