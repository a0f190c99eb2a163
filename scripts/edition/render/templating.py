"""Page skeletons as Jinja templates (``scripts/edition/templates/*.j2``), with explicit escaping.

The pages are Markdown, not HTML, so there is no autoescaping to guess the context: every value a
template prints names its context with a filter that calls ``edition.escape`` (``|md_inline``,
``|md_block``, ``|md_block_inline``, ``|html_text``, ``|html_attr``, ``|yaml_str``,
``|template_text``, ``|human_date``). A filter's result is marked ``Ready``; so are the Markdown
fragments Python builds (a woven paragraph, a cite box: ``ready(text)``) and what the ``dialect``
helpers return. The environment's ``finalize`` refuses to print anything else (a plain string, a
record), so a template that forgets to escape a value fails at once instead of writing markup it
did not mean. Numbers print as they are. ``StrictUndefined``: a misspelt name is an error too.

Python keeps what needs logic (weaving a paragraph, the funding table's cells); a template holds
the page's frame and its fixed prose. The templates are part of the generator, read from the
package like its code, never from the project being built.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import jinja2

from .. import escape as esc
from . import dialect
from .markup import human_date, indent, rel

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""Where the page templates live (``scripts/edition/templates``)."""


class Ready(str):
    """Text already written for the place it goes: escaped, or Markdown the generator built."""

    __slots__ = ()


def ready(text: str) -> Ready:
    """Mark text as already escaped or built for its place in the page."""
    return Ready(text)


def readying(fn: Callable[..., str]) -> Callable[..., Ready]:
    """``fn`` with its result marked ``Ready`` (for a helper a template may print directly)."""

    @wraps(fn)
    def wrapped(*args: Any, **kwargs: Any) -> Ready:
        return Ready(fn(*args, **kwargs))

    return wrapped


def _filter(name: str, fn: Callable[[str], str]) -> Callable[[object], Ready]:
    """An escaping filter: text in, ``Ready`` text out; an undefined name or a value that is not
    text (``None``, a record) is an error, not the string ``"None"`` in a page."""

    def escaping(value: object) -> Ready:
        if isinstance(value, jinja2.Undefined):
            str(value)  # StrictUndefined: raises UndefinedError naming the missing value
        if not isinstance(value, str):
            raise TypeError(f"|{name} takes text, not {value!r}")
        return Ready(fn(value))

    return escaping


def _finalize(value: object) -> object:
    """What ``{{ … }}`` may print: ``Ready`` text and numbers; anything else is a template bug."""
    if isinstance(value, Ready) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise TypeError(f"a template printed {value!r} without an escaping filter (md_inline, html_text, ...)")


class _Dialect:
    """``dialect`` for the templates: the same helpers, their results marked ``Ready``."""

    def __getattr__(self, name: str) -> Any:
        value = getattr(dialect, name)
        return readying(value) if callable(value) else Ready(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown is not HTML: each value names its escaping filter instead
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    filters: dict[str, Callable[..., str]] = {
        "md_inline": esc.md_inline,
        "md_block": esc.md_block,
        "md_block_inline": esc.md_block_inline,
        "html_text": esc.html_text,
        "html_attr": esc.html_attr,
        "yaml_str": esc.yaml_str,
        "template_text": esc.template_text,
        "human_date": human_date,
        "indent_md": indent,  # the pages' indent: blank lines stay empty (``markup.indent``)
    }
    env.filters.update({name: _filter(name, fn) for name, fn in filters.items()})
    env.globals.update(dialect=_Dialect(), rel=readying(rel))
    return env


ENV = _environment()


def render(name: str, **context: object) -> str:
    """Template ``name`` rendered with ``context``, as a plain string."""
    return str(ENV.get_template(name).render(**context))
