"""``make bench-setup``: seconds from a fresh clone to the first page served by ``make serve``.

What an editor does on day one: clone, ``make serve``, open the page. This script clones the
project's committed ``HEAD`` into a temporary folder (no ``.venv``), runs ``make serve`` there on a
free port and polls ``http://127.0.0.1:<port>/`` until the home page arrives, twice:

- **cold**: empty caches (a fresh ``XDG_CACHE_HOME``, so uv downloads every wheel and matplotlib
  builds its font list; a fresh ``UV_CACHE_DIR`` too);
- **warm**: the user's own caches, as on a second clone or after ``rm -rf .venv``.

It prints one line per run and the load average, and writes ``.bench/setup.json``. Only the
standard library: it runs before any environment exists (``python3 bench/setup_time.py``).
Options: ``--runs cold,warm`` (default both), ``--repeat N``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, before any environment exists: bench.serving is standard library only
from bench.serving import free_port, get, wait_until  # noqa: E402

TARGET_S = 45.0
"""The issue's target: a fresh clone serves its first page within 45 s on this 2-core machine."""


def one_run(kind: str, timeout: float = 300) -> dict[str, Any]:
    """Clone, ``make serve``, time until the home page is served; the phases as the log shows them."""
    with tempfile.TemporaryDirectory(prefix=f"bench-setup-{kind}-") as tmp:
        clone = Path(tmp) / "clone"
        started = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        cloned = time.perf_counter() - started
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "UV_CACHE_DIR")}
        if kind == "cold":
            env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            env["UV_CACHE_DIR"] = str(Path(tmp) / "cache" / "uv")
            env["MPLCONFIGDIR"] = str(Path(tmp) / "mplconfig")
            env["PIP_NO_CACHE_DIR"] = "1"
        port, log_path = free_port(), Path(tmp) / "serve.log"
        marks: dict[str, float] = {}
        t0 = time.perf_counter()
        with log_path.open("wb") as log:  # its own session: the whole group (make, mkdocs) is stopped at the end
            command = ["make", "--no-print-directory", "serve", f"PORT={port}"]
            proc = subprocess.Popen(command, cwd=clone, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)

        def served() -> bool:
            text = log_path.read_text(errors="replace")
            for label, needle in (("installed_s", "Installed "), ("serving_s", "Serving on")):
                if label not in marks and needle in text:
                    marks[label] = time.perf_counter() - t0
            return "</html>" in (get(f"http://127.0.0.1:{port}/", 5) or "")

        try:
            first_page = time.perf_counter() - t0 if wait_until(served, timeout, proc) else None
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        result: dict[str, Any] = {"kind": kind, "clone_s": round(cloned, 2), **{k: round(v, 2) for k, v in marks.items()}}
        if first_page is None:
            result["error"] = log_path.read_text(errors="replace")[-3000:]
        else:
            result["first_page_s"] = round(first_page, 2)
        return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", default="cold,warm")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    results = []
    for kind in args.runs.split(","):
        for _ in range(args.repeat):
            load = os.getloadavg()
            result = one_run(kind) | {"load_before": [round(x, 2) for x in load]}
            results.append(result)
            if "error" in result:
                print(f"{kind}: FAILED\n{result['error']}")
                continue
            verdict = "PASS" if result["first_page_s"] <= TARGET_S else "MISS"
            print(
                f"{kind:5}: first page {result['first_page_s']:5.1f} s after `make serve` "
                f"(installed at {result.get('installed_s', 0):.1f} s, serving at {result.get('serving_s', 0):.1f} s; "
                f"clone {result['clone_s']:.1f} s; load average {load[0]:.2f})  {verdict} (target {TARGET_S:.0f} s)"
            )
    out = ROOT / ".bench" / "setup.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all("first_page_s" in r and r["first_page_s"] <= TARGET_S for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
