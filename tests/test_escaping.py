"""Escaping at the mechanism: ``edition.escape`` (one function per context) and a property test
over the schema: whatever text the schema accepts, no page carries markup the site did not write.

The property test poisons string fields of the mini project with hostile text (fragments of
HTML, Markdown, pymdownx block syntax, URL tricks and invisible characters), runs the generator
and renders every page's Markdown with the extensions of ``mkdocs.yml`` (no MkDocs build per
example, so it stays fast); the nav titles and the front matter, which Material prints itself,
are judged as Material prints them. The hostile fixtures (``tests/fixtures/hostile``) are the
full builds of the same payloads (``test_bad_inputs.py::test_hostile_input_builds_as_inert_text``).
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from edition import pipeline, render
from edition.escape import html_attr, html_text, md_block, md_inline, template_text, url, yaml_str
from edition.problems import EditionError
from inert import foreign_markup
from miniproject import ROOT, make_project

# ── Each context on its own ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/",
        "#p3",
        "../sources.md#x",
        "sources.md",
    ],
)
def test_url_passes_web_addresses_and_site_relative_paths(value: str) -> None:
    assert url(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "mailto:x@example.org",
        "//evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "/absolute/path",
        "https://",
        "https:///path-without-host",
        "http://example.org:99999/",
        "javascript&#58;alert(1)",
        "https://example.org/\u202e",
        "https://example.org/a b",
        "",
    ],
)
def test_url_refuses_everything_else(value: str) -> None:
    assert url(value) is None


def test_url_encodes_what_would_end_a_markdown_link() -> None:
    assert url("https://example.org/a(b)'\"<x>{y}") == "https://example.org/a%28b%29%27%22%3Cx%3E%7By%7D"


def test_html_contexts() -> None:
    assert html_text('<b a="1">&') == '&lt;b a="1"&gt;&amp;'
    assert html_attr('x" onmouseover="y') == "x&quot; onmouseover=&quot;y"
    assert html_attr("[a](b) `c`\nd") == "&#91;a&#93;(b) &#96;c&#96; d"


def test_md_inline_is_one_line_of_plain_text() -> None:
    assert md_inline('Mara\n\n??? danger "x"\n    body') == 'Mara ??? danger "x" body'
    assert md_inline("*[Council]: x") == "\\*\\[Council\\]: x"
    assert md_inline("<img src=x>") == "&lt;img src=x&gt;"


def test_md_block_keeps_the_subset_and_neutralises_the_rest() -> None:
    kept = md_block("Some *emphasis*, `code` and a [link](https://example.org/).\n\n- a list")
    assert kept == "Some *emphasis*, `code` and a [link](https://example.org/).\n\n- a list"
    assert md_block("??? danger") == "&#63;?? danger"
    assert md_block("  !!! note") == "  &#33;!! note"
    assert md_block('=== "Tab"') == '&#61;== "Tab"'
    assert md_block("# Heading") == "&#35; Heading"
    assert md_block("text\n---") == "text\n&#45;--"
    assert md_block("![x](https://tracker.example/p.gif)") == "\\![x](https://tracker.example/p.gif)"
    assert md_block("*[Mexico]: re-titled") == "\\*[Mexico]: re-titled"
    assert md_block("*[a link](https://example.org/)*") == "*[a link](https://example.org/)*", "emphasis around a link stays"
    assert md_block("[x](//evil.example)") == "[x](#)"
    assert md_block("[x]( javascript:alert(1))") == "[x](#))"
    assert md_block("///Footnotes Go Here///") == "&#47;//Footnotes Go Here&#47;//"
    assert md_block("{ onclick=x }") == "\\{ onclick=x \\}"


def test_template_text_is_safe_as_html_and_after_striptags() -> None:
    value = template_text('</title><script>pwn()</script> & "q"')
    assert "<" not in value and '"' not in value
    assert "<" not in Markup(value).striptags(), "Material's <title> decodes entities again"
    assert Markup(value).striptags() == '‹/title›‹script›pwn()‹/script› & "q"'


def test_yaml_str_round_trips() -> None:
    for text in ['a "b" \\ c', "line\nbreak", "\u2028\x85", "— é"]:
        assert yaml.safe_load(f"k: {yaml_str(text)}") == {"k": text}


# ── The property: whatever the schema accepts renders inert ─────────────────────────────────────

FRAGMENTS = [
    '"',
    "'",
    "<",
    ">",
    "&",
    "\n",
    "\n\n",
    "    ",
    "<script>pwn(1)</script>",
    "<img src=x onerror=pwn(2)>",
    '" onmouseover="pwn(3)',
    "{ onclick=pwn(4) }",
    '{: onclick="pwn(5)" }',
    "[x](javascript:pwn(6))",
    "[x](//evil.example/)",
    "[x](data:text/html,pwn)",
    "![](https://tracker.example/p.gif)",
    "*[Council]: pwn",
    '??? danger "x"',
    '!!! note "x"',
    '=== "Tab"',
    "# H",
    "---",
    "///Footnotes Go Here///",
    "[^1]",
    "[^9]: pwn",
    "<details><summary>x</summary>",
    "</title><script>pwn(7)</script>",
    "&lt;script&gt;pwn(8)&lt;/script&gt;",
    "&#106;avascript:pwn(9)",
    "`",
    "*",
    "_",
    "|",
    "\\",
    "[r]: javascript:pwn(10)",
    "[r]",
    "<https://evil.example/>",
    "<javascript:pwn(11)>",
    " https://evil.example/x.png ",
    "<iframe src=//evil.example>",
    "<style>@import url(//evil.example)</style>",
    "Council",
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4)),
    min_size=1,
    max_size=6,
).map("".join)

FIELDS: list[tuple[str, tuple[str | int, ...]]] = [
    ("mini", ("document", "title")),
    ("mini", ("document", "subtitle")),
    ("mini", ("document", "publisher")),
    ("mini", ("document", "summary")),
    ("mini", ("document", "authors", 0, "family")),
    ("mini", ("document", "sections", 0, "title")),
    ("mini", ("document", "corrections", 2, "reason")),
    ("actors", ("actors", 0, "name")),
    ("actors", ("actors", 0, "description")),
    ("actors", ("actors", 0, "summary", 0, "text")),
    ("actors", ("actors", 1, "role")),
    ("actors", ("actors", 1, "relations", 0, "note")),
    ("programs", ("programs", 0, "summary", 0, "text")),
    ("programs", ("programs", 0, "description")),
    ("notes", ("notes", 0, "title")),
    ("notes", ("notes", 0, "body", 0, "text")),
    ("sources", ("sources", 1, "title")),
    ("sources", ("sources", 2, "note")),
    ("sources", ("sources", 2, "url")),
    ("funding", ("funding", 0, "label")),
    ("funding", ("funding", 0, "note", 0, "text")),
    ("questions", ("questions", 0, "theme")),
    ("questions", ("questions", 0, "hindsight", 0, "text")),
    ("events", ("events", 0, "title")),
    ("events", ("events", 0, "description")),
]


def _load_extensions() -> tuple[list[str], dict[str, Any]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = {k: v not in ("false", "False") if v in ("true", "false", "True", "False") else v for k, v in options.items()}
    return names, configs


def _pages_html(output: pipeline.Output, md: markdown.Markdown) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, page in output.pages.items():
        meta: dict[str, Any] = {}
        if page.startswith("---\n"):
            head, _, page = page[4:].partition("\n---\n")
            meta = yaml.safe_load(head) or {}
        md.reset()
        yield path, md.convert(page), meta


def _set(data: Any, pointer: tuple[str | int, ...], value: str) -> None:
    for part, following in itertools.pairwise(pointer):
        if isinstance(data, dict) and part not in data and following == 0:
            # A claims field the fixture leaves out (a figure's note): one claim, on the record's own source.
            data[part] = [{"text": "", "sources": data["sources"][:1], "confidence": "high"}]
        data = data[part]
    data[pointer[-1]] = value


def _nav_titles(items: list[object]) -> Iterator[str]:
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                yield title
                if isinstance(value, list):
                    yield from _nav_titles(value)


def _judge_template_value(value: str, where: str) -> list[str]:
    """A value Material prints raw as HTML, inside a quoted attribute, and through ``striptags``."""
    problems = []
    if "<" in value or '"' in value:
        problems.append(f"{where}: raw {value!r}")
    if "<" in Markup(value).striptags():
        problems.append(f"{where}: '<' after striptags in {value!r}")
    return problems


@pytest.mark.slow
def test_whatever_the_schema_accepts_renders_inert() -> None:
    base_dir = Path(tempfile.mkdtemp(prefix="escaping-"))
    try:
        project = make_project(base_dir / "project")
        originals = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in (project / "annotations").glob("*.yml")}
        names, configs = _load_extensions()
        md = markdown.Markdown(extensions=names, extension_configs=configs)
        tally = {"accepted": 0, "refused": 0}

        @settings(
            max_examples=120,  # at 60: 20 accepted alone, 10 in the suite (Hypothesis draws constants from loaded modules)
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            database=None,
            derandomize=True,
            phases=[Phase.generate],
        )
        @given(st.dictionaries(st.sampled_from(range(len(FIELDS))), hostile, min_size=1, max_size=8))
        def check(poison: dict[int, str]) -> None:
            files = {stem: yaml.safe_load(yaml.safe_dump(data)) for stem, data in originals.items()}
            for index, text in poison.items():
                stem, pointer = FIELDS[index]
                _set(files[stem], pointer, ("https://example.org/" + text) if pointer[-1] == "url" else text)
            for stem, data in files.items():
                (project / "annotations" / f"{stem}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            try:
                output = pipeline.build(project, "https://example.org/")
            except EditionError:
                tally["refused"] += 1
                return
            tally["accepted"] += 1
            found: list[str] = []
            for path, html, meta in _pages_html(output, md):
                found += [f"{path}: {f}" for f in foreign_markup(html, content_only=True)]
                for key in ("title", "description"):
                    if key in meta:
                        found += _judge_template_value(str(meta[key]), f"{path} front matter {key}")
            for title in _nav_titles(output.nav):
                found += _judge_template_value(title, "nav title")
            assert not found, f"{poison!r}:\n" + "\n".join(found)

        check()
        # The property means something only if most poisoned inputs are accepted and rendered.
        assert tally["accepted"] >= 20, tally
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


def test_nav_titles_from_the_inputs_go_through_template_text(output: pipeline.Output) -> None:
    titles = list(_nav_titles(render.nav(output.edition)))
    assert titles and all(t == template_text(t) or t == template_text(Markup(t).unescape()) for t in titles)
