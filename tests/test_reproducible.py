"""Reproducible builds: the same inputs give a byte-identical site.

Two strict builds of the real project, in two folders and under two hash seeds (so set and dict
iteration order differ), must give the same files with the same bytes: sitemap.xml and its gzip
(whose header holds a time), the search index (Pagefind's: its filter file is sorted after it is
written), the SVG pictures, the data files. Neither may carry the absolute path of the project or of the output folder. ``python -m edition build`` takes
``SOURCE_DATE_EPOCH`` from the last commit unless it is already set.
"""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import mkdocs_build
from edition import cli

EPOCH = 1254355200  # what tests/conftest.py's mkdocs_build sets as SOURCE_DATE_EPOCH


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another hash seed than the first build's, so any order that leaks from a set or dict shows.
    monkeypatch.setenv("PYTHONHASHSEED", "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1")
    again = tmp_path / "elsewhere" / "site"
    result = mkdocs_build(root, again)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = tree(built_site), tree(again)
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"files that differ between two builds of the same tree: {differ}"
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "pagefind/names.json"):
        assert name in first, f"{name} is not built"


def test_no_build_path_leaks_into_the_site(built_site: Path, root: Path) -> None:
    leaks = [name for name, data in tree(built_site).items() if str(root).encode() in data or str(built_site).encode() in data]
    assert leaks == []


def test_dates_in_the_site_come_from_source_date_epoch(built_site: Path) -> None:
    gz = (built_site / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", gz[4:8])
    assert mtime == EPOCH, "the gzip header must hold SOURCE_DATE_EPOCH, not the build time"
    assert gzip.decompress(gz) == (built_site / "sitemap.xml").read_bytes()
    assert "<lastmod>2009-10-01</lastmod>" in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **(env or {})})


def test_last_commit_time_is_the_epoch_of_the_last_commit(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    _git(tmp_path, "add", "a.txt")
    stamp = {"GIT_AUTHOR_DATE": "@1254355200 +0000", "GIT_COMMITTER_DATE": "@1254355200 +0000"}
    who = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    _git(tmp_path, *who, "commit", "-q", "-m", "first", env=stamp)
    assert cli._last_commit_time(tmp_path) == "1254355200"
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")  # uncommitted edits do not change it
    assert cli._last_commit_time(tmp_path) == "1254355200"


def test_last_commit_time_without_git_history_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No history: no date from git (the build then dates the sitemap by its inputs, never 1970)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # never find a repository above
    assert cli._last_commit_time(tmp_path) is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert cli._last_commit_time(tmp_path) is None


class _Recorder:
    """Stands in for ``subprocess.run`` in the CLI: records the environment, fails the build."""

    def __init__(self) -> None:
        self.env: dict[str, str] = {}

    def __call__(self, command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        if command[:1] == ["git"]:
            return subprocess.CompletedProcess(command, 0, stdout="1254355200\n", stderr="")
        assert command[:3] == [sys.executable, "-m", "mkdocs"]
        self.env = dict(kwargs["env"])  # type: ignore[arg-type]
        return subprocess.CompletedProcess(command, 1)


@pytest.mark.parametrize(("preset", "expected"), [(None, "1254355200"), ("42", "42")])
def test_cli_build_sets_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preset: str | None, expected: str) -> None:
    if preset is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", preset)
    recorder = _Recorder()
    monkeypatch.setattr(cli.subprocess, "run", recorder)
    result = CliRunner().invoke(cli.main, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 1  # the recorder fails the build: nothing is swapped in
    assert recorder.env["SOURCE_DATE_EPOCH"] == expected
    assert recorder.env["NO_MKDOCS_2_WARNING"] == "1"
    assert not (tmp_path / "site").exists() and list(tmp_path.iterdir()) == []
