"""The index pages' building blocks, without a browser: source labels, the relations diagram, the
data page's examples (run against the built files), and the 404 page's data."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from edition import pipeline, render
from edition.edition import Edition
from edition.render import bibliography, relations
from edition.render.indexes import DATA_FILES
from edition.render.markup import page_url
from edition.schema import Redirect


def test_source_labels_are_unique_and_author_date(edition: Edition) -> None:
    labels = bibliography.labels(edition)
    assert len(set(labels.values())) == len(labels) == len(edition.sources)
    for s in edition.sources:
        assert re.fullmatch(r".+ (\d{4}[a-z]?|n\.d\.(-[a-z])?)", labels[s.id]), labels[s.id]


def test_several_works_of_one_author_in_one_year_get_letters_in_date_order(edition: Edition) -> None:
    labels = bibliography.labels(edition)
    # The CRS reports by Seelke of 6 July and 21 August 2009 share author, title and year.
    july, august = labels["crs-r40135-2009-07"], labels["crs-r40135-2009-08"]
    assert (july, august) == ("Seelke 2009a", "Seelke 2009b")


@pytest.mark.parametrize(
    ("source", "target", "url"),
    [
        ("relations.md", "actors/x.md", "../actors/x/"),
        ("index.md", "actors/x.md", "actors/x/"),
        ("actors/x.md", "index.md", "../../"),
        ("actors/index.md", "actors/y.md", "y/"),
        ("funding.md", "sources.md", "../sources/"),
    ],
)
def test_page_url_is_what_the_browser_resolves(source: str, target: str, url: str) -> None:
    assert page_url(source, target) == url


def test_relations_diagram_is_deterministic_and_names_every_related_entity(edition: Edition) -> None:
    svg = relations.diagram(edition, "relations.md")
    assert svg == relations.diagram(edition, "relations.md")
    assert "\n\n" not in svg, "a blank line would end the raw HTML block for Markdown"
    for ident in {e for r in edition.relations for e in (r.source, r.target)}:
        assert f'class="node actor n-{ident}"' in svg or f'class="node program n-{ident}"' in svg, ident
    assert svg.count("<path ") == len(edition.relations)
    # Colours come from the page (CSS), not from the SVG: no fill or stroke written into it.
    assert not re.search(r'(fill|stroke)="#', svg)


def test_relations_labels_fit_the_width_the_svg_declares(edition: Edition) -> None:
    svg = relations.diagram(edition, "relations.md")
    width = int(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg):
        assert relations.GUTTER_PX + 12 + relations.text_width(line) <= width, line
    # Narrow enough for a phone's 358 px column (390 px less Material's margins) at full size.
    assert width <= 390, width


@pytest.fixture(scope="module")
def data_dir(built_site: Path) -> Path:
    return built_site / "data"


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda f: f.name)
def test_data_page_example_runs(data_file: object, data_dir: Path, edition: Edition) -> None:
    from edition import citations

    assert hasattr(data_file, "example")
    doc = edition.documents[0]
    command = data_file.example.replace("{doc}", doc.spec.id).replace("{key}", citations.paper(doc, "").key)  # type: ignore[attr-defined]
    program = shlex.split(command.split("<<<")[0])[0]
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed")
    result = subprocess.run(["bash", "-c", command], cwd=data_dir, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), f"{command!r} printed nothing"


def test_404_data_lists_retired_addresses(edition: Edition) -> None:
    doc = edition.documents[0]
    first = doc.text.sections[0].id
    spec = doc.spec.model_copy(update={"redirects": [Redirect(old=f"old-{first}", new=first)]})
    moved = dataclasses.replace(edition, documents=(dataclasses.replace(doc, spec=spec), *edition.documents[1:]))
    files = render.redirects(moved)
    assert json.loads(files["assets/moved.json"]) == {f"{doc.spec.id}/old-{first}/": f"{doc.spec.id}/{first}/"}
    assert json.loads(render.redirects(edition)["assets/moved.json"]) == {}  # there even with none: no 404 for the script


def test_an_entitys_notes_are_listed_in_reading_order_and_open_at_the_note(output: pipeline.Output) -> None:
    """On an actor's or program's page the notes about it come in the order a reader meets them,
    each linked to the note itself (``#note-<id>``), not to its paragraph."""
    seen = 0
    for path, page in output.pages.items():
        if not path.startswith(("actors/", "programs/")) or "## Editorial notes" not in page:
            continue
        listed = page.split("## Editorial notes", 1)[1].split("\n## ", 1)[0]
        links = re.findall(r"\]\([^)#]*#(note-[a-z0-9-]+)\) <small>¶(\d+)", listed)
        assert links, (path, listed)
        numbers = [int(n) for _, n in links]
        assert numbers == sorted(numbers), (path, numbers)
        seen += 1
    assert seen >= 5


def test_the_relations_bands_come_from_the_editions_countries(edition: Edition) -> None:
    """No country is written into the generator: an edition about other countries gets its own
    bands, headings and caption (and an actor of an unlisted country stands under "Elsewhere")."""
    assert edition.info is not None
    assert list(relations.group_titles(edition).values()) == ["United States", "Programs and agreements", "Mexico", "Elsewhere"]
    other = dataclasses.replace(edition, info=edition.info.model_copy(update={"countries": {"CA": "Canada", "US": "United States"}}))
    assert list(relations.group_titles(other)) == ["CA", "programs", "US", "other"]
    page = relations.render_relations(other)
    assert "Actors at the top: Canada; in the middle: programs and agreements; below: United States." in page
    assert "Mexico" not in "".join(line for line in page.splitlines() if line.startswith("### "))
    mexican = next(a.id for a in edition.actors if a.country == "MX" and a.id in relations.ordered_entities(edition).get("MX", []))
    assert mexican in relations.ordered_entities(other)["other"]
