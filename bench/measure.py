"""Measurements. Each runs in a fresh Python process, so imports, caches and peak memory are those
of a cold run (``mkdocs build`` is one), and one measurement cannot warm the next.

- ``generator``: ``pipeline.build`` with each stage function wrapped in a timer (load, split,
  link, render, export), plus peak RSS; a second run under ``tracemalloc`` gives the Python heap peak.
- ``build``: ``mkdocs build --strict`` wall time and peak RSS of the whole project, with the hook
  (the generator runs inside the build) and of the same pages pre-emitted into ``docs/`` with the
  hook removed (MkDocs alone, on identical input).
- ``check``: ``pipeline.check`` on the real project, timed inside a fresh process, and the wall time
  of ``python -m edition check`` (what ``make check`` runs) and of ``make check`` itself.
- ``mentions``: ``MentionFinder`` over the same text with 100 to 10,000 entities' names.
- ``live_reload``: ``make serve`` (``mkdocs serve``, or ``python -m edition serve --engine zensical``)
  on a copy of the real project; an annotation edit, then the page polled until the edit is served.
- ``engine_builds``: ``python -m edition build --engine E`` (what ``make build ENGINE=E`` runs) three
  times on one project: cold (Zensical with no cache), warm (nothing changed) and after one
  annotation edit (one note's body), each a whole process.

``python -m bench.measure generator ROOT`` and ``... emit ROOT DOCS`` are the child processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://road-ahead.example.org/"
STAGES = ("load", "split", "link", "render", "export")
STAGE_FUNCTIONS = ("annotations.load", "text.split", "link.link", "render.render", "export.export", "render.pictures")


def env(**extra: str) -> dict[str, str]:
    """The environment of every child: the project's generator on the path, reproducible builds.

    ``EDITION_CACHE_DIR`` (the charts' disk cache) is whatever the caller set: ``python -m bench``
    points it at a folder of its own, so no run reads a cache left by anything else."""
    path = os.pathsep.join([str(ROOT / "scripts"), str(ROOT)])
    # The benchmarks build with the placeholder address on purpose (``edition.address``).
    base = {"EDITION_SITE_URL": "https://road-ahead.example.org/", **os.environ}
    return dict(base, PYTHONPATH=path, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200", PYTHONHASHSEED="0", **extra)


def run(command: Sequence[str], *, cwd: Path = ROOT, timeout: float = 900, extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a child to completion: wall time, exit code, its own peak RSS (``wait4``), output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=env(**(extra_env or {})), stdout=out, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                status = -9
                break
            time.sleep(0.005)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status) if status != -9 else -9
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "rc": proc.returncode,
            "timed_out": status == -9,
            "maxrss_mb": usage.ru_maxrss / 1024,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }


# ── The generator, stage by stage (runs in the child) ────────────────────────────────────────────


YAML_CAP = 8 * 2**20
"""The per-file cap the benchmark lifts ``yaml_loader.MAX_BYTES`` to, in its own processes only,
for corpora whose annotation files outgrow the real cap (one file per kind holds every note of
every document: 1.7 MB of notes at 200 documents). The report says when it did."""


def _cap(argv: list[str]) -> int | None:
    return int(argv[argv.index("--yaml-cap") + 1]) if "--yaml-cap" in argv else None


def _set_yaml_cap(cap: int | None) -> None:
    if cap:
        from edition import yaml_loader

        yaml_loader.MAX_BYTES = cap


def _cap_args(cap: int | None) -> list[str]:
    return ["--yaml-cap", str(cap)] if cap else []


def _generator_child(root: Path, traced: bool, cap: int | None) -> dict[str, Any]:
    import tracemalloc

    started = time.perf_counter()
    from edition import annotations, export, link, pipeline, render, text

    imported = time.perf_counter() - started
    _set_yaml_cap(cap)
    rss_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spent: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    cpu: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    peak: dict[str, float] = {}  # peak RSS when each stage function returned (export runs before pictures/nav)

    def timed(module: Any, name: str, stage: str) -> None:
        inner: Callable[..., Any] = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t, c = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - t
                cpu[stage] += time.process_time() - c
                peak[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        setattr(module, name, wrapper)

    # The orchestrator calls every stage through its module, so wrapping the module attribute
    # times exactly what ``pipeline.build`` runs, with no copy of the orchestrator here to drift.
    timed(annotations, "load", "load")
    timed(text, "split", "split")
    timed(link, "link", "link")
    for name in ("render", "pictures", "redirects", "nav"):
        timed(render, name, "render")
    timed(export, "export", "export")
    if traced:
        tracemalloc.start()
    t, c = time.perf_counter(), time.process_time()
    output = pipeline.build(root, SITE_URL)
    total, total_cpu = time.perf_counter() - t, time.process_time() - c
    result: dict[str, Any] = {
        "stages": spent,
        "stages_cpu": cpu,
        "rss_after_stage_mb": peak,
        "total_s": total,
        "total_cpu_s": total_cpu,
        "other_s": total - sum(spent.values()),
        "import_s": imported,
    }
    if traced:
        result["py_heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    e = output.edition
    result["rss_after_imports_mb"] = rss_imports
    result["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["counts"] = {
        "documents": len(e.documents),
        "sections": sum(len(d.text.sections) for d in e.documents),
        "paragraphs": sum(len(d.text.paragraphs) for d in e.documents),
        "entities": len(e.actors) + len(e.programs),
        "anchors": len(e.anchors),
        "mentions": len(e.mentions),
        "pages": len(output.pages),
        "files": len(output.files),
        "page_mb": sum(len(v) for v in output.pages.values()) / 2**20,
        "data_mb": sum(len(v) for v in output.files.values()) / 2**20,
        "problems": len(output.problems),
    }
    return result


def generator(root: Path, repeat: int = 3, cap: int | None = None) -> dict[str, Any]:
    """Median stage times over ``repeat`` cold processes, the worst peak RSS, and one traced run.

    First one run with an empty chart cache (what the first build of a site pays: matplotlib is
    imported and both pictures drawn); it fills the cache, so the ``repeat`` runs that follow find
    the pictures drawn, as every later build of unchanged funding figures and relations does."""
    with tempfile.TemporaryDirectory(prefix="bench-chart-cache-") as cache:
        first = run(
            [sys.executable, "-m", "bench.measure", "generator", str(root), *_cap_args(cap)], extra_env={"EDITION_CACHE_DIR": cache}
        )
        if first["rc"] != 0:
            raise RuntimeError(f"generator failed on {root}:\n{first['stderr'][-3000:]}")
        empty_cache = json.loads(first["stdout"].strip().splitlines()[-1])
        result = _generator_runs(root, repeat, cap, {"EDITION_CACHE_DIR": cache})
    result["empty_cache"] = {
        "total_s": empty_cache["total_s"],
        "stages_s": empty_cache["stages"],
        "rss_peak_mb": empty_cache["rss_peak_mb"],
    }
    return result


def _generator_runs(root: Path, repeat: int, cap: int | None, extra_env: dict[str, str]) -> dict[str, Any]:
    runs = []
    for _ in range(repeat):
        child = run([sys.executable, "-m", "bench.measure", "generator", str(root), *_cap_args(cap)], extra_env=extra_env)
        if child["rc"] != 0:
            raise RuntimeError(f"generator failed on {root}:\n{child['stderr'][-3000:]}")
        runs.append(json.loads(child["stdout"].strip().splitlines()[-1]))
    traced = run([sys.executable, "-m", "bench.measure", "generator", str(root), "--traced", *_cap_args(cap)], extra_env=extra_env)
    heap = json.loads(traced["stdout"].strip().splitlines()[-1])["py_heap_peak_mb"] if traced["rc"] == 0 else None
    stages = {s: statistics.median(r["stages"][s] for r in runs) for s in STAGES}
    return {
        "stages_s": stages,
        "stages_cpu_s": {s: statistics.median(r["stages_cpu"][s] for r in runs) for s in STAGES},
        "rss_after_stage_mb": {s: max(r["rss_after_stage_mb"].get(s, 0.0) for r in runs) for s in STAGE_FUNCTIONS},
        "check_s": stages["load"] + stages["split"] + stages["link"],
        "total_s": statistics.median(r["total_s"] for r in runs),
        "total_cpu_s": statistics.median(r["total_cpu_s"] for r in runs),
        "totals_s": [r["total_s"] for r in runs],
        "yaml_cap_raised": bool(cap),
        "other_s": statistics.median(r["other_s"] for r in runs),
        "import_s": statistics.median(r["import_s"] for r in runs),
        "rss_peak_mb": max(r["rss_peak_mb"] for r in runs),
        "rss_after_imports_mb": statistics.median(r["rss_after_imports_mb"] for r in runs),
        "py_heap_peak_mb": heap,
        "counts": runs[0]["counts"],
    }


# ── MkDocs builds ─────────────────────────────────────────────────────────────────────────────────


def _emit_child(root: Path, docs: Path, cap: int | None) -> None:
    """Write the generated pages and files into ``docs`` (a copy of the hand-written pages)."""
    from edition import pipeline

    _set_yaml_cap(cap)
    output = pipeline.build(root, SITE_URL)
    for rel, data in [*((k, v.encode()) for k, v in output.pages.items()), *output.files.items()]:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(json.dumps(output.nav))


def pre_emitted_config(project: Path, cap: int | None = None) -> Path:
    """A config for the same site without the hook: every generated page written into ``docs/``.

    MkDocs then does exactly the work it does with the hook (same pages, same nav, same data
    files, same theme and extensions), minus the generator, so the difference of the two builds
    is what the generator costs inside a build.
    """
    docs = project / "docs-emitted"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / "docs", docs)
    child = run([sys.executable, "-m", "bench.measure", "emit", str(project), str(docs), *_cap_args(cap)])
    if child["rc"] != 0:
        raise RuntimeError(f"emit failed:\n{child['stderr'][-3000:]}")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = docs.name
    config["nav"] = json.loads(child["stdout"].strip().splitlines()[-1])
    path = project / "mkdocs.emitted.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def mkdocs_build(config: Path, timeout: float = 900, cap: int | None = None) -> dict[str, Any]:
    """``mkdocs build --strict`` into a fresh folder; wall time, CPU time and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="bench-site-") as site:
        # With a raised cap, the same command runs through a child that lifts it first.
        mkdocs = ["-m", "bench.measure", "mkdocs", *_cap_args(cap)] if cap else ["-m", "mkdocs"]
        command = [sys.executable, *mkdocs, "build", "--strict", "--quiet", "-f", str(config), "-d", site]
        child = run(command, cwd=config.parent, timeout=timeout)
        pages = sum(1 for _ in Path(site).rglob("*.html"))
    return {
        "wall_s": child["wall_s"],
        "cpu_s": child["cpu_s"],
        "rc": child["rc"],
        "timed_out": child["timed_out"],
        "maxrss_mb": child["maxrss_mb"],
        "html_files": pages,
        "error": child["stderr"][-2000:] if child["rc"] else "",
    }


# ── make check ───────────────────────────────────────────────────────────────────────────────────


def _check_child(root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    from edition import pipeline
    from edition.problems import EditionError

    imported = time.perf_counter() - started
    t = time.perf_counter()
    try:
        _, problems = pipeline.check(root)
        outcome = f"ok, {len(problems)} warning(s)"
    except EditionError as exc:
        outcome = f"{sum(p.severity == 'error' for p in exc.problems)} error(s)"
    first = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        with contextlib.suppress(EditionError):
            pipeline.check(root)
        warm.append(time.perf_counter() - t)
    return {"import_s": imported, "cold_s": first, "warm_s": statistics.median(warm), "outcome": outcome}


def check(root: Path = ROOT, repeat: int = 5) -> dict[str, Any]:
    """``pipeline.check`` in a fresh process (cold, then warm), and the commands' wall times."""
    inproc = [
        json.loads(run([sys.executable, "-m", "bench.measure", "check", str(root)])["stdout"].strip().splitlines()[-1])
        for _ in range(repeat)
    ]
    cli = [run([sys.executable, "-m", "edition", "check", "--root", str(root)]) for _ in range(repeat)]
    make = [run(["make", "-s", "check"], cwd=root) for _ in range(repeat)] if shutil.which("make") and root == ROOT else []
    return {
        "cold_s": statistics.median(r["cold_s"] for r in inproc),
        "warm_s": statistics.median(r["warm_s"] for r in inproc),
        "import_s": statistics.median(r["import_s"] for r in inproc),
        "outcome": inproc[0]["outcome"],
        "cli_wall_s": statistics.median(r["wall_s"] for r in cli),
        "cli_rc": cli[0]["rc"],
        "make_wall_s": statistics.median(r["wall_s"] for r in make) if make else None,
        "make_rc": make[0]["rc"] if make else None,
    }


# ── Mentions: one pass whatever the number of names ──────────────────────────────────────────────


def mentions(sizes: Sequence[int] = (100, 500, 2000, 10000), repeat: int = 5) -> dict[str, Any]:
    """Time to find mentions in one fixed text with more and more names in the finder.

    The text names the first 100 entities only, so every finder finds the same mentions; the
    other names are decoys (new words of the same shape, sharing prefixes), so any growth in time
    is the cost of the bigger pattern, not of more hits.
    """
    from edition.mentions import MentionFinder

    from .corpus import SYLLABLES

    rng = random.Random(7)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < 2 * max(sizes):
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if w not in seen:
            seen.add(w)
            words.append(w)
    names = [f"{words[2 * i]} {words[2 * i + 1]}" for i in range(max(sizes))]
    fill = [
        "the",
        "committee",
        "reviewed",
        "a",
        "regional",
        "budget",
        "and",
        "the",
        "press",
        "took",
        "note",
        "of",
        "the",
        "border",
        "agenda",
    ]
    paragraphs = []
    for _ in range(2000):
        parts = []
        for _ in range(6):
            parts += [*rng.sample(fill, 6), rng.choice(names[:100])]
        paragraphs.append(" ".join(parts) + ".")
    size_kb = sum(len(p) for p in paragraphs) / 1024
    out: dict[str, Any] = {"text_kb": size_kb, "paragraphs": len(paragraphs), "runs": []}
    for n in sizes:
        table = {name: f"e{i}" for i, name in enumerate(names[:n])}
        t = time.perf_counter()
        finder = MentionFinder(table)
        compiled = time.perf_counter() - t
        times, hits = [], 0
        for _ in range(repeat):
            t = time.perf_counter()
            hits = sum(1 for p in paragraphs for _ in finder.find(p))
            times.append(time.perf_counter() - t)
        out["runs"].append({"entities": n, "compile_s": compiled, "find_s": min(times), "hits": hits})
    return out


# ── Live reload under mkdocs serve ───────────────────────────────────────────────────────────────


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def copy_real_project(dest: Path) -> None:
    """The real project's inputs and site files (not its venv, site or caches)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("texts", "annotations", "docs", "overrides", "scripts", "schemas"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def engine_builds(project: Path, engine: str, timeout: float = 900) -> dict[str, Any]:
    """Cold build, warm rebuild and rebuild after one annotation edit, with ``engine``."""
    out: dict[str, Any] = {"engine": engine}
    shutil.rmtree(project / ".build", ignore_errors=True)  # Zensical's cache lives in the stage
    with tempfile.TemporaryDirectory(prefix="bench-engine-site-") as tmp:
        site = Path(tmp) / "site"
        command = [sys.executable, "-m", "edition", "build", "--engine", engine, "--root", str(project), "--site-dir", str(site)]
        for step in ("cold", "warm", "edit"):
            if step == "edit":
                _edit_one_note(project)
            child = run(command, cwd=project, timeout=timeout)
            out[step] = {"wall_s": child["wall_s"], "cpu_s": child["cpu_s"], "rc": child["rc"], "maxrss_mb": child["maxrss_mb"]}
            if child["rc"] != 0:
                out["error"] = (child["stdout"] + child["stderr"])[-2000:]
                break
        out["html_files"] = sum(1 for _ in site.rglob("*.html"))
    return out


def _edit_one_note(project: Path) -> None:
    """Change one word of the first note's body: one paragraph's annotation, as an editor would."""
    files = sorted((project / "annotations").glob("notes/*.yml")) or [project / "annotations" / "notes.yml"]
    text = files[0].read_text(encoding="utf-8")
    at = text.index("body: ") + len("body: ")
    quote = text[at] if text[at] in "\"'" else ""
    files[0].write_text(text[: at + len(quote)] + "Edited: " + text[at + len(quote) :], encoding="utf-8")


def _serve_command(engine: str, project: Path, port: int, strict: bool) -> list[str]:
    if engine == "zensical":
        return [sys.executable, "-m", "edition", "serve", "--engine", "zensical", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"]
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    return command + (["--strict"] if strict else [])


def live_reload(edits: int = 3, timeout: float = 60, engine: str = "mkdocs") -> dict[str, Any]:
    """Median time from saving an annotation edit to the rebuilt page being served."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        project = Path(tmp)
        copy_real_project(project)
        actors_file = project / "annotations" / "actors.yml"
        first = yaml.safe_load(actors_file.read_text(encoding="utf-8"))["actors"][0]
        for strict in (True, False):
            port = _free_port()
            command = _serve_command(engine, project, port, strict)
            log = (project / "serve.log").open("wb")
            proc = subprocess.Popen(command, cwd=project, env=env(), stdout=log, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            started = time.perf_counter()
            while proc.poll() is None and _get(base + "/") is None and time.perf_counter() - started < 300:
                time.sleep(0.05)
            if proc.poll() is None:
                break
            log.close()
        else:
            return {"error": (project / "serve.log").read_text(errors="replace")[-2000:]}
        try:
            startup = time.perf_counter() - started
            page = f"{base}/actors/{first['id']}/"
            raw = actors_file.read_text(encoding="utf-8")
            summary_start = " ".join(first["summary"][0]["text"].split()[:3])
            at = raw.index(summary_start, raw.index(f"id: {first['id']}"))
            times: list[float] = []
            cpus: list[float] = []  # the server's CPU time per edit: what the rebuild costs, whatever the load
            time.sleep(1.5)  # let the first build's own file events settle
            for i in range(edits):
                token = f"Benchedit{i}{random.Random(i).randrange(10**6):06d}"
                actors_file.write_text(raw[:at] + token + " " + raw[at:], encoding="utf-8")
                t, cpu = time.perf_counter(), _cpu_seconds(proc.pid)
                while time.perf_counter() - t < timeout:
                    body = _get(page)
                    if body is not None and token in body:
                        break
                    time.sleep(0.01)
                else:
                    return {"error": f"edit {i} not served within {timeout} s", "log": (project / "serve.log").read_text()[-2000:]}
                times.append(time.perf_counter() - t)
                cpus.append(_cpu_seconds(proc.pid) - cpu)
                time.sleep(1.0)
            built = [
                float(x) for x in re.findall(r"pages (?:re)?built in ([0-9.]+) s", (project / "serve.log").read_text(errors="replace"))
            ]
            return {
                "engine": engine,
                "strict": strict,
                "startup_s": startup,
                "times_s": times,
                "median_s": statistics.median(times),
                "builds": len(built),
                # The hook's timing of each rebuild (the rest is noticing the edit: the watched
                # folders are polled every 0.1 s, then MkDocs waits 0.1 s for the writes to settle).
                "rebuild_s": built[1:],
                "cpu_s": cpus,
                "median_cpu_s": statistics.median(cpus),
            }
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()


def main(argv: list[str]) -> None:
    """Child entry points (``python -m bench.measure KIND ...``); each prints one JSON line."""
    kind, cap = argv[0], _cap(argv)
    if kind == "mkdocs":
        _set_yaml_cap(cap)
        from mkdocs.__main__ import cli

        args = argv[3:] if cap else argv[1:]
        cli.main(args=args, prog_name="mkdocs")
        return
    root = Path(argv[1])
    if kind == "generator":
        print(json.dumps(_generator_child(root, "--traced" in argv, cap)))
    elif kind == "emit":
        _emit_child(root, Path(argv[2]), cap)
    elif kind == "check":
        print(json.dumps(_check_child(root)))
    else:
        raise SystemExit(f"unknown measurement {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
