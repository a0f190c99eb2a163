"""What a reader gets of the paper's own text: the expected text of a paragraph, and the text of
``p#pN`` in a built page, read the way a browser without scripts reads it.

The expected text is the paragraph after its declared corrections, with the paper's own footnote
markers left out (the page shows them as linked numbers). The page's text is the paragraph's
element without its ¶ link and footnote references; nothing else may be left out, so every
character an apparatus inserted into the sentences would show up.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from edition.document import Paragraph

# What the page legitimately holds inside a paragraph besides the author's text.
OWN_APPARATUS = 'a.pnum, sup[id^="fnref"]'
"""CSS selector of the ¶ link and footnote markers (used by the browser tests too)."""


def squash(text: str) -> str:
    """Whitespace as a browser renders it: runs of spaces and newlines are one space."""
    return " ".join(text.split())


def expected_text(p: Paragraph) -> str:
    """¶N as the author wrote it, after the declared corrections, without footnote markers."""
    text = p.text
    for ref in sorted(p.footnotes, key=lambda r: -r.start):
        text = text[: ref.start] + text[ref.end :]
    return squash(text)


class _ParagraphText(HTMLParser):
    """Collects the text of every ``<p id="pN" class="para">`` without its ¶ link and footnote refs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = {}
        self._current: str | None = None
        self._depth = 0
        self._skip = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self._current is None:
            if tag == "p" and "para" in a.get("class", "").split() and re.fullmatch(r"p\d+", a.get("id", "")):
                self._current, self._depth, self._parts = a["id"], 1, []
            return
        if tag == "p":
            self._depth += 1
        if self._skip or (tag == "a" and "pnum" in a.get("class", "").split()) or (tag == "sup" and a.get("id", "").startswith("fnref")):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._current is None:
            return
        if self._skip:  # every start tag inside a skipped element counted one up
            self._skip -= 1
            return
        if tag == "p":
            self._depth -= 1
            if self._depth == 0:
                self.texts[self._current] = squash("".join(self._parts))
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skip:
            self._parts.append(data)


def paragraph_texts(html: str) -> dict[str, str]:
    """``{"p1": text, ...}`` of the paper's paragraphs in one page's HTML."""
    parser = _ParagraphText()
    parser.feed(html)
    parser.close()
    return parser.texts


class _BodyText(HTMLParser):
    """The text content of a page's body, as ``document.body.textContent`` gives it (no scripts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_body = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_body = self._in_body or tag == "body"
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_body and not self._skip:
            self.parts.append(data)


def body_text(html: str) -> str:
    """A page's body text with whitespace squashed (what a TextQuoteSelector is matched against)."""
    parser = _BodyText()
    parser.feed(html)
    parser.close()
    return squash("".join(parser.parts))


def quote_selectors(annotations: dict[str, object]) -> list[tuple[str, str, str]]:
    """(annotation id, page URL, prefix + exact + suffix) of every TextQuoteSelector in ``annotations.jsonld``."""
    found = []
    first = annotations["first"]
    assert isinstance(first, dict)
    for item in first["items"]:
        target = item["target"]
        for selector in target["selector"]:
            if selector["type"] == "TextQuoteSelector":
                whole = selector.get("prefix", "") + selector["exact"] + selector.get("suffix", "")
                found.append((item["id"], target["source"].split("#")[0], squash(whole)))
    return found
