"""Generic pages for a kind whose registry entry names no renderer of its own.

``template="list"``: the kind's index page lists its records (each under a heading with its id,
or as a link to its own page when the kind has ``record_pages``); ``record_template="record"``:
one page per record. Fields are shown by their names, references as links to what they name.
A kind added to the registry is on the site with these, until it gets a page of its own.
"""

from __future__ import annotations

from typing import Any

from ..edition import Edition
from ..kinds import Kind, Ref
from ..schema import Claim
from . import bibliography
from .claims import claims_plain
from .markup import escape, link

TITLE_FIELDS = ("name", "title", "label")
"""The first of these a record has is its title; else its id."""


def title_of(record: Any) -> str:
    """What a record is called on a page."""
    return next((str(getattr(record, f)) for f in TITLE_FIELDS if getattr(record, f, None)), record.id)


def render_list(edition: Edition, kind: Kind) -> str:
    """The index page of a kind: every record, in the edition's order."""
    assert kind.index is not None, f"kind {kind.name!r} declares no index page"
    page = kind.index.path
    lines = [f"# {escape(kind.index.title)}", ""]
    records = edition.of(kind.name)
    if not records:
        lines += [f"No {escape(kind.plural)} yet.", ""]
    for record in records:
        if kind.record_pages:
            lines.append(f"- {link(escape(title_of(record)), page, f'{kind.record_pages}/{record.id}.md')}")
            continue
        lines += [f"## {escape(title_of(record))} {{ #{record.id} }}", "", *_fields(edition, kind, record, page), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_record(edition: Edition, kind: Kind, record: Any) -> str:
    """The page of one record."""
    page = f"{kind.record_pages}/{record.id}.md"
    lines = [f"# {escape(title_of(record))}", "", *_fields(edition, kind, record, page)]
    if kind.index:
        lines += ["", f"All {escape(kind.plural)}: {link(escape(kind.index.title), page, kind.index.path)}."]
    return "\n".join(lines) + "\n"


def _fields(edition: Edition, kind: Kind, record: Any, page: str) -> list[str]:
    """``- **Field:** value`` for every field with a value (besides id and title)."""
    refs = {ref.path[0]: ref for ref in kind.refs if len(ref.path) <= 2}
    lines = []
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name == "id" or value in (None, [], "") or (name in TITLE_FIELDS and str(value) == title_of(record)):
            continue
        shown = _value(edition, refs.get(name), value, page)
        if shown:
            lines.append(f"- **{escape(name.replace('_', ' ').capitalize())}:** {shown}")
    return lines


def _value(edition: Edition, ref: Ref | None, value: Any, page: str) -> str:
    items = value if isinstance(value, list) else [value]
    if ref is not None and all(isinstance(v, str) for v in items):
        if ref.targets == ("source",):
            return bibliography.links(edition, items, page)
        return ", ".join(_ref_link(edition, ident, page) for ident in items)
    if all(isinstance(v, Claim) for v in items):
        return escape(claims_plain(items))
    if all(isinstance(v, str | int | float | bool) for v in items):
        return ", ".join(escape(str(v)) for v in items)
    return ""


def _ref_link(edition: Edition, ident: str, page: str) -> str:
    """A link to the record ``ident`` names, when it has a page; else the id."""
    try:
        folder = edition.entity_kind(ident)
    except KeyError:
        return escape(ident)
    return link(escape(title_of(edition.entity(ident))), page, f"{folder}/{ident}.md")
