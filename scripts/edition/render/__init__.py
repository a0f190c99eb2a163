"""Render stage: ``Edition -> ({site path: Markdown}, problems)`` for every page, plus pictures and nav.

Pure and deterministic: pages are produced in a fixed order from sorted records, with no clock,
absolute path or locale in them, and nothing is read from the disk or the environment. Pictures
are returned as bytes for the adapter to write. What the schema accepts but a renderer cannot show
comes back as a located problem, as from the other stages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .. import kinds
from ..edition import Edition
from ..escape import template_text
from ..kinds import Kind
from ..problems import Problem, Unrenderable
from . import changes, charts, entities, generic, indexes, paper, relations

PAGE_RENDERERS: dict[str, Callable[[Edition, Kind], str]] = {
    "list": generic.render_list,
    "entities": lambda edition, kind: entities.render_index(edition, kind.record_pages or ""),
    "funding": lambda edition, _: indexes.render_funding(edition, charts.funding_chart(edition)),
    "questions": lambda edition, _: indexes.render_questions(edition),
    "timeline": lambda edition, _: indexes.render_timeline(edition),
    "sources": lambda edition, _: indexes.render_sources(edition),
}
"""The makers of a kind's index page, by the ``template`` its registry entry names."""

RECORD_RENDERERS: dict[str, Callable[[Edition, Kind, Any], str]] = {
    "record": generic.render_record,
    "entity": lambda edition, _, record: entities.render_entity(edition, record),
}
"""The makers of a record's own page, by the ``record_template`` its kind's entry names."""


def render(edition: Edition, site_url: str = "", data_sizes: dict[str, int] | None = None) -> tuple[dict[str, str], list[Problem]]:
    """Every generated Markdown page by its source path, and the problems of what could not be
    rendered (a page that cannot be made is left out and its problem returned). ``data_sizes``:
    the byte size of each data file by site path, for the data page (computed from the export
    stage when not given)."""
    problems: list[Problem] = []
    if data_sizes is None:
        from ..export import export  # here, not at the top: export imports the renderers

        try:
            data_sizes = {path: len(data) for path, data in export(edition, site_url).items()}
        except Unrenderable as exc:
            data_sizes, problems = {}, [exc.problem]
    pages: dict[str, str] = {}

    def page(path: str, make: Callable[..., str], *args: object) -> None:
        try:
            pages[path] = make(*args)
        except Unrenderable as exc:
            problems.append(exc.problem)

    page("index.md", paper.render_home, edition)
    for doc in edition.documents:
        page(f"{doc.spec.id}/index.md", paper.render_document, edition, doc, site_url)
        page(f"{doc.spec.id}/print.md", paper.render_print, edition, doc, site_url)
        for section in doc.text.sections:
            page(paper.section_path(doc, section), paper.render_section, edition, doc, section, site_url)
    for path, make in kind_pages(edition):
        page(path, make)
    page("relations/index.md", relations.render_relations, edition)
    page("data.md", indexes.render_data, edition, data_sizes)
    page("changes.md", changes.render_changes, edition)
    return pages, sorted(set(problems))  # one bad citation is the same problem on every page showing it


def kind_pages(edition: Edition) -> list[tuple[str, Callable[[], str]]]:
    """The pages the registry declares, each with its maker: the index pages of kinds with record
    pages, those pages, then the other kinds' index pages, each in registry order."""
    with_records = [k for k in kinds.KINDS if k.record_pages]

    def index(k: Kind, declared: kinds.Page) -> Callable[[], str]:
        return lambda: PAGE_RENDERERS[declared.template](edition, k)

    def record_page(k: Kind, record: Any) -> Callable[[], str]:
        return lambda: RECORD_RENDERERS[k.record_template](edition, k, record)

    made = [(k.index.path, index(k, k.index)) for k in with_records if k.index]
    for k in with_records:
        made += [(entities.entity_page(k.record_pages or "", r.id), record_page(k, r)) for r in edition.of(k.name)]
    made += [(k.index.path, index(k, k.index)) for k in kinds.KINDS if k.index and not k.record_pages]
    return made


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
                # The kinds' pages in registry order, the relations graph, and the bibliography last.
                *({k.index.title: k.index.path} for k in kinds.KINDS if k.index and not k.must_be_cited),
                {"Relations": "relations/index.md"},
                *({k.index.title: k.index.path} for k in kinds.KINDS if k.index and k.must_be_cited),
            ]
        }
    )
    items.append(
        {"About": [{"About this edition": "about.md"}, {"Editing guide": "editing.md"}, {"Data": "data.md"}, {"Changes": "changes.md"}]}
    )
    return items
