"""Export stage: ``Edition -> {site path: bytes}`` for the open data files under ``/data/``.

- ``edition.json``: the whole resolved edition.
- ``funding.csv``: the funding table.
- ``annotations.jsonld``: a W3C Web Annotation collection (notes, questions, mentions), each
  targeting its paragraph URL with a TextQuoteSelector and a TextPositionSelector.
- ``<doc>.bib``, ``<doc>.ris`` and ``<doc>.csl.json``: citations of the paper, each section, each
  paragraph and each editorial note, from the same CSL-JSON items the pages' citations render.
All JSON is written with sorted keys where order carries no meaning, so output is byte-stable.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import orjson

from . import citations, kinds
from .edition import Edition, EditionDocument, Span
from .render.claims import claims_plain
from .render.indexes import set_by, totals_by_program_year
from .schema import Note, Question
from .text import SUPERSCRIPT_DIGITS
from .urls import doc_url

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""Every annotation repeats the context so it stands alone when taken out of the collection."""


def _json(data: object) -> bytes:
    """Indented JSON with sorted keys: the bytes ``json.dumps(data, ensure_ascii=False, indent=2,
    sort_keys=True)`` writes, from orjson (5 to 20 times faster on a large edition's data files).
    One difference: orjson writes a float under 0.0001 as a decimal (``0.00001``, not ``1e-05``),
    the same number to a JSON reader; the real data files hold none."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    except TypeError:  # what orjson refuses and json writes: an integer beyond 64 bits
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _span(span: Span) -> dict[str, object]:
    return {
        "document": span.doc,
        "paragraph": span.paragraph,
        "start": span.start,
        "end": span.end,
        "exact": span.exact,
        "prefix": span.prefix,
        "suffix": span.suffix,
    }


def edition_json(edition: Edition, site_url: str) -> dict[str, Any]:
    """The whole edition as plain JSON: documents, the records of every kind (under its export
    name), mentions, relations and the funding totals."""

    def dump(records: tuple[Any, ...], kind: str | None = None) -> list[dict[str, Any]]:
        out = []
        for r in records:
            item = r.model_dump(mode="json", exclude_none=True)
            if kind and (kind, r.id) in edition.anchors:
                item["resolved_anchor"] = _span(edition.anchors[(kind, r.id)])
            out.append(item)
        return out

    return {
        "documents": [_document_json(d, site_url) for d in edition.documents],
        **{k.export_name: dump(edition.of(k.name), k.name if k.anchored else None) for k in kinds.KINDS},
        "mentions": [{"entity": m.entity, "linked": m.linked, "sentence": m.sentence, **_span(m.span)} for m in edition.mentions],
        "relations": [{"source": r.source, "type": r.type, "target": r.target, "note": r.note} for r in edition.relations],
        "funding_totals": [
            {"program": program, "fiscal_year": year, "amount": t.amount, "estimated": t.estimated, "figures": list(t.figures)}
            for (program, year), t in totals_by_program_year(edition).items()
        ],
    }


def _document_json(d: EditionDocument, site_url: str) -> dict[str, Any]:
    """One document: its metadata, sections, paragraphs (with corrections) and footnotes."""
    return {
        "id": d.spec.id,
        "metadata": d.spec.model_dump(mode="json", exclude={"corrections", "front_matter", "heading_rule"}),
        "url": doc_url(site_url, d),
        "sections": [
            {"id": s.id, "title": s.title, "url": doc_url(site_url, d, s), "paragraphs": list(s.paragraphs)} for s in d.text.sections
        ],
        "paragraphs": [
            {
                "number": p.number,
                "section": p.section,
                "url": doc_url(site_url, d, d.text.section_of(p.number), p.number),
                "text": p.text,
                "corrections": [
                    {"start": m.start, "end": m.end, "kind": m.kind, "original": m.original, "corrected": m.corrected, "reason": m.reason}
                    for m in p.marks
                ],
                "footnotes": [r.number for r in p.footnotes],
            }
            for p in d.text.paragraphs
        ],
        "footnotes": [{"number": f.number, "text": f.text, "paragraph": f.paragraph} for f in d.text.footnotes],
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
(``=HYPERLINK(...)``, ``@SUM(...)``): written after an apostrophe, it stays text."""


def _cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (numbers pass as they are)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def funding_csv(edition: Edition) -> bytes:
    """The funding table, one row per figure."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "program",
            "label",
            "act",
            "fiscal_year",
            "amount",
            "currency",
            "share_percent",
            "share_of",
            "approximate",
            "estimate",
            "set_by",
            "status",
            "as_of",
            "in_totals",
            "paragraph",
            "sources",
            "confidence",
        ]
    )
    for f in edition.funding:
        span = edition.anchors.get(("funding", f.id))
        writer.writerow(
            _cell(v)
            for v in [
                f.id,
                f.program,
                f.label,
                f.act or "",
                f.fiscal_year or "",
                "" if f.amount is None else f"{f.amount:.0f}",
                f.currency,
                "" if f.share is None else f"{f.share.percent:g}",
                "" if f.share is None else f.share.of,
                str(f.approximate).lower(),
                str(f.estimate).lower(),
                set_by(edition, f),
                f.status,
                f.as_of,
                str(f.in_totals).lower(),
                span.paragraph if span else "",
                " ".join(f.sources),
                f.confidence,
            ]
        )
    return buf.getvalue().encode()


_AS_SHOWN = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
"""The page shows a footnote marker ``¹`` as a raised ``1``: a quote must hold what the page holds."""


def _target(edition: Edition, span: Span, site_url: str) -> dict[str, object]:
    doc = edition.document(span.doc)
    section = doc.text.section_of(span.paragraph)
    exact, prefix, suffix = (t.translate(_AS_SHOWN) for t in (span.exact, span.prefix, span.suffix))
    return {
        "source": doc_url(site_url, doc, section, span.paragraph),
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ],
    }


def annotations_jsonld(edition: Edition, site_url: str) -> dict[str, Any]:
    """A W3C Web Annotation ``AnnotationCollection`` with one embedded page of every annotation."""
    base = site_url.rstrip("/")
    items: list[dict[str, Any]] = []
    for note in edition.notes:
        span = edition.anchors.get(("note", note.id))
        if span:
            items.append(_annotation(base, f"note-{note.id}", "commenting", _note_body(note), _target(edition, span, site_url)))
    for q in edition.questions:
        span = edition.anchors.get(("question", q.id))
        if span:
            items.append(_annotation(base, f"question-{q.id}", "assessing", _question_body(q), _target(edition, span, site_url)))
    for i, m in enumerate(edition.mentions):
        body = f"{base}/{edition.entity_kind(m.entity)}/{m.entity}/"
        items.append(_annotation(base, f"mention-{i + 1}", "identifying", body, _target(edition, m.span, site_url)))
    return {
        "@context": CONTEXT,
        "id": f"{base}/data/annotations.jsonld",
        "type": "AnnotationCollection",
        "label": "Annotations of the edition",
        "total": len(items),
        "first": {"id": f"{base}/data/annotations.jsonld#page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _annotation(base: str, fragment: str, motivation: str, body: object, target: dict[str, object]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": f"{base}/data/annotations.jsonld#{fragment}",
        "type": "Annotation",
        "motivation": motivation,
        "body": body,
        "target": target,
    }


def _note_body(note: Note) -> dict[str, str]:
    return {"type": "TextualBody", "value": f"{note.title}. {claims_plain(note.body)}", "format": "text/markdown", "language": "en"}


def _question_body(q: Question) -> list[dict[str, str]]:
    return [
        {"type": "TextualBody", "purpose": "tagging", "value": f"question:{q.status}"},
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": claims_plain(q.hindsight) or q.status,
            "format": "text/markdown",
            "language": "en",
        },
    ]


def export(edition: Edition, site_url: str = "") -> dict[str, bytes]:
    """Every data file by its site path."""
    files = {
        "data/edition.json": _json(edition_json(edition, site_url)),
        "data/funding.csv": funding_csv(edition),
        "data/annotations.jsonld": _json(annotations_jsonld(edition, site_url)),
    }
    for doc in edition.documents:
        items = [citations.csl_item(edition, t) for t in citations.targets(edition, doc, site_url)]
        doc_id = doc.spec.id
        files[f"data/{doc_id}.bib"] = ("\n\n".join(citations.bibtex(i) for i in items) + "\n").encode()
        files[f"data/{doc_id}.ris"] = ("\n".join(citations.ris(i) + "\n" for i in items)).encode()
        files[f"data/{doc_id}.csl.json"] = _json(items)
    return files
