"""Citations of the paper, a section, a paragraph or a note, in every format, from one CSL-JSON item.

What is cited is a ``Target``; ``csl_item`` turns it into a CSL-JSON item (the one source of
truth): the paper as a contribution to this edition (CSL ``chapter``: ``author`` the paper's,
``editor`` and ``container-title`` the edition's, ``version`` the current release, ``issued`` its
date, ``original-date`` and ``original-publisher`` the paper's), the cited part's URL, and the
part as the item's ``locator`` with its CSL label in ``custom["locator-label"]`` (CSL-JSON items
have no label field). Chicago and APA are that item rendered by citeproc-py with the official
styles (``cslrender``); BibTeX and RIS are mapped from the same item, field by field.

``cite(edition, target)`` returns every format at once; the pages, the cite panels and the data
files all call it, so what a reader copies and what a reference manager imports agree.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from . import dates
from .cslrender import Rendered, render
from .document import Section
from .edition import Edition, EditionDocument
from .problems import Location, Problem, Unrenderable
from .schema import DocumentSpec, PersonName
from .urls import doc_url, note_url

Kind = Literal["paper", "section", "paragraph", "note"]


@dataclass(frozen=True)
class Target:
    """What a reader cites: the paper, one section, one paragraph or one editorial note."""

    doc: EditionDocument
    """The document."""
    url: str
    """Absolute URL of the cited part."""
    kind: Kind = "paper"
    """What is cited."""
    section: Section | None = None
    """The section the part is in (None for the whole paper)."""
    paragraph: int | None = None
    """¶ number of a paragraph, or of the paragraph a note is anchored in."""
    note: str | None = None
    """The note's id, if a note is cited."""

    @property
    def key(self) -> str:
        """A citation key: ``arzt2009``, ``arzt2009-gun-control``, ``arzt2009-p8``, ``arzt2009-note-<id>``."""
        base = self.doc.cite_key or base_key(self.doc.spec)
        if self.kind == "note":
            return f"{base}-note-{self.note}"
        if self.kind == "paragraph":
            return f"{base}-p{self.paragraph}"
        if self.kind == "section" and self.section is not None:
            return f"{base}-{self.section.id}"
        return base

    @property
    def locator(self) -> tuple[str, str] | None:
        """The CSL locator label and value: ``("paragraph", "8")``, ``("section", "<title>")``, ``("note", "<id>")``."""
        if self.kind == "paragraph":
            return "paragraph", str(self.paragraph)
        if self.kind == "note":
            return "note", str(self.note)
        if self.kind == "section" and self.section is not None:
            return "section", self.section.title
        return None


def base_key(spec: DocumentSpec) -> str:
    """``arzt2009``: the first author's family name (or organisation) and the year; the document id if no author."""
    first = spec.authors[0] if spec.authors else None
    name = re.sub(r"[^a-z0-9]+", "", (first.family or first.literal or "").lower()) if first else ""
    return f"{name}{spec.date[:4]}" if name else spec.id


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


def paper(doc: EditionDocument, site_url: str) -> Target:
    """The whole paper."""
    return Target(doc, doc_url(site_url, doc))


def section(doc: EditionDocument, s: Section, site_url: str) -> Target:
    """One section."""
    return Target(doc, doc_url(site_url, doc, s), "section", s)


def paragraph(doc: EditionDocument, number: int, site_url: str) -> Target:
    """One paragraph, ¶number."""
    s = doc.text.section_of(number)
    return Target(doc, doc_url(site_url, doc, s, number), "paragraph", s, number)


def note(edition: Edition, note_id: str, site_url: str) -> Target:
    """One editorial note, at its fragment on the section page of the paragraph it is anchored in."""
    span = edition.anchors[("note", note_id)]
    doc = edition.document(span.doc)
    s = doc.text.section_of(span.paragraph)
    return Target(doc, note_url(site_url, doc, s, note_id), "note", s, span.paragraph, note_id)


def targets(edition: Edition, doc: EditionDocument, site_url: str) -> list[Target]:
    """Everything citable in a document, in reading order: the paper, then each section with its
    paragraphs and the notes anchored in them (notes in text order, as the page shows them)."""
    out = [paper(doc, site_url)]
    for s in doc.text.sections:
        out.append(section(doc, s, site_url))
        for number in s.paragraphs:
            out.append(paragraph(doc, number, site_url))
            notes = sorted(edition.notes_in(doc.spec.id, number), key=lambda n: (edition.anchors[("note", n.id)].end, n.id))
            out += [note(edition, n.id, site_url) for n in notes]
    return out


# ---------------------------------------------------------------- the CSL-JSON item


def _date_parts(date: str) -> list[int]:
    return [int(x) for x in date.split("-")]


def _csl_name(name: PersonName) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    return {k: v for k, v in (("family", name.family), ("given", name.given)) if v}


def full_title(doc: EditionDocument) -> str:
    """Title and subtitle joined by a colon."""
    spec = doc.spec
    return f"{spec.title}: {spec.subtitle}" if spec.subtitle else spec.title


def csl_item(edition: Edition, target: Target) -> dict[str, Any]:
    """The CSL-JSON item of ``target`` (valid against the CSL input schema)."""
    spec = target.doc.spec
    item: dict[str, Any] = {
        "id": target.key,
        "type": "chapter",
        "title": full_title(target.doc),
        "author": [_csl_name(a) for a in spec.authors],
        "original-date": {"date-parts": [_date_parts(spec.date)]},
        "original-publisher": spec.publisher,
        "language": "en",
        "URL": target.url,
    }
    if spec.publisher_place:
        item["original-publisher-place"] = spec.publisher_place
    info = edition.info
    if info is not None:
        item["editor"] = [_csl_name(e) for e in info.editors]
        item["container-title"] = info.title
        item["version"] = info.current.version
        item["issued"] = {"date-parts": [_date_parts(info.current.date)]}
        if info.publisher:
            item["publisher"] = info.publisher
    else:  # only while edition.yml has errors, which stop the build anyway
        item["issued"] = item["original-date"]
    if target.section is not None and target.kind != "paper":
        item["section"] = target.section.title
    if target.locator is not None:
        label, value = target.locator
        item["locator"] = value
        item["custom"] = {"locator-label": label}
    return item


def csl_json(item: dict[str, Any]) -> str:
    """A CSL-JSON item as pretty JSON: an array of one item, as reference managers import it."""
    return csl_json_items([item])


def csl_json_items(items: list[dict[str, Any]]) -> str:
    """CSL-JSON items as one pretty JSON array."""
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True)


# ---------------------------------------------------------------- BibTeX and RIS, from the item


def _human_locator(item: dict[str, Any]) -> str:
    """``Para. 8``, ``Sec. Gun Control``, ``Note bersin-quotation``: the locator for free-text fields."""
    label = (item.get("custom") or {}).get("locator-label")
    value = item.get("locator")
    if not label or value is None:
        return ""
    return {"paragraph": f"Para. {value}", "section": f"Sec. {value}", "note": f"Note {value}"}.get(label, f"{label} {value}")


def _human_date(parts: list[int]) -> str:
    return dates.in_words(*parts[:2])  # the month at most: "First published <month> <year>"


def _first_published(item: dict[str, Any]) -> str:
    parts = item["original-date"]["date-parts"][0]
    where = ", ".join(x for x in (item.get("original-publisher"), item.get("original-publisher-place")) if x)
    return f"First published by {where}, {_human_date(parts)}" if where else f"First published {_human_date(parts)}"


def bib_value(text: str) -> str:
    """A BibTeX field value: LaTeX specials escaped, and braces written as commands, since BibTeX
    counts ``{`` and ``}`` even after a backslash (a lone ``}`` in a name would end the field and
    let the rest add fields of its own). Line breaks become spaces; curly quotes become TeX's."""
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
        .replace("“", "``")
        .replace("”", "''")
    )


def bib_url(url: str) -> str:
    """A URL for BibTeX: braces (which would end the field) and spaces percent-encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bib_names(names: list[dict[str, str]]) -> str:
    # An organisation in double braces, so BibTeX does not read its last word as a family name.
    return " and ".join(
        "{" + bib_value(n["literal"]) + "}" if "literal" in n else ", ".join(bib_value(n[k]) for k in ("family", "given") if k in n)
        for n in names
    )


def bibtex(item: dict[str, Any]) -> str:
    """An ``@incollection`` entry (the paper in this edition); biblatex's ``version``, ``date`` and
    ``origdate`` too, and, for classic BibTeX styles, the version and locator in ``note``."""
    issued = item["issued"]["date-parts"][0]
    note = ". ".join(
        x for x in (f"Version {item['version']}" if "version" in item else "", _human_locator(item), _first_published(item)) if x
    )
    fields: list[tuple[str, str]] = [
        ("author", _bib_names(item["author"])),
        ("title", "{" + bib_value(item["title"]) + "}"),
    ]
    if "container-title" in item:
        fields.append(("booktitle", "{" + bib_value(item["container-title"]) + "}"))
    if "editor" in item:
        fields.append(("editor", _bib_names(item["editor"])))
    if "publisher" in item:
        fields.append(("publisher", bib_value(item["publisher"])))
    if "version" in item:
        fields.append(("version", bib_value(item["version"])))
    fields += [("year", str(issued[0])), ("date", "-".join(f"{x:02d}" for x in issued))]
    fields.append(("origdate", "-".join(f"{x:02d}" for x in item["original-date"]["date-parts"][0])))
    if "section" in item:
        fields.append(("chapter", bib_value(item["section"])))
    fields += [("url", bib_url(item["URL"])), ("language", "english"), ("note", bib_value(note + "."))]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@incollection{{{item['id']},\n{body}\n}}"


def ris_value(text: str) -> str:
    """One RIS value: a line break would start a record line of its own (``ER  -`` ends the
    record, ``TY  -`` starts another), so all whitespace runs become single spaces."""
    return " ".join(str(text).split())


def _ris_name(n: dict[str, str]) -> str:
    return ris_value(n.get("literal") or ", ".join(n[k] for k in ("family", "given") if k in n))


def ris(item: dict[str, Any]) -> str:
    """An RIS record of type ``CHAP``: ``T2`` the edition, ``A2`` its editors, ``ET`` its version."""
    issued = item["issued"]["date-parts"][0]
    lines = ["TY  - CHAP"]
    lines += [f"AU  - {_ris_name(a)}" for a in item["author"]]
    lines.append(f"TI  - {ris_value(item['title'])}")
    if "container-title" in item:
        lines.append(f"T2  - {ris_value(item['container-title'])}")
    lines += [f"A2  - {_ris_name(e)}" for e in item.get("editor", [])]
    if "version" in item:
        lines.append(f"ET  - Version {ris_value(item['version'])}")
    if "publisher" in item:
        lines.append(f"PB  - {ris_value(item['publisher'])}")
    lines.append(f"PY  - {issued[0]}")
    lines.append("DA  - " + "/".join(f"{x:02d}" if i else str(x) for i, x in enumerate(issued)))
    if "section" in item:
        lines.append(f"SE  - {ris_value(item['section'])}")
    lines.append(f"UR  - {ris_value(item['URL'])}")
    locator = _human_locator(item)
    lines.append(f"N1  - {ris_value('. '.join(x for x in (locator, _first_published(item)) if x))}.")
    lines += ["LA  - en", f"ID  - {item['id']}", "ER  - "]
    return "\n".join(lines)


# ---------------------------------------------------------------- every format at once


@dataclass(frozen=True)
class Citation:
    """One target in every format."""

    target: Target
    """What is cited."""
    item: dict[str, Any]
    """The CSL-JSON item every other format comes from."""
    chicago: Rendered
    """Chicago (notes and bibliography): ``citation`` is the full note, with the locator."""
    apa: Rendered
    """APA: ``citation`` is the in-text citation, with the locator; ``bibliography`` the reference."""

    @property
    def bibtex(self) -> str:
        """The BibTeX entry."""
        return bibtex(self.item)

    @property
    def ris(self) -> str:
        """The RIS record."""
        return ris(self.item)

    @property
    def csl_json(self) -> str:
        """The CSL-JSON (an array of the one item)."""
        return csl_json(self.item)

    def formats(self) -> dict[str, str]:
        """Every format as plain text, by name, in the order a cite panel offers them."""
        return {
            "Chicago": self.chicago.citation,
            "Chicago bibliography": self.chicago.bibliography,
            "APA": self.apa.bibliography,
            "APA in-text": self.apa.citation,
            "BibTeX": self.bibtex,
            "RIS": self.ris,
            "CSL-JSON": self.csl_json,
        }


def cite(edition: Edition, target: Target) -> Citation:
    """``target`` in every format. (citeproc-py's slow part, once per shape of item, is kept by
    ``cslrender``, keyed by the item's JSON.)"""
    item = csl_item(edition, target)
    try:
        return Citation(target, item, render(item, "chicago-notes-bibliography"), render(item, "apa"))
    except (ValueError, IndexError, KeyError, TypeError) as exc:  # citeproc-py's ways of refusing an item
        where = Location(f"annotations/{target.doc.spec.id}.yml")
        raise Unrenderable(
            Problem(where, f"the citation of {target.key!r} cannot be formatted ({exc}): check the authors, title and date")
        ) from exc
