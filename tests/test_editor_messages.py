"""Messages an editor reads: records by name and number, YAML slips in plain words, the error page.

The whole-project cases (one per slip, with exact lines) are fixtures in ``tests/fixtures/bad/``
(``yaml-indentation``, ``yaml-unclosed-quote``, ``yaml-colon-in-value``, ``yaml-missing-dash``,
``yaml-missing-dash-nested``, ``tab-indentation``); these tests pin the pieces in-process.
"""

from __future__ import annotations

import pytest

from edition import errorpage
from edition.annotations import field_text, record_label
from edition.problems import Location, Problem
from edition.yaml_loader import load_yaml

ACTORS = """\
actors:
  - id: harbour-council
    name: Harbour Council
    kind: organisation

  - id: mara-lind
    name: Mara Lind
    kind: person
    role: Chair of the Harbour Council.
    summary: Chaired the council.
"""


def test_records_are_named_by_id_and_counted_from_one() -> None:
    assert record_label(("actors", 17), "felipe-calderon") == "actor 18 'felipe-calderon'"
    assert record_label(("funding", 0), "x") == "funding figure 1 'x'"
    assert record_label(("document",), "arzt-2009") == "document 'arzt-2009'"
    assert record_label(("events", 2)) == "event 3"
    assert field_text(("relations", 0, "target")) == "relation 1 target"
    assert field_text(("aliases", 1)) == "alias 2"
    assert field_text(("kind",)) == "kind"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    role: Chair", "   role: Chair", "9:4: this line is indented 3 spaces; the keys around it use 4 spaces: indent it like them"),
        (
            "    role: Chair",
            "     role: Chair",
            "9:6: this line is indented 5 spaces; the keys around it use 4 spaces: indent it like them",
        ),
        (
            "    role: Chair of the Harbour Council.",
            '    role: "Chair of the Harbour Council.',
            '9:11: the quote " that opens this value is never closed',
        ),
        (
            "    role: Chair of the Harbour Council.",
            "    role: 'Chair of the Harbour Council.",
            "9:11: the quote ' that opens this value is never closed",
        ),
        ("    role: Chair of the", "    role: Chair: of the", "9:16: the value of 'role' holds a colon followed by a space"),
        (
            "  - id: mara-lind",
            "    id: mara-lind",
            "6:5: 'id' again in the list item that starts at line 2: a new item starts with '- ': write '  - id: mara-lind'",
        ),
        (
            "    role: Chair",
            "\trole: Chair",
            "9:1: this line is indented with a tab; YAML indents with spaces only: indent it with 4 spaces",
        ),
    ],
    ids=["indent-3", "indent-5", "double-quote", "single-quote", "colon", "missing-dash", "tab"],
)
def test_yaml_slips_in_plain_words(old: str, new: str, expected: str) -> None:
    assert old in ACTORS
    data, problems = load_yaml(ACTORS.replace(old, new).encode(), "annotations/actors.yml")
    assert data is None
    assert len(problems) == 1, problems
    assert str(problems[0]).startswith("annotations/actors.yml:" + expected), str(problems[0])


def test_colon_fix_is_ready_to_paste() -> None:
    _, problems = load_yaml(ACTORS.replace("role: Chair of the", 'role: Chair "of" the: x').encode(), "annotations/actors.yml")
    assert problems[0].message.endswith(r'put the value in quotes: role: "Chair \"of\" the: x Harbour Council."'), problems[0].message


def test_well_formed_nesting_is_not_an_indentation_slip() -> None:
    text = ACTORS + "    relations:\n      - type: leads\n        target: harbour-council\n    sources: [x]\n  - id: third\n    name: [\n"
    _, problems = load_yaml(text.encode(), "annotations/actors.yml")
    assert problems and "indented" not in problems[0].message, problems  # PyYAML's own words for an open bracket


def test_error_page_shows_the_terminal_line_the_spot_and_a_caret() -> None:
    problem = Problem(
        Location("annotations/actors.yml", 9, 4), "this line is indented 3 spaces; the keys around it use 4 spaces: indent it like them"
    )
    note = Problem(
        Location("annotations/actors.yml"), "3 references from other files into this one were not checked, since it does not read", "note"
    )
    html = errorpage.render([note, problem], lambda path: ACTORS.replace("    role", "   role"), "Mini")
    assert "<title>1 error to fix — Mini</title>" in html
    assert html.index("indented 3 spaces") < html.index("3 references")  # the cause first, the note after
    assert "&gt;  9 |    role: Chair of the Harbour Council." in html
    assert "\n     |    ^\n" in html
    assert "annotations/actors.yml:9:4: this line is indented 3 spaces" in html
    assert "<script" not in html  # the server adds only its own live-reload script


def test_error_page_escapes_what_the_editor_wrote() -> None:
    problem = Problem(Location("annotations/notes.yml", 1, 1), "value '<script>alert(1)</script>' is wrong")
    html = errorpage.render([problem], lambda path: "<script>alert(1)</script>\n", "")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
