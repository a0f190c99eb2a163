"""The registry of record kinds: each kind of annotation declared once.

A kind is what an annotation file holds a list of (actors, programs, funding figures, questions,
notes, sources, events). Its entry says everything the stages need to know about it: its model,
its file (``annotations/<key>.yml`` or the folder ``annotations/<key>/``), whether its records are
anchored to passages, which fields refer to records of which kinds, its pages and its export
name. Link, the Edition's lookups, render and export read this table; none of them names a kind
in a string of its own. A misspelt kind is a ``KeyError`` (see ``kind``), never a fallback.

Adding a kind: its record and file models in ``schema.py``, an entry in ``KINDS`` here (and the
page, if its entry declares one that is not the generic list). ``tests/test_add_a_kind.py`` adds
one so and sees it validated, linked, rendered, exported and searched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from .schema import (
    CLAIM_FIELDS,
    Actor,
    ActorsFile,
    DocumentSpec,
    EditionFile,
    Event,
    EventsFile,
    FundingFigure,
    FundingFile,
    Note,
    NotesFile,
    Program,
    ProgramsFile,
    Question,
    QuestionsFile,
    Source,
    SourcesFile,
    SourceType,
    Strict,
)

EACH = "*"
"""In a reference path: every item of the list at that point."""


@dataclass(frozen=True)
class Ref:
    """A reference rule: the values at ``path`` in a record are ids of records of ``targets``."""

    path: tuple[str, ...]
    """Fields from the record to the id, ``EACH`` for every item of a list: ``("relations", EACH, "target")``."""
    targets: tuple[str, ...]
    """Kinds the id may name (their ids are known; the first of their files that does not read
    makes the reference uncheckable rather than unknown)."""


@dataclass(frozen=True)
class Page:
    """A page of the site that lists the records of a kind."""

    path: str
    """Source path of the page, e.g. ``questions.md`` or ``actors/index.md``."""
    title: str
    """Its title (in the navigation, and as the generic list's heading)."""
    template: str = "list"
    """How render makes it: ``list`` is the generic list of records (``render/generic.py``);
    another name is one of the edition's own page renderers (``render.PAGE_RENDERERS``)."""

    @property
    def top(self) -> str:
        """The address it takes at the top of the site (``questions``, ``actors``)."""
        return self.path.split("/")[0].removesuffix(".md")


@dataclass(frozen=True)
class Kind:
    """One kind of record, declared once."""

    name: str
    """The kind as the code names it (``funding``): keys of anchors (``("funding", id)``) and of ``cited_by``."""
    label: str
    """One record as messages name it (``funding figure 3``)."""
    plural: str
    """Several records as pages name them (``funding figures``)."""
    key: str
    """The YAML top-level key, the file stem and the folder name (``funding``)."""
    model: type[Strict]
    """The model of one record."""
    file_model: type[Strict]
    """The model of one file of these records (``{key: [model, ...]}``)."""
    refs: tuple[Ref, ...] = ()
    """What its fields may cite or refer to."""
    anchored: bool = False
    """Whether its records may carry an ``anchor`` to a passage."""
    namespace: str = ""
    """Kinds of one namespace share ids (actors and programs): an id is unique across them, and a
    reference to one of them is known if any of them has the id. Empty: the kind's own name."""
    named: bool = False
    """Whether texts name its records (``name`` and ``aliases``): mentions, and the warning for
    a record the texts never name."""
    relates: bool = False
    """Whether its records declare typed ``relations`` (the relations graph)."""
    must_be_cited: bool = False
    """Whether a record that nothing cites is warned about (sources)."""
    index: Page | None = None
    """The page listing its records, if any."""
    record_pages: str | None = None
    """The folder of one page per record (``actors`` -> ``actors/<id>.md``), if any."""
    record_template: str = "record"
    """How render makes a record's page: ``record`` is the generic page (``render/generic.py``),
    another name one of the edition's own renderers (``render.RECORD_RENDERERS``)."""
    export: str = ""
    """Its key in ``edition.json``; empty: ``key``."""
    sort: tuple[str, ...] = ()
    """Fields the Edition sorts its records by; empty: file order."""
    heading_ids: frozenset[str] = frozenset()
    """HTML ids its index page gives its own headings: a record id that is one of them would
    repeat an id on the page."""
    searched: bool = True
    """Whether the search box finds its records (``search.records``; a kind without a search
    record of its own there gets the generic one: title, kind, text, at its page or entry)."""

    @property
    def space(self) -> str:
        """Its id namespace."""
        return self.namespace or self.name

    @property
    def export_name(self) -> str:
        """Its key in ``edition.json``."""
        return self.export or self.key


def citing(model: type[Strict]) -> tuple[Ref, ...]:
    """The source references every record makes: its ``sources`` and the sources of its claims."""
    refs = []
    if "sources" in model.model_fields:
        refs.append(Ref(("sources", EACH), ("source",)))
    if model in CLAIM_FIELDS:
        refs.append(Ref((CLAIM_FIELDS[model], EACH, "sources", EACH), ("source",)))
    return tuple(refs)


ENTITY = ("actor", "program")
"""The kinds a relation or a ``related`` list may name."""

KINDS: tuple[Kind, ...] = (
    Kind(
        "actor",
        "actor",
        "actors",
        "actors",
        Actor,
        ActorsFile,
        refs=(*citing(Actor), Ref(("relations", EACH, "target"), ENTITY)),
        namespace="entity",
        named=True,
        relates=True,
        index=Page("actors/index.md", "Actors", "entities"),
        record_pages="actors",
        record_template="entity",
        sort=("id",),
    ),
    Kind(
        "program",
        "program",
        "programs",
        "programs",
        Program,
        ProgramsFile,
        refs=(*citing(Program), Ref(("relations", EACH, "target"), ENTITY), Ref(("actors", EACH), ("actor",))),
        namespace="entity",
        named=True,
        relates=True,
        index=Page("programs/index.md", "Programs", "entities"),
        record_pages="programs",
        record_template="entity",
        sort=("id",),
    ),
    Kind(
        "funding",
        "funding figure",
        "funding figures",
        "funding",
        FundingFigure,
        FundingFile,
        refs=(*citing(FundingFigure), Ref(("program",), ("program",))),
        anchored=True,
        index=Page("funding/index.md", "Funding", "funding"),
        heading_ids=frozenset({"funding", "totals-by-program-and-fiscal-year", "chart", "all-figures", "notes-on-the-figures"}),
    ),
    Kind(
        "question",
        "question",
        "questions",
        "questions",
        Question,
        QuestionsFile,
        refs=(*citing(Question), Ref(("related", EACH), ENTITY)),
        anchored=True,
        index=Page("questions.md", "Questions", "questions"),
        heading_ids=frozenset({"questions-the-paper-asks", "answered", "partly-answered", "still-open", "moot"}),
    ),
    Kind(
        "note",
        "note",
        "notes",
        "notes",
        Note,
        NotesFile,
        refs=(*citing(Note), Ref(("related", EACH), ENTITY)),
        anchored=True,
    ),
    Kind(
        "event",
        "event",
        "events",
        "events",
        Event,
        EventsFile,
        refs=(*citing(Event), Ref(("related", EACH), ENTITY)),
        index=Page("timeline.md", "Timeline", "timeline"),
        sort=("date", "id"),
        heading_ids=frozenset({"timeline"}),
        searched=False,  # the timeline is a page to read in order, not results to search
    ),
    Kind(
        "source",
        "source",
        "sources",
        "sources",
        Source,
        SourcesFile,
        must_be_cited=True,
        index=Page("sources.md", "Sources", "sources"),
        sort=("id",),
        heading_ids=frozenset({"sources", *(f"kind-{kind}" for kind in get_args(SourceType))}),
        searched=False,  # the bibliography: what the results cite, not results
    ),
)
"""Every kind, in the order the stages go through them."""

DOCUMENT_REFS: tuple[Ref, ...] = (*citing(DocumentSpec), Ref(("authors", EACH, "actor"), ("actor",)))
"""What a document's spec (``annotations/<doc>.yml``) may refer to; documents are not a kind of
this table (one per file, any other stem), but their references are checked by the same rules."""

_TABLES: dict[str, Any] = {}


def _tables() -> tuple[dict[str, Kind], dict[str, Kind]]:
    """Kinds by name and by key, made again whenever ``KINDS`` is another tuple (a test may add a
    kind by replacing it: every table here is derived from it at call time)."""
    cached = _TABLES.get("by")
    if cached is None or cached[0] is not KINDS:
        _check(KINDS)
        cached = (KINDS, {k.name: k for k in KINDS}, {k.key: k for k in KINDS})
        _TABLES["by"] = cached
    return cached[1], cached[2]


def kind(name: str) -> Kind:
    """The kind called ``name``; a ``KeyError`` naming the known kinds for any other name."""
    by_name = _tables()[0]
    try:
        return by_name[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r}; the kinds are {', '.join(by_name)}") from None


def by_key(key: str) -> Kind:
    """The kind whose files have the top-level key ``key`` (``actors``); ``KeyError`` otherwise."""
    by = _tables()[1]
    try:
        return by[key]
    except KeyError:
        raise KeyError(f"unknown kind key {key!r}; the keys are {', '.join(by)}") from None


def in_space(space: str) -> tuple[Kind, ...]:
    """The kinds of one id namespace, in registry order."""
    return tuple(k for k in KINDS if k.space == space)


def noun(targets: tuple[str, ...]) -> str:
    """How a message names what a reference should be: ``actor or program``."""
    return " or ".join(kind(t).label for t in targets)


def file_models() -> dict[str, type[Strict]]:
    """Annotation files by stem (or folder); any other ``*.yml`` in ``annotations/`` is a document file."""
    return {"edition": EditionFile, **{k.key: k.file_model for k in KINDS}}


def _check(table: tuple[Kind, ...]) -> None:
    """The table is consistent: names, keys and export names unique, every target a kind."""
    names = {k.name for k in table}
    for attr in ("name", "key", "export_name"):
        values = [getattr(k, attr) for k in table]
        assert len(values) == len(set(values)), f"two kinds share a {attr}"
    for k in table:
        for ref in (*k.refs, *DOCUMENT_REFS):
            assert set(ref.targets) <= names, f"{k.name}: a reference to {ref.targets} names no kind"
        assert k.file_model.model_fields.keys() == {k.key}, f"{k.file_model.__name__} must hold only {k.key!r}"


_check(KINDS)
