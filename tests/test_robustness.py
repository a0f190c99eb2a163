"""Careless and hostile inputs that a fixture folder cannot hold (links, FIFOs, unreadable files),
bounded work (long quotes, long names), and data files that stay valid whatever the text.

The cases that a fixture can hold are in ``tests/fixtures/bad`` (``test_bad_inputs.py``).
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from edition import annotations, citations, export, link, pipeline
from edition.edition import Edition
from edition.mentions import MentionFinder
from miniproject import make_project, run_edition

# ── Entries of annotations/ that are not files ──────────────────────────────────────────────────


def test_a_dangling_link_named_yml_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "annotations" / "extra.yml").symlink_to(tmp_path / "nowhere.yml")
    result = run_edition(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "annotations/extra.yml:1:1: is a symbolic link to nothing; remove it or point it at a file" in result.stderr


def test_a_fifo_named_yml_is_refused_without_reading_it(tmp_path: Path) -> None:
    """Reading a FIFO blocks until someone writes to it: the check must not even open it."""
    project = make_project(tmp_path / "project")
    os.mkfifo(project / "annotations" / "extra.yml")
    os.mkfifo(project / "texts" / "other.txt")
    result = run_edition(project, "check")  # would hang (and time out the test run) if it read the FIFO
    assert result.returncode == 1
    assert (
        "annotations/extra.yml:1:1: is not a regular file (a FIFO, socket or device); annotation files are plain text files"
        in result.stderr
    )


def test_a_fifo_as_the_text_is_no_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "texts" / "mini.txt").unlink()
    os.mkfifo(project / "texts" / "mini.txt")
    result = run_edition(project, "check")
    assert result.returncode == 1
    assert "document 'mini' has no text: expected texts/mini.txt" in result.stderr


def test_an_unreadable_annotation_file_is_a_located_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Run as root, ``chmod 000`` does not stop reading, so the refusal is simulated.)"""
    project = make_project(tmp_path / "project")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "events.yml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    _, problems = annotations.load(project)
    assert [str(p) for p in problems] == ["annotations/events.yml:1:1: cannot be read: Permission denied"]


# ── Bounded work ────────────────────────────────────────────────────────────────────────────────


class _Counting:
    """Stands in for ``difflib.SequenceMatcher`` and counts the comparisons and their size."""

    def __init__(self) -> None:
        self.calls = 0
        self.largest = 0
        self.real = difflib.SequenceMatcher  # before the patch replaces it

    def __call__(self, isjunk: Any, a: str, b: str, autojunk: bool = True) -> difflib.SequenceMatcher[str]:
        self.calls += 1
        self.largest = max(self.largest, len(a), len(b))
        return self.real(isjunk, a, b, autojunk=autojunk)


def test_closest_passage_work_is_bounded_for_long_failing_quotes(edition: Edition, monkeypatch: pytest.MonkeyPatch) -> None:
    """200 failing quotes at the size cap: the comparisons per quote, and their size, do not grow
    with the quote or the text (a full scan used to take seconds per quote)."""
    doc = edition.documents[0].text
    counting = _Counting()
    monkeypatch.setattr(link.difflib, "SequenceMatcher", counting)
    words = " ".join(p.text for p in doc.paragraphs).split()
    for i in range(200):
        quote = " ".join(words[i * 7 % len(words) :][:400])[:2000] + " and never in the paper"
        assert link.closest_passage(quote, doc).startswith("¶")
    assert counting.calls <= 200 * link.CANDIDATES * 12
    assert counting.largest <= link.CLOSEST_PROBE + 40, "compared stretches stay near the probe's length"


def test_closest_passage_still_finds_a_near_miss(edition: Edition) -> None:
    doc = edition.documents[0].text
    paragraph = doc.paragraphs[5]
    original = paragraph.text[10:90]
    typo = original.replace("e", "a", 2)
    found = link.closest_passage(typo, doc)
    assert found.startswith(f"¶{paragraph.number} ")


def test_names_at_the_length_cap_compile_into_the_mention_trie() -> None:
    """Names nest in the trie's pattern; at 500+ characters compiling it raised RecursionError.
    The schema caps names and aliases at 200 characters, and those compile and match."""
    names = {"a" * n: "x" for n in range(1, 201)} | {"b " * 99 + "b": "y"}
    finder = MentionFinder(names)
    text = "the " + "b " * 99 + "b and " + "a" * 200 + "."
    assert [hit.entity for hit in finder.find(text)] == ["y", "x"]


# ── Unicode normalisation ───────────────────────────────────────────────────────────────────────


def test_annotations_written_in_nfd_match_a_text_in_nfc(tmp_path: Path) -> None:
    """An editor's keyboard may write "é" as "e" + U+0301; the loader applies NFC to every string."""
    project = make_project(tmp_path / "project")
    text = project / "texts" / "mini.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("in Portsmouth", "in Portsmouth’s café"), encoding="utf-8")
    notes = project / "annotations" / "notes.yml"
    data = yaml.safe_load(notes.read_text(encoding="utf-8"))
    data["notes"][0]["anchor"]["quote"] = unicodedata.normalize("NFD", "Portsmouth’s café")
    notes.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_edition(project, "check")
    assert result.returncode == 0, result.stderr


# ── Data files ──────────────────────────────────────────────────────────────────────────────────


def _edition_with(tmp_path: Path, kind: str, index: int, **changes: object) -> Edition:
    project = make_project(tmp_path / "project")
    path = project / "annotations" / f"{kind}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = data[kind][index] if kind in data else data["document"]
    record.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pipeline.build(project, "https://example.org/").edition


@pytest.mark.parametrize("label", ['=HYPERLINK("https://evil.example/","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"])
def test_csv_formula_cells_are_neutralised(tmp_path: Path, label: str) -> None:
    edition = _edition_with(tmp_path, "funding", 0, label=label, act=label)
    rows = list(csv.DictReader(io.StringIO(export.funding_csv(edition).decode())))
    assert rows[0]["label"] == "'" + label and rows[0]["act"] == "'" + label
    assert rows[0]["amount"] == "5000000", "numbers stay numbers"


def _bib_fields(entry: str) -> list[str]:
    """Field names of a BibTeX entry, read the way BibTeX reads it: counting braces."""
    depth, names, token = 0, [], ""
    for char in entry:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 1 and char == "=":
            names.append(token.strip().split(",")[-1].strip())
        if depth == 1 and char not in "{}=":
            token = token + char if char != "," else ""
    assert depth == 0, entry
    return names


def test_bibtex_values_cannot_close_their_field(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    path = project / "annotations" / "mini.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["document"]["authors"][0]["family"] = "Example}, title = {Pwned"
    data["document"]["publisher"] = "Institute {of} Examples}}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    edition = pipeline.build(project, "https://example.org/").edition
    entry = citations.bibtex(citations.csl_item(edition, citations.paper(edition.documents[0], "https://example.org/")))
    assert _bib_fields(entry) == [
        "author",
        "title",
        "booktitle",
        "editor",
        "version",
        "year",
        "date",
        "origdate",
        "url",
        "language",
        "note",
    ]
    assert "\\textbraceright" in entry


def test_ris_values_stay_on_their_line(edition: Edition) -> None:
    doc = edition.documents[0]
    spec = doc.spec.model_copy(update={"publisher": "A Press\nER  - \n\nTY  - JOUR\nTI  - Injected", "subtitle": "two\r\nlines"})
    moved = dataclasses.replace(edition, documents=(type(doc)(spec, doc.text), *edition.documents[1:]))
    text = citations.ris(citations.csl_item(moved, citations.paper(moved.documents[0], "https://example.org/")))
    lines = text.splitlines()
    assert [line[:2] for line in lines].count("TY") == 1 and [line[:2] for line in lines].count("ER") == 1
    assert all(len(line) > 4 and line[2:6] == "  - " for line in lines), lines
