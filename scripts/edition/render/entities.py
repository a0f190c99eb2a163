"""Actor and program pages and their indexes: who or what, relations both ways, backlinks."""

from __future__ import annotations

from collections import defaultdict

from ..edition import Edition, Mention
from ..schema import Actor, Program
from . import dialect
from .markup import escape, human_date, inline_markdown, link, rel, safe_markdown

COUNTRIES = {"US": "United States", "MX": "Mexico"}
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


def source_links(edition: Edition, ids: list[str], page: str) -> str:
    """Inline links to bibliography entries."""
    out = []
    for sid in ids:
        s = edition.source(sid)
        label = s.title if s else sid
        out.append(f"[{escape(label)}]({rel(page, 'sources.md', sid)})")
    return "; ".join(out)


def paragraph_ref(edition: Edition, doc_id: str, number: int) -> str:
    """``¶8``; with several documents, which one too: ``Arzt 2009, ¶8`` (Markdown)."""
    if len(edition.documents) == 1:
        return f"¶{number}"
    spec = edition.document(doc_id).spec
    who = spec.authors[0].family if spec.authors else spec.title
    return f"{escape(who)} {spec.date[:4]}, ¶{number}"


def _mention_context(m: Mention) -> str:
    """The sentence around a mention, with the mention in bold."""
    sentence = m.sentence
    exact = m.span.exact
    at = sentence.find(exact)
    if at < 0:
        return escape(sentence)
    return escape(sentence[:at]) + "**" + escape(exact) + "**" + escape(sentence[at + len(exact) :])


def render_entity(edition: Edition, entity: Actor | Program) -> str:
    """The page of one actor or program."""
    kind = "actors" if isinstance(entity, Actor) else "programs"
    page = entity_page(kind, entity.id)
    lines = [f"# {escape(entity.name)}", "", f'<p class="entity-kind">{escape(_facts_line(entity))}</p>', ""]
    lines += [f"*{escape(entity.description)}*", ""]
    if isinstance(entity, Actor) and entity.role:
        lines += [f"**Role in September 2009:** {inline_markdown(entity.role)}", ""]
    lines += [safe_markdown(entity.summary).strip(), ""]
    if entity.implied:
        lines += [dialect.admonition("info", "Not named in the text", inline_markdown(entity.implied))]
    if entity.confidence != "high":
        caveat = "Parts of this entry rest on sources the editors could not fully check."
        lines += [dialect.admonition("warning", f"Confidence: {entity.confidence}", caveat)]
    if entity.aliases:
        lines += ["**Named in the text as:** " + ", ".join(f"“{escape(a)}”" for a in entity.aliases), ""]
    if isinstance(entity, Program) and entity.actors:
        lines += ["**Actors involved:** " + ", ".join(_entity_link(edition, a, page) for a in entity.actors), ""]
    relations = _relations(edition, entity.id, page)
    if relations:
        lines += ["## Relations", "", *relations, ""]
    lines += _backlinks(edition, entity.id, page)
    lines += _records_about(edition, entity.id, page)
    if entity.sources:
        lines += ["## Sources", "", *[f"- {source_links(edition, [s], page)}" for s in entity.sources], ""]
    return "\n".join(lines)


def _facts_line(entity: Actor | Program) -> str:
    parts = [entity.kind.replace("-", " ").capitalize()]
    if isinstance(entity, Actor) and entity.country:
        parts.append(COUNTRIES.get(entity.country, entity.country))
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
    mentions = edition.mentions_of(ident)
    if not mentions:
        return []
    lines = [f"## In the text ({len(mentions)} mention{'s' if len(mentions) != 1 else ''})", ""]
    by_paragraph: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_paragraph[(m.span.doc, m.span.paragraph)].append(m)
    for (doc_id, number), group in by_paragraph.items():
        doc = edition.document(doc_id)
        section = doc.text.section_of(number)
        target = rel(page, f"{doc_id}/{section.id}.md", f"p{number}")
        contexts = " … ".join(dict.fromkeys(_mention_context(m) for m in group))
        lines.append(
            f"- {dialect.link(paragraph_ref(edition, doc_id, number), target, None, 'backlink')} <small>{escape(section.title)}</small> — {contexts}"
        )
    lines.append("")
    return lines


def _records_about(edition: Edition, ident: str, page: str) -> list[str]:
    out = []
    # From the edition's indexes: only this entity's records, in record order.
    for q in edition.questions_about(ident):
        if ident in q.related:
            out.append(f"- Question: [{escape(q.anchor.quote)}]({rel(page, 'questions.md', q.id)}) — *{q.status.replace('-', ' ')}*")
    for f in edition.funding_of(ident):
        if f.program == ident:
            out.append(f"- Funding: [{escape(f.label)}]({rel(page, 'funding.md', f.id)})")
    for e in edition.events_about(ident):
        if ident in e.related:
            out.append(f"- Event, {human_date(e.date)}: [{escape(e.title)}]({rel(page, 'timeline.md', e.id)})")
    for n in edition.notes_about(ident):
        if ident in n.related and ("note", n.id) in edition.anchors:
            span = edition.anchors[("note", n.id)]
            section = edition.document(span.doc).text.section_of(span.paragraph)
            out.append(
                f"- Note on {paragraph_ref(edition, span.doc, span.paragraph)}: [{escape(n.title)}]({rel(page, f'{span.doc}/{section.id}.md', f'p{span.paragraph}')})"
            )
    return ["## Questions, figures, events and notes", "", *out, ""] if out else []


def render_index(edition: Edition, kind: str) -> str:
    """``/actors/`` or ``/programs/``: grouped by kind (and, for actors, by country)."""
    page = f"{kind}/index.md"
    entities: list[Actor | Program] = list(edition.actors if kind == "actors" else edition.programs)
    counts: dict[str, int] = defaultdict(int)
    for m in edition.mentions:
        counts[m.entity] += 1
    title = "Actors" if kind == "actors" else "Programs"
    lines = [f"# {title}", ""]
    lines.append(
        "People, agencies, parties, places and groups the paper names or implies, with their roles as of September 2009."
        if kind == "actors"
        else "Initiatives, agreements, task forces, strategies, laws, systems and operations the paper discusses, and what came after."
    )
    lines += ["", f"Counts after each name are its mentions in the text. See also the [relations graph]({rel(page, 'relations.md')}).", ""]
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
            lines += [f"**{escape(COUNTRIES.get(code, 'No country' if code == '—' else code))}:** {names}", ""]
    return "\n".join(lines)
