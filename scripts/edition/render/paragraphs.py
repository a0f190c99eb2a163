"""Rendering one paragraph: the text with its mentions, figures, questions, notes and corrections.

Everything that decorates a paragraph is an interval of its corrected text. Intervals are
accepted in priority order (corrections, footnotes, questions, figures, then mentions) and only
if they nest properly with those already accepted and no link lands inside another link; then
the text is written out once, left to right, opening and closing tags at interval ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Paragraph
from ..edition import Edition
from .markup import attr, escape, indent, rel, safe_markdown


@dataclass(frozen=True)
class _Deco:
    start: int
    end: int
    open: str
    close: str
    is_link: bool = False
    replace: str | None = None  # Markdown that replaces the covered text entirely


def _compatible(new: _Deco, accepted: list[_Deco]) -> bool:
    for old in accepted:
        if new.end <= old.start or old.end <= new.start:
            continue  # disjoint
        nested = (old.start <= new.start and new.end <= old.end) or (new.start <= old.start and old.end <= new.end)
        if not nested or (new.is_link and old.is_link) or old.replace is not None or new.replace is not None:
            return False
    return True


def notes_in(edition: Edition, doc_id: str, number: int) -> list[tuple[str, int]]:
    """(note id, end offset) of the notes anchored in ¶number, in text order."""
    found = [
        (note.id, edition.anchors[("note", note.id)].end)
        for note in edition.notes
        if ("note", note.id) in edition.anchors
        and edition.anchors[("note", note.id)].doc == doc_id
        and edition.anchors[("note", note.id)].paragraph == number
    ]
    return sorted(found, key=lambda x: (x[1], x[0]))


def render_paragraph(edition: Edition, doc_id: str, p: Paragraph, page: str, *, with_notes: bool = True) -> str:
    """Markdown for ¶N: its ¶ link, its decorated text, and its notes as Material annotations."""
    decos: list[_Deco] = []
    for m in p.marks:
        title = attr(f"Editorial correction: {m.reason} Source: {m.original.strip() or '(page break)'!r}")
        if m.kind == "join":
            decos.append(_Deco(m.start, m.end, f'<span class="correction join" title="{title}">', "</span>"))
            continue
        decos.append(_Deco(m.start, m.end, f'<span class="correction" title="{title}">', "</span>"))
        if m.superscript and m.corrected.endswith(m.superscript):
            decos.append(_Deco(m.end - len(m.superscript), m.end, "<sup>", "</sup>"))
    for ref in p.footnotes:
        decos.append(_Deco(ref.start, ref.end, "", "", replace=f"[^{ref.number}]"))
    for q in edition.questions:
        span = edition.anchors.get(("question", q.id))
        if span and span.doc == doc_id and span.paragraph == p.number:
            target = rel(page, "questions.md", q.id)
            decos.append(
                _Deco(
                    span.start,
                    span.end,
                    f'<span class="question" id="q-{q.id}">',
                    f'</span> [<span class="twemoji-q">?</span>]({target} "{attr("What became of this question: " + q.status.replace("-", " "))}"){{ .question-link }}',
                )
            )
    for f in edition.funding:
        span = edition.anchors.get(("funding", f.id))
        if span and span.doc == doc_id and span.paragraph == p.number:
            target = rel(page, "funding.md", f.id)
            decos.append(_Deco(span.start, span.end, "[", f']({target} "{attr(f.label)}"){{ .figure }}', is_link=True))
    for mention in edition.mentions:
        s = mention.span
        if s.doc != doc_id or s.paragraph != p.number or not mention.linked:
            continue
        entity = edition.entity(mention.entity)
        target = rel(page, f"{edition.entity_kind(mention.entity)}/{mention.entity}.md")
        decos.append(_Deco(s.start, s.end, "[", f']({target} "{attr(entity.description)}"){{ .mention }}', is_link=True))

    accepted: list[_Deco] = []
    for d in decos:  # already in priority order
        if _compatible(d, accepted):
            accepted.append(d)
    notes = notes_in(edition, doc_id, p.number) if with_notes else []
    body = _weave(p.text, accepted, [end for _, end in notes])
    classes = ".para" + (" .annotate" if notes else "")
    out = f'[¶{p.number}](#{p.anchor}){{ .pnum title="Link to ¶{p.number}" }} {body}\n{{ #{p.anchor} {classes} }}\n'
    if notes:
        items = []
        for i, (note_id, _) in enumerate(notes, start=1):
            note = next(n for n in edition.notes if n.id == note_id)
            text = f"**{escape(note.title)}.** {safe_markdown(note.body).strip()} {_note_sources(edition, note.sources, page)}"
            items.append(f"{i}.  " + indent(text, 4).lstrip())
        out += "\n" + "\n".join(items) + "\n"
    return out


def _note_sources(edition: Edition, ids: list[str], page: str) -> str:
    if not ids:
        return ""
    links = ", ".join(f"[{escape(_source_label(edition, s))}]({rel(page, 'sources.md', s)})" for s in ids)
    return f"(Sources: {links}.)"


def _source_label(edition: Edition, source_id: str) -> str:
    source = next((s for s in edition.sources if s.id == source_id), None)
    if source is None:
        return source_id
    who = source.publisher or source.author or ""
    year = (source.date or "")[:4]
    return ", ".join(x for x in (who, year) if x) or source.title


def _weave(text: str, decos: list[_Deco], markers: list[int]) -> str:
    """Write ``text`` with tags opened and closed at the interval ends, nested properly."""
    points = sorted({0, len(text), *markers, *(d.start for d in decos), *(d.end for d in decos)})
    out: list[str] = []
    counter = 0
    for i, pos in enumerate(points):
        # Close innermost first: those that started last.
        closing = sorted((d for d in decos if d.end == pos and d.start < pos), key=lambda d: (-d.start, d.end))
        out += [d.close for d in closing]
        for _ in range(markers.count(pos)):
            counter += 1
            out.append(f" ({counter})")
        opening = sorted((d for d in decos if d.start == pos), key=lambda d: (-d.end, d.start))
        for d in opening:
            out.append(d.open)
            if d.replace is not None:
                out.append(d.replace)
        if i + 1 < len(points):
            nxt = points[i + 1]
            covered = any(d.replace is not None and d.start <= pos and nxt <= d.end for d in decos)
            if not covered:
                out.append(escape(text[pos:nxt]))
    return "".join(out)
