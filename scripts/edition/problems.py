"""Problems: located messages that stages return instead of raising.

Every stage returns ``(result, problems)``; the orchestrator sorts and reports them in one place,
so an editor sees every mistake of a run at once, each as ``path:line:col: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """Where a value sits in an input file (1-based line and column, as editors count)."""

    path: str
    """File path relative to the project root, with forward slashes."""
    line: int = 1
    """1-based line number."""
    col: int = 1
    """1-based column number."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located and phrased for the editor who must fix it."""

    location: Location
    """Where the bad value is."""
    message: str
    """What is wrong, with the bad value echoed and a suggestion where one fits."""
    severity: str = "error"
    """``error`` stops the build; ``warning`` is reported (and fails ``--strict``); ``note`` tells
    what could not be checked because of an error (it comes only with errors)."""

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.location}: {prefix}{self.message}"


class Unrenderable(Exception):
    """Raised inside render or export for a value the schema accepts but a renderer cannot show
    (say, a name citeproc-py cannot format). The stage catches it and returns its problem with the
    rest, so the editor sees a located message, never a traceback."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class EditionError(Exception):
    """Raised by the orchestrator when a run produced errors; carries all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem]) -> str:
    """All problems, sorted by file, line and column, one per line, with a count at the end."""
    ordered = sorted(problems)
    lines = [str(p) for p in ordered]
    errors = sum(1 for p in ordered if p.severity == "error")
    warnings = sum(1 for p in ordered if p.severity == "warning")
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` suffix for the closest choice, or an empty string."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
