"""The paper's text is never interrupted: every paragraph, as a page without scripts shows it.

For every paragraph of every document, the text of ``p#pN`` on its section page and on the print
page equals the paragraph after its declared corrections (footnote markers aside): no note marker,
question badge, correction mark or any other character of the apparatus between the author's
words. The same check runs in Chromium after scripts and in the print view
(``tests/browser/test_paper_text.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.edition import Edition
from papertext import expected_text, paragraph_texts


@pytest.fixture(scope="module")
def html(built_site: Path) -> dict[str, str]:
    return {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}


def test_every_paragraph_on_its_section_page_is_the_authors_text(edition: Edition, html: dict[str, str]) -> None:
    wrong = []
    for d in edition.documents:
        for section in d.text.sections:
            shown = paragraph_texts(html[f"{d.spec.id}/{section.id}/index.html"])
            assert sorted(shown) == sorted(f"p{n}" for n in section.paragraphs), section.id
            for n in section.paragraphs:
                want = expected_text(d.text.paragraph(n))
                if shown[f"p{n}"] != want:
                    wrong.append(f"{section.id} ¶{n}:\n  page: {shown[f'p{n}']!r}\n  text: {want!r}")
    assert wrong == []


def test_every_paragraph_on_the_print_page_is_the_authors_text(edition: Edition, html: dict[str, str]) -> None:
    for d in edition.documents:
        shown = paragraph_texts(html[f"{d.spec.id}/print/index.html"])
        assert shown == {p.anchor: expected_text(p) for p in d.text.paragraphs}


def test_no_other_page_holds_a_paragraph_of_the_paper(edition: Edition, html: dict[str, str]) -> None:
    # A ¶ elsewhere would be a copy the checks above do not see.
    holders = {f"{d.spec.id}/{s.id}/index.html" for d in edition.documents for s in d.text.sections}
    holders |= {f"{d.spec.id}/print/index.html" for d in edition.documents}
    assert [page for page, text in html.items() if page not in holders and paragraph_texts(text)] == []


def test_the_join_correction_adds_no_mark_between_words(edition: Edition, html: dict[str, str], built_site: Path) -> None:
    """The page break in "the opportunity" is joined by a space: the page shows that space only."""
    d = edition.documents[0]
    joined = [(p, m) for p in d.text.paragraphs for m in p.marks if m.kind == "join"]
    assert joined, "the paper has a join correction"
    for p, m in joined:
        section = d.text.section_of(p.number)
        text = paragraph_texts(html[f"{d.spec.id}/{section.id}/index.html"])[p.anchor]
        assert " ".join(p.text[m.start - 12 : m.end + 12].split()) in text
    # The stray mark was CSS generated content (which no DOM text shows): no rule of the edition's
    # stylesheet may generate content inside the paper's paragraphs.
    css = (built_site / "assets" / "edition.css").read_text(encoding="utf-8")
    generating = [rule for rule in re.findall(r"([^{}]+)\{([^{}]*)\}", css) if "content:" in rule[1] and "none" not in rule[1]]
    inside = [
        sel.strip() for sel, _ in generating if re.search(r"p\.para|\.correction|\.question(?![\w-])|\.noted|\.mention|\.figure", sel)
    ]
    assert inside == []
