"""The editorial layer is complete, with the text as judge.

Each test reads the paper, not a list kept by hand: every question it asks, every figure it
states, every entity it names must have its record, and every record must cite a source.
"""

from __future__ import annotations

import re

from edition.edition import Edition
from edition.sentences import sentences

MONEY_OR_SHARE = re.compile(r"(?:US\$|\$)\s?\d[\d,.]*(?:\s(?:million|billion))?|\d+(?:\.\d+)?\s?(?:percent|%)")


def test_every_question_the_paper_asks_has_a_record(edition: Edition) -> None:
    for d in edition.documents:
        asked = [(p.number, s) for p in d.text.paragraphs for s in sentences(p.text) if s.rstrip("\"'”").endswith("?")]
        assert len(asked) == 10
        covered = {
            (span.paragraph, span.exact) for (kind, _), span in edition.anchors.items() if kind == "question" and span.doc == d.spec.id
        }
        missing = [(n, s) for n, s in asked if not any(n == cn and (s in q or q in s) for cn, q in covered)]
        assert missing == [], "questions without a record"


def test_every_amount_or_percentage_in_the_paper_has_a_funding_record(edition: Edition) -> None:
    for d in edition.documents:
        figures = [(p.number, m.start(), m.end()) for p in d.text.paragraphs for m in MONEY_OR_SHARE.finditer(p.text)]
        assert figures, "the paper states at least one figure"
        spans = [s for (kind, _), s in edition.anchors.items() if kind == "funding" and s.doc == d.spec.id]
        for number, start, end in figures:
            assert any(s.paragraph == number and s.start <= start and end <= s.end for s in spans), (
                number,
                d.text.paragraph(number).text[start:end],
            )


def test_every_entity_is_named_in_the_text_or_marked_implied(edition: Edition) -> None:
    mentioned = {m.entity for m in edition.mentions}
    for entity in (*edition.actors, *edition.programs):
        assert entity.id in mentioned or entity.implied, entity.id


def test_every_record_cites_a_source(edition: Edition) -> None:
    records = [*edition.actors, *edition.programs, *edition.funding, *edition.questions, *edition.notes, *edition.events]
    assert [r.id for r in records if not r.sources] == []


def test_every_source_is_cited_and_complete(edition: Edition) -> None:
    for source in edition.sources:
        assert edition.cited_by.get(source.id), f"{source.id} is cited by nothing"
        assert source.title and (source.author or source.publisher), source.id
        # Undated web pages say so rather than carry an invented date.
        assert source.date or "undated" in (source.note or "").lower(), source.id
        assert source.url or source.note, source.id


def test_questions_carry_hindsight_and_open_ones_say_what_would_settle_them(edition: Edition) -> None:
    for q in edition.questions:
        # An open question may have no hindsight (the sources say nothing yet); context that
        # predates the paper is not hindsight and belongs in a note.
        assert q.status == "open" or (q.hindsight and q.hindsight_date), q.id
        if q.hindsight:
            assert q.hindsight_date, q.id
        if q.status in ("open", "partly-answered"):
            assert q.evidence, q.id


def test_at_least_twelve_notes_all_anchored(edition: Edition) -> None:
    assert len(edition.notes) >= 12
    assert all(("note", n.id) in edition.anchors for n in edition.notes)
