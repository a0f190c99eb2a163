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

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
_SAFE_URL = re.compile(r"^(https?://|mailto:|#|[^:]*$)", re.IGNORECASE)
_LINK = re.compile(r"\]\(([^)\s]*)([^)]*)\)")


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text."""
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def attr(text: str) -> str:
    """Text for a double-quoted Markdown link title or HTML attribute."""
    return html.escape(text, quote=True).replace("\n", " ")


def safe_markdown(text: str) -> str:
    """Editorial Markdown with raw HTML, attribute lists and unsafe link targets neutralised."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "\\{").replace("}", "\\}")
    text = re.sub(r"\[\^", r"\\[^", text)
    return _LINK.sub(lambda m: "](" + (m.group(1) if _SAFE_URL.match(m.group(1)) else "#") + m.group(2) + ")", text)


def inline_markdown(text: str) -> str:
    """Safe editorial Markdown flattened to one line (for table cells and list items)."""
    return " ".join(safe_markdown(text).split()).replace("|", "\\|")


def rel(from_page: str, to_page: str, fragment: str = "") -> str:
    """Relative link between two site source paths (``a/b.md`` -> ``../c/d.md#x``)."""
    base = posixpath.dirname(from_page)
    target = posixpath.relpath(to_page, base or ".")
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
