"""Rendering one paragraph: the text with its mentions, figures, questions, notes and corrections.

Everything that decorates a paragraph is an interval of its corrected text. Intervals are
accepted in priority order (corrections, footnotes, questions, figures, then mentions) and only
if they nest properly with those already accepted and no link lands inside another link; then
the text is written out once, left to right, opening and closing tags at interval ends.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..document import Paragraph
from ..edition import Edition
from . import dialect
from .markup import attr, escape, rel, safe_markdown


@dataclass(frozen=True)
class _Deco:
    start: int
    end: int
    open: str
    close: str
    is_link: bool = False
    replace: str | None = None  # Markdown that replaces the covered text entirely
    trailing_link: bool = False  # ``close`` ends with a link (a question's "?"): no link may hold it


def _contains(outer: _Deco, inner: _Deco) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _compatible(new: _Deco, accepted: list[_Deco]) -> bool:
    for old in accepted:
        if new.end <= old.start or old.end <= new.start:
            continue  # disjoint
        nested = _contains(old, new) or _contains(new, old)
        if not nested or (new.is_link and old.is_link) or old.replace is not None or new.replace is not None:
            return False
        # A link around a question would hold the question's own link: Markdown leaves it as text.
        if (new.is_link and old.trailing_link and _contains(new, old)) or (old.is_link and new.trailing_link and _contains(old, new)):
            return False
    return True


def notes_in(edition: Edition, doc_id: str, number: int) -> list[tuple[str, int]]:
    """(note id, end offset) of the notes anchored in ¶number, in text order."""
    found = [(note.id, edition.anchors[("note", note.id)].end) for note in edition.notes_in(doc_id, number)]
    return sorted(found, key=lambda x: (x[1], x[0]))


def render_paragraph(edition: Edition, doc_id: str, p: Paragraph, page: str, *, with_notes: bool = True) -> str:
    """Markdown for ¶N: its ¶ link, its decorated text, and its notes as Material annotations
    (all engine syntax from ``dialect``)."""
    # The page matters only through its folder (links are relative), and a section page and the
    # print page share theirs: each paragraph is rendered once and its Markdown used on both.
    key = ("paragraph", doc_id, p.number, posixpath.dirname(page), with_notes)
    memo = edition.render_memo
    if key not in memo:
        memo[key] = _render_paragraph(edition, doc_id, p, page, with_notes=with_notes)
    return str(memo[key])


def _render_paragraph(edition: Edition, doc_id: str, p: Paragraph, page: str, *, with_notes: bool) -> str:
    decos: list[_Deco] = []
    for m in p.marks:
        source = "" if m.kind == "join" else f" The source reads “{m.original}”."
        title = attr(f"Editorial correction: {m.reason}{source}")
        if m.kind == "join":
            decos.append(_Deco(m.start, m.end, f'<span class="correction join" title="{title}">', "</span>"))
            continue
        decos.append(_Deco(m.start, m.end, f'<span class="correction" title="{title}">', "</span>"))
        if m.superscript and m.corrected.endswith(m.superscript):
            decos.append(_Deco(m.end - len(m.superscript), m.end, "<sup>", "</sup>"))
    for ref in p.footnotes:
        decos.append(_Deco(ref.start, ref.end, "", "", replace=dialect.footnote_ref(ref.number)))
    # The edition's indexes hand over only this paragraph's records, in record order (a scan of
    # every record for every paragraph made rendering quadratic in the size of the edition).
    for q in edition.questions_in(doc_id, p.number):
        span = edition.anchors[("question", q.id)]
        if span:
            target = rel(page, "questions.md", q.id)
            decos.append(
                _Deco(
                    span.start,
                    span.end,
                    f'<span class="question" id="q-{q.id}">',
                    "</span> "
                    + dialect.link(
                        '<span class="twemoji-q">?</span>',
                        target,
                        attr("What became of this question: " + q.status.replace("-", " ")),
                        "question-link",
                    ),
                    trailing_link=True,
                )
            )
    for f in edition.funding_in(doc_id, p.number):
        span = edition.anchors[("funding", f.id)]
        if span:
            target = rel(page, "funding.md", f.id)
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

    accepted: list[_Deco] = []
    for d in decos:  # already in priority order
        if _compatible(d, accepted):
            accepted.append(d)
    notes = notes_in(edition, doc_id, p.number) if with_notes else []
    body = _weave(p.text, accepted, [_after_punctuation(p.text, end) for _, end in notes])
    number_link = dialect.link(f"¶{p.number}", f"#{p.anchor}") + dialect.attrs("pnum", title=f"Link to ¶{p.number}")
    classes = ("para", dialect.ANNOTATE) if notes else ("para",)
    out = f"{number_link} {body}\n{dialect.block_attrs(*classes, ident=p.anchor)}\n"
    if notes:
        items = []
        for note_id, _ in notes:
            note = edition.note(note_id)
            items.append(f"**{escape(note.title)}.** {safe_markdown(note.body).strip()} {_note_sources(edition, note.sources, page)}")
        out += "\n" + dialect.annotation_list(items) + "\n"
    return out


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


def _after_punctuation(text: str, end: int) -> int:
    """Move a note marker past closing punctuation, as with footnote markers, so no line starts with a comma."""
    while end < len(text) and text[end] in ",.;:!?)]\"'”’":
        end += 1
    return end


def _weave(text: str, decos: list[_Deco], markers: list[int]) -> str:
    """Write ``text`` with tags opened and closed at the interval ends, nested properly."""
    points = sorted({0, len(text), *markers, *(d.start for d in decos), *(d.end for d in decos)})
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
    counter = 0
    for i, pos in enumerate(points):
        # Close innermost first: those that started last, and of equal spans the one opened last.
        closing = sorted(ending.get(pos, ()), key=lambda rd: (-rd[1].start, -rd[0]))
        out += [d.close for _, d in closing]
        for _ in range(markers.count(pos)):
            counter += 1
            out.append(dialect.annotation_marker(counter))
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
