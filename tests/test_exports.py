"""The data exports against the standards' own test data.

- ``annotations.jsonld`` must pass every MUST assertion of the W3C web-annotation-tests (the
  collection, its page, and every annotation), run here with ``jsonschema`` in the way the W3C
  harness runs them: an assertion passes when its validity equals its ``expectedResult``.
- ``arzt-2009.csl.json`` must validate against the CSL-JSON input schema.
The peers live in ../shared/peers (not committed); without them these tests skip.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from edition.pipeline import Output
from edition.text import SUPERSCRIPT_DIGITS

PEERS = Path(os.environ.get("EDITION_PEERS") or Path(__file__).resolve().parent.parent.parent / "shared" / "peers")
"""The peers beside the checkout (as CI lays them out); ``EDITION_PEERS`` points elsewhere (a worktree)."""
WA = PEERS / "web-annotation-tests"
CSL = PEERS / "csl-schema" / "schemas" / "input" / "csl-data.json"

needs_wa = pytest.mark.skipif(not WA.is_dir(), reason=f"W3C web-annotation-tests not found at {WA}")
needs_csl = pytest.mark.skipif(not CSL.is_file(), reason=f"CSL schema not found at {CSL}")


def _registry() -> Registry:
    resources = []
    for path in sorted(WA.rglob("*.json")):
        if "tools" in path.parts or path.name in ("package.json", "w3c.json"):
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        # Assertions and definitions refer to each other by bare file name ("annotations.json#/...").
        resources.append((path.name, Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def _assertions(test_file: str) -> list[dict[str, Any]]:
    test = json.loads((WA / test_file).read_text(encoding="utf-8"))
    return [json.loads((WA / a).read_text(encoding="utf-8")) for a in test["assertions"]]


def _failures(instance: object, test_file: str, registry: Registry) -> list[str]:
    failed = []
    for assertion in _assertions(test_file):
        if assertion.get("assertionType", "must") != "must":
            continue
        validator = jsonschema.Draft4Validator(assertion, registry=registry)
        valid = validator.is_valid(instance)
        if valid != (assertion.get("expectedResult", "valid") == "valid"):
            failed.append(f"{assertion['id']}: {assertion.get('errorMessage', '')}")
    return failed


@pytest.fixture(scope="module")
def collection(output: Output) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(output.files["data/annotations.jsonld"])
    return data


@needs_wa
def test_collection_and_page_pass_the_w3c_musts(collection: dict[str, Any]) -> None:
    registry = _registry()
    assert _failures(collection, "collections/collectionMusts.test", registry) == []
    page = {"@context": collection["@context"], **collection["first"]}
    assert _failures(page, "collections/pages/pageMusts.test", registry) == []


@needs_wa
def test_every_annotation_passes_the_w3c_musts(collection: dict[str, Any]) -> None:
    registry = _registry()
    items = collection["first"]["items"]
    kinds = {item["motivation"] for item in items}
    assert kinds == {"commenting", "assessing", "identifying"}
    failures = {}
    for item in items:
        failed = _failures(item, "annotations/annotationMusts.test", registry)
        if failed:
            failures[item["id"]] = failed
    assert failures == {}


def test_annotations_target_paragraph_urls_with_both_selectors(collection: dict[str, Any], output: Output) -> None:
    edition = output.edition
    # Positions count the paragraph's characters; quotes hold them as the page shows them (a
    # footnote marker ``¹`` is a raised ``1`` there, and tests/test_annotation_anchors.py reads the page).
    shown = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
    paragraphs = {(d.spec.id, p.number): p.text.translate(shown) for d in edition.documents for p in d.text.paragraphs}
    assert collection["total"] == len(collection["first"]["items"])
    for item in collection["first"]["items"]:
        target = item["target"]
        doc_id, _, rest = target["source"].removeprefix("https://road-ahead.example.org/").partition("/")
        number = int(rest.rsplit("#p", 1)[1])
        quote, position = target["selector"]
        text = paragraphs[(doc_id, number)]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


@needs_csl
def test_csl_json_is_valid(output: Output) -> None:
    schema = json.loads(CSL.read_text(encoding="utf-8"))
    items = json.loads(output.files["data/arzt-2009.csl.json"])
    jsonschema.Draft7Validator(schema).validate(items)
    paragraph = next(i for i in items if i["id"] == "arzt2009-p8")
    assert paragraph["locator"] == "8"
    assert paragraph["custom"] == {"locator-label": "paragraph"}
    assert paragraph["section"] == "The U.S. Challenge: Gun Control"
    assert paragraph["URL"] == "https://road-ahead.example.org/arzt-2009/gun-control/#p8"
    assert paragraph["container-title"] == "The Road Ahead: An Annotated Edition"
    assert paragraph["version"] == output.edition.info.current.version if output.edition.info else False


def test_bibtex_has_paper_sections_paragraphs_and_notes(output: Output) -> None:
    bib = output.files["data/arzt-2009.bib"].decode()
    assert bib.count("@incollection{") == 1 + 6 + 16 + len(output.edition.notes)
    assert "@incollection{arzt2009,\n" in bib
    assert "note = {Version 0.2. Para. 8. First published by" in bib


def test_funding_csv_matches_the_records(output: Output) -> None:
    rows = list(csv.DictReader(io.StringIO(output.files["data/funding.csv"].decode())))
    assert [r["id"] for r in rows] == [f.id for f in output.edition.funding]
    for row, figure in zip(rows, output.edition.funding, strict=True):
        assert row["program"] == figure.program
        assert row["status"] == figure.status


def test_edition_json_round_trips_every_record(output: Output) -> None:
    data = json.loads(output.files["data/edition.json"])
    e = output.edition
    assert [a["id"] for a in data["actors"]] == [a.id for a in e.actors]
    assert [q["id"] for q in data["questions"]] == [q.id for q in e.questions]
    assert all("resolved_anchor" in q for q in data["questions"])
    assert len(data["mentions"]) == len(e.mentions)
