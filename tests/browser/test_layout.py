"""Phone and desktop: every kind of page fits the screen, and leaves a full-page screenshot to look at.

Screenshots go to ``test-artifacts/screenshots/<kind>-<device>.png`` (git-ignored); a person
reviews them after a change to the CSS or the templates. The assertion is the one a machine can
make: on a 390 px phone nothing makes the page scroll sideways.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .harness import DESKTOP, PAGE_TYPES, PHONE, Tab

pytestmark = pytest.mark.browser

DEVICES: dict[str, dict[str, Any]] = {"phone": PHONE, "desktop": DESKTOP}

# The widest elements that stick out of the viewport, to say what to fix when the page scrolls sideways.
OVERFLOWING = """() => [...document.querySelectorAll('.md-main *')]
  .filter(el => el.getBoundingClientRect().right > innerWidth + 1 && getComputedStyle(el).position !== 'fixed')
  .filter(el => !el.closest('.md-typeset__scrollwrap, pre, .tabbed-labels, .md-sidebar'))
  .slice(0, 8)
  .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`)"""


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_fits_the_screen(open_tab: Callable[..., Tab], artifacts: Path, kind: str, device: str) -> None:
    tab = open_tab(**DEVICES[device])
    page = tab.open(PAGE_TYPES[kind])
    folder = artifacts / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    # CSS-pixel scale keeps the phone's 2x screenshots small enough to read and to store.
    page.screenshot(path=folder / f"{kind}-{device}.png", full_page=True, scale="css", timeout=60_000)  # tall pages, busy machines
    width = page.evaluate("() => ({scroll: document.scrollingElement.scrollWidth, inner: innerWidth})")
    assert width["scroll"] <= width["inner"], f"{PAGE_TYPES[kind]} scrolls sideways on the {device} ({width}): {page.evaluate(OVERFLOWING)}"
    assert tab.problems() == []
