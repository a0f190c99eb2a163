"""What a user waits for, each timed as a whole process, as the user runs it:

- ``check``: ``python -m edition check`` (what ``make check`` runs);
- ``generator``: ``python -m edition emit`` (every page and data file, no site build), with its peak RSS;
- ``engine_builds``: ``python -m edition build --engine E`` (``make build ENGINE=E``) three times on
  one project: cold (Zensical with no cache), warm (nothing changed), after one note's body changed;
- ``live_reload``: ``make serve`` on a copy of the real project; an actor's summary is edited and
  its page polled until the edit is served.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from . import serving

ROOT = serving.ROOT


def env() -> dict[str, str]:
    """Every child's environment: the project's generator on the path, reproducible builds, the
    placeholder address (``edition.address``), compiled modules cached."""
    base = {"EDITION_SITE_URL": "https://road-ahead.example.org/", **os.environ}
    # An editor's Python caches compiled modules; without the cache (PYTHONDONTWRITEBYTECODE, set
    # in some sandboxes) every command spends seconds compiling matplotlib, pydantic and the rest.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    path = os.pathsep.join([str(ROOT / "scripts"), str(ROOT)])
    return dict(base, PYTHONPATH=path, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200", PYTHONHASHSEED="0")


def run(command: Sequence[str], *, cwd: Path = ROOT, timeout: float = 900) -> dict[str, Any]:
    """Run a child to completion: wall time, CPU time and peak RSS (``wait4``), exit code, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=env(), stdout=out, stderr=err)
        timed_out = False
        while not (found := os.wait4(proc.pid, os.WNOHANG))[0]:
            if time.perf_counter() - started > timeout:
                proc.kill()
                found, timed_out = os.wait4(proc.pid, 0), True
                break
            time.sleep(0.005)
        wall = time.perf_counter() - started
        _, status, usage = found
        proc.returncode = -9 if timed_out else os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "maxrss_mb": usage.ru_maxrss / 1024,
            "rc": proc.returncode,
            "timed_out": timed_out,
            "output": (out.read() + err.read()).decode(errors="replace")[-2000:],
        }


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r["rc"] == 0]
    if not ok:
        return {"error": runs[0]["output"]}
    return {
        "wall_s": statistics.median(r["wall_s"] for r in ok),
        "cpu_s": statistics.median(r["cpu_s"] for r in ok),
        "maxrss_mb": max(r["maxrss_mb"] for r in ok),
        "runs_s": [round(r["wall_s"], 3) for r in runs],
    }


def check(root: Path, repeat: int = 5) -> dict[str, Any]:
    """``python -m edition check``: median wall time of ``repeat`` runs."""
    return _median([run([sys.executable, "-m", "edition", "check", "--root", str(root)]) for _ in range(repeat)])


def generator(root: Path, repeat: int = 3) -> dict[str, Any]:
    """``python -m edition emit`` into a fresh folder: median wall time, worst peak RSS. A first,
    separate run (``first_s``) fills the operating system's file cache and Python's compiled
    modules, as an editor's first command of the day does; it is reported, not in the median."""
    runs = []
    for _ in range(repeat + 1):
        with tempfile.TemporaryDirectory(prefix="bench-emit-") as out:
            runs.append(run([sys.executable, "-m", "edition", "emit", out, "--root", str(root)]))
    return _median(runs[1:]) | {"first_s": runs[0]["wall_s"]}


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
            out[step] = {k: child[k] for k in ("wall_s", "cpu_s", "rc", "maxrss_mb")}
            if child["rc"] != 0:
                out["error"] = child["output"]
                break
        out["html_files"] = sum(1 for _ in site.rglob("*.html"))
    return out


def _edit_one_note(project: Path) -> None:
    """Put a word at the start of the first note's first claim: one paragraph's annotation, as an editor would."""
    files = sorted((project / "annotations").glob("notes/*.yml")) or [project / "annotations" / "notes.yml"]
    text = files[0].read_text(encoding="utf-8")
    at = text.index("- text: ", text.index("body:")) + len("- text: ")
    quote = text[at] if text[at] in "\"'" else ""
    files[0].write_text(text[: at + len(quote)] + "Edited: " + text[at + len(quote) :], encoding="utf-8")


def copy_real_project(dest: Path) -> None:
    """The real project's inputs and site files (not its venv, site or caches)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("texts", "annotations", "docs", "overrides", "scripts", "schemas"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")


def live_reload(edits: int = 3, timeout: float = 60, engine: str = "mkdocs") -> dict[str, Any]:
    """Median time from saving an annotation edit to the rebuilt page being served."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        project = Path(tmp)
        copy_real_project(project)
        port, log = serving.free_port(), project / "serve.log"
        started = time.perf_counter()
        proc = serving.start(serving.serve_command(engine, project, port), project, log, env())
        try:
            if not serving.wait_until(lambda: serving.get(f"http://127.0.0.1:{port}/") is not None, 300, proc):
                return {"error": log.read_text(errors="replace")[-2000:]}
            startup = time.perf_counter() - started
            time.sleep(1.5)  # let the first build's own file events settle
            times = [_one_edit(project, f"http://127.0.0.1:{port}", i, timeout) for i in range(edits)]
        finally:
            serving.stop(proc, 10)
        if None in times:
            return {"error": f"an edit was not served within {timeout} s", "log": log.read_text(errors="replace")[-2000:]}
        return {"engine": engine, "startup_s": startup, "times_s": times, "median_s": statistics.median(t for t in times if t)}


def _one_edit(project: Path, base: str, i: int, timeout: float) -> float | None:
    """Put a fresh word at the start of the first actor's summary; seconds until its page shows it."""
    actors_file = project / "annotations" / "actors.yml"
    raw = actors_file.read_text(encoding="utf-8")
    first = yaml.safe_load(raw)["actors"][0]
    at = raw.index(" ".join(first["summary"][0]["text"].split()[:3]), raw.index(f"id: {first['id']}"))
    token = f"Benchedit{i}{random.Random(i).randrange(10**6):06d}"
    actors_file.write_text(raw[:at] + token + " " + raw[at:], encoding="utf-8")
    started = time.perf_counter()
    shown = serving.wait_until(lambda: token in (serving.get(f"{base}/actors/{first['id']}/", 30) or ""), timeout)
    elapsed = time.perf_counter() - started
    time.sleep(1.0)
    return elapsed if shown else None
