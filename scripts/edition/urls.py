"""Public addresses of what the edition publishes: the paper, a section, a paragraph, a note.

URLs are a contract (DESIGN.md): citations of every version use these, so a fragment that was
published keeps working. One module builds them, for the pages, the citations and the exports.
"""

from __future__ import annotations

from .document import Section
from .edition import EditionDocument


def doc_url(site_url: str, doc: EditionDocument, section: Section | None = None, paragraph: int | None = None) -> str:
    """Absolute URL of a document, section or paragraph (the citation URL)."""
    url = f"{site_url.rstrip('/')}/{doc.spec.id}/"
    if section is not None:
        url += f"{section.id}/"
    if paragraph is not None:
        url += f"#p{paragraph}"
    return url


def note_fragment(note_id: str) -> str:
    """The fragment of a note on its section page: ``note-<id>``."""
    return f"note-{note_id}"


def note_url(site_url: str, doc: EditionDocument, section: Section, note_id: str) -> str:
    """Absolute URL of an editorial note on its section page."""
    return f"{doc_url(site_url, doc, section)}#{note_fragment(note_id)}"
