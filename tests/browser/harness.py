"""Helpers of the browser tests: page kinds, viewports, finding Chromium, and the recording ``Tab``."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# One page of every kind the site has (name -> path). Section pages: the first section (mentions,
# an editorial note) and the one that carries the footnote.
PAGE_TYPES = {
    "home": "/",
    "paper": "/arzt-2009/",
    "section": "/arzt-2009/introduction/",
    "section-footnote": "/arzt-2009/gun-control/",
    "print-view": "/arzt-2009/print/",
    "actors": "/actors/",
    "actor": "/actors/janet-napolitano/",
    "program": "/programs/merida-initiative/",
    "funding": "/funding/",
    "questions": "/questions/",
    "timeline": "/timeline/",
    "sources": "/sources/",
    "editing": "/editing/",
    "relations": "/relations/",
    "data": "/data/",
    "not-found": "/404.html",  # what a static host serves for a missing address (tests/browser/conftest.py does too)
}


def find_chromium() -> str | None:
    """The system Chromium: ``$CHROMIUM``, else ``chromium``/``chromium-browser`` on the PATH."""
    candidates = [os.environ.get("CHROMIUM", ""), shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


def launch(playwright: Any) -> Any:
    """The system Chromium, headless, with the flags every run uses (None when there is none):
    the browser tests' session browser and ``bench.search`` both start it here."""
    executable = find_chromium()
    return None if executable is None else playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def missing_browser(reason: str) -> NoReturn:
    """Skip the browser tests with ``reason`` (fail instead under ``CI=true``)."""
    message = f"browser tests need headless Chromium: {reason}. Install Debian's `chromium` package (`apt-get install chromium`) or set CHROMIUM=/path/to/chromium"
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{message} (CI=true: a missing browser is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


@dataclass
class Tab:
    """A page in its own browser context, with everything it asked for and everything that went wrong."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def open(self, path: str, **goto: Any) -> Any:
        """Go to ``path`` on the local site; the response must be a 200."""
        response = self.page.goto(self.base_url + path, **goto)
        assert response is not None and response.status == 200, f"{path}: HTTP {response.status if response else 'no response'}"
        return self.page

    def problems(self) -> list[str]:
        """Foreign requests, failed requests and console errors, one line each."""
        return (
            [f"request to another host: {u}" for u in self.foreign]
            + [f"failed request: {f}" for f in self.failed]
            + [f"console: {c}" for c in self.console]
        )

    def reset(self) -> None:
        self.requests.clear()
        self.foreign.clear()
        self.failed.clear()
        self.console.clear()


def is_local(url: str, base_url: str) -> bool:
    """Whether ``url`` is served by the local test server (or needs no server: data:, blob:)."""
    if urlsplit(url).scheme in ("data", "blob", "about"):
        return True
    return url.startswith(base_url + "/") or url == base_url
