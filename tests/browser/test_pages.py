"""Every page of the built site, in Chromium: it loads, logs no error, and fetches only from the site.

The search box loads its index (``pagefind/``) only when the reader opens it, so no page fetches
it on load; tests/browser/test_search.py drives the search itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .harness import PAGE_TYPES, Tab

pytestmark = pytest.mark.browser


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the site as a URL path (``/``, ``/actors/``, ...), sorted."""
    folders = (p.parent.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    return sorted("/" if f == "." else f"/{f}/" for f in folders)


def test_site_pages_walk_finds_the_whole_site(site_dir: Path) -> None:
    pages = site_pages(site_dir)
    assert "/" in pages and "/arzt-2009/" in pages and "/arzt-2009/print/" in pages
    assert not any("//" in p for p in pages), pages


def test_every_page_loads_cleanly_and_fetches_only_from_the_site(open_tab: Callable[..., Tab], site_dir: Path) -> None:
    tab = open_tab()
    page = tab.page
    problems: list[str] = []
    pages = site_pages(site_dir)
    for path in pages:
        tab.reset()
        page.goto(tab.base_url + path, wait_until="load")
        if 'http-equiv="refresh"' in (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8"):
            # A retired section id: it must land on the section's new address.
            page.wait_for_url(lambda url, path=path: not url.split("#")[0].endswith(path))
            page.wait_for_load_state("load")
        if any("/pagefind/" in u or "search_index" in u for u in tab.requests):
            problems.append(f"{path}: the search index was fetched before anyone searched")
        problems += [f"{path}: {p}" for p in tab.problems()]
    # (The 404 page is not a folder of its own: test_index_pages visits it at missing addresses.)
    assert not set(PAGE_TYPES.values()) - set(pages) - {"/404.html"}, "a page kind the other browser tests visit is missing"
    assert not problems, f"{len(problems)} problems on {len(pages)} pages:\n" + "\n".join(problems)
