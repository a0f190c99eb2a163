"""Index pages: funding, open questions, timeline, sources, relations graph, data files."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass

from .. import citations, kinds
from ..edition import Edition
from ..escape import url
from ..schema import FundingFigure, Source
from . import bibliography, dialect, templating
from .claims import MARKER_KEY, inline_sources, render_claims, source_list
from .entities import _entity_link, entity_page, paragraph_label, paragraph_ref
from .markup import escape, human_date, inline_markdown, money, page_url, rel, safe_markdown, when_written

STATUS_TITLES = {"answered": "Answered", "partly-answered": "Partly answered", "open": "Still open", "moot": "Moot"}


def _figure_value(f: FundingFigure) -> str:
    if f.amount is not None:
        text = money(f.amount, f.currency, f.approximate or f.estimate)
        if f.estimate:
            text += " (editors' estimate)"
        if f.share is not None:
            text += f" ({f.share.percent:g}% of {f.share.of})"
        return text
    assert f.share is not None
    return f"{f.share.percent:g}% of {f.share.of}"


def _paper_link(edition: Edition, kind: str, ident: str, page: str) -> str:
    span = edition.anchors.get((kind, ident))
    if span is None:
        return ""
    section = edition.document(span.doc).text.section_of(span.paragraph)
    return f"[{paragraph_ref(edition, span.doc, span.paragraph)}]({rel(page, f'{span.doc}/{section.id}.md', f'p{span.paragraph}')})"


def _paper_url(edition: Edition, kind: str, ident: str, page: str) -> tuple[str, str] | None:
    """(``¶8``, URL) of where the paper states a record, for raw HTML; None if it is not anchored."""
    span = edition.anchors.get((kind, ident))
    if span is None:
        return None
    section = edition.document(span.doc).text.section_of(span.paragraph)
    return paragraph_label(edition, span.doc, span.paragraph), page_url(page, f"{span.doc}/{section.id}.md", f"p{span.paragraph}")


def _html_link(text: str, href: str, title: str | None = None) -> str:
    titled = f' title="{html.escape(title, quote=True)}"' if title else ""
    return f'<a href="{html.escape(href, quote=True)}"{titled}>{html.escape(text)}</a>'


def _usd_value(f: FundingFigure) -> str:
    """The sort key of the amount column: US dollars, or empty (shares and other currencies sort last)."""
    return f"{f.amount:.0f}" if f.amount is not None and f.currency == "USD" else ""


FUNDING_COLUMNS = ("figure", "program", "year", "amount", "status", "paper", "sources", "confidence")
COLUMN_TITLES = {
    "figure": "Figure",
    "program": "Program",
    "year": "FY",
    "amount": "Amount",
    "status": "Status",
    "paper": "¶",
    "sources": "Sources",
    "confidence": "Conf.",
}
CARD_LABELS = {**COLUMN_TITLES, "year": "Fiscal year", "paper": "In the paper", "confidence": "Confidence"}
"""Column names on a phone's cards, where there is room to spell them out."""


def _funding_cells(edition: Edition, f: FundingFigure, page: str) -> dict[str, str]:
    """The HTML of each cell of a figure's row, by column."""
    program = edition.entity(f.program)
    by = set_by(edition, f)  # the act, or else the document that gives the figure
    act = f'<br><small class="act">{html.escape(by)}</small>' if by else ""
    paper = _paper_url(edition, "funding", f.id, page)
    sources = "; ".join(
        _html_link(bibliography.label(edition, sid), page_url(page, "sources.md", sid), s.title if (s := edition.source(sid)) else None)
        for sid in f.sources
    )
    return {
        "figure": f'<span class="figure-label">{html.escape(f.label)}</span>{" †" if not f.in_totals else ""}{act}',
        "program": _html_link(program.name, page_url(page, entity_page(edition.entity_kind(f.program), f.program)), program.description),
        "year": f"FY{f.fiscal_year}" if f.fiscal_year else "—",
        "amount": html.escape(_figure_value(f)),
        "status": f"{html.escape(f.status.replace('-', ' '))}<br><small>as of {html.escape(human_date(f.as_of))}</small>",
        "paper": _html_link(*paper) if paper else "—",
        "sources": sources or "—",
        "confidence": html.escape(f.confidence),
    }


def _funding_table(edition: Edition, page: str) -> tuple[str, dict[str, str]]:
    """The table of every figure (raw HTML, so rows carry sort keys and cells their column's name
    for the phone's card layout), and the columns left out because every row has the same value."""
    rows = [(f, _funding_cells(edition, f, page)) for f in edition.funding]
    # A column that says the same thing on every row says it once, above the table.
    constant = {c: rows[0][1][c] for c in ("program", "confidence") if len(rows) > 1 and len({r[c] for _, r in rows}) == 1}
    columns = [c for c in FUNDING_COLUMNS if c not in constant]
    head = "".join(
        f'<th scope="col" data-column="{c}"'
        + (' data-sort="number"' if c in ("year", "amount") else "")
        + f">{html.escape(COLUMN_TITLES[c])}</th>"
        for c in columns
    )
    body = []
    for f, cells in rows:
        keys = {"year": str(f.fiscal_year or ""), "amount": _usd_value(f)}
        tds = "".join(
            f'<td data-column="{c}" data-label="{html.escape(CARD_LABELS[c])}"'
            + (f' data-value="{keys[c]}"' if c in keys else "")
            + f'><span class="cell">{cells[c]}</span></td>'
            for c in columns
        )
        body.append(f'<tr id="{f.id}">{tds}</tr>')
    table = (
        '<table class="funding-table" data-sortable>\n<thead><tr>'
        + head
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>"
    )
    return table, constant


def render_funding(edition: Edition, chart_svg: str | None) -> str:
    """Totals per program and fiscal year, a bar chart, then every figure in a sortable table."""
    page = "funding/index.md"
    lines = [templating.render("intro/funding.md.j2", several=len(edition.documents) > 1)]
    lines += _funding_totals(edition, page)
    if chart_svg:
        lines += _funding_chart(edition)
    if edition.funding:
        lines += _funding_figures(edition, page)
    notes = [f for f in edition.funding if f.note]
    if notes:
        lines += ["## Notes on the figures", "", f"*{MARKER_KEY}*", ""]
        for f in notes:
            claims = render_claims(edition, f.note, page)
            lines += [f"- **[{escape(f.label)}](#{f.id}).** {claims.text} {inline_sources(edition, claims, page)}"]
        lines.append("")
    return "\n".join(lines)


def _funding_totals(edition: Edition, page: str) -> list[str]:
    """The totals table: by fiscal year (one program, named in the heading) or by program and year."""
    totals = totals_by_program_year(edition)
    if not totals:
        return []
    per_program = totals_by_program(totals)
    explain = (
        "A total is exact only when every figure in it is; one that includes an approximate, "
        "estimated or less than high-confidence figure reads “about … (estimated)”."
    )
    if len(per_program) == 1:  # one program: it goes in the heading, not on every row
        only = next(iter(per_program))
        lines = [
            f"## Totals by fiscal year: {escape(edition.entity(only).name)}",
            "",
            explain,
            "",
            "| Fiscal year | Total (USD) |",
            "|---|---|",
        ]
        lines += [f"| FY{year} | {escape(total_text(total))} |" for (_, year), total in totals.items()]
        return [*lines, f"| **all years** | **{escape(total_text(per_program[only]))}** |", ""]
    lines = ["## Totals by program and fiscal year", "", explain, "", "| Program | Fiscal year | Total (USD) |", "|---|---|---|"]
    for (program, year), total in totals.items():
        lines.append(f"| {_entity_link(edition, program, page)} | FY{year} | {escape(total_text(total))} |")
    for program, total in sorted(per_program.items()):
        lines.append(f"| **{_entity_link(edition, program, page)}** | **all years** | **{escape(total_text(total))}** |")
    return [*lines, ""]


def _funding_chart(edition: Edition) -> list[str]:
    """The chart, one picture per colour scheme (the stylesheet shows the one for the page's scheme)."""
    alt = escape(chart_alt(edition))
    body = (
        f"![{alt}](../assets/funding-chart.svg){dialect.attrs('chart-light')}"
        f"![{alt}](../assets/funding-chart-dark.svg){dialect.attrs('chart-dark')}"
        f"\n<figcaption>{alt}</figcaption>"
    )
    return ["## Chart", "", dialect.html_block("figure", "chart", body), ""]


def _funding_figures(edition: Edition, page: str) -> list[str]:
    """Every figure in the sortable table, after a line saying what every row shares."""
    table, constant = _funding_table(edition, page)
    heading = "All figures"
    if "program" in constant:
        heading += f": {escape(edition.entity(edition.funding[0].program).name)}"
    said = ["The rows are in the order of the editors' file, grouped as the paper states them, then by act."]
    if "program" in constant:
        said.append(f"Every figure is for the {_entity_link(edition, edition.funding[0].program, page)}.")
    if "confidence" in constant:
        said.append(f"The sources support every figure with {escape(edition.funding[0].confidence)} confidence.")
    said.append("With scripts on, the FY and Amount headings sort the table (amounts in US dollars; shares last).")
    return [dialect.heading(2, heading, "all-figures"), "", " ".join(said), dialect.block_attrs("table-note"), "", table, ""]


@dataclass(frozen=True)
class Total:
    """A sum of figures, and whether it is only an estimate."""

    amount: float
    """The sum in USD."""
    estimated: bool
    """True when any figure in it is approximate, an editors' estimate or less than high confidence."""
    figures: tuple[str, ...]
    """Ids of the figures summed, in record order."""


def is_firm(f: FundingFigure) -> bool:
    """Whether a figure may enter a total without making it an estimate."""
    return f.confidence == "high" and not f.approximate and not f.estimate


def totals_by_program_year(edition: Edition) -> dict[tuple[str, int], Total]:
    """Sum of USD amounts per (program, fiscal year), for figures that count towards totals."""
    groups: dict[tuple[str, int], list[FundingFigure]] = defaultdict(list)
    for f in edition.funding:
        if f.in_totals and f.amount is not None and f.fiscal_year is not None and f.currency == "USD":
            groups[(f.program, f.fiscal_year)].append(f)
    return {key: _total(figures) for key, figures in sorted(groups.items())}


def totals_by_program(totals: dict[tuple[str, int], Total]) -> dict[str, Total]:
    """The per-year totals summed over all years, per program."""
    groups: dict[str, list[Total]] = defaultdict(list)
    for (program, _), total in totals.items():
        groups[program].append(total)
    return {
        program: Total(sum(t.amount for t in ts), any(t.estimated for t in ts), tuple(i for t in ts for i in t.figures))
        for program, ts in groups.items()
    }


def _total(figures: list[FundingFigure]) -> Total:
    return Total(sum(f.amount or 0.0 for f in figures), not all(is_firm(f) for f in figures), tuple(f.id for f in figures))


def total_text(total: Total) -> str:
    """``US$400 million``, or ``about US$375 million (estimated)``."""
    return money(total.amount, approximate=total.estimated) + (" (estimated)" if total.estimated else "")


def set_by(edition: Edition, f: FundingFigure) -> str:
    """The act that set a figure or, failing one, the document that gives it (its first source)."""
    if f.act:
        return f.act
    return bibliography.label(edition, f.sources[0]) if f.sources else ""


def chart_alt(edition: Edition) -> str:
    """Text alternative of the funding chart: the numbers it shows."""
    totals = totals_by_program_year(edition)
    parts = [f"FY{year}: {total_text(total)} ({edition.entity(program).name})" for (program, year), total in totals.items()]
    return "Bar chart of appropriations by fiscal year; “about” marks estimated totals. " + "; ".join(parts) + "."


def render_questions(edition: Edition) -> str:
    """The paper's questions grouped by status, each with its hindsight."""
    page = "questions.md"
    several = len(edition.documents) > 1
    written = when_written([d.spec.date for d in edition.documents])
    lines = [templating.render("intro/questions.md.j2", written=written, several=several)]
    counts = {s: sum(1 for q in edition.questions if q.status == s) for s in STATUS_TITLES}
    lines += [" · ".join(f"{STATUS_TITLES[s]}: {n}" for s, n in counts.items() if n), ""]
    for status, title in STATUS_TITLES.items():
        group = [q for q in edition.questions if q.status == status]
        if not group:
            continue
        lines += [f"## {title}", ""]
        for q in group:
            lines += [dialect.heading(3, escape(q.anchor.quote), q.id), ""]
            meta = [
                f"**Theme:** {escape(q.theme)}",
                f"**In the paper:** {_paper_link(edition, 'question', q.id, page)}",
                f"**Confidence:** {q.confidence}",
            ]
            lines += [" · ".join(meta), ""]
            if q.hindsight:
                when = f" (as of {human_date(q.hindsight_date)})" if q.hindsight_date else ""
                claims = render_claims(edition, q.hindsight, page)
                lines += [f"**Hindsight{when}.** {claims.text}", "", *source_list(edition, claims, page), ""]
            else:
                lines += ["**Hindsight.** Not yet: the sources read say nothing that answers it.", ""]
            if q.evidence:
                lines += [f"**What would settle it.** {safe_markdown(q.evidence).strip()}", ""]
            if q.related:
                lines += ["**Related:** " + ", ".join(_entity_link(edition, r, page) for r in q.related), ""]
            further = [s for s in q.sources if s not in {c for claim in q.hindsight for c in claim.source_ids()}]
            if further:
                lines += [f"**Also consulted:** {bibliography.links(edition, further, page)}", ""]
    return "\n".join(lines)


def render_timeline(edition: Edition) -> str:
    """Dated events in order, with the paper's own date marked."""
    page = "timeline.md"
    lines = [templating.render("intro/timeline.md.j2", several=len(edition.documents) > 1)]

    # Pad partial dates so a month (``2009-09``) sorts after every dated day of it.
    def key(date: str) -> str:
        return date + "-99" * (2 - date.count("-"))

    pending = sorted(edition.documents, key=lambda d: (key(d.spec.date), d.spec.id))
    lines += [dialect.html_block_open("div", "timeline"), ""]

    def paper_line(doc: object) -> str:
        spec = doc.spec  # type: ignore[attr-defined]
        return f'- **{human_date(spec.date)}** — <span class="paper-date">This paper: [{escape(spec.title)}]({rel(page, spec.id + "/index.md")})</span>'

    for e in edition.events:
        while pending and key(pending[0].spec.date) < key(e.date):
            lines.append(paper_line(pending.pop(0)))
        related = ", ".join(_entity_link(edition, r, page) for r in e.related)
        desc = f" {inline_markdown(e.description)}" if e.description else ""
        src = f" <small>({bibliography.links(edition, e.sources, page)})</small>" if e.sources else ""
        rel_text = f" <small>Related: {related}</small>" if related else ""
        lines.append(f'- <span id="{e.id}"></span>**{human_date(e.date)}** — {escape(e.title)}.{desc}{rel_text}{src}')
    lines += [paper_line(d) for d in pending]
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def render_sources(edition: Edition) -> str:
    """The bibliography grouped by kind, each entry under its short label, with what cites it."""
    page = "sources.md"
    ordered = sorted(edition.sources, key=lambda s: bibliography.sort_key(edition, s))
    groups: dict[str, list[Source]] = defaultdict(list)
    for s in ordered:
        groups[s.type].append(s)
    labels = [bibliography.label(edition, s.id) for s in ordered]
    # The example label shows a letter if one does (``Seelke 2009a``), in the order of the page.
    example = next((x for x in labels if re.search(r"\d[a-z]$", x)), labels[0] if labels else None)
    lines = [
        templating.render("intro/sources.md.j2", example=example),
        " · ".join(f"[{bibliography.KIND_TITLES.get(kind, kind)} ({len(group)})](#{_kind_anchor(kind)})" for kind, group in groups.items()),
        "",
    ]
    for kind, group in groups.items():
        lines += [dialect.heading(2, bibliography.KIND_TITLES.get(kind, kind), _kind_anchor(kind)), ""]
        for s in group:
            lines += [dialect.html_block_open("div", "source-entry", s.id), ""]
            entry = f'<strong class="source-label">{escape(bibliography.label(edition, s.id))}</strong> {bibliography.entry(s)}'
            target = url(s.url) if s.url else None
            if s.url and target:
                entry += f" [{escape(s.url)}]({target})"
                if s.accessed:
                    entry += f" Accessed {human_date(s.accessed)}."
            lines += [entry, ""]
            if s.note:
                lines += [f'<span class="source-note">{escape(s.note)}</span>', ""]
            cites = edition.cited_by.get(s.id, ())
            if cites:
                # Folded: the list of citing records is what made this page 16,000 px tall; the
                # summary says how many of each kind, and opens on a click or Enter.
                body = f"<summary>Cited by {_cited_by_counts(cites)}</summary>\n\n{_cited_by(edition, cites, page)}\n"
                lines += [dialect.html_block("details", "cited-by", body), ""]
            lines += ["</div>", ""]
    return "\n".join(lines)


def _kind_anchor(kind: str) -> str:
    return f"kind-{kind}"


CITER_ORDER = ("document", "actor", "program", "question", "funding", "event", "note")
"""How the records that cite a source are grouped on its entry, in this order (a kind added to the
registry comes after these)."""


def _citer_kinds() -> list[str]:
    return [*CITER_ORDER, *(k.name for k in kinds.KINDS if k.name not in CITER_ORDER)]


def _citer_word(kind: str, n: int) -> str:
    """``the paper``, ``funding figure``, ``funding figures``: a group of citers, by the registry's words."""
    if kind == "document":
        return "the paper"
    entry = kinds.kind(kind)
    return entry.label if n == 1 else entry.plural


def _cited_by_counts(cites: tuple[tuple[str, str], ...]) -> str:
    """``the paper, 3 actors, 1 event``: how many records of each kind cite a source."""
    counts: dict[str, int] = defaultdict(int)
    for kind, _ in dict.fromkeys(cites):
        counts[kind] += 1
    parts = []
    for kind in _citer_kinds():
        n = counts.get(kind, 0)
        if n and kind == "document":
            parts.append("the paper" if n == 1 else f"{n} papers")
        elif n:
            parts.append(f"{n} {_citer_word(kind, n)}")
    return ", ".join(parts)


def _cited_by(edition: Edition, cites: tuple[tuple[str, str], ...], page: str) -> str:
    """``actors: A, B; funding figures: X``, each a link to the citing record's place."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, ident in dict.fromkeys(cites):
        by_kind[kind].append(_citer_link(edition, kind, ident, page))
    return "; ".join(f"*{_citer_word(kind, 2)}:* {', '.join(by_kind[kind])}" for kind in _citer_kinds() if kind in by_kind)


def _shorten(text: str, limit: int = 90) -> str:
    """At most ``limit`` characters, cut at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _citer_link(edition: Edition, kind: str, ident: str, page: str) -> str:
    if kind in ("actor", "program"):
        return _entity_link(edition, ident, page)
    if kind == "funding":
        figure = next((f for f in edition.funding if f.id == ident), None)
        name = figure.label if figure else ident
        return f"[{escape(name)}]({rel(page, 'funding/index.md', ident)})"
    if kind == "question":
        question = next((q for q in edition.questions if q.id == ident), None)
        name = f"“{_shorten(question.anchor.quote)}”" if question else ident
        return f"[{escape(name)}]({rel(page, 'questions.md', ident)})"
    if kind == "event":
        event = next((e for e in edition.events if e.id == ident), None)
        name = f"{human_date(event.date)}: {event.title}" if event else ident
        return f"[{escape(name)}]({rel(page, 'timeline.md', ident)})"
    if kind == "document":
        return f"[{escape(edition.document(ident).spec.title)}]({rel(page, ident + '/index.md')})"
    if kind != "note":  # a kind without a link of its own here: its record's page, if it has pages
        folder = kinds.kind(kind).record_pages
        return f"[{escape(ident)}]({rel(page, f'{folder}/{ident}.md')})" if folder else escape(ident)
    span = edition.anchors.get(("note", ident))
    if span is None:
        return escape(ident)
    section = edition.document(span.doc).text.section_of(span.paragraph)
    title = edition.note(ident).title
    return f"[{escape(title)} ({paragraph_ref(edition, span.doc, span.paragraph)})]({rel(page, f'{span.doc}/{section.id}.md', f'p{span.paragraph}')})"


@dataclass(frozen=True)
class DataFile:
    """What the data page says of one published file."""

    name: str
    """File name under ``/data/``; ``{doc}`` stands for each document's id."""
    format: str
    """The format and its media type."""
    holds: str
    """What is in it."""
    example: str
    """One command that uses it (a shell line)."""
    licence: str
    """Whose rights apply, and how it may be reused: ``{paper}`` stands for the texts' rights
    (``paper_rights``), ``{editorial}`` for the editorial licence (``editorial_licence``)."""


DATA_FILES = (
    DataFile(
        "edition.json",
        "JSON (`application/json`), UTF-8, keys sorted",
        "The whole resolved edition: documents split into sections and paragraphs, every actor, program, funding "
        "figure, question, note, event and source, each anchor resolved to its paragraph, mentions and relations.",
        "jq '.actors[] | {id, name, role}' edition.json",
        "Mixed: {paper}; {editorial}.",
    ),
    DataFile(
        "funding.csv",
        "CSV (`text/csv`), UTF-8, comma-separated, one header row",
        "The funding table, one row per figure: program, act, fiscal year, amount and currency (or a share), "
        "status, as-of date, whether it counts in the totals, the paragraph that states it, source ids, confidence.",
        "python3 -c \"import csv; print(sum(float(r['amount'] or 0) for r in csv.DictReader(open('funding.csv')) if r['in_totals'] == 'true'))\"",
        "Editorial: {editorial}.",
    ),
    DataFile(
        "annotations.jsonld",
        "JSON-LD, W3C Web Annotation (`application/ld+json`)",
        "An annotation collection of every note, question and mention, each targeting its paragraph URL with a "
        "TextQuoteSelector and a TextPositionSelector, for annotation clients such as Hypothesis.",
        "jq '.first.items[] | .target.selector[0].exact' annotations.jsonld",
        "Mixed: the quoted passages come from the paper ({paper}); {editorial}.",
    ),
    DataFile(
        "{doc}.bib",
        "BibTeX (`application/x-bibtex`), UTF-8",
        "BibTeX entries for the paper, each section, each paragraph and each note in this edition, at its current "
        "version, for LaTeX, Zotero, JabRef and Pandoc.",
        "pandoc --citeproc --bibliography={doc}.bib -t plain <<< '@{key}'",
        "Bibliographic data (facts about the paper): free to reuse.",
    ),
    DataFile(
        "{doc}.csl.json",
        "CSL-JSON (`application/vnd.citationstyles.csl+json`)",
        "CSL-JSON items for the paper, each section, each paragraph and each note; a part's item carries its "
        "``locator`` and, in ``custom.locator-label``, what the locator counts. The site's Chicago and APA "
        "citations are rendered from these items.",
        "pandoc --citeproc --bibliography={doc}.csl.json -t plain <<< '@{key}'",
        "Bibliographic data (facts about the paper): free to reuse.",
    ),
    DataFile(
        "{doc}.ris",
        "RIS (`application/x-research-info-systems`), UTF-8",
        "RIS records (type CHAP, in the edition) for the paper, each section, each paragraph and each note, for "
        "EndNote, Zotero and Mendeley.",
        "grep -c '^TY  - ' {doc}.ris",
        "Bibliographic data (facts about the paper): free to reuse.",
    ),
)


def _size(n: int) -> str:
    """``224914`` -> ``220 KB (224,914 bytes)``: rounded for the eye, exact for a check."""
    rounded = f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"
    return f"{rounded} ({n:,} bytes)" if n >= 1024 else rounded


def paper_rights(edition: Edition) -> str:
    """Whose rights the texts keep, from the documents' specs: ``the paper's text is © 2009 the
    author and <publisher>, included for study and quotation``."""
    if len(edition.documents) != 1:
        return "each paper's text is © its year, its authors and its publisher, included for study and quotation"
    spec = edition.documents[0].spec
    who = "the author" if len(spec.authors) == 1 else "the authors"
    return f"the paper's text is © {spec.date[:4]} {who} and {spec.publisher}, included for study and quotation"


def editorial_licence(edition: Edition) -> str:
    """The licence offered for the editors' own work, as ``annotations/edition.yml`` names it."""
    name = edition.info.licence.name if edition.info is not None else "the licence the editors state"
    return f"the editorial layer may be reused under {name}, crediting the edition"


def render_data(edition: Edition, sizes: dict[str, int]) -> str:
    """The page that lists the data files: format, size, contents, an example and the licence of each."""
    rights = {"paper": paper_rights(edition), "editorial": editorial_licence(edition)}
    files = []
    for f in DATA_FILES:
        for doc in edition.documents if "{doc}" in f.name else edition.documents[:1]:
            name = f.name.replace("{doc}", doc.spec.id)
            key = citations.paper(doc, "").key  # the paper's own key, as the file writes it
            size = sizes.get(f"data/{name}")
            files.append(
                {
                    "name": name,
                    "ident": name.replace(".", "-"),
                    "format": templating.ready(f.format),
                    "size": _size(size) if size is not None else None,
                    "holds": f.holds,
                    "licence": f.licence.format(**rights),
                    "example": f.example.replace("{doc}", doc.spec.id).replace("{key}", key),
                }
            )
    return templating.render("data.md.j2", files=files)
