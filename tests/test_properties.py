"""Property tests (hypothesis): the stages hold their promises for any input, not just the paper.

- text: ``split`` + ``Document.rebuild()`` gives back the source exactly, with or without declared
  corrections, and no correction is dropped without a problem saying so;
- mentions: hits never overlap and never fall inside URLs, inline code or Markdown links;
- render: a paragraph never becomes a link inside a link, and hostile text stays text;
- annotations: any YAML, any bytes, give a model or located problems, never an exception; whatever
  validates also renders and exports.
The ``test_fuzz_*`` tests are a bounded fuzz run of the loader and the splitter (about 500 inputs).
Every test is bounded (``max_examples``) and untimed (``deadline=None``); set ``PROPERTY_SCALE=10``
for a longer local run.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import typing
import warnings
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import markdown
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from edition import link, pipeline, render, schema, text
from edition.annotations import Annotations, Located, validate_file
from edition.mentions import MentionFinder
from edition.problems import Location, Problem
from edition.render import charts
from edition.render.paragraphs import render_paragraph
from edition.schema import Actor, Anchor, Claim, Correction, DocumentSpec, FrontMatterSpec, FundingFigure, HeadingRule, Note, Question
from edition.text import SUPERSCRIPT_DIGITS
from edition.yaml_loader import LocatedData

ROOT = Path(__file__).resolve().parent.parent
MINI_EDITION = ROOT / "tests" / "fixtures" / "mini" / "annotations" / "edition.yml"
SCALE = int(os.environ.get("PROPERTY_SCALE", "1"))


def bounded(examples: int) -> settings:
    """A fixed number of examples, no deadline: these tests must never fail for being slow."""
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


LOCATED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): .", re.S)


def assert_located(problems: list[Problem], path: str) -> None:
    """Every problem names the file, a line and a column (``path:line:col: message``)."""
    for p in problems:
        m = LOCATED.match(str(p))
        assert m, f"not located: {p}"
        assert m["path"] == path and int(m["line"]) >= 1 and int(m["col"]) >= 1, str(p)


# ── Text: split and rebuild ────────────────────────────────────────────────────────────────────

LETTERS = "abcdefghijklmnopqrstuvwxyzáéíñóúüABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÑ"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=8)
SUPER = st.text(alphabet=SUPERSCRIPT_DIGITS, min_size=1, max_size=2)
ODD = st.sampled_from(["U.S.", "US\\$", "21^{st}", "—", "“quoted”", "<b>", "[x](y)", "`c`", "{#id}", "e.g.", "#", "*", "¿Qué?"])
TOKEN = st.one_of(WORD, WORD.map(lambda w: w + "."), st.tuples(WORD, SUPER).map("".join), ODD)
UNICODE = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=30)


@st.composite
def body_block(draw: st.DrawFn) -> str:
    words = draw(st.lists(TOKEN, min_size=1, max_size=25))
    gaps = draw(st.lists(st.sampled_from([" ", " ", " ", "\n", "  "]), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True)).rstrip() + draw(st.sampled_from([".", "?", "!", "", ":", "”"]))


HEADING = st.lists(WORD.map(str.capitalize), min_size=1, max_size=6).map(" ".join)
FOOTNOTE = st.tuples(SUPER, st.sampled_from([" ", "  ", "\t"]), body_block()).map("".join)
BLOCK = st.one_of(body_block(), body_block(), HEADING, FOOTNOTE, UNICODE)
SEPARATOR = st.one_of(
    st.tuples(st.text(" \t", max_size=2), st.text(" \t\n\r\x0b\x0c\u2028\xa0\u3000", max_size=4)).map(lambda t: "\n" + t[0] + "\n" + t[1]),
    st.just("\n\n"),
)
EDGE = st.text(" \t\n\r\u3000\ufeff", max_size=4)


@st.composite
def source_text(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(BLOCK, min_size=0, max_size=12))
    out = draw(EDGE)
    for block in blocks:
        out += block + draw(SEPARATOR)
    return out + draw(EDGE)


@st.composite
def spec_for(draw: st.DrawFn, source: str, *, joins: bool = False) -> DocumentSpec:
    """A document spec with random front-matter roles, heading rule and corrections of ``source``."""
    corrections = []
    for _ in range(draw(st.integers(0, 4)) if source else 0):
        start = draw(st.integers(0, len(source) - 1))
        length = draw(st.integers(1, 12))
        original = source[start : start + length]
        if source.find(original) != source.rfind(original):
            continue  # the splitter asks for a prefix then; here only unique originals are declared
        kind = draw(st.sampled_from(["replace", "replace", "join"] if joins else ["replace"]))
        corrected = draw(st.text(alphabet=LETTERS + " -$^{}" + SUPERSCRIPT_DIGITS, max_size=8))
        corrections.append(Correction(original=original, corrected=corrected, kind=kind, reason="fuzz"))
    roles = draw(st.lists(st.sampled_from(["title", "subtitle", "byline"]), max_size=3))
    return DocumentSpec(
        id="doc",
        title="T",
        authors=[],
        publisher="P",
        date="2009",
        corrections=corrections,
        front_matter=FrontMatterSpec(roles=roles),
        heading_rule=HeadingRule(max_words=draw(st.integers(1, 12))),
    )


def check_split(source: str, spec: DocumentSpec) -> None:
    where = Location("annotations/doc.yml", 3, 5)
    doc, problems = text.split("doc", source, spec, where)
    if "\x00" in source:
        assert doc is None and problems
        return
    assert doc is not None
    assert doc.rebuild() == source
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert sorted(n for s in doc.sections for n in s.paragraphs) == [p.number for p in doc.paragraphs]
    # A declared replacement is either on the page (as a mark) or named in a problem: never lost.
    marks = [m for p in doc.paragraphs for m in p.marks if m.kind == "replace"] + [m for h in doc.headings for m in h.marks]
    reported = {i for i in range(len(spec.corrections)) if any(p.message.startswith(f"correction {i + 1} ") for p in problems)}
    replaces = [i for i, c in enumerate(spec.corrections) if c.kind == "replace"]
    assert len(marks) + len(reported & set(replaces)) == len(replaces), (marks, problems)


@bounded(150)
@given(source_text())
def test_split_rebuilds_the_source(source: str) -> None:
    check_split(source, DocumentSpec(id="doc", title="T", authors=[], publisher="P", date="2009"))


@bounded(150)
@given(st.data())
def test_split_rebuilds_the_source_with_corrections(data: st.DataObject) -> None:
    source = data.draw(source_text())
    check_split(source, data.draw(spec_for(source)))


def test_split_rebuilds_the_real_paper(root: Path) -> None:
    # The property on the one text that matters, with its real corrections (joins included).
    edition, _ = pipeline.resolve(root)
    for d in edition.documents:
        assert d.text.rebuild() == (root / "texts" / f"{d.spec.id}.txt").read_text(encoding="utf-8")


# ── Mentions ───────────────────────────────────────────────────────────────────────────────────

NAME = st.lists(st.text(alphabet="abcéñABCÉ", min_size=1, max_size=4), min_size=1, max_size=3).map(" ".join)


@st.composite
def mention_case(draw: st.DrawFn) -> tuple[dict[str, str], str, list[tuple[int, int]]]:
    """Names, a text made of plain words, names, URLs, inline code and links, and the protected spans."""
    names = draw(st.lists(NAME, min_size=1, max_size=6, unique=True))
    table = {n: f"e{i % 3}" for i, n in enumerate(names)}
    name = st.sampled_from(names)
    plain = st.one_of(name, WORD, name.map(lambda n: n + "’s"), name.map(lambda n: f"({n})"), st.tuples(name, SUPER).map("".join))
    protected = st.one_of(
        name.map(lambda n: "https://example.org/" + n.replace(" ", "/")),
        name.map(lambda n: "http://" + n.replace(" ", "-") + ".mx"),
        name.map(lambda n: f"`{n}`"),
        st.tuples(name, name).map(lambda t: f"[{t[0]}](https://x.org/{t[1].replace(' ', '_')})"),
        name.map(lambda n: f"[a {n} b](#{n.replace(' ', '')})"),
    )
    pieces = draw(st.lists(st.tuples(st.booleans(), st.one_of(plain, plain, protected)), min_size=1, max_size=20))
    out, spans = "", []
    for _, piece in pieces:
        if out:
            out += " "
        if piece.startswith(("http", "`", "[")):
            spans.append((len(out), len(out) + len(piece)))
        out += piece
    return table, out, spans


@bounded(200)
@given(mention_case())
def test_mentions_never_overlap_nor_enter_urls_code_or_links(case: tuple[dict[str, str], str, list[tuple[int, int]]]) -> None:
    names, source, protected = case
    hits = list(MentionFinder(names).find(source))
    for a, b in itertools.pairwise(hits):
        assert a.end <= b.start, f"overlap: {a} {b}"
    for h in hits:
        assert source[h.start : h.end] in names and names[source[h.start : h.end]] == h.entity
        assert not any(s < h.end and h.start < e for s, e in protected), f"{source[h.start : h.end]!r} inside {source!r}"
        assert h.start == 0 or not source[h.start - 1].isalnum()
        assert h.end == len(source) or not source[h.end].isalnum() or source[h.end] in SUPERSCRIPT_DIGITS


def test_mentions_prefer_the_longest_name() -> None:
    finder = MentionFinder({"Mérida": "m", "Mérida Initiative": "mi", "Initiative": "i"})
    assert [(h.entity, h.start) for h in finder.find("The Mérida Initiative and Mérida.")] == [("mi", 4), ("m", 26)]


def test_mentions_end_before_a_footnote_marker_but_not_inside_a_word() -> None:
    finder = MentionFinder({"Calderón": "c"})
    assert [h.start for h in finder.find("Calderón¹ met Calderóns, xCalderón and Calderón_ and Calderón.")] == [0, 53]


# ── Rendering one paragraph ────────────────────────────────────────────────────────────────────


class _Links(HTMLParser):
    """Finds ``<a>`` inside ``<a>``, tags closed out of order, scripts, and the visible text."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.nested: list[str] = []
        self.misnested: list[str] = []
        self.hrefs: list[str] = []
        self.scripts = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            if "a" in self.stack:
                self.nested.append(self.get_starttag_text() or "")
            self.hrefs += [v or "" for k, v in attrs if k == "href"]
        if tag in ("script", "iframe", "object", "embed"):
            self.scripts += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.misnested.append(f"</{tag}> closes {self.stack[-1:]}")
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data


HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "{: onclick=x }",
        "<https://evil.example>",
        "](",
        "\\",
        "&amp;",
        '"',
        "*a*",
        "[^1]",
    ]
)
PARA_TOKEN = st.one_of(TOKEN, TOKEN, HOSTILE, st.sampled_from(["https://a.org/x", "`code`", "[l](https://b.org)"]))


@st.composite
def render_case(draw: st.DrawFn) -> tuple[Annotations, dict[str, object]]:
    names = draw(
        st.lists(
            st.sampled_from(["Calderón", "Mérida", "Mérida Initiative", "PRI", "Border Czar", "Alan Bersin", "U.S."]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    token = st.one_of(PARA_TOKEN, st.sampled_from(names), st.tuples(st.sampled_from(names), SUPER).map("".join))
    paragraphs = [" ".join(draw(st.lists(token, min_size=1, max_size=14))) + "." for _ in range(draw(st.integers(1, 4)))]
    numbers = sorted({n for p in paragraphs for m in re.finditer(f"[{SUPERSCRIPT_DIGITS}]+", p) for n in [m.group()]})
    source = "Title\n\nSub\n\nBy\n\n" + "\n\n".join(paragraphs) + "\n\n" + "".join(f"{n} Note {n}.\n\n" for n in numbers)
    corrections = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(source) - 1))
        original = source[start : start + draw(st.integers(1, 6))]
        if source.find(original) == source.rfind(original) and original.strip():
            corrected = draw(st.sampled_from(["", "x", "21st", "US$", "-"]))
            superscript = "st" if corrected == "21st" else None
            corrections.append(Correction(original=original, corrected=corrected, superscript=superscript, reason="r"))
    spec = DocumentSpec(id="doc", title="T", authors=[], publisher="P", date="2009", corrections=corrections)
    doc, _ = text.split("doc", source, spec, Location("doc.yml"))
    assert doc is not None
    all_text = "\n".join(p.text for p in doc.paragraphs)

    def quote() -> Anchor:
        p = draw(st.sampled_from(doc.paragraphs))
        start = draw(st.integers(0, max(0, len(p.text) - 2)))
        end = draw(st.integers(start + 2, max(start + 2, min(len(p.text), start + 40))))
        q = p.text[start:end]
        assume(len(q) >= 2 and all_text.count(q) == 1)
        return Anchor(quote=q)

    # Any text a description may hold (the schema refuses control, format and line-break characters).
    description = st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=40)
    actors = [
        Actor(
            id=f"a{i}",
            name=n,
            kind="person",
            summary=[Claim(text="s", sources=["s"], confidence="high")],
            description=draw(description),
            aliases=draw(st.lists(st.sampled_from(names), max_size=1)),
        )
        for i, n in enumerate(names)
    ]
    data = LocatedData(data={}, path="x.yml")
    questions = [
        Question(id=f"q{i}", anchor=quote(), theme="t", status=draw(st.sampled_from(["open", "answered"])))
        for i in range(draw(st.integers(0, 2)))
    ]
    funding = [
        FundingFigure(id=f"f{i}", program="a0", label=draw(description), status="appropriated", as_of="2009", anchor=quote())
        for i in range(draw(st.integers(0, 2)))
    ]
    notes = [
        Note(id=f"n{i}", anchor=quote(), title=draw(description), body=[Claim(text=draw(description), sources=["s"], confidence="high")])
        for i in range(draw(st.integers(0, 2)))
    ]

    def located(records: list[typing.Any], kind: str) -> tuple[Located[typing.Any], ...]:
        return tuple(Located(r, (kind, i), data) for i, r in enumerate(records))

    annotations = Annotations(
        documents=(Located(spec, ("document",), data),),
        records={
            "actor": located(actors, "actors"),
            "question": located(questions, "questions"),
            "funding": located(funding, "funding"),
            "note": located(notes, "notes"),
        },
    )
    return annotations, {"doc": doc}


MD_EXTENSIONS = ["attr_list", "md_in_html", "footnotes"]


@bounded(200)
@given(render_case())
def test_rendered_paragraphs_never_nest_links(case: tuple[Annotations, dict[str, typing.Any]]) -> None:
    annotations, documents = case
    edition, _ = link.link(annotations, documents)
    doc = edition.documents[0].text
    md = "\n\n".join(render_paragraph(edition, "doc", p, "doc/introduction.md") for p in doc.paragraphs)
    md += "\n\n" + "\n\n".join(f"[^{f.number}]: {f.text}" for f in doc.footnotes)
    parser = _Links()
    parser.feed(markdown.markdown(md, extensions=MD_EXTENSIONS))
    parser.close()
    assert parser.nested == [], md
    assert parser.misnested == [] and parser.stack == [], md
    assert parser.scripts == 0, md
    # Markdown the renderer wrote must never reach the reader as text (a link Markdown refused).
    assert not re.search(r"\]\(\.\./|\{ \.(mention|figure|question-link|pnum|para)\b|\{ #p\d", parser.text), parser.text
    assert not any(h.strip().lower().startswith(("javascript:", "data:", "vbscript:")) for h in parser.hrefs), md


# ── Annotation files: any YAML, any bytes ──────────────────────────────────────────────────────

STEMS = ["actors", "programs", "funding", "questions", "notes", "sources", "events", "doc"]
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), HOSTILE)
TREE = st.recursive(
    SCALAR, lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids, max_size=4)), max_leaves=20
)


@bounded(200)
@given(st.sampled_from(STEMS), st.one_of(TREE, st.dictionaries(st.sampled_from([*STEMS, "document"]), TREE, max_size=2)), st.booleans())
def test_any_yaml_gives_a_model_or_located_problems(stem: str, tree: object, unicode: bool) -> None:
    path = f"annotations/{stem}.yml"
    raw = yaml.safe_dump(tree, allow_unicode=unicode).encode()
    model, _, problems = validate_file(raw, path)
    assert (model is None) == bool(problems)
    assert_located(problems, path)


def _bad(good: st.SearchStrategy[typing.Any]) -> st.SearchStrategy[typing.Any]:
    """Mostly a good value, sometimes a wrong one: wrong type, empty, hostile, absurd."""
    wrong = st.one_of(st.none(), st.integers(-5, 10**6), st.text(max_size=12), st.lists(st.integers(), max_size=2), HOSTILE, st.just({}))
    return st.one_of(good, good, good, good, good, good, wrong)


def _literal(alias: object) -> st.SearchStrategy[str]:
    return st.sampled_from(list(typing.get_args(alias)))


NAME_POOL = ["Alpha", "Beta", "Gamma", "Alpha Beta", "US$5 $x$", "<b>Gamma</b>", "[Beta]", "Mérida", "$\\frac{$", "Funds", "Part", "Sub"]
PROSE = st.one_of(
    st.text(min_size=1, max_size=30), HOSTILE, st.sampled_from(["*em* and [a link](https://x.org)", "See [x](javascript:alert(1))"])
)
DATE = st.sampled_from(["2009", "2009-08", "2009-08-13", "2010-01-01"])
BAD_DATE = st.sampled_from(["2009-13-45", "09", "2009/08"])
QUOTES = ["Alpha met Beta", "Beta funds Alpha", "in Gamma.", "US$5"]
BAD_QUOTES = ["Gamma", "nothing like it", "A note.", "Alpha"]  # absent, ambiguous or in a footnote
DOC_TEXT = "Title\n\nSub\n\nBy\n\nAlpha met Beta in Gamma.\n\nSecond Part\n\nBeta funds Alpha with US$5.¹\n\n¹ A note.\n"


@st.composite
def annotation_set(draw: st.DrawFn) -> dict[str, dict[str, typing.Any]]:
    """A whole annotation layer for DOC_TEXT: clean (so that it renders) or noisy (so that it fails
    in every way the schema and the link stage can report)."""
    noisy = draw(st.booleans())

    def pick(good: st.SearchStrategy[typing.Any], bad: st.SearchStrategy[typing.Any] | None = None) -> typing.Any:
        if not noisy:
            return draw(good)
        return draw(_bad(good) if bad is None else st.one_of(good, good, bad, _bad(good)))

    def record(required: dict[str, typing.Any], optional: dict[str, st.SearchStrategy[typing.Any]]) -> dict[str, typing.Any]:
        out = dict(required)
        for key, strategy in optional.items():
            if draw(st.booleans()):
                out[key] = pick(strategy)
        if noisy and draw(st.integers(0, 9)) == 0:
            out.pop(draw(st.sampled_from(sorted(out))))  # a required key goes missing
        if noisy and draw(st.integers(0, 9)) == 0:
            out["colour"] = "blue"  # an unknown key
        return out

    names = iter(draw(st.permutations(NAME_POOL)))
    actor_ids = draw(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), unique=True, max_size=3))
    program_ids = draw(st.lists(st.sampled_from(["merida", "delta"]), unique=True, max_size=2))
    source_ids = draw(st.lists(st.sampled_from(["src", "src-b"]), unique=True, max_size=2))
    known = actor_ids + program_ids
    entity = st.sampled_from(known) if known else st.just("alpha")
    ref = pick(entity, st.sampled_from(["nobody", "Not A Slug"])) if known else "alpha"
    sources = st.lists(st.sampled_from(source_ids), max_size=2, unique=True) if source_ids else st.just([])
    anchor = st.fixed_dictionaries(
        {"quote": st.sampled_from(QUOTES + (BAD_QUOTES if noisy else []))}, optional={"document": st.just("doc")}
    )
    # A claim list as editors write it: one claim with its sources (an unknown id when none exist).
    claims = st.lists(
        st.fixed_dictionaries(
            {
                "text": PROSE,
                "sources": st.lists(st.sampled_from(source_ids or ["nobody"]), min_size=1, max_size=2, unique=True),
                "confidence": _literal(schema.Confidence),
            }
        ),
        min_size=1,
        max_size=2,
    )
    files: dict[str, dict[str, typing.Any]] = {}
    document: dict[str, typing.Any] = {
        "id": "doc",
        "title": "T",
        "authors": [{"given": "A", "family": "B"}],
        "publisher": "P",
        "date": "2009",
    }
    if draw(st.booleans()):
        document["sections"] = [{"heading": "Second Part", "id": pick(st.just("second"), st.just("print"))}]
        document["redirects"] = [{"old": pick(st.just("old-second"), st.sampled_from(["second", "print"])), "new": pick(st.just("second"))}]
    if noisy and draw(st.booleans()):
        document["corrections"] = [
            {"original": draw(st.sampled_from(QUOTES + BAD_QUOTES)), "corrected": draw(st.text(max_size=5)), "reason": "r"}
        ]
    files["doc"] = {"document": document}
    files["actors"] = {
        "actors": [
            record(
                {
                    "id": pick(st.just(i)),
                    "name": next(names),
                    "kind": pick(_literal(schema.ActorKind)),
                    "summary": pick(claims),
                    "description": pick(PROSE),
                },
                {
                    "aliases": st.lists(st.just(next(names)), max_size=1),
                    "country": st.sampled_from(["US", "MX"]),
                    "role": PROSE,
                    "relations": st.lists(
                        st.fixed_dictionaries({"type": _literal(schema.RelationType), "target": entity}, optional={"note": PROSE}),
                        max_size=2,
                    ).map(lambda rels, me=i: [r for r in rels if r["target"] != me]),
                    "sources": sources,
                    "implied": PROSE,
                },
            )
            for i in actor_ids
        ]
    }
    files["programs"] = {
        "programs": [
            record(
                {
                    "id": pick(st.just(i)),
                    "name": next(names),
                    "kind": pick(_literal(schema.ProgramKind)),
                    "summary": pick(claims),
                    "description": pick(PROSE),
                },
                {"actors": st.lists(entity, max_size=2, unique=True), "start": DATE, "end": DATE, "sources": sources},
            )
            for i in program_ids
        ]
    }
    files["sources"] = {
        "sources": [
            record(
                {"id": s, "type": pick(_literal(schema.SourceType)), "title": pick(PROSE)},
                {"author": PROSE, "publisher": PROSE, "date": DATE, "url": st.sampled_from(["https://x.org/a", "http://y.mx/"])},
            )
            for s in source_ids
        ]
    }
    files["funding"] = {
        "funding": [
            record(
                {
                    "id": f"fund-{n}",
                    "program": ref,
                    "label": pick(PROSE),
                    "status": pick(_literal(schema.FundingStatus)),
                    "as_of": pick(DATE, BAD_DATE),
                },
                {
                    "amount": st.one_of(st.integers(0, 10**10), st.floats(0, 1e10)),
                    "share": st.fixed_dictionaries({"percent": st.floats(0.1, 100), "of": PROSE}),
                    "fiscal_year": st.integers(2007, 2012),
                    "currency": st.sampled_from(["USD", "MXN"]),
                    "anchor": anchor,
                    "in_totals": st.booleans(),
                    "approximate": st.booleans(),
                    "note": PROSE,
                    "act": PROSE,
                    "sources": sources,
                },
            )
            for n in range(draw(st.integers(0, 3)))
        ]
    }
    files["questions"] = {
        "questions": [
            record(
                {"id": f"q-{n}", "anchor": pick(anchor), "theme": pick(PROSE), "status": pick(_literal(schema.QuestionStatus))},
                {
                    "hindsight": claims,
                    "hindsight_date": DATE,
                    "evidence": PROSE,
                    "related": st.lists(entity, max_size=2, unique=True),
                    "sources": sources,
                },
            )
            for n in range(draw(st.integers(0, 2)))
        ]
    }
    files["notes"] = {
        "notes": [
            record(
                {"id": f"note-{n}", "anchor": pick(anchor), "title": pick(PROSE), "body": pick(claims)},
                {"related": st.lists(entity, max_size=2, unique=True), "sources": sources},
            )
            for n in range(draw(st.integers(0, 2)))
        ]
    }
    files["events"] = {
        "events": [
            record(
                {"id": f"e-{n}", "date": pick(DATE, BAD_DATE), "title": pick(PROSE)},
                {"description": PROSE, "related": st.lists(entity, max_size=2)},
            )
            for n in range(draw(st.integers(0, 2)))
        ]
    }
    # Leave some files out altogether: an edition may have no questions yet.
    return {k: v for k, v in files.items() if k == "doc" or draw(st.integers(0, 4))}


class _NoAliases(yaml.SafeDumper):
    """A dumper that writes shared values out in full: the loader refuses anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True)


def _write_project(root: Path, files: dict[str, dict[str, typing.Any]]) -> Path:
    """A project in ``root``: the one text ``DOC_TEXT`` and ``files`` as annotation files by stem."""
    (root / "annotations").mkdir()
    (root / "texts").mkdir()
    (root / "texts" / "doc.txt").write_text(DOC_TEXT, encoding="utf-8")
    for stem, data in files.items():
        (root / "annotations" / f"{stem}.yml").write_text(dump(data), encoding="utf-8")
    return root


def _fast_pictures() -> typing.Any:
    # Drawing is matplotlib's time, not the property's subject (test_charts_accept_any_names is).
    return mock.patch.multiple(charts, _funding_chart=lambda rows, dark=False, estimated=(): "<svg/>")


@bounded(150)
@given(annotation_set())
def test_whatever_validates_also_renders(files: dict[str, dict[str, typing.Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _write_project(Path(tmp), files)
        if "edition" not in files:  # every project names its edition (annotations/edition.yml)
            shutil.copyfile(MINI_EDITION, root / "annotations" / "edition.yml")
        edition, problems = pipeline.resolve(root)
        for p in problems:
            assert LOCATED.match(str(p)) and str(p).startswith("annotations/"), str(p)
        if any(p.severity == "error" for p in problems):
            event("rejected")
            return
        event("rendered")
        with _fast_pictures():
            pages, found = render.render(edition, "https://x.example/")
            data, found_in_export = pipeline.export_stage(edition, "https://x.example/")
            assert not found and not found_in_export, found + found_in_export
            files_out = {**data, **render.pictures(edition), **render.redirects(edition)}
            render.nav(edition)
        assert "index.md" in pages and "data/edition.json" in files_out
        # The one script element the renderer writes is the ¶ panels' JSON data; its text cannot
        # end it early (``</`` is written ``<\/``), so what follows its first ``</script>`` is page.
        data_block = re.compile(r'<script type="application/json" id="paragraph-citations">[^<]*(?:<(?!/)[^<]*)*</script>')
        assert not any("<script" in data_block.sub("", page) for page in pages.values())


@bounded(20)
@given(
    st.lists(
        st.tuples(st.sampled_from(NAME_POOL), st.text(max_size=12), st.integers(2007, 2012), st.floats(1, 1e10)), min_size=1, max_size=4
    )
)
def test_charts_accept_any_names(rows: list[tuple[str, str, int, float]]) -> None:
    with warnings.catch_warnings():
        # Measuring a glyph the fallback font lacks warns; the SVG keeps text as text (browser fonts).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        charts._funding_chart(tuple((a + b, year, amount) for a, b, year, amount in rows))


# ── Render and export: nothing the schema accepts makes them raise ────────────────────────────

# Names and titles as an editor may type them: any letters, marks, symbols and punctuation (the
# schema refuses control, format and line-separator characters in a line), and the characters
# citeproc-py, BibTeX, RIS, Markdown and matplotlib treat specially.
LINE_CHARS = st.characters(exclude_categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"])
SIGNS = ["-", ".", ",", ";", "&", "{", "}", "\\", "$", "%", "#", "~", "^", "<i>", "{\\'e}", "ER  -", "van der", "Ⅻ", "ß", "李"]
WORDS = st.one_of(
    st.sampled_from(SIGNS),
    st.text(alphabet=LINE_CHARS, min_size=1, max_size=12).filter(str.strip),
    st.lists(st.sampled_from(SIGNS), min_size=2, max_size=4).map(" ".join),
)
"""A line with something in it (a name, a title)."""
LINE = st.one_of(st.sampled_from(["", " "]), WORDS)


@st.composite
def person(draw: st.DrawFn, with_actor: bool = False) -> dict[str, typing.Any]:
    """A ``PersonName`` the schema accepts: a person (family, maybe given) or an organisation."""
    if draw(st.booleans()):
        return {"literal": draw(WORDS)}
    name = {"family": draw(WORDS)}
    if draw(st.booleans()):
        name["given"] = draw(WORDS)
    return name


@st.composite
def bibliographic_set(draw: st.DrawFn) -> dict[str, dict[str, typing.Any]]:
    """The mini project's layer with the document's and the edition's bibliographic fields, and a
    source list, drawn from everything a line may hold: what citeproc-py, the BibTeX and RIS
    writers, the sources page and the data files must all take."""
    document: dict[str, typing.Any] = {
        "id": "doc",
        "title": draw(WORDS),
        "authors": draw(st.lists(person(), max_size=3)),
        "publisher": draw(LINE),
        "date": draw(DATE),
    }
    for key in ("subtitle", "publisher_place", "genre"):
        if draw(st.booleans()):
            document[key] = draw(LINE)
    edition: dict[str, typing.Any] = {
        "title": draw(st.one_of(WORDS, st.text(min_size=1, max_size=20))),  # a str, not a line, in the schema
        "editors": draw(st.lists(person(), min_size=1, max_size=2)),
        "licence": {"name": draw(st.text(max_size=10)), "url": "https://creativecommons.org/licenses/by/4.0/"},
        "releases": [
            {
                "version": draw(st.sampled_from(["1.0", "0.1", "10.20.30"])),
                "date": draw(st.sampled_from(["2009-08-13", "2026-01-15"])),
                "changes": ["x"],
            }
        ],
    }
    if draw(st.booleans()):
        edition["publisher"] = draw(st.text(max_size=12))
    sources = []
    for n in range(draw(st.integers(0, 3))):
        source: dict[str, typing.Any] = {"id": f"src-{n}", "type": draw(_literal(schema.SourceType)), "title": draw(LINE)}
        if draw(st.booleans()):
            source["author"] = draw(st.one_of(LINE, st.lists(LINE, max_size=4).map("; ".join)))
        if draw(st.booleans()):
            source["publisher"] = draw(LINE)
        if draw(st.booleans()):
            source["date"] = draw(DATE)
        sources.append(source)
    notes = [
        {
            "id": "n",
            "anchor": {"quote": "Beta funds Alpha"},
            "title": draw(WORDS),
            "body": [{"text": "x", "sources": [s["id"] for s in sources[:1]], "confidence": "high"}],
        }
    ]
    files = {"doc": {"document": document}, "edition": {"edition": edition}, "sources": {"sources": sources}}
    if sources:
        files["notes"] = {"notes": notes}
    return files


@bounded(60)
@given(bibliographic_set())
def test_nothing_the_schema_accepts_makes_render_or_export_raise(files: dict[str, dict[str, typing.Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _write_project(Path(tmp), files)
        edition, problems = pipeline.resolve(root)
        if any(p.severity == "error" for p in problems):
            event("rejected by validation")
            for p in problems:
                assert LOCATED.match(str(p)) and str(p).startswith("annotations/"), str(p)
            return
        event("accepted")
        with _fast_pictures():
            data, found = pipeline.export_stage(edition, "https://x.example/")
            pages, more = render.render(edition, "https://x.example/", {path: len(blob) for path, blob in data.items()})
            render.pictures(edition)
            render.redirects(edition, "https://x.example/")
            render.nav(edition)
        for p in found + more:  # what a renderer cannot show comes back located, as a validation error does
            event("a render or export problem")
            assert LOCATED.match(str(p)) and str(p).startswith("annotations/"), str(p)
        if not found and not more:
            assert "index.md" in pages and "data/edition.json" in data


def _real_annotation_bytes() -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "annotations").glob("*.yml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yml"))
    return [(f"annotations/{f.name}", f.read_bytes()[:4000]) for f in files if f.is_file() and f.stat().st_size < 600_000]


SEEDS = _real_annotation_bytes() or [("annotations/actors.yml", b"actors:\n  - id: x\n")]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real annotation file (or fixture) with a few bytes inserted, deleted or replaced."""
    path, raw = draw(st.sampled_from(SEEDS))
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from([b"&a ", b"*a", b"!!python/object ", b"\t", b": ", b"- ", b"{", b"[", b"\xff", b"\x00", b"'"]),
            )
        )
        if op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return path, bytes(data)


@bounded(150)
@given(st.one_of(mutated(), st.tuples(st.sampled_from([f"annotations/{s}.yml" for s in STEMS]), st.binary(max_size=300))))
def test_any_bytes_give_a_model_or_located_problems(case: tuple[str, bytes]) -> None:
    path, raw = case
    model, _, problems = validate_file(raw, path)
    assert (model is None) == bool(problems)
    assert_located(problems, path)


# ── Bounded fuzz run (about 500 inputs; part of the normal suite) ──────────────────────────────


@bounded(250)
@given(st.one_of(mutated(), st.tuples(st.sampled_from(["annotations/actors.yml", "annotations/doc.yml"]), st.binary(max_size=2000))))
def test_fuzz_loader(case: tuple[str, bytes]) -> None:
    path, raw = case
    model, _, problems = validate_file(raw, path)
    assert (model is None) == bool(problems)
    assert_located(problems, path)


@bounded(250)
@given(st.data())
def test_fuzz_splitter(data: st.DataObject) -> None:
    source = data.draw(st.one_of(st.text(), source_text(), st.text(alphabet=f" \n\t\r.{SUPERSCRIPT_DIGITS}Aa\x00\u2028", max_size=60)))
    check_split(source, data.draw(spec_for(source, joins=True)))
