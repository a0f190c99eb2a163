"""Golden files: the split of the real paper, and the rendered Markdown of representative pages.

Regenerate after an intended change with ``make goldens`` (pytest --update-goldens) and review the
diff like any other change.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from edition.edition import Edition
from edition.pipeline import Output

GOLDEN = Path(__file__).parent / "golden"


def _compare(request: pytest.FixtureRequest, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-goldens"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}; run `make goldens`"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file; if intended, run `make goldens` and review the diff"


def test_split_golden(request: pytest.FixtureRequest, edition: Edition) -> None:
    doc = edition.document("arzt-2009").text
    model = {
        "front": [asdict(b) for b in doc.front if b.role != "separator"],
        "sections": [{"id": s.id, "title": s.title, "paragraphs": list(s.paragraphs)} for s in doc.sections],
        "paragraphs": [asdict(p) for p in doc.paragraphs],
        "footnotes": [asdict(f) for f in doc.footnotes],
    }
    _compare(request, "arzt-2009.split.json", json.dumps(model, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("page", ["arzt-2009/introduction.md", "arzt-2009/military-relations.md", "arzt-2009/index.md"])
def test_render_golden(request: pytest.FixtureRequest, output: Output, page: str) -> None:
    _compare(request, "pages/" + page, output.pages[page])
