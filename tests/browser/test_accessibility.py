"""Accessibility in Chromium: axe-core on every kind of page, in light and dark, and links by keyboard.

axe-core comes bundled with the axe-playwright-python package and is injected into the page (no
network). A serious or critical violation fails the test with the rule, the elements and axe's
explanation, and so does a heading-order finding of any impact (headings that skip a level, h1 to
h3, leave a screen reader's outline with holes); other minor and moderate findings are allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from edition.edition import Edition

from .harness import PAGE_TYPES, Tab

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
ALWAYS_BLOCKING = ("heading-order",)
"""Rules that fail the test whatever their impact."""


def blocks(violation: dict[str, Any]) -> bool:
    return violation["impact"] in BLOCKING or violation["id"] in ALWAYS_BLOCKING


def describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']} — {len(nodes)} element(s)"]
    for node in nodes[:5]:
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


# Rules whose outcome depends on the colour scheme: the dark run checks only these.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Until every CSS transition (a fading tooltip, the scheme's colour change) has finished, axe would
# measure contrast against colours caught half-way. (Endless animations, such as the pulse of
# Material's annotation markers, never finish and are not waited for.)
SETTLED = """() => document.getAnimations().every(a =>
  a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)"""


def axe_violations(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (axe is injected once per page load)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    page.wait_for_function(SETTLED)
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_accessibility_violation_in_light_or_dark(open_tab: Callable[..., Tab], kind: str) -> None:
    tab = open_tab()
    page = tab.open(PAGE_TYPES[kind])  # after "load": Material has built its widgets (annotations, tabs)
    blocking = [f"(light) {describe(v)}" for v in axe_violations(page) if blocks(v)]
    # Dark, as a reader gets it: the palette toggle in the header. Then the pointer leaves the
    # toggle, so that its tooltip is not part of the page under test.
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    page.wait_for_selector("body[data-md-color-scheme='slate']")
    page.mouse.move(0, 0)
    blocking += [f"(dark) {describe(v)}" for v in axe_violations(page, COLOUR_RULES) if blocks(v)]
    assert not blocking, f"{PAGE_TYPES[kind]}:\n" + "\n".join(blocking)


# Every link a sighted reader can see, numbered, so the Tab loop can tell which ones got focus.
# Links inside a widget that takes the focus itself (tabindex="-1", e.g. Material's annotation
# marker inside its focusable <aside>) are reached through that widget instead.
MARK_VISIBLE_LINKS = """() => {
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getClientRects().length > 0;
  const links = [...document.querySelectorAll('a[href], .md-annotation')]
    .filter(a => visible(a) && a.getAttribute('tabindex') !== '-1');
  links.forEach((a, i) => { a.dataset.kbd = String(i); });
  return links.map(a => ({kind: a.className || a.tagName.toLowerCase(), href: a.getAttribute('href') || ''}));
}"""


def test_every_visible_link_of_a_section_is_reachable_by_keyboard(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    tab = open_tab()
    page = tab.open(f"/{doc.spec.id}/{doc.text.sections[0].id}/")
    links: list[dict[str, str]] = page.evaluate(MARK_VISIBLE_LINKS)
    assert any("mention" in x["kind"] for x in links) and any("pnum" in x["kind"] for x in links)
    assert any("md-nav__link" in x["kind"] for x in links), "the navigation sidebar shows no links"
    reached: list[int] = []
    # Bounded: every focusable element once, plus slack for inputs, widgets that are not links and
    # the links inside Material's annotation tooltips. (Focus can drop to <body> for a moment while
    # an annotation's tooltip closes; the next Tab carries on from there.)
    for _ in range(3 * len(links) + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement?.dataset?.kbd ?? null")
        if focused is None:
            continue
        if reached and int(focused) == reached[0]:  # back at the first link: the cycle is complete
            break
        reached.append(int(focused))
    missed = [f"{links[i]['kind']} {links[i]['href']}" for i in range(len(links)) if i not in reached]
    assert not missed, f"{len(missed)} of {len(links)} visible links never got the keyboard focus:\n" + "\n".join(missed)
