"""The resolved edition: the one immutable record that render and export read.

Built by the link stage from the split documents and the validated annotations: every anchor
located, every mention found, every reference resolved, backlinks and relations computed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from .document import Document
from .schema import Actor, DocumentSpec, EditionSpec, Event, FundingFigure, Note, Program, Question, Source


@dataclass(frozen=True)
class Span:
    """A located passage: a quote resolved to a paragraph and character offsets."""

    doc: str
    """Document id."""
    paragraph: int
    """¶ number."""
    start: int
    """Start offset in the paragraph's corrected text."""
    end: int
    """End offset (exclusive)."""
    exact: str
    """The passage itself."""
    prefix: str
    """Up to 32 characters before it (for TextQuoteSelector exports)."""
    suffix: str
    """Up to 32 characters after it."""


@dataclass(frozen=True)
class Mention:
    """A place where a text names an actor or program."""

    entity: str
    """Actor or program id."""
    span: Span
    """Where."""
    sentence: str
    """The sentence around the mention, for backlinks with context."""
    linked: bool
    """Whether the page links it (the first mention of an entity per paragraph is linked)."""


@dataclass(frozen=True)
class RelationEdge:
    """A typed relation between two entities, as declared by the editors."""

    source: str
    """Entity that declares it."""
    type: str
    """Relation type, e.g. ``leads``."""
    target: str
    """Entity it points to."""
    note: str | None = None
    """Qualification."""


@dataclass(frozen=True)
class EditionDocument:
    """A document with its spec and split text."""

    spec: DocumentSpec
    """Bibliographic data and splitting rules."""
    text: Document
    """The split text."""
    cite_key: str = ""
    """Citation key of the document (``arzt2009``; ``arzt2009a``, ``arzt2009b`` for two papers by one
    author in one year), from ``citations.cite_keys``."""


@dataclass(frozen=True)
class Edition:
    """Everything the site shows, resolved and cross-linked."""

    documents: tuple[EditionDocument, ...]
    actors: tuple[Actor, ...]
    programs: tuple[Program, ...]
    funding: tuple[FundingFigure, ...]
    questions: tuple[Question, ...]
    notes: tuple[Note, ...]
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    anchors: dict[tuple[str, str], Span] = field(default_factory=dict)
    """Resolved anchors by (kind, id), kind one of ``question``, ``note``, ``funding``."""
    mentions: tuple[Mention, ...] = ()
    """All mentions, in document and text order."""
    relations: tuple[RelationEdge, ...] = ()
    """All relations, sorted."""
    cited_by: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """For each source id, the (kind, id) of every record that cites it."""
    info: EditionSpec | None = None
    """The edition as a citable work (``annotations/edition.yml``); None only while that file has errors."""

    # Lookups by id and by place, built once on first use: render and export ask them for every
    # paragraph and every entity, and a scan of all records per question made them quadratic.

    @cached_property
    def _entity_index(self) -> dict[str, tuple[str, Actor | Program]]:
        index: dict[str, tuple[str, Actor | Program]] = {}
        for actor in self.actors:  # actors first, and the first record of an id wins, as a scan would
            index.setdefault(actor.id, ("actors", actor))
        for program in self.programs:
            index.setdefault(program.id, ("programs", program))
        return index

    @cached_property
    def _document_index(self) -> dict[str, EditionDocument]:
        index: dict[str, EditionDocument] = {}
        for doc in self.documents:
            index.setdefault(doc.spec.id, doc)
        return index

    @cached_property
    def _mention_index(self) -> tuple[dict[tuple[str, int], list[Mention]], dict[str, list[Mention]]]:
        by_paragraph: dict[tuple[str, int], list[Mention]] = defaultdict(list)
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:  # text order is kept within each list
            by_paragraph[(m.span.doc, m.span.paragraph)].append(m)
            by_entity[m.entity].append(m)
        return by_paragraph, by_entity

    @cached_property
    def _anchored_index(self) -> tuple[dict[_Place, list[Question]], dict[_Place, list[FundingFigure]], dict[_Place, list[Note]]]:
        return (
            _by_place(self.questions, "question", self.anchors),
            _by_place(self.funding, "funding", self.anchors),
            _by_place(self.notes, "note", self.anchors),
        )

    @cached_property
    def _about_index(
        self,
    ) -> tuple[dict[str, list[Question]], dict[str, list[FundingFigure]], dict[str, list[Event]], dict[str, list[Note]]]:
        questions: dict[str, list[Question]] = defaultdict(list)
        funding: dict[str, list[FundingFigure]] = defaultdict(list)
        events: dict[str, list[Event]] = defaultdict(list)
        notes: dict[str, list[Note]] = defaultdict(list)
        for q in self.questions:  # record order is kept within each list; a repeated id counts once
            for ident in dict.fromkeys(q.related):
                questions[ident].append(q)
        for f in self.funding:
            funding[f.program].append(f)
        for e in self.events:
            for ident in dict.fromkeys(e.related):
                events[ident].append(e)
        for n in self.notes:
            for ident in dict.fromkeys(n.related):
                notes[ident].append(n)
        return questions, funding, events, notes

    @cached_property
    def _relation_index(self) -> dict[tuple[str, str], list[RelationEdge]]:
        index: dict[tuple[str, str], list[RelationEdge]] = defaultdict(list)
        for r in self.relations:
            index[("from", r.source)].append(r)
            index[("to", r.target)].append(r)
        return index

    @cached_property
    def _source_index(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _note_index(self) -> dict[str, Note]:
        index: dict[str, Note] = {}
        for n in self.notes:
            index.setdefault(n.id, n)
        return index

    def entity(self, entity_id: str) -> Actor | Program:
        """The actor or program with this id."""
        return self._entity_index[entity_id][1]

    def entity_kind(self, entity_id: str) -> str:
        """``actors`` or ``programs``: the URL folder of an entity."""
        return self._entity_index.get(entity_id, ("programs", None))[0]

    def document(self, doc_id: str) -> EditionDocument:
        """The document with this id."""
        return self._document_index[doc_id]

    def source(self, source_id: str) -> Source | None:
        """The bibliography entry with this id, if there is one."""
        return self._source_index.get(source_id)

    def note(self, note_id: str) -> Note:
        """The note with this id."""
        return self._note_index[note_id]

    def mentions_in(self, doc_id: str, paragraph: int) -> list[Mention]:
        """The mentions in ¶paragraph of a document, in text order."""
        return self._mention_index[0].get((doc_id, paragraph), [])

    def mentions_of(self, entity_id: str) -> list[Mention]:
        """The mentions of an entity, in document and text order."""
        return self._mention_index[1].get(entity_id, [])

    def questions_in(self, doc_id: str, paragraph: int) -> list[Question]:
        """Questions anchored in ¶paragraph of a document, in record order."""
        return self._anchored_index[0].get((doc_id, paragraph), [])

    def funding_in(self, doc_id: str, paragraph: int) -> list[FundingFigure]:
        """Funding figures anchored in ¶paragraph of a document, in record order."""
        return self._anchored_index[1].get((doc_id, paragraph), [])

    def notes_in(self, doc_id: str, paragraph: int) -> list[Note]:
        """Notes anchored in ¶paragraph of a document, in record order."""
        return self._anchored_index[2].get((doc_id, paragraph), [])

    def questions_about(self, entity_id: str) -> list[Question]:
        """Questions related to an entity, in record order."""
        return self._about_index[0].get(entity_id, [])

    def funding_of(self, program_id: str) -> list[FundingFigure]:
        """Funding figures of a program, in record order."""
        return self._about_index[1].get(program_id, [])

    def events_about(self, entity_id: str) -> list[Event]:
        """Events related to an entity, in date order."""
        return self._about_index[2].get(entity_id, [])

    def notes_about(self, entity_id: str) -> list[Note]:
        """Notes related to an entity (anchored or not), in record order."""
        return self._about_index[3].get(entity_id, [])

    def relations_of(self, direction: str, entity_id: str) -> list[RelationEdge]:
        """Relations ``from`` or ``to`` an entity, in their sorted order."""
        return self._relation_index.get((direction, entity_id), [])


_Place = tuple[str, int]
"""A paragraph: (document id, ¶ number)."""
_Anchored = TypeVar("_Anchored", Question, FundingFigure, Note)


def _by_place(records: tuple[_Anchored, ...], kind: str, anchors: dict[tuple[str, str], Span]) -> dict[_Place, list[_Anchored]]:
    """Records by the paragraph their resolved anchor is in; record order is kept within each list."""
    index: dict[_Place, list[_Anchored]] = defaultdict(list)
    for record in records:
        span = anchors.get((kind, record.id))
        if span is not None:
            index[(span.doc, span.paragraph)].append(record)
    return index
