"""Claims with their sources: a numbered marker after each claim, and the list the numbers name.

Every page that shows the editors' own statements (notes, hindsights, entity summaries, figure
notes, the headnote) goes through ``render_claims``, so they all mark sources the same way: the
sources of one record are numbered in order of first citation; after each claim a superscript
gives the numbers of its sources, each a link to the bibliography entry (its title attribute
names the source, the locator and the source's words). A claim of medium or low confidence gets
a visible "?" in its marker, so a reader sees at a glance what rests on one source (one number)
or on a weak one ("?"). Markers follow editorial sentences only, never the paper's own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..edition import Edition
from ..schema import Cite, Claim
from . import bibliography
from .markup import attr, escape, rel, safe_markdown

CONFIDENCE_WORDS = {"high": "high", "medium": "medium: read with care", "low": "low: not confirmed"}


@dataclass(frozen=True)
class CitedSource:
    """One entry of a record's numbered source list."""

    number: int
    """The number its markers show."""
    id: str
    """The bibliography id."""
    locators: tuple[str, ...]
    """Locators (``at``) cited with it, in order, without repeats."""
    quotes: tuple[str, ...]
    """The source's words quoted for the claims, in order, without repeats."""


@dataclass(frozen=True)
class RenderedClaims:
    """Markdown of a record's claims with their markers, and the sources the numbers name."""

    text: str
    """The claims, each followed by its marker (one paragraph of Markdown)."""
    sources: tuple[CitedSource, ...]
    """The numbered sources, in number order."""


def source_label(edition: Edition, source_id: str) -> str:
    """The source's short label, the same as on the sources page and everywhere else it is cited."""
    return bibliography.label(edition, source_id)


def _marker(edition: Edition, claim: Claim, numbers: dict[str, int], page: str) -> str:
    links = []
    for cite in claim.sources:
        sid = cite if isinstance(cite, str) else cite.id
        detail = ""
        if isinstance(cite, Cite):
            detail = "".join(f", {x}" for x in (cite.at, f"“{cite.quote}”" if cite.quote else None) if x)
        title = attr(f"{source_label(edition, sid)}{detail}")
        links.append(f'[{numbers[sid]}]({rel(page, "sources.md", sid)} "{title}")')
    weak = claim.confidence != "high"
    count = len(claim.sources)
    summary = f"{count} source{'s' if count != 1 else ''}; confidence {CONFIDENCE_WORDS[claim.confidence]}"
    flag = f'<span class="claim-flag" title="{attr(summary)}">?</span>' if weak else ""
    css = f"claim-ref claim-{claim.confidence}" + (" claim-single" if count == 1 else "")
    return f'<sup class="{css}" title="{attr(summary)}">{",".join(links)}{flag}</sup>'


def render_claims(edition: Edition, claims: list[Claim], page: str) -> RenderedClaims:
    """The claims of one record as Markdown with markers, and their numbered sources."""
    numbers: dict[str, int] = {}
    locators: dict[str, list[str]] = {}
    quotes: dict[str, list[str]] = {}
    for claim in claims:
        for cite in claim.sources:
            sid = cite if isinstance(cite, str) else cite.id
            numbers.setdefault(sid, len(numbers) + 1)
            if isinstance(cite, Cite):
                if cite.at:
                    locators.setdefault(sid, []).append(cite.at)
                if cite.quote:
                    quotes.setdefault(sid, []).append(cite.quote)
    parts = [f"{safe_markdown(c.text).strip()}{_marker(edition, c, numbers, page)}" for c in claims]
    cited = tuple(
        CitedSource(n, sid, tuple(dict.fromkeys(locators.get(sid, []))), tuple(dict.fromkeys(quotes.get(sid, []))))
        for sid, n in numbers.items()
    )
    return RenderedClaims(" ".join(" ".join(p.split()) for p in parts), cited)


def source_list(edition: Edition, rendered: RenderedClaims, page: str, *, quotes: bool = True) -> list[str]:
    """The numbered sources as Markdown list lines (``1. [Label](…), locator: “words”``)."""
    lines = []
    for s in rendered.sources:
        source = edition.source(s.id)
        title = f" “{escape(source.title)}”" if source else ""
        extra = "".join(f", {escape(x)}" for x in s.locators)
        if quotes and s.quotes:
            extra += ": " + "; ".join(f"“{escape(q)}”" for q in s.quotes)
        lines.append(f"{s.number}. [{escape(source_label(edition, s.id))}]({rel(page, 'sources.md', s.id)}){title}{extra}")
    return lines


def inline_sources(edition: Edition, rendered: RenderedClaims, page: str) -> str:
    """The numbered sources on one line, for places with no room for a list (notes beside the text)."""
    items = [
        f"{s.number} [{escape(source_label(edition, s.id))}]({rel(page, 'sources.md', s.id)})"
        + "".join(f", {escape(x)}" for x in s.locators)
        for s in rendered.sources
    ]
    return f'<small class="claim-sources">Sources: {"; ".join(items)}.</small>' if items else ""


def claims_plain(claims: list[Claim]) -> str:
    """The claims' text alone, for data files and search (no markers)."""
    return " ".join(" ".join(c.text.split()) for c in claims)


MARKER_KEY = (
    "Numbers after a sentence name its sources (listed below it); “?” marks a sentence the editors "
    "hold with medium or low confidence. Hover a number for the source and its words."
)
"""The one-line explanation shown once on pages that carry markers."""
