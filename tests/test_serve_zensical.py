"""``make serve ENGINE=zensical``: an annotation edit reaches the served page through the stage.

The watcher re-runs the generator on an edit and rewrites only the pages whose bytes changed;
Zensical's own server rebuilds those. Run as the user runs it, on a copy of the mini project,
with the page fetched over HTTP; SIGTERM stops the watcher and the Zensical server with it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from miniproject import ROOT, make_project

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        body = _get(url)
        if body is not None and text in body:
            return True
        time.sleep(0.1)
    return False


def test_an_annotation_edit_is_served_and_sigterm_stops_both(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    command = [sys.executable, "-m", "edition", "serve", "--engine", "zensical", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    page = f"http://127.0.0.1:{port}/actors/mara-lind/"
    try:
        assert _wait_for(page, "asked for a shared plan", proc), (tmp_path / "serve.log").read_text(errors="replace")[-2000:]
        stage_docs = project / ".build" / "stage" / "docs"
        about_before = (stage_docs / "about.md").stat().st_mtime_ns
        actors = project / "annotations" / "actors.yml"
        actors.write_text(
            actors.read_text(encoding="utf-8").replace("asked for a shared plan", "asked for a common plan"), encoding="utf-8"
        )
        assert _wait_for(page, "asked for a common plan", proc, 60), (tmp_path / "serve.log").read_text(errors="replace")[-2000:]
        assert (stage_docs / "about.md").stat().st_mtime_ns == about_before, "an unchanged page was rewritten"
        assert "re-staged" in (tmp_path / "serve.log").read_text(errors="replace")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        finally:
            log.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _get(f"http://127.0.0.1:{port}/") is not None:
        time.sleep(0.2)
    assert _get(f"http://127.0.0.1:{port}/") is None, "the Zensical server outlived `edition serve`"
