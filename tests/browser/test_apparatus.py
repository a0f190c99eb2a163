"""The apparatus beside the text, in Chromium: margin notes, highlights, fragments, touch and keys.

- Wide screens: each note stands in the column right of its paragraph, level with (or below) its
  passage; hovering or focusing either lights up the other. Narrow screens: notes follow the
  paragraph, folded to their titles, and open by tap.
- ``#note-<id>`` opens that note and brings it into view; a ``#pN`` on a page without ¶N goes
  to the right section (and without scripts shows a link there).
- A correction's source reading is reachable by keyboard focus (tooltip) and stands beside the
  paragraph for touch; a mention's description shows on keyboard focus.
- The ¶ number opens a panel with the paragraph's link and its citation in every offered format;
  a note's "Cite this note" opens the same panel for the note, and what it shows imports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
import rispy
from playwright.sync_api import expect
from pybtex.database import parse_string

from edition import citations, cslrender
from edition.edition import Edition
from edition.render.paper import doc_url

from .harness import PHONE, Tab

pytestmark = pytest.mark.browser

SITE_URL = "https://road-ahead.example.org/"


def first_note(edition: Edition) -> tuple[str, str, int]:
    """(section path, note id, ¶) of the first note of the paper."""
    doc = edition.documents[0]
    for p in doc.text.paragraphs:
        notes = edition.notes_in(doc.spec.id, p.number)
        if notes:
            return f"/{doc.spec.id}/{doc.text.section_of(p.number).id}/", notes[0].id, p.number
    raise AssertionError("the paper has no note")


def test_wide_screen_notes_stand_beside_their_passage_and_light_up_together(open_tab: Callable[..., Tab], edition: Edition) -> None:
    path, note_id, number = first_note(edition)
    tab = open_tab()
    page = tab.open(path)
    page.wait_for_load_state("load")
    note = page.locator(f"#note-{note_id}")
    passage = page.locator(f"#passage-{note_id}")
    paragraph = page.locator(f"#p{number}")
    n, s, p = note.bounding_box(), passage.bounding_box(), paragraph.bounding_box()
    assert n and s and p
    assert n["x"] >= p["x"] + p["width"], f"the note is not right of its paragraph: {n} {p}"
    assert s["y"] - 2 <= n["y"] <= s["y"] + 400, f"the note is not level with its passage: note {n['y']}, passage {s['y']}"
    note.hover()
    expect(passage).to_have_class(re.compile(r"\bis-active\b"))
    passage.hover()
    expect(note).to_have_class(re.compile(r"\bis-active\b"))
    # A folded note opens by keyboard (its summary is focusable) and still lights its passage.
    page.mouse.move(0, 0)
    note.locator("summary").focus()
    expect(passage).to_have_class(re.compile(r"\bis-active\b"))
    page.keyboard.press("Enter")
    expect(note).to_have_attribute("open", "")
    assert tab.problems() == []


def test_phone_notes_follow_their_paragraph_folded_and_open_by_tap(open_tab: Callable[..., Tab], edition: Edition) -> None:
    path, note_id, number = first_note(edition)
    tab = open_tab(**PHONE)
    page = tab.open(path)
    note = page.locator(f"#note-{note_id}")
    n, p = note.bounding_box(), page.locator(f"#p{number}").bounding_box()
    assert n and p and n["y"] >= p["y"] + p["height"] - 1, "on a phone the note follows its paragraph"
    body = note.locator("p").first
    expect(body).to_be_hidden()
    note.locator("summary").tap()
    expect(body).to_be_visible()


def test_a_note_fragment_opens_the_note_and_shows_it(open_tab: Callable[..., Tab], edition: Edition) -> None:
    path, note_id, _ = first_note(edition)
    for device in ({}, PHONE):
        tab = open_tab(**device)
        page = tab.open(f"{path}#note-{note_id}")
        page.wait_for_load_state("load")
        note = page.locator(f"#note-{note_id}")
        expect(note).to_have_attribute("open", "")
        expect(note).to_be_in_viewport()
        expect(note.locator("p").first).to_be_visible()


def test_a_paragraph_link_on_the_wrong_page_goes_to_the_right_section(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    last = doc.text.sections[-1]
    number = last.paragraphs[0]
    right = f"/{doc.spec.id}/{last.id}/"
    tab = open_tab()
    for wrong in (f"/{doc.spec.id}/", f"/{doc.spec.id}/{doc.text.sections[0].id}/"):
        page = tab.open(f"{wrong}#p{number}")
        page.wait_for_url(f"{tab.base_url}{right}#p{number}")
        expect(page.locator(f"#p{number}.para")).to_be_in_viewport()
    # Without scripts the page shows a link to the right section instead.
    bare = open_tab(java_script_enabled=False)
    page = bare.open(f"/{doc.spec.id}/#p{number}")
    link = page.locator(f"a.elsewhere#p{number}")
    expect(link).to_be_visible()
    expect(link).to_contain_text(last.title)
    assert link.get_attribute("href") == f"{last.id}/#p{number}"


def test_a_correction_shows_its_source_reading_on_focus_and_beside_the_text(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    number, mark = next((p.number, m) for p in doc.text.paragraphs for m in p.marks if m.kind != "join")
    path = f"/{doc.spec.id}/{doc.text.section_of(number).id}/"
    tab = open_tab()
    page = tab.open(path)
    correction = page.locator(f"#p{number} span.correction").first
    correction.focus()
    # Material links the tooltip it makes from the title once the element has focus.
    expect(correction).to_have_attribute("aria-describedby", re.compile(r".+"))
    tooltip = page.locator(f"#{correction.get_attribute('aria-describedby')}")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(mark.original.strip())
    # For touch (no hover, no focus ring): the same words stand beside the paragraph.
    phone = open_tab(**PHONE).open(path)
    expect(phone.locator(f"#p{number} ~ aside .correction-ref").first).to_contain_text(mark.original.strip())


def test_a_mention_shows_its_description_on_keyboard_focus(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    tab = open_tab()
    page = tab.open(f"/{doc.spec.id}/{doc.text.sections[0].id}/")
    mention = page.locator("p.para a.mention").first
    mention.focus()
    expect(mention).to_have_attribute("aria-describedby", re.compile(r".+"))
    expect(page.locator(f"#{mention.get_attribute('aria-describedby')}")).to_be_visible()


def test_a_question_is_marked_without_a_wavy_line_and_its_status_stands_beside_it(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    q = next(q for q in edition.questions if q.status == "answered")
    span = edition.anchors[("question", q.id)]
    tab = open_tab()
    page = tab.open(f"/{doc.spec.id}/{doc.text.section_of(span.paragraph).id}/")
    question = page.locator(f"#q-{q.id}")
    assert "wavy" not in question.evaluate("el => getComputedStyle(el).textDecorationStyle")
    ref = page.locator(f'.question-ref a[aria-describedby="q-{q.id}"]')
    expect(ref).to_have_text(re.compile(r"answered$"))
    expect(ref).to_have_class(re.compile(r"status-answered"))
    assert ref.evaluate("a => !a.closest('p.para')"), "the question's link stands outside the sentence"


def test_the_pilcrow_opens_a_panel_to_copy_the_link_and_cite_the_paragraph(open_tab: Callable[..., Tab], edition: Edition) -> None:
    doc = edition.documents[0]
    section = doc.text.sections[0]
    number = section.paragraphs[-1]
    tab = open_tab()
    tab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = tab.open(f"/{doc.spec.id}/{section.id}/")
    page.locator(f"#p{number} > a.pnum").click()
    panel = page.locator(f"#ppanel-p{number}")
    expect(panel).to_be_visible()
    expect(page.locator(f"#p{number} > a.pnum")).to_have_attribute("aria-expanded", "true")
    url = doc_url(SITE_URL, doc, section, number)
    expect(panel.locator("input")).to_have_value(url)
    panel.get_by_role("button", name="Copy link").click()
    expect(panel.locator("[role=status]")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    # Every format the citations module offers for a paragraph, CSL-JSON included.
    offered = list(citations.cite(edition, citations.paragraph(doc, number, SITE_URL)).formats().items())
    names = panel.locator("select option").all_inner_texts()
    assert names == [name for name, _ in offered] and "CSL-JSON" in names
    for i, (name, text) in enumerate(offered):
        panel.locator("select").select_option(str(i))
        assert panel.locator("pre").text_content() == text, name
    csl = json.loads(panel.locator("pre").text_content() or "")
    assert csl[0]["locator"] == str(number)
    panel.get_by_role("button", name="Copy citation").click()
    assert page.evaluate("navigator.clipboard.readText()") == offered[-1][1]
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    assert page.evaluate("document.activeElement.matches('a.pnum')")
    # The long list of every paragraph's citations under the section is gone.
    expect(page.get_by_text("Cite a single paragraph")).to_have_count(0)
    assert tab.problems() == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_each_note_has_its_own_cite_panel_and_a_reference_manager_imports_what_it_shows(
    open_tab: Callable[..., Tab], edition: Edition, width: str
) -> None:
    """What a citer copies from a note's panel (the DOM after the script, not the model) imports:
    pybtex reads the BibTeX, rispy the RIS, citeproc-py renders the CSL-JSON; each names the paper,
    the edition, its version and the note."""
    path, note_id, _ = first_note(edition)
    note = edition.note(note_id)
    info = edition.info
    assert info is not None
    tab = open_tab(**(PHONE if width == "phone" else {}))
    page = tab.open(path)
    details = page.locator(f"#note-{note_id}")
    details.locator("summary").click()
    link = details.locator("a.note-cite")
    expect(link).to_have_attribute("href", f"#note-{note_id}")
    link.click()
    panel = page.locator(f"#ppanel-note-{note_id}")
    expect(panel).to_be_visible()
    expect(panel.locator(".ppanel__title")).to_have_text(f"Note “{note.title}”")
    expect(panel.locator("input")).to_have_value(re.compile(re.escape(f"#note-{note_id}") + "$"))
    assert panel.evaluate("p => !p.closest('p.para')"), "the panel stands outside the author's paragraph"
    shown: dict[str, str] = {}
    for i, name in enumerate(panel.locator("select option").all_inner_texts()):
        panel.locator("select").select_option(str(i))
        shown[name] = panel.locator("pre").text_content() or ""
    assert set(shown) >= {"Chicago", "APA", "BibTeX", "RIS", "CSL-JSON"}
    title, version = edition.documents[0].spec.title, info.current.version
    for name, text in shown.items():
        # An in-text citation is short by design: author, dates and the note.
        facts = (note_id,) if "in-text" in name else (title, info.title, version, note_id)
        for fact in facts:
            assert fact in text, (name, fact, text)

    entry = next(iter(parse_string(shown["BibTeX"], "bibtex").entries.values()))
    assert entry.fields["version"] == version and entry.fields["url"].endswith(f"#note-{note_id}")
    (record,) = rispy.loads(shown["RIS"])
    assert record["secondary_title"] == info.title and f"Note {note_id}" in record["notes"][0]
    (item,) = json.loads(shown["CSL-JSON"])
    # Rendered from the pasted JSON alone by citeproc-py (with the edition's fixes of its CSL gaps).
    rendered = cslrender.render_directly(item, "chicago-notes-bibliography").citation
    assert rendered == shown["Chicago"].split("\n")[0] or rendered in shown["Chicago"]
    for fact in (f"n. {note_id}", info.title, f"version {version}"):
        assert fact in rendered, (fact, rendered)
    panel.locator("pre").focus()
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    assert page.evaluate("document.activeElement.matches('a.note-cite')"), "focus returns to the note's link"
    assert tab.problems() == []
