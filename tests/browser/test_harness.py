"""The browser harness itself: the missing-browser policy, and the guard against network requests.

The policy tests need no browser, so they run (unmarked) everywhere, including where the browser
tests skip: they are what makes "skipped locally, failed under CI" true.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .harness import Tab, missing_browser


@pytest.mark.parametrize("ci", ["", "false"])
def test_without_a_browser_the_tests_skip_locally(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        missing_browser("no `chromium` executable found")


@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_without_a_browser_the_tests_fail_under_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"CI=true: a missing browser is a failure"):
        missing_browser("no `chromium` executable found")


@pytest.mark.browser
def test_requests_to_other_hosts_are_blocked_and_reported(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    page = tab.open("/")
    tab.reset()
    outcome = page.evaluate("() => fetch('https://cdn.example.org/lib.js').then(() => 'fetched', () => 'blocked')")
    assert outcome == "blocked"
    assert tab.foreign == ["https://cdn.example.org/lib.js"]
    assert any("cdn.example.org" in p for p in tab.problems())
