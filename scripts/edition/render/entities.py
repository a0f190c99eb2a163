"""Actor and program pages and their indexes: who or what, relations both ways, backlinks."""

from __future__ import annotations

import re
from collections import defaultdict

from ..edition import Edition, Mention
from ..escape import template_text, yaml_str
from ..schema import Actor, Note, Program
from ..sentences import sentence_spans
from . import bibliography, dialect, templating
from .claims import MARKER_KEY, claims_plain, render_claims, source_list
from .markup import escape, human_date, inline_markdown, link, money, rel, safe_markdown, when_written


def country_name(edition: Edition, code: str) -> str:
    """A country code in words, as ``edition.yml``'s ``countries`` names it (else the code)."""
    return edition.info.countries.get(code, code) if edition.info else code


KIND_TITLES = {
    "person": "People",
    "agency": "Agencies",
    "party": "Parties",
    "legislature": "Legislatures",
    "office": "Offices",
    "organisation": "Organisations",
    "group": "Groups",
    "place": "Places",
    "initiative": "Initiatives",
    "agreement": "Agreements",
    "task-force": "Task forces",
    "strategy": "Strategies",
    "law": "Laws",
    "system": "Systems",
    "operation": "Operations",
    "framework": "Frameworks",
}
RELATION_INVERSE = {
    "leads": "led by",
    "member-of": "has member",
    "part-of": "has part",
    "signed": "signed by",
    "funds": "funded by",
    "oversees": "overseen by",
    "succeeded-by": "succeeds",
    "located-in": "location of",
    "announced": "announced by",
    "implements": "implemented by",
    "opposes": "opposed by",
    "nominated": "nominated by",
    "allied-with": "allied with",
    "conditions": "conditioned by",
}


def entity_page(kind: str, ident: str) -> str:
    """Source path of an actor's or program's page."""
    return f"{kind}/{ident}.md"


def paragraph_label(edition: Edition, doc_id: str, number: int) -> str:
    """``¶8``; with several documents, which one too: ``Arzt 2009, ¶8`` (plain text)."""
    if len(edition.documents) == 1:
        return f"¶{number}"
    spec = edition.document(doc_id).spec
    who = (spec.authors[0].family or spec.authors[0].display) if spec.authors else spec.title
    return f"{escape(who)} {spec.date[:4]}, ¶{number}"


def paragraph_ref(edition: Edition, doc_id: str, number: int) -> str:
    """``paragraph_label`` as Markdown."""
    return escape(paragraph_label(edition, doc_id, number))


def _bold_mentions(sentence: str, exacts: list[str]) -> str:
    """The sentence in Markdown, every mention of the entity in it in bold (in text order)."""
    out, at = [], 0
    for exact in exacts:
        found = sentence.find(exact, at)
        if found < 0:
            continue
        out += [escape(sentence[at:found]), "**" + escape(exact) + "**"]
        at = found + len(exact)
    out.append(escape(sentence[at:]))
    return "".join(out)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w']+", text.casefold()) if len(w) > 3}


def _restates(sentence: str, said: str) -> bool:
    """Whether most of the sentence's longer words were already said (its facts are not new)."""
    words = _words(sentence)
    return bool(words) and len(words & _words(said)) >= 0.6 * len(words)


def _background(entity: Actor | Program) -> str:
    """The summary without an opening sentence that only restates the description and role."""
    summary = claims_plain(entity.summary)
    said = entity.description + " " + (entity.role if isinstance(entity, Actor) and entity.role else "")
    spans = sentence_spans(summary)
    if len(spans) > 1 and _restates(summary[spans[0][0] : spans[0][1]], said):
        summary = summary[spans[1][0] :]
    elif len(spans) == 1 and _restates(summary, said):
        return ""
    return safe_markdown(summary).strip()


def render_entity(edition: Edition, entity: Actor | Program) -> str:
    """The page of one actor or program: what it is, what the text says of it, then what relates to it."""
    kind = "actors" if isinstance(entity, Actor) else "programs"
    page = entity_page(kind, entity.id)
    # Not in the nav: without a front-matter title MkDocs would take the h1's HTML, which
    # Material's ``<title>`` decodes again (see ``edition.escape.template_text``).
    front = dialect.front_matter([f"title: {yaml_str(template_text(entity.name))}"])
    lines = [*front, f"# {escape(entity.name)}", "", f'<p class="entity-kind">{escape(_facts_line(edition, entity))}</p>', ""]
    lines += [f"{escape(entity.description)}", dialect.block_attrs("entity-lead"), ""]
    facts = []
    if isinstance(entity, Actor) and entity.role:
        facts.append(f"**{when_written([d.spec.date for d in edition.documents], 'In')}:** {inline_markdown(entity.role)}")
    if entity.aliases:
        facts.append("**Named in the text as:** " + ", ".join(f"“{escape(a)}”" for a in entity.aliases))
    if isinstance(entity, Program) and entity.actors:
        facts.append("**Actors involved:** " + ", ".join(_entity_link(edition, a, page) for a in entity.actors))
    lines += [*(f"- {f}" for f in facts), ""] if facts else []
    if entity.implied:
        lines += [dialect.admonition("info", "Not named in the text", inline_markdown(entity.implied))]
    if entity.confidence != "high":
        caveat = "Parts of this entry rest on sources the editors could not fully check."
        lines += [dialect.admonition("warning", f"Confidence: {entity.confidence}", caveat)]
    lines += _backlinks(edition, entity.id, page)
    # The summary's claims, each with its source numbers (the list is under Sources below).
    summary = render_claims(edition, entity.summary, page)
    lines += ["## Background", "", summary.text, ""]
    relations = _relations(edition, entity.id, page)
    if relations:
        lines += [
            "## Relations",
            "",
            *relations,
            "",
            f"See also the [relations of every actor and program]({rel(page, 'relations/index.md', entity.id)}).",
            "",
        ]
    lines += _records_about(edition, entity.id, page)
    lines += ["## Sources", "", f"*{MARKER_KEY}*", "", *source_list(edition, summary, page), ""]
    cited = {s.id for s in summary.sources}
    further = [sid for sid in entity.sources if sid not in cited]
    if further:
        lines += ["Also consulted:", ""]
        for sid in further:
            source = edition.source(sid)
            lines.append(f"- {bibliography.link(edition, sid, page)}" + (f" — {bibliography.entry(source)}" if source else ""))
        lines.append("")
    return "\n".join(lines)


def _facts_line(edition: Edition, entity: Actor | Program) -> str:
    parts = [entity.kind.replace("-", " ").capitalize()]
    if isinstance(entity, Actor) and entity.country:
        parts.append(country_name(edition, entity.country))
    if isinstance(entity, Program):
        if entity.start:
            parts.append(f"from {human_date(entity.start)}")
        if entity.end:
            parts.append(f"until {human_date(entity.end)}")
    return " · ".join(parts)


def _entity_link(edition: Edition, ident: str, page: str) -> str:
    e = edition.entity(ident)
    return link(escape(e.name), page, entity_page(edition.entity_kind(ident), ident), title=e.description)


def _relations(edition: Edition, ident: str, page: str) -> list[str]:
    out = []
    for r in edition.relations_of("from", ident):
        if r.source == ident:
            out.append(
                f"- {escape(r.type.replace('-', ' '))} {_entity_link(edition, r.target, page)}"
                + (f" ({inline_markdown(r.note)})" if r.note else "")
            )
    for r in edition.relations_of("to", ident):
        if r.target == ident:
            out.append(
                f"- {escape(RELATION_INVERSE.get(r.type, r.type))} {_entity_link(edition, r.source, page)}"
                + (f" ({inline_markdown(r.note)})" if r.note else "")
            )
    return out


def _backlinks(edition: Edition, ident: str, page: str) -> list[str]:
    """Every mention, counted, under its paragraph: the ¶ link, the section, and each sentence once
    with all its mentions in bold."""
    mentions = edition.mentions_of(ident)
    if not mentions:
        return []
    by_paragraph: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_paragraph[(m.span.doc, m.span.paragraph)].append(m)
    n, p = len(mentions), len(by_paragraph)
    lines = [
        "## In the text",
        "",
        f"Named {n} time{'s' if n != 1 else ''}, in {p} paragraph{'s' if p != 1 else ''}.",
        dialect.block_attrs("mention-count"),
        "",
    ]
    for (doc_id, number), group in by_paragraph.items():
        doc = edition.document(doc_id)
        section = doc.text.section_of(number)
        target = rel(page, f"{doc_id}/{section.id}.md", f"p{number}")
        count = f" · {len(group)} mentions" if len(group) > 1 else ""
        lines.append(
            f"- {dialect.link(paragraph_ref(edition, doc_id, number), target, None, 'backlink')} <small>{escape(section.title)}{count}</small>"
        )
        sentences: dict[str, list[str]] = defaultdict(list)
        for m in group:  # text order; a sentence that names it twice is shown once, both names in bold
            sentences[m.sentence].append(m.span.exact)
        for sentence, exacts in sentences.items():
            lines.append(f"    - {_bold_mentions(sentence, exacts)}")
    lines.append("")
    return lines


def _records_about(edition: Edition, ident: str, page: str) -> list[str]:
    """Questions, funding figures, events and notes about the entity, each kind under its heading."""
    out: list[str] = []
    questions = [q for q in edition.questions_about(ident) if ident in q.related]
    if questions:
        out += ["## Questions the paper asks", ""]
        for q in questions:
            status = q.status.replace("-", " ")
            out.append(f"- [“{escape(q.anchor.quote)}”]({rel(page, 'questions.md', q.id)}) <small>{escape(status)}</small>")
        out.append("")
    figures = [f for f in edition.funding_of(ident) if f.program == ident]
    if figures:
        out += ["## Funding figures", "", "| Figure | FY | Amount | Status |", "|---|---|---|---|"]
        for f in figures:
            value = (
                money(f.amount, f.currency, f.approximate)
                if f.amount is not None
                else (f"{f.share.percent:g}% of {f.share.of}" if f.share else "—")
            )
            out.append(
                f"| [{escape(f.label)}]({rel(page, 'funding/index.md', f.id)}) | {f.fiscal_year or '—'} | {escape(value)} | {escape(f.status.replace('-', ' '))} |"
            )
        out += ["", f"All figures with their sources: [Funding]({rel(page, 'funding/index.md')}).", ""]
    events = [e for e in edition.events_about(ident) if ident in e.related]
    if events:
        out += ["## Events", ""]
        out += [f"- **{human_date(e.date)}** — [{escape(e.title)}]({rel(page, 'timeline.md', e.id)})" for e in events]
        out.append("")
    notes = [n for n in edition.notes_about(ident) if ident in n.related and ("note", n.id) in edition.anchors]
    if notes:
        out += ["## Editorial notes", ""]
        order = {d.spec.id: i for i, d in enumerate(edition.documents)}

        def reading_order(n: Note) -> tuple[int, int, int]:
            span = edition.anchors[("note", n.id)]
            return order[span.doc], span.paragraph, span.start

        for n in sorted(notes, key=reading_order):  # in the order a reader meets them, at the note itself
            span = edition.anchors[("note", n.id)]
            section = edition.document(span.doc).text.section_of(span.paragraph)
            target = rel(page, f"{span.doc}/{section.id}.md", f"note-{n.id}")
            out.append(
                f"- [{escape(n.title)}]({target}) <small>{paragraph_ref(edition, span.doc, span.paragraph)} · {escape(section.title)}</small>"
            )
        out.append("")
    return out


def render_index(edition: Edition, kind: str) -> str:
    """``/actors/`` or ``/programs/``: grouped by kind (and, for actors, by country)."""
    page = f"{kind}/index.md"
    entities: list[Actor | Program] = list(edition.actors if kind == "actors" else edition.programs)
    counts: dict[str, int] = defaultdict(int)
    for m in edition.mentions:
        counts[m.entity] += 1
    written = when_written([d.spec.date for d in edition.documents], "as of")
    lines = [templating.render(f"intro/{kind}.md.j2", page=page, written=written, several=len(edition.documents) > 1)]
    by_kind: dict[str, list[Actor | Program]] = defaultdict(list)
    for e in entities:
        by_kind[e.kind].append(e)
    # Groups in the schema's order of kinds; entities alphabetical by name, id as tie-break.
    for group in KIND_TITLES:
        if group not in by_kind:
            continue
        lines += [f"## {KIND_TITLES[group]}", ""]
        for e in sorted(by_kind[group], key=lambda x: (x.name.casefold(), x.id)):
            lines.append(
                f"- {link(escape(e.name), page, entity_page(kind, e.id))} — {escape(e.description)} <small>({counts[e.id]})</small>"
            )
        lines.append("")
    if kind == "actors":
        lines += ["## By country", ""]
        by_country: dict[str, list[Actor]] = defaultdict(list)
        for a in edition.actors:
            by_country[a.country or "—"].append(a)
        for code in sorted(by_country):
            names = ", ".join(
                link(escape(a.name), page, entity_page(kind, a.id))
                for a in sorted(by_country[code], key=lambda x: (x.name.casefold(), x.id))
            )
            lines += [f"**{escape('No country' if code == '—' else country_name(edition, code))}:** {names}", ""]
    return "\n".join(lines)
