"""``mkdocs serve`` keeps search working: after an annotation edit, the rebuilt site's search finds the new words.

The hook writes the Pagefind index after every build (``on_post_build``), the live server's
rebuilds included; this drives the real ``serve`` on a copy of the project, edits an actor's
summary, and searches for the edit in Chromium.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bench import serving
from playwright.sync_api import expect

from miniproject import copy_real_project

from .harness import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _wait(condition: Any, timeout: float, what: str, log: Path) -> None:
    if not serving.wait_until(condition, timeout):
        pytest.fail(f"{what} within {timeout:.0f} s; serve's log:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """(address, project, log) of ``mkdocs serve --strict`` on a copy of the real project."""
    project = copy_real_project(tmp_path / "project")
    port = serving.free_port()
    log = tmp_path / "serve.log"
    process = serving.start(serving.serve_command("mkdocs", project, port), project, log)
    try:
        yield f"http://127.0.0.1:{port}", project, log
    finally:
        serving.stop(process)


def test_a_rebuild_under_serve_keeps_search_working_and_current(browser: Any, served: tuple[str, Path, Path]) -> None:
    base, project, log = served
    _wait(lambda: serving.get(base + "/pagefind/pagefind-entry.json") is not None, 240, "serve did not start with a search index", log)
    actors = project / "annotations" / "actors.yml"
    raw = actors.read_text(encoding="utf-8")
    first = yaml.safe_load(raw)["actors"][0]
    token = "Quixotically"
    start = " ".join(first["summary"][0]["text"].split()[:3])  # the first claim of its summary
    at = raw.index(start, raw.index(f"id: {first['id']}"))
    actors.write_text(raw[:at] + token + " " + raw[at:], encoding="utf-8")
    page_url = f"{base}/actors/{first['id']}/"
    _wait(lambda: token in (serving.get(page_url) or ""), 180, "the edit was not served", log)
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        # The index is written after the pages: allow the rebuild to finish it.
        deadline = time.monotonic() + 60
        while True:
            page.goto(base + "/")
            box = page.locator(".md-search__input")
            box.click()
            box.fill(token)
            results = page.locator("#edition-search-results")
            expect(results).to_have_attribute("data-query", token)
            hrefs = page.locator("#edition-search-results a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
            if hrefs or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert hrefs and hrefs[0] == f"/actors/{first['id']}/", hrefs
    finally:
        context.close()
