"""The paper's text is never interrupted, in Chromium: after scripts ran, on screen and in print.

For every paragraph of every document on its section page and the print page, the text of
``p#pN`` (without its ¶ link and footnote references) equals the paragraph after its declared
corrections: as DOM text (``textContent``: copy-paste, screen readers, text fragments), as rendered
text (``innerText``), under print media, and with the ¶ panel open. And every annotation of
``annotations.jsonld`` anchors in its page's text after scripts. The static HTML is checked
without a browser in ``tests/test_paper_text.py`` and ``tests/test_annotation_anchors.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from edition.edition import Edition
from papertext import OWN_APPARATUS, expected_text, quote_selectors

from .harness import Tab

pytestmark = pytest.mark.browser

TEXTS = """own => Object.fromEntries([...document.querySelectorAll('p.para[id]')].map(p => {
  const copy = p.cloneNode(true);
  copy.querySelectorAll(own).forEach(el => el.remove());
  // innerText needs the element rendered: measure the live paragraph with its own parts hidden.
  const hidden = [...p.querySelectorAll(own)];
  hidden.forEach(el => el.style.setProperty('display', 'none', 'important'));
  const rendered = p.innerText;
  hidden.forEach(el => el.style.removeProperty('display'));
  const squash = s => s.split(/\\s+/).filter(Boolean).join(' ');
  return [p.id, {dom: squash(copy.textContent), rendered: squash(rendered)}];
}))"""


def texts(page: Any) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = page.evaluate(TEXTS, OWN_APPARATUS)
    return found


def compare(where: str, shown: dict[str, dict[str, str]], expected: dict[str, str]) -> list[str]:
    assert sorted(shown) == sorted(expected), where
    return [
        f"{where} ¶{pid[1:]} ({kind}):\n  page: {got!r}\n  text: {expected[pid]!r}"
        for pid, kinds in shown.items()
        for kind, got in kinds.items()
        if got != expected[pid]
    ]


def test_every_paragraph_after_scripts_on_screen_and_in_print(open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    wrong: list[str] = []
    for d in edition.documents:
        pages = {f"/{d.spec.id}/{s.id}/": s.paragraphs for s in d.text.sections}
        pages[f"/{d.spec.id}/print/"] = tuple(p.number for p in d.text.paragraphs)
        for path, numbers in pages.items():
            expected = {f"p{n}": expected_text(d.text.paragraph(n)) for n in numbers}
            page = tab.open(path)
            page.wait_for_load_state("load")
            wrong += compare(path, texts(page), expected)
            first = page.locator(f"#p{numbers[0]} > a.pnum")
            first.click()  # opens the ¶ panel where the page offers one: it must stand outside the text
            wrong += compare(f"{path} (¶ panel open)", texts(page), expected)
            page.emulate_media(media="print")
            wrong += compare(f"{path} (print)", texts(page), expected)
            page.emulate_media(media="screen")
    assert tab.problems() == []
    assert wrong == [], "\n".join(wrong)


def test_every_annotation_anchors_after_scripts(open_tab: Callable[..., Tab], site_dir: Path) -> None:
    annotations = json.loads((site_dir / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    selectors = quote_selectors(annotations)
    tab = open_tab()
    texts: dict[str, str] = {}
    missing = []
    for ident, url, whole in selectors:
        path = urlsplit(url).path
        if path not in texts:
            page = tab.open(path)
            page.wait_for_load_state("load")
            texts[path] = page.evaluate("() => document.body.textContent.split(/\\s+/).filter(Boolean).join(' ')")
        if whole not in texts[path]:
            missing.append(f"{ident}: {whole!r} not on {path}")
    assert missing == [], f"{len(missing)} of {len(selectors)} annotations do not anchor:\n" + "\n".join(missing[:20])
