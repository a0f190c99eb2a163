"""A seeded synthetic corpus: N documents and their annotations, as a whole project folder.

How: one ``random.Random(seed)`` drives everything, and every collection is iterated in a fixed
order, so the same spec gives the same bytes on every machine. Names are made of syllables, so
they are new words that never collide with English; every generated quote is checked to occur
exactly once in its document before it becomes an anchor. The corpus has what the real edition
has, at any scale: front matter, an untitled introduction and headed sections, footnotes, a
``replace`` and a ``join`` correction per document, actors and programs with aliases and
relations, notes, questions and funding figures anchored in the text (with ``document:``),
events and sources, each cited at least once, and every entity named in some text, so a strict
build has nothing to warn about.

``generate(spec)`` returns ``{relative path: bytes}``; ``write_project(spec, dest)`` writes them
next to a copy of the real project's ``mkdocs.yml``, ``docs/``, ``overrides/`` and ``scripts/``.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edition.text import slugify

ROOT = Path(__file__).resolve().parent.parent
"""The real project: the corpus borrows its site configuration, pages, theme override and generator."""

SYLLABLES = (  # noqa: SIM905 (a list literal is one word a line once formatted)
    "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo "
    "bran dell fen gor hal jun kes lin mor nal pel quin ros sten tal vor wen"
).split()
ADJECTIVES = "bilateral regional federal fragile binational lasting costly uneven formal quiet public local".split()  # noqa: SIM905
NOUNS = "cooperation border strategy budget police reform treaty mission oversight program agenda inquiry".split()  # noqa: SIM905
VERBS = ["supported", "questioned", "funded", "reviewed", "delayed", "expanded", "announced", "opposed", "negotiated", "praised"]
BASE_VERBS = ["support", "question", "fund", "review", "delay", "expand", "announce", "oppose", "negotiate", "renew"]
BYSTANDERS = ["local officials", "the press", "the ministry", "several governors", "the committee", "observers"]
THEMES = ["Institutions", "Money", "Borders", "Courts", "Elections", "Policing", "Trade", "Rights"]
ACTOR_KINDS = ["person", "person", "person", "agency", "party", "legislature", "office", "organisation", "group", "place"]
PROGRAM_KINDS = ["initiative", "agreement", "task-force", "strategy", "law", "system", "operation", "framework"]
RELATIONS = ["leads", "member-of", "part-of", "signed", "funds", "oversees", "allied-with", "implements"]
STATUSES = ["open", "answered", "partly-answered", "moot"]
FUNDING_STATUSES = ["appropriated", "requested", "released", "withheld", "obligated"]
SOURCE_TYPES = ["report", "article-newspaper", "webpage", "press-release", "legislation", "book"]
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@dataclass(frozen=True)
class CorpusSpec:
    """How big a corpus to make."""

    documents: int
    """Number of documents (texts with a document file each)."""
    sections: int = 12
    """Sections per document, the untitled introduction included."""
    paragraphs: int = 8
    """Paragraphs per section."""
    entities_per_document: int = 10
    """Actors and programs per document (one in five is a program); 200 documents give 2,000."""
    anchors_per_document: int = 50
    """Anchored notes, questions and funding figures per document (3:1:1); 200 documents give 10,000."""
    sentences: int = 5
    """Sentences per paragraph, each naming one entity."""
    seed: int = 2009
    """Seed of the one random generator."""

    @property
    def entities(self) -> int:
        """Number of actors and programs."""
        return self.documents * self.entities_per_document

    @property
    def anchors(self) -> int:
        """Number of anchored records."""
        return self.documents * self.anchors_per_document


@dataclass
class _Entity:
    id: str
    name: str
    aliases: list[str]
    kind: str
    program: bool


@dataclass
class _Doc:
    id: str
    given: str
    family: str
    year: int
    month: int
    blocks: list[str]
    paragraphs: list[str]
    """Corrected text of each paragraph, as the splitter will see it (for anchor checks)."""
    sentences: list[list[tuple[str, str]]]
    """Per paragraph: (sentence, role) with role ``plain``, ``question``, ``funding:<program id>``."""
    headings: list[tuple[str, str]]
    corrections: list[dict[str, Any]]


class _Names:
    """Fresh capitalised pseudo-words and slugs, never handed out twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.slugs: set[str] = set()

    def word(self, low: int = 2, high: int = 3) -> str:
        while True:
            w = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high))).capitalize()
            if w not in self.used:
                self.used.add(w)
                return w

    def slug(self, text: str) -> str:
        base = slugify(text)
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def _lower_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _entities(spec: CorpusSpec, rng: random.Random, names: _Names) -> list[_Entity]:
    out: list[_Entity] = []
    for i in range(spec.entities):
        if i % 5 == 4:
            word = names.word()
            kind = PROGRAM_KINDS[i % len(PROGRAM_KINDS)]
            name, aliases = f"{word} {kind.replace('-', ' ').title()}", [f"{word} Plan"]
            out.append(_Entity(names.slug(name), name, aliases, kind, True))
            continue
        kind = ACTOR_KINDS[i % len(ACTOR_KINDS)]
        if kind == "person":
            given, family = names.word(), names.word()
            name, aliases = f"{given} {family}", [family]
        elif kind == "place":
            name, aliases = names.word(2, 4), []
        else:
            word = names.word()
            name = f"National {word} {kind.title()}"
            aliases = [f"{word} {kind.title()}"]
        out.append(_Entity(names.slug(name), name, aliases, kind, False))
    return out


def _sentence(rng: random.Random, subject: str, other: str) -> str:
    pattern = rng.randrange(4)
    adj, noun, verb, word = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS), _lower_word(rng)
    year = rng.randint(1995, 2020)
    if pattern == 0:
        return f"In {year}, {subject} {verb} the {adj} {noun} of {word}, and {other} took note."
    if pattern == 1:
        return f"According to {subject}, the {noun} near {word} was {adj} and {verb} by {other}."
    if pattern == 2:
        return f"The {adj} {noun} around {word} was {verb} by {subject} after talks with {other}."
    return f"{subject} {verb} a {adj} {word} {noun}, which {other} had asked for since {year}."


def _document(spec: CorpusSpec, rng: random.Random, names: _Names, cast: list[_Entity], programs: list[_Entity]) -> _Doc:
    given, family = names.word(), names.word()
    year, month = rng.randint(2000, 2020), rng.randint(1, 12)
    doc_id = names.slug(f"{family} {year}")
    title = f"The {rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} of {names.word()}"
    blocks = [title + ":", f"A {rng.choice(NOUNS)} report", f"{given} {family} Senior Fellow {names.word()} Institute {month:02d}/{year}"]
    total = spec.sections * spec.paragraphs
    if total < 8:
        raise ValueError("a document needs at least 8 paragraphs (footnotes, a join and a correction go in fixed places)")
    # Where the anchored sentences go: questions and funding figures each take distinct paragraphs.
    per_kind = spec.anchors_per_document // 5
    question_at = sorted(rng.sample(range(total), min(per_kind, total)))
    funding_at = sorted(rng.sample(range(total), min(per_kind, total)))
    join_at = total // 2 + 1
    footnote_at = {join_at: 1, 3: 2, total - 2: 3}
    paragraphs: list[str] = []
    sentences: list[list[tuple[str, str]]] = []
    headings: list[tuple[str, str]] = []
    corrections: list[dict[str, Any]] = []
    home = cast[: spec.entities_per_document]
    join_piece = ""
    n = walk = 0
    for s in range(spec.sections):
        if s:
            heading = f"{names.word()} and the {rng.choice(NOUNS).title()}"
            headings.append((heading, slugify(heading)))
            blocks.append(heading)
        for _ in range(spec.paragraphs):
            parts, walk = _plain_sentences(spec, rng, cast, home, walk)
            if n in question_at:
                who = rng.choice(cast)
                q = f"Will {who.name} {rng.choice(BASE_VERBS)} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {_lower_word(rng)}?"
                parts.insert(rng.randrange(len(parts)), (q, "question"))
            if n in funding_at:
                parts = _with_funding(parts, rng, programs)
            if n == 1:
                parts.append(("It was, they said, the first such step of the 21^{st} century.", "fixed"))
            if n in footnote_at:
                marker = SUPERSCRIPTS[footnote_at[n]]
                parts[0] = (parts[0][0] + marker, "marked")
            text = " ".join(p for p, _ in parts)
            corrected = text.replace("21^{st}", "21st")
            if n == join_at:
                # A page break cut this paragraph, with footnote 1 printed between the pieces.
                cut = text.rindex(" ", 0, len(text) // 2)
                first, rest = text[:cut], text[cut + 1 :]
                rest = rest[0].lower() + rest[1:] if rest[0].isupper() else rest
                corrected = first + " " + rest
                parts = [(corrected, "joined")]
                blocks += [first, f"¹ {names.word()} Review, {year}, p. {rng.randint(2, 90)}.", rest]
                join_piece = first
            else:
                blocks.append(text)
                if n in footnote_at and footnote_at[n] != 1:
                    blocks.append(f"{SUPERSCRIPTS[footnote_at[n]]} {names.word()} Gazette, {year}.")
            paragraphs.append(corrected)
            sentences.append(parts)
            n += 1
    # The join names the end of the first piece: as many words as make it unique in the source.
    source, words = "\n\n".join(blocks), join_piece.split()
    original = next(" ".join(words[-k:]) for k in range(5, len(words) + 1) if source.count(" ".join(words[-k:])) == 1)
    corrections.append({"original": original, "kind": "join", "corrected": " ", "reason": "A page break cut the paragraph."})
    corrections.append({"original": "21^{st}", "corrected": "21st", "superscript": "st", "reason": "A TeX superscript left by extraction."})
    return _Doc(doc_id, given, family, year, month, blocks, paragraphs, sentences, headings, corrections)


def _plain_sentences(
    spec: CorpusSpec, rng: random.Random, cast: list[_Entity], home: list[_Entity], walk: int
) -> tuple[list[tuple[str, str]], int]:
    """A paragraph's sentences, each naming an entity; ``walk`` is how far the walk through the home entities has gone."""
    parts: list[tuple[str, str]] = []
    for k in range(spec.sentences):
        # Every home entity is named: half the sentences walk through them in turn.
        if k % 2 == 0:
            subject, walk = home[walk % len(home)], walk + 1
        else:
            subject = rng.choice(cast)
        # About a third of the sentences name a second entity: some six mentions a paragraph, as in the real paper.
        other = rng.choice(cast)
        second = rng.choice([other.name, *other.aliases]) if rng.random() < 0.3 else rng.choice(BYSTANDERS)
        parts.append((_sentence(rng, rng.choice([subject.name, *subject.aliases]), second), "plain"))
    return parts, walk


def _with_funding(parts: list[tuple[str, str]], rng: random.Random, programs: list[_Entity]) -> list[tuple[str, str]]:
    """``parts`` with a sentence giving a program's funding put somewhere among them."""
    program = rng.choice(programs)
    amount = f"{rng.randint(1, 900)}.{rng.randint(0, 9)}"
    f = f"The {program.name} received US${amount} million for the {_lower_word(rng)} {rng.choice(NOUNS)} in fiscal year {rng.randint(2000, 2020)}."
    parts.insert(rng.randrange(len(parts) + 1), (f, f"funding:{program.id}"))
    return parts


def _unique(doc: _Doc, quote: str) -> bool:
    return sum(p.count(quote) for p in doc.paragraphs) == 1


def _anchors(spec: CorpusSpec, doc: _Doc, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    """(kind, quote, program id or ``''``) for every anchored record of ``doc``, in a fixed order."""
    for para in doc.sentences:
        for sentence, role in para:
            if role == "question" and _unique(doc, sentence):
                yield "question", sentence, ""
            elif role.startswith("funding:"):
                at = sentence.index("US$")
                quote = " ".join(sentence[at:].split()[:5])
                if _unique(doc, quote):
                    yield "funding", quote, role.split(":", 1)[1]
    wanted = spec.anchors_per_document - 2 * (spec.anchors_per_document // 5)
    tries, found = 0, 0
    while found < wanted and tries < wanted * 20:
        tries += 1
        p = rng.randrange(len(doc.sentences))
        sentence, role = rng.choice(doc.sentences[p])
        if role != "plain":
            continue
        words = sentence.rstrip(".").split()
        start = rng.randrange(max(1, len(words) - 6))
        quote = " ".join(words[start : start + 6])
        if len(quote) > 8 and _unique(doc, quote):
            found += 1
            yield "note", quote, ""


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _yaml(value: object, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) or (isinstance(item, list) and item and isinstance(item[0], dict)):
                out.append(f"{pad}{key}:")
                _yaml(item, indent + 1, out)
            elif isinstance(item, list):
                out.append(f"{pad}{key}: [{', '.join(_yaml_scalar(x) for x in item)}]")
            else:
                out.append(f"{pad}{key}: {_yaml_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            sub: list[str] = []
            _yaml(item, indent + 1, sub)
            out.append(f"{pad}- {sub[0].lstrip()}")
            out += sub[1:]


def dump_yaml(kind: str, data: dict[str, Any], depth: int = 1) -> bytes:
    """An annotation file as an editor would write it (with the schema line), deterministic.
    ``depth`` is how many folders below the project it sits (2 for ``annotations/notes/<doc>.yml``)."""
    lines = [f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"]
    _yaml(data, 0, lines)
    return ("\n".join(lines) + "\n").encode()


def generate(spec: CorpusSpec) -> dict[str, bytes]:
    """Every text and annotation file of the corpus, by path relative to the project."""
    rng = random.Random(spec.seed)
    names = _Names(rng)
    entities = _entities(spec, rng, names)
    programs = [e for e in entities if e.program] or entities[:1]
    sources = [f"src-{i + 1:05d}" for i in range(max(3, spec.entities // 5))]
    shared = entities[:5]  # named in every document: their pages collect backlinks from all
    files: dict[str, bytes] = {}
    # Each document's records go to its own file of each kind (annotations/<kind>/<doc>.yml), as
    # editors would keep them, so that no file outgrows the size cap however many documents.
    doc_ids: list[str] = []
    by_kind: dict[str, dict[str, list[dict[str, Any]]]] = {k: {} for k in ("actors", "programs", "notes", "questions", "funding", "events")}
    citations = iter(range(10**9))

    def cite() -> list[str]:
        return [sources[next(citations) % len(sources)]]

    for d in range(spec.documents):
        home = [e for i, e in enumerate(entities) if i % spec.documents == d]
        cast = home + [e for e in shared if e not in home] + rng.sample(entities, min(5, len(entities)))
        doc = _document(spec, rng, names, cast, [e for e in cast if e.program] or programs)
        files[f"texts/{doc.id}.txt"] = ("\n\n".join(doc.blocks) + "\n").encode()
        doc_ids.append(doc.id)
        files[f"annotations/{doc.id}.yml"] = dump_yaml("document", {"document": _document_record(spec, doc, len(home), cite())})
        counts = {"note": 0, "question": 0, "funding": 0}
        for kind, quote, program in _anchors(spec, doc, rng):
            counts[kind] += 1
            anchor = {"quote": quote, "document": doc.id}
            related = [rng.choice(cast).id]
            record = _anchored(kind, counts[kind], doc, quote, program, anchor, related, rng, cite)
            by_kind[{"note": "notes", "question": "questions", "funding": "funding"}[kind]].setdefault(doc.id, []).append(record)
        for k in range(5):
            by_kind["events"].setdefault(doc.id, []).append(
                {
                    "id": f"{doc.id}-e{k + 1}",
                    "date": f"{rng.randint(1990, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "title": f"The {rng.choice(NOUNS)} of {_lower_word(rng)} is {rng.choice(VERBS)}",
                    "related": [rng.choice(home).id],
                    "sources": cite(),
                }
            )
    # An entity belongs to the document it was made for (``home`` above): its file is that one's.
    for i, e in enumerate(entities):
        by_kind["programs" if e.program else "actors"].setdefault(doc_ids[i % spec.documents], []).append(
            _entity_record(e, i, entities, sources, rng)
        )
    bibliography = [_source_record(s, i, rng, names) for i, s in enumerate(sources)]
    for kind, by_doc in by_kind.items():
        for doc_id, records in by_doc.items():
            files[f"annotations/{kind}/{doc_id}.yml"] = dump_yaml(kind, {kind: records}, depth=2)
    files["annotations/sources.yml"] = dump_yaml("sources", {"sources": bibliography})
    edition = {
        "title": "Synthetic Papers: A Benchmark Edition",
        "editors": [{"literal": "Benchmark Editors"}],
        "licence": {"name": "CC BY 4.0"},
        "releases": [{"version": "1.0", "date": "2026-01-01", "changes": ["Generated for benchmarks."]}],
    }
    files["annotations/edition.yml"] = dump_yaml("edition", {"edition": edition})
    return dict(sorted(files.items()))


def _document_record(spec: CorpusSpec, doc: _Doc, own_entities: int, sources: list[str]) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.blocks[0].rstrip(":"),
        "subtitle": doc.blocks[1],
        "authors": [{"given": doc.given, "family": doc.family, "affiliation": "Senior Fellow"}],
        "publisher": doc.blocks[2].split(" Senior Fellow ")[1].rsplit(" ", 1)[0],
        "publisher_place": "Washington, DC",
        "date": f"{doc.year}-{doc.month:02d}",
        "summary": f"A synthetic paper of {spec.sections} sections for benchmarks; it names {own_entities} entities of its own.",
        "introduction": {"heading": "Introduction", "id": "introduction"},
        "sections": [{"heading": h, "id": i} for h, i in doc.headings],
        "corrections": doc.corrections,
        "sources": sources,
    }


def _anchored(
    kind: str, n: int, doc: _Doc, quote: str, program: str, anchor: dict[str, str], related: list[str], rng: random.Random, cite: Any
) -> dict[str, Any]:
    """The ``n``-th note, question or funding figure of ``doc``, anchored at ``quote``."""
    if kind == "note":
        return {
            "id": f"{doc.id}-n{n}",
            "anchor": anchor,
            "title": f"On the {rng.choice(NOUNS)} of {_lower_word(rng)}",
            "body": [
                {
                    "text": f"The passage is *{rng.choice(ADJECTIVES)}*: see the record of {rng.randint(1990, 2020)}.",
                    "sources": cite(),
                    "confidence": "high",
                }
            ],
            "related": related,
            "sources": cite(),
        }
    if kind == "question":
        return {
            "id": f"{doc.id}-q{n}",
            "anchor": anchor,
            "theme": rng.choice(THEMES),
            "status": STATUSES[n % len(STATUSES)],
            "hindsight": [
                {"text": f"By {doc.year + 5} the answer was *{rng.choice(ADJECTIVES)}*.", "sources": cite(), "confidence": "high"}
            ],
            "hindsight_date": str(doc.year + 5),
            "related": related,
            "sources": cite(),
        }
    year = rng.randint(2000, 2020)
    return {
        "id": f"{doc.id}-f{n}",
        "program": program,
        "label": f"Funds for the {rng.choice(NOUNS)} ({doc.id})",
        "amount": int(float(quote.split()[0].removeprefix("US$")) * 1_000_000),
        "fiscal_year": year,
        "status": FUNDING_STATUSES[n % len(FUNDING_STATUSES)],
        "as_of": f"{year}-10",
        "anchor": anchor,
        "in_totals": n % 2 == 0,
        "sources": cite(),
    }


def _entity_record(e: _Entity, i: int, entities: list[_Entity], sources: list[str], rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {"id": e.id, "name": e.name, "kind": e.kind}
    if e.aliases:
        out["aliases"] = e.aliases
    out["description"] = f"A synthetic {e.kind.replace('-', ' ')} named in the benchmark corpus ({i + 1})."
    out["summary"] = [
        {
            "text": f"{e.name} is a *made-up* {e.kind.replace('-', ' ')}: it exists to give the generator work at scale.",
            "sources": [sources[i % len(sources)]],
            "confidence": "high",
        }
    ]
    if i and rng.random() < 0.5:
        target = entities[rng.randrange(i)]
        out["relations"] = [{"type": rng.choice(RELATIONS), "target": target.id}]
    if e.program:
        out["actors"] = [rng.choice([x for x in entities[: max(i, 1)] if not x.program] or entities[:1]).id]
        out["start"] = str(rng.randint(1990, 2015))
    out["sources"] = [sources[i % len(sources)]]
    return out


def _source_record(s: str, i: int, rng: random.Random, names: _Names) -> dict[str, Any]:
    return {
        "id": s,
        "type": SOURCE_TYPES[i % len(SOURCE_TYPES)],
        "title": f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {_lower_word(rng)}",
        "author": f"{names.word()}, {names.word()}",
        "publisher": f"{names.word()} Press",
        "date": str(rng.randint(1990, 2020)),
        "url": f"https://example.org/sources/{s}",
    }


def copy_site(dest: Path, source: Path = ROOT) -> None:
    """The real project's site configuration, hand-written pages, theme override and generator."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(source / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "overrides", "scripts"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder, ignore=ignore, dirs_exist_ok=True)


def write_project(spec: CorpusSpec, dest: Path) -> dict[str, int]:
    """Write a whole project for ``spec`` into ``dest`` (created); returns counts for the report."""
    dest.mkdir(parents=True, exist_ok=True)
    copy_site(dest)
    files = generate(spec)
    for rel, data in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {
        "documents": spec.documents,
        "files": len(files),
        "bytes_texts": sum(len(v) for k, v in files.items() if k.startswith("texts/")),
        "bytes_annotations": sum(len(v) for k, v in files.items() if k.startswith("annotations/")),
        "largest_annotation_file": max(len(v) for k, v in files.items() if k.startswith("annotations/")),
    }
