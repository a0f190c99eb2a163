"""Shared fixtures: the project root, the real edition, and one strict build of the real site.

The site is built once per test session (it takes a couple of seconds) into a temporary folder
and shared by the end-to-end, link-check, export and browser tests. ``engine_site`` is the same
site built by each engine (``ENGINES``), once per engine per session, for the tests that every
engine's site must pass (``tests/test_site.py``, the public URLs).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from edition import pipeline
from edition.edition import Edition

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("mkdocs", "zensical")

# Every build a test runs (in-process or ``mkdocs build`` in a subprocess) cites the placeholder
# address on purpose: without this, the hook's placeholder warning would fail the strict builds.
os.environ.setdefault("EDITION_SITE_URL", "https://road-ahead.example.org/")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def edition() -> Edition:
    result, _ = pipeline.check(ROOT)
    return result


@pytest.fixture(scope="session")
def output() -> pipeline.Output:
    return pipeline.build(ROOT, "https://road-ahead.example.org/")


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` for ``project`` into ``site_dir``; return the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200", PYTHONPATH=str(ROOT / "scripts"))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(project / "mkdocs.yml"),
        "--site-dir",
        str(site_dir),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with ``mkdocs build --strict``."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def zensical_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``python -m edition build --engine zensical`` for ``project`` into ``site_dir``."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1254355200", PYTHONPATH=str(ROOT / "scripts"))
    command = [sys.executable, "-m", "edition", "build", "--engine", "zensical", "--root", str(project), "--site-dir", str(site_dir)]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with Zensical from the stage (of a copy, so the checkout's
    ``.build/`` is left to ``make serve``)."""
    from miniproject import copy_real_project

    project = copy_real_project(tmp_path_factory.mktemp("zensical") / "project")
    site = project / "site"
    result = zensical_build(project, site)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return site


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request: pytest.FixtureRequest) -> Path:
    """The real site as each engine builds it (one build per engine per session)."""
    fixture = "built_site" if request.param == "mkdocs" else "zensical_site"
    site: Path = request.getfixturevalue(fixture)
    return site
