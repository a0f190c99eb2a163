"""A kind may be split over several files (``annotations/<kind>/*.yml``), each under the size cap.

The records of all a kind's files are one list, in the order of the files' paths; errors name
the file they are in; ids stay unique across the files; the cap applies per file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from edition import pipeline
from edition.problems import EditionError
from edition.yaml_loader import MAX_BYTES
from miniproject import make_project, run_edition

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


def _split(project: Path, kind: str, parts: dict[str, list[int]]) -> None:
    """Move ``annotations/<kind>.yml`` into ``annotations/<kind>/<name>.yml``, records by index."""
    single = project / "annotations" / f"{kind}.yml"
    records = yaml.safe_load(single.read_text(encoding="utf-8"))[kind]
    single.unlink()
    (project / "annotations" / kind).mkdir()
    for name, indexes in parts.items():
        body = yaml.safe_dump({kind: [records[i] for i in indexes]}, allow_unicode=True, sort_keys=False)
        (project / "annotations" / kind / f"{name}.yml").write_text(SCHEMA_LINE.format(kind=kind) + body, encoding="utf-8")


@pytest.fixture
def whole(tmp_path: Path) -> pipeline.Output:
    return pipeline.build(make_project(tmp_path / "whole"), "https://mini.example.org/")


def test_a_split_kind_builds_the_same_site(tmp_path: Path, whole: pipeline.Output) -> None:
    project = make_project(tmp_path / "split")
    actors = yaml.safe_load((project / "annotations" / "actors.yml").read_text(encoding="utf-8"))["actors"]
    assert len(actors) >= 2
    _split(project, "actors", {"a-first": [0], "b-rest": list(range(1, len(actors)))})
    _split(project, "notes", {"mini": [0]})
    split = pipeline.build(project, "https://mini.example.org/")
    assert split.problems == whole.problems
    assert split.pages == whole.pages
    assert split.files == whole.files


def test_an_error_in_a_split_file_names_that_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "split")
    actors = yaml.safe_load((project / "annotations" / "actors.yml").read_text(encoding="utf-8"))["actors"]
    _split(project, "actors", {"a-first": [0], "b-rest": list(range(1, len(actors)))})
    path = project / "annotations" / "actors" / "b-rest.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: person", "kind: persn", 1), encoding="utf-8")
    result = run_edition(project, "check")
    assert result.returncode == 1
    assert "annotations/actors/b-rest.yml:" in result.stderr
    assert "'persn' is not one of" in result.stderr and "(did you mean 'person'?)" in result.stderr


def test_ids_stay_unique_across_the_files_of_a_kind(tmp_path: Path) -> None:
    project = make_project(tmp_path / "split")
    _split(project, "notes", {"one": [0], "two": [0]})
    with pytest.raises(EditionError) as caught:
        pipeline.build(project, "https://mini.example.org/")
    message = str(caught.value)
    assert "annotations/notes/two.yml:" in message and "shared-plan" in message, message


def test_the_size_cap_applies_to_each_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "split")
    _split(project, "notes", {"one": [0]})
    path = project / "annotations" / "notes" / "one.yml"
    path.write_bytes(path.read_bytes() + b"# padding\n" * (MAX_BYTES // 10 + 1))
    result = run_edition(project, "check")
    assert result.returncode == 1
    assert f"annotations/notes/one.yml:1:1: file is {path.stat().st_size:,} bytes; the limit is {MAX_BYTES:,}" in result.stderr


def test_a_folder_with_another_name_is_not_read(tmp_path: Path, whole: pipeline.Output) -> None:
    project = make_project(tmp_path / "other")
    (project / "annotations" / "drafts").mkdir()
    (project / "annotations" / "drafts" / "notes.yml").write_text("notes: [oops\n", encoding="utf-8")
    assert pipeline.build(project, "https://mini.example.org/").pages == whole.pages
