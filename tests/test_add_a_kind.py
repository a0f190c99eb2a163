"""A kind added through the registry alone (``tests/toykind.py``: a model, a file model, one
``kinds.Kind`` entry) is validated, linked, rendered and exported like the built-in kinds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import toykind
from edition import kinds, pipeline
from edition.problems import EditionError
from miniproject import ROOT, make_project

SITE = "https://mini.example.org/"


@pytest.fixture
def with_places() -> Iterator[None]:
    before = toykind.install()
    try:
        yield
    finally:
        kinds.KINDS = before


def _project(tmp_path: Path, places: str = toykind.PLACES_YML) -> Path:
    project = make_project(tmp_path / "project")
    (project / "annotations" / "places.yml").write_text(places, encoding="utf-8")
    return project


def test_the_new_kind_is_linked_rendered_and_exported(tmp_path: Path, with_places: None) -> None:
    out = pipeline.build(_project(tmp_path), SITE)
    assert not [p for p in out.problems if p.severity == "error"], out.problems
    (place,) = out.edition.of("place")
    assert place.name == "The old harbour"
    assert out.edition.cited_by["council-minutes-2010"].count(("place", "old-harbour")) == 1
    assert "old-harbour" in [p.id for p in out.edition.about("place", "harbour-council")]
    index = out.pages["places/index.md"]
    assert "# Places" in index and "(old-harbour.md)" in index
    page = out.pages["places/old-harbour.md"]
    assert "# The old harbour" in page and "Where the patrol boats moor." in page
    assert "(../actors/harbour-council.md)" in page, page
    assert "*places:* [old-harbour](places/old-harbour.md)" in out.pages["sources.md"]  # the bibliography names its citers
    assert {"Places": "places/index.md"} in next(item for item in out.nav if isinstance(item, dict) and "Editorial layer" in item)[
        "Editorial layer"
    ]
    data = json.loads(out.files["data/edition.json"])
    assert data["places"] == [
        {
            "id": "old-harbour",
            "name": "The old harbour",
            "description": "Where the patrol boats moor.",
            "related": ["harbour-council"],
            "sources": ["council-minutes-2010"],
        }
    ]


def test_a_bad_reference_of_the_new_kind_is_a_located_error(tmp_path: Path, with_places: None) -> None:
    project = _project(tmp_path, toykind.PLACES_YML.replace("related: [harbour-council]", "related: [harbour-councl]"))
    with pytest.raises(EditionError) as caught:
        pipeline.build(project, SITE)
    assert [str(p) for p in caught.value.problems if p.severity == "error"] == [
        "annotations/places.yml:5:15: place 1 'old-harbour': related 1: unknown actor or program 'harbour-councl' (did you mean 'harbour-council'?)"
    ]


def test_a_schema_error_of_the_new_kind_is_located(tmp_path: Path, with_places: None) -> None:
    project = _project(tmp_path, toykind.PLACES_YML.replace("    description:", "    descripton:"))
    with pytest.raises(EditionError) as caught:
        pipeline.build(project, SITE)
    assert [str(p) for p in caught.value.problems if p.severity == "error"] == [
        "annotations/places.yml:4:5: place 1 'old-harbour': unknown key 'descripton' (did you mean 'description'?)"
    ]


def test_an_id_taking_the_new_kinds_address_is_refused(tmp_path: Path, with_places: None) -> None:
    project = _project(tmp_path, toykind.PLACES_YML.replace("id: old-harbour", "id: index"))
    with pytest.raises(EditionError) as caught:
        pipeline.build(project, SITE)
    assert "id 'index' is the address of the places page itself; pick another id" in str(caught.value)


def test_without_the_entry_the_file_is_a_document_file(tmp_path: Path) -> None:
    """The registry is the only thing that makes ``places.yml`` a kind's file."""
    with pytest.raises(EditionError) as caught:
        pipeline.build(_project(tmp_path), SITE)
    assert "annotations/places.yml:1:1: unknown key 'places'" in str(caught.value)


def test_a_misspelt_kind_fails_loudly() -> None:
    with pytest.raises(KeyError, match="unknown kind 'programme'"):
        kinds.kind("programme")


@pytest.mark.slow
def test_the_new_kind_builds_a_strict_site(tmp_path: Path) -> None:
    """MkDocs itself, with the kind installed in its process: the pages are in the built site."""
    project = _project(tmp_path)
    code = "import toykind; toykind.install(); from mkdocs.__main__ import cli; cli()"
    env = dict(
        os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200", PYTHONPATH=f"{ROOT / 'scripts'}{os.pathsep}{ROOT / 'tests'}"
    )
    args = ["build", "--strict", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")]
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "The old harbour" in (tmp_path / "site" / "places" / "old-harbour" / "index.html").read_text(encoding="utf-8")
    assert "old-harbour" in (tmp_path / "site" / "places" / "index.html").read_text(encoding="utf-8")


def test_the_new_kind_is_searched(tmp_path: Path, with_places: None) -> None:
    """The search box finds a record of the new kind at its page, under a filter of its own."""
    from edition import search

    out = pipeline.build(_project(tmp_path), SITE)
    (record,) = [r for r in search.records(out.edition) if r.url == "places/old-harbour/"]
    assert (record.kind, record.title, record.label) == ("Places", "The old harbour", "Place")
    assert "Where the patrol boats moor." in record.text and "harbour-council" not in record.text
    assert search.names(out.edition)["filters"][-2:] == ["Places", "Pages"]
