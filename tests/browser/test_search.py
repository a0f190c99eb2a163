"""Search as a reader uses it, in Chromium, on the built site: what they type, what they get, where it opens.

Issue 18: accents and case do not matter, aliases count; a hit in the paper is its paragraph; notes,
questions and figures are results of their own; an entity's name puts its page first; filters;
nothing from the web and little loaded; phone and desktop, keyboard only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from edition.edition import Edition
from edition.search import fold

from .harness import PHONE, Tab
from .test_accessibility import BLOCKING, axe_violations, describe

pytestmark = pytest.mark.browser

HITS = "#edition-search-results a.edition-search__hit"


def search(tab: Tab, query: str, path: str = "/", *, typed: bool = True) -> Any:
    """Open ``path``, type ``query`` into the search box as a reader would (or paste it: ``typed=False``);
    wait for its results."""
    page = tab.open(path) if urlsplit(tab.page.url).path != path else tab.page
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    expect(page.locator("#edition-search-results")).not_to_have_attribute("data-query", re.compile("."))
    if typed:
        box.press_sequentially(query, delay=5)
    else:
        box.fill(query)
    expect(page.locator("#edition-search-results")).to_have_attribute("data-query", query)
    return page


def hits(page: Any) -> list[dict[str, str]]:
    """The results shown, in order: site path with fragment, kind label, title, snippet, marked words."""
    script = """links => links.map(a => ({
        href: new URL(a.href).pathname + new URL(a.href).hash,
        label: a.querySelector('.edition-search__label').textContent,
        title: a.querySelector('.edition-search__title').textContent,
        snippet: a.querySelector('.edition-search__snippet').textContent,
        marked: Array.from(a.querySelectorAll('mark')).map(m => m.textContent).join('|'),
    }))"""
    result: list[dict[str, str]] = page.locator(HITS).evaluate_all(script)
    return result


@pytest.mark.parametrize(
    "variants",
    [("Calderon", "calderón", "CALDERÓN", "Calderón"), ("Merida", "Mérida", "MERIDA"), ("Napolitano", "napolitano")],
    ids=["calderon", "merida", "napolitano"],
)
def test_accents_and_case_do_not_change_the_results(open_tab: Callable[..., Tab], variants: tuple[str, ...]) -> None:
    tab = open_tab()
    answers = []
    for query in variants:
        page = search(tab, query)
        answers.append([h["href"] for h in hits(page)])
    assert answers[0], f"{variants[0]!r} found nothing"
    assert all(a == answers[0] for a in answers), dict(zip(variants, answers, strict=True))
    # and the paper's own spelling is marked where it stands, accent and all
    marked = {m for h in hits(page) for m in h["marked"].split("|") if m}
    assert any(fold(m).startswith(fold(variants[0])) for m in marked), marked
    assert tab.problems() == []


@pytest.mark.parametrize(
    ("query", "expected", "kind"),
    [
        ("Calderon", "/actors/felipe-calderon/", "Actor · person"),
        ("Mérida", "/programs/merida-initiative/", "Program · initiative"),
        ("merida initiative", "/programs/merida-initiative/", "Program · initiative"),
        ("BEST", "/programs/best-mexico/", "Program · task force"),
        ("Border Czar", "/actors/alan-bersin/", "Actor · person"),
        ("PGR", "/actors/pgr/", "Actor · agency"),
        ("Napolitano", "/actors/janet-napolitano/", "Actor · person"),
        ("Beyond Merida", "/programs/beyond-merida/", "Program · framework"),
    ],
)
def test_an_entity_s_name_or_alias_puts_its_page_first_with_its_kind(
    open_tab: Callable[..., Tab], query: str, expected: str, kind: str
) -> None:
    tab = open_tab()
    first = hits(search(tab, query))[0]
    assert first["href"] == expected, first
    assert first["label"] == kind


def test_every_alias_of_every_entity_puts_it_first(open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    page = tab.open("/")
    wrong = []
    for kind, group in (("actors", edition.actors), ("programs", edition.programs)):
        for entity in group:
            for name in (entity.name, *entity.aliases):
                found = hits(search(tab, name, typed=False))
                first = found[0]["href"] if found else "nothing"
                if first != f"/{kind}/{entity.id}/":
                    wrong.append(f"{name!r} -> {first}")
    assert page is not None and not wrong, wrong


def _distinctive_word(edition: Edition) -> tuple[str, int, str]:
    """A word that occurs in exactly one paragraph of the paper (and in no editorial text it is
    likely to clash with): (word, ¶ number, section id)."""
    doc = edition.documents[0]
    seen: dict[str, set[int]] = {}
    for p in doc.text.paragraphs:
        for word in re.findall(r"[A-Za-z]{9,}", p.text):
            seen.setdefault(word.lower(), set()).add(p.number)
    word, numbers = next((w, n) for w, n in sorted(seen.items()) if len(n) == 1 and w.isalpha())
    number = next(iter(numbers))
    return word, number, doc.text.paragraphs[number - 1].section


def test_a_hit_in_the_paper_is_its_paragraph_and_opens_there(open_tab: Callable[..., Tab], edition: Edition) -> None:
    word, number, section_id = _distinctive_word(edition)
    doc = edition.documents[0]
    section = next(s for s in doc.text.sections if s.id == section_id)
    tab = open_tab()
    page = search(tab, word)
    paper = [h for h in hits(page) if h["label"] == "Paper"]
    assert paper, hits(page)
    hit = paper[0]
    assert hit["href"] == f"/{doc.spec.id}/{section_id}/#p{number}"
    assert hit["title"] == f"¶{number} · {section.title}"
    assert word in hit["marked"].lower()
    page.locator(HITS).filter(has_text=f"¶{number} · {section.title}").first.click()
    page.wait_for_url(re.compile(rf"/{doc.spec.id}/{section_id}/#p{number}$"))
    assert page.evaluate("document.querySelector(':target')?.id") == f"p{number}"
    expect(page.locator(f"#p{number}")).to_be_in_viewport()
    assert tab.problems() == []


def test_questions_and_figures_are_results_that_open_at_their_fragment(open_tab: Callable[..., Tab], edition: Edition) -> None:
    question = sorted(edition.questions, key=lambda q: q.id)[0]
    figure = sorted(edition.funding, key=lambda f: f.id)[0]
    tab = open_tab()
    for query, href, label in (
        (edition.anchors[("question", question.id)].exact, f"/questions/#{question.id}", "Question"),
        (figure.label, f"/funding/#{figure.id}", "Figure"),
    ):
        page = search(tab, query, "/")
        found = [h for h in hits(page) if h["href"] == href]
        assert found and found[0]["label"].startswith(label), (query, hits(page)[:5])
        page.locator(f'{HITS}[href$="{href}"]').first.click()
        page.wait_for_url(re.compile(re.escape(href) + "$"))
        assert page.evaluate("document.querySelector(':target')?.id") == href.split("#")[1]
        page.goto(tab.base_url + "/")
    assert tab.problems() == []


def test_notes_are_results_of_their_own_on_their_section_page(open_tab: Callable[..., Tab], edition: Edition) -> None:
    note = sorted(edition.notes, key=lambda n: n.id)[0]
    span = edition.anchors[("note", note.id)]
    doc = edition.document(span.doc)
    section_id = doc.text.paragraphs[span.paragraph - 1].section
    tab = open_tab()
    page = search(tab, note.title)
    found = [h for h in hits(page) if h["label"].startswith("Note on")]
    href = f"/{doc.spec.id}/{section_id}/#note-{note.id}"
    assert found and found[0]["href"] == href, hits(page)[:5]
    assert found[0]["title"] == note.title
    assert f"¶{span.paragraph}" in found[0]["label"]
    page.locator(f'{HITS}[href$="{href}"]').first.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert page.evaluate("document.querySelector(':target')?.id") == f"note-{note.id}"
    assert tab.problems() == []


@pytest.mark.parametrize(("kind", "label"), [("Paper text", "Paper"), ("Programs", "Program"), ("Actors", "Actor"), ("Notes", "Note")])
def test_a_filter_keeps_only_its_kind(open_tab: Callable[..., Tab], kind: str, label: str) -> None:
    tab = open_tab()
    page = search(tab, "Mérida")
    everything = hits(page)
    page.locator(".edition-search__filters label").filter(has_text=re.compile(rf"^\s*{kind}$")).locator("input").check()
    expect(page.locator(HITS).first).to_be_visible()
    page.wait_for_function(f"() => [...document.querySelectorAll({HITS!r})].every(a => a.dataset.kind === {label!r})")
    only = hits(page)
    assert only and all(h["label"].split(" ")[0] == label for h in only), only
    assert len(only) < len(everything) or all(h["label"].split(" ")[0] == label for h in everything)


def test_every_filter_is_offered(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    page = search(tab, "Mérida")
    offered = page.locator(".edition-search__filters label").all_text_contents()
    assert [o.strip() for o in offered] == ["Paper text", "Actors", "Programs", "Questions", "Notes", "Figures", "Pages"]


def test_search_loads_nothing_until_asked_and_nothing_from_elsewhere(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    page = tab.open("/arzt-2009/introduction/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in tab.requests if "/pagefind/" in u], "the index was fetched before the reader searched"
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if "/pagefind/" in r.url else None)
    search(tab, "Calderón", "/arzt-2009/introduction/")
    page.wait_for_load_state("networkidle")
    assert sizes and sum(sizes) < 1_000_000, sum(sizes)
    assert tab.problems() == []


def _keyboard_search(page: Any, query: str) -> None:
    page.keyboard.type(query, delay=5)
    expect(page.locator("#edition-search-results")).to_have_attribute("data-query", query)


def test_keyboard_only_on_desktop_slash_arrows_enter_escape(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    page = tab.open("/")
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    _keyboard_search(page, "Border Czar")
    page.keyboard.press("ArrowDown")
    first = page.locator(HITS).first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(HITS).nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False
    page.keyboard.press("/")
    page.keyboard.press("Enter")  # Enter in the box opens the first result
    page.wait_for_url(re.compile(r"/actors/alan-bersin/$"))
    assert tab.problems() == []


def test_keyboard_only_on_a_phone_tab_to_the_search_button(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(**PHONE)
    page = tab.open("/")
    button = page.locator('.md-header__button[for="__search"]')
    expect(button).to_be_visible()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-header__button[for=\"__search\"]')"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".md-search__input")).to_be_focused()
    _keyboard_search(page, "Calderon")
    page.keyboard.press("ArrowDown")
    expect(page.locator(HITS).first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/actors/felipe-calderon/$"))
    assert tab.problems() == []


@pytest.mark.parametrize("device", ["desktop", "phone", "desktop-dark", "phone-dark"])
def test_results_are_visible_readable_and_accessible(open_tab: Callable[..., Tab], artifacts: Any, device: str) -> None:
    options: dict[str, Any] = dict(PHONE) if device.startswith("phone") else {}
    if device.endswith("dark"):
        options["color_scheme"] = "dark"  # the palette follows the reader's system setting
    tab = open_tab(**options)
    page = tab.open("/")
    if device.startswith("phone"):
        page.locator('.md-header__button[for="__search"]').click()
    page = search(tab, "Mérida")
    first = page.locator(HITS).first
    expect(first).to_be_in_viewport()
    box = first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"search-{device}.png"))
    blocking = [describe(v) for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(blocking)
