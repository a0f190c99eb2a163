"""Claim-level sourcing, honest totals and complete sources: the checks of the scholarly review.

Each test fails on the fault it names: a claim without a source, a total that counts a figure the
editors do not hold firmly without saying "about ... (estimated)", a hindsight dated before the
events it states, a source a scholar could not find again. The page tests read the built HTML,
what a reader gets.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from edition import pipeline
from edition.edition import Edition
from edition.render.indexes import is_firm, total_text, totals_by_program, totals_by_program_year
from edition.schema import Claim, Question, cited_ids, claims_of, date_bounds
from sitehtml import read_page

WEB_TYPES = {"webpage", "entry-encyclopedia"}


def _records(edition: Edition) -> list[object]:
    specs = [d.spec for d in edition.documents]
    return [*specs, *edition.actors, *edition.programs, *edition.funding, *edition.questions, *edition.notes]


# ── Claims ────────────────────────────────────────────────────────────────────
def test_a_claim_without_a_source_or_confidence_is_rejected() -> None:
    with pytest.raises(ValidationError, match="at least 1 item"):
        Claim(text="Something happened.", sources=[], confidence="high")
    with pytest.raises(ValidationError, match="confidence"):
        Claim.model_validate({"text": "Something happened.", "sources": ["x"]})


def test_every_claim_cites_sources_that_exist(edition: Edition) -> None:
    known = {s.id for s in edition.sources}
    claims = [c for r in _records(edition) for c in claims_of(r)]  # type: ignore[arg-type]
    assert len(claims) > 150
    for claim in claims:
        assert claim.source_ids(), claim.text
        assert set(claim.source_ids()) <= known, claim.text


def test_every_editorial_text_is_made_of_claims(edition: Edition) -> None:
    # Summaries, notes and hindsights are claim lists: no record says something without sources.
    for r in [*edition.actors, *edition.programs, *edition.notes]:
        assert claims_of(r), r.id
    for q in edition.questions:
        assert q.status == "open" or claims_of(q), q.id


def test_sources_are_cited_through_claims(edition: Edition) -> None:
    # A source cited only inside a claim still counts as cited (the bibliography lists it).
    for r in _records(edition):
        for sid in cited_ids(r):  # type: ignore[arg-type]
            assert edition.cited_by.get(sid), sid


# ── Hindsight dates ──────────────────────────────────────────────────────────
def test_no_hindsight_is_dated_before_the_events_it_states(edition: Edition) -> None:
    for q in edition.questions:
        dated = [c.date for c in q.hindsight if c.date]
        if q.hindsight:
            assert q.hindsight_date, q.id
        for date in dated:
            assert date_bounds(date)[0] <= date_bounds(q.hindsight_date or "")[1], (q.id, date, q.hindsight_date)


def test_a_hindsight_dated_too_early_is_rejected() -> None:
    question = {
        "id": "q",
        "anchor": {"quote": "Will it work?"},
        "theme": "t",
        "status": "answered",
        "hindsight": [{"text": "It failed in 2013.", "sources": ["s"], "confidence": "high", "date": "2013-04-17"}],
        "hindsight_date": "2012",
    }
    with pytest.raises(ValidationError, match="earlier than hindsight 1,"):
        Question.model_validate(question)
    Question.model_validate({**question, "hindsight_date": "2013"})  # the year covers the day


def test_the_gun_control_question_reads_as_its_sources_say(edition: Edition) -> None:
    q = next(q for q in edition.questions if q.id == "obama-gun-control")
    text = " ".join(c.text for c in q.hindsight)
    assert q.status == "partly-answered"
    assert "2004" in text and "40 votes to 60" in text
    assert "worked instead" not in text  # the causal claim no source makes is gone
    assert all(c.confidence == "high" for c in q.hindsight)
    assert q.hindsight_date and q.hindsight_date >= max(c.date or "" for c in q.hindsight)


# ── Totals ───────────────────────────────────────────────────────────────────
def test_totals_count_unsure_figures_only_as_estimates(edition: Edition) -> None:
    totals = totals_by_program_year(edition)
    by_id = {f.id: f for f in edition.funding}
    for total in [*totals.values(), *totals_by_program(totals).values()]:
        firm = all(is_firm(by_id[i]) for i in total.figures)
        assert total.estimated is not firm
        assert total_text(total).startswith("about ") is not firm
        assert total_text(total).endswith("(estimated)") is not firm


def test_the_fy2010_estimate_is_dated_by_its_act_and_labelled(edition: Edition) -> None:
    f = next(f for f in edition.funding if f.id == "pl-111-117-mexico-fy2010")
    assert f.estimate and f.confidence != "high"
    assert f.as_of == "2009-12-16"  # the date the act gives, not the CRS report's
    assert f.act == "P.L. 111-117"
    assert totals_by_program_year(edition)[("merida-initiative", 2010)].estimated


def test_every_figure_names_the_act_or_document_that_set_it(edition: Edition) -> None:
    dates = {s.id: s.date for s in edition.sources}
    for f in edition.funding:
        if f.status == "appropriated":
            assert f.act, f.id
        else:
            assert f.act or f.sources, f.id
        if not f.act and f.sources and dates.get(f.sources[0]):
            # A figure cannot hold before the document that gives it was written... but it may
            # be dated earlier (the day a release happened): only a later date would be wrong.
            assert date_bounds(f.as_of)[0] <= date_bounds(dates[f.sources[0]] or "")[1], f.id


def test_funding_page_table_chart_and_data_files_say_estimated(output: pipeline.Output, edition: Edition) -> None:
    page = output.pages["funding/index.md"]
    fy2010 = next(line for line in page.splitlines() if line.startswith("|") and "FY2010 |" in line)
    assert "about US$375 million (estimated)" in fy2010
    assert re.search(r"all years\*\* \| \*\*about US\$1\.\d+ billion \(estimated\)", page)
    assert "about $375M (estimated)" in output.files["assets/funding-chart.svg"].decode()
    rows = list(csv.DictReader(io.StringIO(output.files["data/funding.csv"].decode())))
    row = next(r for r in rows if r["id"] == "pl-111-117-mexico-fy2010")
    assert (row["estimate"], row["confidence"], row["set_by"], row["as_of"]) == ("true", "medium", "P.L. 111-117", "2009-12-16")
    totals = json.loads(output.files["data/edition.json"])["funding_totals"]
    assert {(t["fiscal_year"], t["estimated"]) for t in totals} >= {(2008, False), (2010, True)}


# ── Sources ──────────────────────────────────────────────────────────────────
def test_every_source_can_be_found_again(edition: Edition) -> None:
    for s in edition.sources:
        assert s.title and (s.author or s.publisher), s.id
        assert s.date or "undated" in (s.note or "").lower(), s.id
        if s.type in WEB_TYPES:
            assert s.url, s.id
        if s.url:
            assert s.accessed, f"{s.id}: a source read on the web needs its access date"


def test_one_entry_per_version_of_a_report(edition: Edition) -> None:
    seen: dict[tuple[str, str], str] = {}
    for s in edition.sources:
        if s.version_of:
            key = (s.version_of, s.date or "")
            assert key not in seen, f"{s.id} and {seen[key]} are the same version"
            seen[key] = s.id


# ── What the reader sees ─────────────────────────────────────────────────────
def test_markers_follow_each_claim_and_link_to_its_source(built_site: Path) -> None:
    html = (built_site / "questions" / "index.html").read_text(encoding="utf-8")
    block = html[html.index('id="obama-gun-control"') :][:20000]
    markers = re.findall(r'<sup class="claim-ref claim-(\w+)[^"]*" title="([^"]*)">(.*?)</sup>', block)
    assert len(markers) >= 4
    assert all(conf == "high" for conf, _, _ in markers[:4])
    assert "../sources/#latimes-2013-04-17-feinstein" in block
    assert "slippery" not in block  # quotes of other records do not leak in
    text = read_page(built_site / "questions" / "index.html").text
    assert "Obama was re-elected in 2012.1" in text  # the number follows the sentence


def test_weak_claims_show_a_question_mark(built_site: Path) -> None:
    html = (built_site / "questions" / "index.html").read_text(encoding="utf-8")
    weak = re.findall(r'<sup class="claim-ref claim-(?:medium|low)[^>]*>.*?</sup>', html)
    assert weak and all('class="claim-flag"' in m and ">?</span>" in m for m in weak)


def test_the_paper_text_carries_no_claim_markers(edition: Edition, built_site: Path) -> None:
    # Markers follow editorial sentences only (test_site checks every sentence of the paper is
    # on its page uninterrupted); the notes beside ¶9 carry markers, the paragraph does not.
    html = (built_site / "arzt-2009" / "gun-control" / "index.html").read_text(encoding="utf-8")
    start = html.index('id="p9"')
    paragraph = html[start : html.index("</p>", start)]
    assert "claim-ref" not in paragraph
    assert "claim-ref" in html[html.index("</p>", start) :]


def test_headnote_names_the_authors_office_and_position(built_site: Path) -> None:
    text = read_page(built_site / "arzt-2009" / "index.html").text
    assert "Headnote" in text
    assert "December 2006 to April 2009" in text and "Public Policy Scholar" in text
    assert "24 September 2009" in text


def test_a_lone_programs_chart_says_each_total_once(output: pipeline.Output) -> None:
    """With one program the bar is the program: its amount stands once, above the bar, and no
    one-entry legend repeats the heading (a reader saw "$352M" twice on each bar)."""
    svg = output.files["assets/funding-chart.svg"].decode()
    shown = re.findall(r">([^<>]*\$[\d,]+M[^<>]*)<", svg)
    assert sorted(shown) == sorted(set(shown)), shown
    assert "$352M" in shown and "Mérida Initiative" not in svg
