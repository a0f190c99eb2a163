"""Citations of the paper, a section or a single paragraph, in five formats.

One ``Citable`` (what is cited, with its URL and locator) is formatted as Chicago and APA text,
BibTeX, RIS and CSL-JSON, so the cite boxes on pages and the files under ``/data/`` agree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .edition import EditionDocument
from .schema import DocumentSpec

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
BIB_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class Citable:
    """Something a reader may cite: the paper, one section, or one paragraph."""

    doc: EditionDocument
    """The document."""
    url: str
    """Absolute URL of the cited part in this edition."""
    section: str | None = None
    """Section title, if a section or paragraph is cited."""
    paragraph: int | None = None
    """¶ number, if a paragraph is cited."""

    @property
    def key(self) -> str:
        """A citation key: ``arzt2009``, ``arzt2009-gun-control``, ``arzt2009-p8``."""
        base = self.doc.cite_key or base_key(self.doc.spec)
        if self.paragraph is not None:
            return f"{base}-p{self.paragraph}"
        if self.section is not None:
            return f"{base}-{_section_slug(self)}"
        return base

    @property
    def full_title(self) -> str:
        """Title and subtitle joined by a colon."""
        spec = self.doc.spec
        return f"{spec.title}: {spec.subtitle}" if spec.subtitle else spec.title

    @property
    def locator(self) -> str:
        """Human-readable locator: ``sec. "Gun Control", ¶8``."""
        parts = []
        if self.section:
            parts.append(f"sec. “{self.section}”")
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        return ", ".join(parts)


def base_key(spec: DocumentSpec) -> str:
    """``arzt2009``: the first author's family name and the year (the document id if no author)."""
    return f"{spec.authors[0].family.lower()}{spec.date[:4]}" if spec.authors else spec.id


def cite_keys(specs: Sequence[DocumentSpec]) -> dict[str, str]:
    """Document id -> a citation key unique in the edition. Papers that share an author and year
    get the author-date letters, ``arzt2009a``, ``arzt2009b``, in order of date, then id (stable
    as long as neither changes)."""
    groups: dict[str, list[DocumentSpec]] = defaultdict(list)
    for spec in specs:
        groups[base_key(spec)].append(spec)
    keys: dict[str, str] = {}
    for base, group in groups.items():
        if len(group) == 1:
            keys[group[0].id] = base
            continue
        for i, spec in enumerate(sorted(group, key=lambda s: (s.date, s.id))):
            keys[spec.id] = base + _letters(i)
    return keys


def _letters(i: int) -> str:
    """0 -> ``a``, 25 -> ``z``, 26 -> ``aa``: suffixes for any number of papers."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _section_slug(c: Citable) -> str:
    for s in c.doc.text.sections:
        if s.title == c.section:
            return s.id
    return "section"


def _date_parts(date: str) -> list[int]:
    return [int(x) for x in date.split("-")]


def _month_year(date: str) -> str:
    parts = _date_parts(date)
    return f"{MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) > 1 else str(parts[0])


def _names_chicago(c: Citable) -> str:
    authors = c.doc.spec.authors
    names = [f"{a.family}, {a.given}" if i == 0 else f"{a.given} {a.family}" for i, a in enumerate(authors)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]


def chicago(c: Citable) -> str:
    """Chicago bibliography style, with the locator before the edition URL."""
    spec = c.doc.spec
    place = f"{spec.publisher_place}: " if spec.publisher_place else ""
    loc = f" {c.locator[0].upper()}{c.locator[1:]}." if c.locator else ""
    return f"{_names_chicago(c)}. “{c.full_title}.” {place}{spec.publisher}, {_month_year(spec.date)}.{loc} Annotated edition, {c.url}."


def apa(c: Citable) -> str:
    """APA 7 style for a report, with the paragraph as ``para.`` locator."""
    spec = c.doc.spec
    authors = " & ".join(f"{a.family}, {a.given[0]}." for a in spec.authors)
    parts = _date_parts(spec.date)
    when = f"{parts[0]}, {MONTHS[parts[1] - 1]}" if len(parts) > 1 else str(parts[0])
    loc = []
    if c.section:
        loc.append(f"{c.section} section")
    if c.paragraph is not None:
        loc.append(f"para. {c.paragraph}")
    tail = f" ({', '.join(loc)})" if loc else ""
    return f"{authors} ({when}). *{c.full_title}*. {spec.publisher}. {c.url}{tail}"


def _bib_escape(text: str) -> str:
    """A BibTeX field value: LaTeX specials escaped, and braces written as commands, since BibTeX
    counts ``{`` and ``}`` even after a backslash (a lone ``}`` in a name would end the field
    and let the rest add fields of its own). Line breaks become spaces."""
    text = " ".join(text.split())
    return (
        text.replace("\\", "\\textbackslash ")
        .replace("{", "\\textbraceleft ")
        .replace("}", "\\textbraceright ")
        .replace("&", "\\&")
        .replace("%", "\\%")
        .replace("$", "\\$")
        .replace("#", "\\#")
        .replace("_", "\\_")
    )


def _bib_escape_url(url: str) -> str:
    """A URL for BibTeX: braces (which would end the field) and spaces percent-encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(c: Citable) -> str:
    """A ``@techreport`` entry; section and paragraph go in ``note``."""
    spec = c.doc.spec
    parts = _date_parts(spec.date)
    fields = [
        ("author", " and ".join(f"{_bib_escape(a.family)}, {_bib_escape(a.given)}" for a in spec.authors)),
        ("title", "{" + _bib_escape(c.full_title) + "}"),
        ("institution", _bib_escape(spec.publisher)),
        ("type", _bib_escape(spec.genre)),
        ("year", str(parts[0])),
    ]
    if spec.publisher_place:
        fields.append(("address", _bib_escape(spec.publisher_place)))
    if len(parts) > 1:
        fields.append(("month", BIB_MONTHS[parts[1] - 1]))
    fields.append(("url", _bib_escape_url(c.url)))
    if c.locator:
        fields.append(("note", _bib_escape(c.locator.replace("“", "``").replace("”", "''").replace("¶", "para. "))))
    body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields)
    return f"@techreport{{{c.key},\n{body}\n}}"


def _ris_value(text: str) -> str:
    """One RIS value: a line break would start a record line of its own (``ER  -`` ends the
    record, ``TY  -`` starts another), so all whitespace runs become single spaces."""
    return " ".join(str(text).split())


def ris(c: Citable) -> str:
    """An RIS record (type RPRT); every value is one line."""
    spec = c.doc.spec
    parts = _date_parts(spec.date)
    tags: list[tuple[str, str]] = [("TY", "RPRT")]
    tags += [("AU", f"{a.family}, {a.given}") for a in spec.authors]
    tags += [("TI", c.full_title), ("PB", spec.publisher)]
    if spec.publisher_place:
        tags.append(("CY", spec.publisher_place))
    tags.append(("PY", str(parts[0])))
    tags.append(("DA", "/".join(f"{x:02d}" if i else str(x) for i, x in enumerate(parts))))
    tags.append(("UR", c.url))
    if c.section:
        tags.append(("SE", c.section))
    if c.paragraph is not None:
        tags.append(("N1", f"Paragraph {c.paragraph}"))
    tags.append(("ID", c.key))
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in tags]
    lines.append("ER  - ")
    return "\n".join(lines)


def csl(c: Citable) -> dict[str, object]:
    """A CSL-JSON item (valid against the CSL input schema); the paragraph is its ``locator``."""
    spec = c.doc.spec
    item: dict[str, object] = {
        "id": c.key,
        "type": "report",
        "title": c.full_title,
        "author": [{"family": a.family, "given": a.given} for a in spec.authors],
        "issued": {"date-parts": [_date_parts(spec.date)]},
        "publisher": spec.publisher,
        "genre": spec.genre,
        "URL": c.url,
    }
    if spec.publisher_place:
        item["publisher-place"] = spec.publisher_place
    if c.section:
        item["section"] = c.section
    if c.paragraph is not None:
        # csl-data allows no ``label``; the note says what the locator counts.
        item["locator"] = str(c.paragraph)
        item["note"] = f"Paragraph {c.paragraph}"
    return item


def csl_json(c: Citable) -> str:
    """``csl`` as pretty JSON (an array of one item, as CSL tools expect)."""
    return json.dumps([csl(c)], ensure_ascii=False, indent=2)


def formats(c: Citable) -> list[tuple[str, str]]:
    """Every format a reader may copy, as (name, plain text), in the order the ¶ panel offers them.

    The panel displays whatever this returns, so a format added here appears there."""
    return [
        ("Chicago", chicago(c)),
        ("APA", apa(c).replace("*", "")),  # plain text: the *…* around the title is Markdown emphasis
        ("BibTeX", bibtex(c)),
        ("RIS", ris(c)),
        ("CSL-JSON", csl_json(c)),
    ]
