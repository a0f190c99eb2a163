"""End-to-end: the real site builds strictly, carries every sentence, links resolve, nothing is remote.

Every test runs on the site of each engine (``engine_site``: MkDocs with the hook, Zensical from
the stage), named ``site`` here: both must pass the same tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from edition import search
from edition.edition import Edition
from edition.search import fold
from edition.sentences import sentences
from edition.text import SUPERSCRIPT_DIGITS
from sitehtml import Page, html_files, read_page

SITE_URL = "https://road-ahead.example.org/"


@pytest.fixture(scope="module")
def site(engine_site: Path) -> Path:
    return engine_site


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, Page]:
    return {p: read_page(p) for p in html_files(site)}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_sentence_of_the_paper_is_on_its_section_page(edition: Edition, site: Path, pages: dict[Path, Page]) -> None:
    missing = []
    for d in edition.documents:
        for p in d.text.paragraphs:
            section = d.text.section_of(p.number)
            page = pages[site / d.spec.id / section.id / "index.html"]
            # Footnote markers become linked numbers on the page: compare without them.
            text = re.sub(f"[{SUPERSCRIPT_DIGITS}]", "", p.text)
            for sentence in sentences(text):
                if _norm(sentence) not in page.text:
                    missing.append(f"¶{p.number}: {sentence!r}")
        for note in d.text.footnotes:
            section = d.text.section_of(note.paragraph)
            assert note.text in pages[site / d.spec.id / section.id / "index.html"].text
    assert missing == []


def test_every_sentence_is_also_on_the_print_page(edition: Edition, site: Path, pages: dict[Path, Page]) -> None:
    page = pages[site / "arzt-2009" / "print" / "index.html"]
    for p in edition.document("arzt-2009").text.paragraphs:
        for sentence in sentences(re.sub(f"[{SUPERSCRIPT_DIGITS}]", "", p.text)):
            assert _norm(sentence) in page.text, sentence


def test_paragraphs_have_ids_and_self_links(edition: Edition, site: Path) -> None:
    for d in edition.documents:
        for section in d.text.sections:
            html = (site / d.spec.id / section.id / "index.html").read_text(encoding="utf-8")
            for n in section.paragraphs:
                assert re.search(rf'<p class="para[^"]*" id="p{n}"|<p id="p{n}" class="para', html), f"¶{n} has no id"
                assert f'href="#p{n}"' in html


def test_internal_links_and_fragments_resolve(site: Path, pages: dict[Path, Page]) -> None:
    broken = []
    for path, page in pages.items():
        for href in page.links:
            url = urlsplit(href)
            if url.scheme in ("http", "https", "mailto") or href.startswith("//"):
                continue
            if url.scheme:
                broken.append(f"{path.relative_to(site)}: unexpected scheme {href!r}")
                continue
            if url.path.startswith("/"):  # the 404 page links from the site root
                target = (site / unquote(url.path).lstrip("/")).resolve()
            else:
                target = path if not url.path else (path.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {href!r} -> missing {target}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read_page(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)}: {href!r} -> no id {url.fragment!r}")
    assert broken == []


def test_nothing_is_fetched_from_elsewhere(site: Path, pages: dict[Path, Page]) -> None:
    remote = []
    for path, page in pages.items():
        for kind, url in page.resources:
            if re.match(r"^(https?:)?//", url) or url.startswith("data:text/html"):
                remote.append(f"{path.relative_to(site)}: {kind} {url}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", css.read_text(encoding="utf-8")):
            if re.match(r"^[\"']?(https?:)?//", url):
                remote.append(f"{css.relative_to(site)}: url({url})")
        assert "@import url(http" not in css.read_text(encoding="utf-8")
    for js in site.rglob("*.js"):
        text = js.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    assert remote == []


def test_highwire_citation_tags_on_paper_pages(site: Path) -> None:
    page = read_page(site / "arzt-2009" / "gun-control" / "index.html")
    assert page.meta["citation_title"] == ["U.S.-Mexico National Security Cooperation against Organized Crime: The Road Ahead"]
    assert page.meta["citation_author"] == ["Arzt, Sigrid"]
    # The paper as a section of this edition (a book section, for Zotero), dated by its release.
    assert page.meta["citation_book_title"] == ["The Road Ahead: An Annotated Edition"]
    assert page.meta["citation_publication_date"] == ["2026/12/01"]
    assert page.meta["citation_public_url"] == [SITE_URL + "arzt-2009/gun-control/"]


def test_cite_box_names_the_section(site: Path) -> None:
    text = read_page(site / "arzt-2009" / "gun-control" / "index.html").text
    assert "Arzt, Sigrid. “U.S.-Mexico National Security Cooperation against Organized Crime: The Road Ahead.”" in text
    assert "sec. The U.S. Challenge: Gun Control" in text
    assert "@incollection{arzt2009-gun-control" in text
    assert "@incollection{arzt2009-note-footnote-strategy" in text
    # A paragraph's citations are data for its ¶ panel (tests/browser/test_paragraph_tools.py).
    html = (site / "arzt-2009" / "gun-control" / "index.html").read_text(encoding="utf-8")
    assert "@incollection{arzt2009-p8" in html


def test_data_files_are_published(site: Path) -> None:
    for name in ("edition.json", "funding.csv", "annotations.jsonld", "arzt-2009.bib", "arzt-2009.csl.json"):
        assert (site / "data" / name).is_file(), name
    data = json.loads((site / "data" / "edition.json").read_text(encoding="utf-8"))
    assert len(data["documents"][0]["paragraphs"]) == 16


def _pagefind_knows_entities_by_alias(edition: Edition, site: Path) -> None:
    """The site's own search (Pagefind, issue 18): every name and alias leads to its entity."""
    table = json.loads((site / "pagefind" / "names.json").read_text(encoding="utf-8"))
    for kind, group in (("actors", edition.actors), ("programs", edition.programs)):
        for entity in group:
            for name in (entity.name, *entity.aliases):
                assert table["names"][fold(name)] == f"{kind}/{entity.id}/", (entity.id, name)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(search.records(edition)) + 2  # + about, editing guide
    assert not (site / "search").exists(), "Material's search index is built but never used"


def _search_records(site: Path) -> list[dict[str, str]]:
    """The search index's records, in either engine's format (MkDocs: ``docs``, Zensical: ``items``)."""
    mkdocs_index = site / "search" / "search_index.json"
    if mkdocs_index.is_file():
        return list(json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"])
    return list(json.loads((site / "search.json").read_text(encoding="utf-8"))["items"])


def test_search_index_knows_entities_by_alias(edition: Edition, site: Path) -> None:
    if (site / "pagefind").is_dir():
        _pagefind_knows_entities_by_alias(edition, site)
        return
    records = _search_records(site)
    texts = " ".join(d["title"] + " " + d["text"] for d in records if d["location"].startswith(("actors/", "programs/")))
    for entity in (*edition.actors, *edition.programs):
        assert entity.name in texts or entity.name.replace("&", "&amp;") in texts, entity.id
        for alias in entity.aliases:
            assert alias in texts or alias.replace("&", "&amp;").replace('"', "&quot;") in texts, (entity.id, alias)


def test_both_engines_show_the_same_text_on_every_page_of_the_paper(edition: Edition, built_site: Path, zensical_site: Path) -> None:
    mkdocs_site = built_site
    differ = []
    for d in edition.documents:
        urls = [f"{d.spec.id}/index.html", f"{d.spec.id}/print/index.html", *(f"{d.spec.id}/{s.id}/index.html" for s in d.text.sections)]
        for url in urls:
            a, b = read_page(mkdocs_site / url).article, read_page(zensical_site / url).article
            assert a, f"{url}: no article text"
            if a != b:
                at = (
                    next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
                    if a[: len(b)] != b[: len(a)]
                    else min(len(a), len(b))
                )
                differ.append(f"{url}: from character {at}: MkDocs {a[at - 40 : at + 60]!r} / Zensical {b[at - 40 : at + 60]!r}")
    assert differ == []
