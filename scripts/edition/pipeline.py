"""The orchestrator: runs the stages in order and gathers their problems in one place.

``build(root)`` is what the MkDocs hook and the CLI call. It reads the inputs (the only disk
access of the core), then runs text -> annotations -> link -> export -> render, all pure; each
returns its problems, and errors among them raise ``EditionError`` with all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import annotations as annotations_stage
from . import export, link, render, text
from .document import Document
from .edition import Edition
from .problems import EditionError, Location, Problem, Unrenderable


@dataclass(frozen=True)
class Output:
    """What the generator produces for the site."""

    edition: Edition
    """The resolved edition."""
    pages: dict[str, str]
    """Markdown pages by site path (``arzt-2009/index.md``)."""
    files: dict[str, bytes]
    """Data files by site path (``data/edition.json``)."""
    nav: list[object]
    """The MkDocs navigation (plain lists and dicts)."""
    problems: tuple[Problem, ...]
    """Warnings (errors raise ``EditionError``)."""


def resolve(root: Path) -> tuple[Edition, list[Problem]]:
    """Load, split and link: everything ``make check`` validates."""
    notes, problems = annotations_stage.load(root)
    documents: dict[str, Document] = {}
    for rec in notes.documents:
        spec = rec.value
        path = root / "texts" / f"{spec.id}.txt"
        where = rec.at("id")
        if not path.is_file():
            problems.append(Problem(where, f"document {spec.id!r} has no text: expected texts/{spec.id}.txt"))
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:  # unreadable, or gone since it was looked at
            problems.append(Problem(Location(f"texts/{spec.id}.txt"), f"cannot be read: {exc.strerror or exc}"))
            continue
        source, found = text.decode_source(raw, f"texts/{spec.id}.txt")
        problems += found
        if source is None:
            continue
        locations = [rec.at("corrections", i, "original") for i in range(len(spec.corrections))]
        headings = [rec.at("sections", i, "heading") for i in range(len(spec.sections))]
        doc, found = text.split(spec.id, source, spec, where, locations, headings)
        problems += found
        if doc is not None:
            documents[spec.id] = doc
    edition, found = link.link(notes, documents)
    problems += found
    return edition, problems


def check(root: Path) -> tuple[Edition, list[Problem]]:
    """Validate; raise ``EditionError`` with every problem if any is an error."""
    edition, problems = resolve(root)
    if any(p.severity == "error" for p in problems):
        raise EditionError(problems)
    return edition, problems


def build(root: Path, site_url: str = "") -> Output:
    """Run every stage; raise ``EditionError`` if the input has errors."""
    edition, problems = check(root)
    data, found = export_stage(edition, site_url)
    problems += found
    pages, found = render.render(edition, site_url, {path: len(blob) for path, blob in data.items()})
    problems += found
    if any(p.severity == "error" for p in problems):
        raise EditionError(problems)
    return Output(
        edition=edition,
        pages=pages,
        files={**data, **render.pictures(edition), **render.redirects(edition, site_url)},
        nav=render.nav(edition),
        problems=tuple(sorted(problems)),
    )


def export_stage(edition: Edition, site_url: str = "") -> tuple[dict[str, bytes], list[Problem]]:
    """The export stage as the others are: its files, or the problem that stopped it."""
    try:
        return export.export(edition, site_url), []
    except Unrenderable as exc:
        return {}, [exc.problem]
