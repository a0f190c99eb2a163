"""Rendering one paragraph: the author's text with its apparatus beside it, never inside it.

Everything that decorates a paragraph is an interval of its corrected text: corrections, footnote
markers, questions, figures, mentions and the passages that notes comment on. Decorations may
underline, highlight or link the author's words; they insert no character between them. Intervals
are accepted in priority order (corrections, footnotes, questions, figures, mentions) only if they
nest properly with those already accepted and no link lands inside another link; a note's passage
is a highlight, so where it crosses another decoration it is split into pieces that nest. Then the
text is written out once, left to right, opening and closing tags at interval ends.

What the apparatus says (the notes, the questions' records with their status, the source's reading
of a correction) stands in an ``<aside>`` after the paragraph: the right-hand margin on wide
screens, a compact list after the paragraph on narrow ones (``docs/assets/edition.css``,
``edition.js``). Passage and aside item share a ``data-apparatus`` key, so hovering or focusing one
highlights the other; each note has the stable fragment ``#note-<id>``. For print, the section's
notes are numbered at its end (``print_notes``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from itertools import pairwise

from ..document import Paragraph
from ..edition import Edition
from ..schema import Note
from . import dialect
from .claims import inline_sources, render_claims
from .markup import attr, escape, rel


@dataclass(frozen=True)
class _Deco:
    start: int
    end: int
    open: str
    close: str
    is_link: bool = False
    replace: str | None = None  # Markdown that replaces the covered text entirely (a footnote marker)


def _contains(outer: _Deco, inner: _Deco) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _compatible(new: _Deco, accepted: list[_Deco]) -> bool:
    for old in accepted:
        if new.end <= old.start or old.end <= new.start:
            continue  # disjoint
        nested = _contains(old, new) or _contains(new, old)
        if not nested or (new.is_link and old.is_link) or old.replace is not None or new.replace is not None:
            return False
    return True


_FOCUSABLE = ' tabindex="0"'

STATUS_LABELS = {"open": "open", "partly-answered": "partly answered", "answered": "answered", "moot": "moot"}
"""How a question's status reads beside the text (the record's value is the CSS class)."""


def notes_in(edition: Edition, doc_id: str, number: int) -> list[tuple[str, int]]:
    """(note id, start offset) of the notes anchored in ¶number, in text order."""
    found = [(note.id, edition.anchors[("note", note.id)].start) for note in edition.notes_in(doc_id, number)]
    return sorted(found, key=lambda x: (x[1], x[0]))


def render_paragraph(edition: Edition, doc_id: str, p: Paragraph, page: str) -> str:
    """Markdown for ¶N: its ¶ link and decorated text, then its apparatus in an aside."""
    # Rendered afresh for the section page and again for the print page: keeping the first
    # rendering saved a twentieth of the render stage, not worth scratch state on the edition.
    return _render_paragraph(edition, doc_id, p, page)


def _decorations(edition: Edition, doc_id: str, p: Paragraph, page: str) -> list[_Deco]:
    """Every candidate decoration of ¶N, in priority order."""
    decos: list[_Deco] = []
    for i, m in enumerate(p.marks):
        source = "" if m.kind == "join" else f" The source reads “{m.original}”."
        title = attr(f"Editorial correction: {m.reason}{source}")
        key = f"correction-{p.number}-{i + 1}"
        kind = "correction join" if m.kind == "join" else "correction"
        # Focusable, so a keyboard reaches the tooltip; the same words stand in the aside for touch.
        decos.append(_Deco(m.start, m.end, f'<span class="{kind}" tabindex="0" data-apparatus="{key}" title="{title}">', "</span>"))
        if m.kind != "join" and m.superscript and m.corrected.endswith(m.superscript):
            decos.append(_Deco(m.end - len(m.superscript), m.end, "<sup>", "</sup>"))
    for ref in p.footnotes:
        decos.append(_Deco(ref.start, ref.end, "", "", replace=dialect.footnote_ref(ref.number)))
    # The edition's indexes hand over only this paragraph's records, in record order (a scan of
    # every record for every paragraph made rendering quadratic in the size of the edition).
    for q in edition.questions_in(doc_id, p.number):
        span = edition.anchors[("question", q.id)]
        if span:
            decos.append(_Deco(span.start, span.end, f'<span class="question" id="q-{q.id}" data-apparatus="question-{q.id}">', "</span>"))
    for f in edition.funding_in(doc_id, p.number):
        span = edition.anchors[("funding", f.id)]
        if span:
            target = rel(page, "funding/index.md", f.id)
            decos.append(
                _Deco(span.start, span.end, dialect.link_open(), dialect.link_close(target, attr(f.label), "figure"), is_link=True)
            )
    for mention in edition.mentions_in(doc_id, p.number):
        s = mention.span
        if not mention.linked:
            continue
        entity = edition.entity(mention.entity)
        target = rel(page, f"{edition.entity_kind(mention.entity)}/{mention.entity}.md")
        decos.append(
            _Deco(s.start, s.end, dialect.link_open(), dialect.link_close(target, attr(entity.description), "mention"), is_link=True)
        )
    return decos


def _highlight(start: int, end: int, note_id: str, accepted: list[_Deco]) -> list[_Deco]:
    """The pieces of a note's passage that nest with ``accepted`` (cut where another decoration
    starts or ends inside it; a footnote marker is left out). The first piece carries the id."""
    cuts = sorted({start, end, *(x for d in accepted for x in (d.start, d.end) if start < x < end)})
    pieces: list[_Deco] = []
    for a, b in pairwise(cuts):
        first = "" if pieces else f' id="passage-{note_id}"'
        piece = _Deco(a, b, f'<span class="noted"{first} data-apparatus="note-{note_id}">', "</span>")
        if _compatible(piece, accepted):
            pieces.append(piece)
    return pieces


def _render_paragraph(edition: Edition, doc_id: str, p: Paragraph, page: str) -> str:
    accepted: list[_Deco] = []
    for d in _decorations(edition, doc_id, p, page):  # already in priority order
        if _compatible(d, accepted):
            accepted.append(d)
    # A correction inside a link is reached by the link's own focus: HTML allows no focusable
    # element inside a link, so it loses its tabindex (its reading is in the aside as well).
    links = [d for d in accepted if d.is_link]
    accepted = [
        replace(d, open=d.open.replace(' tabindex="0"', "")) if _FOCUSABLE in d.open and any(_contains(x, d) for x in links) else d
        for d in accepted
    ]
    notes = notes_in(edition, doc_id, p.number)
    for note_id, _ in notes:
        span = edition.anchors[("note", note_id)]
        accepted += _highlight(span.start, span.end, note_id, accepted)
    body = _weave(p.text, accepted)
    number_link = dialect.link(f"¶{p.number}", f"#{p.anchor}") + dialect.attrs("pnum", title=f"Link to ¶{p.number}")
    para = f"{number_link} {body}\n{dialect.block_attrs('para', ident=p.anchor)}\n"
    items = _apparatus(edition, doc_id, p, page)
    if not items:
        return para
    aside = dialect.html_open("aside", "apparatus", aria_label=attr(f"Editorial apparatus of ¶{p.number}"))
    aside += "\n\n" + "\n\n".join(items) + "\n\n</aside>\n"
    return f"{dialect.html_block_open('div', 'para-block')}\n\n{para}\n{aside}\n</div>\n"


def _apparatus(edition: Edition, doc_id: str, p: Paragraph, page: str) -> list[str]:
    """The aside's items (notes, questions, corrections), in the order of their passages."""
    items: list[tuple[int, int, str]] = []
    for note in edition.notes_in(doc_id, p.number):
        span = edition.anchors[("note", note.id)]
        items.append((span.start, 0, _note_item(edition, note, span.exact, page)))
    for q in edition.questions_in(doc_id, p.number):
        span = edition.anchors[("question", q.id)]
        if span:
            label = STATUS_LABELS.get(q.status, q.status)
            target = rel(page, "questions.md", q.id)
            items.append(
                (
                    span.start,
                    1,
                    dialect.html_open("p", "apparatus-item question-ref", data_apparatus=f"question-{q.id}")
                    + dialect.link(
                        '<span class="q-icon" aria-hidden="true"></span><span class="visually-hidden">What became of the question: </span>'
                        + escape(label),
                        target,
                    )
                    + dialect.attrs(f"status-{q.status}", **{"aria-describedby": f"q-{q.id}"})
                    + "</p>",
                )
            )
    for i, m in enumerate(p.marks):
        said = "" if m.kind == "join" else f" The source reads “{m.original}”."
        items.append(
            (
                m.start,
                2,
                f'<p class="apparatus-item correction-ref" data-apparatus="correction-{p.number}-{i + 1}">'
                f"<span>Corrected.</span>{html.escape(said)} {html.escape(m.reason)}</p>",
            )
        )
    return [text for _, _, text in sorted(items, key=lambda x: (x[0], x[1]))]


def _excerpt(text: str, limit: int = 60) -> str:
    """The passage a note is on, cut at a word if long."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _note_item(edition: Edition, note: Note, passage: str, page: str) -> str:
    claims = render_claims(edition, note.body, page)
    sources = inline_sources(edition, claims, page)
    return (
        dialect.html_open("details", "note apparatus-item", id=f"note-{note.id}", data_apparatus=f"note-{note.id}") + "\n"
        f'<summary><span class="visually-hidden">Editorial note on “{html.escape(_excerpt(passage))}”: </span>'
        f"{html.escape(note.title)}</summary>\n\n"
        f"{claims.text}{(' ' + sources) if sources else ''}\n\n"
        f"{_note_cite_link(note)}\n\n"
        "</details>"
    )


def _note_cite_link(note: Note) -> str:
    """The note's own address; ``edition.js`` makes it open the note's cite panel (its link and every
    citation format), as the ¶ number does for a paragraph."""
    return f'<p class="note-cite"><a class="note-cite" href="#note-{attr(note.id)}">Cite this note</a></p>'


def print_notes(edition: Edition, doc_id: str, numbers: tuple[int, ...], page: str) -> str:
    """The notes of a section, numbered, for print (hidden on screen, where they stand beside the text)."""
    entries = []
    for number in numbers:
        for note_id, _ in notes_in(edition, doc_id, number):
            note = edition.note(note_id)
            span = edition.anchors[("note", note_id)]
            claims = render_claims(edition, note.body, page)
            sources = inline_sources(edition, claims, page)
            entries.append(
                f"¶{number}, “{escape(_excerpt(span.exact))}”: **{escape(note.title)}.** {claims.text}" + (f" {sources}" if sources else "")
            )
    if not entries:
        return ""
    body = "\n".join(f"{i}. " + " ".join(e.split("\n")) for i, e in enumerate(entries, start=1))
    title = '<p class="print-notes-title">Editorial notes</p>'
    return f"{dialect.html_block_open('section', 'print-notes')}\n\n{title}\n\n{body}\n\n</section>\n"


def _note_sources(edition: Edition, ids: list[str], page: str) -> str:
    if not ids:
        return ""
    links = ", ".join(f"[{escape(_source_label(edition, s))}]({rel(page, 'sources.md', s)})" for s in ids)
    return f"(Sources: {links}.)"


def _source_label(edition: Edition, source_id: str) -> str:
    source = edition.source(source_id)
    if source is None:
        return source_id
    who = source.publisher or source.author or ""
    year = (source.date or "")[:4]
    return ", ".join(x for x in (who, year) if x) or source.title


def _weave(text: str, decos: list[_Deco]) -> str:
    """Write ``text`` with tags opened and closed at the interval ends, nested properly."""
    points = sorted({0, len(text), *(d.start for d in decos), *(d.end for d in decos)})
    ranked = list(enumerate(decos))  # of two decorations of the same span, the earlier is the outer
    # Decorations by the point where they open and close (each list in ``ranked`` order, so the
    # stable sorts below see what a scan of ``ranked`` at every point used to give them).
    starting: dict[int, list[tuple[int, _Deco]]] = {}
    ending: dict[int, list[tuple[int, _Deco]]] = {}
    for r, d in ranked:
        starting.setdefault(d.start, []).append((r, d))
        if d.start < d.end:
            ending.setdefault(d.end, []).append((r, d))
    replacing = [d for d in decos if d.replace is not None]
    out: list[str] = []
    for i, pos in enumerate(points):
        # Close innermost first: those that started last, and of equal spans the one opened last.
        closing = sorted(ending.get(pos, ()), key=lambda rd: (-rd[1].start, -rd[0]))
        out += [d.close for _, d in closing]
        opening = sorted(starting.get(pos, ()), key=lambda rd: (-rd[1].end, rd[0]))
        for _, d in opening:
            out.append(d.open)
            if d.replace is not None:
                out.append(d.replace)
        # An empty span (a deletion) closes where it opens, innermost first.
        out += [d.close for _, d in reversed(opening) if d.end == pos]
        if i + 1 < len(points):
            nxt = points[i + 1]
            covered = any(d.start <= pos and nxt <= d.end for d in replacing)
            if not covered:
                out.append(escape(text[pos:nxt]))
    return "".join(out)
