"""The Changes page: the releases of the editorial layer, newest first, from ``annotations/edition.yml``."""

from __future__ import annotations

from ..edition import Edition
from . import dialect
from .markup import escape, human_date, safe_markdown


def release_id(version: str) -> str:
    """The fragment of a release on the Changes page: ``0.2`` -> ``v0-2``."""
    return "v" + version.replace(".", "-")


def render_changes(edition: Edition) -> str:
    """The Changes page."""
    lines = ["# Changes", ""]
    info = edition.info
    if info is None:
        return "\n".join([*lines, "No releases are recorded.", ""])
    current = info.current
    lines += [
        f"This is version {escape(current.version)} of *{escape(info.title)}*, released on "
        f"{human_date(current.date)}. The paper's text never changes; the editorial layer around it "
        "does, and every citation names the version it was made from. Addresses do not change "
        "between versions: a link cited under an earlier version still leads to the same section, "
        "paragraph or note.",
        "",
    ]
    licence = f"[{escape(info.licence.name)}]({info.licence.url})" if info.licence.url else escape(info.licence.name)
    lines += [f"The editorial layer is published under {licence}; the paper's text keeps its own rights.", ""]
    for release in info.releases:
        lines += [dialect.heading(2, f"Version {escape(release.version)} · {human_date(release.date)}", release_id(release.version)), ""]
        lines += [f"- {safe_markdown(change).strip()}" for change in release.changes]
        lines.append("")
    return "\n".join(lines)
