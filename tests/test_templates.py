"""Page skeletons as templates: every value they print is escaped on purpose, and nothing in the
generator is specific to this paper (its date, its publisher, its sources come from the inputs).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import jinja2
import pytest

from edition.edition import Edition
from edition.render import entities, indexes, paper, templating

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts" / "edition"


def test_every_template_compiles() -> None:
    names = templating.ENV.list_templates()
    assert "home.md.j2" in names and "intro/funding.md.j2" in names
    for name in names:
        templating.ENV.get_template(name)


def test_a_template_cannot_print_an_unescaped_value() -> None:
    with pytest.raises(TypeError, match="without an escaping filter"):
        templating.ENV.from_string("{{ name }}").render(name="<b>x</b>")
    assert templating.ENV.from_string("{{ name|md_inline }} {{ n }}").render(name="*x*", n=3) == "\\*x\\* 3"
    assert templating.ENV.from_string("{{ name|html_text }}").render(name="<b>") == "&lt;b&gt;"
    assert templating.ENV.from_string("{{ ready }}").render(ready=templating.ready("**built**")) == "**built**"


def test_a_misspelt_name_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        templating.ENV.from_string("{{ nmae|md_inline }}").render(name="x")


@pytest.mark.parametrize("words", ["September 2009", "Woodrow Wilson"])
def test_no_words_of_this_paper_in_the_generator(words: str) -> None:
    found = [
        f"{p.relative_to(SCRIPTS)}:{n}"
        for p in sorted(SCRIPTS.rglob("*"))
        if p.suffix in (".py", ".j2")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if words in line
    ]
    assert not found, f"{words!r} is this paper's, not the generator's: {found}"


def _redated(edition: Edition, date: str, publisher: str) -> Edition:
    doc = edition.documents[0]
    spec = doc.spec.model_copy(update={"date": date, "publisher": publisher})
    return dataclasses.replace(edition, documents=(dataclasses.replace(doc, spec=spec), *edition.documents[1:]))


def test_dates_and_rights_come_from_the_document(edition: Edition) -> None:
    other = _redated(edition, "2011-03", "Example Institute")
    actor = next(a for a in other.actors if a.role)
    pages = {
        "home": paper.render_home(other),
        "questions": indexes.render_questions(other),
        "actors": entities.render_index(other, "actors"),
        "actor": entities.render_entity(other, actor),
        "data": indexes.render_data(other, {}),
    }
    # (the records' own words may name September 2009; the generator's never do)
    assert "role in September 2009" not in pages["home"]
    assert "questions in September 2009" not in pages["questions"]
    assert "as of September 2009" not in pages["actors"]
    assert "In September 2009:" not in pages["actor"]
    assert "their role in March 2011" in pages["home"]
    assert "asks its questions in March 2011" in pages["questions"]
    assert "roles as of March 2011" in pages["actors"]
    assert "**In March 2011:**" in pages["actor"]
    assert re.search(r"© 2011 the author and Example Institute", pages["data"])
    assert "Woodrow Wilson" not in pages["data"]


def test_several_dates_are_a_span() -> None:
    from edition.render.markup import when_written

    assert when_written(["2009-09"]) == "in September 2009"
    assert when_written(["2011-03", "2009-09", "2009-09"], "As of") == "Between September 2009 and March 2011"
    assert when_written([]) == ""
