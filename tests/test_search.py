"""The search records (``edition.search``) and the index writer (``edition.search_index``).

What a reader gets from them is tested in Chromium (tests/browser/test_search.py); here: what
each record holds, the names table, and that the written index is the same from run to run.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from edition import search, search_index
from edition.edition import Edition


@pytest.mark.parametrize(
    ("text", "folded"),
    [("CALDERÓN", "calderon"), ("  Mérida  Initiative ", "merida initiative"), ("Peña Nieto", "pena nieto"), ("PGR", "pgr")],
)
def test_fold_drops_accents_case_and_extra_spaces(text: str, folded: str) -> None:
    assert search.fold(text) == folded


def test_every_paragraph_is_a_record_at_its_fragment(edition: Edition) -> None:
    doc = edition.documents[0]
    paper = [r for r in search.records(edition) if r.kind == search.PAPER]
    assert [r.url.rsplit("#", 1)[1] for r in paper] == [f"p{p.number}" for p in doc.text.paragraphs]
    first = doc.text.paragraphs[0]
    section = next(s for s in doc.text.sections if s.id == first.section)
    assert paper[0].url == f"{doc.spec.id}/{section.id}/#p1"
    assert paper[0].title == f"¶1 · {section.title}"
    assert paper[0].text.startswith(first.text)


def test_notes_questions_figures_and_entities_are_records_of_their_own(edition: Edition) -> None:
    records = search.records(edition)
    urls = {r.url for r in records}
    assert {f"questions/#{q.id}" for q in edition.questions} <= urls
    assert {f"funding/#{f.id}" for f in edition.funding} <= urls
    assert {f"actors/{a.id}/" for a in edition.actors} | {f"programs/{p.id}/" for p in edition.programs} <= urls
    assert len([r for r in records if r.kind == search.NOTES]) == len(edition.notes)
    assert all(r.url.split("#")[1].startswith("note-") for r in records if r.kind == search.NOTES)
    assert len(urls) == len(records), "two records share an address"


def test_a_name_in_parentheses_is_known_by_both_parts(edition: Edition) -> None:
    table = search.names(edition)["names"]
    assert isinstance(table, dict)
    assert table["pgr"] == "actors/pgr/"
    assert table["office of the attorney general of mexico"] == "actors/pgr/"
    assert table["beyond merida"] == "programs/beyond-merida/"


def test_record_html_escapes_what_it_holds() -> None:
    record = search.Record("x/#p1", search.PAPER, 'A "title", <b>', "Paper", text="AT&T <script>alert(1)</script>")
    html = record.html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'data-title="A &quot;title&quot;, &lt;b&gt;"' in html


def test_plain_keeps_link_texts_and_drops_markup() -> None:
    assert search.plain("See [the *report*](../sources.md#x) and **this**.") == "See the report and this."


def test_a_hand_written_page_is_searched_by_its_article_text() -> None:
    built = '<html><body><nav>Menu</nav><article class="md-content__inner"><h1 id="a">About <a class="headerlink" href="#a">¶</a></h1><p>Some words.</p><script>x()</script></article></body></html>'
    record = search.page("about/", built)
    assert (record.title, record.text, record.kind) == ("About", "About Some words.", search.PAGES)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_is_the_same_from_run_to_run_and_its_filters_are_sorted(edition: Edition, tmp_path: Path) -> None:
    runs = []
    for i in range(3):  # Pagefind orders filter values at random: three runs show it
        site = tmp_path / str(i)
        site.mkdir()
        search_index.write(edition, site)
        runs.append(_tree(site / "pagefind"))
    assert runs[0] == runs[1] == runs[2]
    (name,) = [n for n in runs[0] if n.startswith("filter/")]
    data = gzip.decompress(runs[0][name])
    positions = [data.index(kind.encode()) for kind in sorted(search.FILTERS[:-1])]
    assert positions == sorted(positions), "filter values are not in sorted order"
    entry = json.loads(runs[0]["pagefind-entry.json"])
    assert f"pagefind.{entry['languages']['en']['hash']}.pf_meta" in runs[0]
    assert not any(n.startswith("pagefind-ui") for n in runs[0]), "Pagefind's own interface is not used"


def test_a_failing_indexer_is_reported(edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "executable", lambda: Path("/bin/false"))
    with pytest.raises(search_index.SearchIndexError, match="pagefind failed"):
        search_index.write(edition, tmp_path)
