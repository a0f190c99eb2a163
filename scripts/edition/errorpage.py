"""The page ``make serve`` shows in place of every page while the inputs have problems.

An editor who saves a mistake looks at the browser, not at the terminal: this page gives each
problem as the terminal prints it (``path:line:col: message``, suggestion included), then in
plain words (file, line, column) with the lines of the file around the spot and a caret under
the column. It is one self-contained HTML string (inline style, no scripts, no theme assets: the
site it would borrow them from is the broken one); the server adds its live-reload script, so the
page turns back into the site by itself once the file is fixed. Pure: the caller passes a reader
for the files, so this module never touches disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from .problems import Problem, format_problems

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
        kind = problem.severity.capitalize()
        where = f"{escape(loc.path)}, line {loc.line}, column {loc.col}" if shown or loc.line > 1 else escape(loc.path)
        items.append(
            "<li>"
            f'<p class="where"><strong>{kind}</strong> in <code>{where}</code></p>'
            f'<p class="what">{escape(problem.message[:1].upper() + problem.message[1:])}</p>'
            + (f'<pre class="excerpt" aria-label="the file around line {loc.line}">{escape(shown)}</pre>' if shown else "")
            + "</li>"
        )
    heading = title(ordered)
    terminal = escape(format_problems(problems))
    name = f" — {escape(site_name)}" if site_name else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(heading)}{name}</title>
<style>
  body {{ font: 17px/1.5 Charter, "Bitstream Charter", Cambria, Georgia, "DejaVu Serif", serif; margin: 0;
         color: #1d2733; background: #fdfaf5; }}
  main {{ max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }}
  h1 {{ font-size: 1.6rem; color: #8a2d0c; margin: 0 0 .5rem; }}
  ol {{ padding-left: 1.4rem; }}
  li {{ margin: 1.2rem 0; }}
  .where, .what {{ margin: .2rem 0; }}
  .what {{ font-size: 1.1rem; }}
  code, pre {{ font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; }}
  pre {{ background: #fff; border: 1px solid #d8cfc2; border-left: 4px solid #b3541e; padding: .6rem .8rem;
        overflow-x: auto; white-space: pre; }}
  pre.terminal {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
  h2 {{ font-size: 1.1rem; margin-top: 2rem; }}
  @media (prefers-color-scheme: dark) {{
    body {{ color: #e3e6ea; background: #1e2329; }} h1 {{ color: #f0a274; }}
    pre {{ background: #14181d; border-color: #3a424c; border-left-color: #e08a55; }}
  }}
</style>
</head>
<body>
<main role="alert">
<h1>{escape(heading)}</h1>
<p>The site is not rebuilt until {"it is" if len(ordered) == 1 else "they are"} fixed. Fix the file and save it:
this page reloads by itself and shows the site again.</p>
<ol class="problems">
{"".join(items)}
</ol>
<h2>As the terminal prints it</h2>
<pre class="terminal">{terminal}</pre>
</main>
</body>
</html>
"""
