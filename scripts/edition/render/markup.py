"""Markdown helpers for the renderers: escaping, safe editorial Markdown, relative links.

Text from the sources and from YAML names is inserted with ``escape`` (every character that
Markdown or its extensions would read as syntax is neutralised). Editorial Markdown (summaries,
notes) keeps emphasis and links but loses raw HTML, attribute lists and unsafe URL schemes, so a
``<script>`` in a note arrives on the page as text.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
_SAFE_URL = re.compile(r"^(https?://|mailto:|#|[^:]*$)", re.IGNORECASE)
_INLINE_TARGET = re.compile(r"\]\(([^)\"']*)")
"""``](target``: an inline link or image, its target up to the closing bracket or a title's quote."""
_REFERENCE_TARGET = re.compile(r"(\]:[ \t]*(?:\n[ \t]*)?)(\S+)")
"""``]: target``: a reference definition (judged anywhere, not only at a line start, because
``inline_markdown`` flattens lines and could move one to the start of a line)."""
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text."""
    # Most text has nothing to escape: finding that out is far cheaper than a translation.
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", **{ord(c): "\\" + c for c in "\\`*_[]{}#|!"}}
"""``html.escape(text, quote=False)`` and a backslash before each of ``_MD_SPECIAL``, in one pass
(no replacement makes a character the other step would touch, so the result is the same)."""
_NEEDS_ESCAPE = re.compile(r"[&<>\\`*_\[\]{}#|!]")


_ATTR_SPECIAL = str.maketrans({"`": "&#96;", "[": "&#91;", "]": "&#93;", "\n": " "})
"""Markdown reads code spans, links and footnote refs even inside raw HTML attributes and link
titles (those inline patterns run before raw HTML is set aside): as entities they stay text."""


def attr(text: str) -> str:
    """Text for a double-quoted Markdown link title or HTML attribute."""
    return html.escape(text, quote=True).translate(_ATTR_SPECIAL)


def safe_markdown(text: str) -> str:
    """Editorial Markdown with raw HTML, attribute lists and unsafe link targets neutralised."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "\\{").replace("}", "\\}")
    text = re.sub(r"\[\^", r"\\[^", text)
    text = _REFERENCE_TARGET.sub(lambda m: m.group(1) + (m.group(2) if _safe_target(m.group(2)) else "#"), text)
    return _INLINE_TARGET.sub(lambda m: "](" + (m.group(1) if _safe_target(m.group(1)) else "#"), text)


def _safe_target(url: str) -> bool:
    """Whether a link target is http(s), mailto, a fragment or a relative path. Browsers drop
    whitespace and control characters inside a URL (``java\\nscript:`` is ``javascript:``), so the
    target is judged without them."""
    return bool(_SAFE_URL.match(_INVISIBLE.sub("", url)))


def inline_markdown(text: str) -> str:
    """Safe editorial Markdown flattened to one line (for table cells and list items)."""
    return " ".join(safe_markdown(text).split()).replace("|", "\\|")


def rel(from_page: str, to_page: str, fragment: str = "") -> str:
    """Relative link between two site source paths (``a/b.md`` -> ``../c/d.md#x``)."""
    target = _relative(posixpath.dirname(from_page) or ".", to_page)
    return f"{target}#{fragment}" if fragment else target


@lru_cache(maxsize=8192)
def _relative(base: str, to_page: str) -> str:
    # ``relpath`` asks the OS for the working directory twice per call, and the pages ask for the
    # same few hundred (folder, page) pairs over and over: a large edition asked 100,000 times.
    return posixpath.relpath(to_page, base)


def page_url(from_page: str, to_page: str, fragment: str = "") -> str:
    """The URL of ``to_page`` as the browser resolves it from ``from_page``, both source paths, for
    raw HTML that MkDocs does not rewrite (directory URLs: ``a/b.md`` is served at ``a/b/``)."""

    def served(path: str) -> str:
        stem = path[: -len(".md")] if path.endswith(".md") else path
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        return stem.rstrip("/") + "/" if stem else ""

    base = served(from_page) or "."
    target = posixpath.relpath(served(to_page) or ".", base) + "/"
    target = "./" if target == "./" else target
    return f"{target}#{fragment}" if fragment else target


def link(text_md: str, from_page: str, to_page: str, fragment: str = "", title: str | None = None) -> str:
    """A Markdown link; ``text_md`` must already be Markdown."""
    titled = f' "{attr(title)}"' if title else ""
    return f"[{text_md}]({rel(from_page, to_page, fragment)}{titled})"


def indent(text: str, spaces: int = 4) -> str:
    """Indent every non-empty line (for content of lists, tabs and admonitions)."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def human_date(date: str) -> str:
    """``2009-08-13`` -> ``13 August 2009``; ``2009-08`` -> ``August 2009``."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def page_path(kind: str, ident: str) -> str:
    """Source path of an entity page."""
    return f"{kind}/{ident}.md"


def money(amount: float, currency: str = "USD", approximate: bool = False) -> str:
    """``400000000`` -> ``US$400 million``."""
    symbol = "US$" if currency == "USD" else "MX$"
    about = "about " if approximate else ""
    if amount >= 1_000_000_000:
        value = f"{amount / 1_000_000_000:.2f}".rstrip("0").rstrip(".") + " billion"
    elif amount >= 1_000_000:
        value = f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".") + " million"
    else:
        value = f"{amount:,.0f}"
    return f"{about}{symbol}{value}"
