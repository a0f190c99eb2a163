"""The stage: one complete docs tree for engines without hooks, in a folder the generator owns.

It holds the hand-written pages, the generated pages, data files and pictures, and a config with
the nav; rewriting it touches only files whose bytes changed (so Zensical rebuilds only those);
it never deletes or overwrites a file it did not write, and refuses a folder that holds any.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from edition import pipeline, stage, zensical_engine
from miniproject import make_project, run_edition


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def _stage(project: Path, folder: str = ".build/stage") -> stage.Changes:
    # The mini project's own site_url, whatever the test run sets EDITION_SITE_URL to.
    return zensical_engine.stage_project(project, project / folder, strict=False, env={})


def test_the_stage_is_the_whole_docs_tree_with_its_nav(project: Path) -> None:
    _stage(project)
    target = project / ".build" / "stage"
    output = pipeline.build(project, "https://mini.example.org/")
    docs = target / "docs"
    for hand_written in ("about.md", "editing.md", "assets/edition.css"):
        assert (docs / hand_written).read_bytes() == (project / "docs" / hand_written).read_bytes()
    for path, text in output.pages.items():
        assert (docs / path).read_text(encoding="utf-8") == text, path
    for path, data in output.files.items():
        assert (docs / path).read_bytes() == data, path
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"] == output.nav
    assert "hooks" not in config and "watch" not in config
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    assert not (project / "docs" / "index.md").exists(), "nothing is written into docs/"


def test_restaging_rewrites_only_the_pages_whose_bytes_changed(project: Path) -> None:
    first = _stage(project)
    assert first.written and not first.removed
    docs = project / ".build" / "stage" / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    assert _stage(project).written == ()

    actors = project / "annotations" / "actors.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("asked for a shared plan", "asked for a common plan"), encoding="utf-8")
    changed = _stage(project)
    assert "docs/actors/mara-lind.md" in changed.written
    assert "docs/about.md" not in changed.written and "mkdocs.yml" not in changed.written
    assert len(changed.written) < len(first.written) / 2, changed.written
    untouched = [p for p in before if f"docs/{p.relative_to(docs).as_posix()}" not in changed.written]
    assert all(p.stat().st_mtime_ns == before[p] for p in untouched)


def test_a_page_no_longer_generated_is_removed_and_nothing_else(project: Path) -> None:
    _stage(project)
    target = project / ".build" / "stage"
    (project / "docs" / "editing.md").unlink()
    changes = _stage(project)
    assert changes.removed == ("docs/editing.md",)
    assert not (target / "docs" / "editing.md").exists()
    assert (target / "docs" / "about.md").is_file()


@pytest.mark.parametrize("folder", ["docs", ".", "..", "texts"])
def test_a_folder_holding_other_files_is_refused_and_left_alone(project: Path, folder: str) -> None:
    before = sorted(p.relative_to(project.parent) for p in project.parent.rglob("*"))
    result = run_edition(project, "stage", folder)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: refusing to stage into {folder!r}: "), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(project.parent) for p in project.parent.rglob("*")) == before


def test_a_file_dropped_into_the_stage_is_never_deleted(project: Path) -> None:
    _stage(project)
    mine = project / ".build" / "stage" / "docs" / "mine.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = run_edition(project, "stage")
    assert result.returncode == 1
    assert "it holds files the generator did not write ('docs/mine.md')" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_the_engine_may_keep_its_cache_and_site_in_the_stage(project: Path) -> None:
    _stage(project)
    target = project / ".build" / "stage"
    for folder in stage.ENGINE_FOLDERS:
        (target / folder).mkdir()
        (target / folder / "x").write_text("engine's own", encoding="utf-8")
    assert _stage(project).written == ()


def test_an_empty_folder_may_become_a_stage(project: Path) -> None:
    (project / "out").mkdir()
    result = run_edition(project, "stage", "out")
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "docs" / "index.md").is_file()


def test_a_hand_written_page_with_a_generated_path_is_refused(project: Path) -> None:
    (project / "docs" / "sources.md").write_text("# Mine\n", encoding="utf-8")
    result = run_edition(project, "stage")
    assert result.returncode == 1
    assert "docs/sources.md: a hand-written file has the path of a generated page; rename it" in result.stderr
    assert not (project / ".build").exists()


def test_a_broken_link_fails_the_zensical_build_with_a_clean_message(project: Path) -> None:
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[gone](nowhere.md) and [lost](editing.md#no-such-heading)\n", encoding="utf-8")
    result = run_edition(project, "build", "--engine", "zensical")
    assert result.returncode == 1
    assert "page does not exist" in result.stderr and "anchor does not exist" in result.stderr
    assert "zensical: Aborted because --strict flag is set" in result.stderr
    assert "Traceback" not in result.stderr and "\x1b[" not in result.stderr
    assert "build failed; site/ left as it was" in result.stderr
    assert not (project / "site").exists()
