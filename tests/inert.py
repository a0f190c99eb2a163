"""Judging a page for markup the site did not write: what the escaping tests look for.

``foreign_markup(html)`` lists every element or attribute in ``html`` that annotation text could
have smuggled in: event handlers, ``javascript:``/``data:`` and other non-web link targets,
resources from outside the site (any ``src``, ``srcset``, ``poster``... that is not a relative
path), ``<script>``/``<iframe>``/``<object>``/``<embed>``/``<form>``/``<base>``/``<style>``
elements outside the theme's own, ``<img>`` other than the site's pictures, ``<details>`` other
than the cite boxes, ``<abbr>`` (abbreviation definitions), and scripts whose text holds a
payload marker.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

SITE_DETAILS = {"Cite this paper", "Cite this section", "Cite a single paragraph", "Cite an editorial note"}
"""The summaries of the only ``<details>`` boxes the site writes (and the sources' ``Cited by …``)."""
SITE_DETAILS_PATTERN = re.compile(r"^(Cited by |Editorial note on )")
SITE_PICTURES = re.compile(r"^(\.\./)*assets/[a-z-]+\.svg$")
"""The only ``<img>`` the site writes: its own charts."""
NEVER = {"iframe", "object", "embed", "base", "abbr", "frame", "frameset", "applet"}
THEME_ONLY = {"script", "link", "meta", "form", "input", "button", "textarea", "select"}
"""Elements the theme writes (search box, toggles, bundles) that never belong in a page's content."""
REQUESTS = {"src", "srcset", "poster", "data", "background", "formaction", "action", "xlink:href", "ping", "lowsrc", "dynsrc"}
LINKS = {"href", "cite", "longdesc"}
PAYLOAD = re.compile(r"pwn\(|alert\(")
"""The hostile fixtures and the property test call ``pwn(...)`` (or ``alert(...)``) in their payloads."""
_HIDDEN = re.compile(r"[\s\x00-\x1f]+")


def _scheme(value: str) -> str:
    return urlsplit(_HIDDEN.sub("", value)).scheme.lower()


class _Judge(HTMLParser):
    def __init__(self, *, content_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.content_only = content_only
        self.found: list[str] = []
        self._script = False
        self._summary: list[str] | None = None
        self._details = 0
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        here = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in a.items())}>"
        for name, value in a.items():
            if name.startswith("on"):
                self.found.append(f"event handler: {here}")
            if name in REQUESTS and value:
                compact = _HIDDEN.sub("", value)
                if _scheme(value) or compact.startswith("//") or "\\" in compact:
                    self.found.append(f"request leaves the site: {here}")
            if name in LINKS and value:
                compact = _HIDDEN.sub("", value)
                if _scheme(value) not in ("", "http", "https") or compact.startswith("//") or "\\" in compact:
                    self.found.append(f"link target not on the web or the site: {here}")
            if name == "style" and self.content_only:
                self.found.append(f"style attribute: {here}")
            if PAYLOAD.search(name):
                self.found.append(f"payload in an attribute name: {here}")
        if tag in NEVER:
            self.found.append(f"element the site never writes: {here}")
        tab = tag == "input" and a.get("type") == "radio" and a.get("id", "").startswith("__tabbed_")  # the cite boxes' tabs
        data_block = tag == "script" and a.get("type") == "application/json"  # the paragraph citations (no code runs)
        if tag in THEME_ONLY and self.content_only and not tab and not data_block:
            self.found.append(f"theme element inside content: {here}")
        if tag == "img" and not SITE_PICTURES.match(a.get("src", "")):
            self.found.append(f"picture the site did not draw: {here}")
        if tag == "details":
            self._details += 1
        if tag == "summary":
            self._summary = []
        # Text inside a JSON data block is data (no code runs); breaking out of it would show as tags.
        self._script = tag == "script" and a.get("type") != "application/json"
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary" and self._summary is not None:
            text = " ".join("".join(self._summary).split())
            if text not in SITE_DETAILS and not SITE_DETAILS_PATTERN.match(text):
                self.found.append(f"details box the site did not write: {text!r}")
            self._summary = None
        self._script = False
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._summary is not None:
            self._summary.append(data)
        if self._script and PAYLOAD.search(data):
            self.found.append(f"payload inside a script: {data[:80]!r}")
        # The site writes a <style> for its relations picture; none may fetch or carry a payload.
        if self._style and (PAYLOAD.search(data) or "url(" in data or "@import" in data):
            self.found.append(f"style that fetches or carries a payload: {data[:80]!r}")


def foreign_markup(html: str, *, content_only: bool = False) -> list[str]:
    """Everything in ``html`` the site did not write; ``content_only`` for a page body without
    the theme (where no ``<script>``, ``<style>``, ``<link>`` or ``<meta>`` belongs at all)."""
    judge = _Judge(content_only=content_only)
    judge.feed(html)
    judge.close()
    return judge.found
