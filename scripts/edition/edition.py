"""The resolved edition: the one immutable record that render and export read.

Built by the link stage from the split documents and the validated annotations: every anchor
located, every mention found, every reference resolved, backlinks and relations computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .schema import Actor, DocumentSpec, Event, FundingFigure, Note, Program, Question, Source


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

    def entity(self, entity_id: str) -> Actor | Program:
        """The actor or program with this id."""
        for actor in self.actors:
            if actor.id == entity_id:
                return actor
        for program in self.programs:
            if program.id == entity_id:
                return program
        raise KeyError(entity_id)

    def entity_kind(self, entity_id: str) -> str:
        """``actors`` or ``programs``: the URL folder of an entity."""
        return "actors" if any(a.id == entity_id for a in self.actors) else "programs"

    def document(self, doc_id: str) -> EditionDocument:
        """The document with this id."""
        return next(d for d in self.documents if d.spec.id == doc_id)
