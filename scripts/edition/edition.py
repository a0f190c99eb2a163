"""The resolved edition: the one immutable record that render and export read.

Built by the link stage from the split documents and the validated annotations: every anchor
located, every mention found, every reference resolved, backlinks and relations computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from . import kinds
from .document import Document
from .kinds import EACH, Ref
from .schema import Actor, DocumentSpec, EditionSpec, Event, FundingFigure, Note, Program, Question, Source, Strict


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
    records: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    """The records of each kind of the registry (``kinds.KINDS``) by kind name, sorted as the
    kind's entry says (``sort``) or in file order."""
    anchors: dict[tuple[str, str], Span] = field(default_factory=dict)
    """Resolved anchors by (kind, id), kind one of the anchored kinds (``question``, ``note``, ``funding``)."""
    mentions: tuple[Mention, ...] = ()
    """All mentions, in document and text order."""
    relations: tuple[RelationEdge, ...] = ()
    """All relations, sorted."""
    cited_by: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """For each source id, the (kind, id) of every record that cites it."""
    info: EditionSpec | None = None
    """The edition as a citable work (``annotations/edition.yml``); None only while that file has errors."""

    def of(self, name: str) -> tuple[Any, ...]:
        """The records of the kind ``name`` (``actor``); a ``KeyError`` for a name that is no kind."""
        return self.records.get(kinds.kind(name).name, ())

    @property
    def actors(self) -> tuple[Actor, ...]:
        return cast(tuple[Actor, ...], self.of("actor"))

    @property
    def programs(self) -> tuple[Program, ...]:
        return cast(tuple[Program, ...], self.of("program"))

    @property
    def funding(self) -> tuple[FundingFigure, ...]:
        return cast(tuple[FundingFigure, ...], self.of("funding"))

    @property
    def questions(self) -> tuple[Question, ...]:
        return cast(tuple[Question, ...], self.of("question"))

    @property
    def notes(self) -> tuple[Note, ...]:
        return cast(tuple[Note, ...], self.of("note"))

    @property
    def sources(self) -> tuple[Source, ...]:
        return cast(tuple[Source, ...], self.of("source"))

    @property
    def events(self) -> tuple[Event, ...]:
        return cast(tuple[Event, ...], self.of("event"))

    # Lookups by id and by place, built once on first use: render and export ask them for every
    # paragraph and every entity, and a scan of all records per question made them quadratic.

    @cached_property
    def _entity_index(self) -> dict[str, tuple[str, Any]]:
        index: dict[str, tuple[str, Any]] = {}
        for k in kinds.KINDS:  # in registry order (actors first); the first record of an id wins, as a scan would
            if k.record_pages:
                for record in self.of(k.name):
                    index.setdefault(record.id, (k.record_pages, record))
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
    def _anchored_index(self) -> dict[str, dict[_Place, list[Any]]]:
        return {k.name: _by_place(self.of(k.name), k.name, self.anchors) for k in kinds.KINDS if k.anchored}

    @cached_property
    def _about_index(self) -> dict[str, dict[str, list[Any]]]:
        """For each kind, its records by the id of every entity (actor, program) they refer to."""
        pages = {k.name for k in kinds.KINDS if k.record_pages}  # kinds whose records have pages listing what refers to them
        return {k.name: _by_reference(self.of(k.name), [r for r in k.refs if set(r.targets) <= pages]) for k in kinds.KINDS}

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
        entity: Actor | Program = self._entity_index[entity_id][1]
        return entity

    def entity_kind(self, entity_id: str) -> str:
        """The URL folder of a record with its own page (``actors``, ``programs``); a ``KeyError``
        for an id that has none."""
        return self._entity_index[entity_id][0]

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

    def anchored_in(self, name: str, doc_id: str, paragraph: int) -> list[Any]:
        """Records of the anchored kind ``name`` anchored in ¶paragraph of a document, in record order."""
        return self._anchored_index[kinds.kind(name).name].get((doc_id, paragraph), [])

    def about(self, name: str, entity_id: str) -> list[Any]:
        """Records of the kind ``name`` that refer to an entity, in record order (a record once)."""
        return self._about_index[kinds.kind(name).name].get(entity_id, [])

    def questions_in(self, doc_id: str, paragraph: int) -> list[Question]:
        """Questions anchored in ¶paragraph of a document, in record order."""
        return self.anchored_in("question", doc_id, paragraph)

    def funding_in(self, doc_id: str, paragraph: int) -> list[FundingFigure]:
        """Funding figures anchored in ¶paragraph of a document, in record order."""
        return self.anchored_in("funding", doc_id, paragraph)

    def notes_in(self, doc_id: str, paragraph: int) -> list[Note]:
        """Notes anchored in ¶paragraph of a document, in record order."""
        return self.anchored_in("note", doc_id, paragraph)

    def questions_about(self, entity_id: str) -> list[Question]:
        """Questions related to an entity, in record order."""
        return self.about("question", entity_id)

    def funding_of(self, program_id: str) -> list[FundingFigure]:
        """Funding figures of a program, in record order."""
        return self.about("funding", program_id)

    def events_about(self, entity_id: str) -> list[Event]:
        """Events related to an entity, in date order."""
        return self.about("event", entity_id)

    def notes_about(self, entity_id: str) -> list[Note]:
        """Notes related to an entity (anchored or not), in record order."""
        return self.about("note", entity_id)

    def relations_of(self, direction: str, entity_id: str) -> list[RelationEdge]:
        """Relations ``from`` or ``to`` an entity, in their sorted order."""
        return self._relation_index.get((direction, entity_id), [])


_Place = tuple[str, int]
"""A paragraph: (document id, ¶ number)."""


def _by_place(records: tuple[Any, ...], kind: str, anchors: dict[tuple[str, str], Span]) -> dict[_Place, list[Any]]:
    """Records by the paragraph their resolved anchor is in; record order is kept within each list."""
    index: dict[_Place, list[Any]] = defaultdict(list)
    for record in records:
        span = anchors.get((kind, record.id))
        if span is not None:
            index[(span.doc, span.paragraph)].append(record)
    return index


def _by_reference(records: tuple[Any, ...], refs: list[Ref]) -> dict[str, list[Any]]:
    """Records by every id their ``refs`` name; record order is kept, and a record is listed once per id."""
    index: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        for ident in dict.fromkeys(value for ref in refs for _, value in ref_values(record, ref.path)):
            index[ident].append(record)
    return index


def ref_values(value: object, path: tuple[str, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """The ids at ``path`` in a record, each with its pointer inside the record:
    ``ref_values(program, ("actors", EACH))`` -> ``[(("actors", 0), "mara-lind"), ...]``.
    An absent value (``None``) names nothing; a record in place of an id names its ``id``."""
    if len(path) == 2 and path[1] == EACH:  # the common shape, a list of ids (``sources``, ``related``)
        field_name = path[0]
        items = getattr(value, field_name)
        if all(isinstance(v, str) for v in items):
            return [((field_name, i), v) for i, v in enumerate(items)]
    found: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    for step in path:
        if step == EACH:
            found = [((*at, i), item) for at, items in found for i, item in enumerate(items)]
        else:
            found = [((*at, step), getattr(v, step)) for at, v in found]
    out = []
    for at, v in found:
        ident = v if isinstance(v, str) or v is None else getattr(v, "id", None)
        if ident is not None:
            out.append((at, ident))
    return out


def sorted_records(kind: kinds.Kind, records: list[Strict]) -> tuple[Strict, ...]:
    """Records in the order the edition keeps them: by the kind's ``sort`` fields, else as written."""
    if not kind.sort:
        return tuple(records)
    return tuple(sorted(records, key=lambda r: tuple(getattr(r, f) for f in kind.sort)))
