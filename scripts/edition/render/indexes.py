"""Index pages: funding, open questions, timeline, sources, relations graph, data files."""

from __future__ import annotations

from collections import defaultdict

from ..edition import Edition
from ..schema import FundingFigure
from . import dialect
from .entities import _entity_link, paragraph_ref, source_links
from .markup import escape, human_date, inline_markdown, money, rel, safe_markdown

STATUS_TITLES = {"answered": "Answered", "partly-answered": "Partly answered", "open": "Still open", "moot": "Moot"}


def _figure_value(f: FundingFigure) -> str:
    if f.amount is not None:
        text = money(f.amount, f.currency, f.approximate)
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


def render_funding(edition: Edition, chart_svg: str | None) -> str:
    """The funding table, totals per program and fiscal year, and a bar chart."""
    page = "funding.md"
    lines = [
        *dialect.front_matter(hide=["navigation", "toc"]),
        "# Funding",
        "",
        "Every money figure the paper states, linked to where it states it, and the appropriations and totals "
        "that give them context. Amounts are as the cited sources give them; *approximate* figures are marked "
        "“about”, and the confidence column says how firmly the sources support each one. Rows marked † are "
        "restatements, pledges or running totals and are left out of the totals below.",
        "",
        "| Figure | Program | Act · FY | Amount | Status | ¶ | Sources | Conf. |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in edition.funding:
        program = _entity_link(edition, f.program, page)
        dagger = "" if f.in_totals else " †"
        label = f'<span id="{f.id}"></span>{escape(f.label)}{dagger}'
        status = f"{f.status.replace('-', ' ')}<br><small>{human_date(f.as_of)}</small>"
        act = " · ".join(x for x in (escape(f.act or ""), f"FY{f.fiscal_year}" if f.fiscal_year else "") if x) or "—"
        sources = ", ".join(f"[{escape(_short_source(edition, sid))}]({rel(page, 'sources.md', sid)})" for sid in f.sources) or "—"
        lines.append(
            f"| {label} | {program} | {act} | {escape(_figure_value(f))} | {status} | "
            f"{_paper_link(edition, 'funding', f.id, page) or '—'} | {sources} | {f.confidence} |"
        )
    lines.append("")
    summary: list[str] = []
    totals = totals_by_program_year(edition)
    if totals:
        summary += ["## Totals by program and fiscal year", "", "| Program | Fiscal year | Total (USD) |", "|---|---|---|"]
        for (program, year), amount in totals.items():
            summary.append(f"| {_entity_link(edition, program, page)} | {year} | {money(amount)} |")
        per_program: dict[str, float] = defaultdict(float)
        for (program, _), amount in totals.items():
            per_program[program] += amount
        for program, amount in sorted(per_program.items()):
            summary.append(f"| **{_entity_link(edition, program, page)}** | **all years** | **{money(amount)}** |")
        summary.append("")
    if chart_svg:
        summary += [
            "## Chart",
            "",
            dialect.html_block(
                "figure",
                "chart",
                f"![{escape(chart_alt(edition))}](assets/funding-chart.svg)\n<figcaption>{escape(chart_alt(edition))}</figcaption>",
            ),
            "",
        ]
    notes = [f for f in edition.funding if f.note]
    if notes:
        lines += ["## Notes on the figures", ""]
        for f in notes:
            lines += [f"- **{escape(f.label)}.** {inline_markdown(f.note or '')}"]
        lines.append("")
    table_start = lines.index("| Figure | Program | Act · FY | Amount | Status | ¶ | Sources | Conf. |")
    lines[table_start:table_start] = [*summary, "## All figures", ""]
    return "\n".join(lines)


def _short_source(edition: Edition, source_id: str) -> str:
    """``CRS 2010``-style label: publisher (or author) and year."""
    source = next((s for s in edition.sources if s.id == source_id), None)
    if source is None:
        return source_id
    who = (source.publisher or source.author or source.title).split(",")[0]
    return f"{who} {(source.date or '')[:4]}".strip()


def totals_by_program_year(edition: Edition) -> dict[tuple[str, int], float]:
    """Sum of USD amounts per (program, fiscal year), for figures that count towards totals."""
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for f in edition.funding:
        if f.in_totals and f.amount is not None and f.fiscal_year is not None and f.currency == "USD":
            totals[(f.program, f.fiscal_year)] += f.amount
    return dict(sorted(totals.items()))


def chart_alt(edition: Edition) -> str:
    """Text alternative of the funding chart: the numbers it shows."""
    totals = totals_by_program_year(edition)
    parts = [f"FY{year}: {money(amount)} ({edition.entity(program).name})" for (program, year), amount in totals.items()]
    return "Bar chart of appropriations by fiscal year. " + "; ".join(parts) + "."


def render_questions(edition: Edition) -> str:
    """The paper's questions grouped by status, each with its hindsight."""
    page = "questions.md"
    lines = [
        "# Questions the paper asks",
        "",
        "The paper asks its questions in September 2009. Each is quoted here as the paper asks it, with a link "
        "back to its paragraph, and followed to what history has answered, with dates and sources.",
        "",
    ]
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
                lines += [f"**Hindsight{when}.** {safe_markdown(q.hindsight).strip()}", ""]
            if q.evidence:
                lines += [f"**What would settle it.** {safe_markdown(q.evidence).strip()}", ""]
            if q.related:
                lines += ["**Related:** " + ", ".join(_entity_link(edition, r, page) for r in q.related), ""]
            if q.sources:
                lines += [f"**Sources:** {source_links(edition, q.sources, page)}", ""]
    return "\n".join(lines)


def render_timeline(edition: Edition) -> str:
    """Dated events in order, with the paper's own date marked."""
    page = "timeline.md"
    lines = ["# Timeline", "", "Events around the paper, from the sources the editors cite. The paper's date is marked.", ""]

    # Pad partial dates so "September 2009" sorts after every dated day of that month.
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
        src = f" <small>({source_links(edition, e.sources, page)})</small>" if e.sources else ""
        rel_text = f" <small>Related: {related}</small>" if related else ""
        lines.append(f'- <span id="{e.id}"></span>**{human_date(e.date)}** — {escape(e.title)}.{desc}{rel_text}{src}')
    lines += [paper_line(d) for d in pending]
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def render_sources(edition: Edition) -> str:
    """The bibliography, each entry with what cites it."""
    page = "sources.md"
    lines = ["# Sources", "", "Every source the editors cite, and which records cite it.", ""]
    for s in sorted(edition.sources, key=lambda x: ((x.author or x.publisher or x.title).casefold(), x.date or "", x.id)):
        who = s.author or s.publisher or ""
        parts = [escape(who)] if who else []
        parts.append(f"“{escape(s.title)}”")
        if s.author and s.publisher:
            parts.append(f"*{escape(s.publisher)}*")
        if s.date:
            parts.append(human_date(s.date))
        entry = ", ".join(parts) + "."
        if s.url:
            entry += f" <{s.url}>" if "<" not in s.url else ""
        lines += [dialect.heading(3, escape(s.title), s.id), "", entry, ""]
        if s.note:
            lines += [f"*{escape(s.note)}*", ""]
        cites = edition.cited_by.get(s.id, ())
        if cites:
            lines += ["Cited by: " + ", ".join(_citer_link(edition, kind, ident, page) for kind, ident in cites), ""]
    return "\n".join(lines)


def _citer_link(edition: Edition, kind: str, ident: str, page: str) -> str:
    if kind in ("actor", "program"):
        return _entity_link(edition, ident, page)
    if kind == "funding":
        return f"[figure {ident}]({rel(page, 'funding.md', ident)})"
    if kind == "question":
        return f"[question]({rel(page, 'questions.md', ident)})"
    if kind == "event":
        return f"[event]({rel(page, 'timeline.md', ident)})"
    if kind == "document":
        return f"[{escape(ident)}]({rel(page, ident + '/index.md')})"
    span = edition.anchors.get(("note", ident))
    if span is None:
        return escape(ident)
    section = edition.document(span.doc).text.section_of(span.paragraph)
    return f"[note on {paragraph_ref(edition, span.doc, span.paragraph)}]({rel(page, f'{span.doc}/{section.id}.md', f'p{span.paragraph}')})"


def render_relations(edition: Edition, graph_svg: str | None) -> str:
    """The relations graph and, as its text alternative, the list of relations."""
    page = "relations.md"
    lines = ["# Relations", "", "How the actors and programs relate, as the editors recorded it.", ""]
    if graph_svg:
        lines += [
            dialect.html_block(
                "figure",
                "chart",
                "![Graph of relations between actors and programs; the list below gives every edge.](assets/relations-graph.svg)\n"
                "<figcaption>Actors in blue, programs in orange. The list below gives every edge.</figcaption>",
            ),
            "",
        ]
    lines += ["| From | Relation | To | Note |", "|---|---|---|---|"]
    for r in edition.relations:
        lines.append(
            f"| {_entity_link(edition, r.source, page)} | {escape(r.type.replace('-', ' '))} | {_entity_link(edition, r.target, page)} | {inline_markdown(r.note or '')} |"
        )
    lines.append("")
    return "\n".join(lines)


DATA_FILES = [
    (
        "edition.json",
        "The whole resolved edition: documents split into sections and paragraphs, every annotation with its resolved anchor, mentions, relations and sources.",
    ),
    (
        "funding.csv",
        "The funding table as CSV, one row per figure, with program, act, fiscal year, amount, status, source ids and confidence.",
    ),
    (
        "annotations.jsonld",
        "A W3C Web Annotation collection of every note, question and mention, each targeting its paragraph URL with a TextQuoteSelector and a TextPositionSelector.",
    ),
    ("{doc}.bib", "BibTeX entries for the paper, each section and each paragraph."),
    ("{doc}.csl.json", "CSL-JSON items for the paper, each section and each paragraph (for Zotero, Pandoc and citeproc)."),
]


def render_data(edition: Edition) -> str:
    """The page that lists the data files and what each holds."""
    lines = [
        "# Data",
        "",
        "The edition in open formats, generated with the site from the same inputs.",
        "",
        "| File | What it holds |",
        "|---|---|",
    ]
    for name, what in DATA_FILES:
        names = [name.format(doc=d.spec.id) for d in edition.documents] if "{doc}" in name else [name]
        for n in names:
            lines.append(f"| [`{n}`](data/{n}) | {what} |")
    lines += [
        "",
        "Text positions in the annotations count Unicode code points in the paragraph's corrected text, as shown on the page.",
        "",
    ]
    return "\n".join(lines)
