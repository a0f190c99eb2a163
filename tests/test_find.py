"""``python -m edition find QUOTE`` (``make find Q=...``): where a quote stands and its ready anchor.

The judge is the resolver itself: every anchor ``find`` prints, pasted into an annotation, must
resolve to exactly the place it was printed for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from edition import quotes
from edition.edition import Edition
from edition.link import resolve_anchor
from edition.schema import Anchor
from miniproject import make_project, run_edition


@pytest.mark.parametrize("quote", ["Mérida Initiative", "Mexico", "the ", "cartels", "Calderón", ", and"])
def test_every_printed_anchor_resolves_to_its_place(edition: Edition, quote: str) -> None:
    documents = [d.text for d in edition.documents]
    found = quotes.places(quote, documents)
    assert found
    for place in found:
        if not place.unique:
            continue
        block = yaml.safe_load(quotes.anchor_yaml(place, quote, indent=0))["anchor"]
        doc = next(d for d in documents if d.id == block["document"])
        span, message = resolve_anchor(Anchor(**block), doc)
        assert message is None, (place, message)
        assert span is not None
        assert (span.paragraph, span.start) == (place.paragraph, place.start)


def test_find_prints_the_places_and_the_anchor_with_the_shortest_prefix(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = run_edition(project, "find", "Will the Council keep its promise?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "'Will the Council keep its promise?' occurs 2 times; paste the anchor under the note, question or funding figure:",
        "",
        "mini ¶1 (section introduction): …ind, said the coastal patrol needed steady money. [Will the Council keep its promise?]",
        "    anchor:",
        "      document: mini",
        '      quote: "Will the Council keep its promise?"',
        '      prefix: "money. "',
        "",
        "mini ¶3 (section funding-plan): … held back until the patrol reported on its work. [Will the Council keep its promise?]",
        "    anchor:",
        "      document: mini",
        '      quote: "Will the Council keep its promise?"',
        '      prefix: "work. "',
    ]


def test_find_a_unique_quote_needs_no_prefix(tmp_path: Path) -> None:
    result = run_edition(make_project(tmp_path / "project"), "find", "steady money")
    assert result.returncode == 0, result.stderr
    assert "occurs once" in result.stdout
    assert "prefix" not in result.stdout and "suffix" not in result.stdout


def test_find_a_missing_quote_says_what_is_closest(tmp_path: Path) -> None:
    result = run_edition(make_project(tmp_path / "project"), "find", "steady monkey")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "'steady monkey' is not in the corrected text of mini",
        "closest passage in mini: ¶1 'steady money.'",
    ]
    assert "Traceback" not in result.stderr
