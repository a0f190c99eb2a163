"""Pages of the texts: the home page, each document's page, its sections and a print view."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from .. import citations
from ..citations import Citation
from ..document import Section
from ..edition import Edition, EditionDocument
from ..escape import template_text, yaml_str
from ..urls import doc_url
from . import dialect, templating
from .claims import MARKER_KEY, render_claims, source_list
from .markup import escape, human_date, link, rel, when_written
from .paragraphs import print_notes, render_paragraph

__all__ = ["doc_url"]  # kept here for the modules that import it from the pages


def section_path(doc: EditionDocument, section: Section) -> str:
    """Source path of a section page."""
    return f"{doc.spec.id}/{section.id}.md"


def citation_markdown(rendered_html: str) -> str:
    """A citation rendered by citeproc-py (HTML) as Markdown that shows exactly its text: italics
    stay italics, every other character is escaped."""
    out = []
    for piece in re.split(r"(</?i>)", rendered_html):
        if piece in ("<i>", "</i>"):
            out.append("*")
        else:
            out.append(escape(html.unescape(re.sub(r"<[^>]+>", "", piece))))
    return "".join(out)


def cite_box(c: Citation, title: str, *, open_box: bool = False) -> str:
    """A collapsible box with the citation in every format, each in its own tab."""
    r = templating.ready
    return templating.render(
        "cite_box.md.j2",
        title=title,
        open_box=open_box,
        chicago=r(citation_markdown(c.chicago.citation_html)),
        chicago_bibliography=r(citation_markdown(c.chicago.bibliography_html)),
        apa=r(citation_markdown(c.apa.bibliography_html)),
        apa_in_text=r(citation_markdown(c.apa.citation_html)),
        bibtex=r(c.bibtex),
        ris=r(c.ris),
        csl_json=r(c.csl_json),
    )


def byline(doc: EditionDocument) -> str:
    """``Given Family, Affiliation · Publisher · Month Year``: the authors, the publisher unless an
    affiliation names it, and the date, all from the document's spec."""
    spec = doc.spec
    names = "; ".join(f"{a.given} {a.family}" + (f", {a.affiliation}" if a.affiliation else "") for a in spec.authors)
    # Name the publisher only when no affiliation already does.
    publisher = "" if any(spec.publisher in (a.affiliation or "") for a in spec.authors) else f" · {spec.publisher}"
    return f"{names}{publisher} · {human_date(spec.date)}"


def span(section: Section) -> str:
    """``¶1–¶3``, or ``¶7`` for a section of one paragraph."""
    first, last = section.paragraphs[0], section.paragraphs[-1]
    return f"¶{first}" + (f"–¶{last}" if len(section.paragraphs) > 1 else "")


def render_home(edition: Edition) -> str:
    """The home page: what this edition is, how to read and cite it, and the contents."""
    counts = {
        "paragraphs": sum(len(d.text.paragraphs) for d in edition.documents),
        "actors": len(edition.actors),
        "programs": len(edition.programs),
        "funding": len(edition.funding),
        "questions": len(edition.questions),
        "answered": sum(1 for q in edition.questions if q.status in ("answered", "partly-answered")),
        "notes": len(edition.notes),
        "sources": len(edition.sources),
    }
    return templating.render(
        "home.md.j2",
        documents=edition.documents,
        counts=counts,
        several=len(edition.documents) > 1,
        written=when_written([d.spec.date for d in edition.documents]),
        byline=byline,
        section_path=templating.readying(section_path),
        span=span,
    )


def _meta(c: Citation, part_of: str | None = None) -> list[str]:
    """Front matter carrying the Highwire ``citation_*`` tags (written by ``overrides/main.html``),
    taken from the same CSL-JSON item as the page's citations, so Zotero reads the same facts.

    The item is the paper in this edition (a book section, for Zotero): ``citation_book_title`` is
    the edition, the date the release's. On a section page the URL is the section's and
    ``part_of`` the paper's (Dublin Core ``isPartOf``)."""
    item = c.item
    names = [n.get("literal") or ", ".join(n[k] for k in ("family", "given") if k in n) for n in item["author"]]
    out = [
        "citation:",
        f"  title: {yaml_str(item['title'])}",
        "  authors:",
        *[f"    - {yaml_str(n)}" for n in names],
        f"  date: {yaml_str('/'.join(f'{x:02d}' if i else str(x) for i, x in enumerate(item['issued']['date-parts'][0])))}",
        f"  url: {yaml_str(item['URL'])}",
    ]
    if "container-title" in item:
        out.append(f"  book_title: {yaml_str(item['container-title'])}")
    if "publisher" in item:
        out.append(f"  publisher: {yaml_str(item['publisher'])}")
    if part_of:
        out.append(f"  part_of: {yaml_str(part_of)}")
    section = c.target.section if c.target.kind == "section" else None
    # Material prints ``title`` and ``description`` without escaping them: ``template_text``.
    out.append(f"title: {yaml_str(template_text(section.title if section is not None else c.target.doc.spec.title))}")
    if section is not None:
        out.append(f"description: {yaml_str(template_text(section.title + ' — ' + item['title']))}")
    # A section page has its own previous/next links under the text; Material's footer would
    # repeat them (in nav order) a screen further down. Its right-hand column holds the notes
    # beside their paragraphs, not a table of contents (a section has no headings below its title).
    return dialect.front_matter(out, hide=["footer", "toc"] if section is not None else ())


def _opening(doc: EditionDocument) -> Callable[[Section], str]:
    """A section's opening words on the overview: its first paragraph, cut at a word near 220 characters."""

    def opening(s: Section) -> str:
        first = doc.text.paragraph(s.paragraphs[0]).text
        return first if len(first) < 220 else first[:220].rsplit(" ", 1)[0] + "…"

    return opening


def render_document(edition: Edition, doc: EditionDocument, site_url: str) -> str:
    """The paper's page: title, byline, sections with their opening lines, a cite box."""
    page = f"{doc.spec.id}/index.md"
    whole = citations.cite(edition, citations.paper(doc, site_url))
    headnote = None
    if doc.spec.headnote:
        claims = render_claims(edition, doc.spec.headnote, page)
        headnote = "\n\n".join([claims.text, f"*{MARKER_KEY}*", "\n".join(source_list(edition, claims, page))])
    return templating.render(
        "document.md.j2",
        meta=_ready_lines(_meta(whole)),
        doc=doc,
        page=page,
        byline=byline,
        headnote=templating.ready(headnote) if headnote else None,
        link=templating.readying(link),
        section_path=templating.readying(section_path),
        span=span,
        opening=_opening(doc),
        elsewhere=_ready_lines(_elsewhere(doc, page, ())),
        cite=templating.ready(cite_box(whole, "Cite this paper", open_box=True)),
    )


def render_section(edition: Edition, doc: EditionDocument, section: Section, site_url: str) -> str:
    """A section page: its paragraphs, footnotes, previous/next links and cite boxes."""
    page = section_path(doc, section)
    sections = doc.text.sections
    index = sections.index(section)
    this = citations.cite(edition, citations.section(doc, section, site_url))
    r = templating.ready
    return templating.render(
        "section.md.j2",
        meta=_ready_lines(_meta(this, part_of=doc_url(site_url, doc))),
        doc=doc,
        section=section,
        page=page,
        link=templating.readying(link),
        section_path=section_path,
        paragraphs=[r(render_paragraph(edition, doc.spec.id, doc.text.paragraph(n), page)) for n in section.paragraphs],
        footnotes=[note for note in doc.text.footnotes if note.paragraph in section.paragraphs],
        notes=r(print_notes(edition, doc.spec.id, section.paragraphs, page)),
        elsewhere=_ready_lines(_elsewhere(doc, page, section.paragraphs)),
        prev=sections[index - 1] if index > 0 else None,
        next=sections[index + 1] if index + 1 < len(sections) else None,
        cite=r(cite_box(this, "Cite this section")),
        note_citations=r(_note_citations(edition, doc, section, site_url)),
        paragraph_citations=r(paragraph_citations(edition, doc, section, site_url)),
    )


def _ready_lines(lines: list[str]) -> templating.Ready:
    """Lines the Python helpers built (front matter, hidden links), as one block for a template."""
    return templating.ready("\n".join(lines))


def paragraph_citations(edition: Edition, doc: EditionDocument, section: Section, site_url: str) -> str:
    """Each paragraph's (and note's) link and citations as data for its ¶ panel (``edition.js``
    builds the panel), keyed ``p<N>`` and ``note-<id>``.

    The formats are whatever ``Citation.formats`` offers, in its order, so the panel follows the
    citations module without knowing any format."""
    data = {}
    for t in citations.targets(edition, doc, site_url):
        if t.section != section or t.kind not in ("paragraph", "note"):
            continue
        c = citations.cite(edition, t)
        key = f"p{t.paragraph}" if t.kind == "paragraph" else f"note-{t.note}"
        data[key] = {"url": t.url, "formats": [{"name": name, "text": text} for name, text in c.formats().items()]}
    # ``</`` written as ``<\/`` (the same JSON) so no text can close the script element early.
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" id="paragraph-citations">{payload}</script>\n'


def _note_citations(edition: Edition, doc: EditionDocument, section: Section, site_url: str) -> str:
    """One collapsed box with the citation of every editorial note of the section, a tab per format
    (a paragraph's citations are in its ¶ panel)."""
    parts = [t for t in citations.targets(edition, doc, site_url) if t.kind == "note" and t.section == section]
    if not parts:
        return ""
    cited = [citations.cite(edition, t) for t in parts]

    def label(c: Citation) -> str:
        return f"¶{c.target.paragraph}, note “{escape(edition.note(str(c.target.note)).title)}”"

    chicago_md = "\n".join(f"- {label(c)}: {citation_markdown(c.chicago.citation_html)}" for c in cited)
    apa_md = "\n".join(
        f"- {label(c)}: {citation_markdown(c.apa.citation_html)}, in {citation_markdown(c.apa.bibliography_html)}" for c in cited
    )
    tabs = [
        dialect.tab("Chicago", chicago_md),
        dialect.tab("APA", apa_md),
        dialect.tab("BibTeX", dialect.code_block("bibtex", "\n\n".join(c.bibtex for c in cited))),
        dialect.tab("RIS", dialect.code_block("text", "\n\n".join(c.ris for c in cited))),
        dialect.tab("CSL-JSON", dialect.code_block("json", citations.csl_json_items([c.item for c in cited]))),
    ]
    return dialect.admonition("quote", "Cite an editorial note", "\n\n".join(tabs), collapsible=True)


def _elsewhere(doc: EditionDocument, page: str, here: tuple[int, ...]) -> list[str]:
    """A hidden link for every paragraph of the paper that is not on this page, shown (CSS
    ``:target``) when a ``#pN`` link lands here by mistake; ``edition.js`` follows it at once."""
    links = []
    for s in doc.text.sections:
        for n in s.paragraphs:
            if n not in here:
                target = rel(page, section_path(doc, s), f"p{n}")
                links.append(
                    dialect.link(f"¶{n} is in the section “{escape(s.title)}”: go there", target)
                    + dialect.attrs("elsewhere", ident=f"p{n}")
                )
    if not links:
        return []
    return [dialect.html_block_open("div", "elsewhere-links"), "", " ".join(links), "", "</div>", ""]


def render_print(edition: Edition, doc: EditionDocument, site_url: str) -> str:
    """The whole paper on one page, for printing and offline reading."""
    spec = doc.spec
    page = f"{spec.id}/print.md"
    whole = citations.cite(edition, citations.paper(doc, site_url))
    lines = _meta(whole)
    lines += [f"# {escape(spec.title)}", ""]
    if spec.subtitle:
        lines += [f'<p class="subtitle">{escape(spec.subtitle)}</p>', ""]
    lines += [f'<p class="byline">{escape(byline(doc))}</p>', ""]
    for section in doc.text.sections:
        lines += [dialect.heading(2, escape(section.title), section.id), ""]
        # A retired section id keeps its fragment here too: ``print/#<old>`` still lands on the section.
        lines += [f'<div id="{r.old}"></div>\n' for r in spec.redirects if r.new == section.id]
        for number in section.paragraphs:
            lines += [render_paragraph(edition, spec.id, doc.text.paragraph(number), page), ""]
        lines += [print_notes(edition, spec.id, section.paragraphs, page)]
    for note in doc.text.footnotes:
        lines += [dialect.footnote_def(note.number, escape(note.text)), ""]
    lines += [f"Cite as: {citation_markdown(whole.chicago.bibliography_html)}", ""]
    return "\n".join(lines)
