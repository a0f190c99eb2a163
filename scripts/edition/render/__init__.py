"""Render stage: ``Edition -> {site path: Markdown}`` for every page, plus pictures and nav.

Pure and deterministic: pages are produced in a fixed order from sorted records, with no clock,
absolute path or locale in them.
"""

from __future__ import annotations

import json

from ..edition import Edition
from ..escape import template_text
from . import changes, charts, entities, indexes, paper, relations


def render(edition: Edition, site_url: str = "", data_sizes: dict[str, int] | None = None) -> dict[str, str]:
    """Every generated Markdown page by its source path. ``data_sizes``: the byte size of each data
    file by site path, for the data page (computed from the export stage when not given)."""
    if data_sizes is None:
        from ..export import export  # here, not at the top: export imports the renderers

        data_sizes = {path: len(data) for path, data in export(edition, site_url).items()}
    pages: dict[str, str] = {"index.md": paper.render_home(edition)}
    for doc in edition.documents:
        pages[f"{doc.spec.id}/index.md"] = paper.render_document(edition, doc, site_url)
        pages[f"{doc.spec.id}/print.md"] = paper.render_print(edition, doc, site_url)
        for section in doc.text.sections:
            pages[paper.section_path(doc, section)] = paper.render_section(edition, doc, section, site_url)
    pages["actors/index.md"] = entities.render_index(edition, "actors")
    pages["programs/index.md"] = entities.render_index(edition, "programs")
    for actor in edition.actors:
        pages[entities.entity_page("actors", actor.id)] = entities.render_entity(edition, actor)
    for program in edition.programs:
        pages[entities.entity_page("programs", program.id)] = entities.render_entity(edition, program)
    pages["funding/index.md"] = indexes.render_funding(edition, charts.funding_chart(edition))
    pages["questions.md"] = indexes.render_questions(edition)
    pages["timeline.md"] = indexes.render_timeline(edition)
    pages["sources.md"] = indexes.render_sources(edition)
    pages["relations/index.md"] = relations.render_relations(edition)
    pages["data.md"] = indexes.render_data(edition, data_sizes)
    pages["changes.md"] = changes.render_changes(edition)
    return pages


def pictures(edition: Edition) -> dict[str, bytes]:
    """The SVG assets the pages refer to."""
    out: dict[str, bytes] = {}
    chart = charts.funding_chart(edition)
    if chart:
        out["assets/funding-chart.svg"] = chart.encode()
        out["assets/funding-chart-dark.svg"] = (charts.funding_chart(edition, dark=True) or "").encode()
    return out


def redirects(edition: Edition, site_url: str = "") -> dict[str, bytes]:
    """A small HTML page for every retired section id, sending readers (and ¶ fragments) on."""
    out: dict[str, bytes] = {}
    for doc in edition.documents:
        for r in doc.spec.redirects:
            target = f"../{r.new}/"
            canonical = f"{site_url.rstrip('/')}/{doc.spec.id}/{r.new}/"
            html = (
                '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<title>Moved: {r.new}</title>\n<link rel="canonical" href="{canonical}">\n'
                f'<meta http-equiv="refresh" content="0; url={target}">\n'
                # Keep the #pN fragment, which a meta refresh would drop.
                f'<script>location.replace("{target}" + location.hash);</script>\n</head>\n'
                f'<body><p>This section has moved to <a href="{target}">{target}</a>.</p></body>\n</html>\n'
            )
            out[f"{doc.spec.id}/{r.old}/index.html"] = html.encode()
    # For the 404 page's script: retired addresses and where they went (site-relative, sorted).
    moved = {f"{doc.spec.id}/{r.old}/": f"{doc.spec.id}/{r.new}/" for doc in edition.documents for r in doc.spec.redirects}
    out["assets/moved.json"] = (json.dumps(dict(sorted(moved.items())), indent=2, ensure_ascii=False) + "\n").encode()
    return out


def nav(edition: Edition) -> list[object]:
    """The site navigation, in reading order. Material prints nav titles as HTML, so every title
    from the inputs goes through ``template_text``."""
    items: list[object] = [{"Home": "index.md"}]
    for doc in edition.documents:
        sections: list[object] = [{"Overview": f"{doc.spec.id}/index.md"}]
        sections += [{template_text(s.title): paper.section_path(doc, s)} for s in doc.text.sections]
        sections.append({"Whole paper (print)": f"{doc.spec.id}/print.md"})
        items.append({template_text(doc.spec.title) if len(edition.documents) > 1 else "The paper": sections})
    items.append(
        {
            "Editorial layer": [
                {"Actors": "actors/index.md"},
                {"Programs": "programs/index.md"},
                {"Funding": "funding/index.md"},
                {"Questions": "questions.md"},
                {"Timeline": "timeline.md"},
                {"Relations": "relations/index.md"},
                {"Sources": "sources.md"},
            ]
        }
    )
    items.append(
        {"About": [{"About this edition": "about.md"}, {"Editing guide": "editing.md"}, {"Data": "data.md"}, {"Changes": "changes.md"}]}
    )
    return items
