"""What a reader and a citer do, in Chromium: follow a name and come back, land on a ¶, hover
(search: test_search.py).

Facts the tests expect (sections, paragraph numbers, descriptions) come from the real edition,
so the tests follow the annotations instead of hard-coding them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from edition.edition import Edition

from .harness import PHONE, Tab

pytestmark = pytest.mark.browser

# Where an element sits relative to the bottom of the sticky header, in CSS pixels.
POSITION = """sel => {
  const el = document.querySelector(sel);
  const header = document.querySelector('.md-header');
  const r = el.getBoundingClientRect();
  const below = header ? header.getBoundingClientRect().bottom : 0;
  const root = document.scrollingElement;
  return {top: r.top - below, bottom: r.bottom, height: innerHeight, atEnd: scrollY + innerHeight >= root.scrollHeight - 1};
}"""


def in_view(page: Any, selector: str) -> dict[str, Any]:
    pos: dict[str, Any] = page.evaluate(POSITION, selector)
    return pos


def section_path(edition: Edition, index: int = 0) -> str:
    doc = edition.documents[0]
    return f"/{doc.spec.id}/{doc.text.sections[index].id}/"


def test_a_mention_opens_its_entity_and_a_backlink_returns_to_the_paragraph(open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    path = section_path(edition)
    page = tab.open(path)
    mention = page.locator("p.para a.mention").first
    paragraph = mention.evaluate("a => a.closest('p.para').id")
    entity_url = urljoin(page.url, mention.get_attribute("href"))
    entity_id = urlsplit(entity_url).path.rstrip("/").rsplit("/", 1)[-1]

    mention.click()
    page.wait_for_url(entity_url)
    expect(page.locator("article h1")).to_have_text(edition.entity(entity_id).name)

    backlink = page.locator(f'a.backlink[href$="{path}#{paragraph}"]')
    expect(backlink).to_have_count(1)
    backlink.click()
    page.wait_for_url(f"{tab.base_url}{path}#{paragraph}")
    pos = in_view(page, f"#{paragraph}")
    assert 0 <= pos["top"] < pos["height"] - 100, f"¶ {paragraph} is not in view after the backlink: {pos}"
    assert tab.problems() == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_paragraph_url_shows_that_paragraph_at_the_top(open_tab: Callable[..., Tab], edition: Edition, device: str) -> None:
    doc = edition.documents[0]
    # The longest section, and its second paragraph: there is text above it and enough below to scroll.
    index, section = max(enumerate(doc.text.sections), key=lambda s: (len(s[1].paragraphs), -s[0]))
    number = section.paragraphs[1]
    tab = open_tab(**(PHONE if device == "phone" else {}))
    page = tab.open(f"{section_path(edition, index)}#p{number}")
    page.wait_for_load_state("load")
    expect(page.locator(f"#p{number}")).to_be_in_viewport()
    pos = in_view(page, f"#p{number}")
    # Just below the sticky header: not hidden under it, and not far down the screen either.
    assert pos["top"] >= 0, f"¶{number} starts under the sticky header: {pos}"
    assert pos["top"] <= 64 or pos["atEnd"], f"¶{number} is not at the top of the viewport: {pos}"
    assert page.evaluate("document.querySelector(':target')?.id") == f"p{number}"


def test_the_pilcrow_link_is_the_paragraph_address(open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    path = section_path(edition)
    page = tab.open(path)
    number = edition.documents[0].text.sections[0].paragraphs[-1]
    pnum = page.locator(f"#p{number} > a.pnum")
    expect(pnum).to_have_attribute("href", f"#p{number}")
    expect(pnum).to_have_text(f"¶{number}")
    pnum.click()
    page.wait_for_url(f"{tab.base_url}{path}#p{number}")
    assert page.evaluate("document.querySelector(':target')?.id") == f"p{number}"


def test_hovering_a_mention_shows_its_description(open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    page = tab.open(section_path(edition))
    mention = page.locator("p.para a.mention").first
    entity_id = urlsplit(urljoin(page.url, mention.get_attribute("href"))).path.rstrip("/").rsplit("/", 1)[-1]
    mention.hover()
    # Material (feature content.tooltips) turns the title into a tooltip element it links by aria-describedby.
    expect(mention).to_have_attribute("aria-describedby", re.compile(r".+"))
    tooltip = page.locator(f"#{mention.get_attribute('aria-describedby')}")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_attribute("role", "tooltip")
    expect(tooltip).to_have_text(edition.entity(entity_id).description)


def test_hovering_a_correction_shows_the_source_reading(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    number, mark = next((p.number, m) for p in doc.text.paragraphs for m in p.marks if m.kind != "join")
    section = next(i for i, s in enumerate(doc.text.sections) if number in s.paragraphs)
    tab = open_tab()
    page = tab.open(section_path(edition, section))
    correction = page.locator(f"#p{number} span.correction").first
    correction.hover()
    tooltip = page.locator(f"#{correction.get_attribute('aria-describedby')}")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(mark.original.strip())
