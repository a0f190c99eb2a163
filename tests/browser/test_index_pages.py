"""The pages around the paper, as a reader gets them in Chromium: relations, sources, entity pages,
funding, data, the 404 page, and the section pages' single previous/next.

Expectations come from the real edition (names, mentions, relations, sources), so the tests follow
the annotations. Screenshots in dark go to ``test-artifacts/screenshots/<kind>-<device>-dark.png``
(the light ones come from ``test_layout``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from edition.edition import Edition
from edition.render import bibliography

from .harness import DESKTOP, PAGE_TYPES, PHONE, Tab

pytestmark = pytest.mark.browser

DEVICES: dict[str, dict[str, Any]] = {"phone": PHONE, "desktop": DESKTOP}


def entity_path(edition: Edition, ident: str) -> str:
    return f"/{edition.entity_kind(ident)}/{ident}/"


def path_of(page: Any, href: str) -> str:
    return urlsplit(urljoin(page.url, href)).path


# ── Relations ────────────────────────────────────────────────────────────────────────────────

# Every label's box in the SVG's own units, and the SVG's size.
LABEL_BOXES = """() => {
  const svg = document.querySelector('svg.relations-graph');
  const vb = svg.viewBox.baseVal;
  const boxes = [...svg.querySelectorAll('a.node text, text.group')].map(t => {
    const b = t.getBBox(); return {text: t.textContent, x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height};
  });
  return {width: vb.width, height: vb.height, boxes};
}"""


@pytest.mark.parametrize("device", list(DEVICES))
def test_relations_picture_links_every_entity_and_no_label_overlaps_or_is_cut(
    open_tab: Callable[..., Tab], edition: Edition, device: str
) -> None:
    tab = open_tab(**DEVICES[device])
    page = tab.open("/relations/")
    related = {e for r in edition.relations for e in (r.source, r.target)}
    nodes = page.locator("svg.relations-graph a.node")
    hrefs = nodes.evaluate_all("links => links.map(a => [a.getAttribute('href'), a.textContent])")
    assert {path_of(page, h) for h, _ in hrefs} == {entity_path(edition, e) for e in related}
    for href, text in hrefs:  # the link's text is the entity's name (wrapped lines joined)
        ident = path_of(page, href).rstrip("/").rsplit("/", 1)[-1]
        assert "".join(text.split()) == "".join(edition.entity(ident).name.split()), (text, ident)
    geometry = page.evaluate(LABEL_BOXES)
    boxes = geometry["boxes"]
    for b in boxes:
        assert b["x"] >= 0 and b["right"] <= geometry["width"] and b["bottom"] <= geometry["height"], f"label cut: {b}"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]
            assert not overlap, f"labels overlap: {a['text']!r} and {b['text']!r}"
    # Legible: on the phone too, the picture fits the column and its names stay at least 11 px high.
    svg = page.locator("svg.relations-graph").bounding_box()
    assert svg is not None and svg["x"] >= 0 and svg["x"] + svg["width"] <= page.viewport_size["width"]
    smallest = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('svg.relations-graph a.node tspan')].map(t => t.getBoundingClientRect().height))"
    )
    assert smallest >= 11, f"names are {smallest:.1f} px high on the {device}"
    assert tab.problems() == []


def test_relations_names_are_links_a_reader_can_follow(open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    page = tab.open("/relations/")
    ident = sorted({r.source for r in edition.relations})[0]
    node = page.locator(f"svg.relations-graph a.n-{ident}")
    node.focus()
    # Focus lights up its arcs (CSS :has, no script): they take the active colour and width.
    width = page.locator(f"svg.relations-graph path.e-{ident}").first.evaluate("p => getComputedStyle(p).strokeWidth")
    assert width == "2.5px", width
    node.press("Enter")
    page.wait_for_url(f"{tab.base_url}{entity_path(edition, ident)}")
    expect(page.locator("article h1")).to_have_text(edition.entity(ident).name)


def test_relations_picture_follows_light_and_dark(open_tab: Callable[..., Tab]) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page = open_tab(color_scheme=scheme).open("/relations/")
        colours[scheme] = page.evaluate(
            """() => ({
              text: getComputedStyle(document.querySelector('svg.relations-graph a.node text')).fill,
              link: getComputedStyle(document.querySelector('.md-typeset p a')).color,
              background: getComputedStyle(document.body).backgroundColor,
              edge: getComputedStyle(document.querySelector('svg.relations-graph path.edge')).stroke})"""
        )
        # The names are drawn in the colour of the page's links (currentColor), whatever the scheme.
        assert colours[scheme]["text"] == colours[scheme]["link"], colours[scheme]
    assert colours["light"]["text"] != colours["dark"]["text"]
    assert colours["light"]["background"] != colours["dark"]["background"]


def test_relations_text_alternative_lists_each_relation_under_both_entities(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab().open("/relations/")
    groups = page.locator(".relation-group")
    ids = groups.evaluate_all("gs => gs.map(g => g.id)")
    assert sorted(ids) == sorted({e for r in edition.relations for e in (r.source, r.target)})
    for r in edition.relations:
        for here, there in ((r.source, r.target), (r.target, r.source)):
            links = page.locator(f"#{here} li a").evaluate_all("as => as.map(a => a.pathname)")
            assert entity_path(edition, there) in links, f"{here}: no line for its relation with {there}"


# ── Sources ──────────────────────────────────────────────────────────────────────────────────


def test_sources_are_grouped_by_kind_and_ordered_by_label(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab().open("/sources/")
    expect(page.locator("article")).to_contain_text("in order of author (or, without one, publisher), then date")
    kinds = page.locator("article h2").all_inner_texts()
    expected_kinds = [bibliography.KIND_TITLES[k] for k in bibliography.KIND_TITLES if any(s.type == k for s in edition.sources)]
    assert kinds == expected_kinds
    entries = page.locator(".source-entry")
    ids = entries.evaluate_all("es => es.map(e => e.id)")
    assert ids == [s.id for s in sorted(edition.sources, key=lambda s: bibliography.sort_key(edition, s))]
    labels = page.locator(".source-entry .source-label").all_inner_texts()
    assert len(set(labels)) == len(labels), "two entries share a label"
    for s in edition.sources:  # author or publisher, title and date: each entry tells itself apart
        text = " ".join(page.locator(f"[id='{s.id}']").inner_text().split())
        for part in (s.title.rstrip("."), (s.author or "").split(";")[0].split(",")[0], s.publisher or ""):
            assert " ".join(part.split()) in text, (s.id, part)


def test_sources_cited_by_names_readable_records(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab().open("/sources/")
    texts = page.locator(".source-entry a:not([href^='http'])").evaluate_all("as => as.map(a => a.textContent.trim())")
    raw_ids = (
        {f.id for f in edition.funding} | {q.id for q in edition.questions} | {e.id for e in edition.events} | {n.id for n in edition.notes}
    )
    assert not [t for t in texts if t in raw_ids or t in ("event", "question", "note") or t.startswith("figure ")]
    assert "event, event" not in page.locator("article").inner_text()
    # A "cited by" link lands on the record it names.
    figure = next(f for f in edition.funding if f.sources)
    entry = page.locator(f"[id='{figure.sources[0]}']")
    link = entry.locator("details.cited-by a", has_text=figure.label).first
    expect(link).to_be_hidden()  # folded until the reader opens it
    entry.locator("details.cited-by > summary").click()
    expect(entry.locator("details.cited-by > summary")).to_contain_text("funding figure")
    link.click()
    page.wait_for_url(re.compile(f"/funding/#{figure.id}$"))
    expect(page.locator(f"tr[id='{figure.id}']")).to_contain_text(figure.label)


@pytest.mark.parametrize("path", ["/funding/", "/programs/merida-initiative/", "/questions/"])
def test_a_source_is_named_the_same_wherever_it_is_cited(open_tab: Callable[..., Tab], edition: Edition, path: str) -> None:
    page = open_tab().open(path)
    cited = page.locator("article a[href*='sources/#']").evaluate_all(
        "as => as.map(a => [a.hash.slice(1), a.textContent.trim(), !!a.closest('sup.claim-ref'), a.title])"
    )
    assert cited, f"{path} cites no source"
    for ident, text, is_claim_marker, title in cited:
        if is_claim_marker:  # a numbered marker after an editorial sentence: the name is its tooltip
            assert text.isdigit() and title.startswith(bibliography.label(edition, ident)), (path, ident, text, title)
        else:
            assert text == bibliography.label(edition, ident), (path, ident, text)


# ── Entity pages ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("ident", ["felipe-calderon", "merida-initiative"])
def test_entity_page_order_and_every_mention(open_tab: Callable[..., Tab], edition: Edition, ident: str) -> None:
    page = open_tab().open(entity_path(edition, ident))
    headings = page.locator("article h2").all_inner_texts()
    order = ["In the text", "Relations", "Questions the paper asks", "Funding figures", "Events", "Editorial notes", "Sources"]
    present = [h for h in order if h in headings]
    assert present == [h for h in headings if h in order], headings
    assert headings[0] == "In the text"
    # One description at the top (no repeated summary lines), then the mentions.
    expect(page.locator("article p.entity-lead")).to_have_text(edition.entity(ident).description)
    mentions = edition.mentions_of(ident)
    paragraphs = list(dict.fromkeys((m.span.doc, m.span.paragraph) for m in mentions))
    expect(page.locator("article p.mention-count")).to_contain_text(f"Named {len(mentions)} time")
    expect(page.locator("article a.backlink")).to_have_count(len(paragraphs))
    bold = page.locator("article p.mention-count + ul strong").all_inner_texts()
    assert sorted(bold) == sorted(m.span.exact for m in mentions), "every mention is listed, in bold in its sentence"
    # Records are grouped under headings with their titles, not as "Funding: …" lines.
    assert not page.locator("article li", has_text=re.compile(r"^(Funding|Event|Question): ")).count()


def test_program_page_lists_its_figures_as_a_table(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab().open(entity_path(edition, "merida-initiative"))
    figures = [f for f in edition.funding if f.program == "merida-initiative"]
    rows = page.locator(
        "xpath=//article//h2[normalize-space()='Funding figures']/following-sibling::*[1]/descendant-or-self::table//tbody/tr"
    )
    expect(rows).to_have_count(len(figures))


# ── Funding ──────────────────────────────────────────────────────────────────────────────────

AMOUNTS = "() => [...document.querySelectorAll('table.funding-table tbody td[data-column=amount]')].map(td => td.dataset.value)"


def test_funding_table_collapses_the_repeated_program_and_sorts_by_amount_and_year(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab().open("/funding/")
    programs = {f.program for f in edition.funding}
    if len(programs) == 1:
        expect(page.locator("table.funding-table th[data-column=program]")).to_have_count(0)
        expect(page.locator("h2#all-figures")).to_contain_text(edition.entity(programs.pop()).name)
    before = page.evaluate(AMOUNTS)
    page.get_by_role("button", name="Sort by Amount").click()
    ascending = page.evaluate(AMOUNTS)
    numbers = [float(v) for v in ascending if v]
    assert numbers == sorted(numbers) and ascending[len(numbers) :] == [""] * (len(ascending) - len(numbers))
    expect(page.locator("th[data-column=amount]")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("button", name="Sort by Amount").click()
    numbers = [float(v) for v in page.evaluate(AMOUNTS) if v]
    assert numbers == sorted(numbers, reverse=True)
    page.get_by_role("button", name="Sort by FY").click()
    years = page.evaluate(
        "() => [...document.querySelectorAll('td[data-column=year]')].map(td => td.dataset.value).filter(Boolean).map(Number)"
    )
    assert years == sorted(years)
    assert sorted(before) == sorted(page.evaluate(AMOUNTS)), "sorting lost or duplicated a row"


def test_funding_reads_without_scripts(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab(java_script_enabled=False).open("/funding/")
    expect(page.locator("table.funding-table tbody tr")).to_have_count(len(edition.funding))
    expect(page.locator("table.funding-table button")).to_have_count(0)
    expect(page.locator("table.funding-table thead")).to_contain_text("Amount")


def test_funding_on_a_phone_is_cards_with_labelled_fields(open_tab: Callable[..., Tab], edition: Edition) -> None:
    page = open_tab(**PHONE).open("/funding/")
    first = page.locator("table.funding-table tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    labels = first.locator("td").evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert '"Amount"' in labels and '"Sources"' in labels, labels
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390


# ── Data ─────────────────────────────────────────────────────────────────────────────────────


def test_data_page_gives_format_size_example_and_licence_of_each_file(open_tab: Callable[..., Tab], site_dir: Path) -> None:
    page = open_tab(**PHONE).open("/data/")
    files = sorted(p.name for p in (site_dir / "data").iterdir() if p.name != "index.html")
    names = page.locator("article h2 code").all_inner_texts()
    assert sorted(names) == files
    for name in files:
        section = page.locator(f"article h2:has(code:text-is('{name}'))")
        text = section.evaluate(
            "h => { let out = '', el = h.nextElementSibling; while (el && el.tagName !== 'H2') { out += el.innerText + '\\n'; el = el.nextElementSibling; } return out; }"
        )
        size = (site_dir / "data" / name).stat().st_size
        assert f"{size:,} bytes" in text or f"{size} bytes" in text, (name, text)
        for field in ("Format:", "Holds:", "Licence:", "Example:"):
            assert field in text, (name, field)
        # A file name is one unbroken line, even on a phone.
        lines = section.locator("code").evaluate("c => c.getClientRects().length")
        assert lines == 1, f"{name} breaks across lines"


# ── 404 and previous/next ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("missing", "nearest"),
    [("/actors/napolitano/", "/actors/janet-napolitano/"), ("/arzt-2009/gun-control.html#p8", "/arzt-2009/gun-control/#p8")],
)
def test_a_missing_address_gets_a_useful_404(open_tab: Callable[..., Tab], edition: Edition, missing: str, nearest: str) -> None:
    tab = open_tab()
    response = tab.page.goto(tab.base_url + missing)
    assert response is not None and response.status == 404
    page = tab.page
    expect(page.locator("article h1")).to_have_text("Page not found")
    suggestion = page.locator(".not-found-suggestion a")
    expect(suggestion).to_be_visible()
    href = urlsplit(suggestion.get_attribute("href") or "")
    assert href.path + (f"#{href.fragment}" if href.fragment else "") == nearest
    # The paper's contents: every section, linked.
    doc = edition.documents[0]
    contents = page.locator("article ul.not-found-contents a").evaluate_all("as => as.map(a => a.pathname)")
    assert {f"/{doc.spec.id}/{s.id}/" for s in doc.text.sections} <= set(contents)
    # The search box hands the query to the site's search.
    page.locator("#not-found-query").fill("Napolitano")
    page.locator("#not-found-query").press("Enter")
    page.wait_for_url(re.compile(r"\?q=Napolitano"))
    expect(page.locator(".md-search__input")).to_have_value("Napolitano")
    expect(page.locator(".md-search-result__list a[href*='/actors/janet-napolitano/']").first).to_be_visible()
    # The one failure allowed is the missing address itself.
    assert [p for p in tab.problems() if missing.split("#")[0] not in p] == []


def test_section_pages_show_previous_and_next_once(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    page = open_tab().open(f"/{doc.spec.id}/{doc.text.sections[1].id}/")
    expect(page.locator("nav.prev-next")).to_have_count(1)
    expect(page.locator(".md-footer__link:visible")).to_have_count(0)


# ── Dark screenshots and axe's heading order ─────────────────────────────────────────────────

DARK_KINDS = ["relations", "sources", "actor", "program", "funding", "data", "not-found"]


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("kind", DARK_KINDS)
def test_page_in_dark_fits_the_screen(open_tab: Callable[..., Tab], artifacts: Path, kind: str, device: str) -> None:
    tab = open_tab(color_scheme="dark", **DEVICES[device])
    page = tab.open(PAGE_TYPES[kind])
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    folder = artifacts / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{kind}-{device}-dark.png", full_page=True, scale="css", timeout=60_000)
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth")
    assert tab.problems() == []
