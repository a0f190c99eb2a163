"""Citations: rendered by citeproc-py with the official styles, imported as a reference manager would.

- Known-correct Chicago (18th ed., notes and bibliography) and APA (7th ed.) output for one, two,
  three authors, a corporate author, and the paragraph, section and note locators. Each expected
  string was checked against the style's rules; several fail without a workaround of
  ``edition.cslrender`` (full given names, punctuation inside quotes, hyphens in locators, title
  case of "against", "(Eds.)").
- The cite panel's formats of a paragraph and of a note: the BibTeX parsed by pybtex, the RIS by
  rispy, the CSL-JSON rendered by citeproc-py; each names the paper, the edition, its version and
  the locator.
- The same facts everywhere: the section page's Highwire tags, its visible citation and the
  exported CSL-JSON, BibTeX and RIS of that section agree.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import rispy
from pybtex.database import parse_string

from edition import citations, cslrender
from edition.edition import Edition
from edition.pipeline import Output
from edition.schema import Author
from sitehtml import read_page

SITE = "https://road-ahead.example.org/"
TITLE = "U.S.-Mexico National Security Cooperation against Organized Crime: The Road Ahead"
EDITION = "The Road Ahead: An Annotated Edition"


def _with_authors(edition: Edition, *authors: dict[str, str]) -> Edition:
    doc = edition.documents[0]
    spec = doc.spec.model_copy(update={"authors": [Author(**a) for a in authors]})
    return dataclasses.replace(edition, documents=(dataclasses.replace(doc, spec=spec),))


def _item(edition: Edition, kind: str = "paper") -> dict[str, Any]:
    doc = edition.documents[0]
    target = {
        "paper": lambda: citations.paper(doc, SITE),
        "paragraph": lambda: citations.paragraph(doc, 8, SITE),
        "section": lambda: citations.section(doc, doc.text.sections[4], SITE),
        "note": lambda: citations.note(edition, "bersin-quotation", SITE),
    }[kind]()
    return citations.csl_item(edition, target)


ARZT = {"given": "Sigrid", "family": "Arzt"}
OLSON = {"given": "Eric L.", "family": "Olson"}
LOPEZ = {"given": "Ana", "family": "López"}
WILSON = {"literal": "Woodrow Wilson International Center for Scholars"}

IN_EDITION = (
    f"in {EDITION}, version 0.2, ed. Road Ahead Edition Editors (Woodrow Wilson International Center for Scholars, 2009; repr., 2026)"
)
APA_TAIL = f"In Road Ahead Edition Editors (Ed.), {EDITION} (Version 0.2). https://road-ahead.example.org/arzt-2009/ (Original work published 2009, Woodrow Wilson International Center for Scholars)"


@pytest.mark.parametrize(
    ("authors", "note", "apa_reference", "apa_in_text"),
    [
        (
            [ARZT],
            f"Sigrid Arzt, “{TITLE},” {IN_EDITION}, https://road-ahead.example.org/arzt-2009/.",
            f"Arzt, S. (2026). {TITLE}. {APA_TAIL}",
            "(Arzt, 2009/2026)",
        ),
        (
            [ARZT, OLSON],
            f"Sigrid Arzt and Eric L. Olson, “{TITLE},” {IN_EDITION}, https://road-ahead.example.org/arzt-2009/.",
            f"Arzt, S., & Olson, E. L. (2026). {TITLE}. {APA_TAIL}",
            "(Arzt & Olson, 2009/2026)",
        ),
        (
            [ARZT, OLSON, LOPEZ],
            # Chicago 18 (14.76): a note names the first of three or more authors, then "et al."
            f"Sigrid Arzt et al., “{TITLE},” {IN_EDITION}, https://road-ahead.example.org/arzt-2009/.",
            f"Arzt, S., Olson, E. L., & López, A. (2026). {TITLE}. {APA_TAIL}",
            "(Arzt et al., 2009/2026)",
        ),
        (
            [WILSON],
            f"Woodrow Wilson International Center for Scholars, “{TITLE},” {IN_EDITION}, https://road-ahead.example.org/arzt-2009/.",
            f"Woodrow Wilson International Center for Scholars. (2026). {TITLE}. {APA_TAIL}",
            "(Woodrow Wilson International Center for Scholars, 2009/2026)",
        ),
    ],
    ids=["one-author", "two-authors", "three-authors", "corporate-author"],
)
def test_authors_in_chicago_and_apa(
    edition: Edition, authors: list[dict[str, str]], note: str, apa_reference: str, apa_in_text: str
) -> None:
    item = _item(_with_authors(edition, *authors))
    chicago = cslrender.render(item, "chicago-notes-bibliography")
    apa = cslrender.render(item, "apa")
    assert chicago.citation == note
    assert apa.bibliography == apa_reference
    assert apa.citation == apa_in_text


def test_chicago_bibliography_puts_the_period_inside_the_quotes(edition: Edition) -> None:
    bib = cslrender.render(_item(edition), "chicago-notes-bibliography").bibliography
    assert bib == (
        f"Arzt, Sigrid. “{TITLE}.” In {EDITION}, version 0.2, edited by Road Ahead Edition Editors. "
        "Woodrow Wilson International Center for Scholars, 2009. Reprint, 2026. https://road-ahead.example.org/arzt-2009/."
    )


@pytest.mark.parametrize(
    ("kind", "chicago_locator", "apa_in_text", "url"),
    [
        ("paragraph", "para. 8", "(Arzt, 2009/2026, para. 8)", "https://road-ahead.example.org/arzt-2009/gun-control/#p8"),
        (
            "section",
            "sec. U.S.-Mexico Military Relations",
            "(Arzt, 2009/2026, Section U.S.-Mexico Military Relations)",
            "https://road-ahead.example.org/arzt-2009/military-relations/",
        ),
        (
            "note",
            "n. bersin-quotation",
            "(Arzt, 2009/2026, Note bersin-quotation)",
            "https://road-ahead.example.org/arzt-2009/introduction/#note-bersin-quotation",
        ),
    ],
)
def test_locators_in_the_styles_own_form(edition: Edition, kind: str, chicago_locator: str, apa_in_text: str, url: str) -> None:
    item = _item(edition, kind)
    chicago = cslrender.render(item, "chicago-notes-bibliography")
    assert chicago.citation == f"Sigrid Arzt, “{TITLE},” {IN_EDITION}, {chicago_locator}, {url}."
    assert cslrender.render(item, "apa").citation == apa_in_text
    # A bibliography entry names the work, never the place in it.
    assert chicago_locator not in chicago.bibliography


def test_cached_rendering_equals_direct_rendering(edition: Edition) -> None:
    for kind in ("paper", "paragraph", "section", "note"):
        item = _item(edition, kind)
        for style in ("chicago-notes-bibliography", "apa"):
            assert cslrender.render(item, style) == cslrender.render_directly(item, style)


# ---------------------------------------------------------------- importing what the panel gives


@pytest.fixture(scope="module", params=["paragraph", "note"])
def panel(request: pytest.FixtureRequest, output: Output) -> tuple[str, dict[str, str]]:
    edition = output.edition
    doc = edition.documents[0]
    target = citations.paragraph(doc, 8, SITE) if request.param == "paragraph" else citations.note(edition, "bersin-quotation", SITE)
    return request.param, citations.cite(edition, target).formats()


LOCATOR = {
    "paragraph": ("paragraph", "8", "para. 8", "#p8"),
    "note": ("note", "bersin-quotation", "n. bersin-quotation", "#note-bersin-quotation"),
}


def test_bibtex_imports_with_pybtex(panel: tuple[str, dict[str, str]]) -> None:
    kind, formats = panel
    entry = next(iter(parse_string(formats["BibTeX"], "bibtex").entries.values()))
    assert entry.type == "incollection"
    assert [str(p) for p in entry.persons["author"]] == ["Arzt, Sigrid"]
    assert entry.fields["title"] == "{" + TITLE + "}"
    assert entry.fields["booktitle"] == "{" + EDITION + "}"
    assert entry.fields["version"] == "0.2"
    assert entry.fields["url"].endswith(LOCATOR[kind][3])
    assert ("Para. 8" if kind == "paragraph" else "Note bersin-quotation") in entry.fields["note"]
    assert "Version 0.2" in entry.fields["note"]


def test_ris_imports_with_rispy(panel: tuple[str, dict[str, str]]) -> None:
    kind, formats = panel
    (record,) = rispy.loads(formats["RIS"])
    assert record["type_of_reference"] == "CHAP"
    assert record["authors"] == ["Arzt, Sigrid"]
    assert record["title"] == TITLE
    assert record["secondary_title"] == EDITION
    assert record["edition"] == "Version 0.2"
    assert record["urls"][0].endswith(LOCATOR[kind][3])
    assert ("Para. 8" if kind == "paragraph" else "Note bersin-quotation") in record["notes"][0]


def test_csl_json_renders_with_citeproc(panel: tuple[str, dict[str, str]]) -> None:
    kind, formats = panel
    (item,) = json.loads(formats["CSL-JSON"])
    label, value, shown, fragment = LOCATOR[kind]
    assert (item["locator"], item["custom"]["locator-label"]) == (value, label)
    # Rendered straight from the pasted JSON, by citeproc-py itself, with no help from the edition.
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(str(cslrender.STYLES / "chicago-notes-bibliography.csl"), validate=False)
    with warnings.catch_warnings():  # citeproc-py warns about the CSL-JSON keys it does not model
        warnings.simplefilter("ignore")
        source = CiteProcJSON([{k: v for k, v in item.items() if k not in ("locator", "custom")}])
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    cite = Citation([CitationItem(item["id"], locator=Locator(label, value))])
    bibliography.register(cite)
    text = str(bibliography.cite(cite, lambda missing: None))
    for fact in ("Arzt", "The Road Ahead", EDITION, "version 0.2", shown, fragment):
        assert fact in text, (fact, text)
    assert formats["Chicago"].startswith("Sigrid Arzt, “U.S.-Mexico")
    assert shown in formats["Chicago"] and "version 0.2" in formats["Chicago"]


# ---------------------------------------------------------------- the same facts everywhere


@pytest.mark.slow
def test_section_page_meta_citation_and_exports_agree(built_site: Path, output: Output) -> None:
    page = read_page(built_site / "arzt-2009" / "gun-control" / "index.html")
    url = SITE + "arzt-2009/gun-control/"
    items = {i["id"]: i for i in json.loads((built_site / "data" / "arzt-2009.csl.json").read_text(encoding="utf-8"))}
    item = items["arzt2009-gun-control"]
    bib = parse_string((built_site / "data" / "arzt-2009.bib").read_text(encoding="utf-8"), "bibtex").entries["arzt2009-gun-control"]
    ris = next(
        r for r in rispy.loads((built_site / "data" / "arzt-2009.ris").read_text(encoding="utf-8")) if r["id"] == "arzt2009-gun-control"
    )
    meta = page.meta
    # Title, authors, the edition, the date of the release, the section's URL.
    assert meta["citation_title"] == [item["title"]] == [bib.fields["title"].strip("{}")] == [ris["title"]]
    assert meta["citation_author"] == ["Arzt, Sigrid"] == [str(p) for p in bib.persons["author"]] == ris["authors"]
    assert meta["citation_book_title"] == [item["container-title"]] == [bib.fields["booktitle"].strip("{}")] == [ris["secondary_title"]]
    issued = item["issued"]["date-parts"][0]
    assert meta["citation_publication_date"] == ["/".join(f"{x:02d}" if i else str(x) for i, x in enumerate(issued))] == [ris["date"]]
    assert bib.fields["date"] == "-".join(f"{x:02d}" for x in issued)
    assert meta["citation_public_url"] == [url] == [item["URL"]] == [bib.fields["url"]] == ris["urls"]
    assert meta["DC.relation.isPartOf"] == [SITE + "arzt-2009/"]
    # The section is the locator, and the version is everywhere.
    assert item["section"] == "The U.S. Challenge: Gun Control" == bib.fields["chapter"] == ris["section"]
    assert item["version"] == "0.2" == bib.fields["version"] and ris["edition"] == "Version 0.2"
    # What the reader sees: the citation box, rendered from the same item.
    shown = " ".join(page.text.split())
    assert cslrender.render(item, "chicago-notes-bibliography").citation in shown
    assert cslrender.render(item, "apa").bibliography in shown
    assert "version 0.2" in shown.lower()


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_page_footer_names_the_version(engine: str, request: pytest.FixtureRequest) -> None:
    """Every page of either engine's site says which release it is and links the Changes page."""
    site: Path = request.getfixturevalue("built_site" if engine == "mkdocs" else "zensical_site")
    pages = sorted(p for p in site.rglob("index.html") if "pagefind" not in p.parts)
    assert len(pages) > 70
    for page in pages:
        text = " ".join(read_page(page).text.split())
        assert f"{EDITION}, version 0.2 (2026-12-01) · Changes" in text, page.relative_to(site)


@pytest.mark.slow
def test_changes_page_lists_every_release(built_site: Path, output: Output) -> None:
    page = read_page(built_site / "changes" / "index.html")
    assert output.edition.info is not None
    for release in output.edition.info.releases:
        assert f"v{release.version.replace('.', '-')}" in page.ids
        assert f"Version {release.version}" in page.text


def test_a_citation_citeproc_refuses_is_a_located_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the schema accepts but citeproc-py cannot format stops the build with a located
    message (``problems.Unrenderable``), as a validation error does, never with a traceback."""
    from edition import pipeline
    from edition.problems import EditionError

    def refuse(item: dict[str, Any], style: str) -> cslrender.Rendered:
        raise IndexError("list index out of range")  # what the old APA formatter did with given: ""

    monkeypatch.setattr(citations, "render", refuse)
    mini = Path(__file__).resolve().parent / "fixtures" / "mini"
    with pytest.raises(EditionError) as raised:
        pipeline.build(mini, "https://x.example/")
    problems = raised.value.problems
    assert problems and all(p.severity == "error" for p in problems)
    assert {str(p.location) for p in problems} == {"annotations/mini.yml:1:1"}, problems
    assert all("cannot be formatted (list index out of range)" in p.message for p in problems)
