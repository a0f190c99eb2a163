"""The annotation schema: pydantic models for every kind of record an editor writes in YAML.

Each model forbids unknown keys and documents every field (the docstrings become the JSON Schema
descriptions that editors see as completion hints). Raw YAML stops at the loader; past
``annotations.load`` only these models travel down the pipeline.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from . import dates
from .escape import is_web_address

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=80)]
"""A lowercase id such as ``felipe-calderon``; it becomes part of a URL, so nothing else is allowed."""


def _real_date(value: str) -> str:
    """A date that exists: no 30 February, no 31 April, no year 0000."""
    parts = [int(x) for x in value.split("-")]
    if parts[0] < 1000:
        raise ValueError(f"{value!r} is not a real date: the year must have four digits from 1000 on")
    try:
        datetime.date(parts[0], *[*parts[1:], 1, 1][:2])
    except ValueError:
        days = calendar.monthrange(parts[0], parts[1])[1]
        raise ValueError(f"{value!r} is not a real date: {dates.in_words(parts[0], parts[1])} has {days} days") from None
    return value


PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"), AfterValidator(_real_date)]
"""A date as precise as known: ``2009``, ``2009-08`` or ``2009-08-13``; it must exist."""

_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
"""Control characters (ESC, BEL, U+0001...), bidi overrides and isolates (which reorder what a
reader sees), zero-width and other invisible characters: never part of an editor's text."""


def _visible(value: str, *, one_line: bool) -> str:
    if one_line and (brk := re.search("[\t\n]", value)):
        what = "a line break" if brk.group() == "\n" else "a tab"
        raise ValueError(f"character {brk.start() + 1} is {what}: this field is one line of plain text; write it on one line")
    bad = _UNSEEN.search(value)
    if bad is not None:
        char = bad.group()
        name = unicodedata.name(char, "a control character")
        raise ValueError(
            f"character {bad.start() + 1} is U+{ord(char):04X} ({name}): control, bidi and zero-width characters are not allowed; delete it"
        )
    return value


def _one_line(value: str) -> str:
    return _visible(value, one_line=True)


def _multi_line(value: str) -> str:
    return _visible(value, one_line=False)


Line = Annotated[str, StringConstraints(max_length=300), AfterValidator(_one_line)]
"""One line of plain text (a title, a label, a person's name): no line breaks, tabs, control,
bidi or zero-width characters."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
"""A name or alias the texts are searched for: one line, at most 200 characters."""


def _web_address(value: str) -> str:
    if not is_web_address(value):
        raise ValueError(f"{value!r} is not a web address: write http:// or https://, a host, and no spaces or quotes")
    return value


WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://"), AfterValidator(_web_address)]
"""An ``http(s)`` URL with a host, parsed (``https://x> [a](javascript:…)`` is refused)."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_multi_line)]
"""Editorial Markdown (emphasis, links); raw HTML is escaped when rendered."""

Confidence = Literal["high", "medium", "low"]

ActorKind = Literal["person", "agency", "party", "legislature", "office", "organisation", "group", "place"]
ProgramKind = Literal["initiative", "agreement", "task-force", "strategy", "law", "system", "operation", "framework"]
RelationType = Literal[
    "leads",
    "member-of",
    "part-of",
    "signed",
    "funds",
    "oversees",
    "succeeded-by",
    "located-in",
    "announced",
    "implements",
    "opposes",
    "nominated",
    "allied-with",
    "conditions",
]
FundingStatus = Literal["pledged", "requested", "appropriated", "obligated", "released", "withheld", "held-up", "total"]
QuestionStatus = Literal["open", "answered", "partly-answered", "moot"]
SourceType = Literal[
    "report",
    "article-newspaper",
    "article-magazine",
    "webpage",
    "press-release",
    "legislation",
    "letter",
    "cable",
    "book",
    "speech",
    "dataset",
    "entry-encyclopedia",
]


class Strict(BaseModel):
    """Base for every record: unknown keys are errors, records are immutable after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Cite(Strict):
    """A citation of one source for one claim, with where in the source and in what words."""

    id: Slug
    """The bibliography id."""
    at: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    """Locator in a long source: page, section or paragraph (e.g. ``Summary``, ``p. 29``)."""
    quote: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None
    """The source's own words that support the claim, for a reader (and a reviewer) to check."""


class Claim(Strict):
    """One statement of the editors, with its own sources and confidence.

    Summaries, hindsights, notes and figure notes are lists of claims, so that a reader sees which
    source backs which sentence and which sentences rest on one source or on a weak one.
    """

    text: Text
    """One or a few sentences that stand or fall together (Markdown)."""
    sources: Annotated[list[Slug | Cite], Field(min_length=1)]
    """The sources of this claim: ids, or ``{id, at, quote}`` where the source is long or the words matter."""
    confidence: Confidence
    """How firmly the sources support the claim: ``high``, ``medium`` or ``low`` (required)."""
    date: PartialDate | None = None
    """The date of the latest event the claim states, where it states dated events."""

    def source_ids(self) -> list[str]:
        """The ids cited, in order."""
        return [s if isinstance(s, str) else s.id for s in self.sources]


Claims = Annotated[list[Claim], Field(min_length=1)]
"""At least one claim."""


def date_bounds(date: str) -> tuple[str, str]:
    """Earliest and latest day a partial date can mean, as sortable ``YYYY-MM-DD`` strings."""
    parts = date.split("-")
    low = "-".join(parts + ["01"] * (3 - len(parts)))
    high = "-".join(parts + (["12", "31"] if len(parts) == 1 else ["31"] if len(parts) == 2 else []))
    return low, high


class Anchor(Strict):
    """A passage of the corrected text, found like a W3C TextQuoteSelector."""

    quote: Annotated[str, StringConstraints(min_length=2, max_length=2000)]
    """The exact words of the passage (after corrections), e.g. ``Will Calderón's successor continue down this road?``"""
    prefix: str | None = None
    """Text just before the quote, to pick one of several matches."""
    suffix: str | None = None
    """Text just after the quote, to pick one of several matches."""
    document: Slug | None = None
    """The document the passage is in; may be left out while the edition has one document."""


class Relation(Strict):
    """A typed, directed edge from this entity to another actor or program."""

    type: RelationType
    """What the relation is, read as ``<this> <type> <target>`` (e.g. ``leads``, ``member-of``)."""
    target: Slug
    """The id of an actor or program."""
    note: Text | None = None
    """A short qualification (dates, role)."""


class Correction(Strict):
    """An editorial fix of the source text, declared here and never made in the text file."""

    original: Annotated[str, StringConstraints(min_length=1)]
    """The characters as they stand in the source (must occur exactly once, given prefix/suffix)."""
    corrected: Line = ""
    """What the site shows instead (for ``kind: join``, what joins the two pieces, normally a space)."""
    kind: Literal["replace", "join"] = "replace"
    """``replace`` swaps characters; ``join`` glues a paragraph cut by a page break to its continuation (``original`` is the end of the first piece)."""
    superscript: str | None = None
    """Trailing part of ``corrected`` to show raised, e.g. ``st`` in ``21st``."""
    prefix: str | None = None
    """Text before ``original``, when it occurs more than once."""
    reason: Text
    """Why the fix is made; shown to readers on hover."""


class SectionSpec(Strict):
    """How one headed section of the source is named and addressed."""

    heading: Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_one_line)]
    """The heading as it reads after corrections."""
    id: Slug
    """The pinned URL id of the section; never change it once published (add a redirect instead)."""
    title: Line | None = None
    """Title to show, if different from the heading."""


class Redirect(Strict):
    """A retired section id that must keep working as a redirect."""

    old: Slug
    """The id that was published."""
    new: Slug
    """The section id readers are sent to."""


class FrontMatterSpec(Strict):
    """Which leading blocks of the source are front matter, in order."""

    roles: list[Literal["title", "subtitle", "byline"]] = ["title", "subtitle", "byline"]
    """Roles of the first blocks of the text, one per block."""


class HeadingRule(Strict):
    """How the splitter recognises a section heading among the blocks of a text."""

    max_words: int = 10
    """A heading has at most this many words."""
    forbidden_endings: str = '.?!,;"”'
    """A block ending in one of these characters is never a heading."""


class PersonName(Strict):
    """A person (``given`` and ``family``) or an organisation (``literal``), as CSL names them."""

    given: Line | None = None
    """Given name(s); leave the key out for a person known by one name."""
    family: Line | None = None
    """Family name."""
    literal: Line | None = None
    """The whole name of an organisation (a corporate author or editor), instead of given and family."""

    @field_validator("given", "family", "literal")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        # An empty given name broke the old APA formatter (IndexError); say so where it is written.
        if value is not None and not value.strip():
            raise ValueError("is empty: write the name, or leave the key out")
        return value

    @model_validator(mode="after")
    def _person_or_organisation(self) -> PersonName:
        if self.literal is None and self.family is None:
            raise ValueError("needs 'family' (a person) or 'literal' (an organisation)")
        if self.literal is not None and (self.given is not None or self.family is not None):
            raise ValueError("write either 'literal' (an organisation) or 'given' and 'family' (a person), not both")
        return self

    @property
    def display(self) -> str:
        """``Sigrid Arzt``, or the organisation's name."""
        return self.literal or " ".join(x for x in (self.given, self.family) if x)

    @property
    def sort_form(self) -> str:
        """``Arzt, Sigrid``, or the organisation's name (BibTeX, RIS and Highwire order)."""
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else str(self.family)


class Author(PersonName):
    """An author of a document."""

    affiliation: Line | None = None
    """Affiliation and title as of the document's date."""
    actor: Slug | None = None
    """The actor record for this person, if any."""


class DocumentSpec(Strict):
    """One source text: its bibliographic data and how to split it."""

    id: Slug
    """URL id of the document, e.g. ``arzt-2009``; the text is ``texts/<id>.txt``."""
    title: Line
    """Title without subtitle."""
    subtitle: Line | None = None
    """Subtitle."""
    authors: list[Author]
    """Authors in order."""
    publisher: Line
    """Publisher or issuing institution."""
    publisher_place: Line | None = None
    """Place of publication."""
    date: PartialDate
    """Publication date, as precise as known."""
    url: WebAddress | None = None
    """Where the original can be found, if anywhere."""
    genre: Line = "Policy paper"
    """Kind of document, used in citations."""
    summary: Text | None = None
    """A short editorial summary for the paper's page."""
    headnote: list[Claim] = []
    """The editors' headnote on the author and the publication, claim by claim."""
    introduction: SectionSpec = SectionSpec(heading="Introduction", id="introduction")
    """Title and id of the untitled opening section (``heading`` is its display title)."""
    sections: list[SectionSpec] = []
    """Pinned ids of the headed sections, matched by heading."""
    redirects: list[Redirect] = []
    """Retired section ids and where they now point."""
    front_matter: FrontMatterSpec = FrontMatterSpec()
    """Roles of the leading blocks."""
    heading_rule: HeadingRule = HeadingRule()
    """How headings are recognised."""
    corrections: list[Correction] = []
    """Declared fixes of extraction artefacts."""
    sources: list[Slug] = []
    """Bibliography entries that describe the document itself."""


class Entity(Strict):
    """Fields common to actors and programs."""

    id: Slug
    """URL id, unique among actors and programs."""
    name: Name
    """Full name as a reader should see it."""
    aliases: list[Name] = []
    """Other names by which the texts name it; each is linked where it appears."""
    summary: Claims
    """Who or what it is, claim by claim."""
    description: Annotated[str, StringConstraints(min_length=1, max_length=160), AfterValidator(_one_line)]
    """One line for tooltips and indexes."""
    implied: Text | None = None
    """Set when the texts never name it: why it belongs in the edition."""
    relations: list[Relation] = []
    """Typed edges to other actors and programs."""
    sources: list[Slug] = []
    """Bibliography ids for the record's role and description (the summary's claims carry their own)."""
    confidence: Confidence = "high"
    """How sure the editors are of the record as a whole."""

    @field_validator("aliases")
    @classmethod
    def _aliases_are_not_blank(cls, value: list[str]) -> list[str]:
        for alias in value:
            if len(alias.strip()) < 2:
                raise ValueError(f"alias {alias!r} is too short to find in the text")
        return value


class Actor(Entity):
    """A person, agency, party, legislature, office, organisation, group or place."""

    kind: ActorKind
    """What sort of actor this is."""
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    """ISO 3166 country code (``US``, ``MX``), if it belongs to one."""
    role: Text | None = None
    """Role as of the paper's date (its document's ``date``)."""


class Program(Entity):
    """An initiative, agreement, task force, strategy, law, system or operation."""

    kind: ProgramKind
    """What sort of program this is."""
    actors: list[Slug] = []
    """Actors involved."""
    start: PartialDate | None = None
    """When it began (announced, signed or enacted)."""
    end: PartialDate | None = None
    """When it ended or was replaced."""


MAX_AMOUNT = 1e13
"""Ten trillion: above any budget line the edition deals with, and low enough that no sum of
figures can overflow to infinity (or lose whole units) in the totals."""


class Share(Strict):
    """A percentage of some base amount."""

    percent: float = Field(gt=0, le=100, allow_inf_nan=False)
    """The percentage."""
    of: Line
    """What it is a share of, in words."""


class FundingFigure(Strict):
    """An amount of money, or a share of one, with its status and provenance."""

    id: Slug
    """URL fragment on the funding page."""
    program: Slug
    """The program the money belongs to."""
    label: Line
    """What the figure is, in a few words."""
    amount: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    """The amount in units of ``currency``."""
    currency: Literal["USD", "MXN"] = "USD"
    """ISO 4217 currency code."""
    share: Share | None = None
    """A share of a base, when the figure is a percentage."""
    approximate: bool = False
    """True when the source gives the amount as about, some, roughly or more than."""
    estimate: bool = False
    """True when no source gives the figure and the editors derived it (say from what in ``note``)."""
    act: Line | None = None
    """The law or instrument, e.g. ``P.L. 111-8``."""
    fiscal_year: int | None = Field(default=None, ge=1990, le=2100)
    """U.S. fiscal year."""
    status: FundingStatus
    """Where the money stood."""
    as_of: PartialDate
    """When the status held."""
    anchor: Anchor | None = None
    """Where the paper states the figure, if it does."""
    note: list[Claim] = []
    """Explanation of the figure and of disagreements between sources, claim by claim."""
    sources: list[Slug] = []
    """Bibliography ids; the first is the document that gives the figure when ``act`` is not set."""
    confidence: Confidence = "high"
    """How sure the figure is."""
    in_totals: bool = True
    """Whether the figure counts towards the per-program and per-year totals (False for running totals and pledges)."""


class Question(Strict):
    """A question the paper asks, followed to what history answered."""

    id: Slug
    """URL fragment on the questions page."""
    anchor: Anchor
    """The question as the paper asks it."""
    theme: Line
    """Short theme used to group questions (e.g. ``Mexican politics``)."""
    status: QuestionStatus
    """What became of it."""
    hindsight: list[Claim] = []
    """What happened, claim by claim (give each dated claim its ``date``)."""
    hindsight_date: PartialDate | None = None
    """As of when the hindsight holds: no earlier than the latest event it reports."""
    evidence: Text | None = None
    """What evidence would settle the question, where it is still open or only partly answered."""
    related: list[Slug] = []
    """Related actors and programs."""
    sources: list[Slug] = []
    """Bibliography ids for the question as a whole (the hindsight's claims carry their own)."""
    confidence: Confidence = "high"
    """How sure the hindsight is."""

    @model_validator(mode="after")
    def _hindsight_covers_its_claims(self) -> Question:
        if self.hindsight and not self.hindsight_date:
            raise ValueError("a hindsight needs a hindsight_date")
        for i, claim in enumerate(self.hindsight):
            if claim.date and self.hindsight_date and date_bounds(claim.date)[0] > date_bounds(self.hindsight_date)[1]:
                raise ValueError(
                    f"hindsight_date {self.hindsight_date!r} is earlier than hindsight {i + 1}, which states events of {claim.date!r}"
                )
        return self


class Note(Strict):
    """An editorial comment on a passage of the text."""

    id: Slug
    """Unique id."""
    anchor: Anchor
    """The passage it comments on."""
    title: Line
    """A few words naming the point."""
    body: Claims
    """The comment, claim by claim."""
    related: list[Slug] = []
    """Related actors and programs."""
    sources: list[Slug] = []
    """Bibliography ids."""
    confidence: Confidence = "high"
    """How sure the comment is."""


class Source(Strict):
    """A bibliography entry."""

    id: Slug
    """Id cited by records, e.g. ``dhs-2009-letter-of-intent``."""
    type: SourceType
    """Kind of source (maps to CSL types in exports)."""
    title: Line
    """Title as published."""
    author: Line | None = None
    """Author(s) as a string, ``Family, Given; Family, Given``."""
    publisher: Line | None = None
    """Publisher, agency or newspaper."""
    date: PartialDate | None = None
    """Publication date."""
    url: WebAddress | None = None
    """Where it was read."""
    accessed: PartialDate | None = None
    """When the editors last read it at ``url`` (required with a URL)."""
    version_of: Slug | None = None
    """For one version of a report: the id shared by all its versions (e.g. ``crs-r40135``)."""
    note: Line | None = None
    """Anything a reader should know (e.g. archived copy, language)."""


class Event(Strict):
    """A dated happening for the timeline."""

    id: Slug
    """Unique id."""
    date: PartialDate
    """When it happened."""
    title: Line
    """What happened, in a line."""
    description: Text | None = None
    """More detail (Markdown)."""
    related: list[Slug] = []
    """Related actors and programs."""
    sources: list[Slug] = []
    """Bibliography ids."""
    confidence: Confidence = "high"
    """How sure the date and fact are."""


VERSION = r"^\d+\.\d+(\.\d+)?$"


class Release(Strict):
    """One release of the editorial layer: what a citation's version number refers to."""

    version: Annotated[str, StringConstraints(pattern=VERSION)]
    """The version number, e.g. ``1.1`` (never reused: a citation names it)."""
    date: PartialDate
    """The release date, ``YYYY-MM-DD``."""
    changes: list[Text] = Field(min_length=1)
    """What changed for readers and citers, one item a line (Markdown)."""


class Licence(Strict):
    """The licence of the editorial layer (the paper's text keeps its own rights)."""

    name: str
    """Its name, e.g. ``CC BY 4.0``."""
    url: Annotated[str, StringConstraints(pattern=r"^https?://")] | None = None
    """Where its text is."""


class EditionSpec(Strict):
    """The edition as a citable work: what every citation names besides the paper."""

    title: Annotated[str, StringConstraints(min_length=1)]
    """The edition's title (CSL ``container-title``, BibTeX ``booktitle``, RIS ``T2``)."""
    editors: list[PersonName] = Field(min_length=1)
    """The editors, in order (CSL ``editor``): people, or an organisation as ``literal``."""
    publisher: str | None = None
    """Who publishes the edition, if anyone besides the editors."""
    licence: Licence
    """The licence of the editorial layer."""
    releases: list[Release] = Field(min_length=1)
    """Every release, newest first; the first is the version every page and citation names."""
    countries: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], Name] = Field(default_factory=dict)
    """What the actors' country codes stand for (``US: United States``), in the order the relations
    picture stacks them: the first at the top, the programs next, the others below."""

    @field_validator("releases")
    @classmethod
    def _newest_first(cls, value: list[Release]) -> list[Release]:
        versions = [r.version for r in value]
        for i, version in enumerate(versions):
            if version in versions[:i]:
                raise ValueError(f"version {version!r} is listed twice: a version number is never reused")
        for newer, older in itertools.pairwise(value):
            if _version_key(newer.version) <= _version_key(older.version) or newer.date < older.date:
                raise ValueError(
                    f"releases must be newest first: {newer.version!r} ({newer.date}) comes before {older.version!r} ({older.date})"
                )
        return value

    @property
    def current(self) -> Release:
        """The release this build is."""
        return self.releases[0]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


# One model per annotation file: the top-level key names the kind, the value is a list of records.
class DocumentFile(Strict):
    """``annotations/<doc>.yml``: one document."""

    document: DocumentSpec


class ActorsFile(Strict):
    """``annotations/actors.yml``."""

    actors: list[Actor] = []


class ProgramsFile(Strict):
    """``annotations/programs.yml``."""

    programs: list[Program] = []


class FundingFile(Strict):
    """``annotations/funding.yml``."""

    funding: list[FundingFigure] = []


class QuestionsFile(Strict):
    """``annotations/questions.yml``."""

    questions: list[Question] = []


class NotesFile(Strict):
    """``annotations/notes.yml``."""

    notes: list[Note] = []


class SourcesFile(Strict):
    """``annotations/sources.yml``."""

    sources: list[Source] = []


class EventsFile(Strict):
    """``annotations/events.yml``."""

    events: list[Event] = []


class EditionFile(Strict):
    """``annotations/edition.yml``: the edition itself (editors, title, licence, releases)."""

    edition: EditionSpec


SLUG_RE = re.compile(SLUG)

CLAIM_FIELDS: dict[type[Strict], str] = {
    Actor: "summary",
    Program: "summary",
    Note: "body",
    Question: "hindsight",
    FundingFigure: "note",
    DocumentSpec: "headnote",
}
"""The one field of each kind that holds the editors' claims (named once, here)."""


def claims_of(record: Strict) -> list[Claim]:
    """The claims a record makes, in order (none for kinds without a claim field)."""
    for kind, name in CLAIM_FIELDS.items():
        if isinstance(record, kind):
            value: list[Claim] = getattr(record, name)
            return value
    return []


def cited_ids(record: Strict) -> list[str]:
    """Every source id a record cites, its own ``sources`` first, then its claims', without repeats."""
    own: list[str] = list(getattr(record, "sources", []))
    for claim in claims_of(record):
        own += claim.source_ids()
    return list(dict.fromkeys(own))
