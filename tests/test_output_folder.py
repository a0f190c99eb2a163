"""The output folder: nothing a user wrote is deleted, warnings fail ``make build``, the site is
readable, interrupted builds leave no litter, and the sitemap never says 1970.

Every test goes through the user's door, ``python -m edition build`` (what ``make build`` runs),
on a copy of the mini project.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from edition import outdir
from miniproject import ROOT, make_project, run_edition


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


# ── The guard itself (fast, no build) ─────────────────────────────────────────────────────────


def test_guard_accepts_a_new_an_empty_and_an_owned_folder(tmp_path: Path) -> None:
    assert outdir.claim(tmp_path, tmp_path / "site") == (tmp_path / "site").resolve()
    (tmp_path / "empty").mkdir()
    assert outdir.claim(tmp_path, tmp_path / "empty") == (tmp_path / "empty").resolve()
    owned = tmp_path / "owned"
    (owned / "deep").mkdir(parents=True)
    (owned / "deep" / "page.html").write_text("x", encoding="utf-8")
    outdir.mark(owned)
    assert outdir.claim(tmp_path, owned) == owned.resolve()


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (".", "it is the project folder"),
        ("..", "it is a folder above the project"),
        ("docs", "holds files the generator did not write"),
        ("missing/site", "its parent folder"),
    ],
)
def test_guard_refuses(tmp_path: Path, target: str, says: str) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    with pytest.raises(outdir.OutputRefused, match=says):
        outdir.claim(project, project / target, shown=target)


def test_mark_gives_the_usual_modes(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "a").mkdir(parents=True, mode=0o700)
    (folder / "a" / "f.html").write_text("x", encoding="utf-8")
    (folder / "a" / "f.html").chmod(0o600)
    folder.chmod(0o700)
    outdir.mark(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "a").stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "a" / "f.html").stat().st_mode) == 0o644
    assert (folder / outdir.OWNER_MARK).is_file()


# ── Through `python -m edition build` ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("site_dir", "says"),
    [
        ("docs", "refusing to replace 'docs': it holds files the generator did not write"),
        (".", "refusing to write the site into '.': it is the project folder"),
        ("..", "refusing to write the site into '..': it is a folder above the project"),
        ("no/such/site", "cannot write 'no/such/site': its parent folder"),
        ("texts", "refusing to replace 'texts': it holds files the generator did not write"),
    ],
)
def test_build_refuses_a_folder_it_does_not_own(project: Path, site_dir: str, says: str) -> None:
    before = snapshot(project.parent)
    result = run_edition(project, "build", "--site-dir", site_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert says in result.stderr, output
    assert snapshot(project.parent) == before, "nothing was written or deleted"


def test_build_refuses_a_site_that_is_a_file(project: Path) -> None:
    (project / "site").write_text("my notes\n", encoding="utf-8")
    result = run_edition(project, "build")
    assert result.returncode == 1
    assert "refusing to replace 'site': it is a file" in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (project / "site").read_text(encoding="utf-8") == "my notes\n"


def test_build_refuses_a_site_with_files_it_did_not_write(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "mine.txt").write_text("keep me\n", encoding="utf-8")
    result = run_edition(project, "build")
    assert result.returncode == 1
    assert "refusing to replace 'site'" in result.stderr
    assert (project / "site" / "mine.txt").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.slow
def test_build_writes_a_readable_owned_site_and_replaces_it(project: Path) -> None:
    first = run_edition(project, "build")
    assert first.returncode == 0, first.stderr
    site = project / "site"
    assert (site / outdir.OWNER_MARK).is_file()
    for path in [site, *site.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), f"{path.relative_to(project)}: {oct(mode)}"
    second = run_edition(project, "build")  # its own output: replaced without a word
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "built site/"


@pytest.mark.slow
def test_every_mkdocs_warning_fails_make_build_and_is_shown(project: Path) -> None:
    sources = project / "annotations" / "sources.yml"
    data = yaml.safe_load(sources.read_text(encoding="utf-8"))
    data["sources"].append({"id": "unused-source", "type": "report", "title": "Cited by nothing"})
    sources.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_edition(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "source 'unused-source' is cited by nothing" in result.stderr, output
    assert "site/ left as it was" in result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site.build.*"))


@pytest.mark.slow
def test_make_build_is_the_cli_build(project: Path) -> None:
    """``make build`` runs exactly ``python -m edition build`` (so the tests above cover it)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/python -m edition build" in recipe and "--quiet" not in recipe


@pytest.mark.slow
def test_a_build_without_git_dates_the_sitemap_by_its_inputs(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"), GIT_CEILING_DIRECTORIES=str(project.parent))
    stamp = 1_600_000_000  # 2020-09-13
    for path in [project, *project.rglob("*")]:
        os.utime(path, (stamp, stamp))
    command = [sys.executable, "-m", "edition", "build", "--root", str(project)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>1970" not in sitemap
    assert "<lastmod>2020-09-13</lastmod>" in sitemap


def _start(project: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200")
    return subprocess.Popen(
        [sys.executable, "-m", "edition", "build", "--root", str(project)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_leaves_no_litter(project: Path, sig: signal.Signals) -> None:
    process = _start(project)
    try:
        deadline = time.monotonic() + 120
        while not list(project.glob(".site.build.*")):
            assert process.poll() is None, "the build ended before it made its temporary folder"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.killpg(process.pid, sig)  # what Ctrl-C does: the whole foreground group gets it
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode != 0
    assert not list(project.glob(".site*")), sorted(p.name for p in project.iterdir())
    assert not (project / "site").exists()


@pytest.mark.slow
def test_folders_left_by_killed_builds_are_swept(project: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    litter = project / f".site.build.{dead.pid}.abc123"
    (litter / "deep").mkdir(parents=True)
    (litter / "deep" / "index.html").write_text("half", encoding="utf-8")
    alive = project / f".site.build.{os.getpid()}.running"  # a concurrent build: left alone
    alive.mkdir()
    result = run_edition(project, "build")
    assert result.returncode == 0, result.stderr
    assert not litter.exists()
    assert alive.is_dir()
