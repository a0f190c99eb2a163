"""The engine's Markdown dialect lives in one module: ``edition.render.dialect``.

A renderer that wrote Material or pymdownx syntax itself would make an engine change touch many
files; this test reads the renderers' source and names any line that does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.render import dialect

RENDER = Path(__file__).resolve().parent.parent / "scripts" / "edition" / "render"

# Syntax of the dialect, as it would appear in a renderer's string literals.
PATTERNS = {
    "attribute list": re.compile(r"\{\{? ?[#.][\w-]"),
    "admonition or details": re.compile(r"(!!!|\?\?\?)\+? \w"),
    "content tab": re.compile(r'=== \\?"'),
    "front matter hide": re.compile(r"[\"']hide:"),
    "footnote marker": re.compile(r"\"\[\^|'\[\^|f\"\[\^"),
    "md_in_html": re.compile(r" markdown>"),
    "button": re.compile(r"md-button"),
    "annotate": re.compile(r"\.annotate"),
    "footnote placeholder": re.compile(r"Footnotes Go Here"),
}


def _renderers() -> list[Path]:
    # markup.py neutralises syntax in editorial text (escaping); it writes none.
    return sorted(p for p in RENDER.glob("*.py") if p.name not in ("dialect.py", "markup.py"))


@pytest.mark.parametrize("path", _renderers(), ids=lambda p: p.name)
def test_renderers_write_no_dialect_syntax(path: Path) -> None:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for name, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append(f"{path.name}:{number}: {name}: {line.strip()}")
    assert not found, "engine syntax outside dialect.py:\n" + "\n".join(found)


def test_patterns_find_what_they_look_for() -> None:
    # The scanner itself must be able to fail: each pattern matches the dialect's own output.
    samples = {
        "attribute list": f"x = '{dialect.attrs('pnum')}'",
        "admonition or details": dialect.admonition("info", "T", "b"),
        "content tab": repr(dialect.tab("A", "b")),
        "front matter hide": repr("hide:"),
        "footnote marker": repr(dialect.footnote_ref(1)),
        "md_in_html": dialect.html_block_open("div", "x"),
        "button": dialect.button("b", "t"),
        "annotate": "." + dialect.ANNOTATE,
        "footnote placeholder": dialect.FOOTNOTES_HERE,
    }
    for name, sample in samples.items():
        assert PATTERNS[name].search(sample), name


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        (dialect.attrs("para", "annotate", ident="p3"), "{ #p3 .para .annotate }"),
        (dialect.attrs("pnum", title="Link to ¶3"), '{ .pnum title="Link to ¶3" }'),
        (dialect.heading(2, "Intro", "intro"), "## Intro { #intro }"),
        (dialect.button("Read", "a/index.md", primary=True), "[Read](a/index.md){ .md-button .md-button--primary }"),
        (dialect.link("x", "t.md", "T", "mention"), '[x](t.md "T"){ .mention }'),
        (dialect.link_open() + "x" + dialect.link_close("t.md", "T", "mention"), '[x](t.md "T"){ .mention }'),
        (dialect.admonition("quote", "Cite", "a\nb", collapsible=True, open_box=True), '???+ quote "Cite"\n\n    a\n    b\n'),
        (dialect.admonition("info", "I", "a"), '!!! info "I"\n\n    a\n'),
        (dialect.tab("RIS", dialect.code_block("text", "TY  - JOUR")), '=== "RIS"\n\n    ``` text\n    TY  - JOUR\n    ```'),
        (dialect.footnote_def(2, "note"), "[^2]: note"),
        (dialect.annotation_list(["one", "two\nlines"]), "1.  one\n2.  two\n    lines"),
        ("\n".join(dialect.front_matter(hide=["navigation", "toc"])), "---\nhide:\n  - navigation\n  - toc\n---\n"),
        ("\n".join(dialect.front_matter()), ""),
    ],
)
def test_dialect_writes(made: str, expected: str) -> None:
    assert made == expected
