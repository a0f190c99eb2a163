"""Search records: ``Edition -> [Record]``, what the site's search finds, one record per result.

A reader wants the paragraph, not the page: every paragraph of the paper is a record of its own
(``¶N · section``, opening at ``#pN``), and so is every actor, program, question, note and funding
figure, each linking to its own page or fragment. A record is a small HTML document for the
search indexer (Pagefind, run by the adapters after the site build): the text to search, with
names and aliases weighted above the rest, its filter (the kind of result) and what a result
shows (``data-pagefind-meta``: title, kind, where). Pure and deterministic: records come out in
a fixed order built from sorted inputs.

``names(edition)`` is the table the browser uses to put an entity first when the query *is* one of
its names or aliases (a ranking can only make that likely; the table makes it certain). Names are
folded the way the browser folds the query (``fold``): no accents, no case, single spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from . import kinds
from .edition import Edition, EditionDocument
from .render.claims import claims_plain
from .render.generic import title_of
from .render.markup import money
from .schema import Actor, Claim, FundingFigure, Program

FILTERS = ("Paper text", "Actors", "Programs", "Questions", "Notes", "Figures", "Pages")
"""The kinds of result a reader can filter by, in the order the search box offers them."""

PAPER, ACTORS, PROGRAMS, QUESTIONS, NOTES, FIGURES, PAGES = FILTERS

OWN_RECORDS = frozenset({"actor", "program", "question", "note", "funding"})
"""Kinds with a search record of their own below; any other kind the registry says is searched
gets the generic record (``_generic``), under a filter named like its index page."""


def other_kinds() -> tuple[kinds.Kind, ...]:
    """The searched kinds of the registry without a record of their own, in registry order."""
    return tuple(k for k in kinds.KINDS if k.searched and k.name not in OWN_RECORDS and (k.index or k.record_pages))


def _filter_name(kind: kinds.Kind) -> str:
    return kind.index.title if kind.index else kind.plural.capitalize()


def filters() -> tuple[str, ...]:
    """The filters the search box offers: the edition's own, a new kind's before "Pages"."""
    return (*FILTERS[:-1], *(_filter_name(k) for k in other_kinds()), PAGES)


@dataclass(frozen=True)
class Record:
    """One search result-to-be."""

    url: str
    """Site-relative address, no leading slash (``arzt-2009/introduction/#p3``)."""
    kind: str
    """One of ``FILTERS``."""
    title: str
    """What the result is called (``¶3 · Introduction``, ``Felipe Calderón``)."""
    label: str
    """The kind as a reader reads it (``Paper``, ``Actor · person``, ``Question · answered``)."""
    names: tuple[str, ...] = ()
    """Name and aliases, weighted above the text (entities only)."""
    text: str = ""
    """The searchable text, plain."""

    def html(self) -> str:
        """The record as the HTML document the indexer reads."""
        e = html.escape
        names = "".join(f'<p data-pagefind-weight="9">{e(n)}</p>' for n in self.names)
        heading = "" if self.kind == PAPER else f'<h1 data-pagefind-weight="10">{e(self.title)}</h1>'
        # Meta and filter values come from attributes (``key[attribute]``), read verbatim: the
        # ``key:value`` form would split a value at its commas.
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body data-pagefind-body>'
            f'<span data-pagefind-meta="url[data-url], title[data-title], label[data-label]"'
            f' data-pagefind-filter="kind[data-kind]" data-url="{e(self.url)}" data-title="{e(self.title)}" data-label="{e(self.label)}" data-kind="{e(self.kind)}"></span>'
            f"{heading}{names}<p>{e(self.text)}</p></body></html>"
        )


def fold(text: str) -> str:
    """``"  CALDERÓN "`` -> ``"calderon"``: what a name and a typed query are compared as."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]+")


def plain(markdown: str | list[Claim]) -> str:
    """Editorial Markdown (or a list of claims) as the words a reader sees: link texts kept,
    targets, emphasis and source markers dropped."""
    if isinstance(markdown, list):
        markdown = claims_plain(markdown)
    return " ".join(_MARKUP.sub("", _LINK.sub(r"\1", markdown)).split())


def records(edition: Edition) -> list[Record]:
    """Every record, in a fixed order: the paper(s) in reading order, then the editorial layer by id."""
    out: list[Record] = []
    for doc in edition.documents:
        out += _paragraphs(edition, doc)
    out += [_entity(edition, "actors", a) for a in sorted(edition.actors, key=lambda a: a.id)]
    out += [_entity(edition, "programs", p) for p in sorted(edition.programs, key=lambda p: p.id)]
    out += _questions(edition)
    out += _notes(edition)
    out += [_figure(edition, f) for f in sorted(edition.funding, key=lambda f: f.id)]
    for kind in other_kinds():
        out += [_generic(kind, r) for r in sorted(edition.of(kind.name), key=lambda r: r.id)]
    return out


def _generic(kind: kinds.Kind, record: Any) -> Record:
    """A record of a kind with no search record of its own: its title, and its other words."""
    ident = str(record.id)
    if kind.record_pages:
        url = f"{kind.record_pages}/{ident}/"
    else:
        assert kind.index is not None  # other_kinds() keeps only kinds with a page
        url = f"{kind.index.top}/#{ident}"
    title = title_of(record)
    words = []
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = value if isinstance(value, list) else [value]
        if name != "id" and items and all(isinstance(v, str) for v in items) and not _is_reference(kind, name):
            words += [v for v in items if v != title]
        elif items and all(isinstance(v, Claim) for v in items):
            words.append(plain(items))
    return Record(url, _filter_name(kind), title, kind.label.capitalize(), text=" ".join(words))


def _is_reference(kind: kinds.Kind, field: str) -> bool:
    """Whether a field holds ids (of sources, entities): not words a reader searches for."""
    return any(ref.path[0] == field for ref in kind.refs)


_PARENTHESIS = re.compile(r"^(.+?)\s*\(([^()]+)\)$")


def known_as(entity: Actor | Program) -> tuple[str, ...]:
    """Name, aliases, and what a name in parentheses holds apart: "Office of the Attorney General
    of Mexico (PGR)" is also "PGR" and "Office of the Attorney General of Mexico"."""
    out: list[str] = []
    for name in (entity.name, *entity.aliases):
        out.append(name)
        match = _PARENTHESIS.match(name)
        if match:
            out += [match.group(1), match.group(2)]
    return tuple(dict.fromkeys(out))


def names(edition: Edition) -> dict[str, object]:
    """The table the search box loads with the index: the filters in the order offered, the
    entities (address -> title, kind, description) and every folded name -> address.

    A name two entities share (the loader rejects that for names and aliases) goes to the first by id."""
    table: dict[str, str] = {}
    entities: dict[str, list[str]] = {}
    groups: list[tuple[str, tuple[Actor | Program, ...]]] = [("actors", edition.actors), ("programs", edition.programs)]
    for kind, group in groups:
        for entity in sorted(group, key=lambda x: x.id):
            url = f"{kind}/{entity.id}/"
            entities[url] = [entity.name, _entity_label(kind, entity), entity.description]
            for name in known_as(entity):
                table.setdefault(fold(name), url)
    return {"filters": list(filters()), "entities": dict(sorted(entities.items())), "names": dict(sorted(table.items()))}


def _where(edition: Edition, doc: EditionDocument, section_title: str, number: int | None = None) -> str:
    """``¶3 · Introduction``; with several documents the document's title comes first."""
    parts = [f"¶{number}"] if number is not None else []
    parts.append(section_title)
    if len(edition.documents) > 1:
        parts.insert(0, doc.spec.title)
    return " · ".join(parts)


def _paragraphs(edition: Edition, doc: EditionDocument) -> list[Record]:
    out = []
    footnotes: dict[int, list[str]] = {}
    for fn in doc.text.footnotes:
        footnotes.setdefault(fn.paragraph, []).append(fn.text)
    for section in doc.text.sections:
        for number in section.paragraphs:
            p = doc.text.paragraphs[number - 1]
            text = " ".join([p.text, *footnotes.get(number, [])])
            title = _where(edition, doc, section.title, number)
            out.append(Record(f"{doc.spec.id}/{section.id}/#{p.anchor}", PAPER, title, "Paper", text=text))
    return out


def _entity(edition: Edition, kind: str, entity: Actor | Program) -> Record:
    extra = entity.role if isinstance(entity, Actor) else None
    text = " ".join(x for x in (entity.description, plain(entity.summary), plain(extra or "")) if x)
    names = known_as(entity)[1:]
    return Record(
        f"{kind}/{entity.id}/", ACTORS if kind == "actors" else PROGRAMS, entity.name, _entity_label(kind, entity), names=names, text=text
    )


def _entity_label(kind: str, entity: Actor | Program) -> str:
    """``Actor · person``, ``Program · task force``."""
    return f"{'Actor' if kind == 'actors' else 'Program'} · {entity.kind.replace('-', ' ')}"


def _place(edition: Edition, kind: str, ident: str) -> tuple[EditionDocument, str, str, int]:
    """The document, section id, section title and ¶ an anchored record sits in."""
    span = edition.anchors[(kind, ident)]
    doc = edition.document(span.doc)
    p = doc.text.paragraphs[span.paragraph - 1]
    section = next(s for s in doc.text.sections if s.id == p.section)
    return doc, section.id, section.title, p.number


def _questions(edition: Edition) -> list[Record]:
    out = []
    for q in sorted(edition.questions, key=lambda q: q.id):
        doc, _, section_title, number = _place(edition, "question", q.id)
        quote = edition.anchors[("question", q.id)].exact
        text = " ".join(
            x
            for x in (
                f"Asked in {_where(edition, doc, section_title, number)}.",
                q.theme,
                plain(q.hindsight or ""),
                plain(q.evidence or ""),
            )
            if x
        )
        label = f"Question · {q.status.replace('-', ' ')}"
        out.append(Record(f"questions/#{q.id}", QUESTIONS, quote, label, text=text))
    return out


def _notes(edition: Edition) -> list[Record]:
    out = []
    for note in sorted(edition.notes, key=lambda n: n.id):
        doc, section_id, section_title, number = _place(edition, "note", note.id)
        label = f"Note on {_where(edition, doc, section_title, number)}"
        out.append(Record(f"{doc.spec.id}/{section_id}/#note-{note.id}", NOTES, note.title, label, text=plain(note.body)))
    return out


def _figure(edition: Edition, f: FundingFigure) -> Record:
    amount = money(f.amount, f.currency, f.approximate) if f.amount is not None else ""
    share = f"{f.share.percent:g}% of {f.share.of}" if f.share is not None else ""
    program = edition.entity(f.program).name
    year = f"FY{f.fiscal_year}" if f.fiscal_year else ""
    text = " ".join(x for x in (amount, share, program, year, f.status.replace("-", " "), f.act or "", plain(f.note or "")) if x)
    short = amount or (f"{f.share.percent:g}%" if f.share is not None else "")
    label = " · ".join(x for x in ("Figure", short, f.status.replace("-", " ")) if x)
    return Record(f"funding/#{f.id}", FIGURES, f.label, label, text=text)


class _Text(HTMLParser):
    """The visible words of a built page's article, and its first heading."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.words: list[str] = []
        self.title = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if self.depth:
            self.depth += 1
            if tag in ("script", "style", "button") or "headerlink" in classes:
                self.skip = self.skip or self.depth
            self._in_h1 = self._in_h1 or tag == "h1"
        elif tag == "article":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if self.skip == self.depth:
            self.skip = 0
        if tag == "h1":
            self._in_h1 = False
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.words.append(data)
            if self._in_h1:
                self.title += data


def page(url: str, built_html: str) -> Record:
    """A hand-written page (about, editing guide) as one record, from its built HTML."""
    parser = _Text()
    parser.feed(built_html)
    title = " ".join(parser.title.split())
    return Record(url, PAGES, title or url, "Page", text=" ".join(" ".join(parser.words).split()))
