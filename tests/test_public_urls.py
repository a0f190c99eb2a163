"""Public URLs are a contract: no address or fragment that was published may stop working.

``tests/public_urls.txt`` lists every public URL of the real site, one a line: pages (sections,
entity pages, index pages), the fragments people link to (``#pN`` paragraphs, ``#fn:N`` footnotes,
``#q-<id>`` questions in the text, record ids on the funding, questions, timeline and sources pages,
section ids on the print page) and the data files. The test builds the site and fails, listing
them, if any listed URL no longer resolves; a URL may resolve through a redirect page, fragment
included. New URLs are fine; the run reports them as a skip with the command that adds them:

    .venv/bin/python -m pytest tests/test_public_urls.py --update-goldens

which rewrites the list from the build (keeping listed URLs that still resolve); review the diff.
A section id is retired with ``redirects: [{old, new}]`` in ``annotations/<doc>.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from click.testing import CliRunner

from conftest import mkdocs_build
from edition import cli, pipeline
from edition.edition import Edition
from edition.problems import EditionError
from edition.render.changes import release_id
from miniproject import copy_real_project
from sitehtml import read_page

GOLDEN = Path(__file__).parent / "public_urls.txt"
UPDATE = ".venv/bin/python -m pytest tests/test_public_urls.py --update-goldens"
PUBLIC_FRAGMENT = re.compile(r"^(p\d+|fn:\d+|fnref\d*:\d+|(q|note)-[a-z0-9]+(-[a-z0-9]+)*)$")
"""Fragments that are public wherever they appear: paragraphs, footnotes, questions in the text,
editorial notes (``#note-<id>``, beside their paragraph)."""
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)


def record_fragments(edition: Edition) -> dict[str, set[str]]:
    """Page URL -> the record ids that are public fragments on that page."""
    out = {
        "/funding/": {f.id for f in edition.funding},
        "/questions/": {q.id for q in edition.questions},
        "/timeline/": {e.id for e in edition.events},
        "/sources/": {s.id for s in edition.sources},
        "/changes/": {release_id(r.version) for r in (edition.info.releases if edition.info else [])},
    }
    for d in edition.documents:
        out[f"/{d.spec.id}/print/"] = {s.id for s in d.text.sections} | {r.old for r in d.spec.redirects}
    return out


def page_url(site: Path, file: Path) -> str:
    """``<site>/arzt-2009/gun-control/index.html`` -> ``/arzt-2009/gun-control/``."""
    rel = file.relative_to(site).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel)


def public_urls(site: Path, edition: Edition) -> set[str]:
    """Every public URL and fragment of a built site."""
    records = record_fragments(edition)
    urls: set[str] = set()
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        url = page_url(site, file)
        if file.suffix == ".html":
            if url == "/404.html":
                continue
            urls.add(url)
            ids = read_page(file).ids
            urls |= {f"{url}#{i}" for i in ids if PUBLIC_FRAGMENT.match(i) or i in records.get(url, set())}
        elif url.startswith("/data/"):
            urls.add(url)
    return urls


def resolve(site: Path, url: str, hops: int = 5) -> Path | None:
    """The file that serves ``url`` (path only), following redirect pages; None if there is none."""
    for _ in range(hops):
        rel = url.lstrip("/")
        file = site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel
        if not file.is_file():
            return None
        if file.suffix != ".html":
            return file
        refresh = _REFRESH.search(file.read_text(encoding="utf-8"))
        if refresh is None:
            return file
        url = urljoin(url, refresh.group(1))
    return None


def unresolved(expected: Iterable[str], site: Path) -> list[str]:
    """The URLs of ``expected`` that ``site`` no longer serves (fragment included)."""
    ids: dict[Path, set[str]] = {}
    missing = []
    for url in sorted(expected):
        path, _, fragment = url.partition("#")
        file = resolve(site, path)
        if file is None:
            missing.append(url)
            continue
        if fragment:
            if file not in ids:
                ids[file] = read_page(file).ids if file.suffix == ".html" else set()
            if fragment not in ids[file]:
                missing.append(url)
    return missing


def read_golden() -> set[str]:
    if not GOLDEN.is_file():
        return set()
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


HEADER = f"""\
# Every public URL of the site: pages, linkable fragments and data files. A test fails if one stops
# working (a retired section id needs `redirects: [{{old, new}}]` in annotations/<doc>.yml).
# Regenerate (keeps listed URLs that still resolve; review the diff): {UPDATE}
"""


def test_no_public_url_disappeared(request: pytest.FixtureRequest, built_site: Path, edition: Edition) -> None:
    current = public_urls(built_site, edition)
    golden = read_golden()
    if request.config.getoption("--update-goldens"):
        kept = golden - set(unresolved(golden, built_site))
        dropped = sorted(golden - kept - current)
        GOLDEN.write_text(HEADER + "".join(f"{u}\n" for u in sorted(current | kept)), encoding="utf-8")
        if dropped:
            print(f"dropped {len(dropped)} URL(s) that no longer resolve:\n  " + "\n  ".join(dropped))
        return
    assert golden, f"{GOLDEN} is missing or empty; run {UPDATE}"
    missing = unresolved(golden, built_site)
    assert not missing, (
        f"{len(missing)} public URL(s) no longer resolve:\n  "
        + "\n  ".join(missing[:60])
        + "\nKeep the section's pinned id, or retire it with `redirects: [{old, new}]` in annotations/<doc>.yml."
        f" If removing them is really intended, run {UPDATE} and review the diff."
    )


def test_new_public_urls_are_listed(built_site: Path, edition: Edition) -> None:
    new = sorted(public_urls(built_site, edition) - read_golden())
    if new:
        pytest.skip(f"{len(new)} new public URL(s) not yet in tests/public_urls.txt (e.g. {new[0]}); add them: {UPDATE}")


def test_the_list_covers_every_kind_of_address(built_site: Path, edition: Edition) -> None:
    urls = public_urls(built_site, edition)
    expected = {"/", "/actors/", "/programs/", "/funding/", "/questions/", "/timeline/", "/sources/", "/about/", "/data/"}
    expected |= {"/data/edition.json", "/data/funding.csv", "/data/annotations.jsonld"}
    for d in edition.documents:
        doc = d.spec.id
        expected |= {f"/{doc}/", f"/{doc}/print/", f"/data/{doc}.bib", f"/{doc}/print/#{d.text.sections[0].id}"}
        for s in d.text.sections:
            expected.add(f"/{doc}/{s.id}/")
            expected |= {f"/{doc}/{s.id}/#p{n}" for n in s.paragraphs}
        for f in d.text.footnotes:
            section = d.text.section_of(f.paragraph).id
            expected |= {f"/{doc}/{section}/#fn:{f.number}", f"/{doc}/{section}/#fnref:{f.number}"}
    expected |= {f"/actors/{a.id}/" for a in edition.actors} | {f"/programs/{p.id}/" for p in edition.programs}
    expected |= {f"/questions/#{q.id}" for q in edition.questions} | {f"/timeline/#{e.id}" for e in edition.events}
    expected |= {f"/sources/#{s.id}" for s in edition.sources} | {f"/funding/#{f.id}" for f in edition.funding}
    assert sorted(expected - urls) == []
    # Theme furniture and headings derived from titles are not addresses anyone was promised.
    assert not [u for u in urls if "#__" in u or u.endswith("#sections")]


def test_every_cited_url_is_public(built_site: Path, edition: Edition) -> None:
    """What this version's citations name is in the list, so a later version must keep serving it:
    a URL cited under an earlier version keeps working."""
    from edition import citations

    cited = {
        t.url.removeprefix("https://road-ahead.example.org")
        for d in edition.documents
        for t in citations.targets(edition, d, "https://road-ahead.example.org/")
    }
    assert {u for u in cited if "#note-" in u}, "notes are citable"
    assert sorted(cited - read_golden()) == []
    assert unresolved(cited, built_site) == []


# ── Retiring a section id ──────────────────────────────────────────────────────────────────────


def edit_document(project: Path, doc_id: str, change: dict[str, object]) -> None:
    """Rewrite ``annotations/<doc>.yml`` with top-level keys of ``document`` replaced."""
    path = project / "annotations" / f"{doc_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["document"].update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.slow
def test_a_renamed_section_needs_a_redirect(root: Path, tmp_path: Path, built_site: Path, edition: Edition) -> None:
    """Rename two pinned ids in a copy: the one with a redirect keeps every URL, the other loses its own."""
    doc = edition.documents[0]
    doc_id = doc.spec.id
    kept, lost = doc.spec.sections[0], doc.spec.sections[1]
    sections = [s.model_dump(exclude_none=True) for s in doc.spec.sections]
    sections[0]["id"], sections[1]["id"] = f"{kept.id}-renamed", f"{lost.id}-renamed"
    redirects = [r.model_dump() for r in doc.spec.redirects] + [{"old": kept.id, "new": f"{kept.id}-renamed"}]
    project = copy_real_project(tmp_path / "project")
    edit_document(project, doc_id, {"sections": sections, "redirects": redirects})
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]

    missing = unresolved(public_urls(built_site, edition), site)
    lost_page = f"/{doc_id}/{lost.id}/"
    lost_urls = {u for u in public_urls(built_site, edition) if u.startswith(lost_page)} | {f"/{doc_id}/print/#{lost.id}"}
    assert lost_page in missing
    assert set(missing) == lost_urls, "only the section renamed without a redirect may lose its URLs"

    # The redirect page: sends readers (and search engines) on, and keeps the #pN fragment.
    html = (site / doc_id / kept.id / "index.html").read_text(encoding="utf-8")
    target = f"../{kept.id}-renamed/"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
    assert f'location.replace("{target}" + location.hash)' in html
    assert f'<link rel="canonical" href="https://road-ahead.example.org/{doc_id}/{kept.id}-renamed/">' in html
    assert f'href="{target}"' in html  # a plain link for readers without scripts
    first = doc.text.sections[[s.id for s in doc.text.sections].index(kept.id)].paragraphs[0]
    assert resolve(site, f"/{doc_id}/{kept.id}/") == site / doc_id / f"{kept.id}-renamed" / "index.html"
    assert f"/{doc_id}/{kept.id}/#p{first}" not in missing


def _problems_of(project: Path) -> list[str]:
    """What ``python -m edition check`` reports (the hook stops the build on the same problems)."""
    result = CliRunner().invoke(cli.main, ["check", "--root", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    with pytest.raises(EditionError):
        pipeline.check(project)
    return result.output.splitlines()


@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        (
            {"old": "gun-control-old", "new": "gun-contrl"},
            "redirect 1 new 'gun-contrl' is not a section id (did you mean 'gun-control'?)",
        ),
        ({"old": "gun-control", "new": "post-merida"}, "redirect 1 old 'gun-control' is still the id of a live section"),
        ({"old": "print", "new": "post-merida"}, "redirect 1 old 'print' is the address of another page"),
    ],
    ids=["new-is-not-a-section", "old-is-still-live", "old-is-another-page"],
)
def test_the_build_refuses_a_bad_redirect(root: Path, tmp_path: Path, redirect: dict[str, str], message: str) -> None:
    project = copy_real_project(tmp_path / "project")
    edit_document(project, "arzt-2009", {"redirects": [redirect]})
    problems = _problems_of(project)
    field = "new" if message.startswith("redirect 1 new") else "old"
    lines = (project / "annotations" / "arzt-2009.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.strip().lstrip("- ").startswith(f"{field}: {redirect[field]}"))
    col = lines[line - 1].index(redirect[field]) + 1
    assert any(p.startswith(f"annotations/arzt-2009.yml:{line}:{col}: {message}") for p in problems), problems


def test_a_section_cannot_take_the_address_of_another_page(root: Path, tmp_path: Path, edition: Edition) -> None:
    spec = edition.document("arzt-2009").spec
    project = copy_real_project(tmp_path / "project")
    sections = [s.model_dump(exclude_none=True) for s in spec.sections]
    sections[0]["id"] = "print"
    edit_document(project, "arzt-2009", {"sections": sections})
    assert any("'print' is the address of another page of the document" in p for p in _problems_of(project))


def test_every_listed_url_resolves_on_the_zensical_site(zensical_site: Path) -> None:
    missing = unresolved(read_golden(), zensical_site)
    assert not missing, f"{len(missing)} public URL(s) do not resolve on the Zensical site:\n  " + "\n  ".join(missing[:60])


def test_both_engines_publish_the_same_urls_and_fragments(built_site: Path, zensical_site: Path, edition: Edition) -> None:
    mkdocs_urls, zensical_urls = public_urls(built_site, edition), public_urls(zensical_site, edition)
    assert sorted(mkdocs_urls - zensical_urls) == []
    assert sorted(zensical_urls - mkdocs_urls) == []
