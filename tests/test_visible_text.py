"""No raw markup reaches a reader: the visible text of every built page is free of syntax.

What Markdown, its extensions or the templates failed to render would stand in the text as
written: the footnotes placeholder, Python-Markdown's stash markers, attribute lists, links,
emphasis, headings, admonitions and tabs, Jinja syntax, HTML tags shown as text, and ``None`` or
``nan`` from a missing value. Code blocks are left out (the editing guide shows YAML and Markdown
on purpose, the cite boxes BibTeX); tooltips and accessible names are read too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitehtml import html_files
from visible import visible_text

TAGS = "a|abbr|aside|b|br|details|div|em|h[1-6]|i|iframe|img|li|nav|ol|p|script|section|span|strong|style|summary|sup|svg|table|td|th|tr|ul"
LEFTOVERS: dict[str, re.Pattern[str]] = {
    "footnotes placeholder": re.compile(r"///\s*Footnotes Go Here\s*///|///"),
    "Markdown stash marker": re.compile("[\x02\x03]|wzxhzdk|klzzwxh"),
    "attribute list": re.compile(r"\{:?\s*[.#][A-Za-z][^{}\n]*\}|\{:\s"),
    "unrendered link": re.compile(r"\]\([^)\s]*\)|\]\[[^\]]*\]|\[\^\d+\]"),
    "unrendered emphasis": re.compile(r"\*\*[^*\n]+\*\*|(?<![\w*\\])\*[^*\s][^*\n]*(?<!\s)\*(?![\w*])|(?<!\w)__[^_\n]+__(?!\w)"),
    "unrendered heading": re.compile(r"^#{1,6} \S", re.MULTILINE),
    "admonition or tab syntax": re.compile(r"^(!!!|\?\?\?\+?|===) ", re.MULTILINE),
    "template syntax": re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"),
    "literal tag": re.compile(rf"</?(?:{TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE),
    "missing value": re.compile(r"\b(?:None|nan|NaN|null|undefined)\b"),
}


def leftovers(text: str) -> list[str]:
    """Every piece of ``text`` that looks like unrendered markup, with its kind and context."""
    found = []
    for kind, pattern in LEFTOVERS.items():
        for m in pattern.finditer(text):
            found.append(f"{kind}: {text[max(0, m.start() - 30) : m.end() + 30]!r}")
    return found


@pytest.mark.parametrize(
    "sample",
    [
        "under the last paragraph ///Footnotes Go Here///",
        "a \x02wzxhzdk:3\x03 stash",
        "the text{ .mention }",
        "see [the paper](../index.md) here",
        "a **bold** claim",
        "## A heading",
        '!!! note "Title"',
        "{{ page.title }}",
        "shown as <em>text</em>",
        "Amount: None",
        "US$nan million",
    ],
)
def test_the_check_catches_each_kind_of_leftover(sample: str) -> None:
    assert leftovers(sample), sample


@pytest.mark.parametrize("sample", ["annotations/<id>.yml", "a 5 * 3 sum", "¶2, “the passage”: Title. Body.", "U.S.-Mexico {2009}"])
def test_the_check_lets_ordinary_text_pass(sample: str) -> None:
    # (A sentence starting "None of ..." would be reported: the real pages have none, and a lone
    # None is far more likely a missing value than English.)
    assert leftovers(sample) == []


def test_no_built_page_shows_raw_markup(built_site: Path) -> None:
    found = []
    for path in html_files(built_site):
        text, attributes = visible_text(path)
        found += [f"{path.relative_to(built_site)}: {item}" for item in leftovers(text)]
        found += [f"{path.relative_to(built_site)} (attribute): {item}" for item in leftovers("\n".join(attributes))]
    assert found == [], "\n".join(found)
