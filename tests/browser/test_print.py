"""Print: a section and the whole-paper view keep their text, ¶ numbers and footnotes, and lose the navigation.

Checked twice: in the DOM under print media (computed styles), and, when poppler's ``pdftotext``
is installed, in the text of the PDF that Chromium prints. The PDFs are kept in
``test-artifacts/print/`` for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edition.edition import Edition

from .harness import Tab

pytestmark = pytest.mark.browser

# What the screen shows around and in the text, and print must drop (navigation, "?" links).
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", "a.question-link"]
# Words that only the navigation, the cite boxes or the footer contain.
CHROME_WORDS = ["Editorial layer", "Table of contents", "Cite this section", "Whole paper (print)"]

SHOWN = """sel => [...document.querySelectorAll(sel)].map(el => {
  const s = getComputedStyle(el);
  return {text: el.innerText, shown: s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0};
})"""


def shown(page: Any, selector: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(SHOWN, selector)
    return found


def squash(text: str) -> str:
    """Whitespace-insensitive text (PDF text breaks lines where the page does)."""
    return " ".join(text.replace("\u00ad", "").split())


def has_number(text: str, n: int) -> bool:
    """``¶n`` in ``text`` (and not only as the start of ``¶n0``)."""
    return re.search(rf"¶{n}(?!\d)", text) is not None


def pdf_text(pdf: Path) -> str | None:
    """The text of ``pdf`` by ``pdftotext``, or None when poppler-utils is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def print_page(tab: Tab, path: str, pdf: Path) -> tuple[Any, str | None]:
    page = tab.open(path)
    page.emulate_media(media="print")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=pdf, format="A4", print_background=False)
    page.screenshot(path=pdf.with_suffix(".png"), full_page=True, timeout=60_000)  # the print layout, for a person to look at
    assert pdf.read_bytes().startswith(b"%PDF")
    return page, pdf_text(pdf)


def assert_no_chrome(page: Any, text: str | None) -> None:
    for selector in CHROME:
        assert not any(e["shown"] for e in shown(page, selector)), f"{selector} is printed"
    if text is not None:
        present = [w for w in CHROME_WORDS if w in text]
        assert not present, f"navigation words in the printed text: {present}"


def test_a_section_prints_its_paragraph_numbers_and_footnote_without_navigation(
    open_tab: Callable[..., Tab], edition: Edition, artifacts: Path
) -> None:
    doc = edition.documents[0]
    note = doc.text.footnotes[0]
    section = next(s for s in doc.text.sections if note.paragraph in s.paragraphs)
    page, text = print_page(open_tab(), f"/{doc.spec.id}/{section.id}/", artifacts / "print" / f"{section.id}.pdf")

    numbers = shown(page, "p.para > a.pnum")
    assert [n["text"] for n in numbers] == [f"¶{n}" for n in section.paragraphs]
    assert all(n["shown"] for n in numbers), numbers
    footnotes = shown(page, ".footnote li")
    assert footnotes and all(f["shown"] for f in footnotes), footnotes
    assert squash(note.text) in squash(footnotes[0]["text"])
    assert_no_chrome(page, text)
    if text is not None:
        for n in section.paragraphs:
            assert has_number(text, n), f"¶{n} is missing from the PDF"
        assert squash(note.text) in squash(text), "the footnote is missing from the PDF"
        # Material prints the editorial notes (tooltips on screen) as a list after their paragraph.
        titles = [n.title for number in section.paragraphs for n in edition.notes_in(doc.spec.id, number)]
        missing = [t for t in titles if squash(t) not in squash(text)]
        assert not missing, f"editorial notes missing from the PDF: {missing}"


def test_the_whole_paper_view_holds_every_paragraph_and_footnote(open_tab: Callable[..., Tab], edition: Edition, artifacts: Path) -> None:
    doc = edition.documents[0]
    page, text = print_page(open_tab(), f"/{doc.spec.id}/print/", artifacts / "print" / f"{doc.spec.id}.pdf")

    expected = [f"p{p.number}" for p in doc.text.paragraphs]
    assert expected == [f"p{n}" for n in range(1, 17)], "the paper has 16 paragraphs"
    ids = page.eval_on_selector_all("p.para", "ps => ps.map(p => p.id)")
    assert ids == expected
    assert all(n["shown"] for n in shown(page, "p.para > a.pnum"))
    footnotes = shown(page, ".footnote li")
    assert len(footnotes) == len(doc.text.footnotes) and all(f["shown"] for f in footnotes), footnotes
    for note, shown_note in zip(doc.text.footnotes, footnotes, strict=True):
        assert squash(note.text) in squash(shown_note["text"])
    assert_no_chrome(page, text)
    if text is not None:
        missing = [n for n in range(1, len(expected) + 1) if not has_number(text, n)]
        assert not missing, f"¶ numbers missing from the PDF: {missing}"
        assert all(squash(note.text) in squash(text) for note in doc.text.footnotes)
