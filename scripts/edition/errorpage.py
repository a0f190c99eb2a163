"""The page ``make serve`` shows in place of every page while the inputs have problems.

An editor who saves a mistake looks at the browser, not at the terminal: this page gives each
problem as the terminal prints it (``path:line:col: message``, suggestion included), then in
plain words (file, line, column) with the lines of the file around the spot and a caret under
the column. It is one self-contained HTML string (``templates/errorpage.html.j2``) (inline style, no scripts, no theme assets: the
site it would borrow them from is the broken one); the server adds its live-reload script, so the
page turns back into the site by itself once the file is fixed. Pure: the caller passes a reader
for the files, so this module never touches disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .problems import Problem, format_problems
from .render import templating

CONTEXT_LINES = 2
"""Lines of the file shown before and after the problem's line."""


def excerpt(text: str, line: int, col: int) -> str:
    """The lines around ``line`` (1-based), numbered, the problem's line marked ``>`` and a caret
    under ``col``; empty when the line is not in the text."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    width = len(str(last))
    out = []
    for number in range(first, last + 1):
        marker = ">" if number == line else " "
        # Tabs shown as a visible arrow: a tab is itself a common mistake, and would misplace the caret.
        shown = lines[number - 1].replace("\t", "→")
        out.append(f"{marker} {number:>{width}} | {shown}")
        if number == line:
            out.append(f"  {' ' * width} | {' ' * (max(col, 1) - 1)}^")
    return "\n".join(out)


_RANK = {"error": 0, "warning": 1, "note": 2}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def title(problems: Sequence[Problem]) -> str:
    """``2 errors and 1 warning to fix``."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    parts = [_plural(n, w) for n, w in ((errors, "error"), (warnings, "warning")) if n]
    return " and ".join(parts or ["a problem"]) + " to fix"


def render(problems: Sequence[Problem], read: Callable[[str], str | None], site_name: str = "") -> str:
    """The whole error page. ``read(path)`` returns a project file's text, or None if unreadable."""
    # Errors first, notes (what could not be checked because of them) last.
    ordered = sorted(problems, key=lambda p: (_RANK.get(p.severity, 1), p))
    items = []
    for problem in ordered:
        loc = problem.location
        text = read(loc.path) if problem.severity != "note" and (loc.line, loc.col) != (1, 1) else None
        shown = excerpt(text, loc.line, loc.col) if text is not None else ""
        items.append(
            {
                "kind": problem.severity.capitalize(),
                "path": loc.path,
                "located": bool(shown) or loc.line > 1,
                "line": loc.line,
                "col": loc.col,
                "what": problem.message[:1].upper() + problem.message[1:],
                "shown": shown,
            }
        )
    return templating.render(
        "errorpage.html.j2", heading=title(ordered), site_name=site_name, items=items, terminal=format_problems(problems)
    )
