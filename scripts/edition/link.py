"""Link stage: resolve anchors, mentions and references into one immutable ``Edition``.

Anchors are found like W3C TextQuoteSelectors (quote plus optional prefix/suffix, exactly one
match in the corrected text). Mentions are found in one pass per paragraph with a compiled trie
of every name and alias. Every id reference is checked, with a did-you-mean on near misses.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, get_args

from .annotations import Annotations, Located, field_text
from .citations import cite_keys
from .document import Document
from .edition import Edition, EditionDocument, Mention, RelationEdge, Span
from .mentions import MentionFinder
from .problems import Location, Problem, did_you_mean
from .schema import CLAIM_FIELDS, Anchor, SourceType, cited_ids, claims_of
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
    """Resolve everything; the edition is returned even with problems (for reporting)."""
    problems: list[Problem] = []
    a = annotations
    entities: list[Located[Any]] = [*a.actors, *a.programs]
    ids: dict[str, list[Location]] = defaultdict(list)
    for rec in entities:
        ids[rec.value.id].append(rec.at("id"))
    problems += _duplicates(ids, "actor/program")
    keyed: list[tuple[str, tuple[Located[Any], ...]]] = [
        ("funding", a.funding),
        ("question", a.questions),
        ("note", a.notes),
        ("source", a.sources),
        ("event", a.events),
    ]
    for kind, records in keyed:
        seen: dict[str, list[Location]] = defaultdict(list)
        for rec in records:
            seen[rec.value.id].append(rec.at("id"))
        problems += _duplicates(seen, kind)
    # Ids of records that failed validation count as known, so one bad record is one error.
    entity_ids = set(ids) | a.unvalidated_ids
    source_ids = {s.value.id for s in a.sources} | a.unvalidated_ids
    # A file that does not parse has no records: references into it would all look unknown.
    # They are counted instead, and the count is reported in one line.
    broken = {Path(path).stem: path for path in a.unreadable}
    entity_file, source_file = broken.get("actors") or broken.get("programs"), broken.get("sources")
    unchecked: Counter[str] = Counter()

    def unknown(target: str, known: set[str], what: str) -> bool:
        """Whether ``target`` is an unknown reference to report (false while its file is unreadable)."""
        if target in known:
            return False
        into = source_file if what == "source" else entity_file
        if into:
            unchecked[into] += 1
            return False
        return True

    doc_ids = sorted(documents)

    def check_refs(rec: Located, field: str, targets: Iterable[str], known: set[str], what: str) -> None:
        for i, target in enumerate(targets):
            if unknown(target, known, what):
                problems.append(
                    Problem(
                        rec.at(field, i) if field else rec.at(),
                        f"{rec.label}: {field_text((field, i))}: unknown {what} {target!r}{did_you_mean(target, known)}",
                    )
                )

    cited_by: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, records in (
        ("actor", a.actors),
        ("program", a.programs),
        ("funding", a.funding),
        ("question", a.questions),
        ("note", a.notes),
        ("event", a.events),
        ("document", a.documents),
    ):
        for rec in records:
            check_refs(rec, "sources", rec.value.sources, source_ids, "source")
            claim_field = CLAIM_FIELDS.get(type(rec.value), "")
            for i, claim in enumerate(claims_of(rec.value)):
                for j, sid in enumerate(claim.source_ids()):
                    if sid not in source_ids:
                        problems.append(
                            Problem(
                                rec.at(claim_field, i, "sources", j),
                                f"{rec.label}: {field_text((claim_field, i, 'sources', j))}: unknown source {sid!r}{did_you_mean(sid, source_ids)}",
                            )
                        )
            for s in cited_ids(rec.value):
                if s in source_ids:
                    cited_by[s].append((kind, rec.value.id))
    for rec in entities:
        for i, rel in enumerate(rec.value.relations):
            if rel.target not in entity_ids:
                if not unknown(rel.target, entity_ids, "actor or program"):
                    continue
                problems.append(
                    Problem(
                        rec.at("relations", i, "target"),
                        f"{rec.label}: relation {i + 1} target: unknown actor or program {rel.target!r}{did_you_mean(rel.target, entity_ids)}",
                    )
                )
            elif rel.target == rec.value.id:
                problems.append(
                    Problem(
                        rec.at("relations", i, "target"),
                        f"{rec.label}: relation {i + 1} target {rel.target!r} is the record itself",
                    )
                )
    for rec in a.programs:
        check_refs(rec, "actors", rec.value.actors, entity_ids, "actor")
    related: list[Located[Any]] = [*a.questions, *a.notes, *a.events]
    for rec in related:
        check_refs(rec, "related", rec.value.related, entity_ids, "actor or program")
    for rec in a.funding:
        if unknown(rec.value.program, entity_ids, "program"):
            problems.append(
                Problem(
                    rec.at("program"),
                    f"{rec.label}: program: unknown program {rec.value.program!r}{did_you_mean(rec.value.program, entity_ids)}",
                )
            )
        if rec.value.amount is None and rec.value.share is None:
            problems.append(Problem(rec.at(), f"{rec.label}: give an amount or a share"))
    for rec in a.documents:
        for i, author in enumerate(rec.value.authors):
            if author.actor and unknown(author.actor, entity_ids, "actor"):
                problems.append(
                    Problem(
                        rec.at("authors", i, "actor"),
                        f"{rec.label}: author {i + 1} actor: unknown actor {author.actor!r}{did_you_mean(author.actor, entity_ids)}",
                    )
                )

    problems += _redirect_problems(a, documents)
    for path, count in sorted(unchecked.items()):
        refs = "1 reference" if count == 1 else f"{count} references"
        problems.append(Problem(Location(path), f"{refs} from other files into this one were not checked, since it does not read", "note"))
    problems += _reserved_id_problems(a)

    anchors: dict[tuple[str, str], Span] = {}
    spec_ids = sorted({rec.value.id for rec in a.documents})  # a duplicate id is reported once, above
    # While a text or an annotation file is broken, "never named"/"cited by nothing" would be noise.
    complete = bool(documents) and len(documents) == len(spec_ids) and not a.unvalidated_ids and not a.unreadable
    anchored: list[tuple[str, tuple[Located[Any], ...]]] = [("question", a.questions), ("note", a.notes), ("funding", a.funding)]
    for kind, records in anchored:
        for rec in records:
            anchor = rec.value.anchor
            if anchor is None:
                continue
            doc_id = anchor.document or (spec_ids[0] if len(spec_ids) == 1 else None)
            if doc_id not in documents:
                if doc_id in spec_ids or doc_id in a.unvalidated_ids or not documents:
                    continue  # its text or its document file is broken, and that is reported already
                if doc_id is None:
                    wrong = (
                        f"{rec.label}: anchor document: required, since the edition has {len(spec_ids)} documents ({', '.join(spec_ids)})"
                    )
                else:
                    wrong = f"{rec.label}: anchor document {doc_id!r} is not a document{did_you_mean(doc_id, spec_ids)}"
                problems.append(Problem(rec.at("anchor", "document") if anchor.document else rec.at("anchor"), wrong))
                continue
            span, message = resolve_anchor(anchor, documents[doc_id])
            if span is None:
                problems.append(Problem(rec.at("anchor", "quote"), f"{rec.label}: anchor: {message}"))
            else:
                anchors[(kind, rec.value.id)] = span

    names: dict[str, str] = {}
    for rec in entities:
        for i, name in enumerate([rec.value.name, *rec.value.aliases]):
            owner = names.get(name)
            if owner is not None and owner != rec.value.id:
                field = ("aliases", i - 1) if i else ("name",)
                problems.append(Problem(rec.at(*field), f"name {name!r} is used by both {owner!r} and {rec.value.id!r}"))
                continue
            names[name] = rec.value.id
    finder = MentionFinder(names)
    mentions: list[Mention] = []
    for doc_id in doc_ids:
        doc = documents[doc_id]
        for p in doc.paragraphs:
            first: set[str] = set()
            for hit in finder.find(p.text):
                linked = hit.entity not in first
                first.add(hit.entity)
                mentions.append(
                    Mention(hit.entity, _span(doc, p.number, hit.start, hit.end), sentence_around(p.text, hit.start, hit.end), linked)
                )

    mentioned = {m.entity for m in mentions}
    for rec in entities if complete else ():
        if rec.value.id not in mentioned and not rec.value.implied:
            problems.append(
                Problem(
                    rec.at("id"),
                    f"{rec.value.id!r} is never named in the texts: add the alias the text uses, or set `implied` with a reason",
                    "warning",
                )
            )
    for rec in a.sources if complete else ():
        if rec.value.id not in cited_by:
            problems.append(Problem(rec.at("id"), f"source {rec.value.id!r} is cited by nothing", "warning"))

    relations = sorted(
        {RelationEdge(rec.value.id, r.type, r.target, r.note) for rec in entities for r in rec.value.relations if r.target in entity_ids},
        key=lambda e: (e.source, e.type, e.target),
    )
    keys = cite_keys([rec.value for rec in a.documents])
    edition = Edition(
        documents=tuple(
            EditionDocument(rec.value, documents[rec.value.id], keys[rec.value.id])
            for rec in sorted(a.documents, key=lambda r: r.value.id)
            if rec.value.id in documents
        ),
        actors=tuple(sorted((r.value for r in a.actors), key=lambda x: x.id)),
        programs=tuple(sorted((r.value for r in a.programs), key=lambda x: x.id)),
        funding=tuple(r.value for r in a.funding),
        questions=tuple(r.value for r in a.questions),
        notes=tuple(r.value for r in a.notes),
        sources=tuple(sorted((r.value for r in a.sources), key=lambda x: x.id)),
        events=tuple(sorted((r.value for r in a.events), key=lambda x: (x.date, x.id))),
        anchors=anchors,
        mentions=tuple(mentions),
        relations=tuple(relations),
        cited_by={k: tuple(sorted(v)) for k, v in sorted(cited_by.items())},
        info=a.edition[0].value if a.edition else None,
    )
    return edition, problems


def _duplicates(ids: dict[str, list[Location]], what: str) -> list[Problem]:
    out = []
    for key, places in ids.items():
        for later in places[1:]:
            out.append(Problem(later, f"duplicate {what} id {key!r} (first defined at {places[0]})"))
    return out


TOP_LEVEL_NAMES = frozenset(
    {
        "index",
        "actors",
        "programs",
        "funding",
        "questions",
        "timeline",
        "sources",
        "relations",
        "data",
        "about",
        "editing",
        "assets",
        "search",
        "404",
    }
)
"""Addresses at the top of the site that are not documents: the generated pages, the hand-written
ones, and the folders of assets, data files and the search index."""

PAGE_IDS: dict[str, frozenset[str]] = {
    "funding": frozenset({"funding", "totals-by-program-and-fiscal-year", "chart", "all-figures", "notes-on-the-figures"}),
    "question": frozenset({"questions-the-paper-asks", "answered", "partly-answered", "still-open", "moot"}),
    "source": frozenset({"sources", *(f"kind-{kind}" for kind in get_args(SourceType))}),
    "event": frozenset({"timeline"}),
}
"""HTML ids the funding, questions, sources and timeline pages give their own headings; a record
id that is one of them would be a duplicate id on the page (and its link would land on the heading)."""

PARAGRAPH_FRAGMENT = re.compile(r"^p\d+$")
"""``p3`` is paragraph ¶3's fragment on the print page, beside the section ids."""


def _reserved_id_problems(annotations: Annotations) -> list[Problem]:
    """Ids that would take another page's address or repeat another element's HTML id."""
    problems: list[Problem] = []
    seen_docs: dict[str, Location] = {}
    for rec in annotations.documents:
        ident = rec.value.id
        if ident in TOP_LEVEL_NAMES:
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
    entity_files: list[tuple[str, tuple[Located[Any], ...]]] = [("actors", annotations.actors), ("programs", annotations.programs)]
    for kind, entities in entity_files:
        for entity in entities:
            if entity.value.id == "index":
                problems.append(Problem(entity.at("id"), f"id 'index' is the address of the {kind} page itself; pick another id"))
    keyed: list[tuple[str, tuple[Located[Any], ...]]] = [
        ("funding", annotations.funding),
        ("question", annotations.questions),
        ("source", annotations.sources),
        ("event", annotations.events),
    ]
    for kind, records in keyed:
        for rec in records:
            if rec.value.id in PAGE_IDS[kind]:
                problems.append(
                    Problem(rec.at("id"), f"{kind} id {rec.value.id!r} is already the id of a heading on the same page; pick another id")
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
