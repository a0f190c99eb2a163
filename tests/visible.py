"""The text a reader sees on a built page: everything but scripts, styles and code blocks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_HIDDEN = {"script", "style", "template", "svg", "head", "title"}
_CODE = {"pre", "code"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCK = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "td",
    "th",
    "tr",
    "section",
    "article",
    "aside",
    "nav",
    "summary",
    "details",
    "dd",
    "dt",
    "label",
    "figcaption",
    "option",
}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attrs: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Words a reader meets in attributes: tooltips, accessible names, alt text.
        self.attrs += [v for k, v in attrs if k in ("title", "alt", "aria-label", "placeholder") and v]
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag not in _VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not any(t in _HIDDEN or t in _CODE for t in self._stack):
            self.parts.append(data)


def visible_text(path: Path) -> tuple[str, list[str]]:
    """(the page's visible text, block breaks as newlines; the reader-facing attribute values)."""
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    return re.sub(r"\n\s*", "\n", text), parser.attrs
