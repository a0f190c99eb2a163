"""Bad input, end to end: every case in ``tests/fixtures/bad/`` fails with its exact located message.

Each case is the mini project (``tests/fixtures/mini``) with one or two files replaced (see
``tests/miniproject.py``), and an ``expected.txt`` holding the ``path:line:col: message`` lines it
must produce. Each case runs through the two doors an editor uses:

- ``python -m edition check`` (what ``make check`` runs): exit 1, exactly the expected error lines,
  no traceback;
- a strict MkDocs build (``mkdocs build --strict``): non-zero exit, the message, no traceback;
  and, for a sample of eight cases (the swap does not depend on the mistake), through
  ``python -m edition build`` (what ``make build`` runs), which must also leave a ``site/`` that
  existed before untouched (no half-written output).

The cases in ``tests/fixtures/hostile/`` are the other way round: hostile but valid input that must
build, with the hostile part arriving as inert text.

After an intended change of wording: ``pytest tests/test_bad_inputs.py --update-goldens`` rewrites
every ``expected.txt``; review the diff.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import mkdocs_build
from edition import outdir
from inert import foreign_markup
from miniproject import cases, expected_lines, make_project, run_edition

BAD = cases("bad")
HOSTILE = cases("hostile")
LOCATED = re.compile(r"^\S+:\d+:\d+: (?!warning: )")
"""An error line as the CLI prints it (warnings have ``warning:`` after the location)."""


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if LOCATED.match(line)]


def test_enough_cases() -> None:
    assert len(BAD) >= 22, [c.name for c in BAD]
    for case in BAD:
        assert expected_lines(case), f"{case.name}/expected.txt is empty"


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_check_reports_exactly_the_expected_lines(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    project = make_project(tmp_path / "project", case)
    result = run_edition(project, "check")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    if request.config.getoption("--update-goldens"):
        (case / "expected.txt").write_text("\n".join(error_lines(result.stderr)) + "\n", encoding="utf-8")
    # Every expected line, and no other error: one mistake should be reported once, not cascade.
    assert error_lines(result.stderr) == expected_lines(case), result.stderr
    assert result.stderr.rstrip().splitlines()[-1].endswith("warning(s)"), "the report ends with the count"


@pytest.mark.slow
@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_strict_build_fails_with_the_message(case: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", case)
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for line in expected_lines(case):
        assert line in output, f"{line!r} missing from the build output:\n{output}"
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.html")), "no pages from a failed build"


# The swap in `edition build` does not depend on which mistake stopped the build, so a sample of
# stages is enough: the loader, the schema, references, anchors, corrections, a missing text.
SWAP_CASES = [
    "yaml-syntax-error",
    "python-object-tag",
    "invalid-utf8",
    "bad-enum-value",
    "unknown-reference",
    "anchor-quote-ambiguous",
    "correction-not-found",
    "missing-text-file",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", SWAP_CASES)
def test_failed_build_keeps_the_old_site(name: str, tmp_path: Path) -> None:
    case = next(c for c in BAD if c.name == name)
    project = make_project(tmp_path / "project", case)
    site = project / "site"
    site.mkdir()
    (site / "sentinel.txt").write_text("the previous build\n", encoding="utf-8")
    outdir.mark(site)  # the previous build's output
    result = run_edition(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for line in expected_lines(case):
        assert line in output, output
    assert "site/ left as it was" in output, output
    assert sorted(p.name for p in site.iterdir()) == [outdir.OWNER_MARK, "sentinel.txt"]
    assert (site / "sentinel.txt").read_text(encoding="utf-8") == "the previous build\n"
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site")]
    assert not leftovers, f"staging folders left behind: {leftovers}"


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    case = next(c for c in BAD if c.name == "python-object-tag")
    payload = case / "annotations" / "events.yml"
    # The payload is live: an unsafe loader would run it (here, in a scratch folder of its own).
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    unsafe = "import sys, yaml; yaml.unsafe_load(open(sys.argv[1], encoding='utf-8'))"
    subprocess.run([sys.executable, "-c", unsafe, str(payload)], cwd=scratch, check=True, capture_output=True)
    assert (scratch / "pwned-by-yaml").exists(), "the payload should prove itself under an unsafe loader"
    # The edition's loader refuses it, through check and through a build, and nothing runs.
    project = make_project(tmp_path / "project", case)
    assert run_edition(project, "check").returncode == 1
    assert run_edition(project, "build").returncode != 0
    assert mkdocs_build(project, tmp_path / "site").returncode != 0
    assert not list(tmp_path.rglob("project/**/pwned-by-yaml")) and not (project / "pwned-by-yaml").exists()


def test_mini_project_is_clean_and_check_ends_with_the_anchor_report(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = run_edition(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "the mini project must pass without warnings"
    lines = result.stdout.splitlines()
    assert lines[0] == "ok: 1 document(s), 6 paragraphs, 2 actors, 1 programs, 3 sources"
    assert lines[1] == "anchors resolved: 1 funding, 1 note, 1 question; mentions: 8 (6 linked)"
    assert re.fullmatch(r"checked in \d+\.\d\d s", lines[2])


def test_an_empty_kind_file_means_no_records(tmp_path: Path) -> None:
    """Only the schema line: a project without events is valid (a document file may not be empty)."""
    project = make_project(tmp_path / "project")
    (project / "annotations" / "events.yml").write_text("# yaml-language-server: $schema=../schemas/events.schema.json\n")
    result = run_edition(project, "check")
    assert result.returncode == 0, result.stderr


# ── Hostile but valid input ────────────────────────────────────────────────────────────────────


class _Attributes(HTMLParser):
    """Every element with its attributes, and the text inside ``<script>`` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


SAFE_URL = re.compile(r"^(https?://|mailto:|#|[^:]*$)", re.IGNORECASE)


@pytest.fixture(scope="module", params=HOSTILE, ids=[c.name for c in HOSTILE])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    case: Path = request.param
    base = tmp_path_factory.mktemp(case.name)
    project = make_project(base / "project", case)
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    return case, base / "site"


def test_hostile_input_builds_as_inert_text(hostile_site: tuple[Path, Path]) -> None:
    case, site = hostile_site
    visible = ""
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script>\s*alert", html, re.IGNORECASE), f"{page}: a script from the annotations"
        assert not foreign_markup(html), f"{page.relative_to(site)}: {foreign_markup(html)}"
        parser = _Attributes()
        parser.feed(html)
        for tag, attrs in parser.elements:
            for name, value in attrs.items():
                where = f"{page.relative_to(site)}: <{tag} {name}={value!r}>"
                assert "alert(" not in value, where
                if name in ("href", "src", "action", "formaction", "data", "poster"):
                    assert SAFE_URL.match(re.sub(r"[\s\x00-\x1f]+", "", value)), where
        assert not any("alert(" in s for s in parser.scripts), f"{page}: alert( inside a script element"
        visible += " " + re.sub(r"\s+", " ", "".join(parser.text))
    # The hostile text is still there, as text: the note was rendered, not dropped.
    for line in expected_lines(case):
        assert line in visible, f"{line!r} is not shown as text anywhere"


# Link targets a browser would run, in the spellings Markdown accepts; each must come out inert.
HOSTILE_MARKDOWN = [
    "[a](javascript:alert(1))",
    "[a]( javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java\nscript:alert(1))",
    "[a](java\tscript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](javascript:alert(1) 'title')",
    "![a](javascript:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD4=)",
    "[a](vbscript:msgbox(1))",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a][r]\n\n   [r]:\n   javascript:alert(1)",
    "[a][r]\n\n[r]: <javascript:alert(1)>",
    "<a href='javascript:alert(1)'>a</a>",
    "<javascript:alert(1)>",
    "[a](javascript&#58;alert(1))",
]


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_editorial_markdown_cannot_link_to_script(source: str) -> None:
    import markdown

    from edition.render.markup import inline_markdown, safe_markdown

    for prepared in (safe_markdown(source), inline_markdown(source)):
        html = markdown.markdown(prepared, extensions=["attr_list", "md_in_html", "footnotes", "tables", "abbr"])
        parser = _Attributes()
        parser.feed(html)
        for tag, attrs in parser.elements:
            for name in ("href", "src"):
                if name in attrs:
                    assert SAFE_URL.match(re.sub(r"[\s\x00-\x1f]+", "", attrs[name])), f"{source!r} -> <{tag} {name}={attrs[name]!r}>"
        assert not any(tag in ("script", "iframe", "object", "embed") for tag, _ in parser.elements), html
