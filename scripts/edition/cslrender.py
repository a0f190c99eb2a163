"""Human-readable citations rendered by a CSL processor (citeproc-py) with official CSL styles.

The styles are the Citation Style Language project's own files, committed under ``styles/`` with
their licence (CC BY-SA 3.0). ``render(item, style)`` takes one CSL-JSON item, the same dict the
data files export, and returns the style's note or in-text citation (with the item's locator) and
its bibliography entry, as plain text and as HTML.

citeproc-py 0.11 implements CSL 1.0.1 with gaps that these styles (CSL 1.0.2) run into. Each gap
is closed here, once, by a small patch of the processor applied on first use; each names the rule
of the CSL specification it restores, and ``tests/test_citations.py`` holds an output that fails
without it:

1. ``initialize="false"`` on ``cs:name`` is ignored, so Chicago, which sets ``initialize-with`` on
   the style and turns it off for full names, printed "S. Arzt" for "Sigrid Arzt".
2. A non-numeric locator (a section title, a note id) had every hyphen turned into an en dash, as
   if it were a page range ("U.S.–Mexico"); CSL renders a non-numeric value as it is.
3. ``punctuation-in-quote`` (true for American English) is not applied, which put the period
   outside the quotation marks (`“The Road Ahead”.`); it is applied to the output here.
4. Title case uses CSL 1.0.1's short list of stop words ("Cooperation Against Organized Crime");
   CSL 1.0.2 lowercases the other prepositions too, and so does Chicago.
5. ``text-case`` on a label is skipped unless the item's language is English, and labels are not
   told the language: APA's "(Eds.)" came out as "(eds.)".
"""

from __future__ import annotations

import html
import json
import re
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

STYLES = Path(__file__).resolve().parent / "styles"
"""The committed CSL style files."""

StyleName = Literal["chicago-notes-bibliography", "apa"]

LABELS = frozenset({"paragraph", "section", "note", "page", "chapter", "part"})
"""CSL locator labels the edition uses (a subset of the CSL ``label`` vocabulary)."""

_NUMERIC = re.compile(r"[0-9ivxlcdmIVXLCDM]+(\s*[-–,&]\s*[0-9ivxlcdmIVXLCDM]+)*")
"""What CSL treats as a numeric variable: numbers (arabic or roman) and ranges or lists of them."""

# CSL 1.0.2's English stop words that CSL 1.0.1 (and so citeproc-py) lacks; single words only,
# since citeproc-py cases word by word.
_MORE_STOP_WORDS = [
    "according",
    "across",
    "afore",
    "after",
    "against",
    "along",
    "alongside",
    "amid",
    "amidst",
    "among",
    "amongst",
    "anenst",
    "apropos",
    "apud",
    "around",
    "aside",
    "astride",
    "athwart",
    "atop",
    "barring",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "circa",
    "despite",
    "during",
    "except",
    "given",
    "inside",
    "lest",
    "like",
    "modulo",
    "near",
    "next",
    "notwithstanding",
    "off",
    "out",
    "per",
    "plus",
    "pro",
    "qua",
    "sans",
    "since",
    "than",
    "through",
    "throughout",
    "thru",
    "thruout",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "unto",
    "upon",
    "versus",
    "vs",
    "when",
    "within",
    "without",
    "worth",
]


@dataclass(frozen=True)
class Rendered:
    """One item in one style."""

    citation: str
    """The note (Chicago) or in-text citation (APA), with the locator, as plain text."""
    bibliography: str
    """The bibliography or reference-list entry, as plain text."""
    citation_html: str
    """``citation`` as HTML (italics as ``<i>``; text escaped)."""
    bibliography_html: str
    """``bibliography`` as HTML."""


def render(item: dict[str, Any], style: StyleName) -> Rendered:
    """Render one CSL-JSON item: its citation at its own locator, and its bibliography entry.

    The locator is the item's ``locator`` with the label in ``custom["locator-label"]`` (CSL-JSON
    items carry no label of their own); without them the citation names the whole work.

    citeproc-py takes a tenth of a second or more per rendering, and an edition has a citation for
    every paragraph and note in two styles. The items of one document differ only in their id, URL,
    section and locator value, which the styles print as they are: so each shape of item (per
    locator label) is rendered once with placeholders in those fields, and the real values are put
    in afterwards. ``render_directly`` is the oracle a test compares this with.
    """
    template = dict(item, id="item")
    values: dict[str, str] = {}
    for key, placeholder in _PLACEHOLDERS.items():
        if key in item:
            template[key] = placeholder
            values[placeholder] = str(item[key])
    cite_html, bib_html = _render_template(json.dumps(template, sort_keys=True, ensure_ascii=False), style)

    def fill(text: str) -> str:
        for placeholder, value in values.items():
            text = text.replace(placeholder, html.escape(value, quote=False))
        return text

    cite_html, bib_html = fill(cite_html), fill(bib_html)
    return Rendered(plain(cite_html), plain(bib_html), cite_html, bib_html)


_PLACEHOLDERS = {"URL": "https://placeholder.invalid/url", "locator": "PlaceholderLocator", "section": "PlaceholderSection"}
"""Fields whose values the styles print verbatim, and the stand-ins a template item carries."""


@lru_cache(maxsize=256)
def _render_template(template_json: str, style: StyleName) -> tuple[str, str]:
    return render_html(json.loads(template_json), style)


def render_directly(item: dict[str, Any], style: StyleName) -> Rendered:
    """``render`` without the template cache (slow; the oracle of the cached path)."""
    cite_html, bib_html = render_html(item, style)
    return Rendered(plain(cite_html), plain(bib_html), cite_html, bib_html)


def render_html(item: dict[str, Any], style: StyleName) -> tuple[str, str]:
    """The citation and the bibliography entry of ``item`` as HTML, with the punctuation fixed."""
    from citeproc import formatter

    cite, entry = _run(item, style, formatter.html)
    return _quotes(cite), _quotes(entry)


def _run(item: dict[str, Any], style: StyleName, fmt: Any) -> tuple[str, str]:
    from citeproc.source import Locator

    label = (item.get("custom") or {}).get("locator-label")
    locator = Locator(label, str(item["locator"])) if label and "locator" in item else None
    cite, _ = _process(item, style, fmt, locator)
    # A bibliography entry names the work, not a place in it: citeproc-py would repeat the locator
    # of the citation it was registered with, so the entry comes from a citation without one.
    _, entry = _process(item, style, fmt, None) if locator is not None else (cite, _)
    return cite, entry


def _process(item: dict[str, Any], style: StyleName, fmt: Any, locator: Any) -> tuple[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    _patch()
    data = {k: v for k, v in item.items() if k not in ("locator", "custom")}
    with warnings.catch_warnings():
        # citeproc-py warns about CSL-JSON keys it does not model (``version``, ``language`` ...).
        warnings.simplefilter("ignore")
        source = CiteProcJSON([data])
        bibliography = CitationStylesBibliography(_style(style), source, fmt)
        citation = Citation([CitationItem(str(item["id"]), **({"locator": locator} if locator is not None else {}))])
        bibliography.register(citation)
        errors: list[str] = []
        cite = str(bibliography.cite(citation, lambda missing: errors.append(str(missing))))
        entries = [str(entry) for entry in bibliography.bibliography()]
    if errors or len(entries) != 1:
        raise ValueError(f"CSL item {item.get('id')!r} could not be rendered: {errors or entries}")
    return cite, entries[0]


@cache
def _style(name: StyleName) -> Any:
    from citeproc import CitationStylesStyle

    # validate=False: citeproc-py's bundled RELAX NG schema is CSL 1.0.1 and rejects 1.0.2 styles.
    return CitationStylesStyle(str(STYLES / f"{name}.csl"), validate=False)


_QUOTE_PUNCT = re.compile(r"(”|’)([.,])")


def _quotes(text: str) -> str:
    """American English puts a period or comma inside the closing quotation mark (workaround 3)."""
    return _QUOTE_PUNCT.sub(lambda m: m.group(2) + m.group(1), text)


@cache
def _patch() -> None:
    """Apply workarounds 1, 2, 4 and 5 to citeproc-py's model, once per process."""
    from citeproc import model
    from citeproc.string import String

    name_option = model.Name.get_option

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize", "true") == "false":
            return None  # 1: full given names where the style asks for them
        return name_option(self, name, context, sort_options)

    model.Name.get_option = get_option

    text_variable = model.Text._variable

    def _variable(self: Any, item: Any, context: Any) -> Any:
        if self.get("variable") == "locator" and not _NUMERIC.fullmatch(str(item.locator.identifier)):
            return String(str(item.locator.identifier))  # 2: a non-numeric locator as it is
        return text_variable(self, item, context)

    model.Text._variable = _variable

    number_process = model.FormatNumber._process

    def _process(self: Any, value: Any, variable: str) -> Any:
        if not _NUMERIC.fullmatch(str(value).strip()):
            return String(str(value))  # 2, for ``cs:number``
        return number_process(self, value, variable)

    model.FormatNumber._process = _process

    model.TextCased._stop_words = sorted({*model.TextCased._stop_words, *_MORE_STOP_WORDS})  # 4

    label_markup = model.Label.markup

    def markup(self: Any, text: Any) -> Any:
        if text and self.get("text-case") == "title":
            return self.wrap(self.format(String(str(self.strip_periods(text))).capitalize_first()))  # 5 (labels are one or two words)
        return label_markup(self, text)

    model.Label.markup = markup


def plain(html_text: str) -> str:
    """The text of rendered HTML (for comparing it with what a page shows)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
