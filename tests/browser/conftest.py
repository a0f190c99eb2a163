"""Browser fixtures: the built site served on 127.0.0.1 and driven in headless Chromium by Playwright.

- ``base_url``: the site (the session's strict build, ``built_site``) served by Python's
  ``http.server`` in a thread, on a free port. ``BROWSER_TEST_SITE=path/to/site`` serves an
  already-built site instead (quick iterations: ``make build``, then point it at ``site/``).
- ``browser``: one Chromium for the session. Playwright's own browser downloads are not used: we
  launch the system's Chromium (Debian's ``chromium`` package, or ``CHROMIUM=/path``). Without it
  the browser tests skip with a message saying what to install; under CI (``CI=true``) a missing
  browser fails them instead, so a green CI run always means the browser tests ran.
- ``open_tab``: a fresh browser context per call, recording every request, failed request and
  console error (``Tab.problems``). Requests to any host but the local server are aborted and
  reported: the reader's browser must fetch nothing from the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bench import serving

from .harness import ARTIFACTS, DESKTOP, Tab, find_chromium, is_local, launch, missing_browser


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: ``$BROWSER_TEST_SITE`` if set, else the session's strict build of the real site."""
    override = os.environ.get("BROWSER_TEST_SITE")
    if override:
        path = Path(override).resolve()
        assert (path / "index.html").is_file(), f"BROWSER_TEST_SITE={override!r} holds no built site"
        return path
    built: Path = request.getfixturevalue("built_site")
    return built


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """``http://127.0.0.1:<free port>``, serving ``site_dir`` for the whole session."""
    with serving.serve_folder(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (skipped, or failed under CI, when there is none)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("the `playwright` package is not installed (run `make setup`)")
    executable = find_chromium()
    if executable is None:
        missing_browser("no `chromium` executable found")
    playwright = sync_playwright().start()
    try:
        chromium = launch(playwright)
    except Exception as exc:
        playwright.stop()
        pytest.fail(f"Chromium at {executable} did not start: {exc}", pytrace=False)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def open_tab(browser: Any, base_url: str) -> Iterator[Callable[..., Tab]]:
    """``open_tab(**context_options) -> Tab``: a fresh context (desktop size unless told otherwise)."""
    contexts: list[Any] = []

    def make(**options: Any) -> Tab:
        context = browser.new_context(**{**DESKTOP, **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(page=None, base_url=base_url)

        def on_request(request: Any) -> None:
            tab.requests.append(request.url)
            if not is_local(request.url, base_url):
                tab.foreign.append(request.url)

        def on_response(response: Any) -> None:
            if response.status >= 400:
                tab.failed.append(f"HTTP {response.status} {response.url}")

        def on_console(message: Any) -> None:
            if message.type == "error":
                tab.console.append(f"{message.text} ({message.location.get('url', '')})")

        def on_failed(request: Any) -> None:
            # ERR_ABORTED is a request the browser cancelled because the test moved on to the next
            # page (a late favicon, say): not a fault of the site.
            if "ERR_ABORTED" not in (request.failure or ""):
                tab.failed.append(f"{request.url} ({request.failure})")

        # Nothing leaves the machine: anything not addressed to the local server is aborted (and
        # recorded by on_request). A regex, not a Python predicate: that would cost a round trip
        # to Python per request (about 25% slower page loads, measured).
        context.route(re.compile(f"^(?!{re.escape(base_url)}/)"), lambda route: route.abort())
        context.on("request", on_request)
        context.on("response", on_response)
        context.on("requestfailed", on_failed)
        context.on("console", on_console)
        context.on("weberror", lambda e: tab.console.append(f"uncaught: {e.error}"))
        tab.page = context.new_page()
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/`` (git-ignored): screenshots and PDFs for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
