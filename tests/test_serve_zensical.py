"""``make serve ENGINE=zensical``: an annotation edit reaches the served page through the stage.

The watcher re-runs the generator on an edit and rewrites only the pages whose bytes changed;
Zensical's own server rebuilds those. Run as the user runs it, on a copy of the mini project,
with the page fetched over HTTP; SIGTERM stops the watcher and the Zensical server with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import serving

from miniproject import make_project

pytestmark = pytest.mark.slow


def _shows(url: str, text: str) -> bool:
    return text in (serving.get(url) or "")


def test_an_annotation_edit_is_served_and_sigterm_stops_both(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    port = serving.free_port()
    proc = serving.start(serving.serve_command("zensical", project, port), project, tmp_path / "serve.log")
    page = f"http://127.0.0.1:{port}/actors/mara-lind/"
    try:
        assert serving.wait_until(lambda: _shows(page, "asked for a shared plan"), 120, proc), (tmp_path / "serve.log").read_text(
            errors="replace"
        )[-2000:]
        stage_docs = project / ".build" / "stage" / "docs"
        about_before = (stage_docs / "about.md").stat().st_mtime_ns
        actors = project / "annotations" / "actors.yml"
        actors.write_text(
            actors.read_text(encoding="utf-8").replace("asked for a shared plan", "asked for a common plan"), encoding="utf-8"
        )
        assert serving.wait_until(lambda: _shows(page, "asked for a common plan"), 60, proc), (tmp_path / "serve.log").read_text(
            errors="replace"
        )[-2000:]
        assert (stage_docs / "about.md").stat().st_mtime_ns == about_before, "an unchanged page was rewritten"
        assert "re-staged" in (tmp_path / "serve.log").read_text(errors="replace")
    finally:
        serving.stop(proc)  # SIGTERM: the watcher must take the Zensical server down with it
    serving.wait_until(lambda: serving.get(f"http://127.0.0.1:{port}/") is None, 10)
    assert serving.get(f"http://127.0.0.1:{port}/") is None, "the Zensical server outlived `edition serve`"
