"""``python -m bench.search``: what a reader waits for and downloads to search.

For the real site and an N-document corpus (``bench.corpus``, default 10): ``mkdocs build
--strict``, then in headless Chromium on the built site served locally, type queries key by key
and read, for each, the time from its last keystroke to its results on screen (``data-ms``, set
by ``assets/search.js``) and the bytes fetched from ``pagefind/`` for it. The target (the first
query loads at most 1 MB) is reported as PASS or MISS; ``.bench/search.json`` keeps the numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from . import measure, serving
from .corpus import CorpusSpec, write_project

FIRST_QUERY_LIMIT = 1_000_000
"""Bytes the first query may load (issue 18)."""


def _records(project: Path, kind: str) -> list[dict[str, Any]]:
    """Every record of ``kind``, from ``annotations/<kind>.yml`` or ``annotations/<kind>/*.yml``."""
    files = [project / "annotations" / f"{kind}.yml", *sorted((project / "annotations" / kind).glob("*.yml"))]
    return [r for f in files if f.is_file() for r in yaml.safe_load(f.read_text(encoding="utf-8"))[kind]]


def _queries_for(project: Path) -> list[str]:
    """An entity's name, a word of the text without its accent, a two-word phrase, an alias in capitals."""
    actors, programs = _records(project, "actors"), _records(project, "programs")
    words = re.findall(r"[a-z]{8,}", next((project / "texts").glob("*.txt")).read_text(encoding="utf-8"))
    alias = next((p["aliases"][0] for p in programs if p.get("aliases")), programs[0]["name"])
    return [actors[0]["name"], "Merida", f"{words[10]} {words[11]}", alias.upper(), words[40]]


def _visit(chromium: Any, base: str, queries: list[str]) -> list[dict[str, Any]]:
    """One reader: open the home page, then each query typed into the box; its ms, results and bytes."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    fetched: list[int] = []

    def on_response(response: Any) -> None:
        if "/pagefind/" in response.url:
            try:
                fetched.append(len(response.body()))
            except Exception:  # a response the page did not wait for has no body to read
                fetched.append(0)

    context.on("response", on_response)
    page = context.new_page()
    page.goto(base + "/", wait_until="networkidle")
    mark, box, out = len(fetched), page.locator(".md-search__input"), []
    box.click()
    for query in queries:
        box.fill("")
        page.wait_for_function("() => !document.getElementById('edition-search-results').dataset.query")
        box.press_sequentially(query, delay=60)  # a quick typist: ~16 keys a second
        page.wait_for_function(f"() => document.getElementById('edition-search-results').dataset.query === {json.dumps(query)}")
        page.wait_for_load_state("networkidle")
        ms = float(page.evaluate("document.getElementById('edition-search-results').dataset.ms"))
        out.append({"query": query, "ms": ms, "results": page.locator("#edition-search-results a").count(), "bytes": sum(fetched[mark:])})
        mark = len(fetched)
    context.close()
    return out


def measure_site(project: Path, site: Path, repeat: int) -> dict[str, Any]:
    """Build ``project`` into ``site``, then ``repeat`` readers' visits: first and later queries."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    built = measure.run(command, cwd=project, timeout=3600)
    if built["rc"] != 0:
        return {"error": built["output"]}
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(measure.ROOT / "tests"))
    from browser.harness import launch

    with serving.serve_folder(site) as base, sync_playwright() as p:
        chromium = launch(p)
        if chromium is None:
            return {"error": "no chromium"}
        try:
            visits = [_visit(chromium, base, _queries_for(project)) for _ in range(repeat)]
        finally:
            chromium.close()
    index = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    return {
        "build_s": built["wall_s"],
        "index_bytes": index,
        "first_query_bytes": statistics.median(v[0]["bytes"] for v in visits),
        "first_query_ms": statistics.median(v[0]["ms"] for v in visits),
        "later_query_ms": statistics.median(q["ms"] for v in visits for q in v[1:]),
        "visits": visits,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="readers' visits per site (median)")
    parser.add_argument("--out", default=str(measure.ROOT / ".bench" / "search.json"))
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        real, corpus = Path(tmp) / "real", Path(tmp) / f"corpus-{args.documents}"
        measure.copy_real_project(real)
        write_project(CorpusSpec(args.documents), corpus)
        for name, project in (("real", real), (corpus.name, corpus)):
            report[name] = measure_site(project, Path(tmp) / f"{name}-site", args.repeat)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'site':<12} {'index':>9} {'first query':>19} {'later queries':>14}")
    for name, r in report.items():
        if "error" in r:
            print(f"{name:<12} failed: {r['error'][-500:]}")
            continue
        verdict = "PASS" if r["first_query_bytes"] <= FIRST_QUERY_LIMIT else "MISS"
        print(
            f"{name:<12} {r['index_bytes'] / 1e6:>6.2f} MB {r['first_query_bytes'] / 1e3:>6.0f} kB {r['first_query_ms']:>5.0f} ms"
            f" {r['later_query_ms']:>9.0f} ms   {verdict}: first query ≤ 1 MB"
        )


if __name__ == "__main__":
    main()
