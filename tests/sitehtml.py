"""Reading the built site: visible text, links, ids and resource references of its HTML pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_SKIP_TEXT = {"script", "style", "template", "svg"}


@dataclass
class Page:
    """What the tests need to know about one HTML file."""

    text: str = ""
    article: str = ""
    """The visible text of the page's ``<article>`` alone: the content, without the theme's header, nav and footer."""
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    resources: list[tuple[str, str]] = field(default_factory=list)  # (tag/rel, url)
    meta: dict[str, list[str]] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._parts: list[str] = []
        self._article: list[str] = []
        self._skip = 0
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.page.links.append(a["href"])
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.page.resources.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            rel = a.get("rel", "")
            if any(
                r in rel.split()
                for r in ("stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "manifest")
            ):
                self.page.resources.append((f"link:{rel}", a["href"]))
        if tag == "object" and a.get("data"):
            self.page.resources.append((tag, a["data"]))
        if tag == "meta" and a.get("name"):
            self.page.meta.setdefault(a["name"], []).append(a.get("content", ""))
        if tag in _SKIP_TEXT:
            self._skip += 1
        if tag == "article":
            self._in_article += 1
        if tag in ("p", "div", "li", "h1", "h2", "h3", "br", "td", "th", "section", "article"):
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TEXT and self._skip:
            self._skip -= 1
        if tag in ("p", "div", "li", "h1", "h2", "h3", "td", "th"):
            self._add(" ")
        if tag == "article" and self._in_article:
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._add(data)

    def _add(self, text: str) -> None:
        self._parts.append(text)
        if self._in_article:
            self._article.append(text)

    def close(self) -> None:
        super().close()
        self.page.text = re.sub(r"\s+", " ", "".join(self._parts))
        self.page.article = re.sub(r"\s+", " ", "".join(self._article)).strip()


def read_page(path: Path) -> Page:
    """Parse one HTML file."""
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def html_files(site: Path) -> list[Path]:
    """Every HTML file of the built site, sorted."""
    return sorted(site.rglob("*.html"))
