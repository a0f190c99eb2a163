"""Several documents in one edition: nothing in the generator may assume there is one paper.

A temporary project holds the real project plus a second, small document by another author that
names some of the same actors by their aliases, and a note anchored in it. Checked: both papers
get their pages, data files and nav entries; an actor's page lists paragraphs of both; an anchor
must say its document once there are two; and the strict MkDocs build passes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import mkdocs_build
from edition import pipeline
from edition.edition import Edition
from edition.problems import EditionError
from miniproject import copy_real_project

ROOT = Path(__file__).resolve().parent.parent
SECOND = "moreno-2011"


def _named_actors(edition: Edition) -> list[tuple[str, str]]:
    """(id, alias) of three actors the paper names and that have an alias unlike their name."""
    out = []
    for actor in edition.actors:
        aliases = [a for a in actor.aliases if a != actor.name and len(a) >= 4 and re.fullmatch(r"[\w .'-]+", a)]
        if aliases and edition.mentions_of(actor.id):
            out.append((actor.id, aliases[0]))
    assert len(out) >= 3, "the real annotations should have actors with aliases named in the paper"
    return out[:3]


def _second_text(aliases: list[str]) -> str:
    a, b, c = aliases
    return (
        "Border Security after the Initiative:\n\n"
        "A Second Look\n\n"
        "Ana Moreno Senior Fellow Example Institute March 2011\n\n"
        f"Two years on, {a} and {b} met again, and the talks went further than before. "
        "The editors of this note count what changed.\n\n"
        f"Officials close to {c} said the new framework would last. Will the framework survive the next election?\n\n"
        "Money and Courts\n\n"
        f"The courts received new funds for training in the northern states, and {a} asked for more.\n"
    )


SECOND_SPEC = f"""# yaml-language-server: $schema=../schemas/document.schema.json
document:
  id: {SECOND}
  title: "Border Security after the Initiative"
  subtitle: "A Second Look"
  authors:
    - given: Ana
      family: Moreno
      affiliation: Senior Fellow, Example Institute
  publisher: Example Institute
  publisher_place: Mexico City
  date: "2011-03"
  sections:
    - heading: Money and Courts
      id: money-and-courts
"""

SECOND_NOTE = f"""
  - id: talks-went-further
    anchor:
      quote: "the talks went further than before"
      document: {SECOND}
    title: How far the talks went
    body:
      - text: A note on the second document, to show that notes follow their document.
        sources: [arzt-2009-paper]
        confidence: high
"""


def _with_document(path: Path, doc_id: str) -> None:
    """Give every anchor of an annotation file ``document: <doc_id>`` (below its ``anchor:`` line)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^( *)anchor:[ \t]*\n", lambda m: f"{m.group(0)}{m.group(1)}  document: {doc_id}\n", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def actors() -> list[tuple[str, str]]:
    edition, _ = pipeline.check(ROOT)
    return _named_actors(edition)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, actors: list[tuple[str, str]]) -> Path:
    """The real project (its generator linked, not copied) with the second document added."""
    target = copy_real_project(tmp_path_factory.mktemp("two-documents"))
    (target / "texts" / f"{SECOND}.txt").write_text(_second_text([alias for _, alias in actors]), encoding="utf-8")
    (target / "annotations" / f"{SECOND}.yml").write_text(SECOND_SPEC, encoding="utf-8")
    # With two documents every anchor names its own: the real ones are all in arzt-2009.
    for name in ("questions.yml", "notes.yml", "funding.yml"):
        if (target / "annotations" / name).is_file():
            _with_document(target / "annotations" / name, "arzt-2009")
    notes = target / "annotations" / "notes.yml"
    notes.write_text(notes.read_text(encoding="utf-8").rstrip("\n") + "\n" + SECOND_NOTE, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def output(project: Path) -> pipeline.Output:
    return pipeline.build(project, "https://road-ahead.example.org/")


def test_anchors_must_name_their_document_once_there_are_two(project: Path, tmp_path: Path) -> None:
    # Before the real anchors say `document: arzt-2009`, each is an error that names the choices.
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, symlinks=True)
    for name in ("questions.yml", "notes.yml", "funding.yml"):
        text = (copy / "annotations" / name).read_text(encoding="utf-8")
        (copy / "annotations" / name).write_text(re.sub(r"^ *document: arzt-2009\n", "", text, flags=re.MULTILINE), encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        pipeline.check(copy)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    undocumented = sum(text.count("anchor:") for text in (copy / "annotations").glob("*.yml") for text in [text.read_text()])
    assert len(errors) == undocumented - 1  # every anchor but the one that names its document
    for problem in errors:
        assert "anchor document: required" in problem.message, problem
        assert "arzt-2009" in problem.message and SECOND in problem.message, problem


def test_no_problems(output: pipeline.Output) -> None:
    assert output.problems == ()
    assert [d.spec.id for d in output.edition.documents] == ["arzt-2009", SECOND]


def test_pages_of_both_documents(output: pipeline.Output) -> None:
    for doc in output.edition.documents:
        assert f"{doc.spec.id}/index.md" in output.pages
        assert f"{doc.spec.id}/print.md" in output.pages
        for section in doc.text.sections:
            assert f"{doc.spec.id}/{section.id}.md" in output.pages
    assert [s.id for s in output.edition.document(SECOND).text.sections] == ["introduction", "money-and-courts"]
    home = output.pages["index.md"]
    assert "Border Security after the Initiative" in home and "U.S.-Mexico National Security Cooperation" in home


def test_actor_backlinks_come_from_both_documents(output: pipeline.Output, actors: list[tuple[str, str]]) -> None:
    edition = output.edition
    for ident, alias in actors:
        docs = {m.span.doc for m in edition.mentions_of(ident)}
        assert docs == {"arzt-2009", SECOND}, (ident, alias, docs)
        page = output.pages[f"actors/{ident}.md"]
        assert "](../arzt-2009/" in page and f"](../{SECOND}/introduction.md#p" in page, page
        # With two papers a backlink says which paper it is in.
        assert "Arzt 2009, ¶" in page and "Moreno 2011, ¶" in page
    first = output.pages[f"actors/{actors[0][0]}.md"]
    assert (
        f"[Moreno 2011, ¶1](../{SECOND}/introduction.md#p1)" in first and f"[Moreno 2011, ¶3](../{SECOND}/money-and-courts.md#p3)" in first
    )


def test_note_follows_its_document(output: pipeline.Output) -> None:
    span = output.edition.anchors[("note", "talks-went-further")]
    assert (span.doc, span.paragraph) == (SECOND, 1)
    assert "How far the talks went" in output.pages[f"{SECOND}/introduction.md"]
    assert "How far the talks went" not in output.pages["arzt-2009/introduction.md"]


def test_nav_and_data_have_both(output: pipeline.Output) -> None:
    titles = [next(iter(item)) for item in output.nav if isinstance(item, dict)]
    assert "Border Security after the Initiative" in titles
    assert "U.S.-Mexico National Security Cooperation against Organized Crime" in titles
    for doc_id in ("arzt-2009", SECOND):
        assert f"data/{doc_id}.bib" in output.files and f"data/{doc_id}.csl.json" in output.files
    data = json.loads(output.files["data/edition.json"])
    assert [d["id"] for d in data["documents"]] == ["arzt-2009", SECOND]
    assert {m["document"] for m in data["mentions"]} == {"arzt-2009", SECOND}


@pytest.mark.slow
def test_strict_build(project: Path, output: pipeline.Output, actors: list[tuple[str, str]], tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    for path in (f"{SECOND}/index.html", f"{SECOND}/money-and-courts/index.html", f"{SECOND}/print/index.html", "arzt-2009/index.html"):
        assert (site / path).is_file(), path
    html = (site / "actors" / actors[0][0] / "index.html").read_text(encoding="utf-8")
    assert 'href="../../arzt-2009/' in html and f'href="../../{SECOND}/introduction/#p1"' in html


def test_paragraph_references_name_their_paper(output: pipeline.Output) -> None:
    # "¶3" alone would not say which paper; with two, every reference to a paragraph does.
    assert "**In the paper:** [Arzt 2009, ¶" in output.pages["questions.md"]
    assert ">Arzt 2009, ¶" in output.pages["funding/index.md"]  # the funding table is HTML (sortable, cards on phones)
    assert "](arzt-2009/" in output.pages["questions.md"]


def test_two_papers_by_one_author_in_one_year_get_distinct_citation_keys(project: Path, tmp_path: Path) -> None:
    same = tmp_path / "same-author"
    shutil.copytree(project, same, symlinks=True)
    spec = same / "annotations" / f"{SECOND}.yml"
    text = spec.read_text(encoding="utf-8").replace("given: Ana\n      family: Moreno", "given: Sigrid\n      family: Arzt")
    spec.write_text(text.replace('date: "2011-03"', 'date: "2009-11"'), encoding="utf-8")
    output = pipeline.build(same, "https://road-ahead.example.org/")
    # Author-date letters in order of date: the September paper is a, the November one b.
    first, second = output.files["data/arzt-2009.bib"].decode(), output.files[f"data/{SECOND}.bib"].decode()
    assert first.startswith("@incollection{arzt2009a,") and second.startswith("@incollection{arzt2009b,")
    keys = re.findall(r"@\w+\{([^,]+),", first + second)
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)[:5]
    csl = [item["id"] for name in ("arzt-2009", SECOND) for item in json.loads(output.files[f"data/{name}.csl.json"])]
    assert len(csl) == len(set(csl))
    page = output.pages[f"{SECOND}/index.md"]
    assert "@incollection{arzt2009b," in page


def test_one_paper_keeps_its_plain_key(output: pipeline.Output) -> None:
    assert output.files["data/arzt-2009.bib"].decode().startswith("@incollection{arzt2009,")
