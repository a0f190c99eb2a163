"""Link stage: resolve anchors, mentions and references into one immutable ``Edition``.

Anchors are found like W3C TextQuoteSelectors (quote plus optional prefix/suffix, exactly one
match in the corrected text). Mentions are found in one pass per paragraph with a compiled trie
of every name and alias. Every id reference is checked, with a did-you-mean on near misses.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kinds
from .annotations import Annotations, Located, field_text
from .citations import cite_keys
from .document import Document
from .edition import Edition, EditionDocument, Mention, RelationEdge, Span, ref_values, sorted_records
from .mentions import MentionFinder
from .problems import Location, Problem, did_you_mean
from .schema import Anchor
from .sentences import sentence_around

CONTEXT = 32
"""Characters of prefix/suffix kept with each resolved passage (W3C TextQuoteSelector)."""


def _span(doc: Document, number: int, start: int, end: int) -> Span:
    text = doc.paragraph(number).text
    return Span(doc.id, number, start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def resolve_anchor(anchor: Anchor, doc: Document) -> tuple[Span | None, str | None]:
    """Locate ``anchor`` in ``doc``; on failure return a message that helps fix it."""
    # ``in`` skips, at C speed, the paragraphs that cannot match (all but one, for a good anchor).
    found = [(p, start) for p in doc.paragraphs if anchor.quote in p.text for start in _occurrences(anchor.quote, p.text)]
    hits = [
        (p, start)
        for p, start in found
        if (not anchor.prefix or p.text[:start].endswith(anchor.prefix))
        and (not anchor.suffix or p.text[start + len(anchor.quote) :].startswith(anchor.suffix))
    ]
    quote = _short(anchor.quote)
    if len(hits) == 1:
        p, start = hits[0]
        return _span(doc, p.number, start, start + len(anchor.quote)), None
    if hits:
        # Show what precedes each match: the editor can copy the right one into `prefix`.
        places = ", ".join(f"¶{p.number} after {_before(p.text, start)!r}" for p, start in hits[:5])
        more = f" and {len(hits) - 5} more" if len(hits) > 5 else ""
        return None, f"quote {quote!r} matches {len(hits)} times ({places}{more}); add a prefix or suffix to pick one"
    if found:
        wanted = " and ".join(f"{name} {value!r}" for name, value in (("prefix", anchor.prefix), ("suffix", anchor.suffix)) if value)
        places = ", ".join(
            f"¶{p.number}"
            + (f" after {_before(p.text, start)!r}" if anchor.prefix else "")
            + (f" before {_after(p.text, start + len(anchor.quote))!r}" if anchor.suffix else "")
            for p, start in found[:5]
        )
        return None, f"quote {quote!r} is in {doc.id}, but never with {wanted}; it stands at {places}"
    if anchor.quote in doc.source:
        return None, (
            f"quote {quote!r} is in the source but not in the corrected text of {doc.id}: anchors quote the text as corrected; "
            f"closest passage: {closest_passage(anchor.quote, doc)}"
        )
    return None, f"quote {quote!r} is not in {doc.id}; closest passage: {closest_passage(anchor.quote, doc)}"


def _occurrences(quote: str, text: str) -> Iterator[int]:
    """Where ``quote`` occurs in ``text``: what ``re.finditer(re.escape(quote), text)`` finds (left
    to right, not overlapping), without compiling a pattern per anchor."""
    step = len(quote) or 1
    start = text.find(quote)
    while start >= 0:
        yield start
        start = text.find(quote, start + step)


def _before(text: str, start: int, width: int = 24) -> str:
    return ("…" if start > width else "") + text[max(0, start - width) : start]


def _after(text: str, end: int, width: int = 24) -> str:
    return text[end : end + width] + ("…" if end + width < len(text) else "")


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


CLOSEST_PROBE = 120
"""Characters of a failing quote compared with the text: enough to find where it was meant to be."""
COMMON_WORD = 200
"""Words that occur more often than this in a document (``the``, ``of``) cast no votes."""
CANDIDATES = 3
"""Places, of those with the most votes, that are compared character by character."""
_WORD = re.compile(r"\w+")


def closest_passage(quote: str, doc: Document) -> str:
    """The stretch of the text most like ``quote`` (widened to whole words), with its ¶ number.

    Bounded work, whatever the lengths: only the quote's first ``CLOSEST_PROBE`` characters are
    compared; the words they share with the text vote for where the quote would start, and only
    the ``CANDIDATES`` places with most votes are compared character by character (a full scan
    took seconds for one long quote, minutes for two hundred)."""
    probe = quote[:CLOSEST_PROBE]
    index = _word_index(doc)
    votes: dict[tuple[int, int], int] = defaultdict(int)
    for match in _WORD.finditer(probe.casefold()):
        for number, offset in index.get(match.group(), ()):
            votes[(number, max(0, offset - match.start()))] += 1
    if not votes:
        return "(none)"
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
    best = (-1.0, 0, 0, 0)  # ratio, ¶ number, start, end
    for (number, start), _ in ranked:
        text = doc.paragraph(number).text
        for i in _word_starts(text, start, len(probe)):
            end = min(len(text), i + len(probe))
            while end < len(text) and not text[end].isspace():
                end += 1
            ratio = difflib.SequenceMatcher(None, probe, text[i:end], autojunk=False).ratio()
            if ratio > best[0] or (ratio == best[0] and (number, i) < (best[1], best[2])):
                best = (ratio, number, i, end)
    _, number, start, end = best
    return f"¶{number} {doc.paragraph(number).text[start:end]!r}"


def _word_starts(text: str, around: int, size: int) -> list[int]:
    """Word starts near ``around`` (at most a dozen), where an aligned passage may begin."""
    reach = max(8, size // 4)
    starts = [i for i in range(max(0, around - reach), min(len(text), around + reach + 1)) if i == 0 or text[i - 1].isspace()]
    starts.sort(key=lambda i: (abs(i - around), i))
    return starts[:12] or [min(around, max(0, len(text) - 1))]


_INDEXES: dict[int, tuple[Document, dict[str, list[tuple[int, int]]]]] = {}


def _word_index(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """Each word of ``doc`` (case-folded) with its (¶ number, offset), common words left out;
    built once per document for all of a run's failing anchors."""
    cached = _INDEXES.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in doc.paragraphs:
        for match in _WORD.finditer(p.text.casefold()):
            index[match.group()].append((p.number, match.start()))
    pruned = {word: places for word, places in index.items() if len(places) <= COMMON_WORD}
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    _INDEXES[id(doc)] = (doc, pruned)
    return pruned


def link(annotations: Annotations, documents: dict[str, Document]) -> tuple[Edition, list[Problem]]:
    """Resolve everything; the edition is returned even with problems (for reporting).

    A sequence of passes, each returning its value and its problems: ids, references (one table of
    rules, ``kinds.KINDS``), relations, funding, redirects, reserved ids, anchors, names and
    mentions, completeness; then the Edition is assembled from their values."""
    a = annotations
    known, problems = known_ids(a)
    cited_by, found = check_references(a, known)
    problems += found
    relations, found = relation_pass(a, known)
    problems += found
    problems += funding_problems(a)
    problems += _redirect_problems(a, documents)
    problems += _reserved_id_problems(a)
    anchors, found = anchor_pass(a, documents)
    problems += found
    names, found = name_pass(a)
    problems += found
    mentions = find_mentions(names, documents)
    problems += completeness_warnings(a, documents, mentions, cited_by)
    return assemble(a, documents, anchors, mentions, relations, cited_by), problems


@dataclass
class Known:
    """The ids a reference may name, by namespace, and what could not be checked."""

    ids: dict[str, set[str]]
    """Record ids of each namespace; ids of records that failed validation count as known, so one
    bad record is one error."""
    broken: dict[str, str]
    """Annotation files that do not parse, by stem: references into them cannot be checked."""
    unchecked: Counter[str] = field(default_factory=Counter)
    """How many references into each unreadable file were not checked."""
    _union: dict[tuple[str, ...], set[str]] = field(default_factory=dict)

    def of(self, targets: tuple[str, ...]) -> set[str]:
        """The ids that records of the kinds ``targets`` have."""
        if targets not in self._union:
            self._union[targets] = set().union(*(self.ids[kinds.kind(t).space] for t in dict.fromkeys(targets)))
        return self._union[targets]

    def unreadable(self, targets: tuple[str, ...]) -> str | None:
        """The first unreadable file a reference to ``targets`` could point into."""
        spaces = dict.fromkeys(kinds.kind(t).space for t in targets)
        return next((self.broken[k.key] for space in spaces for k in kinds.in_space(space) if k.key in self.broken), None)

    def notes(self) -> list[Problem]:
        """One line per unreadable file that references point into, with their count."""
        out = []
        for path, count in sorted(self.unchecked.items()):
            refs = "1 reference" if count == 1 else f"{count} references"
            out.append(Problem(Location(path), f"{refs} from other files into this one were not checked, since it does not read", "note"))
        return out


def known_ids(a: Annotations) -> tuple[Known, list[Problem]]:
    """The ids of every namespace, and a problem for every id defined twice in one namespace."""
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for space in dict.fromkeys(k.space for k in kinds.KINDS):
        members = kinds.in_space(space)
        seen: dict[str, list[Location]] = defaultdict(list)
        for k in members:
            for rec in a.of(k.name):
                seen[rec.value.id].append(rec.at("id"))
        problems += _duplicates(seen, "/".join(k.name for k in members))
        ids[space] = set(seen) | a.unvalidated_ids
    # A file that does not parse has no records: references into it would all look unknown.
    # They are counted instead, and the count is reported in one line.
    broken = {Path(path).stem: path for path in a.unreadable}
    return Known(ids, broken), problems


def check_references(a: Annotations, known: Known) -> tuple[dict[str, list[tuple[str, str]]], list[Problem]]:
    """Every reference of every record checked against the registry's rules; and, for each
    source, the (kind, id) of every record that cites it."""
    problems: list[Problem] = []
    cited_by: dict[str, list[tuple[str, str]]] = defaultdict(list)
    sources = known.of(("source",))
    rules: list[tuple[str, tuple[kinds.Ref, ...], tuple[Located[Any], ...]]] = [(k.name, k.refs, a.of(k.name)) for k in kinds.KINDS]
    rules.append(("document", kinds.DOCUMENT_REFS, a.documents))
    for name, refs, records in rules:
        for rec in records:
            found = [(ref, ref_values(rec.value, ref.path)) for ref in refs]
            problems += check_refs(rec, found, known)
            for s in dict.fromkeys(ident for ref, values in found if "source" in ref.targets for _, ident in values):
                if s in sources:
                    cited_by[s].append((name, rec.value.id))
    return cited_by, problems + known.notes()


def check_refs(rec: Located[Any], found: list[tuple[kinds.Ref, list[tuple[tuple[str | int, ...], str]]]], known: Known) -> list[Problem]:
    """The references of one record (each rule with the ids found at its path, see ``ref_values``)
    that name no record of the rule's kinds; a reference into a file that does not read is
    counted in ``known``, not reported."""
    problems: list[Problem] = []
    for ref, values in found:
        ids = known.of(ref.targets)
        for pointer, target in values:
            if target in ids:
                continue
            into = known.unreadable(ref.targets)
            if into:
                known.unchecked[into] += 1
                continue
            problems.append(
                Problem(
                    rec.at(*pointer),
                    f"{rec.label}: {field_text(pointer)}: unknown {kinds.noun(ref.targets)} {target!r}{did_you_mean(target, ids)}",
                )
            )
    return problems


def relation_pass(a: Annotations, known: Known) -> tuple[list[RelationEdge], list[Problem]]:
    """The relations graph (edges to known records only), and a problem for a record related to itself."""
    problems: list[Problem] = []
    edges: set[RelationEdge] = set()
    targets = known.of(kinds.ENTITY)
    for k in kinds.KINDS:
        for rec in a.of(k.name) if k.relates else ():
            for i, rel in enumerate(rec.value.relations):
                if rel.target == rec.value.id:
                    problems.append(
                        Problem(
                            rec.at("relations", i, "target"), f"{rec.label}: relation {i + 1} target {rel.target!r} is the record itself"
                        )
                    )
                if rel.target in targets:
                    edges.add(RelationEdge(rec.value.id, rel.type, rel.target, rel.note))
    return sorted(edges, key=lambda e: (e.source, e.type, e.target)), problems


def funding_problems(a: Annotations) -> list[Problem]:
    """A funding figure needs an amount or a share."""
    return [
        Problem(rec.at(), f"{rec.label}: give an amount or a share")
        for rec in a.of("funding")
        if rec.value.amount is None and rec.value.share is None
    ]


def anchor_pass(a: Annotations, documents: dict[str, Document]) -> tuple[dict[tuple[str, str], Span], list[Problem]]:
    """Every anchor of every anchored kind resolved to its passage, by (kind, id)."""
    problems: list[Problem] = []
    anchors: dict[tuple[str, str], Span] = {}
    spec_ids = sorted({rec.value.id for rec in a.documents})  # a duplicate id is reported once, elsewhere
    for k in kinds.KINDS:
        for rec in a.of(k.name) if k.anchored else ():
            anchor = rec.value.anchor
            if anchor is None:
                continue
            doc_id = anchor.document or (spec_ids[0] if len(spec_ids) == 1 else None)
            if doc_id not in documents:
                problems += _missing_document(a, rec, doc_id, spec_ids, documents)
                continue
            span, message = resolve_anchor(anchor, documents[doc_id])
            if span is None:
                problems.append(Problem(rec.at("anchor", "quote"), f"{rec.label}: anchor: {message}"))
            else:
                anchors[(k.name, rec.value.id)] = span
    return anchors, problems


def _missing_document(
    a: Annotations, rec: Located[Any], doc_id: str | None, spec_ids: list[str], documents: dict[str, Document]
) -> list[Problem]:
    """The problem of an anchor in no document of the edition (none while that is reported already)."""
    if doc_id in spec_ids or doc_id in a.unvalidated_ids or not documents:
        return []  # its text or its document file is broken, and that is reported already
    if doc_id is None:
        wrong = f"{rec.label}: anchor document: required, since the edition has {len(spec_ids)} documents ({', '.join(spec_ids)})"
    else:
        wrong = f"{rec.label}: anchor document {doc_id!r} is not a document{did_you_mean(doc_id, spec_ids)}"
    return [Problem(rec.at("anchor", "document") if rec.value.anchor.document else rec.at("anchor"), wrong)]


def _named(a: Annotations) -> list[Located[Any]]:
    """The records the texts name (actors and programs), in registry order."""
    return [rec for k in kinds.KINDS if k.named for rec in a.of(k.name)]


def name_pass(a: Annotations) -> tuple[dict[str, str], list[Problem]]:
    """Every name and alias with the id it names; a problem for a name two records use."""
    problems: list[Problem] = []
    names: dict[str, str] = {}
    for rec in _named(a):
        for i, name in enumerate([rec.value.name, *rec.value.aliases]):
            owner = names.get(name)
            if owner is not None and owner != rec.value.id:
                where = ("aliases", i - 1) if i else ("name",)
                problems.append(Problem(rec.at(*where), f"name {name!r} is used by both {owner!r} and {rec.value.id!r}"))
                continue
            names[name] = rec.value.id
    return names, problems


def find_mentions(names: dict[str, str], documents: dict[str, Document]) -> list[Mention]:
    """Every place a text names a record, in document and text order; the first per paragraph is linked."""
    finder = MentionFinder(names)
    mentions: list[Mention] = []
    for doc_id in sorted(documents):
        doc = documents[doc_id]
        for p in doc.paragraphs:
            first: set[str] = set()
            for hit in finder.find(p.text):
                linked = hit.entity not in first
                first.add(hit.entity)
                mentions.append(
                    Mention(hit.entity, _span(doc, p.number, hit.start, hit.end), sentence_around(p.text, hit.start, hit.end), linked)
                )
    return mentions


def completeness_warnings(
    a: Annotations, documents: dict[str, Document], mentions: list[Mention], cited_by: dict[str, list[tuple[str, str]]]
) -> list[Problem]:
    """Records the texts never name, sources nothing cites: only when every input reads, since
    while a text or an annotation file is broken they would be noise."""
    spec_ids = {rec.value.id for rec in a.documents}
    if not (documents and len(documents) == len(spec_ids) and not a.unvalidated_ids and not a.unreadable):
        return []
    problems: list[Problem] = []
    mentioned = {m.entity for m in mentions}
    for rec in _named(a):
        if rec.value.id not in mentioned and not rec.value.implied:
            problems.append(
                Problem(
                    rec.at("id"),
                    f"{rec.value.id!r} is never named in the texts: add the alias the text uses, or set `implied` with a reason",
                    "warning",
                )
            )
    for k in kinds.KINDS:
        for rec in a.of(k.name) if k.must_be_cited else ():
            if rec.value.id not in cited_by:
                problems.append(Problem(rec.at("id"), f"{k.label} {rec.value.id!r} is cited by nothing", "warning"))
    return problems


def assemble(
    a: Annotations,
    documents: dict[str, Document],
    anchors: dict[tuple[str, str], Span],
    mentions: list[Mention],
    relations: list[RelationEdge],
    cited_by: dict[str, list[tuple[str, str]]],
) -> Edition:
    """The Edition from the passes' values: records sorted as their kinds say, documents by id."""
    keys = cite_keys([rec.value for rec in a.documents])
    return Edition(
        documents=tuple(
            EditionDocument(rec.value, documents[rec.value.id], keys[rec.value.id])
            for rec in sorted(a.documents, key=lambda r: r.value.id)
            if rec.value.id in documents
        ),
        records={k.name: sorted_records(k, [r.value for r in a.of(k.name)]) for k in kinds.KINDS},
        anchors=anchors,
        mentions=tuple(mentions),
        relations=tuple(relations),
        cited_by={k: tuple(sorted(v)) for k, v in sorted(cited_by.items())},
        info=a.edition[0].value if a.edition else None,
    )


def _duplicates(ids: dict[str, list[Location]], what: str) -> list[Problem]:
    out = []
    for key, places in ids.items():
        for later in places[1:]:
            out.append(Problem(later, f"duplicate {what} id {key!r} (first defined at {places[0]})"))
    return out


FIXED_TOP_LEVEL_NAMES = frozenset({"index", "relations", "data", "about", "editing", "assets", "search", "404"})
"""Addresses at the top of the site that are no kind's page: the home page, the relations graph,
the hand-written pages, and the folders of assets, data files and the search index."""


def top_level_names() -> frozenset[str]:
    """Addresses at the top of the site that are not documents: the fixed ones and the kinds'
    index pages (``actors``, ``questions``, ``timeline``)."""
    return FIXED_TOP_LEVEL_NAMES | {k.index.top for k in kinds.KINDS if k.index}


PARAGRAPH_FRAGMENT = re.compile(r"^p\d+$")
"""``p3`` is paragraph ¶3's fragment on the print page, beside the section ids."""


def _reserved_id_problems(annotations: Annotations) -> list[Problem]:
    """Ids that would take another page's address or repeat another element's HTML id."""
    problems = _document_id_problems(annotations)
    for k in kinds.KINDS:
        for rec in annotations.of(k.name):
            if k.record_pages and rec.value.id == "index":
                problems.append(Problem(rec.at("id"), f"id 'index' is the address of the {k.record_pages} page itself; pick another id"))
            if rec.value.id in k.heading_ids:
                problems.append(
                    Problem(rec.at("id"), f"{k.name} id {rec.value.id!r} is already the id of a heading on the same page; pick another id")
                )
    return problems


def _document_id_problems(annotations: Annotations) -> list[Problem]:
    """Document ids that take another page's address or repeat, section ids that look like ¶ fragments."""
    problems: list[Problem] = []
    seen_docs: dict[str, Location] = {}
    for rec in annotations.documents:
        ident = rec.value.id
        if ident in top_level_names():
            problems.append(Problem(rec.at("id"), f"document id {ident!r} is the address of another page (/{ident}/); pick another id"))
        if ident in seen_docs:
            problems.append(Problem(rec.at("id"), f"duplicate document id {ident!r} (first defined at {seen_docs[ident]})"))
        seen_docs.setdefault(ident, rec.at("id"))
        pinned = [("introduction", "id"), *(("sections", j, "id") for j in range(len(rec.value.sections)))]
        for where, section_id in zip(pinned, [rec.value.introduction.id, *(s.id for s in rec.value.sections)], strict=True):
            if PARAGRAPH_FRAGMENT.match(section_id):
                problems.append(
                    Problem(rec.at(*where), f"section id {section_id!r} looks like a paragraph's fragment (#{section_id}); pick another id")
                )
    return problems


RESERVED_SECTION_IDS = frozenset({"index", "print"})
"""Ids under ``/<doc>/`` taken by pages other than sections (the overview and the print view)."""


def _redirect_problems(annotations: Annotations, documents: dict[str, Document]) -> list[Problem]:
    """Section addresses: no section or redirect takes another page's address, and a redirect
    leaves a retired id (not a live one) for a section that exists."""
    problems: list[Problem] = []
    for rec in annotations.documents:
        doc = documents.get(rec.value.id)
        if doc is None:
            continue
        live = [s.id for s in doc.sections]
        pinned = [("introduction", "id"), *(("sections", j, "id") for j in range(len(rec.value.sections)))]
        for where, section_id in zip(pinned, [rec.value.introduction.id, *(s.id for s in rec.value.sections)], strict=True):
            if section_id in RESERVED_SECTION_IDS:
                problems.append(Problem(rec.at(*where), f"{section_id!r} is the address of another page of the document; pick another id"))
        seen: dict[str, int] = {}
        for i, r in enumerate(rec.value.redirects):
            if r.old in live:
                problems.append(
                    Problem(
                        rec.at("redirects", i, "old"),
                        f"redirect {i + 1} old {r.old!r} is still the id of a live section; a redirect there would hide the section",
                    )
                )
            elif r.old in RESERVED_SECTION_IDS:
                problems.append(Problem(rec.at("redirects", i, "old"), f"redirect {i + 1} old {r.old!r} is the address of another page"))
            elif r.old in seen:
                problems.append(
                    Problem(
                        rec.at("redirects", i, "old"), f"redirect {i + 1} old {r.old!r} is already redirected by redirect {seen[r.old] + 1}"
                    )
                )
            seen.setdefault(r.old, i)
            if r.new not in live:
                problems.append(
                    Problem(rec.at("redirects", i, "new"), f"redirect {i + 1} new {r.new!r} is not a section id{did_you_mean(r.new, live)}")
                )
    return problems
