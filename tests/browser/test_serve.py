"""The editor's loop, as an editor lives it: a real ``mkdocs serve --strict`` on a copy of the mini
project (a free port on 127.0.0.1), a Chromium tab left open on a page, files saved with mistakes
and then fixed.

- the open tab turns into the error page by itself, with the same located line as the terminal,
  the suggestion and the lines of the file around the mistake; any other page asked for meanwhile
  answers at once (no request waits for a build that never comes);
- after the fix the tab turns back into the page, with the new content, by itself;
- the terminal prints every problem on every rebuild (the same mistake twice is printed twice:
  MkDocs hides repeated log lines), a clean rebuild as one line, and none of MkDocs' routine lines.

Times in these tests are generous limits for a loaded machine, not measurements (``make bench``
measures live reload).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bench import serving

from miniproject import FIXTURES, expected_lines, make_project

from .harness import DESKTOP

pytestmark = pytest.mark.browser

PATIENCE_S = 60.0
"""How long a step may take on a busy machine before the test gives up."""


@dataclass
class Served:
    project: Path
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def save(self, rel: str, source: Path) -> None:
        """Save a file as an editor's editor does: replace its content in place."""
        (self.project / rel).write_bytes(source.read_bytes())


def fetch(url: str, timeout: float = 5.0) -> tuple[int, str]:
    """Status and body; raises if the server does not answer within ``timeout``."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8", "replace")


def wait_for(condition: Any, what: str, limit: float = PATIENCE_S) -> None:
    if not serving.wait_until(condition, limit):
        raise AssertionError(f"gave up after {limit:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = make_project(tmp_path_factory.mktemp("serve") / "project")
    port = serving.free_port()
    log = project.parent / "serve.log"
    process = serving.start(serving.serve_command("mkdocs", project, port), project, log)
    server = Served(project, f"http://127.0.0.1:{port}", log, process)
    try:
        wait_for(lambda: "Serving on" in server.output() or process.poll() is not None, "mkdocs serve to start")
        assert process.poll() is None, server.output()
        yield server
    finally:
        serving.stop(process, 10)


BAD_KIND = FIXTURES / "bad" / "bad-enum-value" / "annotations" / "actors.yml"
BAD_INDENT = FIXTURES / "bad" / "yaml-indentation" / "annotations" / "actors.yml"
GOOD = FIXTURES / "mini" / "annotations" / "actors.yml"


def test_errors_show_in_the_open_tab_and_the_fix_brings_the_page_back(served: Served, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        page.goto(served.url + "/actors/mara-lind/")
        assert page.locator("h1").inner_text() == "Mara Lind"

        served.save("annotations/actors.yml", BAD_INDENT)
        page.wait_for_selector("main[role=alert]", timeout=PATIENCE_S * 1000)  # the tab reloads by itself
        text = page.locator("body").inner_text()
        line = next(x for x in expected_lines(BAD_INDENT.parent.parent) if ": note: " not in x)
        assert line in text, text  # the terminal's own line, suggestion included
        assert "1 error to fix" in page.title()
        assert "Error in annotations/actors.yml, line 16, column 4" in text
        assert "indented 3 spaces; the keys around it use 4 spaces" in text
        excerpt = page.get_by_label("the file around line 16").inner_text()
        assert "> 16 |    role: Chair of the Harbour Council." in excerpt, excerpt
        assert re.search(r"\n\s+\|\s{4}\^", excerpt), excerpt  # the caret under column 4

        # Any page, asked for while the mistake is there, answers at once with the problems.
        status, body = fetch(served.url + "/programs/coastal-patrol-agreement/")
        assert status == 503
        assert "indented 3 spaces" in body
        status, _ = fetch(served.url + "/no/such/page/")
        assert status == 503

        # The fix, with new content: the open tab turns back into the page by itself.
        fixed = tmp_path / "actors.yml"
        fixed.write_text(GOOD.read_text(encoding="utf-8").replace("Mara Lind chaired", "Mara Lind, newly saved, chaired"), encoding="utf-8")
        served.save("annotations/actors.yml", fixed)
        page.wait_for_selector("text=newly saved", timeout=PATIENCE_S * 1000)
        assert page.locator("h1").inner_text() == "Mara Lind"
        assert page.locator("main[role=alert]").count() == 0
    finally:
        context.close()
        served.save("annotations/actors.yml", GOOD)


def test_the_terminal_tells_every_rebuild_and_only_that(served: Served) -> None:
    line = expected_lines(BAD_KIND.parent.parent)[0]

    def rebuilt(count: int) -> bool:
        return len(re.findall(r"pages (?:re)?built in [0-9.]+ s", served.output())) >= count

    def reported(count: int) -> bool:
        return served.output().count(line) >= count

    clean_builds = len(re.findall(r"pages (?:re)?built in", served.output()))
    for attempt in (1, 2):  # the same mistake twice: printed twice
        served.save("annotations/actors.yml", BAD_KIND)
        wait_for(lambda n=attempt: reported(n), f"the problem printed {attempt} time(s)")
        served.save("annotations/actors.yml", GOOD)
        wait_for(lambda n=clean_builds + attempt: rebuilt(n), "a clean rebuild")
    output = served.output()
    assert output.count(line) == 2, output
    assert re.search(r"^INFO\s+-\s+\d+ pages rebuilt in [0-9.]+ s$", output, re.M), output
    for noise in ('not included in the "nav"', "Building documentation", "Reloading browsers", "Detected file changes", "Cleaning site"):
        assert noise not in output, f"{noise!r} in the terminal:\n{output}"
    assert "Traceback" not in output, output
    assert "Aborted" not in output and "appear stuck" not in output, output


def test_serve_starts_with_a_broken_file_and_shows_it(tmp_path: Path) -> None:
    """``make serve`` on a project that is broken already: the server starts and shows the error."""
    project = make_project(tmp_path / "project", FIXTURES / "bad" / "bad-enum-value")
    port = serving.free_port()
    log = tmp_path / "serve.log"
    process = serving.start(serving.serve_command("mkdocs", project, port), project, log)
    try:
        wait_for(lambda: "Serving on" in log.read_text() or process.poll() is not None, "mkdocs serve to start")
        assert process.poll() is None, log.read_text()
        status, body = fetch(f"http://127.0.0.1:{port}/")
        assert status == 503
        # As the reader sees it: the page's text, however the page escapes it.
        assert expected_lines(FIXTURES / "bad" / "bad-enum-value")[0] in html.unescape(body)
        assert expected_lines(FIXTURES / "bad" / "bad-enum-value")[0] in log.read_text()
    finally:
        serving.stop(process, 10)
    shutil.rmtree(project)
