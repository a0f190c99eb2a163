"""``python -m bench.search`` (also a step of ``make bench``): the search index and the time to results.

For the real site and a 50-document corpus (``bench.corpus``): build the site with
``mkdocs build --strict``; measure the Pagefind index on disk and the search-index time inside the
build; then in headless Chromium, on the built site served locally, open the search box, type
queries key by key and read, for each, the time from its last keystroke to its results on screen
(``data-ms``, set by ``assets/search.js`` when the list is drawn) and the bytes the browser
fetched from ``pagefind/`` for it. For comparison the same site is built once more with Material's
own search plugin, whose one ``search_index.json`` the browser loads whole before any query.

Numbers, not assertions: the target (the first query at 50 documents loads at most 1 MB) is
reported as PASS or MISS with its margin.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from . import measure
from .corpus import CorpusSpec, write_project

ROOT = measure.ROOT
FIRST_QUERY_LIMIT = 1_000_000
"""Bytes the first query may load at 50 documents (issue 18)."""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _build(config: Path, site: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]
    child = measure.run(command, cwd=config.parent, timeout=3600)
    return {"wall_s": child["wall_s"], "rc": child["rc"], "error": child["stderr"][-1500:] if child["rc"] else ""}


def _with_material_search(project: Path) -> Path:
    """The same configuration with Material's search plugin on (the alternative compared)."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    path = project / "mkdocs.material-search.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _folder_bytes(folder: Path) -> dict[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def _index_time(project: Path, site: Path) -> float:
    """Seconds ``search_index.write`` takes for this project (what the hook adds to each build)."""
    code = (
        "import sys, time; from pathlib import Path; sys.path.insert(0, sys.argv[3]);"
        "from edition import pipeline, search_index; e, _ = pipeline.check(Path(sys.argv[1]));"
        "t = time.perf_counter(); search_index.write(e, Path(sys.argv[2])); print(time.perf_counter() - t)"
    )
    out = measure.run([sys.executable, "-c", code, str(project), str(site), str(ROOT / "scripts")], cwd=project)
    return float(out["stdout"].strip().splitlines()[-1]) if out["rc"] == 0 else float("nan")


def _queries_for(project: Path) -> list[str]:
    """An entity's name, a word of the text without its accent, a two-word phrase, an alias in capitals."""
    actors = yaml.safe_load((project / "annotations" / "actors.yml").read_text(encoding="utf-8"))["actors"]
    programs = yaml.safe_load((project / "annotations" / "programs.yml").read_text(encoding="utf-8"))["programs"]
    text = next((project / "texts").glob("*.txt")).read_text(encoding="utf-8")
    words = re.findall(r"[a-z]{8,}", text)
    alias = next((p["aliases"][0] for p in programs if p.get("aliases")), programs[0]["name"])
    return [actors[0]["name"], "Merida", f"{words[10]} {words[11]}", alias.upper(), words[40]]


def _browse(site: Path, queries: list[str], repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser.harness import CHROMIUM_ARGS, find_chromium

    executable = find_chromium()
    if executable is None:
        return {"error": "no chromium"}
    runs: list[dict[str, Any]] = []
    with _served(site) as base, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                runs.append(_one_visit(chromium, base, queries))
        finally:
            chromium.close()
    first_bytes = sorted(r["queries"][0]["bytes"] for r in runs)
    first_ms = sorted(r["queries"][0]["ms"] for r in runs)
    warm = sorted(q["ms"] for r in runs for q in r["queries"][1:])
    return {
        "queries": queries,
        "runs": runs,
        "page_load_search_bytes": max(r["before_bytes"] for r in runs),
        "first_query_bytes": first_bytes[len(first_bytes) // 2],
        "first_query_ms_median": first_ms[len(first_ms) // 2],
        "later_query_ms_median": warm[len(warm) // 2] if warm else None,
        "later_query_ms_max": warm[-1] if warm else None,
    }


def _one_visit(chromium: Any, base: str, queries: list[str]) -> dict[str, Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    fetched: list[tuple[str, int]] = []

    def on_response(response: Any) -> None:
        if "/pagefind/" in response.url or "search_index" in response.url:
            try:
                fetched.append((response.url, len(response.body())))
            except Exception:  # a response the page did not wait for has no body to read
                fetched.append((response.url, 0))

    context.on("response", on_response)
    page = context.new_page()
    page.goto(base + "/", wait_until="networkidle")
    before = sum(n for _, n in fetched)
    opened = len(fetched)  # the first query's bytes include opening the box (script, WebAssembly, names)
    box = page.locator(".md-search__input")
    box.click()
    out = []
    for i, query in enumerate(queries):
        mark = opened if i == 0 else len(fetched)
        box.fill("")
        page.wait_for_function("() => !document.getElementById('edition-search-results').dataset.query")
        box.press_sequentially(query, delay=60)  # a quick typist: ~16 keys a second
        page.wait_for_function(f"() => document.getElementById('edition-search-results').dataset.query === {json.dumps(query)}")
        page.wait_for_load_state("networkidle")
        ms = float(page.evaluate("document.getElementById('edition-search-results').dataset.ms"))
        results = page.locator("#edition-search-results a").count()
        out.append(
            {"query": query, "ms": ms, "results": results, "bytes": sum(n for _, n in fetched[mark:]), "requests": len(fetched) - mark}
        )
    context.close()
    return {"before_bytes": before, "queries": out}


def measure_site(project: Path, work: Path, label: str, repeat: int, shell: Path | None = None, material: bool = True) -> dict[str, Any]:
    """Everything for one project: the build, the index's size, browser timings, Material's index.

    With ``shell`` (an already built site), the project's index is written into a copy of that
    site instead of building the project's pages: the search box, its script and the index are
    all the browser loads to search, and a 50-document build takes minutes on a loaded machine."""
    site = work / f"{label}-site"
    if shell is None:
        result: dict[str, Any] = {"build": _build(project / "mkdocs.yml", site)}
        if result["build"]["rc"] != 0:
            return result
    else:
        shutil.copytree(shell, site)
        shutil.rmtree(site / "pagefind")
        result = {"build": {"shell": str(shell.name)}, "index_write_s": _index_time(project, site)}
    if "index_write_s" not in result:
        result["index_write_s"] = _index_time(project, work / f"{label}-index")
    result["pagefind_index"] = _folder_bytes(site / "pagefind")
    result["records"] = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
    result["browser"] = _browse(site, _queries_for(project), repeat)
    result["material_index_bytes"] = None
    if material:
        built = work / f"{label}-material"
        result["material_build"] = _build(_with_material_search(project), built)
        index = built / "search" / "search_index.json"
        result["material_index_bytes"] = index.stat().st_size if index.is_file() else None
    return result


def run(documents: int, repeat: int, material_corpus: bool) -> dict[str, Any]:
    report: dict[str, Any] = {"load_average_start": os.getloadavg()}
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        real = work / "real"
        real.mkdir()
        measure.copy_real_project(real)
        report["real"] = measure_site(real, work, "real", repeat)
        corpus = work / f"corpus-{documents}"
        report["corpus_info"] = write_project(CorpusSpec(documents), corpus)
        shell = work / "real-site" if report["real"]["build"].get("rc") == 0 else None
        report[f"corpus_{documents}"] = measure_site(corpus, work, f"corpus-{documents}", repeat, shell, material=material_corpus)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load_average_end"] = os.getloadavg()
    first = report[f"corpus_{documents}"].get("browser", {}).get("first_query_bytes")
    report["verdict"] = {
        "target": f"first query at {documents} documents loads at most 1 MB",
        "status": "NOT MEASURED" if first is None else ("PASS" if first <= FIRST_QUERY_LIMIT else "MISS"),
        "value_bytes": first,
        "limit_bytes": FIRST_QUERY_LIMIT,
    }
    return report


def table(report: dict[str, Any]) -> str:
    lines = ["search                  records  index on disk   Material's index   first query   later queries (median/max)"]
    for key, value in report.items():
        if not isinstance(value, dict) or "browser" not in value:
            continue
        b = value["browser"]
        lines.append(
            f"{key:<22} {value['records']:>8}  {value['pagefind_index']['bytes'] / 1e6:6.2f} MB"
            f"  {(value['material_index_bytes'] or 0) / 1e6:10.2f} MB"
            f"   {b['first_query_bytes'] / 1e3:6.0f} kB {b['first_query_ms_median']:5.0f} ms"
            f"   {b['later_query_ms_median']:5.0f} / {b['later_query_ms_max']:5.0f} ms"
        )
    v = report["verdict"]
    lines.append(f"{v['status']}: {v['target']} ({v['value_bytes']} bytes)")
    lines.append(f"load average {report['load_average_start']} -> {report['load_average_end']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="browser visits per site (median)")
    parser.add_argument("--no-material-corpus", action="store_true", help="skip the corpus build with Material's search (slow)")
    parser.add_argument("--out", default=str(ROOT / ".bench" / "search.json"))
    args = parser.parse_args(argv)
    report = run(args.documents, args.repeat, not args.no_material_corpus)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))


if __name__ == "__main__":
    main()
