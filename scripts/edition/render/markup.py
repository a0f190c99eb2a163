"""Markdown helpers for the renderers: relative links, dates, money, and the escaping names.

The escaping itself lives in ``edition.escape`` (one function per context); the names below are
kept for the renderers: ``escape`` (plain text as inline Markdown), ``attr`` (an attribute or
link title), ``safe_markdown`` and ``inline_markdown`` (the editorial Markdown subset); dates in
words come from ``edition.dates`` (``human_date``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from functools import lru_cache

from .. import dates
from ..escape import html_attr, md_block, md_block_inline, md_inline

escape = md_inline
attr = html_attr
safe_markdown = md_block
inline_markdown = md_block_inline
human_date = dates.human_date


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


def when_written(dates: Sequence[str], at: str = "in") -> str:
    """When the texts were written, for prose about "the paper's date": ``in May 2010`` for one
    date (``at`` is the preposition: ``in``, ``as of``), ``between May 2010 and March 2011``
    (capitalised like ``at``) for several. The dates come from the documents' specs, so
    no paper's date is written into the generator."""
    distinct = sorted(set(dates), key=lambda d: d + "-99" * (2 - d.count("-")))
    if not distinct:
        return ""
    if len(distinct) == 1:
        return f"{at} {human_date(distinct[0])}"
    between = "Between" if at[:1].isupper() else "between"
    return f"{between} {human_date(distinct[0])} and {human_date(distinct[-1])}"


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
