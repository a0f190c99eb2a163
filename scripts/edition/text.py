"""Text stage: split a plain-text source into a ``Document``, applying declared corrections.

How: the text is cut into blocks at blank lines. The leading blocks take the front-matter roles
the document spec names; a block that starts with a superscript number is a footnote; a short
block without closing punctuation is a heading (the spec's heading rule); everything else is a
body paragraph. Corrections come from the annotations: ``replace`` fixes characters, ``join``
glues a paragraph cut by a page break (and the footnote printed inside it) back together. No
string or line number of any particular paper appears here: they all live in the spec.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markdown.extensions import toc

from .document import Block, Document, Footnote, FootnoteRef, Heading, Mark, Paragraph, Section
from .problems import Location, Problem, did_you_mean
from .schema import Correction, DocumentSpec

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_VALUE = {c: str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)}
_BLANK = re.compile(r"\n[ \t]*\n[\s]*")
_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s+")
_MARKER = re.compile(rf"(?<=\S)([{SUPERSCRIPT_DIGITS}]+)")


_UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""Characters a text file of prose never needs and a reader cannot see: control characters
(U+0001 in a heading silently broke its section), bidi overrides, zero-width characters."""
MAX_REPORTED = 5
"""At most this many unseen characters are listed per text; the count says how many there are."""


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def decode_source(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The text of a source file, or ``None`` and the one problem that stops it from being split:
    invalid UTF-8 (with the line, column and byte offset), Windows line endings, text not in
    Unicode NFC, or characters no reader can see. Each is reported as itself, once, rather than
    as dozens of anchors that no longer match."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        bad = raw[exc.start : exc.start + 1]
        return None, [Problem(Location(path, line, col), f"invalid UTF-8 byte {bad!r} at byte offset {exc.start}; save the file as UTF-8")]
    if "\r" in text:
        line, col = _line_col(text, text.index("\r"))
        kind = "Windows line endings (CRLF)" if "\r\n" in text else "old Mac line endings (CR)"
        return None, [Problem(Location(path, line, col), f"the text has {kind}; save it with Unix line endings (LF)")]
    if not unicodedata.is_normalized("NFC", text):
        at = _first_unnormalized(text)
        line, col = _line_col(text, at)
        shown = " + ".join(f"U+{ord(c):04X}" for c in text[at : at + 2])
        return None, [
            Problem(
                Location(path, line, col),
                f"the text is not in Unicode NFC form ({shown} here is {unicodedata.normalize('NFC', text[at : at + 2])!r} "
                "in NFC): annotations are read as NFC, so quotes would not match; save the text as NFC",
            )
        ]
    found = list(_UNSEEN.finditer(text))
    if found:
        problems = []
        for match in found[:MAX_REPORTED]:
            line, col = _line_col(text, match.start())
            char = match.group()
            problems.append(
                Problem(
                    Location(path, line, col),
                    f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')}) is not allowed in a text: "
                    "control, bidi and zero-width characters cannot be seen; delete it"
                    + (f" ({len(found)} in this file)" if len(found) > 1 and match is found[0] else ""),
                )
            )
        return None, problems
    return text, []


def _first_unnormalized(text: str) -> int:
    """Index of the first character whose NFC form differs (a base letter and its combining mark)."""
    for i, char in enumerate(text):
        if unicodedata.combining(char) or not unicodedata.is_normalized("NFC", char):
            start = max(0, i - 1)
            if unicodedata.normalize("NFC", text[start : i + 1]) != text[start : i + 1]:
                return start
    return 0


def superscript_number(marker: str) -> int:
    """``¹²`` -> 12."""
    return int("".join(_SUP_VALUE[c] for c in marker))


def slugify(text: str) -> str:
    """A URL id from words: Python-Markdown's ``toc.slugify`` (lowercase ASCII words joined by
    hyphens, as MkDocs makes a heading's id), with underscores as word breaks and no hyphen at
    either end, so the result is a valid id (``schema.SLUG``); empty when no letter or digit is left."""
    return toc.slugify(text.replace("_", " "), "-").strip("-")


@dataclass
class _Raw:
    start: int
    raw: str


@dataclass
class _Fix:
    start: int
    end: int
    correction: Correction
    index: int


def _blocks(source: str) -> tuple[list[_Raw], list[Block]]:
    """Blocks of text and the separators between them (which are kept for the rebuild)."""
    blocks: list[_Raw] = []
    separators: list[Block] = []
    pos = 0
    lead = re.match(r"\s*", source)
    if lead and lead.end():
        separators.append(Block(0, source[: lead.end()], "separator"))
        pos = lead.end()
    for gap in _BLANK.finditer(source, pos):
        if gap.start() > pos:
            blocks.append(_Raw(pos, source[pos : gap.start()]))
        separators.append(Block(gap.start(), gap.group(), "separator"))
        pos = gap.end()
    if pos < len(source):
        tail = re.search(r"\s*\Z", source[pos:])
        body_end = pos + (tail.start() if tail else len(source) - pos)
        if body_end > pos:
            blocks.append(_Raw(pos, source[pos:body_end]))
        if body_end < len(source):
            separators.append(Block(body_end, source[body_end:], "separator"))
    return blocks, separators


def _find_fixes(source: str, spec: DocumentSpec, where: Location, locate: list[Location] | None) -> tuple[list[_Fix], list[Problem]]:
    fixes: list[_Fix] = []
    problems: list[Problem] = []
    for index, correction in enumerate(spec.corrections):
        loc = locate[index] if locate else where
        needle = (correction.prefix or "") + correction.original
        hits = [m.start() + len(correction.prefix or "") for m in re.finditer(re.escape(needle), source)]
        if not hits:
            near = did_you_mean(correction.original, _words_like(source, correction.original))
            problems.append(Problem(loc, f"correction {index + 1} original {correction.original!r} is not in the text{near}"))
            continue
        if len(hits) > 1:
            problems.append(Problem(loc, f"correction {index + 1} original {correction.original!r} occurs {len(hits)} times; add a prefix"))
            continue
        start = hits[0]
        fixes.append(_Fix(start, start + len(correction.original), correction, index))
    # Two replacements of the same characters cannot both be undone: the rebuild would break.
    kept: list[_Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.index)):
        other = next((k for k in kept if k.correction.kind == fix.correction.kind == "replace" and fix.start < k.end), None)
        if other is None:
            kept.append(fix)
            continue
        loc = locate[fix.index] if locate else where
        problems.append(
            Problem(
                loc,
                f"correction {fix.index + 1} original {fix.correction.original!r} overlaps correction {other.index + 1} "
                f"({other.correction.original!r}); make them one correction",
            )
        )
    return sorted(kept, key=lambda f: f.index), problems


def _words_like(source: str, needle: str) -> list[str]:
    """Runs of words of about the needle's length: candidates for a did-you-mean."""
    width = len(needle.split())
    words = source.split()
    sizes = {max(1, width - 1), max(1, width), width + 1}
    return [" ".join(words[i : i + n]) for n in sorted(sizes) for i in range(len(words))]


def _apply(block: _Raw, fixes: list[_Fix], offset: int) -> tuple[str, list[Mark]]:
    """Apply the replace-fixes inside ``block``; marks are placed at ``offset`` + position."""
    out = ""
    marks: list[Mark] = []
    pos = block.start
    end = block.start + len(block.raw)
    for fix in sorted(fixes, key=lambda f: f.start):
        if fix.correction.kind != "replace" or not (block.start <= fix.start and fix.end <= end):
            continue
        out += block.raw[pos - block.start : fix.start - block.start]
        c = fix.correction
        start = offset + len(out)
        out += c.corrected
        marks.append(Mark(start, start + len(c.corrected), c.original, c.corrected, c.reason, "replace", c.superscript))
        pos = fix.end
    out += block.raw[pos - block.start :]
    return out, marks


def split(
    doc_id: str,
    source: str,
    spec: DocumentSpec,
    where: Location,
    correction_locations: list[Location] | None = None,
    section_locations: list[Location] | None = None,
) -> tuple[Document | None, list[Problem]]:
    """Split ``source`` by ``spec``; problems are located at the spec's corrections and sections
    (``correction_locations[i]`` and ``section_locations[i]``), or at ``where`` without them."""
    if "\x00" in source:
        return None, [Problem(where, "the text contains a NUL character")]
    raw_blocks, separators = _blocks(source)
    fixes, problems = _find_fixes(source, spec, where, correction_locations)
    roles = list(spec.front_matter.roles)
    body = raw_blocks[len(roles) :]
    front = [*separators, *(Block(b.start, b.raw, role) for b, role in zip(raw_blocks, roles, strict=False))]
    woven = _weave(body, fixes, spec)

    def at(fix: _Fix) -> Location:
        return correction_locations[fix.index] if correction_locations else where

    problems += _unused_fixes(woven, body, fixes, at)
    # An empty section is an error (no page can show it); the document is still returned, so
    # anchors are checked as usual, and the error stops the build before anything is rendered.
    problems += _empty_sections(doc_id, source, woven.headings, len(woven.paragraphs))
    sections, section_problems = _sections(woven.headings, len(woven.paragraphs), spec, where, section_locations)
    problems += section_problems
    paras, footnotes = _paragraphs(woven, sections)
    problems += [Problem(where, f"footnote {f.number} has no marker in the text") for f in footnotes if not f.paragraph]
    doc = Document(
        id=doc_id,
        source=source,
        front=tuple(sorted(front, key=lambda b: b.start)),
        sections=tuple(sections),
        paragraphs=paras,
        footnotes=footnotes,
        headings=tuple(h for h, _ in woven.headings),
    )
    return doc, problems


@dataclass
class _Woven:
    """The body blocks sorted into footnotes, headings and paragraphs, corrections applied."""

    footnotes: list[Footnote]
    headings: list[tuple[Heading, int]]
    """Each heading and the number of paragraphs before it."""
    paragraphs: list[tuple[str, list[int], list[Mark]]]
    """Each paragraph's text, the start of each of its blocks in the source, and its marks."""
    open_join: _Fix | None = None
    """A join whose paragraph waits for its continuation (after the text: one that never came)."""


def _weave(body: list[_Raw], fixes: list[_Fix], spec: DocumentSpec) -> _Woven:
    """Footnotes, headings and paragraphs in the order of the text; a join glues the block after
    its paragraph onto it, past the footnotes printed between (kept in the mark, for the rebuild)."""
    joins = {f.start: f for f in fixes if f.correction.kind == "join"}
    woven = _Woven([], [], [])
    skipped = ""
    for block in body:
        note = _FOOTNOTE.match(block.raw)
        if note:
            woven.footnotes.append(Footnote(superscript_number(note.group(1)), block.raw[note.end() :].strip(), block.raw, block.start))
            if woven.open_join:
                skipped += block.raw + "\n\n"
            continue
        if woven.open_join is not None:
            _continue_paragraph(woven, woven.open_join, block, fixes, skipped)
        elif _is_heading(block.raw, spec):
            text, marks = _apply(block, fixes, 0)
            woven.headings.append((Heading(text, block.start, tuple(marks)), len(woven.paragraphs)))
            continue
        else:
            text, marks = _apply(block, fixes, 0)
            woven.paragraphs.append((text, [block.start], marks))
        end = woven.paragraphs[-1][1][-1] + len(block.raw)
        ending = [f for f in joins.values() if f.end == end]
        woven.open_join, skipped = (ending[-1] if ending else None), ""
    return woven


def _continue_paragraph(woven: _Woven, join: _Fix, block: _Raw, fixes: list[_Fix], skipped: str) -> None:
    """Glue ``block`` onto the last paragraph, as ``join`` says (its ``corrected`` text, or a space)."""
    text, starts, marks = woven.paragraphs[-1]
    glue = join.correction.corrected or " "
    join_at = len(text)
    text += glue
    more, more_marks = _apply(block, fixes, len(text))
    marks.append(Mark(join_at, join_at + len(glue), "\n\n" + skipped, glue, join.correction.reason, "join"))
    woven.paragraphs[-1] = (text + more, [*starts, block.start], marks + more_marks)


def _unused_fixes(woven: _Woven, body: list[_Raw], fixes: list[_Fix], at: Callable[[_Fix], Location]) -> list[Problem]:
    """Corrections that found their text but could not be applied, each said rather than dropped."""
    problems = []
    if woven.open_join is not None:
        join = woven.open_join
        problems.append(Problem(at(join), f"correction {join.index + 1}: join {join.correction.original!r} has no continuation"))
    # Only body paragraphs and headings take corrections.
    correctable = [(b.start, b.start + len(b.raw)) for b in body if not _FOOTNOTE.match(b.raw)]
    for fix in fixes:
        if fix.correction.kind == "replace" and not any(a <= fix.start and fix.end <= z for a, z in correctable):
            problems.append(
                Problem(
                    at(fix),
                    f"correction {fix.index + 1} original {fix.correction.original!r} is not inside one paragraph or heading "
                    "(front matter, footnotes and the blank lines between blocks cannot be corrected)",
                )
            )
    joined = any(m.kind == "join" for _, _, marks in woven.paragraphs for m in marks)
    for fix in fixes:
        if fix.correction.kind == "join" and not joined:
            problems.append(
                Problem(
                    at(fix),
                    f"correction {fix.index + 1} original {fix.correction.original!r} does not end a paragraph: "
                    "a join's original is the last words before the page break",
                )
            )
    return problems


def _paragraphs(woven: _Woven, sections: list[Section]) -> tuple[tuple[Paragraph, ...], tuple[Footnote, ...]]:
    """The numbered paragraphs with their footnote markers, and each footnote with the paragraph
    that first cites it (0 for none)."""
    notes_by_number = {f.number: f for f in woven.footnotes}
    cited: dict[int, int] = {}
    paras: list[Paragraph] = []
    for index, (text, starts, marks) in enumerate(woven.paragraphs, start=1):
        section = next(s.id for s in sections if index in s.paragraphs)
        refs = []
        for m in _MARKER.finditer(text):
            number = superscript_number(m.group(1))
            if number in notes_by_number:
                refs.append(FootnoteRef(m.start(), m.end(), number))
                cited.setdefault(number, index)
        paras.append(Paragraph(index, section, text, tuple(starts), tuple(marks), tuple(refs)))
    footnotes = tuple(Footnote(f.number, f.text, f.raw, f.start, cited.get(f.number, 0)) for f in woven.footnotes)
    return tuple(paras), footnotes


def _empty_sections(doc_id: str, source: str, headings: list[tuple[Heading, int]], count: int) -> list[Problem]:
    """A heading followed by another heading, or by nothing: a section without paragraphs, which
    no page can show (and which is most often a short sentence read as a heading)."""
    problems = []
    for i, (heading, before) in enumerate(headings):
        after = headings[i + 1][1] if i + 1 < len(headings) else count
        if after == before:
            line, col = _line_col(source, heading.start)
            following = f"by the heading {headings[i + 1][0].text!r}" if i + 1 < len(headings) else "by the end of the text"
            problems.append(
                Problem(
                    Location(f"texts/{doc_id}.txt", line, col),
                    f"heading {heading.text!r} is followed directly {following}: a section needs at least one paragraph "
                    "(if one of them is not a heading, adjust heading_rule in the document file)",
                )
            )
    return problems


def _is_heading(raw: str, spec: DocumentSpec) -> bool:
    rule = spec.heading_rule
    text = raw.strip()
    # A footnote marker is not the ending: "Short sentence.¹" is a paragraph, not a heading.
    ending = (text.rstrip(SUPERSCRIPT_DIGITS) or text)[-1]
    return "\n" not in text and len(text.split()) <= rule.max_words and ending not in rule.forbidden_endings and text[0].isupper()


def _sections(
    headings: list[tuple[Heading, int]], count: int, spec: DocumentSpec, where: Location, locations: list[Location] | None = None
) -> tuple[list[Section], list[Problem]]:
    problems: list[Problem] = []
    by_heading = {s.heading: s for s in spec.sections}
    used: set[str] = set()
    bounds = [0] + [before for _, before in headings] + [count]
    intro_numbers = tuple(range(1, bounds[1] + 1))
    sections = []
    if intro_numbers:
        intro = spec.introduction
        sections.append(Section(intro.id, intro.title or intro.heading, None, intro_numbers))
    for i, (heading, _) in enumerate(headings):
        pinned = by_heading.get(heading.text)
        if pinned is None:
            section_id, title = slugify(heading.text) or "section", heading.text
            problems.append(Problem(where, f"heading {heading.text!r} has no pinned id in sections; it gets {section_id!r}", "warning"))
        else:
            used.add(heading.text)
            section_id, title = pinned.id, pinned.title or heading.text
        numbers = tuple(range(bounds[i + 1] + 1, bounds[i + 2] + 1))
        sections.append(Section(section_id, title, heading, numbers))
    for i, spec_section in enumerate(spec.sections):
        if spec_section.heading not in used:
            hint = did_you_mean(spec_section.heading, [h.text for h, _ in headings])
            loc = locations[i] if locations else where
            problems.append(Problem(loc, f"section {i + 1} heading {spec_section.heading!r} is not a heading of the text{hint}"))
    ids = [s.id for s in sections]
    for dup in sorted({x for x in ids if ids.count(x) > 1}):
        problems.append(Problem(where, f"section id {dup!r} is used twice"))
    return sections, problems
