"""The relations page: an arc diagram drawn as inline SVG, and every relation as text, by entity.

Why an arc diagram and not a force layout: in a force layout labels overlap wherever nodes
crowd, and no layout of 40-odd names is readable at a phone's width. Here every entity has a row
of its own (a long name wraps onto a second line, so nothing is cut), grouped as a reader thinks
of them: one country's actors, the programs between the governments, the other country's (the
countries and their order come from ``edition.yml``'s ``countries``). Relations are arcs in
a gutter to the left of the names, so they never cross a label. The picture is inline SVG, so
each name is a link to its page, text takes the page's font, and colours come from the page's
CSS variables (light and dark). Hovering or focusing a name highlights its arcs with CSS alone
(``:has``), so the page needs no script. Everything is computed from sorted inputs with integer
geometry: the same edition gives the same bytes.
"""

from __future__ import annotations

import html
import textwrap
from collections import defaultdict

from ..edition import Edition, RelationEdge
from . import dialect
from .entities import RELATION_INVERSE, _entity_link, entity_page
from .markup import escape, inline_markdown, page_url

FONT_PX = 13
LINE_PX = 16
ROW_GAP_PX = 8
WRAP_CHARS = 30
GUTTER_PX = 128
HEADING_PX = 30
"""Geometry of the diagram in CSS pixels (the SVG is drawn at 1:1 and only shrinks on screens
narrower than its width)."""

_NARROW = set("ijlft.,;:'!|()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str) -> int:
    """A generous estimate of ``text``'s width at ``FONT_PX`` in a sans-serif font, in pixels.
    Generous on purpose: the SVG's width is made from it, and a label must never be cut."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.32
        elif ch in _WIDE:
            em += 0.9
        elif ch.isupper() or ch.isdigit():
            em += 0.7
        else:
            em += 0.58
    return int(em * FONT_PX * 1.08) + 1


PROGRAMS, ELSEWHERE = "programs", "other"


def group_titles(edition: Edition) -> dict[str, str]:
    """The picture's bands, top to bottom, by key: the first of ``edition.yml``'s ``countries``,
    the programs, the other countries in their order, then actors of no listed country."""
    countries = list(edition.info.countries.items()) if edition.info else []
    return {**dict(countries[:1]), PROGRAMS: "Programs and agreements", **dict(countries[1:]), ELSEWHERE: "Elsewhere"}


def _group(edition: Edition, ident: str, titles: dict[str, str]) -> str:
    if edition.entity_kind(ident) == "programs":
        return PROGRAMS
    country = getattr(edition.entity(ident), "country", None)
    return country if country in titles and country not in (PROGRAMS, ELSEWHERE) else ELSEWHERE


def _caption(edition: Edition) -> str:
    """Where each band is, in words, named as the bands' headings name them (no article to guess):
    "Actors at the top: United States; in the middle: programs and agreements; below: Mexico."."""
    countries = [name for key, name in group_titles(edition).items() if key not in (PROGRAMS, ELSEWHERE)]
    if not countries:
        return "Programs and agreements at the top, actors below. "
    below = " and ".join(countries[1:]) or "other actors"
    return f"Actors at the top: {countries[0]}; in the middle: programs and agreements; below: {below}. "


def ordered_entities(edition: Edition) -> dict[str, list[str]]:
    """The related entities by group, each group ordered so that related rows sit close together.

    Start from name order, then move each entity, a few times over, towards the mean row of its
    neighbours (the barycentre heuristic of layered graph drawing), with the name as tie-break so
    the order is the same on every build.
    """
    neighbours: dict[str, set[str]] = defaultdict(set)
    for r in edition.relations:
        neighbours[r.source].add(r.target)
        neighbours[r.target].add(r.source)
    titles = group_titles(edition)
    groups: dict[str, list[str]] = {g: [] for g in titles}
    for ident in sorted(neighbours, key=lambda i: (edition.entity(i).name.casefold(), i)):
        groups[_group(edition, ident, titles)].append(ident)
    for _ in range(4):
        row = {ident: i for i, ident in enumerate(x for g in titles for x in groups[g])}
        for g in titles:
            groups[g].sort(key=lambda i: (sum(row[n] for n in neighbours[i]) / len(neighbours[i]), edition.entity(i).name.casefold(), i))
    return {g: members for g, members in groups.items() if members}


def _describe(edition: Edition, r: RelationEdge) -> str:
    return f"{edition.entity(r.source).name} {r.type.replace('-', ' ')} {edition.entity(r.target).name}"


def diagram(edition: Edition, page: str) -> str:
    """The arc diagram as one inline ``<svg>`` (no blank line inside, so Markdown leaves it alone)."""
    groups = ordered_entities(edition)
    titles = group_titles(edition)
    y = 0
    rows: list[str] = []
    centre: dict[str, int] = {}
    label_width = 0
    for g, members in groups.items():
        y += HEADING_PX
        rows.append(f'<text class="group" x="{GUTTER_PX + 12}" y="{y - 10}">{html.escape(titles[g])}</text>')
        for ident in members:
            entity = edition.entity(ident)
            lines = textwrap.wrap(entity.name, WRAP_CHARS) or [entity.name]
            height = len(lines) * LINE_PX + ROW_GAP_PX
            mid = y + height // 2
            centre[ident] = mid
            label_width = max(label_width, *(text_width(line) for line in lines))
            first = mid - (len(lines) - 1) * LINE_PX // 2 + FONT_PX // 2 - 1
            spans = "".join(
                f'<tspan x="{GUTTER_PX + 12}" y="{first + i * LINE_PX}">{html.escape(line)}</tspan>' for i, line in enumerate(lines)
            )
            kind = "program" if g == "programs" else "actor"
            href = html.escape(page_url(page, entity_page(edition.entity_kind(ident), ident)), quote=True)
            rows.append(
                f'<a class="node {kind} n-{ident}" href="{href}">'
                f'<rect x="{GUTTER_PX - 6}" y="{y}" width="{{label_right}}" height="{height}" rx="3"></rect>'
                f'<circle cx="{GUTTER_PX}" cy="{mid}" r="4.5"></circle><text>{spans}</text></a>'
            )
            y += height
    width = GUTTER_PX + 12 + label_width + 8
    rows = [r.replace("{label_right}", str(width - GUTTER_PX + 4)) for r in rows]
    arcs = []
    for r in edition.relations:
        a, b = sorted((centre[r.source], centre[r.target]))
        span = b - a
        bulge = min(GUTTER_PX - 10, 10 + span // 6)
        arcs.append(
            f'<path class="edge e-{r.source} e-{r.target}" d="M{GUTTER_PX} {a} A{bulge} {span // 2} 0 0 0 {GUTTER_PX} {b}">'
            f"<title>{html.escape(_describe(edition, r))}</title></path>"
        )
    # Hovering or focusing a name lights up its arcs: one rule per entity, no script.
    rules = "".join(
        f".relations-graph:has(.n-{ident}:is(:hover,:focus-visible)) .e-{ident}{{stroke:var(--edition-edge-active);stroke-width:2.5;opacity:1}}"
        for ident in sorted(centre)
    )
    height = y + 6
    return (
        f'<svg class="relations-graph" role="group" aria-labelledby="relations-graph-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="relations-graph-title">Relations between actors and programs: each name is a link to its page; '
        "the list below gives every relation in words.</title>"
        f"<style>{rules}</style>"
        f'<g class="edges">{"".join(arcs)}</g>{"".join(rows)}</svg>'
    )


def _relation_items(edition: Edition, ident: str, page: str) -> list[str]:
    """One entity's relations, both ways, in words: ``leads [Mexican government]``."""
    items = []
    for r in edition.relations_of("from", ident):
        note = f" ({inline_markdown(r.note)})" if r.note else ""
        items.append(f"{escape(r.type.replace('-', ' '))} {_entity_link(edition, r.target, page)}{note}")
    for r in edition.relations_of("to", ident):
        note = f" ({inline_markdown(r.note)})" if r.note else ""
        items.append(f"{escape(RELATION_INVERSE.get(r.type, r.type))} {_entity_link(edition, r.source, page)}{note}")
    return items


def render_relations(edition: Edition) -> str:
    """The relations page: the diagram, then every relation by entity, in the diagram's groups."""
    page = "relations/index.md"
    lines = [
        "# Relations",
        "",
        "How the actors and programs relate, as the editors recorded it. In the picture each arc joins two "
        "related names; point at a name (or reach it with the keyboard) to see its arcs, and follow it to "
        "its page. Below the picture every relation is written out, entity by entity.",
        "",
    ]
    if not edition.relations:
        return "\n".join([*lines, "No relations are recorded yet.", ""])
    lines += [
        '<figure class="relations-figure">',
        diagram(edition, page),
        f'<figcaption>{html.escape(_caption(edition))}The <a href="#by-entity">list below</a> gives each relation in words.</figcaption>',
        "</figure>",
        "",
        dialect.heading(2, "Every relation, by entity", "by-entity"),
        "",
    ]
    titles = group_titles(edition)
    for g, members in ordered_entities(edition).items():
        lines += [dialect.heading(3, escape(titles[g]), f"group-{g.lower()}"), ""]
        for ident in sorted(members, key=lambda i: (edition.entity(i).name.casefold(), i)):
            lines += [dialect.html_block_open("div", "relation-group", ident), ""]
            lines += [f"**{_entity_link(edition, ident, page)}**", ""]
            lines += [*(f"- {item}" for item in _relation_items(edition, ident, page)), ""]
            lines += ["</div>", ""]
    return "\n".join(lines)
