"""The bibliography: one short label per source, used wherever a source is cited, and the sources page.

A source is named the same way everywhere, in the author-date manner readers know from scholarly
reference lists: the author's family names (or, without an author, the publisher) and the year,
with a letter when one name has several works in a year (``Seelke 2009a``, ``Seelke 2009b``). The
sources page lists the entries grouped by kind, then by that label, so the label a reader sees in
the funding table or on an entity page is the key to find the entry.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from ..edition import Edition
from ..schema import Source
from .markup import attr, escape, human_date, rel

KIND_TITLES = {
    "report": "Reports",
    "legislation": "Legislation",
    "book": "Books",
    "article-newspaper": "Newspaper articles",
    "article-magazine": "Magazine articles",
    "press-release": "Press releases and statements",
    "speech": "Speeches",
    "letter": "Letters",
    "cable": "Diplomatic cables",
    "webpage": "Web pages",
    "dataset": "Data sets",
    "entry-encyclopedia": "Encyclopedia entries",
}
"""Groups of the sources page, in this order: official and scholarly work first, then the press,
then the web."""

_PARENTHESIS = re.compile(r"\s*\(.*?\)")


def _who(source: Source) -> str:
    """Family names of up to two authors (``Seelke and Finklea``; three or more: ``Seelke et al.``),
    or the publisher without its parenthesised detail (``Wikipedia``, not ``Wikipedia (mirror …)``)."""
    if source.author:
        names = [n.strip() for n in source.author.split(";") if n.strip()]
        families = [n.split(",")[0].strip() for n in names]
        if len(families) >= 3:
            return f"{families[0]} et al."
        return " and ".join(families)
    publisher = _PARENTHESIS.sub("", source.publisher or "").split(",")[0].strip()
    return publisher or source.title


def _year(source: Source) -> str:
    return (source.date or "")[:4] or "n.d."


def labels(edition: Edition) -> Mapping[str, str]:
    """Every source's short label by id."""
    return _labels(_Same(edition.sources))


@dataclass(frozen=True, eq=False)
class _Same:
    """A cache key that is the very tuple of sources it holds (records are frozen, so the same tuple
    is the same input). Comparing a thousand records by value costs as much as labelling them."""

    sources: tuple[Source, ...]

    def __hash__(self) -> int:
        return id(self.sources)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.sources is self.sources


@lru_cache(maxsize=4)
def _labels(key: _Same) -> Mapping[str, str]:
    # Asked for at every source link: made once per edition, since making them afresh at each link
    # made the render stage 3.5 times slower on the real site. The cache holds the tuple, so its id
    # is never reused while it is a key.
    groups: dict[tuple[str, str], list[Source]] = defaultdict(list)
    for s in key.sources:
        groups[(_who(s), _year(s))].append(s)
    out: dict[str, str] = {}
    for (who, year), group in groups.items():
        if len(group) == 1:
            out[group[0].id] = f"{who} {year}"
            continue
        # Letters follow the date within the year, then the title, then the id (a stable tie-break).
        ordered = sorted(group, key=lambda s: (s.date or "", s.title.casefold(), s.id))
        for i, s in enumerate(ordered):
            letter = chr(ord("a") + i) if i < 26 else str(i + 1)
            # Chicago author-date: "2009a", but "n.d.-a" (a letter glued to "n.d." reads as a typo).
            out[s.id] = f"{who} {year}{'-' if year == 'n.d.' else ''}{letter}"
    return MappingProxyType(out)  # shared by every caller: read-only


def label(edition: Edition, source_id: str) -> str:
    """The short label of one source (its id if there is no such source)."""
    return labels(edition).get(source_id, source_id)


def link(edition: Edition, source_id: str, page: str) -> str:
    """``[Seelke 2009a](../sources.md#id "Full title")``: the label, with the title on hover."""
    s = edition.source(source_id)
    title = f' "{attr(s.title)}"' if s else ""
    return f"[{escape(label(edition, source_id))}]({rel(page, 'sources.md', source_id)}{title})"


def links(edition: Edition, ids: list[str], page: str) -> str:
    """Several source links, separated by semicolons, as in a parenthetical citation."""
    return "; ".join(link(edition, sid, page) for sid in ids)


def sort_key(edition: Edition, source: Source) -> tuple[int, str, str, str]:
    """Kind (in ``KIND_TITLES`` order), then label (author or publisher, year, letter), then id."""
    kinds = list(KIND_TITLES)
    rank = kinds.index(source.type) if source.type in kinds else len(kinds)
    return (rank, label(edition, source.id).casefold(), source.date or "", source.id)


def entry(source: Source) -> str:
    """The reference-list entry in Markdown: author. “Title.” Publisher, date."""
    parts = []
    if source.author:
        parts.append(escape(source.author.replace(";", ",").rstrip(".")) + ".")
    parts.append(f"“{escape(source.title.rstrip('.'))}.”")
    tail = ", ".join(x for x in (escape(source.publisher or ""), human_date(source.date) if source.date else "undated") if x)
    parts.append(tail + ".")
    return " ".join(parts)
