"""Atomic output: a build that fails or is killed leaves the previous ``site/`` exactly as it was.

``python -m edition build`` builds into a hidden temporary folder beside ``site/`` and swaps it in
only when ``mkdocs build --strict`` succeeded. These tests run it on a copy of the project with a
``site/`` that holds a sentinel: killed (SIGKILL, the whole process group) once it has started
writing, and failing on a bad annotation. Each time ``site/`` must be byte-identical afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from edition import cli, outdir
from miniproject import copy_real_project

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project copy whose ``site/`` holds a previous build (here: two sentinel files)."""
    project = copy_real_project(tmp_path / "project")
    (project / "site" / "deep").mkdir(parents=True)
    (project / "site" / "index.html").write_text("<p>the previous site</p>\n", encoding="utf-8")
    (project / "site" / "deep" / "sentinel.bin").write_bytes(bytes(range(256)))
    outdir.mark(project / "site")  # a previous build's output carries the generator's marker
    return project


def start_build(project: Path, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200")
    with log.open("wb") as out:
        # A session of its own, so the kill reaches the CLI and the mkdocs process it started.
        return subprocess.Popen(
            [sys.executable, "-m", "edition", "build", "--root", str(project)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def staging_dirs(project: Path) -> list[Path]:
    return sorted(project.glob(".site.build.*"))


def test_a_killed_build_leaves_the_previous_site_intact(project: Path, tmp_path: Path) -> None:
    before = snapshot(project / "site")
    log = tmp_path / "build.log"
    process = start_build(project, log)
    try:
        deadline = time.monotonic() + 120
        # Wait until the build has started writing its output (a file in its temporary folder).
        while not any(any(p.is_file() for p in d.rglob("*")) for d in staging_dirs(project)):
            assert process.poll() is None, f"the build ended before it wrote anything:\n{log.read_text(errors='replace')}"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    assert snapshot(project / "site") == before
    assert not (project / ".site.old").exists()
    # What the killed build wrote stays in its hidden temporary folder, never in or as site/.
    assert all(d.name.startswith(".site.build.") for d in staging_dirs(project))
    assert sorted(p.name for p in project.iterdir() if not p.name.startswith(".")) == [
        "annotations",
        "docs",
        "mkdocs.yml",
        "overrides",
        "scripts",
        "site",
        "texts",
    ]

    # The next build completes and replaces the old site in one piece.
    rerun = start_build(project, tmp_path / "rerun.log")
    assert rerun.wait(timeout=300) == 0, (tmp_path / "rerun.log").read_text(errors="replace")
    site = snapshot(project / "site")
    assert "deep/sentinel.bin" not in site and "sitemap.xml" in site and "pagefind/pagefind-entry.json" in site
    assert not (project / ".site.old").exists()


def test_a_failing_build_leaves_the_previous_site_intact(project: Path, tmp_path: Path) -> None:
    actors = project / "annotations" / "actors.yml"
    data = yaml.safe_load(actors.read_text(encoding="utf-8"))
    data["actors"][0]["kind"] = "persn"
    actors.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = snapshot(project / "site")

    log = tmp_path / "build.log"
    process = start_build(project, log)
    assert process.wait(timeout=300) != 0
    output = log.read_text(errors="replace")
    assert "annotations/actors.yml:" in output and "'persn' is not one of" in output and "did you mean 'person'?" in output
    assert "Traceback" not in output and "site/ left as it was" in output
    assert snapshot(project / "site") == before
    assert staging_dirs(project) == [] and not (project / ".site.old").exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_swap_puts_the_new_folder_in_place_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(cli, "_exchange", lambda a, b: False)
    target, new = tmp_path / "site", tmp_path / ".site.build.x"
    (target / "old").mkdir(parents=True)
    (target / "old" / "f").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "f").write_text("new", encoding="utf-8")
    cli._swap(new, target)
    assert snapshot(target) == {"f": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    # And with no previous output at all.
    fresh = tmp_path / ".site.build.y"
    fresh.mkdir()
    shutil.rmtree(target)
    cli._swap(fresh, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
