"""Static SVG pictures made at build time with matplotlib: the funding chart, the relations graph.

No JavaScript and nothing fetched: the SVGs are written into the site like any asset. Output is
made deterministic (fixed hash salt, no date metadata, sorted inputs) so builds stay
byte-identical. Results are cached by their inputs, because matplotlib is the slowest part of a
rebuild and an edit elsewhere should not pay for it again.
"""

from __future__ import annotations

import io
from functools import lru_cache

from ..edition import Edition
from .indexes import totals_by_program_year

ACTOR_COLOUR = "#1f5f99"
PROGRAM_COLOUR = "#c0621a"


def _svg(fig: object) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    return buf.getvalue()


def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "road-ahead"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and uses the page's font
    matplotlib.rcParams["font.family"] = "sans-serif"


def funding_chart(edition: Edition) -> str | None:
    """A bar chart of appropriation totals per fiscal year, or None without data."""
    totals = totals_by_program_year(edition)
    if not totals:
        return None
    rows = tuple((edition.entity(p).name, year, amount) for (p, year), amount in totals.items())
    return _funding_chart(rows)


@lru_cache(maxsize=8)
def _funding_chart(rows: tuple[tuple[str, int, float], ...]) -> str:
    _setup()
    import matplotlib.pyplot as plt

    years = sorted({y for _, y, _ in rows})
    programs = sorted({p for p, _, _ in rows})
    fig, ax = plt.subplots(figsize=(7, 3.2))
    bottom = [0.0] * len(years)
    colours = ["#1f5f99", "#c0621a", "#3a8a4f", "#7a4f9a", "#a33a3a"]
    for i, program in enumerate(programs):
        values = [sum(a for p, y, a in rows if p == program and y == year) / 1e6 for year in years]
        bars = ax.bar([f"FY{y}" for y in years], values, bottom=bottom, label=program, color=colours[i % len(colours)])
        ax.bar_label(bars, labels=[f"${v:,.0f}M" if v else "" for v in values], label_type="center", color="white", fontsize=9)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("US$ million")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=9)
    return _svg(fig)


def relations_graph(edition: Edition) -> str | None:
    """A node-link drawing of the relations between actors and programs, or None without any."""
    if not edition.relations:
        return None
    actor_ids = {a.id for a in edition.actors}
    nodes = tuple(sorted({(e, edition.entity(e).name, e in actor_ids) for r in edition.relations for e in (r.source, r.target)}))
    edges = tuple((r.source, r.target, r.type) for r in edition.relations)
    return _relations_graph(nodes, edges)


@lru_cache(maxsize=8)
def _relations_graph(nodes: tuple[tuple[str, str, bool], ...], edges: tuple[tuple[str, str, str], ...]) -> str:
    _setup()
    import matplotlib.pyplot as plt
    import networkx as nx

    graph = nx.DiGraph()
    for ident, _, _ in nodes:
        graph.add_node(ident)
    for source, target, kind in edges:
        graph.add_edge(source, target, kind=kind)
    # A fixed seed makes the layout, and so the SVG, the same on every build. The "force" method
    # needs only numpy: Kamada-Kawai and the "energy" method need scipy, which is not a dependency.
    pos = nx.spring_layout(graph, seed=7, method="force")
    fig, ax = plt.subplots(figsize=(11, 9))
    colours = [ACTOR_COLOUR if is_actor else PROGRAM_COLOUR for _, _, is_actor in nodes]
    nx.draw_networkx_edges(graph, pos, ax=ax, edge_color="#999999", arrows=True, arrowsize=8, width=0.8)
    nx.draw_networkx_nodes(graph, pos, nodelist=[n for n, _, _ in nodes], node_color=colours, node_size=60, ax=ax)
    labels = {ident: name if len(name) < 28 else name[:26] + "…" for ident, name, _ in nodes}
    nx.draw_networkx_labels(graph, pos, labels=labels, font_size=7.5, ax=ax, verticalalignment="bottom")
    ax.set_axis_off()
    return _svg(fig)
