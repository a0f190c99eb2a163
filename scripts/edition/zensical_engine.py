"""Zensical adapter: builds and serves the site from the stage, since Zensical has no hook API.

- ``stage_project``: run the generator and write the stage (``edition.stage``), only changed files.
- ``build``: stage, then ``zensical build --strict`` inside the stage; its ``site/`` is handed back
  to the caller, which swaps it into place (so a failed build leaves the old site).
- ``serve``: stage, start ``zensical serve`` on the stage, and watch the inputs (``texts/``,
  ``annotations/``, ``docs/``, ``mkdocs.yml``) by polling every ``POLL_SECONDS``. An edit re-runs
  the generator in this process (its imports and chart cache stay warm) and rewrites only the
  pages whose bytes changed; Zensical notices them and rebuilds those (its differential build).
  An edit with errors prints them and keeps the last good stage on the server.
Zensical is run as a separate process (``python -m zensical``) and never imported here.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from . import address, pipeline, stage
from .problems import EditionError, format_problems

POLL_SECONDS = 0.1
"""How often ``serve`` looks for edits of the inputs (as the MkDocs hook does for ``mkdocs serve``)."""

WATCHED = ("texts", "annotations", "docs", "overrides", "mkdocs.yml")
"""The inputs of the stage."""

MATERIAL_ONLY_OVERRIDES = ("partials/search.html", "partials/header.html")
"""Theme override files that patch Material 9.8.2 and would break Zensical's own templates: the
header and search partials are Material's, copied to hold the edition's Pagefind search box
(issue 18); Zensical keeps its own header and search (its header expects its own markup:
Material's shows as a stack of icons). The copyright partial (the footer's version line) works in
both: the stage's ``mkdocs.yml`` carries ``extra.edition`` as the hook gives it to MkDocs."""

THEME_DEFAULTS = {"variant": "classic"}
"""Zensical's ``classic`` variant is Material's look (header bar in the primary colour, the site
name above the nav); its default, ``modern``, has a white header and a restyled nav."""


class BuildFailed(Exception):
    """The inputs or the engine failed; ``str()`` is what to show the user."""


def site_url(project: Path) -> str:
    """``site_url`` from the project's ``mkdocs.yml``, as the MkDocs hook gets it from MkDocs."""
    try:
        settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ""
    return str(settings.get("site_url") or "")


def public_address(project: Path, env: Mapping[str, str], *, strict: bool) -> str:
    """The address citations name (``EDITION_SITE_URL``, else ``site_url``), as the MkDocs hook
    finds it. A placeholder fails a strict build with the hook's message and is only mentioned
    otherwise (``serve``, ``stage``: a preview publishes nothing)."""
    public, message, _ = address.public_address(site_url(project), env, serving=not strict)
    if message and strict:
        raise BuildFailed(f"{message}\nwarnings fail a strict build")
    if message:
        print(f"INFO - {message}", file=sys.stderr)
    return public


def stage_project(
    project: Path, target: Path, *, strict: bool = True, shown: str | None = None, env: Mapping[str, str] | None = None
) -> stage.Changes:
    """Run the generator and bring the stage up to date. Raises ``BuildFailed`` on bad input, and
    under ``strict`` on warnings too (as ``mkdocs build --strict`` fails on the hook's warnings).
    ``env``: where ``EDITION_SITE_URL`` is read (the process's environment unless given)."""
    public = public_address(project, os.environ if env is None else env, strict=strict)
    try:
        output = pipeline.build(project, public)
    except EditionError as exc:
        raise BuildFailed(f"the annotations have errors:\n{exc}") from None
    if strict and output.problems:
        raise BuildFailed(format_problems(list(output.problems)) + "\nwarnings fail a strict build")
    for problem in output.problems:
        print(f"WARNING - {problem}", file=sys.stderr)
    try:
        tree = stage.files(project, output, MATERIAL_ONLY_OVERRIDES, THEME_DEFAULTS, site_url=public)
        return stage.write(target, tree, project, shown)
    except stage.StageRefused as exc:
        raise BuildFailed(str(exc)) from None


def _zensical(command: str, target: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "zensical", command, "--config-file", str(target / stage.CONFIG), *extra]


def build(project: Path, target: Path, env: dict[str, str] | None = None) -> Path:
    """Stage and build; the built site is ``<target>/site`` (returned). Raises ``BuildFailed``."""
    stage_project(project, target, env=env)
    site = target / stage.SITE
    result = subprocess.run(_zensical("build", target, "--strict"), cwd=target, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (site / "index.html").is_file():
        raise BuildFailed(
            f"zensical build --strict failed (the page paths are those of {target.name}/docs/):\n{clean_output(result.stdout + result.stderr)}"
        )
    return site


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def clean_output(text: str) -> str:
    """Zensical's report without colour codes and without the Python traceback that its strict
    mode ends with (``RuntimeError: Aborted because --strict flag is set``): the warnings above it
    say what is wrong."""
    lines, skipping = [], False
    for line in _ANSI.sub("", text).splitlines():
        if line.startswith("Traceback (most recent call last):"):
            skipping = True
            continue
        if skipping:
            if line and not line.startswith(" "):
                skipping = False
                lines.append(f"zensical: {line.split(': ', 1)[-1]}")
            continue
        lines.append(line)
    return "\n".join(lines).strip()


def _snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file: a change in either means an edit."""
    out: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        path = project / name
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for p in paths:
            try:
                st = p.stat()
            except FileNotFoundError:  # deleted while we looked: the next look sees it gone
                continue
            out[p.relative_to(project).as_posix()] = (st.st_mtime_ns, st.st_size)
    return out


def _settled(project: Path, now: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Wait until the watched files stop changing: an editor that truncates and then writes would
    otherwise be caught half-way, with a file that reads as full of errors."""
    while True:
        time.sleep(POLL_SECONDS / 2)
        again = _snapshot(project)
        if again == now:
            return now
        now = again


def restage(project: Path, target: Path, say: Callable[[str], None]) -> None:
    """Re-run the generator after an edit; report what changed, or the problems."""
    started = time.perf_counter()
    try:
        changes = stage_project(project, target, strict=False)
    except BuildFailed as exc:
        say(f"{exc}\n(the server keeps the last good version; fix the input and save again)")
        return
    say(f"re-staged {len(changes.written)} changed and {len(changes.removed)} removed file(s) in {time.perf_counter() - started:.2f} s")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Path, target: Path, dev_addr: str, say: Callable[[str], None] = print) -> int:
    """Serve the stage with ``zensical serve`` and re-stage on every edit until interrupted."""
    stage_project(project, target, strict=False)
    env = dict(os.environ)
    # A SIGTERM (from a test, a process manager) must stop the server too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    server = subprocess.Popen(_zensical("serve", target, "--dev-addr", dev_addr), cwd=target, env=env)
    say(f"serving with Zensical on http://{dev_addr}/ (Ctrl-C stops)")
    seen = _snapshot(project)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(project)
            if now != seen:
                seen = _settled(project, now)
                restage(project, target, say)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    return server.returncode or 0
