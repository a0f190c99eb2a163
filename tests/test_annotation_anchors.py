"""Annotations anchor on the real page: every TextQuoteSelector of ``annotations.jsonld`` matches.

For every annotation, prefix + exact + suffix of its TextQuoteSelector occur contiguously in the
text of the page its ``source`` names (whitespace squashed, as annotation clients compare), here in
the static HTML and in ``tests/browser/test_paper_text.py`` after scripts ran. A client such as
Hypothesis anchors an annotation only where this holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from papertext import body_text, quote_selectors

SITE_URL = "https://road-ahead.example.org/"


def page_file(site: Path, url: str) -> Path:
    path = urlsplit(url).path.strip("/")
    return site / path / "index.html"


def test_every_annotation_anchors_in_the_static_page(built_site: Path) -> None:
    annotations = json.loads((built_site / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    selectors = quote_selectors(annotations)
    assert len(selectors) == annotations["total"] > 100
    texts: dict[str, str] = {}
    missing = []
    for ident, url, whole in selectors:
        assert url.startswith(SITE_URL), url
        if url not in texts:
            texts[url] = body_text(page_file(built_site, url).read_text(encoding="utf-8"))
        if whole not in texts[url]:
            missing.append(f"{ident}: {whole!r} not on {url}")
    assert missing == [], f"{len(missing)} of {len(selectors)} annotations do not anchor:\n" + "\n".join(missing[:20])
