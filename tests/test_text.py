"""The text stage on the real paper: verbatim source, structure, corrections, byte-exact rebuild."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from edition.annotations import load
from edition.document import Document
from edition.problems import Location
from edition.schema import Correction, DocumentSpec
from edition.text import split

SHA256 = "b7984d0a8afe9b9aebc788a3ce73363372d502a63c51c63b010edc3110d918c8"


@pytest.fixture(scope="module")
def spec(root: Path) -> DocumentSpec:
    notes, problems = load(root)
    assert not [p for p in problems if p.location.path.endswith("arzt-2009.yml")]
    return next(d.value for d in notes.documents if d.value.id == "arzt-2009")


@pytest.fixture(scope="module")
def source(root: Path) -> str:
    return (root / "texts" / "arzt-2009.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(spec: DocumentSpec, source: str) -> Document:
    result, problems = split("arzt-2009", source, spec, Location("annotations/arzt-2009.yml"))
    assert problems == []
    assert result is not None
    return result


def test_source_is_the_paper_byte_for_byte(root: Path) -> None:
    assert hashlib.sha256((root / "texts" / "arzt-2009.txt").read_bytes()).hexdigest() == SHA256


def test_front_matter(doc: Document, spec: DocumentSpec) -> None:
    roles = {b.role: b.raw for b in doc.front if b.role != "separator"}
    assert roles["title"].rstrip(":") == spec.title == "U.S.-Mexico National Security Cooperation against Organized Crime"
    assert roles["subtitle"] == spec.subtitle == "The Road Ahead"
    assert roles["byline"].startswith("Sigrid Arzt Public Policy Scholar")
    assert spec.date == "2009-09"


def test_sections_and_paragraphs(doc: Document) -> None:
    assert [(s.id, s.paragraphs) for s in doc.sections] == [
        ("introduction", (1, 2, 3)),
        ("us-mexico-cooperation", (4, 5, 6)),
        ("organized-crime-breeds-local-crime", (7,)),
        ("gun-control", (8, 9)),
        ("military-relations", (10, 11, 12, 13, 14)),
        ("post-merida", (15, 16)),
    ]
    assert [p.number for p in doc.paragraphs] == list(range(1, 17))
    assert doc.sections[1].title == "U.S.-Mexico Cooperation"


def test_page_break_paragraph_is_one(doc: Document) -> None:
    p10 = doc.paragraph(10)
    assert "The Secretary had the opportunity to visit the Northern Command" in p10.text
    assert len(p10.starts) == 2
    assert [m.kind for m in p10.marks] == ["join"]
    assert "National Southwest Border" not in p10.text


def test_footnote_is_lifted_and_tied_to_its_marker(doc: Document) -> None:
    (note,) = doc.footnotes
    assert note.number == 1
    assert note.text == "National Southwest Border Counternarcotics Strategy, ONDCP. June 2009. p.29."
    assert note.paragraph == 8
    (ref,) = doc.paragraph(8).footnotes
    assert doc.paragraph(8).text[ref.start - len("communities.") : ref.end] == "communities.¹"


@pytest.mark.parametrize(
    ("number", "corrected", "original"),
    [
        (11, "US$100", "US\\$"),
        (16, "21st century", "21^{st}"),
        (7, "information-sharing", "informationsharing"),
        (5, "middle-class", "middleclass"),
    ],
)
def test_corrections_are_applied_and_remember_the_original(doc: Document, number: int, corrected: str, original: str) -> None:
    p = doc.paragraph(number)
    assert corrected in p.text
    assert any(m.original == original for m in p.marks)


def test_heading_correction(doc: Document) -> None:
    heading = doc.sections[1].heading
    assert heading is not None
    assert heading.text == "U.S.-Mexico Cooperation"
    assert heading.marks[0].original == "U.S.- Mexico Cooperation"


def test_rebuild_gives_the_source_bytes(doc: Document, source: str, root: Path) -> None:
    assert doc.rebuild().encode("utf-8") == (root / "texts" / "arzt-2009.txt").read_bytes()


def test_rebuild_without_corrections(spec: DocumentSpec, source: str) -> None:
    bare = spec.model_copy(update={"corrections": []})
    result, _ = split("arzt-2009", source, bare, Location("x"))
    assert result is not None
    assert result.rebuild() == source
    assert len(result.paragraphs) == 17  # the page break is not joined without its declaration


def test_correction_that_is_not_in_the_text_is_located(spec: DocumentSpec, source: str) -> None:
    corrections = [*spec.corrections, Correction(original="middle class", corrected="x", reason="r")]
    bad = spec.model_copy(update={"corrections": corrections})
    where = [Location("a.yml", 30 + i, 7) for i in range(len(corrections) - 1)] + [Location("a.yml", 40, 17)]
    _, problems = split("arzt-2009", source, bad, Location("a.yml"), where)
    assert [str(p) for p in problems] == [
        "a.yml:40:17: correction 7 original 'middle class' is not in the text (did you mean 'middleclass'?)"
    ]
