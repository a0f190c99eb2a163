"""Static SVG pictures made at build time with matplotlib: the funding chart.

No JavaScript and nothing fetched: the SVGs are returned as bytes (``render.pictures``) and the
adapters put them into the site like any asset. Output is made deterministic (fixed hash salt, no
date metadata, sorted inputs) so builds stay byte-identical. Nothing here reads the disk or the
environment. A drawing is kept in memory by its inputs (``functools.lru_cache``), so a rebuild
under ``serve`` whose funding figures did not change does not draw again. (A disk cache under
``~/.cache`` for the next process went: it saved about 2 s of a fresh process, matplotlib's
import, and nothing in the editor's loop; see the notes of issue 13.)
"""

from __future__ import annotations

import io
from functools import lru_cache

from ..edition import Edition
from .indexes import totals_by_program_year

ACTOR_COLOUR = "#1f5f99"
PROGRAM_COLOUR = "#c0621a"


def _svg(fig: object, *, transparent: bool = False) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    try:
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight", transparent=transparent)  # type: ignore[attr-defined]
    finally:
        plt.close(fig)  # type: ignore[arg-type]
    return buf.getvalue()


def _plain(text: str) -> str:
    """A name as matplotlib text: two ``$`` would start mathtext, and bad mathtext is an exception."""
    return text.replace("$", r"\$")


def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "road-ahead"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and uses the page's font
    matplotlib.rcParams["font.family"] = "sans-serif"


MAX_CHART_PROGRAMS = 8
"""Programs drawn in the funding chart; beyond that the smallest are summed into one bar segment
(the table on the page gives every figure). A legend of hundreds of programs is unreadable, and
matplotlib's placement of it grows with the square of the bars drawn."""


INK = {False: "#262626", True: "#e3e6ea"}
"""Text and axes of the funding chart on a light and on a dark page (its background is
transparent, so the page's own colour shows through: no white box on a dark page)."""


def funding_chart(edition: Edition, *, dark: bool = False) -> str | None:
    """A bar chart of appropriation totals per fiscal year (for a light or a dark page), or None without data."""
    totals = totals_by_program_year(edition)
    if not totals:
        return None
    rows = tuple((edition.entity(p).name, year, total.amount) for (p, year), total in totals.items())
    rows = _top_programs(rows)
    estimated = tuple(sorted({year for (_, year), total in totals.items() if total.estimated}))
    return _funding_chart(rows, dark, estimated)


def _top_programs(rows: tuple[tuple[str, int, float], ...]) -> tuple[tuple[str, int, float], ...]:
    """The rows of the largest programs; the others' amounts summed per year as one more program."""
    per_program: dict[str, float] = {}
    for name, _, amount in rows:
        per_program[name] = per_program.get(name, 0.0) + amount
    if len(per_program) <= MAX_CHART_PROGRAMS:
        return rows
    kept = set(sorted(per_program, key=lambda n: (-per_program[n], n))[: MAX_CHART_PROGRAMS - 1])
    other = f"{len(per_program) - len(kept)} other programs"
    rest: dict[int, list[float]] = {}
    for name, year, amount in rows:
        if name not in kept:
            rest.setdefault(year, []).append(amount)
    return tuple(r for r in rows if r[0] in kept) + tuple((other, year, sum(amounts)) for year, amounts in sorted(rest.items()))


@lru_cache(maxsize=8)
def _funding_chart(rows: tuple[tuple[str, int, float], ...], dark: bool = False, estimated: tuple[int, ...] = ()) -> str:
    _setup()
    import matplotlib.pyplot as plt

    ink = INK[dark]

    years = sorted({y for _, y, _ in rows})
    programs = sorted({p for p, _, _ in rows})
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.tick_params(colors=ink, labelcolor=ink)
    for spine in ax.spines.values():
        spine.set_color(ink)
    bottom = [0.0] * len(years)
    colours = ["#1f5f99", "#c0621a", "#3a8a4f", "#7a4f9a", "#a33a3a"]
    for i, program in enumerate(programs):
        values = [sum(a for p, y, a in rows if p == program and y == year) / 1e6 for year in years]
        bars = ax.bar([f"FY{y}" for y in years], values, bottom=bottom, label=_plain(program), color=colours[i % len(colours)])
        marks = ["~" if year in estimated else "" for year in years]
        if len(programs) > 1:  # a lone program's segment is its bar: the total above says it once
            ax.bar_label(
                bars,
                labels=[f"{m}${v:,.0f}M" if v else "" for m, v in zip(marks, values, strict=True)],
                label_type="center",
                color="white",
                fontsize=9,
            )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    # An estimated total says so above its bar, as the table does ("about ... (estimated)").
    for x, (year, height) in enumerate(zip(years, bottom, strict=True)):
        label = f"about ${height:,.0f}M (estimated)" if year in estimated else f"${height:,.0f}M"
        ax.text(x, height + max(bottom) * 0.01, label, ha="center", va="bottom", fontsize=8, color=ink)
    ax.set_ylabel("US$ million", color=ink)
    ax.spines[["top", "right"]].set_visible(False)
    if len(programs) > 1:  # one program is named in the page's heading and caption already
        ax.legend(frameon=False, fontsize=9, labelcolor=ink)
    return _svg(fig, transparent=True)
