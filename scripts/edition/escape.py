"""Putting text into a page: one function per context, and every renderer goes through them.

Annotation text reaches a built page in six contexts, each with its own syntax to neutralise:

- ``html_text``: text between HTML tags (``&``, ``<``, ``>``);
- ``html_attr``: a double-quoted attribute or Markdown link title, written into a Markdown page
  (quotes too, and the few Markdown patterns that run even inside raw HTML attributes);
- ``url``: a link target, parsed; only ``http(s)`` with a host, a fragment, or a site-relative
  path pass (no ``javascript:``, ``data:``, ``//host``, backslashes or hidden characters);
- ``md_inline``: plain text as inline Markdown that renders as exactly that text, on one line
  (so a name can never start a block: no ``??? danger`` from ``"x\\n\\n??? danger"``);
- ``md_block``: editorial Markdown (summaries, notes), kept to a small subset: paragraphs,
  lists, emphasis, code and links with checked targets. No raw HTML, attribute lists, images,
  abbreviation or footnote definitions, admonitions (``!!!``, ``???``), tabs (``===``),
  headings or the footnote placeholder;
- ``yaml_str``: a value in a page's front matter (a quoted YAML scalar);
- ``template_text``: a value Material prints itself (nav and page titles, the meta description).
  Material writes those into the page as HTML (``{{ page.title }}``), and into ``<title>``
  through ``striptags``, which decodes entities again: so the value is HTML-escaped, and ``<``
  and ``>``, which no escaping can make safe in both places, become the look-alikes ``‹ ›``.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit

# ── HTML ────────────────────────────────────────────────────────────────────────────────────────


def html_text(text: str) -> str:
    """Text for an HTML element's content."""
    return html.escape(text, quote=False)


_ATTR_SPECIAL = str.maketrans({"`": "&#96;", "[": "&#91;", "]": "&#93;", "\n": " ", "\r": " ", "\t": " "})
"""Markdown reads code spans, links and footnote refs even inside raw HTML attributes and link
titles (those inline patterns run before raw HTML is set aside): as entities they stay text."""


def html_attr(text: str) -> str:
    """Text for a double-quoted HTML attribute or Markdown link title inside a Markdown page."""
    return html.escape(text, quote=True).translate(_ATTR_SPECIAL)


# ── URLs ────────────────────────────────────────────────────────────────────────────────────────

_HIDDEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Whitespace, control and invisible characters: browsers drop some inside URLs
(``java\\nscript:`` is ``javascript:``), so a URL holding any of them is refused outright."""

WEB_SCHEMES = frozenset({"http", "https"})


def url(value: str) -> str | None:
    """``value`` as a safe link target (characters that would end a Markdown link percent-encoded),
    or ``None`` if it is not one: ``http(s)://host/...``, ``#fragment`` or a site-relative path."""
    if not value or _HIDDEN.search(value) or "\\" in value:
        return None
    decoded = html.unescape(value)  # what a browser reads if the target reaches an attribute as is
    if decoded != value and url(decoded) is None:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
            return None
    elif parts.netloc or value.startswith("/"):
        return None  # ``//host`` leaves the site; ``/path`` ignores where the site is served
    elif ":" in parts.path.split("/", 1)[0]:
        return None  # ``javascript&#58;…`` and other scheme look-alikes in the first segment
    return quote(value, safe="/:?#[]@!$&*+,;=%-._~")


def is_web_address(value: str) -> bool:
    """Whether ``value`` is an absolute ``http(s)`` URL with a host (for source URLs)."""
    return url(value) is not None and urlsplit(value).scheme.lower() in WEB_SCHEMES


# ── Markdown ────────────────────────────────────────────────────────────────────────────────────

_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", **{ord(c): "\\" + c for c in "\\`*_[]{}#|!"}}
"""``html.escape(text, quote=False)`` and a backslash before each character Markdown or its
extensions read as inline syntax, in one pass."""
_NEEDS_ESCAPE = re.compile(r"[&<>\\`*_\[\]{}#|!\n\r\t]")
_LINE_BREAKS = re.compile(r"\s*[\n\r]\s*")


def md_inline(text: str) -> str:
    """Plain text -> inline Markdown that renders as exactly that text, on one line."""
    # Most text has nothing to escape: finding that out is far cheaper than a translation.
    if not _NEEDS_ESCAPE.search(text):
        return text
    if "\n" in text or "\r" in text:
        text = _LINE_BREAKS.sub(" ", text)
    return text.translate(_ESCAPES).replace("\t", " ")


_INLINE_TARGET = re.compile(r"\]\(([^)\"']*)")
"""``](target``: an inline link, its target up to the closing bracket or a title's quote (spaces
included: Markdown reads ``java<TAB>script:`` as one target, and browsers drop the tab)."""
_REFERENCE_TARGET = re.compile(r"(\]:[ \t]*(?:\n[ \t]*)?)(\S+)")
"""``]: target``: a reference definition (judged anywhere, not only at a line start, because
``inline_markdown`` flattens lines and could move one to the start of a line)."""
_BLOCK_START = re.compile(r"^([ \t]*)([?!=/:#+~^]|-(?=-*[ \t]*$))", re.MULTILINE)
"""The first character of a line that could open a block the subset leaves out: admonitions
(``!!!``, ``???``), tabs and setext rules (``===``, ``---``), ``///`` and ``:::`` blocks,
headings; ``+``, ``~`` and ``^`` for good measure."""
_ABBREVIATION = re.compile(r"\*\[(?=[^\]\n]*\]:)")
"""``*[term]:``: an abbreviation definition, which would re-title every use of the term."""


def md_block(text: str) -> str:
    """Editorial Markdown -> the documented subset (see the module docstring), safe to embed."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "\\{").replace("}", "\\}")
    text = text.replace("![", "\\![").replace("[^", "\\[^")
    text = _ABBREVIATION.sub("\\*[", text)
    text = text.replace("///", "&#47;//")  # the footnotes placeholder, and pymdownx blocks
    text = _BLOCK_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text)
    text = _REFERENCE_TARGET.sub(lambda m: m.group(1) + _target(m.group(2)), text)
    return _INLINE_TARGET.sub(lambda m: "](" + _target(m.group(1)), text)


def _target(raw: str) -> str:
    """A checked target, keeping the space before a link title."""
    stripped = raw.strip()
    return (url(stripped) or "#") + raw[len(raw.rstrip()) :] if stripped else raw


def md_block_inline(text: str) -> str:
    """``md_block`` flattened to one line (for table cells and list items)."""
    return " ".join(md_block(text).split()).replace("|", "\\|")


# ── What Material's templates print ─────────────────────────────────────────────────────────────

_LOOK_ALIKES = str.maketrans({"<": "‹", ">": "›"})
"""U+2039 and U+203A: close to ``<`` and ``>`` and, unlike the full-width forms, in the fonts nav titles use."""


def template_text(text: str) -> str:
    """A nav title, page title or meta description, as Material's templates need it."""
    return html.escape(" ".join(text.split()).translate(_LOOK_ALIKES), quote=True)


# ── Front matter ────────────────────────────────────────────────────────────────────────────────

_YAML_RAW_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML's reader refuses in a file (C0 and C1 controls, surrogates...) or reads as a line
break (U+0085, U+2028, U+2029); JSON leaves most of them raw."""


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar for front matter: JSON's escapes are YAML's, and every character
    YAML would refuse or break a line at is written as a ``\\uXXXX`` escape too."""
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))
