"""``mkdocs serve`` keeps search working: after an annotation edit, the rebuilt site's search finds the new words.

The hook writes the Pagefind index after every build (``on_post_build``), the live server's
rebuilds included; this drives the real ``serve`` on a copy of the project, edits an actor's
summary, and searches for the edit in Chromium.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from miniproject import ROOT, copy_real_project

from .harness import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except OSError:
        return None


def _wait(condition: Any, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout:.0f} s; serve's log:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """(address, project, log) of ``mkdocs serve --strict`` on a copy of the real project."""
    project = copy_real_project(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"))
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "-f", str(project / "mkdocs.yml")], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield f"http://127.0.0.1:{port}", project, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_rebuild_under_serve_keeps_search_working_and_current(browser: Any, served: tuple[str, Path, Path]) -> None:
    base, project, log = served
    _wait(lambda: _get(base + "/pagefind/pagefind-entry.json") is not None, 240, "serve did not start with a search index", log)
    actors = project / "annotations" / "actors.yml"
    raw = actors.read_text(encoding="utf-8")
    first = yaml.safe_load(raw)["actors"][0]
    token = "Quixotically"
    start = " ".join(first["summary"][0]["text"].split()[:3])  # the first claim of its summary
    at = raw.index(start, raw.index(f"id: {first['id']}"))
    actors.write_text(raw[:at] + token + " " + raw[at:], encoding="utf-8")
    page_url = f"{base}/actors/{first['id']}/"
    _wait(lambda: token in (_get(page_url) or ""), 180, "the edit was not served", log)
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
