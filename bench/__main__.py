"""``python -m bench`` (``make bench``): what editors wait for, on the real project and on a seeded
corpus of 1 to 200 documents: ``make check``, the generator, ``make build`` with both engines
(cold, warm, one edit) and live reload under ``make serve``, each checked against its target.

How: for each size N the seeded corpus (``bench.corpus``) is written into a temporary project
next to the real site configuration; every measurement is a fresh process (``bench.measure``),
timed by wall clock (medians of ``--repeat`` runs) with its CPU time, since the machine may be
shared (the load average is in the report). Prints a table and writes ``.bench/report.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import measure
from .corpus import CorpusSpec, write_project

ROOT = measure.ROOT

TARGETS = {
    "check_s": 0.5,
    "generator_share": 0.10,
    "large_s": 5.0,
    "large_mb": 500.0,
    "scaling": 2.2,
    "reload_mkdocs_s": 1.0,
    "reload_zensical_s": 0.5,
}
"""``make check`` under half a second; the generator at most 10% of a MkDocs build; 200 documents
(2,000 entities, 10,000 anchors) in under 5 s and 500 MB; twice the input in at most 2.2 times
the time; an annotation edit served within 1.0 s under ``mkdocs serve``, 0.5 s under Zensical."""


def run(args: argparse.Namespace) -> dict[str, Any]:
    load = os.getloadavg()
    report: dict[str, Any] = {"machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "load_start": load}, "sizes": {}}
    base = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        if "check" not in args.skip:
            _say("make check on the real project …")
            report["check"] = measure.check(ROOT, args.repeat)
        for n in sorted(set(args.sizes) | set(args.build_sizes)):
            _say(f"N={n}: corpus, then check, generator, builds …")
            project = base / f"corpus-{n}"
            entry: dict[str, Any] = {"corpus": write_project(CorpusSpec(n), project)}
            report["sizes"][str(n)] = entry
            if n in args.sizes and "check" not in args.skip:
                entry["check"] = measure.check(project, args.repeat)
            if n in args.sizes and "generator" not in args.skip:
                entry["generator"] = measure.generator(project, args.repeat)
            if n in args.build_sizes:
                entry["engines"] = {e: measure.engine_builds(project, e) for e in args.engines}
            shutil.rmtree(project, ignore_errors=True)
        if "serve" not in args.skip:
            for engine in args.engines:
                _say(f"live reload under make serve ENGINE={engine}, 3 edits …")
                report[f"reload_{engine}"] = measure.live_reload(edits=3, engine=engine)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report["machine"]["load_end"] = os.getloadavg()
    report["verdicts"] = verdicts(report)
    return report


def _say(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def _wall(entry: dict[str, Any] | None) -> float | None:
    return entry.get("wall_s") if entry else None


def verdicts(report: dict[str, Any]) -> list[tuple[str, str, float | None, float]]:
    """``(status, target, value, limit)`` for each target: PASS, MISS or NOT MEASURED."""
    sizes = {int(n): e for n, e in report["sizes"].items()}
    shares = [
        _wall(e.get("generator")) / e["engines"]["mkdocs"]["cold"]["wall_s"]
        for e in sizes.values()
        if _wall(e.get("generator")) and e.get("engines", {}).get("mkdocs", {}).get("cold", {}).get("rc") == 0
    ]
    gens = {n: _wall(e.get("generator")) for n, e in sizes.items() if _wall(e.get("generator"))}
    pair = next(((a, 2 * a) for a in sorted(gens, reverse=True) if 2 * a in gens), None)
    large = sizes.get(200, {}).get("generator")
    rows = [
        ("make check on the real project (s)", _wall(report.get("check")), TARGETS["check_s"]),
        ("generator / make build ENGINE=mkdocs, worst N", max(shares) if shares else None, TARGETS["generator_share"]),
        ("200 documents through the generator (s)", _wall(large), TARGETS["large_s"]),
        ("200 documents: peak RSS (MB)", large and large.get("maxrss_mb"), TARGETS["large_mb"]),
        ("generator time at 2N / at N", gens[pair[1]] / gens[pair[0]] if pair else None, TARGETS["scaling"]),  # type: ignore[operator]
        ("live reload, mkdocs serve (s, median)", report.get("reload_mkdocs", {}).get("median_s"), TARGETS["reload_mkdocs_s"]),
        ("live reload, Zensical (s, median)", report.get("reload_zensical", {}).get("median_s"), TARGETS["reload_zensical_s"]),
    ]
    return [("NOT MEASURED" if v is None else "PASS" if v <= limit else "MISS", name, v, limit) for name, v, limit in rows]


def _f(value: float | None, width: int = 7) -> str:
    return f"{value:>{width}.2f}" if value is not None else f"{'—':>{width}}"


def table(report: dict[str, Any]) -> str:
    """The report as text."""
    m = report["machine"]
    lines = [f"{m['nproc']} CPUs, Python {m['python']}, load average {m['load_start'][0]:.1f} at start, {m['load_end'][0]:.1f} at end", ""]
    if "check" in report:
        c = report["check"]
        lines.append(f"make check, real project: {_f(_wall(c), 0)} s wall, {_f(c.get('cpu_s'), 0)} s CPU (median; runs {c.get('runs_s')})")
    engines = sorted({e for s in report["sizes"].values() for e in s.get("engines", {})})
    head = "".join(f" | {e + ' cold':>13} {'warm':>6} {'edit':>6}" for e in engines)
    if report["sizes"]:
        lines += ["", f"{'N':>4} {'files':>6} {'YAML KB':>7} | {'check':>7} {'emit':>7} {'RSS MB':>7}{head}   (seconds, wall clock)"]
    for n, e in sorted(report["sizes"].items(), key=lambda x: int(x[0])):
        c, g = e["corpus"], e.get("generator") or {}
        row = f"{n:>4} {c['files']:>6} {c['bytes_annotations'] / 1024:>7.0f} | {_f(_wall(e.get('check')))} {_f(_wall(g))} {_f(g.get('maxrss_mb'))}"
        for engine in engines:
            b = e.get("engines", {}).get(engine, {})
            row += " | " + " ".join(
                _f(b[s]["wall_s"] if b.get(s, {}).get("rc") == 0 else None, w) for s, w in (("cold", 13), ("warm", 6), ("edit", 6))
            )
        lines.append(row)
    for engine in ("mkdocs", "zensical"):
        r = report.get(f"reload_{engine}")
        if r:
            said = f"{', '.join(f'{t:.2f}' for t in r['times_s'])} s, median {r['median_s']:.2f} s" if "times_s" in r else str(r)[:300]
            lines.append(f"live reload, make serve ENGINE={engine}: edit -> served {said}")
    lines += ["", "Targets"] + [f"  {s:<12} {name}: {_f(v, 0)} (limit {limit:g})" for s, name, v, limit in report["verdicts"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0] if __doc__ else None)
    sizes = lambda text: [int(x) for x in text.split(",") if x]  # noqa: E731
    parser.add_argument("--sizes", type=sizes, default="1,10,50,100,200", help="documents for check and the generator (%(default)s)")
    parser.add_argument("--build-sizes", type=sizes, default="1,10,50", help="documents for make build, per engine (%(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per check and generator measurement (median)")
    parser.add_argument("--skip", action="append", default=[], choices=["check", "generator", "builds", "serve"])
    parser.add_argument("--engines", type=lambda t: t.split(","), default="mkdocs,zensical", help="(%(default)s)")
    parser.add_argument("--quick", action="store_true", help="sizes 1 and 10, one run each")
    parser.add_argument("--out", default=str(ROOT / ".bench" / "report.json"))
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.build_sizes, args.repeat = [1, 10], [1, 10], 1
    if "builds" in args.skip:
        args.build_sizes = []
    report = run(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
